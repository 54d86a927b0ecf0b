"""Export of a plan's activity table, every column, to XLSX and CSV (core.tabular:
typed cells, formula injection escaped, read back losslessly)."""

from __future__ import annotations

from sqlite_utils import Database

from core.i18n import t, today_local
from core.permissions import User, require
from core.tabular import Column, to_csv, to_xlsx
from plans import dashboard, store

# key, string key of the header, kind — every column of the activities table, then the derived ones.
COLUMNS = [
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


def columns(lang: str = "vi") -> list[Column]:
    return [
        Column(key, t(f"plans.export.{key}", lang), kind, 40 if key in ("title", "description") else 16)
        for key, kind in COLUMNS
    ]


def export_plan(db: Database, user: User, plan_id: int, fmt: str = "xlsx", lang: str = "vi") -> bytes:
    """The plan's activities as XLSX or CSV bytes, one row per activity, every column."""
    require(user, "plans.view")
    rows = dashboard.plan_rows(db, plan_id, today_local())
    if fmt == "csv":
        return to_csv(columns(lang), rows)
    plan = store.plan_row(db, plan_id)
    return to_xlsx([(f"{t('plans.export.sheet', lang)} {plan['year']}", columns(lang), rows)])
