"""The inspection report: inspections done against planned, findings by content area,
recommendations and their follow-up, overdue remedies by unit."""

from __future__ import annotations

from sqlite_utils import Database

from core.i18n import fmt_number, today_local
from core.permissions import User, require
from exports.content import Content, clean_narrative, closing_sections, fmt_day, paras, pct, span, utc_window
from exports.decree30 import Heading, Para, Table
from exports.periods import Period
from inspections.report_data import (
    findings_by_area,
    inspections_between,
    overdue_recommendations_by_unit,
    recommendations_between,
)

STATUS_VI = {
    "planned": "Theo kế hoạch",
    "confirmed": "Đã xác nhận",
    "done": "Đã kiểm tra",
    "postponed": "Hoãn",
    "cancelled": "Hủy",
}


def follow_up_state(rec: dict, as_of: str) -> str:
    """closed_on_time, closed_late, reported (remedy report filed, not closed), overdue, open."""
    if rec["status"] == "closed":
        return "closed_on_time" if (rec["closed_on"] or "") <= rec["deadline"] else "closed_late"
    if rec["remedy_reported"]:
        return "reported"
    return "overdue" if rec["deadline"] < as_of else "open"


FOLLOW_UP_VI = {
    "closed_on_time": "Đã khắc phục đúng hạn",
    "closed_late": "Đã khắc phục quá hạn",
    "reported": "Đã báo cáo khắc phục, chờ đánh giá",
    "overdue": "Quá hạn chưa khắc phục",
    "open": "Đang trong thời hạn",
}


def inspection_figures(db: Database, period: Period) -> dict:
    utc_from, utc_to = utc_window(period)
    as_of = min(period.end, today_local()).isoformat()
    inspections = inspections_between(db, utc_from, utc_to)
    recs = [{**r, "state": follow_up_state(r, as_of)} for r in recommendations_between(db, utc_from, utc_to)]
    planned = [i for i in inspections if i["status"] != "cancelled"]
    states = {key: sum(r["state"] == key for r in recs) for key in FOLLOW_UP_VI}
    return {
        "as_of": as_of,
        "inspections": inspections,
        "planned": len(planned),
        "done": sum(i["status"] == "done" for i in inspections),
        "by_status": {key: sum(i["status"] == key for i in inspections) for key in STATUS_VI},
        "areas": findings_by_area(db, utc_from, utc_to),
        "recommendations": recs,
        "states": states,
        "overdue_by_unit": overdue_recommendations_by_unit(db, as_of),
    }


def inspection_drafts(f: dict, period: Period) -> dict[str, str]:
    if not f["inspections"]:
        return {
            "assessment": f"Trong kỳ báo cáo ({span(period)}) không có cuộc kiểm tra nào trong ứng dụng.",
            "limitations": "Không có số liệu về hạn chế trong kỳ báo cáo.",
            "next_tasks": "Triển khai các cuộc kiểm tra theo kế hoạch kiểm tra CCHC, công vụ của năm.",
            "proposals": "Đề nghị các đơn vị cập nhật đầy đủ kết quả kiểm tra và khắc phục vào ứng dụng.",
        }
    recs = f["recommendations"]
    shortcomings = sum(a["shortcomings"] for a in f["areas"])
    strengths = sum(a["strengths"] for a in f["areas"])
    worst = max(f["areas"], key=lambda a: a["shortcomings"], default=None)
    closed = f["states"]["closed_on_time"] + f["states"]["closed_late"]
    assessment = (
        f"Trong kỳ báo cáo ({span(period)}), đã kiểm tra {f['done']}/{f['planned']} cuộc theo kế hoạch "
        f"({pct(f['done'], f['planned'])}); ghi nhận {strengths} ưu điểm và {shortcomings} tồn tại, hạn chế; "
        f"ban hành {len(recs)} kiến nghị, trong đó {closed} kiến nghị đã được khắc phục."
    )
    units = f["overdue_by_unit"]
    limitations = (
        f"Lĩnh vực còn nhiều tồn tại nhất: {worst['area'] or 'chưa phân loại'} ({worst['shortcomings']} tồn tại). "
        if worst and worst["shortcomings"]
        else ""
    ) + (
        f"Còn {sum(u['overdue'] for u in units)} kiến nghị quá hạn chưa khắc phục tại {len(units)} đơn vị."
        if units
        else "Không có kiến nghị nào quá hạn chưa khắc phục."
    )
    remaining = f["planned"] - f["done"]
    unclosed = f["states"]["open"] + f["states"]["overdue"] + f["states"]["reported"]
    next_tasks = (
        f"Hoàn thành {remaining} cuộc kiểm tra còn lại theo kế hoạch; "
        if remaining
        else "Tổng hợp kết quả các cuộc kiểm tra đã thực hiện; "
    ) + (
        f"theo dõi, đôn đốc khắc phục {unclosed} kiến nghị chưa đóng."
        if unclosed
        else "tiếp tục theo dõi việc duy trì kết quả khắc phục của các đơn vị."
    )
    proposals = (
        f"Đề nghị {', '.join(u['unit_name'] for u in units[:5])} khẩn trương khắc phục và báo cáo kết "
        "quả các kiến nghị quá hạn."
        if units
        else "Đề nghị các đơn vị được kiểm tra tiếp tục duy trì kết quả khắc phục đúng thời hạn."
    )
    return {"assessment": assessment, "limitations": limitations, "next_tasks": next_tasks, "proposals": proposals}


