"""From lost points to remedies: remedial tasks created as activities of a year's
plan, tagged with the node that lost points, and the view of one lead agency.

Remedial tasks are ordinary plan activities, created and read through the plans
slice's public functions (plans.activities, plans.plans), so the plan, its reports
and its progress tracking see them like any other activity."""

from __future__ import annotations

import json
from datetime import date

from sqlite_utils import Database

from core import audit
from core import units as core_units
from core.dates import iso_date
from core.errors import NotFound, ValidationError
from core.i18n import today_local, utc_now_iso
from core.permissions import User, require
from core.slices import provided
from core.text import clean_line, fold, nfc
from indices import store
from indices.frameworks import get_node
from indices.leads import leads_on
from indices.views import build_view, latest_city_results
from plans import activities, plans, themes

DONE = "done"


# --- remedial tasks ----------------------------------------------------------


def _latest_loss(db: Database, node: dict) -> tuple[dict, dict] | None:
    """The most recent result of the node's framework in which the node lost points."""
    results = [r for r in store.list_results(db) if r["framework_id"] == node["framework_id"]]
    for result in sorted(results, key=lambda r: r["year"], reverse=True):
        view = build_view(db, result)
        row = next(r for r in view["rows"] if r["node_id"] == node["id"])
        if row["lost"] is not None and row["lost"] > 0:
            return view, row
    return None


INDEX_TERMS = ("par index", "chi so cchc", "sipas", "papi", "pci", "chi so")


def index_theme(db: Database, plan_id: int) -> int | None:
    """The plan's theme about reform indices (the one whose title and keywords name them
    most often), where remedial tasks go unless another theme is chosen."""
    best, best_score = None, 0
    for theme in themes.list_themes(db, plan_id):
        text = fold(" ".join([theme["title"], *theme["keywords"]]))
        score = sum(text.count(term) for term in INDEX_TERMS)
        if score > best_score:
            best, best_score = theme["id"], score
    return best


def _checked_task(title: str, expected_effect: str, deadline) -> str:
    """A remedial task's title, expected effect and deadline are all required; returns the
    deadline as YYYY-MM-DD."""
    if not clean_line(title):
        raise ValidationError("error.activity_title_missing")
    if not nfc(expected_effect).strip():
        raise ValidationError("indices.error.remedy_effect_missing")
    deadline = iso_date(deadline, "deadline")
    if deadline is None:
        raise ValidationError("indices.error.remedy_deadline_missing")
    return deadline


def _annual_plan(db: Database, year: int | None) -> dict:
    """The annual plan of `year` (default: this year) that remedial tasks go into."""
    year = int(year or today_local().year)
    plan = plans.annual_plan_for(db, year)
    if plan is None:
        raise ValidationError("indices.error.no_plan_for_year", year=year)
    return plan


def create_remedy(
    db: Database,
    actor: User,
    node_id: int,
    *,
    title: str,
    deadline,
    expected_effect: str,
    year: int | None = None,
    lead_unit_id: int | None = None,
    theme_id: int | None = None,
    description: str = "",
) -> dict:
    """Create a remedial task for a node that lost points, as an activity of `year`'s
    annual plan (default: this year), led by the node's lead agency unless another
    unit is given, under the plan's index theme unless another is given. Refuses when
    that year has no plan: staff create the plan first."""
    require(actor, "indices.edit")
    require(actor, "plans.edit")
    node = get_node(db, node_id)
    deadline = _checked_task(title, expected_effect, deadline)
    if _latest_loss(db, node) is None:
        raise ValidationError("indices.error.node_lost_nothing", code=node["code"])
    plan = _annual_plan(db, year)
    if lead_unit_id is None:
        lead = leads_on(db, [node_id], deadline)[node_id] or leads_on(db, [node_id], today_local())[node_id]
        if lead is None:
            raise ValidationError("indices.error.no_lead", code=node["code"])
        lead_unit_id = lead["unit_id"]
    if theme_id is None:
        theme_id = index_theme(db, plan["id"])
    return activities.create_activity(
        db,
        actor,
        plan["id"],
        theme_id=theme_id,
        title=title,
        description=description or None,
        lead_unit_id=lead_unit_id,
        deadline=deadline,
        index_node_id=node_id,
        expected_effect=expected_effect,
    )


