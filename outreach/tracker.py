"""Who has answered what: per request and unit one of five states, each unit's on-time
rate, and everything a unit still owes.

The state of a (request, unit) on a day is read from the unit's latest answer:
- not_due: nothing yet and the deadline has not passed;
- on_time / late: answered on or before the deadline, or `days` days after it;
- overdue: nothing and the deadline passed `days` days ago;
- returned: the latest answer was sent back (with the office's comment): it owes a revision.
An answer in review still counts as answered; only a returned one re-opens the debt."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from core.i18n import today_local
from core.permissions import User
from outreach import access, store

STATES = ("not_due", "on_time", "late", "overdue", "returned")
OWING = ("not_due", "overdue", "returned")  # states in which a unit still owes an answer


def state_of(due_on: str, answers: list[dict], on: date) -> dict:
    """The state of one (request, unit) on day `on`, from its answers (oldest first)."""
    due = date.fromisoformat(due_on)
    answered = [a for a in answers if a["submitted_on"] <= on.isoformat()]
    latest = answered[-1] if answered else None
    if latest is None:
        if on <= due:
            return {"state": "not_due", "days": (due - on).days}
        return {"state": "overdue", "days": (on - due).days}
    if latest["status"] == "returned":
        return {"state": "returned", "days": max((on - due).days, 0), "comment": latest["review_comment"]}
    day = date.fromisoformat(latest["submitted_on"])
    if day <= due:
        return {"state": "on_time", "days": 0, "submission_id": latest["id"], "status": latest["status"]}
    return {"state": "late", "days": (day - due).days, "submission_id": latest["id"], "status": latest["status"]}


def _answers_by_pair(db: Database) -> dict[tuple[int, int], list[dict]]:
    found: dict[tuple[int, int], list[dict]] = {}
    for row in store.all_submissions(db):
        found.setdefault((row["request_id"], row["unit_id"]), []).append(row)
    return found


def rows(db: Database, on: date, *, status: str = "open", unit_id: int | None = None) -> list[dict]:
    """Every (request, unit) of the requests with `status`, with its state on `on`. No
    permission check: callers are the slice's own checked functions and its report_data."""
    answers = _answers_by_pair(db)
    out = []
    for pair in store.request_unit_pairs(db, status):
        if unit_id is not None and pair["unit_id"] != unit_id:
            continue
        found = answers.get((pair["request_id"], pair["unit_id"]), [])
        out.append({**pair, **state_of(pair["due_on"], found, on)})
    return out


def tracker(db: Database, user: User, on: date | None = None, request_id: int | None = None) -> list[dict]:
    """The tracker as `user` may see it: every unit for the office, its own for a liaison."""
    unit_id = access.scope(db, user)
    found = rows(db, on or today_local(), unit_id=unit_id)
    return [r for r in found if request_id is None or r["request_id"] == request_id]


def owed_by(db: Database, user: User, unit_id: int, on: date | None = None) -> list[dict]:
    """Everything a unit still owes on `on` (its open requests not answered, or returned)."""
    access.require_unit(db, user, unit_id)
    return [r for r in rows(db, on or today_local(), unit_id=unit_id) if r["state"] in OWING]


def on_time_rates(db: Database, user: User, start: date, end: date, on: date | None = None) -> list[dict]:
    """Each unit's record for requests due from `start` to `end` (open or closed): how many
    were due by `on`, how many answered on time, and the rate (None when none was due)."""
    unit_id = access.scope(db, user)
    on = on or today_local()
    counts: dict[int, dict] = {}
    for row in rows(db, on, status="open", unit_id=unit_id) + rows(db, on, status="closed", unit_id=unit_id):
        if not start.isoformat() <= row["due_on"] <= end.isoformat() or row["state"] == "not_due":
            continue
        entry = counts.setdefault(
            row["unit_id"], {"unit_id": row["unit_id"], "unit_name": row["unit_name"], "due": 0, "on_time": 0}
        )
        entry["due"] += 1
        entry["on_time"] += row["state"] == "on_time"
    for entry in counts.values():
        entry["rate"] = entry["on_time"] / entry["due"] if entry["due"] else None
    return sorted(counts.values(), key=lambda e: (-(e["rate"] or 0), e["unit_name"]))
