"""Plans: create one, find the plan of a year, move its status, list them."""

from __future__ import annotations

from sqlite_utils import Database

from core import audit, units
from core.errors import NotFound, ValidationError
from core.i18n import utc_now_iso
from core.permissions import User, require
from core.text import clean_line, visible_line
from plans import store


def get_plan(db: Database, plan_id: int) -> dict:
    row = store.plan_row(db, plan_id)
    if row is None:
        raise NotFound("error.plan_not_found", plan=plan_id)
    return row


def annual_plan_for(db: Database, year: int) -> dict | None:
    return store.annual_plan_for(db, year)


def create_plan(
    db: Database,
    actor: User,
    *,
    year: int,
    title: str,
    kind: str = "annual",
    number: str = "",
    issued_on: str | None = None,
    issuer: str = "",
    status: str = "draft",
    end_year: int | None = None,
    parent_id: int | None = None,
) -> dict:
    require(actor, "plans.edit")
    title = visible_line(title)
    if not title:
        raise ValidationError("error.plan_title_missing")
    if kind not in ("annual", "five_year"):
        raise ValidationError("error.plan_kind_unknown", kind=kind)
    if status not in store.PLAN_STATUSES:
        raise ValidationError("error.plan_status_unknown", status=status)
    if not 2000 <= int(year) <= 2100:
        raise ValidationError("error.plan_year_invalid", year=year)
    number = clean_line(number)
    if number and store.plan_by_number(db, int(year), number):
        raise ValidationError("error.plan_number_taken", number=number, year=year)
    row = {
        "year": int(year),
        "end_year": int(end_year) if end_year else int(year),
        "kind": kind,
        "number": number or None,
        "issued_on": issued_on,
        "issuer": clean_line(issuer) or None,
        "title": title,
        "status": status,
        "parent_id": parent_id,
        "created_at": utc_now_iso(),
    }
    with db.atomic():
        plan_id = store.insert_plan(db, row)
        audit.record(db, actor, "create", "plans", plan_id, None, row)
    return store.plan_row(db, plan_id)


# Which status a plan may move to from each status (a closed plan can be reopened).
STATUS_MOVES = {"draft": {"in_force"}, "in_force": {"closed", "draft"}, "closed": {"in_force"}}


def set_plan_status(db: Database, actor: User, plan_id: int, status: str) -> dict:
    """Move a plan to draft, in force or closed, along the allowed moves only."""
    require(actor, "plans.edit")
    before = get_plan(db, plan_id)
    if status not in store.PLAN_STATUSES:
        raise ValidationError("error.plan_status_unknown", status=status)
    if status == before["status"]:
        return before
    if status not in STATUS_MOVES[before["status"]]:
        raise ValidationError("error.plan_status_move", old=before["status"], new=status)
    with db.atomic():
        store.update_plan(db, plan_id, {"status": status})
        audit.record(db, actor, "update", "plans", plan_id, before, {**before, "status": status})
    return get_plan(db, plan_id)


def annual_plans(db: Database) -> list[dict]:
    """Every annual plan, newest year first (other slices offer their themes for choice)."""
    return [p for p in store.list_plans(db) if p["kind"] == "annual"]


def list_plans(db: Database, user: User) -> list[dict]:
    """Every plan, newest year first."""
    require(user, "plans.view")
    return store.list_plans(db)


def units_for_year(db: Database, year: int) -> list[dict]:
    """Units that existed at some time during `year` (a 2021 plan names 2021's units)."""
    first, last = f"{int(year)}-01-01", f"{int(year)}-12-31"
    return sorted(
        (
            u
            for u in units.list_units(db)
            if (not u["valid_from"] or u["valid_from"] <= last) and (not u["valid_to"] or u["valid_to"] >= first)
        ),
        key=lambda u: u["name"],
    )
