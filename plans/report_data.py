"""Figures of the plans slice that reports and spreadsheets read (the exports slice):
read-only, no permission check of their own (the report that shows them checks)."""

from __future__ import annotations

from sqlite_utils import Database

from plans import store


def activities_with_progress(db: Database, plan_id: int, until: str) -> list[dict]:
    """Every activity of a plan with its theme and lead unit, and the latest progress
    update on or before `until` (ISO date): progress_percent and progress_count."""
    return store.activities_with_progress(db, plan_id, until)


def activities_as_of(db: Database, plan_id: int, as_of: str) -> list[dict]:
    """Every activity of a plan as it stood at the end of `as_of` (ISO date): status, budget
    used, actual dates, the latest reason given (and its cause: objective/subjective) from the
    activity's dated history, and the latest progress update on or before that day. An
    activity with no history by then is not started with nothing spent."""
    return store.activities_as_of(db, plan_id, as_of)


def all_activities(db: Database) -> list[dict]:
    """Every activity with its plan, theme, lead unit and latest progress (the spreadsheet)."""
    return store.all_activities(db)


def plan_units(db: Database, plan_id: int) -> list[str]:
    """The units and unit groups leading or co-operating in a plan's activities (the
    co-operating units a report on the plan is sent to)."""
    return store.plan_units(db, plan_id)
