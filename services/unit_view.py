"""One unit's page: its months of the year (figures and rates), its QĐ 766 group scores
month by month, and what other slices know of it (its inspections and open
recommendations) through the hook "units.activity", which services never imports."""

from __future__ import annotations

from sqlite_utils import Database

from core import units
from core.errors import NotFound
from core.permissions import User, require
from core.slices import provided
from services import indicators, store

ACTIVITY_HOOK = "units.activity"


def reporting_units(db: Database, user: User, year: int) -> list[dict]:
    """Units with figures in `year`, by kind and name: the ones a unit page can show."""
    require(user, "services.view")
    return [
        {"unit_id": r["unit_id"], "code": r["code"], "name": r["name"]}
        for r in store.sums_by_unit(db, f"{year}-01", f"{year}-12")
    ]


def unit_view(db: Database, user: User, unit_id: int, year: int) -> dict:
    """The unit, its months (figures, rates, satisfaction, index score), the index groups
    with each month's scores, and `inspections` and `recommendations` from the hook."""
    require(user, "services.view")
    unit = units.unit_by_id(db, unit_id)
    if unit is None:
        raise NotFound("services.error.unit_not_found", unit=unit_id)
    first, last = f"{year}-01", f"{year}-12"
    votes = store.unit_satisfaction(db, unit_id, first, last)
    scores: dict[str, dict[str, float]] = {}
    for row in store.unit_index_scores(db, unit_id, first, last):
        scores.setdefault(row["month"], {})[row["group_code"]] = row["score"]
    months = []
    for row in store.unit_months(db, [unit_id], first, last):
        figures = {f: row[f] for f in store.FIGURES}
        index = scores.get(row["month"])
        months.append(
            {
                "month": row["month"],
                **figures,
                **indicators.rates(figures, votes.get(row["month"])),
                "index_score": sum(index.values()) if index else None,
            }
        )
    groups = [
        {**g, "scores": {m: s[g["code"]] for m, s in sorted(scores.items()) if g["code"] in s}}
        for g in store.index_groups(db)
    ]
    activity = {"inspections": [], "recommendations": []}
    for provider in provided(ACTIVITY_HOOK):
        found = provider(db, unit_id)
        for key in activity:
            activity[key] += found.get(key, [])
    return {"unit": unit, "year": year, "months": months, "groups": groups, **activity}
