"""The content of the monthly publication of public-service (TTHC) results, report kind
"services-monthly": units ranked by on-time rate and by QĐ 766 index score, with the
change from last month. Drafts and issuing are in exports/services_publication.py."""

from __future__ import annotations

from sqlite_utils import Database

from core.errors import ValidationError
from core.i18n import fmt_number, fmt_percent
from core.periods import Period
from core.permissions import User, require
from exports.decree30 import Heading, Para, Table
from exports.prose import Content, clean_narrative, closing_sections, paras
from services.report_data import monthly_figures

KIND = "services-monthly"


def month_of(period: Period) -> str:
    """The month (YYYY-MM) of a month period; other periods are refused."""
    if period.kind != "month":
        raise ValidationError("exports.error.month_needed", period=period.code)
    return f"{period.end:%Y-%m}"


def _change(value: int | None) -> str:
    return f"{value:+d}" if value else ("0" if value == 0 else "")


def _online_split(city: dict) -> str:
    """The online share split as units report it: " (toàn trình 48,5 %, một phần 36,4 %)"."""
    parts = [
        f"{name} {fmt_percent(city[key])}"
        for name, key in (("toàn trình", "full_online_rate"), ("một phần", "partial_online_rate"))
        if city.get(key) is not None
    ]
    return f" ({', '.join(parts)})" if parts else ""


def services_drafts(figures: dict, period: Period) -> dict[str, str]:
    """Vietnamese drafts of the closing sections, from the month's figures."""
    city, rows = figures["city"], figures["rows"]
    goal = city["targets"].get("on_time_rate")
    below = [r for r in rows if goal is not None and r["on_time_rate"] is not None and r["on_time_rate"] < goal]
    if not rows:
        return {
            "assessment": f"Chưa có số liệu giải quyết TTHC {period.label_vi()} trong ứng dụng.",
            "limitations": "Không có số liệu để đánh giá hạn chế.",
            "next_tasks": "Các đơn vị cập nhật kết quả giải quyết TTHC hằng tháng.",
            "proposals": "Đề nghị các đơn vị gửi số liệu đúng thời hạn.",
        }
    best = rows[0]
    return {
        "assessment": (
            f"{period.label_vi().capitalize()}, toàn Thành phố giải quyết {fmt_number(city.get('resolved'))} hồ sơ, "
            f"tỷ lệ đúng hạn {fmt_percent(city.get('on_time_rate'))}, tỷ lệ hồ sơ tiếp nhận trực tuyến "
            f"{fmt_percent(city.get('online_rate'))}{_online_split(city)}. "
            f"Đơn vị dẫn đầu về tỷ lệ đúng hạn: {best['unit']}."
        ),
        "limitations": (
            f"Còn {len(below)} đơn vị có tỷ lệ giải quyết đúng hạn dưới chỉ tiêu {fmt_percent(goal)}."
            if below
            else "Các đơn vị đều đạt chỉ tiêu tỷ lệ giải quyết đúng hạn."
        ),
        "next_tasks": "Tiếp tục công khai kết quả giải quyết TTHC hằng tháng; tăng tỷ lệ hồ sơ trực tuyến và số hóa.",
        "proposals": (
            "Đề nghị " + ", ".join(r["unit"] for r in below[:5]) + " khắc phục tình trạng giải quyết hồ sơ quá hạn."
            if below
            else "Đề nghị các đơn vị duy trì kết quả đạt được."
        ),
    }


def build_services_monthly(
    db: Database, actor: User, period: Period, narrative: dict | None = None, *, with_charts: bool = True
) -> Content:
    """The monthly publication of `period` (a month, YYYY-MM): the two rankings."""
    require(actor, "reports.view")
    month = month_of(period)
    figures = monthly_figures(db, actor, month)
    drafts = services_drafts(figures, period)
    text = {**drafts, **clean_narrative(narrative)}
    summary = f"Công khai kết quả giải quyết thủ tục hành chính {period.label_vi()}"
    blocks: list = [
        Para(
            f"Thực hiện yêu cầu công khai hằng tháng kết quả giải quyết thủ tục hành chính, kết quả "
            f"{period.label_vi()} của các đơn vị như sau:"
        ),
        Heading("I. XẾP HẠNG THEO TỶ LỆ GIẢI QUYẾT ĐÚNG HẠN"),
    ]
    blocks += paras(text["assessment"])
    blocks.append(
        Table(
            "Bảng 1. Xếp hạng đơn vị theo tỷ lệ giải quyết hồ sơ đúng hạn",
            [
                "Hạng",
                "Đơn vị",
                "Đã giải quyết",
                "Đúng hạn",
                "Quá hạn",
                "Tỷ lệ đúng hạn",
                "Tỷ lệ trực tuyến",
                "Thay đổi",
            ],
            [
                [
                    str(r["rank"] or ""),
                    r["unit"],
                    fmt_number(r["resolved"]),
                    fmt_number(r["on_time"]),
                    fmt_number(r["late"]),
                    fmt_percent(r["on_time_rate"]),
                    fmt_percent(r["online_rate"]),
                    _change(r["rank_change"]),
                ]
                for r in figures["rows"]
            ],
            [1.2, 5.4, 1.8, 1.7, 1.5, 1.9, 1.9, 1.5],
            frozenset({0, 2, 3, 4, 5, 6, 7}),
            11,
        )
    )
    blocks.append(Heading("II. XẾP HẠNG THEO CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP (QĐ 766/QĐ-TTg)"))
    if figures["by_index"]:
        blocks.append(
            Table(
                "Bảng 2. Xếp hạng đơn vị theo điểm Bộ chỉ số (tối đa 100 điểm)",
                ["Hạng", "Đơn vị", "Điểm", "Thay đổi"],
                [
                    [
                        str(r["index_rank"]),
                        r["unit"],
                        fmt_number(r["index_score"], digits=2),
                        _change(r["index_rank_change"]),
                    ]
                    for r in figures["by_index"]
                ],
                [1.5, 9.5, 2.5, 2.0],
                frozenset({0, 2, 3}),
                11,
            )
        )
    else:
        blocks.append(Para(f"Chưa có điểm Bộ chỉ số {period.label_vi()} trong ứng dụng."))
    closing_sections(blocks, text, 3)
    return Content(KIND, period, summary, blocks, figures, drafts, text)
