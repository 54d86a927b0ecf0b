"""What other slices may read from outreach (the exports slice's reminder letter): the
units late with an answer on a day, what each owes, and the new deadline the rules give.
Read-only, no permission check of its own (the document that shows it checks)."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from core.i18n import t
from outreach import rules, tracker

LATE = ("overdue", "returned")


def late_units(db: Database, on: date, lang: str = "vi") -> list[dict]:
    """Each unit with an open request past its deadline and no accepted answer (nothing
    sent, or an answer returned), by name: {unit_id, unit_name, items: [{title, kind,
    kind_label, due_on, days, state}]}."""
    units: dict[int, dict] = {}
    for row in tracker.rows(db, on):
        if row["state"] not in LATE or row["due_on"] >= on.isoformat():
            continue
        entry = units.setdefault(
            row["unit_id"], {"unit_id": row["unit_id"], "unit_name": row["unit_name"], "items": []}
        )
        entry["items"].append(
            {
                "title": row["title"],
                "kind": row["kind"],
                "kind_label": t(f"outreach.kind.{row['kind']}", lang),
                "due_on": row["due_on"],
                "days": (on - date.fromisoformat(row["due_on"])).days,
                "state": row["state"],
            }
        )
    return sorted(units.values(), key=lambda u: u["unit_name"])


def new_deadline(db: Database, on: date) -> date:
    """The deadline a reminder letter gives: `rules.LETTER_WORKING_DAYS` working days after `on`."""
    return rules.add_working_days(db, on, rules.LETTER_WORKING_DAYS)
