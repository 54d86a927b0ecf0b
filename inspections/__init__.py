"""Inspections: schedule, teams, checklists, findings, follow-up and calendar feeds."""
