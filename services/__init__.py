"""Monthly public-service (TTHC) results per unit: import, indicators, ranking, targets."""
