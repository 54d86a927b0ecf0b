"""Reform indices: frameworks as data, results, lead agencies, remediation, analysis."""
