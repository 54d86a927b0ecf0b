"""Figures of the plans slice that reports and spreadsheets read (the exports slice):
read-only, no permission check of their own (the report that shows them checks)."""

from __future__ import annotations

from sqlite_utils import Database

from plans import store


def activities_with_progress(db: Database, plan_id: int, until: str) -> list[dict]:
    """Every activity of a plan with its theme and lead unit, and the latest progress
    update on or before `until` (ISO date): progress_percent and progress_count."""
    return store.activities_with_progress(db, plan_id, until)


def all_activities(db: Database) -> list[dict]:
    """Every activity with its plan, theme, lead unit and latest progress (the spreadsheet)."""
    return store.all_activities(db)
