"""Figures of the inspections slice that reports and spreadsheets read (the exports
slice): read-only, no permission check of their own (the report that shows them checks)."""

from __future__ import annotations

from sqlite_utils import Database

from inspections import store


def inspections_between(db: Database, utc_from: str, utc_to: str, as_of: str | None = None) -> list[dict]:
    """Inspections starting in [utc_from, utc_to) with their unit and counts of findings and
    recommendations, as they stood at the end of `as_of` (ISO day; default the window's last
    day): done only once ended, recommendations closed only if closed by then, the conclusion
    notice's number only once issued."""
    return store.inspections_between(db, utc_from, utc_to, as_of)


def findings_by_area(db: Database, utc_from: str, utc_to: str) -> list[dict]:
    """Findings of inspections starting in the window, counted per content area and kind."""
    return store.findings_by_area(db, utc_from, utc_to)


def recommendations_between(db: Database, utc_from: str, utc_to: str, as_of: str | None = None) -> list[dict]:
    """Recommendations of inspections starting in the window, with units and remedy reports,
    as they stood at the end of `as_of` (default the window's last day): status, closing date
    and remedy report only if they had happened by then."""
    return store.recommendations_between(db, utc_from, utc_to, as_of)


def overdue_recommendations_by_unit(db: Database, as_of: str) -> list[dict]:
    """Recommendations still open at the end of `as_of` and past their deadline, counted per
    responsible unit (closed later counts as open then)."""
    return store.overdue_recommendations_by_unit(db, as_of)


def all_inspections(db: Database) -> list[dict]:
    return store.all_inspections(db)


def all_recommendations(db: Database) -> list[dict]:
    return store.all_recommendations(db)
