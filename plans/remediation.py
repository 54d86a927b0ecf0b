"""From lost points to remedies: the lead agency of each index node (chủ trì tham
mưu), effective-dated because departments merged in 2025; remedial tasks created as
activities of a year's plan, tagged with the node; and the view of one lead agency.

A node without its own lead inherits its parent's. Remedial tasks are ordinary plan
activities (plans.activities.create_activity), so the plan, its reports and its
progress tracking see them like any other activity."""

from __future__ import annotations

from datetime import date, timedelta

from sqlite_utils import Database

from core import audit
from core.dates import iso_date
from core.errors import NotFound, ValidationError
from core.i18n import fmt_date, today_local
from core.permissions import User, require
from core.text import clean_line, fold, nfc
from core.units import unit_by_id
from plans import activities, store
from plans.indices import _view, get_node

DONE = "done"


# --- lead agencies -----------------------------------------------------------


def set_lead(db: Database, actor: User, node_id: int, unit_id: int, valid_from, valid_to=None, note: str = "") -> dict:
    """Make `unit_id` the lead of a node from `valid_from` (to `valid_to`, or open).

    An open-ended earlier lead is closed the day before (a handover, e.g. STTTT to
    SKHCN on 1/3/2025); any other overlap is refused, as is a unit that does not
    exist for the whole period."""
    require(actor, "indices.edit")
    node = get_node(db, node_id)
    unit = unit_by_id(db, unit_id)
    if unit is None:
        raise ValidationError("error.unit_unknown_id", unit=unit_id)
    start = iso_date(valid_from, "valid_from")
    end = iso_date(valid_to, "valid_to")
    if start is None:
        raise ValidationError("indices.error.lead_start_missing")
    if end and end < start:
        raise ValidationError("indices.error.lead_dates_reversed")
    if unit["valid_from"] and start < unit["valid_from"]:
        raise ValidationError("indices.error.lead_unit_not_yet", unit=unit["name"], day=fmt_date(unit["valid_from"]))
    if unit["valid_to"] and (end is None or end > unit["valid_to"]):
        raise ValidationError("indices.error.lead_unit_ended", unit=unit["name"], day=fmt_date(unit["valid_to"]))
    existing = store.leads_for_nodes(db, [node_id])
    closing = None
    for lead in existing:
        lead_end = lead["valid_to"] or "9999-12-31"
        if lead["valid_from"] < start and lead["valid_to"] is None:
            closing = lead
            continue
        if lead["valid_from"] <= (end or "9999-12-31") and lead_end >= start:
            raise ValidationError(
                "indices.error.lead_overlap",
                unit=lead["unit_name"],
                code=node["code"],
                valid_from=fmt_date(lead["valid_from"]),
                valid_to=fmt_date(lead["valid_to"]) or "…",
            )
    row = {
        "node_id": node_id,
        "unit_id": unit_id,
        "valid_from": start,
        "valid_to": end,
        "note": nfc(note).strip() or None,
    }
    with db.atomic():
        if closing:
            day_before = (date.fromisoformat(start) - timedelta(days=1)).isoformat()
            store.update_lead(db, closing["id"], {"valid_to": day_before})
            audit.record(
                db, actor, "update", "index_leads", closing["id"], {"valid_to": None}, {"valid_to": day_before}
            )
        lead_id = store.insert_lead(db, row)
        audit.record(db, actor, "create", "index_leads", lead_id, None, row)
    return store.lead_row(db, lead_id)


def lead_history(db: Database, node_id: int) -> list[dict]:
    """Every lead assignment of one node (its own, not inherited), oldest first."""
    return store.leads_for_nodes(db, [node_id])


def leads_on(db: Database, node_ids: list[int], day: str | date) -> dict[int, dict | None]:
    """node_id -> the lead unit on `day` (own assignment, else the nearest ancestor's)."""
    day = day.isoformat() if isinstance(day, date) else day
    nodes: dict[int, dict] = {}
    frontier = list(node_ids)
    while frontier:
        node_id = frontier.pop()
        if node_id in nodes:
            continue
        node = store.node_row(db, node_id)
        if node is None:
            continue
        nodes[node_id] = node
        if node["parent_id"]:
            frontier.append(node["parent_id"])
    own: dict[int, dict] = {}
    for lead in store.leads_for_nodes(db, list(nodes)):
        if lead["valid_from"] <= day and (lead["valid_to"] is None or lead["valid_to"] >= day):
            own[lead["node_id"]] = lead
    out: dict[int, dict | None] = {}
    for node_id in node_ids:
        current = nodes.get(node_id)
        while current is not None and current["id"] not in own:
            current = nodes.get(current["parent_id"]) if current["parent_id"] else None
        lead = own.get(current["id"]) if current else None
        out[node_id] = (
            None
            if lead is None
            else {
                "unit_id": lead["unit_id"],
                "code": lead["unit_code"],
                "name": lead["unit_name"],
                "short_name": lead["unit_short_name"],
                "valid_from": lead["valid_from"],
                "valid_to": lead["valid_to"],
                "inherited": current["id"] != node_id,
            }
        )
    return out


