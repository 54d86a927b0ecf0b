"""Exports: Word reports in the Decree 30/2020 format, spreadsheets and calendar files."""
