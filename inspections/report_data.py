"""Figures of the inspections slice that reports and spreadsheets read (the exports
slice): read-only, no permission check of their own (the report that shows them checks)."""

from __future__ import annotations

from sqlite_utils import Database

from core.units import unit_by_id
from inspections import followup, schedule, store


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


# --- the documents of an inspection round (KH, QĐ, TB, biên bản) ----------------------


def inspection_plan(db: Database, inspection_plan_id: int) -> dict | None:
    """One inspection plan (number, issue day, title, year, self_report_due), or None."""
    return store.inspection_plan_row(db, inspection_plan_id)


def inspection_plans(db: Database) -> list[dict]:
    return store.list_inspection_plans(db)


def plan_inspections(db: Database, inspection_plan_id: int, as_of: str | None = None) -> list[dict]:
    """The inspections of a plan that were not cancelled (by the end of `as_of`, an ISO day,
    when given: a plan dated 15/01 still lists a visit cancelled in December), by start, each
    with its team (each member with honorific, position and unit where recorded) and checklist."""

    def standing(r: dict) -> bool:
        if r["status"] != "cancelled":
            return True
        return bool(as_of and r.get("cancelled_at") and r["cancelled_at"][:10] > as_of)

    rows = [r for r in schedule.list_inspections(db) if r["plan_id"] == inspection_plan_id and standing(r)]
    return [inspection(db, r["id"]) for r in sorted(rows, key=lambda r: (r["starts_at"], r["id"]))]


def inspection(db: Database, inspection_id: int) -> dict:
    """One inspection with its unit (name and kind), team (with positions) and checklist."""
    row = schedule.get_inspection(db, inspection_id)
    profiles = store.inspector_profiles(db)
    row["team"] = [{**m, **_person(m, profiles.get(m["user_id"]))} for m in row["team"]]
    unit = unit_by_id(db, row["unit_id"]) or {}
    row["unit_kind"] = unit.get("kind")
    return row


def _person(member: dict, profile: dict | None) -> dict:
    profile = profile or {}
    return {
        "name": member.get("full_name") or member.get("username"),
        "honorific": profile.get("honorific") or "",
        "position": profile.get("position") or "",
        "work_unit": profile.get("work_unit") or "",
    }


def findings(db: Database, inspection_id: int) -> list[dict]:
    return followup.list_findings(db, inspection_id)


def recommendations(db: Database, inspection_id: int) -> list[dict]:
    return followup.list_recommendations(db, inspection_id)


def inspector_profiles(db: Database) -> dict[int, dict]:
    """What the round's documents print of each person, by user id: honorific, position, unit."""
    return store.inspector_profiles(db)
