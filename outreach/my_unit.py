"""What a liaison's page shows: its unit, the requests it owes or answered, its open
recommendations from inspections with their deadlines, and the plan activities it leads.
Read through the owning slices' public functions, for the liaison's own unit only."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from core import units
from core.i18n import today_local
from core.permissions import User
from core.slices import provided
from outreach import access, tracker
from plans import plans, report_data


def overview(db: Database, user: User, on: date | None = None, unit_id: int | None = None) -> dict:
    """A liaison's own unit (the office may name any unit)."""
    mine = access.scope(db, user)
    unit_id = mine if mine is not None else unit_id
    if unit_id is None:
        return {"unit": None, "requests": [], "recommendations": [], "activities": []}
    access.require_unit(db, user, unit_id)
    on = on or today_local()
    recommendations = []
    for hook in provided("units.activity"):
        recommendations += hook(db, unit_id, on).get("recommendations", [])
    plan = plans.annual_plan_for(db, on.year)
    activities = (
        [a for a in report_data.activities_as_of(db, plan["id"], on.isoformat()) if a["lead_unit_id"] == unit_id]
        if plan
        else []
    )
    return {
        "unit": units.unit_by_id(db, unit_id),
        "requests": tracker.rows(db, on, unit_id=unit_id),
        "recommendations": recommendations,
        "activities": activities,
    }
