"""Spreadsheet exports of the app's tables (XLSX through core.tabular: typed cells,
Vietnamese headers, frozen header row, formula-injection safe)."""

from __future__ import annotations

from typing import Callable

from sqlite_utils import Database

from core.errors import ValidationError
from core.permissions import User, require
from core.tabular import Column, to_xlsx
from exports import store
from exports.content import STATUS_VI

PLAN_COLUMNS = [
    Column("plan_year", "Năm kế hoạch", "int", 10),
    Column("plan_number", "Số kế hoạch", "text", 14),
    Column("theme_code", "Mã nội dung", "text", 10),
    Column("title", "Hoạt động", "text", 50),
    Column("lead_unit_name", "Đơn vị chủ trì", "text", 28),
    Column("planned_start", "Bắt đầu", "date", 12),
    Column("planned_end", "Kết thúc", "date", 12),
    Column("deadline", "Thời hạn", "date", 12),
    Column("actual_end", "Hoàn thành ngày", "date", 14),
    Column("output", "Sản phẩm", "text", 28),
    Column("target", "Chỉ tiêu", "number", 10),
    Column("target_unit", "Đơn vị tính", "text", 12),
    Column("achieved", "Đã đạt", "number", 10),
    Column("percent", "Tiến độ (%)", "percent", 10),
    Column("budget", "Kinh phí (đồng)", "money", 16),
    Column("budget_used", "Đã sử dụng (đồng)", "money", 16),
    Column("status", "Tình trạng", "text", 16),
]


def _plans(db: Database) -> tuple[str, list[Column], list[dict]]:
    rows = [{**r, "status": STATUS_VI.get(r["status"], r["status"])} for r in store.all_activities(db)]
    return "Hoạt động kế hoạch", PLAN_COLUMNS, rows


TABLES: dict[str, Callable[[Database], tuple[str, list[Column], list[dict]]]] = {"plans": _plans}


def export_xlsx(db: Database, actor: User, table: str) -> bytes:
    """One table as an XLSX workbook (one sheet)."""
    require(actor, "reports.view")
    maker = TABLES.get(table)
    if maker is None:
        raise ValidationError("exports.error.table_unknown", table=table)
    return to_xlsx([maker(db)])
