"""Rollover: next year's plan made from this year's (copy forward)."""

from __future__ import annotations

from sqlite_utils import Database

from core.errors import ValidationError
from core.permissions import User, require
from core.units import current_successors, unit_by_id
from plans import activities, plans, rules, store, themes


def _successor_ids(db: Database, unit_id: int | None, day: str) -> list[int]:
    unit = unit_by_id(db, unit_id) if unit_id else None
    if unit is None:
        return []
    return [u["id"] for u in current_successors(db, unit["code"], day)]


def copy_forward(
    db: Database,
    actor: User,
    plan_id: int,
    year: int,
    *,
    number: str = "",
    issued_on: str | None = None,
    title: str = "",
    include_all: bool = False,
) -> dict:
    """A draft plan for `year` with the source plan's themes and its recurring activities
    (monthly, quarterly or whole-year; all activities when `include_all`), dates shifted by
    the difference in years, status reset, no progress. Units that no longer exist are
    replaced by their single successor; activities left without a lead unit are listed."""
    require(actor, "plans.edit")
    source = plans.get_plan(db, plan_id)
    shift = int(year) - source["year"]
    if shift <= 0:
        raise ValidationError("error.copy_year_not_later", year=year, source=source["year"])
    if store.annual_plan_for(db, int(year)) is not None and source["kind"] == "annual":
        raise ValidationError("error.copy_year_has_plan", year=year)
    new_title = title or source["title"].replace(str(source["year"]), str(year))
    first_day = f"{int(year)}-01-01"
    review: list[int] = []
    with db.atomic():
        plan = plans.create_plan(
            db,
            actor,
            year=int(year),
            title=new_title,
            kind=source["kind"],
            number=number,
            issued_on=issued_on,
            issuer=source["issuer"] or "",
            status="draft",
            parent_id=source["parent_id"],
            end_year=(source["end_year"] or source["year"]) + shift,
        )
        theme_map = {}
        for theme in store.list_themes(db, plan_id):
            theme_map[theme["id"]] = themes.add_theme(
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
        "plan": plans.get_plan(db, plan["id"]),
        "themes": len(theme_map),
        "activities": copied,
        "lead_unit_review": review,
    }
