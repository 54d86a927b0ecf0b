"""The reform-indices report: scores and ranks by year, points lost by field, the
sub-criteria that lost most with their lead agency, and the remedial tasks' status."""

from __future__ import annotations

from sqlite_utils import Database

from core.i18n import fmt_date, fmt_number, t, today_local
from core.office import get_office
from core.periods import Period
from core.permissions import User, require
from core.text import fold
from exports.decree30 import Heading, Para, Table
from exports.prose import Content, body_name, clean_narrative, closing_sections, paras, percent
from indices.report_data import indices_figures


def _n(value, digits: int = 2) -> str:
    return "" if value is None else fmt_number(value, digits=digits)


def result_text(p: dict, row: dict) -> str:
    """'92,10/100 điểm', '87,45 %', '46,48 điểm (thang 80 điểm)' — each on its own scale."""
    if p["nature"] == "percent" or p["unit"] == "percent":
        return percent(row["total"])
    if p["nature"] == "points_lost":
        return f"{_n(row['total'])}/{_n(row['max_total'], 0)} điểm"
    return f"{_n(row['total'])} điểm (thang {_n(row['max_total'], 0)} điểm)"


def field_value(p: dict, row: dict) -> str:
    if p["nature"] == "percent" or p["unit"] == "percent":
        return percent(row["score"])
    return f"{_n(row['score'])}/{_n(row['max'], 2 if p['nature'] == 'points_lost' else 0)}"


def indices_drafts(f: dict, period: Period) -> dict[str, str]:
    if not f["per_index"]:
        return {
            "assessment": f"Đến năm {f['year']} chưa có kết quả chỉ số cải cách hành chính nào được công bố.",
            "limitations": "Trong kỳ báo cáo chưa có kết quả để đánh giá điểm bị trừ.",
            "next_tasks": "Tổng hợp kết quả các chỉ số PAR Index, SIPAS, PAPI, PCI khi được công bố.",
            "proposals": "Đề nghị các cơ quan chủ trì cung cấp kết quả chỉ số và tài liệu kiểm chứng.",
        }
    parts, weak = [], []
    for p in f["per_index"]:
        last = p["trend"][-1]
        rank = f", xếp thứ {last['rank']}/{last['ranked_of']}" if last["rank"] and last["ranked_of"] else ""
        change = (
            f" ({'tăng' if last['rank_change'] > 0 else 'giảm'} {abs(last['rank_change'])} bậc)"
            if last["rank_change"]
            else ""
        )
        mark = " (dữ liệu mẫu)" if last["sample"] else ""
        parts.append(f"{p['index']['code']} năm {last['year']} đạt {result_text(p, last)}{rank}{change}{mark}")
        pair = p["extremes"]
        if pair:
            best, worst = pair
            weak.append(
                f"{p['index']['code']}: cao nhất là {best['name_vi']} ({field_value(p, best)}), thấp nhất là "
                f"{worst['name_vi']} ({field_value(p, worst)})"
            )
    assessment = "Kết quả các chỉ số: " + "; ".join(parts) + "."
    losses = f["losses"][:3]
    limitations = (
        ("Theo từng chỉ số, " + "; ".join(weak) + ". " if weak else "")
        + (
            "Các tiêu chí thành phần của Chỉ số CCHC bị trừ nhiều điểm nhất: "
            + "; ".join(f"{r['code']} {r['name_vi']} (bị trừ {_n(r['lost'])} điểm)" for r in losses)
            + "."
            if losses
            else "Chỉ số CCHC không có tiêu chí thành phần nào bị trừ điểm trong kết quả gần nhất."
        )
    ).strip()
    focus = next((r for r in losses if r.get("lead_name")), None)
    remedies = f["remedies"]
    next_tasks = (
        f"Hoàn thành {f['remedies_open']}/{len(remedies)} nhiệm vụ khắc phục còn lại của năm {f['year']}"
        + (
            f", tập trung vào tiêu chí {focus['code']} {focus['name_vi']} do {focus['lead_name']} chủ trì"
            if focus
            else ""
        )
        + "."
        if remedies
        else f"Xây dựng nhiệm vụ khắc phục cho các tiêu chí bị trừ điểm của năm {f['year']}."
    )
    own = fold(f.get("office_body", "")).lower()
    leads = sorted({r["lead_name"] for r in f["losses"] if r.get("lead_name") and fold(r["lead_name"]).lower() != own})
    proposals = (
        f"Đề nghị {', '.join(leads)} chủ trì khắc phục các tiêu chí bị trừ điểm thuộc lĩnh vực được giao."
        if leads
        else "Đề nghị các cơ quan chủ trì tiếp tục theo dõi, cải thiện các tiêu chí thành phần."
    )
    return {"assessment": assessment, "limitations": limitations, "next_tasks": next_tasks, "proposals": proposals}


