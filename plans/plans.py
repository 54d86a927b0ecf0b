"""Plans and their themes: create, find the plan of a year, add themes."""

from __future__ import annotations

from sqlite_utils import Database

from core import audit
from core.errors import NotFound, ValidationError
from core.i18n import utc_now_iso
from core.permissions import User, require
from core.text import clean_line, nfc
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
    title = clean_line(title)
    if not title:
        raise ValidationError("error.plan_title_missing")
    if kind not in ("annual", "five_year"):
        raise ValidationError("error.plan_kind_unknown", kind=kind)
    if status not in store.PLAN_STATUSES:
        raise ValidationError("error.plan_status_unknown", status=status)
    if not 2000 <= int(year) <= 2100:
        raise ValidationError("error.plan_year_invalid", year=year)
    number = clean_line(number)
    if number and store.plan_by_number(db, number, int(year)):
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


def list_themes(db: Database, plan_id: int) -> list[dict]:
    return store.list_themes(db, plan_id)


def add_theme(
    db: Database, actor: User, plan_id: int, *, code: str, title: str, description: str = "", keywords: list[str] | None = None
) -> dict:
    require(actor, "plans.edit")
    get_plan(db, plan_id)
    code, title = clean_line(code), clean_line(title)
    if not code or not title:
        raise ValidationError("error.theme_incomplete")
    existing = store.list_themes(db, plan_id)
    if any(t["code"] == code for t in existing):
        raise ValidationError("error.theme_code_taken", code=code)
    row = {
        "plan_id": plan_id,
        "position": len(existing) + 1,
        "code": code,
        "title": title,
        "description": nfc(description).strip() or None,
        "keywords": [clean_line(k) for k in (keywords or []) if clean_line(k)],
    }
    with db.atomic():
        theme_id = store.insert_theme(db, row)
        audit.record(db, actor, "create", "themes", theme_id, None, row)
    return store.theme_row(db, theme_id)
