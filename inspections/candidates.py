"""Risk-based choice of whom to inspect: units other slices flag (through the hook
"inspections.candidates", e.g. services' units below target two months running), with
the reasons the inspector is told, and whether the unit already has an inspection this
year. Inspections never imports the slices that provide the hook."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from core.permissions import User, require
from core.slices import provided
from inspections import schedule

HOOK = "inspections.candidates"


def suggestions(db: Database, user: User, on_date: date) -> list[dict]:
    """Units suggested for inspection on `on_date`, each with `unit_id`, `name`, `code`,
    `reason_vi`, `reason_en` and `inspected_this_year` (an inspection of the unit already
    starts in `on_date`'s year). Units not yet inspected come first."""
    require(user, "inspections.edit")
    planned = {r["unit_id"] for r in schedule.list_inspections(db, year=on_date.year)}
    found, seen = [], set()
    for provider in provided(HOOK):
        for candidate in provider(db, on_date):
            if candidate["unit_id"] in seen:
                continue
            seen.add(candidate["unit_id"])
            found.append({**candidate, "inspected_this_year": candidate["unit_id"] in planned})
    return sorted(found, key=lambda c: c["inspected_this_year"])


def reason(candidate: dict, lang: str) -> str:
    """The reason shown to the inspector, in the reader's language."""
    return candidate.get(f"reason_{lang}") or candidate.get("reason_vi", "")