def build_indices(
    db: Database, actor: User, period: Period, narrative: dict | None = None, *, with_charts: bool = True
) -> Content:
    """The reform-indices report of `period` (its year)."""
    require(actor, "reports.view")
    require(actor, "indices.view")
    f = {**indices_figures(db, actor, period, today_local()), "office_body": body_name(get_office(db))}
    drafts = indices_drafts(f, period)
    text = {**drafts, **clean_narrative(narrative)}
    tables = iter(range(1, 100))
    blocks: list = [Heading("I. KẾT QUẢ CÁC CHỈ SỐ CẢI CÁCH HÀNH CHÍNH")]
    if not f["per_index"]:
        blocks += paras(drafts["assessment"])
    else:
        if any(r["sample"] for p in f["per_index"] for r in p["trend"]):
            blocks.append(
                Para(
                    "Số liệu ghi “Dữ liệu mẫu” là số liệu minh họa, không phải kết quả chính thức đã công bố.",
                    italic=True,
                )
            )
        blocks.append(
            Table(
                f"Bảng {next(tables)}. Kết quả và thứ hạng qua các năm",
                ["Chỉ số", "Năm", "Điểm", "Kết quả", "Ghi chú", "Thứ hạng", "Thay đổi"],
                [
                    [
                        p["index"]["code"],
                        str(r["year"]),
                        _n(r["total"]),
                        result_text(p, r) if r["total"] is not None else "",
                        "Dữ liệu mẫu" if r["sample"] else "",
                        f"{r['rank']}/{r['ranked_of']}" if r["rank"] else "",
                        f"{r['rank_change']:+d}" if r["rank_change"] else "",
                    ]
                    for p in f["per_index"]
                    for r in p["trend"]
                ],
                [1.8, 1.3, 1.8, 4.4, 2.6, 2.2, 2.0],
                frozenset({1, 2, 6}),
                11,
            )
        )
    titles = {
        "points_lost": "Chỉ số CCHC (PAR Index): điểm theo lĩnh vực và điểm bị trừ",
        "percent": "Chỉ số hài lòng (SIPAS): tỷ lệ hài lòng theo yếu tố",
        "score": "{code}: điểm theo nội dung trên thang điểm của chỉ số",
    }
    if f["per_index"]:
        blocks.append(Heading("II. KẾT QUẢ THEO LĨNH VỰC CỦA TỪNG CHỈ SỐ"))
    for n, p in enumerate(f["per_index"], start=1):
        if not p["fields"]:
            continue
        code = p["index"]["code"]
        blocks.append(Heading(f"{n}. " + titles[p["nature"]].format(code=code) + f" năm {p['latest']}", 2))
        if p["nature"] == "points_lost":
            columns = ["Mã", "Lĩnh vực", "Điểm đạt", "Điểm tối đa", "Điểm bị trừ"]
            rows = [[r["code"], r["name_vi"], _n(r["score"]), _n(r["max"]), _n(r["lost"])] for r in p["fields"]]
            widths = [1.3, 8.7, 2.2, 2.2, 2.1]
        elif p["nature"] == "percent":
            columns = ["Mã", "Yếu tố", "Tỷ lệ hài lòng"]
            rows = [[r["code"], r["name_vi"], percent(r["score"])] for r in p["fields"]]
            widths = [1.3, 11.7, 3.5]
        else:
            columns = ["Mã", "Nội dung", "Điểm", "Thang điểm", "Thứ hạng"]
            rows = [
                [r["code"], r["name_vi"], _n(r["score"]), _n(r["max"], 0), str(r["rank"]) if r["rank"] else ""]
                for r in p["fields"]
            ]
            widths = [1.3, 9.2, 2.0, 2.0, 2.0]
        blocks.append(
            Table(
                f"Bảng {next(tables)}. {code} năm {p['latest']}"
                + (" (dữ liệu mẫu)" if p["trend"][-1]["sample"] else ""),
                columns,
                rows,
                widths,
                frozenset(range(2, len(columns))),
                11,
            )
        )
        pair = p["extremes"]
        if pair:
            best, worst = pair
            blocks.append(
                Para(
                    f"Cao nhất: {best['name_vi']} ({field_value(p, best)}); thấp nhất: {worst['name_vi']} "
                    f"({field_value(p, worst)})."
                )
            )
    if f["losses"]:
        blocks.append(
            Table(
                f"Bảng {next(tables)}. Tiêu chí thành phần của Chỉ số CCHC bị trừ nhiều điểm nhất năm "
                f"{f['losses'][0]['year']}",
                ["Mã", "Tiêu chí", "Bị trừ (điểm)", "Tỷ lệ bị trừ", "Cơ quan chủ trì"],
                [
                    [r["code"], r["name_vi"], _n(r["lost"]), percent(r["lost_share"]), r["lead_name"]]
                    for r in f["losses"]
                ],
                [1.4, 7.0, 2.0, 2.0, 4.1],
                frozenset({2, 3}),
                11,
            )
        )
    blocks.append(Heading("III. NHIỆM VỤ KHẮC PHỤC"))
    if f["remedies"]:
        blocks.append(
            Para(f"Năm {f['year']} có {len(f['remedies'])} nhiệm vụ khắc phục, đã hoàn thành {f['remedies_done']}.")
        )
        blocks.append(
            Table(
                f"Bảng {next(tables)}. Nhiệm vụ khắc phục và tình trạng",
                ["TT", "Nhiệm vụ", "Chỉ số, tiêu chí", "Cơ quan chủ trì", "Thời hạn", "Tình trạng"],
                [
                    [
                        str(n),
                        r["title"],
                        f"{r['index_code'] or ''} {r['node_code'] or ''}".strip(),
                        r["lead_name"] or "",
                        fmt_date(r["deadline"]),
                        t(f"indices.remedy.status.{r['status']}"),
                    ]
                    for n, r in enumerate(f["remedies"], start=1)
                ],
                [0.8, 6.0, 2.2, 3.2, 2.0, 2.3],
                frozenset({0}),
                11,
            )
        )
    else:
        blocks.append(Para(f"Năm {f['year']} chưa giao nhiệm vụ khắc phục nào gắn với kết quả các chỉ số."))
    closing_sections(blocks, text, 4)
    summary = f"Kết quả các chỉ số cải cách hành chính và nhiệm vụ khắc phục {period.label_vi()}"
    return Content("indices", period, summary, blocks, f, drafts, text)
