"""Spreadsheet exports of the app's tables (XLSX through core.tabular: typed cells,
Vietnamese headers, frozen header row, formula-injection safe)."""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from core import periods
from core.errors import ValidationError
from core.i18n import today_local
from core.permissions import User, require
from core.tabular import Column, to_xlsx
from indices import report_data as indices_data
from inspections import report_data as inspections_data
from media import report_data as media_data
from plans import report_data as plans_data


def _plans(db: Database, actor: User) -> tuple[str, list[Column], list[dict]]:
    return plans_data.activity_sheet(db, None, "vi", today_local())


INSPECTION_COLUMNS = [
    Column("starts_at", "Ngày kiểm tra", "date", 12),
    Column("unit_name", "Đơn vị được kiểm tra", "text", 32),
    Column("plan_number", "Số kế hoạch", "text", 14),
    Column("kind", "Hình thức", "text", 14),
    Column("status", "Tình trạng", "text", 14),
    Column("place", "Địa điểm", "text", 24),
    Column("conclusion_number", "Số thông báo kết luận", "text", 18),
    Column("conclusion_on", "Ngày kết luận", "date", 12),
    Column("findings", "Số nhận xét", "int", 10),
    Column("recommendations", "Số kiến nghị", "int", 10),
]
RECOMMENDATION_COLUMNS = [
    Column("inspected_unit_name", "Đơn vị được kiểm tra", "text", 30),
    Column("starts_at", "Ngày kiểm tra", "date", 12),
    Column("text", "Kiến nghị", "text", 60),
    Column("unit_name", "Đơn vị thực hiện", "text", 28),
    Column("deadline", "Thời hạn", "date", 12),
    Column("status", "Tình trạng", "text", 12),
    Column("closed_on", "Ngày khắc phục xong", "date", 14),
]
COVERAGE_COLUMNS = [
    Column("published_at", "Ngày đăng", "date", 12),
    Column("outlet", "Cơ quan báo chí", "text", 24),
    Column("title", "Tiêu đề", "text", 60),
    Column("themes", "Nội dung", "text", 14),
    Column("tone", "Sắc thái", "text", 12),
    Column("review", "Rà soát", "text", 12),
    Column("url", "Địa chỉ", "text", 40),
]
INDEX_COLUMNS = [
    Column("index", "Chỉ số", "text", 10),
    Column("year", "Năm", "int", 8),
    Column("framework", "Bộ tiêu chí", "text", 22),
    Column("total", "Điểm", "number", 10),
    Column("max_total", "Điểm tối đa", "number", 10),
    Column("percent", "Tỷ lệ (%)", "percent", 10),
    Column("rank", "Thứ hạng", "int", 9),
    Column("ranked_of", "Trên tổng số", "int", 10),
    Column("rank_change", "Thay đổi thứ hạng", "int", 10),
]


def _local_day(value: str | None) -> str | None:
    """A stored UTC timestamp as its Hà Nội calendar day (ISO)."""
    return periods.local_day(value).isoformat() if value else None


def _inspections(db: Database, actor: User) -> tuple[str, list[Column], list[dict]]:
    rows = [
        {
            **r,
            "starts_at": _local_day(r["starts_at"]),
            "kind": inspections_data.kind_label(r["kind"]),
            "status": inspections_data.status_label(r["status"]),
        }
        for r in inspections_data.all_inspections(db)
    ]
    return "Cuộc kiểm tra", INSPECTION_COLUMNS, rows


def _recommendations(db: Database, actor: User) -> tuple[str, list[Column], list[dict]]:
    rows = [
        {
            **r,
            "starts_at": _local_day(r["starts_at"]),
            "status": inspections_data.recommendation_label(r["status"]),
        }
        for r in inspections_data.all_recommendations(db)
    ]
    return "Kiến nghị", RECOMMENDATION_COLUMNS, rows


def _coverage(db: Database, actor: User) -> tuple[str, list[Column], list[dict]]:
    rows = [
        {
            **r,
            "published_at": _local_day(r["published_at"]),
            "tone": media_data.tone_label(r["tone"]) if r["tone"] else "",
            "review": media_data.review_label(r["review"]),
        }
        for r in media_data.all_coverage(db)
    ]
    return "Tin bài", COVERAGE_COLUMNS, rows


def _indices(db: Database, actor: User) -> tuple[str, list[Column], list[dict]]:
    return "Chỉ số", INDEX_COLUMNS, indices_data.city_trends(db, actor)


# table -> (permission to read it, sheet maker)
TABLES: dict[str, tuple[str, Callable[[Database, User], tuple[str, list[Column], list[dict]]]]] = {
    "plans": ("plans.view", _plans),
    "inspections": ("inspections.view", _inspections),
    "recommendations": ("inspections.view", _recommendations),
    "coverage": ("media.view", _coverage),
    "indices": ("indices.view", _indices),
}


def check_table(actor: User, table: str) -> bool:
    """True when `actor` may download `table`; raises the refusal the page shows otherwise.
    Lets the page offer the file without building it (it is built only when clicked)."""
    require(actor, "reports.view")
    if table not in TABLES:
        raise ValidationError("exports.error.table_unknown", table=table)
    require(actor, TABLES[table][0])
    return True


def export_xlsx(db: Database, actor: User, table: str) -> bytes:
    """One table as an XLSX workbook (one sheet)."""
    check_table(actor, table)
    return to_xlsx([TABLES[table][1](db, actor)])
