"""Plans and their themes: create, find the plan of a year, add themes."""

from __future__ import annotations

from sqlite_utils import Database

from core import audit, units
from core import store as core_store
from core.errors import NotFound, ValidationError
from core.i18n import utc_now_iso
from core.permissions import User, require
from core.text import clean_line, nfc, visible_line
from plans import rules, store


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
    db: Database,
    actor: User,
    plan_id: int,
    *,
    code: str,
    title: str,
    description: str = "",
    keywords: list[str] | None = None,
) -> dict:
    require(actor, "plans.edit")
    get_plan(db, plan_id)
    code, title = clean_line(code), visible_line(title)
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


def update_theme(db: Database, actor: User, theme_id: int, **changes) -> dict:
    """Change a theme's title, description or keywords (the media tagger reads the keywords)."""
    require(actor, "plans.edit")
    before = store.theme_row(db, theme_id)
    if before is None:
        raise NotFound("error.theme_not_found", theme=theme_id)
    row = {}
    if "title" in changes:
        row["title"] = visible_line(changes["title"])
        if not row["title"]:
            raise ValidationError("error.theme_incomplete")
    if "description" in changes:
        row["description"] = nfc(changes["description"] or "").strip() or None
    if "keywords" in changes:
        row["keywords"] = [clean_line(k) for k in changes["keywords"] or [] if clean_line(k)]
    with db.atomic():
        store.update_theme(db, theme_id, row)
        audit.record(db, actor, "update", "themes", theme_id, before, {**before, **row})
    return store.theme_row(db, theme_id)


def list_channels(db: Database, active_only: bool = True) -> list[dict]:
    return store.list_channels(db, active_only=active_only)


def add_channel(db: Database, actor: User, *, code: str, name_vi: str, name_en: str = "") -> dict:
    """Extend the list of channels (hình thức); administrators only."""
    require(actor, "plans.channels")
    code, name_vi = clean_line(code).lower(), clean_line(name_vi)
    if not code or not name_vi:
        raise ValidationError("error.channel_incomplete")
    if store.channel_by_code(db, code):
        raise ValidationError("error.channel_code_taken", code=code)
    row = {
        "code": code,
        "name_vi": name_vi,
        "name_en": clean_line(name_en) or None,
        "position": store.next_channel_position(db),
        "active": 1,
    }
    with db.atomic():
        channel_id = store.insert_channel(db, row)
        audit.record(db, actor, "create", "channels", channel_id, None, row)
    return store.channel_by_code(db, code)


def _successor_ids(db: Database, unit_id: int | None, day: str) -> list[int]:
    unit = core_store.unit_row(db, unit_id) if unit_id else None
    if unit is None:
        return []
    return [u["id"] for u in units.current_successors(db, unit["code"], day)]


def copy_forward(
    db: Database, actor: User, plan_id: int, year: int, *, number: str = "", title: str = "", include_all: bool = False
) -> dict:
    """A draft plan for `year` with the source plan's themes and its recurring activities
    (monthly, quarterly or whole-year; all activities when `include_all`), dates shifted by
    the difference in years, status reset, no progress. Units that no longer exist are
    replaced by their single successor; activities left without a lead unit are listed."""
    require(actor, "plans.edit")
    source = get_plan(db, plan_id)
    shift = int(year) - source["year"]
    if shift <= 0:
        raise ValidationError("error.copy_year_not_later", year=year, source=source["year"])
    if store.annual_plan_for(db, int(year)) is not None and source["kind"] == "annual":
        raise ValidationError("error.copy_year_has_plan", year=year)
    from plans import activities  # activities imports this module

    new_title = title or source["title"].replace(str(source["year"]), str(year))
    first_day = f"{int(year)}-01-01"
    review: list[int] = []
    with db.atomic():
        plan = create_plan(
            db,
            actor,
            year=int(year),
            title=new_title,
            kind=source["kind"],
            number=number,
            issuer=source["issuer"] or "",
            status="draft",
            parent_id=source["parent_id"],
            end_year=(source["end_year"] or source["year"]) + shift,
        )
        theme_map = {}
        for theme in store.list_themes(db, plan_id):
            theme_map[theme["id"]] = add_theme(
                db,
                actor,
                plan["id"],
                code=theme["code"],
                title=theme["title"],
                description=theme["description"] or "",
                keywords=theme["keywords"],
            )["id"]
        copied = 0
        for act in store.list_activities(db, plan_id):
            if not include_all and act["recurrence"] == "none" and act["period_kind"] != "year":
                continue
            links = store.activity_links(db, act["id"])
            lead = _successor_ids(db, act["lead_unit_id"], first_day)
            coordinating = sorted({i for u in links["coordinating_unit_ids"] for i in _successor_ids(db, u, first_day)})
            created = activities.create_activity(
                db,
                actor,
                plan["id"],
                theme_id=theme_map.get(act["theme_id"]),
                title=act["title"],
                description=act["description"],
                lead_unit_id=lead[0] if len(lead) == 1 else None,
                coordinating_unit_ids=coordinating,
                channel_ids=links["channel_ids"],
                period_kind=act["period_kind"],
                recurrence=act["recurrence"],
                planned_start=rules.shift_year(act["planned_start"], shift),
                planned_end=rules.shift_year(act["planned_end"], shift),
                deadline=rules.shift_year(act["deadline"], shift),
                output=act["output"],
                target=act["target"],
                target_unit=act["target_unit"],
                budget=act["budget"],
                expected_effect=act["expected_effect"],
            )
            if act["lead_unit_id"] and len(lead) != 1:
                review.append(created["id"])
            copied += 1
    return {
        "plan": get_plan(db, plan["id"]),
        "themes": len(theme_map),
        "activities": copied,
        "lead_unit_review": review,
    }


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