def build_inspection(
    db: Database, actor: User, period: Period, narrative: dict | None = None, *, with_charts: bool = True
) -> Content:
    """The inspection report of `period`."""
    require(actor, "reports.view")
    require(actor, "inspections.view")
    f = inspection_figures(db, period)
    drafts = inspection_drafts(f, period)
    text = {**drafts, **clean_narrative(narrative)}
    blocks: list = [Heading("I. KẾT QUẢ KIỂM TRA")]
    if not f["inspections"]:
        blocks += paras(drafts["assessment"])
    else:
        blocks.append(
            Para(
                f"Số cuộc kiểm tra theo kế hoạch trong kỳ: {f['planned']}; đã kiểm tra: {f['done']}; hoãn: "
                f"{f['by_status']['postponed']}; hủy: {f['by_status']['cancelled']}."
            )
        )
        blocks.append(
            Table(
                "Bảng 1. Các cuộc kiểm tra trong kỳ",
                ["TT", "Đơn vị được kiểm tra", "Ngày", "Tình trạng", "Ưu điểm", "Tồn tại", "Kiến nghị", "Đã khắc phục"],
                [
                    [
                        str(n),
                        i["unit_name"],
                        fmt_day(i["starts_at"]),
                        STATUS_VI.get(i["status"], i["status"]),
                        fmt_number(i["strengths"]),
                        fmt_number(i["shortcomings"]),
                        fmt_number(i["recommendations"]),
                        fmt_number(i["closed"]),
                    ]
                    for n, i in enumerate(f["inspections"], start=1)
                ],
                [0.8, 5.0, 2.0, 2.4, 1.4, 1.4, 1.5, 1.5],
                frozenset({0, 4, 5, 6, 7}),
                11,
            )
        )
        if f["areas"]:
            blocks.append(
                Table(
                    "Bảng 2. Kết quả kiểm tra theo nội dung",
                    ["TT", "Nội dung kiểm tra", "Ưu điểm", "Tồn tại, hạn chế"],
                    [
                        [
                            str(n),
                            a["area"] or "Chưa phân loại",
                            fmt_number(a["strengths"]),
                            fmt_number(a["shortcomings"]),
                        ]
                        for n, a in enumerate(f["areas"], start=1)
                    ],
                    [0.8, 11.0, 2.2, 2.5],
                    frozenset({0, 2, 3}),
                    11,
                )
            )
        blocks.append(Heading("II. KIẾN NGHỊ VÀ KẾT QUẢ KHẮC PHỤC"))
        blocks.append(Para("; ".join(f"{label}: {f['states'][key]}" for key, label in FOLLOW_UP_VI.items()) + "."))
        if f["recommendations"]:
            blocks.append(
                Table(
                    "Bảng 3. Kiến nghị và tình hình khắc phục",
                    ["TT", "Kiến nghị", "Đơn vị thực hiện", "Thời hạn", "Tình trạng"],
                    [
                        [str(n), r["text"], r["unit_name"], fmt_day(r["deadline"]), FOLLOW_UP_VI[r["state"]]]
                        for n, r in enumerate(f["recommendations"], start=1)
                    ],
                    [0.8, 7.0, 3.4, 2.0, 3.3],
                    frozenset({0}),
                    11,
                )
            )
    if f["overdue_by_unit"]:
        blocks.append(
            Table(
                "Bảng 4. Kiến nghị quá hạn chưa khắc phục theo đơn vị",
                ["TT", "Đơn vị", "Số kiến nghị quá hạn", "Thời hạn sớm nhất"],
                [
                    [str(n), u["unit_name"], fmt_number(u["overdue"]), fmt_day(u["oldest"])]
                    for n, u in enumerate(f["overdue_by_unit"], start=1)
                ],
                [0.8, 9.0, 3.2, 3.5],
                frozenset({0, 2}),
                11,
            )
        )
    closing_sections(blocks, text, 3)
    summary = f"Kết quả kiểm tra công tác cải cách hành chính, công vụ {period.label_vi()}"
    return Content("inspection", period, summary, blocks, f, drafts, text)
