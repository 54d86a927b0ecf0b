"""The inspection report: inspections done against planned, findings by content area,
recommendations and their follow-up, overdue remedies by unit."""

from __future__ import annotations

from sqlite_utils import Database

from core.i18n import fmt_date, fmt_number, today_local
from core.periods import Period
from core.permissions import User, require
from exports.decree30 import Heading, Para, Table
from exports.prose import Content, clean_narrative, closing_sections, share
from inspections.report_data import follow_up_label, inspection_figures, inspection_units, status_label


def notice_text(row: dict) -> str:
    """'Thông báo kết luận số 41/TB-SNV ngày 20/03/2026', or that none is issued yet."""
    if row.get("conclusion_number"):
        day = f" ngày {fmt_date(row['conclusion_on'])}" if row.get("conclusion_on") else ""
        return f"Thông báo kết luận số {row['conclusion_number']}{day}"
    return "chưa ban hành thông báo kết luận"


def inspection_drafts(f: dict, period: Period) -> dict[str, str]:
    if not f["inspections"]:
        return {
            "assessment": f"Trong kỳ báo cáo ({period.span_vi()}) không có cuộc kiểm tra nào.",
            "limitations": "Trong kỳ không có tồn tại, hạn chế nào được ghi nhận qua kiểm tra.",
            "next_tasks": f"Triển khai các cuộc kiểm tra theo kế hoạch kiểm tra CCHC, công vụ năm {period.end.year}.",
            "proposals": "Đề nghị các đơn vị được kiểm tra báo cáo kết quả khắc phục đúng thời hạn.",
        }
    recs = f["recommendations"]
    shortcomings, strengths = f["shortcomings"], f["strengths"]
    worst = f["most_shortcomings"]
    closed = f["remedied"]
    assessment = (
        f"Trong kỳ báo cáo ({period.span_vi()}), đã kiểm tra {f['done']}/{f['planned']} cuộc theo kế hoạch "
        f"({share(f['done'], f['planned'])}); ghi nhận {strengths} ưu điểm và {shortcomings} tồn tại, hạn chế; "
        f"ban hành {len(recs)} kiến nghị, trong đó {closed} kiến nghị đã được khắc phục."
    )
    units = f["overdue_by_unit"]
    limitations = (
        f"Nội dung còn nhiều tồn tại nhất: {worst['area'] or 'chưa phân loại'} ({worst['shortcomings']} tồn tại). "
        if worst
        else ""
    ) + (
        f"Còn {f['overdue_outstanding']} kiến nghị quá hạn chưa khắc phục tại {len(units)} đơn vị."
        if units
        else "Không có kiến nghị nào quá hạn chưa khắc phục."
    )
    remaining = f["not_done"]
    unclosed = f["unclosed"]
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
    f = inspection_figures(db, period, today_local())
    drafts = inspection_drafts(f, period)
    text = {**drafts, **clean_narrative(narrative)}
    f["units"] = inspection_units(db, f["inspections"])
    tables = iter(range(1, 100))
    blocks: list = [Heading("I. KẾT QUẢ KIỂM TRA")]
    if not f["inspections"]:
        blocks.append(Para(f"Trong kỳ không có cuộc kiểm tra nào ({period.span_vi()})."))
    else:
        blocks.append(
            Para(
                f"Trong kỳ có {len(f['inspections'])} cuộc kiểm tra theo kế hoạch; đã kiểm tra {f['done']}, "
                f"hoãn {f['by_status']['postponed']}, hủy {f['by_status']['cancelled']}, "
                f"chưa đến thời gian kiểm tra {f['by_status']['planned'] + f['by_status']['confirmed']}."
            )
        )
        blocks.append(
            Table(
                f"Bảng {next(tables)}. Các cuộc kiểm tra trong kỳ",
                ["TT", "Đơn vị được kiểm tra", "Ngày", "Tình trạng", "Ưu điểm", "Tồn tại", "Kiến nghị", "Đã khắc phục"],
                [
                    [
                        str(n),
                        i["unit_name"],
                        fmt_date(i["starts_at"]),
                        status_label(i["status"]),
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
                    f"Bảng {next(tables)}. Kết quả kiểm tra theo nội dung",
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
        for n, u in enumerate(f["units"], start=1):
            blocks.append(Heading(f"{n}. {u['unit_name']} (kiểm tra ngày {fmt_date(u['starts_at'])})", 2))
            blocks.append(
                Para(
                    f"Kết quả kiểm tra được nêu tại {notice_text(u)}."
                    if u["conclusion_number"]
                    else f"Đơn vị {notice_text(u)}."
                )
            )
            if u["strength_texts"]:
                blocks.append(Para("Ưu điểm: " + "; ".join(t.rstrip(".") for t in u["strength_texts"]) + "."))
            if u["shortcoming_texts"]:
                blocks.append(
                    Para("Tồn tại, hạn chế: " + "; ".join(t.rstrip(".") for t in u["shortcoming_texts"]) + ".")
                )
    blocks.append(Heading("II. KIẾN NGHỊ VÀ KẾT QUẢ KHẮC PHỤC"))
    if not f["recommendations"]:
        blocks.append(Para("Trong kỳ không có kiến nghị nào."))
    else:
        blocks.append(Para("; ".join(f"{follow_up_label(key)}: {count}" for key, count in f["states"].items()) + "."))
        blocks.append(
            Table(
                f"Bảng {next(tables)}. Kiến nghị và tình hình khắc phục",
                ["TT", "Kiến nghị", "Đơn vị thực hiện", "Thời hạn", "Tình trạng"],
                [
                    [str(n), r["text"], r["unit_name"], fmt_date(r["deadline"]), follow_up_label(r["state"])]
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
                f"Bảng {next(tables)}. Kiến nghị quá hạn chưa khắc phục theo đơn vị",
                ["TT", "Đơn vị", "Số kiến nghị quá hạn", "Thời hạn sớm nhất"],
                [
                    [str(n), u["unit_name"], fmt_number(u["overdue"]), fmt_date(u["oldest"])]
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
