"""The activities spreadsheet: one table, every column, for one plan or for every plan,
to XLSX and CSV (core.tabular: typed cells, formula injection escaped, read back
losslessly). The plan page and the exports slice both use `activity_sheet`."""

from __future__ import annotations

from sqlite_utils import Database

from core.i18n import t, today_local
from core.permissions import User, require
from core.tabular import Column, to_csv, to_xlsx
from plans import activities, dashboard, store

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


def activity_sheet(
    db: Database, user: User, plan_id: int | None = None, lang: str = "vi"
) -> tuple[str, list[Column], list[dict]]:
    """(sheet name, typed columns, rows): the activities of one plan, or of every plan
    (oldest year first) when `plan_id` is None. Statuses are shown with their labels."""
    require(user, "plans.view")
    today = today_local()
    plans = [store.plan_row(db, plan_id)] if plan_id is not None else store.list_plans(db)
    rows = []
    for plan in sorted(plans, key=lambda p: (p["year"], p["id"])):
        for row in dashboard.plan_rows(db, plan["id"], today):
            rows.append(
                {
                    **row,
                    "plan_year": plan["year"],
                    "plan_number": plan["number"],
                    "achieved": row["last_count"],
                    "status": activities.status_label(row["status"], lang),
                }
            )
    year = f" {plans[0]['year']}" if plan_id is not None else ""
    return f"{t('plans.export.sheet', lang)}{year}", columns(lang), rows


def export_plan(db: Database, user: User, plan_id: int, fmt: str = "xlsx", lang: str = "vi") -> bytes:
    """The plan's activities as XLSX or CSV bytes, one row per activity, every column."""
    sheet = activity_sheet(db, user, plan_id, lang)
    if fmt == "csv":
        return to_csv(sheet[1], sheet[2])
    return to_xlsx([sheet])
