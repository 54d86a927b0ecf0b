"""The lead agency of each index node (chủ trì tham mưu), effective-dated because
departments merged in 2025. A node without its own lead inherits its parent's.

Which units may lead is decided here: departments, the city itself and other
city-level bodies; never a commune or a district (`LEAD_UNIT_KINDS`)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlite_utils import Database

from core import audit
from core import units as core_units
from core.dates import iso_date
from core.errors import ValidationError
from core.i18n import fmt_date
from core.permissions import User, require
from core.text import nfc
from indices import store
from indices.frameworks import get_node

LEAD_UNIT_KINDS = ("department", "other", "city")


def may_lead(unit: dict) -> bool:
    """Whether a unit (a row of core's units) is of a kind that can lead an index node."""
    return unit["kind"] in LEAD_UNIT_KINDS


def lead_candidates(units: list[dict]) -> list[dict]:
    """The units of `units` that may lead an index node, in the order given."""
    return [u for u in units if may_lead(u)]


def set_lead(db: Database, actor: User, node_id: int, unit_id: int, valid_from, valid_to=None, note: str = "") -> dict:
    """Make `unit_id` the lead of a node from `valid_from` (to `valid_to`, or open).

    An open-ended earlier lead is closed the day before (a handover, e.g. STTTT to
    SKHCN on 1/3/2025); any other overlap is refused, as is a unit that does not
    exist for the whole period or may not lead (a commune, a district)."""
    require(actor, "indices.edit")
    node = get_node(db, node_id)
    unit = core_units.unit_by_id(db, unit_id)
    if unit is None:
        raise ValidationError("error.unit_unknown_id", unit=unit_id)
    if not may_lead(unit):
        raise ValidationError("indices.error.lead_wrong_kind", unit=unit["name"])
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


def lead_assignments(db: Database, node_ids: list[int]) -> list[dict]:
    """Every lead assignment of these nodes (their own), by node then start: what `leads_on`
    reads, for a caller that asks it about the same nodes on several days."""
    return store.leads_for_nodes(db, node_ids)


def leads_on(
    db: Database,
    node_ids: list[int],
    day: str | date,
    known: dict[int, dict] | None = None,
    assignments: list[dict] | None = None,
) -> dict[int, dict | None]:
    """node_id -> the lead unit on `day` (own assignment, else the nearest ancestor's).
    `known` (node id -> node row, e.g. a framework's tree already read) spares reading
    those nodes again; the others are read one by one. `assignments`, the
    `lead_assignments` of every known node, spares reading those when no other node was
    reached."""
    day = day.isoformat() if isinstance(day, date) else day
    known = known or {}
    nodes: dict[int, dict] = {}
    frontier = list(node_ids)
    while frontier:
        node_id = frontier.pop()
        if node_id in nodes:
            continue
        node = known.get(node_id) or store.node_row(db, node_id)
        if node is None:
            continue
        nodes[node_id] = node
        if node["parent_id"]:
            frontier.append(node["parent_id"])
    if assignments is not None and all(node_id in known for node_id in nodes):
        rows = [lead for lead in assignments if lead["node_id"] in nodes]
    else:
        rows = store.leads_for_nodes(db, list(nodes))
    own: dict[int, dict] = {}
    for lead in rows:
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
    return sorted((core_units.unit_by_id(db, i) for i in store.lead_unit_ids(db)), key=lambda u: u["name"])