def lead_units(db: Database) -> list[dict]:
    """Units that lead (or led) at least one node, by name."""
    return sorted((unit_by_id(db, i) for i in store.lead_unit_ids(db)), key=lambda u: u["name"])


# --- remedial tasks ----------------------------------------------------------


def _latest_loss(db: Database, node: dict) -> tuple[dict, dict] | None:
    """The most recent result of the node's framework in which the node lost points."""
    results = [r for r in store.list_results(db) if r["framework_id"] == node["framework_id"]]
    for result in sorted(results, key=lambda r: r["year"], reverse=True):
        view = _view(db, result)
        row = next(r for r in view["rows"] if r["node_id"] == node["id"])
        if row["lost"] is not None and row["lost"] > 0:
            return view, row
    return None


INDEX_TERMS = ("par index", "chi so cchc", "sipas", "papi", "pci", "chi so")


def index_theme(db: Database, plan_id: int) -> int | None:
    """The plan's theme about reform indices (the one whose title and keywords name them
    most often), where remedial tasks go unless another theme is chosen."""
    best, best_score = None, 0
    for theme in store.list_themes(db, plan_id):
        text = fold(" ".join([theme["title"], *theme["keywords"]]))
        score = sum(text.count(term) for term in INDEX_TERMS)
        if score > best_score:
            best, best_score = theme["id"], score
    return best


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
    if not clean_line(title):
        raise ValidationError("error.activity_title_missing")
    if not nfc(expected_effect).strip():
        raise ValidationError("indices.error.remedy_effect_missing")
    deadline = iso_date(deadline, "deadline")
    if deadline is None:
        raise ValidationError("indices.error.remedy_deadline_missing")
    if _latest_loss(db, node) is None:
        raise ValidationError("indices.error.node_lost_nothing", code=node["code"])
    year = int(year or today_local().year)
    plan = store.annual_plan_for(db, year)
    if plan is None:
        raise ValidationError("indices.error.no_plan_for_year", year=year)
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


def _remedy_rows(db: Database, activity_rows: list[dict]) -> list[dict]:
    out = []
    for a in activity_rows:
        node = store.node_row(db, a["index_node_id"])
        framework = store.framework_row(db, node["framework_id"]) if node else None
        index = store.index_row(db, framework["index_id"]) if framework else None
        unit = unit_by_id(db, a["lead_unit_id"]) if a["lead_unit_id"] else None
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
    return _remedy_rows(db, store.remedial_activities(db, node_ids))


def latest_city_results(db: Database, year: int | None = None) -> list[dict]:
    """For each index about the city, its latest result (at or before `year`), as views."""
    views = []
    for index in store.list_indices(db):
        if index["subject_kind"] != "city":
            continue
        results = [r for r in store.list_results(db, index["id"]) if year is None or r["year"] <= year]
        if results:
            latest = max(results, key=lambda r: r["year"])
            views.append({**_view(db, latest), "index": index})
    return views


def agency_view(db: Database, user: User, unit_id: int, on: str | date | None = None, year: int | None = None) -> dict:
    """What one lead agency answers for on `on` (default today): the nodes it leads that
    lost points in each index's latest result, and its remedial tasks with their status."""
    require(user, "indices.view")
    unit = unit_by_id(db, unit_id)
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
    remedies = [r for r in _remedy_rows(db, store.remedial_activities(db)) if r["lead_unit_id"] == unit_id]
    return {
        "unit": unit,
        "on": on,
        "losses": losses,
        "remedies": remedies,
        "summary": {
            "lost_nodes": len(losses),
            "remedies": len(remedies),
            "done": sum(1 for r in remedies if r["done"]),
        },
    }
