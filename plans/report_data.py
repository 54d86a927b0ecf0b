"""Figures of the plans slice for a period, as they stood at its cut-off, with the slice's
own labels: what the dashboard (as of today), the progress report and the CCHC report (as
of a cut-off) read, so that they can never disagree. Read-only, no permission check of
their own (the page or the report that shows them checks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from core.i18n import t
from core.periods import Period
from core.tabular import Column
from plans import activities, rules, store
from plans.activities import status_label as status_label  # the slice's one catalogue of status labels

OTHER_THEME = {"id": None, "code": "", "title": "Khác", "position": 999}


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def activities_with_progress(db: Database, plan_id: int, until: str) -> list[dict]:
    """Every activity of a plan with its theme and lead unit, and the latest progress
    update on or before `until` (ISO date): progress_percent and progress_count."""
    return store.activities_with_progress(db, plan_id, until)


def activities_as_of(db: Database, plan_id: int, as_of: str) -> list[dict]:
    """Every activity of a plan as it stood at the end of `as_of` (ISO date): status, budget
    used, actual dates, the latest reason given (and its cause: objective/subjective) from the
    activity's dated history, and the latest progress update on or before that day. An
    activity with no history by then is not started with nothing spent."""
    return store.activities_as_of(db, plan_id, as_of)


@dataclass(frozen=True)
class YearActivities:
    """Every activity of each plan of `year` as it stood at the end of `as_of` (plan id ->
    rows of `activities_as_of`, in the order of the year's plans), read once so that the
    figures of one report share it: the progress figures take the annual plan's
    communication activities from it, the indices' figures the remedial tasks of the year."""

    year: int
    as_of: date
    by_plan: dict[int, list[dict]]


def year_activities(db: Database, year: int, as_of: date) -> YearActivities:
    """One read of every plan of `year` as at the end of `as_of` (see YearActivities)."""
    plans = store.plans_of_year(db, int(year))
    return YearActivities(int(year), as_of, {p["id"]: activities_as_of(db, p["id"], as_of.isoformat()) for p in plans})


def _rows_as_of(db: Database, plan_id: int, as_of: date, read: YearActivities | None) -> list[dict]:
    """The plan's activities as at `as_of`: from `read` when it holds them at that day."""
    if read is not None and read.as_of == as_of and plan_id in read.by_plan:
        return read.by_plan[plan_id]
    return activities_as_of(db, plan_id, as_of.isoformat())


def recorded_causes(db: Database, plan_id: int, as_of: date) -> dict[int, dict]:
    """activity id -> the cause staff recorded with its latest progress update on or before
    `as_of` that gave one: {cause, cause_kind (objective | subjective | None), on_date}."""
    return {
        row["activity_id"]: {"cause": row["cause"], "cause_kind": row["cause_kind"], "on_date": row["on_date"]}
        for row in store.progress_causes_as_of(db, plan_id, as_of.isoformat())
    }


def all_activities(db: Database) -> list[dict]:
    """Every activity with its plan, theme, lead unit and latest progress (the spreadsheet)."""
    return store.all_activities(db)


def activity(db: Database, activity_id: int) -> dict:
    """One activity with its links (activities.get_activity; NotFound when it does not exist)."""
    return activities.get_activity(db, activity_id)


def annual_plan_for(db: Database, year: int) -> dict | None:
    return store.annual_plan_for(db, int(year))


def themes_of(db: Database, plan_id: int) -> list[dict]:
    return store.list_themes(db, plan_id)


def classify(activity: dict, as_of: date) -> dict:
    """Flags of one activity at `as_of`: done, overdue (and by how many days), at risk, late to
    start (and by how many days), behind the share of its time elapsed, its own completion
    (0–100, from a percentage or a count update alike), the count achieved and its quarter
    (the deadline's). The one definition of each.

    The count achieved is the count staff reported, never derived: an activity done, or at
    70 %, without a reported count has achieved None (shown blank), not its target."""
    status = activity["status"]
    due = _day(activity.get("deadline") or activity.get("planned_end"))  # each date read once
    share = rules.progress_percent(
        activity.get("progress_percent"), activity.get("progress_count"), activity.get("target"), status
    )
    achieved = activity.get("progress_count")
    overdue = rules.is_overdue(due, status, as_of)
    start = _day(activity.get("planned_start"))
    late_start = status == "not_started" and start is not None and start < as_of and not overdue
    elapsed = rules.time_elapsed(start, due, as_of)
    return {
        "done": status == "done",
        "overdue": overdue,
        "days_late": (as_of - due).days if overdue else 0,
        "at_risk": rules.is_at_risk(start, due, status, share, as_of),
        # planned to have started by `as_of` and not started (an overdue one is reported as late)
        "late_start": late_start,
        "days_late_start": (as_of - start).days if late_start else 0,
        # running, deadline not yet passed, progress behind the share of its time elapsed
        "behind": status == "in_progress" and not overdue and share < elapsed,
        "time_elapsed": elapsed,
        "progress": share,
        "achieved": None if achieved is None else float(achieved),
        "quarter": rules.quarter_of(due),
    }


def in_period(activity: dict, period: Period) -> bool:
    """The activity runs (planned, or actually) at some time within the period."""
    start = _day(activity.get("planned_start") or activity.get("actual_start"))
    end = _day(activity.get("planned_end") or activity.get("deadline") or activity.get("actual_end"))
    return (start is None or start <= period.end) and (end is None or end >= period.start)


def totals(items: list[dict]) -> dict:
    """Counts per status, budget, and completion: each activity's own completion averaged
    (cancelled ones left out). Counted targets are summed only within one unit of measure
    ("tin, bài", "cuộc"): per unit, the target of every activity, the counts reported and the
    target of the activities that reported one (`reported`), so "achieved / target" compares
    like with like and the activities that reported nothing are named apart."""
    live = [a for a in items if a["status"] != "cancelled"]
    by_unit: dict[str, dict] = {}
    for a in live:
        unit = (a.get("target_unit") or "").strip()
        if a.get("target") and unit:
            entry = by_unit.setdefault(
                unit,
                {"unit": unit, "target": 0.0, "count": 0, "reported": 0, "achieved": 0.0, "reported_target": 0.0},
            )
            entry["target"] += a["target"]
            entry["count"] += 1
            if a["achieved"] is not None:
                entry["reported"] += 1
                entry["achieved"] += a["achieved"]
                entry["reported_target"] += a["target"]
    counts = {
        "count": len(items),
        "done": sum(a["done"] for a in items),
        "in_progress": sum(a["status"] == "in_progress" for a in items),
        "not_started": sum(a["status"] == "not_started" for a in items),
        "postponed": sum(a["status"] == "postponed" for a in items),
        "cancelled": sum(a["status"] == "cancelled" for a in items),
        "overdue": sum(a["overdue"] for a in items),
        "at_risk": sum(a["at_risk"] for a in items),
        "completion": sum(a["progress"] for a in live) / len(live) if live else 0.0,
        "by_unit": list(by_unit.values()),
        "budget": sum(a.get("budget") or 0 for a in items),
        "budget_used": sum(a.get("budget_used") or 0 for a in items),
    }
    return {**counts, **_derived(counts)}


def _derived(counts: dict) -> dict:
    """What `totals` derives from its own counts: the activities still to do (neither done
    nor cancelled), the share of the budget used in percent (None without a budget), the
    budget left (never below 0) and, per unit of measure, the activities that reported no
    count and their target."""
    budget, used = counts["budget"], counts["budget_used"]
    return {
        "remaining": counts["count"] - counts["done"] - counts["cancelled"],
        "budget_share": used / budget * 100 if budget else None,
        "budget_left": max(budget - used, 0),
        "by_unit": [
            {**u, "unreported": u["count"] - u["reported"], "unreported_target": u["target"] - u["reported_target"]}
            for u in counts["by_unit"]
        ],
    }


def attention_groups(activities: list[dict]) -> dict[str, list[dict]]:
    """The activities a report names at the cut-off, by their own flags (`classify`), each
    once and in the order a report names them: late to start (longest delay first), past
    their deadline (longest first), at risk, behind the share of their time elapsed (furthest
    behind first), and postponed or cancelled."""
    late_start = sorted((a for a in activities if a.get("late_start")), key=lambda a: -a["days_late_start"])
    overdue = sorted((a for a in activities if a["overdue"]), key=lambda a: -a["days_late"])
    at_risk = [a for a in activities if a["at_risk"] and not a["overdue"]]
    named = {a["id"] for a in late_start + overdue + at_risk}
    behind = sorted(
        (a for a in activities if a.get("behind") and a["id"] not in named),
        key=lambda a: a["progress"] - a["time_elapsed"],
    )
    stopped = [a for a in activities if a["status"] in ("postponed", "cancelled")]
    return {"late_start": late_start, "overdue": overdue, "at_risk": at_risk, "behind": behind, "stopped": stopped}


def plan_activities(
    db: Database, plan_id: int, as_of: date, period: Period | None = None, read: YearActivities | None = None
) -> list[dict]:
    """The plan's communication activities as they stood at the end of `as_of`, each with its
    flags (`classify`); only those running within `period` when one is given. Remedial tasks
    of the reform indices are not communication activities: the indices slice counts them.
    `read`: the year's activities already read for the same report (year_activities)."""
    rows = _rows_as_of(db, plan_id, as_of, read)
    return [
        {**a, **classify(a, as_of)}
        for a in rows
        if a.get("index_node_id") is None and (period is None or in_period(a, period))
    ]


def remedial_activities(db: Database, plan_id: int, as_of: date, read: YearActivities | None = None) -> list[dict]:
    """The plan's remedial tasks (activities tied to a reform index's criterion) as they stood
    at the end of `as_of`, with their flags: counted apart from the communication activities."""
    rows = _rows_as_of(db, plan_id, as_of, read)
    return [{**a, **classify(a, as_of)} for a in rows if a.get("index_node_id") is not None]


def remedial_activities_of_year(db: Database, year: int, as_of: date, read: YearActivities | None = None) -> list[dict]:
    """The remedial tasks of every plan of `year` as they stood at the end of `as_of`; from
    `read` (year_activities) when it is that year's at that day."""
    if read is not None and read.year == int(year) and read.as_of == as_of:
        plan_ids = list(read.by_plan)
    else:
        plan_ids = [plan["id"] for plan in store.plans_of_year(db, int(year))]
    return [a for plan_id in plan_ids for a in remedial_activities(db, plan_id, as_of, read)]


def progress_figures(db: Database, period: Period, today: date, read: YearActivities | None = None) -> dict:
    """The figures of the progress report, as they stood at the period's cut-off (or `today`
    while the period runs): per activity and per theme, and next year's plan (for an annual
    report's next tasks). `read`: the year's activities already read for the same report."""
    plan = annual_plan_for(db, period.end.year)
    as_of = period.as_of(today)
    if plan is None:
        return {
            "plan": None,
            "as_of": as_of,
            "activities": [],
            "themes": [],
            "totals": None,
            "next_plan": None,
            "attention": attention_groups([]),
            "causes": {},
        }
    activities = plan_activities(db, plan["id"], as_of, period, read)
    themes = []
    for theme in themes_of(db, plan["id"]) + [OTHER_THEME]:
        items = [a for a in activities if a["theme_id"] == theme["id"]]
        if items:
            themes.append({**theme, **totals(items)})
    next_plan = annual_plan_for(db, period.end.year + 1) if period.kind == "year" else None
    return {
        "plan": plan,
        "as_of": as_of,
        "activities": activities,
        "themes": themes,
        "totals": totals(activities) if activities else None,
        "next_plan": next_plan,
        "next_themes": themes_of(db, next_plan["id"]) if next_plan else [],
        "attention": attention_groups(activities),
        "causes": recorded_causes(db, plan["id"], as_of),
    }


def plan_rows(db: Database, plan_id: int, today: date) -> list[dict]:
    """Every activity of the plan as it is now (the grid, the spreadsheet), with the flags
    `report_data.classify` gives it at `today`: progress, overdue, at risk, quarter."""
    rows = []
    for row in store.activity_overview(db, plan_id):
        flags = classify({**row, "progress_percent": row["last_percent"], "progress_count": row["last_count"]}, today)
        rows.append({**row, **{k: flags[k] for k in ("progress", "overdue", "at_risk", "quarter")}})
    return rows


# key, kind — the plan, every column of the activities table, then the derived ones.
COLUMNS = [
    ("plan_year", "int"),
    ("plan_number", "text"),
    ("id", "int"),
    ("plan_id", "int"),
    ("theme_id", "int"),
    ("theme_code", "text"),
    ("position", "int"),
    ("title", "text"),
    ("description", "text"),
    ("lead_unit_id", "int"),
    ("lead_unit_name", "text"),
    ("coordinating_units", "text"),
    ("channel_codes", "text"),
    ("period_kind", "text"),
    ("planned_start", "date"),
    ("planned_end", "date"),
    ("deadline", "date"),
    ("actual_start", "date"),
    ("actual_end", "date"),
    ("output", "text"),
    ("target", "number"),
    ("target_unit", "text"),
    ("achieved", "number"),
    ("budget", "money"),
    ("budget_used", "money"),
    ("status", "text"),
    ("recurrence", "text"),
    ("index_node_id", "int"),
    ("expected_effect", "text"),
    ("review_note", "text"),
    ("created_at", "text"),
    ("updated_at", "text"),
    ("progress", "percent"),
    ("overdue", "bool"),
]
_WIDE = ("title", "description", "expected_effect")


def columns(lang: str = "vi") -> list[Column]:
    return [Column(key, t(f"plans.export.{key}", lang), kind, 40 if key in _WIDE else 16) for key, kind in COLUMNS]


def activity_sheet(db: Database, plan_id: int | None, lang: str, today: date) -> tuple[str, list[Column], list[dict]]:
    """(sheet name, typed columns, rows): the activities of one plan, or of every plan
    (oldest year first) when `plan_id` is None, as they are now with their flags at `today`.
    Statuses are shown with their labels."""
    plans = [store.plan_row(db, plan_id)] if plan_id is not None else store.list_plans(db)
    rows = []
    for plan in sorted(plans, key=lambda p: (p["year"], p["id"])):
        for row in plan_rows(db, plan["id"], today):
            rows.append(
                {
                    **row,
                    "plan_year": plan["year"],
                    "plan_number": plan["number"],
                    "achieved": row["last_count"],
                    "status": status_label(row["status"], lang),
                }
            )
    year = f" {plans[0]['year']}" if plan_id is not None else ""
    return f"{t('plans.export.sheet', lang)}{year}", columns(lang), rows


def plan_units(db: Database, plan_id: int) -> list[str]:
    """The units and unit groups leading or co-operating in a plan's activities (the
    co-operating units a report on the plan is sent to)."""
    return store.plan_units(db, plan_id)