def remedy_rows(db: Database, activity_rows: list[dict]) -> list[dict]:
    """Plan activities tagged with an index node, with their node, index and lead unit."""
    out = []
    for a in activity_rows:
        node = store.node_row(db, a["index_node_id"])
        framework = store.framework_row(db, node["framework_id"]) if node else None
        index = store.index_row(db, framework["index_id"]) if framework else None
        unit = core_units.unit_by_id(db, a["lead_unit_id"]) if a["lead_unit_id"] else None
        out.append(
            {
                **a,
                "node_code": node["code"] if node else None,
                "node_name_vi": node["name_vi"] if node else None,
                "node_name_en": node["name_en"] if node else None,
                "index_id": index["id"] if index else None,
                "index_code": index["code"] if index else None,
                "lead_name": unit["name"] if unit else None,
                "done": a["status"] == DONE,
            }
        )
    return out


def list_remedies(db: Database, user: User, node_ids: list[int] | None = None) -> list[dict]:
    """Remedial tasks (plan activities tagged with an index node) with their node and index."""
    require(user, "indices.view")
    return remedy_rows(db, activities.index_node_activities(db, node_ids))


def remedy_counts(db: Database, user: User, node_ids: list[int]) -> dict[int, int]:
    """node_id -> how many remedial tasks answer it (nodes without any are left out)."""
    require(user, "indices.view")
    counts: dict[int, int] = {}
    for a in activities.index_node_activities(db, node_ids):
        counts[a["index_node_id"]] = counts.get(a["index_node_id"], 0) + 1
    return counts


def agency_view(db: Database, user: User, unit_id: int, on: str | date | None = None, year: int | None = None) -> dict:
    """What one lead agency answers for on `on` (default today): the nodes it leads that
    lost points in each index's latest result, its remedial tasks with their status, and
    the tasks it was given as a unit flagged by another slice (`unit_remedies`)."""
    require(user, "indices.view")
    unit = core_units.unit_by_id(db, unit_id)
    if unit is None:
        raise NotFound("error.unit_not_found", code=unit_id)
    on = (on.isoformat() if isinstance(on, date) else on) or today_local().isoformat()
    losses = []
    for view in latest_city_results(db, year):
        leads = leads_on(db, [r["node_id"] for r in view["rows"]], on)
        for row in view["rows"]:
            lead = leads.get(row["node_id"])
            if row["lost"] and row["lost"] > 0 and lead and lead["unit_id"] == unit_id:
                losses.append(
                    {
                        **row,
                        "index_code": view["index"]["code"],
                        "index_id": view["index"]["id"],
                        "year": view["result"]["year"],
                        "inherited": lead["inherited"],
                    }
                )
    remedies = [r for r in remedy_rows(db, activities.index_node_activities(db)) if r["lead_unit_id"] == unit_id]
    flagged = unit_remedies(db, user, unit_id)
    return {
        "unit": unit,
        "on": on,
        "losses": losses,
        "remedies": remedies,
        "unit_remedies": flagged,
        "summary": {
            "lost_nodes": len(losses),
            "remedies": len(remedies) + len(flagged),
            "done": sum(1 for r in [*remedies, *flagged] if r["done"]),
        },
    }


# --- units flagged by other slices -------------------------------------------

UNIT_HOOK = "indices.unit_candidates"
SERVICE_TERMS = ("thu tuc hanh chinh", "tthc", "mot cua", "dich vu cong", "ket qua giai quyet")


def unit_candidates(db: Database, user: User, on: str | date | None = None) -> list[dict]:
    """Units other slices flag for a remedial task on `on` (default today) through the hook
    "indices.unit_candidates" (services: below target two months running), each with
    `unit_id`, `name`, `code`, `months`, `reasons`, `reason_vi`/`reason_en`, the task
    suggested (`task_vi`/`task_en`) and `remedies`: the tasks it already has on the same
    grounds (same last month). Units without such a task come first. Indices never imports
    the slices that provide the hook."""
    require(user, "indices.view")
    on = iso_date(on, "on") or today_local().isoformat()
    found, seen = [], set()
    for provider in provided(UNIT_HOOK):
        for candidate in provider(db, on):
            if candidate["unit_id"] in seen:
                continue
            seen.add(candidate["unit_id"])
            found.append(candidate)
    given = {}
    for row in store.unit_remedy_rows(db):
        given.setdefault((row["unit_id"], row["basis_month"]), []).append(row["activity_id"])
    tasks = {a["id"]: a for a in activities.activities_by_ids(db, [i for ids in given.values() for i in ids])}
    for candidate in found:
        ids = given.get((candidate["unit_id"], candidate["months"][-1]), [])
        candidate["remedies"] = [tasks[i] for i in ids if i in tasks]
    return sorted(found, key=lambda c: bool(c["remedies"]))


