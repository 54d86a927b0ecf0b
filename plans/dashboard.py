"""The dashboard's figures for one year's plan: progress by theme, lead unit and quarter,
overdue and at-risk activities, budget planned and used. One query for the whole plan."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlite_utils import Database

from core.i18n import today_local
from core.permissions import User, require
from plans import rules, store

EMPTY_TOTALS = {"activities": 0, "done": 0, "overdue": 0, "progress": 0.0, "budget": 0, "budget_used": 0}


def plan_rows(db: Database, plan_id: int, today: date) -> list[dict]:
    """Every activity of the plan with its derived progress, overdue, at-risk and quarter."""
    rows = []
    for row in store.activity_overview(db, plan_id):
        share = rules.progress_percent(row["last_percent"], row["last_count"], row["target"], row["status"])
        due = row["deadline"] or row["planned_end"]
        rows.append(
            {
                **row,
                "progress": share,
                "overdue": rules.is_overdue(due, row["status"], today),
                "at_risk": rules.is_at_risk(row["planned_start"], due, row["status"], share, today),
                "quarter": rules.quarter_of(due),
            }
        )
    return rows


def _group(rows: list[dict], key) -> list[dict]:
    groups: dict = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    result = []
    for name, members in groups.items():
        counted = [r for r in members if r["status"] != "cancelled"]
        result.append(
            {
                "name": name,
                "activities": len(members),
                "done": sum(r["status"] == "done" for r in members),
                "overdue": sum(r["overdue"] for r in members),
                "progress": round(sum(r["progress"] for r in counted) / len(counted), 2) if counted else 0.0,
                "budget": sum(r["budget"] or 0 for r in members),
                "budget_used": sum(r["budget_used"] or 0 for r in members),
            }
        )
    return result


def figures(db: Database, user: User, year: int, today: date | None = None) -> dict:
    """What the dashboard shows for `year`'s annual plan (plan None when the year has none).

    Progress of an activity is its latest update (done counts 100 %); averages leave
    cancelled activities out. Quarters are those of the deadline."""
    require(user, "plans.view")
    today = today or today_local()
    plan = store.annual_plan_for(db, int(year))
    if plan is None:
        return {"plan": None, "year": int(year)}
    rows = plan_rows(db, plan["id"], today)
    total = _group(rows, lambda r: "all")
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
        "totals": {k: v for k, v in total[0].items() if k != "name"} if total else dict(EMPTY_TOTALS),
        "at_risk_count": sum(r["at_risk"] for r in rows),
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
