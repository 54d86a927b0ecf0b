"""The second step of a plan import: a preview written as one import batch in one
transaction (core.batches), into a new draft plan or, by choice, the year's plan already
there, with the units a reviewer chose for the unmatched names; and its undo."""

from __future__ import annotations

from sqlite_utils import Database

from core import batches, units
from core.errors import ValidationError
from core.permissions import User, require
from core.text import fold
from plans import activities, plans, store, unit_names
from plans.import_cells import norm
from plans.import_reader import review_note, unit_flags
from plans.themes import add_theme


def _theme_key(title: str) -> str:
    return norm(title)


def commit(
    db: Database,
    actor: User,
    preview: dict,
    *,
    unit_choices: dict[str, int | None] | None = None,
    skip_unmatched: bool = False,
    merge: bool = False,
    number: str = "",
    title: str = "",
) -> dict:
    """Write a preview as one import batch (core.batches): into a new draft plan for its year,
    or, only when `merge` is chosen, into the year's plan already there, its themes matched by
    title (never by position).

    Every unmatched unit name needs a choice in `unit_choices` (a unit id, or None to leave
    it out) unless `skip_unmatched`. Flagged rows are written with the good ones and marked
    "cần xem lại" with their reasons; a lead or coordinating name left without a unit is kept
    in that note. All or nothing: any refusal leaves the database as it was. Returns the plan,
    the counts and the ``batch`` number that undoes it."""
    require(actor, "plans.edit")
    choices = dict(unit_choices or {})
    missing = [n for n in preview["unmatched_units"] if n not in choices]
    if missing and not skip_unmatched:
        raise ValidationError("error.import_units_unmatched", names="; ".join(missing))
    year = preview["year"]
    existing_plan = store.annual_plan_for(db, year)
    if existing_plan and not merge:
        raise ValidationError(
            "error.import_plan_exists", year=year, plan=existing_plan["number"] or existing_plan["title"]
        )
    groups = preview.get("unit_groups", {})
    flagged = 0
    with db.atomic():
        batch = batches.begin(
            db, actor, slice_name="plans", permission="plans.edit", file_name=preview.get("file_name", "")
        )
        plan = existing_plan
        if plan is None:
            plan = plans.create_plan(
                db,
                actor,
                year=year,
                number=number,
                title=title or f"Kế hoạch thông tin, tuyên truyền cải cách hành chính năm {year}",
            )
            batches.added(db, batch, "plans", {"id": plan["id"]})
        themes_there = store.list_themes(db, plan["id"])
        by_title = {_theme_key(th["title"]): th for th in themes_there}
        codes = {th["code"] for th in themes_there}
        theme_ids, added_themes = {}, 0
        for theme in preview["themes"]:
            found = by_title.get(_theme_key(theme["title"]))
            if found is None:
                code = theme["code"] if theme["code"] not in codes else _free_code(codes)
                found = add_theme(db, actor, plan["id"], code=code, title=theme["title"])
                batches.added(db, batch, "themes", {"id": found["id"]})
                by_title[_theme_key(theme["title"])] = found
                codes.add(code)
                added_themes += 1
            theme_ids[theme["code"]] = found["id"]
        titles = {(a["theme_id"], fold(a["title"])) for a in store.list_activities(db, plan["id"])}
        errors = []
        for item in preview["activities"]:
            theme_id = theme_ids.get(item["theme_code"])
            if (theme_id, fold(item["title"])) in titles:
                errors.append({"key": "error.import_exists", "params": {"stt": item["stt"], "title": item["title"]}})
                continue
            lead = item["lead_unit_id"] or (choices.get(item["lead_name"]) if item["lead_name"] else None)
            coordinating = {unit or choices.get(name) for name, unit in item["coordinating"]} - {None, lead}
            lead_group = groups.get(item["lead_name"]) if lead is None else None
            group_ids = sorted(
                {
                    groups[n]
                    for n, unit in item["coordinating"]
                    if unit is None and choices.get(n) is None and n in groups
                }
            )
            flags = [f for f in item["flags"] if not f.get("unit")] + unit_flags(item, groups, choices)
            flagged += bool(flags)
            created = activities.create_activity(
                db,
                actor,
                plan["id"],
                theme_id=theme_id,
                title=item["title"],
                description=item["description"],
                lead_unit_id=lead,
                coordinating_unit_ids=sorted(coordinating),
                lead_group_id=lead_group,
                coordinating_group_ids=group_ids,
                period_kind=item["period_kind"],
                recurrence=item["recurrence"],
                planned_start=item["planned_start"],
                planned_end=item["planned_end"],
                deadline=item["deadline"],
                output=item["output"],
                target=item["target"],
                target_unit=item["target_unit"],
                budget=item["budget"],
                review_note=review_note(flags),
            )
            batches.added(db, batch, "activities", {"id": created["id"]})
        if errors:
            raise ValidationError("error.import_invalid", errors=errors)
        read = [item["lead_name"] for item in preview["activities"] if item["lead_unit_id"]]
        read += [name for item in preview["activities"] for name, unit in item["coordinating"] if unit]
        units.note_aliases_used(db, batch, read)
        unit_names.remember_choices(db, actor, choices, batch)  # the next file reads these names by itself
        counts = {"themes": added_themes, "activities": len(preview["activities"]), "flagged": flagged}
        batches.finish(db, batch, {**counts, "plan": plan["id"], "merged": existing_plan is not None})
    return {
        "plan": plans.get_plan(db, plan["id"]),
        "batch": batch,
        "merged": existing_plan is not None,
        **counts,
        "unmatched_units": missing,
    }


def _free_code(codes: set[str]) -> str:
    n = len(codes) + 1
    while f"ND{n}" in codes:
        n += 1
    return f"ND{n}"


def undo(db: Database, actor: User, batch_id: int) -> dict:
    """Take a plan import back whole (core.batches.undo): its activities, themes and the plan
    it made go; refused, naming the record, when any was changed or added to since."""
    return batches.undo(db, actor, batch_id, slice_name="plans")


def past_imports(db: Database, user: User, limit: int = 20) -> list[dict]:
    """The plan imports, newest first, for the import page's list."""
    return batches.list_batches(db, user, "plans", limit)

