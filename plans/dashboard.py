"""The dashboard's figures for one year's plan: progress by theme, lead unit and quarter,
overdue and at-risk activities, budget planned and used, as of today, from the same
functions the reports read at their cut-off (`plans.report_data`)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlite_utils import Database

from core.i18n import today_local
from core.permissions import User, require
from plans import report_data, store

EMPTY_TOTALS = {"activities": 0, "done": 0, "overdue": 0, "progress": 0.0, "budget": 0, "budget_used": 0}


def _group(rows: list[dict], key) -> list[dict]:
    groups: dict = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return [{"name": name, **_shown(report_data.totals(members))} for name, members in groups.items()]


def _shown(totals: dict) -> dict:
    """The report's totals under the dashboard's names."""
    return {
        "activities": totals["count"],
        "done": totals["done"],
        "overdue": totals["overdue"],
        "progress": round(totals["completion"], 2),
        "budget": totals["budget"],
        "budget_used": totals["budget_used"],
    }


def figures(db: Database, user: User, year: int, today: date | None = None) -> dict:
    """What the dashboard shows for `year`'s annual plan (plan None when the year has none):
    the plan's communication activities as they stand at `today`, read by the same function
    as the progress report at its cut-off (`plans.report_data.plan_activities`), so the two
    never disagree. Remedial tasks of the reform indices are counted apart (`remedial`).

    Progress of an activity is its latest update (done counts 100 %); averages leave
    cancelled activities out. Quarters are those of the deadline."""
    require(user, "plans.view")
    today = today or today_local()
    plan = store.annual_plan_for(db, int(year))
    if plan is None:
        return {"plan": None, "year": int(year)}
    rows = report_data.plan_activities(db, plan["id"], today)
    remedial = report_data.remedial_activities(db, plan["id"], today)
    by_theme = sorted(
        _group(rows, lambda r: (r["theme_position"] or 0, r["theme_code"] or "", r["theme_title"] or "")),
        key=lambda g: g["name"],
    )
    for group in by_theme:
        _pos, group["code"], group["title"] = group.pop("name")
    by_unit = sorted(_group(rows, lambda r: r["lead_unit_name"] or ""), key=lambda g: (-g["activities"], g["name"]))
    by_quarter = sorted(_group(rows, lambda r: r["quarter"] or 0), key=lambda g: g["name"])
    pick = ("id", "title", "theme_code", "lead_unit_name", "deadline", "planned_end", "status", "progress")
    return {
        "plan": plan,
        "year": int(year),
        "today": today.isoformat(),
        "totals": _shown(report_data.totals(rows)) if rows else dict(EMPTY_TOTALS),
        "at_risk_count": sum(r["at_risk"] for r in rows),
        "remedial": {**_shown(report_data.totals(remedial)), "at_risk": sum(r["at_risk"] for r in remedial)},
        "by_theme": by_theme,
        "by_unit": by_unit,
        "by_quarter": by_quarter,
        # What is late first, the latest at the top; then what is at risk, the nearest deadline first.
        "overdue": sorted(
            ({**{k: r[k] for k in pick}, "days": _days(today, r)} for r in rows if r["overdue"]),
            key=lambda r: (-r["days"], r["title"]),
        ),
        "at_risk": sorted(
            ({**{k: r[k] for k in pick}, "days": -_days(today, r)} for r in rows if r["at_risk"]),
            key=lambda r: (r["days"], r["title"]),
        ),
    }


def _days(today: date, row: dict) -> int:
    """Days from the activity's deadline to `today` (positive once it has passed)."""
    due = row["deadline"] or row["planned_end"]
    return (today - date.fromisoformat(due[:10])).days if due else 0


def years(db: Database) -> list[int]:
    """Years that have an annual plan, newest first."""
    return store.plan_years(db)