def service_theme(db: Database, plan_id: int) -> int | None:
    """The plan's theme about administrative procedures and public services (by its title
    and keywords), where a unit's remedial task goes unless another theme is chosen; the
    index theme if no theme names them."""
    best, best_score = None, 0
    for theme in themes.list_themes(db, plan_id):
        text = fold(" ".join([theme["title"], *theme["keywords"]]))
        score = sum(text.count(term) for term in SERVICE_TERMS)
        if score > best_score:
            best, best_score = theme["id"], score
    return best or index_theme(db, plan_id)


def create_unit_remedy(
    db: Database,
    actor: User,
    unit_id: int,
    *,
    title: str,
    deadline,
    expected_effect: str,
    year: int | None = None,
    theme_id: int | None = None,
    on: str | date | None = None,
) -> dict:
    """Give a flagged unit a remedial task: an activity of `year`'s annual plan (default:
    this year) led by the unit, under the plan's public-service theme unless another is
    given, with the grounds it was flagged on (checked again on `on`, default today) kept
    beside it. Refuses a unit no slice flags, a second task on the same grounds, and a
    year without a plan. The activity and its grounds are written in one transaction."""
    require(actor, "indices.edit")
    require(actor, "plans.edit")
    candidate = next((c for c in unit_candidates(db, actor, on) if c["unit_id"] == unit_id), None)
    if candidate is None:
        unit = core_units.unit_by_id(db, unit_id)
        raise ValidationError("indices.error.unit_not_flagged", unit=unit["name"] if unit else unit_id)
    if candidate["remedies"]:
        raise ValidationError(
            "indices.error.unit_remedy_exists", unit=candidate["name"], task=candidate["remedies"][0]["title"]
        )
    deadline = _checked_task(title, expected_effect, deadline)
    plan = _annual_plan(db, year)
    if theme_id is None:
        theme_id = service_theme(db, plan["id"])
    grounds = {
        "unit_id": unit_id,
        "basis_month": candidate["months"][-1],
        "indicators": json.dumps([r["indicator"] for r in candidate.get("reasons", [])]),
        "reason_vi": candidate["reason_vi"],
        "reason_en": candidate.get("reason_en") or candidate["reason_vi"],
        "created_at": utc_now_iso(),
    }
    with db.atomic():
        created = activities.create_activity(
            db,
            actor,
            plan["id"],
            theme_id=theme_id,
            title=title,
            description=candidate["reason_vi"],
            lead_unit_id=unit_id,
            deadline=deadline,
            expected_effect=expected_effect,
        )
        grounds["activity_id"] = created["id"]
        store.insert_unit_remedy(db, grounds)
        audit.record(db, actor, "create", "unit_remedies", created["id"], None, grounds)
    return {**created, "grounds": grounds}


def unit_remedies(db: Database, user: User, unit_id: int | None = None) -> list[dict]:
    """Remedial tasks given to flagged units (all, or one unit's), each the plan activity
    with its plan's year, its grounds (`reason_vi`/`reason_en`, `basis_month`) and the
    unit's name, newest grounds first."""
    require(user, "indices.view")
    grounds = store.unit_remedy_rows(db, unit_id)
    tasks = {a["id"]: a for a in activities.activities_by_ids(db, [g["activity_id"] for g in grounds])}
    names = {u["id"]: u["name"] for u in core_units.list_units(db)}
    return [
        {
            **tasks[g["activity_id"]],
            "unit_name": names.get(g["unit_id"], ""),
            "basis_month": g["basis_month"],
            "indicators": json.loads(g["indicators"] or "[]"),
            "reason_vi": g["reason_vi"],
            "reason_en": g["reason_en"],
            "done": tasks[g["activity_id"]]["status"] == DONE,
        }
        for g in grounds
        if g["activity_id"] in tasks
    ]
