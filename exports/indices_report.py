"""The reform-indices report: scores and ranks by year, points lost by field, the
sub-criteria that lost most with their lead agency, and the remedial tasks' status."""

from __future__ import annotations

from sqlite_utils import Database

from core import units as core_units
from core.i18n import fmt_number, t
from core.permissions import User, require
from exports.content import Content, clean_narrative, closing_sections, fmt_day, paras
from exports.decree30 import Heading, Para, Table
from exports.periods import Period
from indices import analysis, frameworks, leads, remediation


def _n(value, digits: int = 2) -> str:
    return "" if value is None else fmt_number(value, digits=digits)


def indices_figures(db: Database, actor: User, period: Period) -> dict:
    """Per city index: its trend up to the period's year and its fields in the latest
    year; the biggest losses of that year; the remedial tasks of plans of the year."""
    year = period.end.year
    per_index = []
    for index in frameworks.list_indices(db):
        if index["subject_kind"] != "city":
            continue
        trend = [r for r in analysis.trend(db, actor, index["id"]) if r["year"] <= year]
        if not trend:
            continue
        latest = max(r["year"] for r in trend)
        fields = [r for r in analysis.field_trend(db, actor, index["id"]) if r["year"] == latest]
        per_index.append({"index": index, "trend": trend, "latest": latest, "fields": fields})
    latest_year = max((p["latest"] for p in per_index), default=None)
    losses = analysis.biggest_losses(db, actor, latest_year, 15) if latest_year else []
    lead_of = leads.leads_on(db, [r["node_id"] for r in losses], period.end) if losses else {}
    for row in losses:
        lead = lead_of.get(row["node_id"])
        unit = core_units.unit_by_id(db, lead["unit_id"]) if lead else None
        row["lead_name"] = unit["name"] if unit else ""
    remedies = [r for r in remediation.list_remedies(db, actor) if r["plan_year"] == year]
    return {"year": year, "per_index": per_index, "latest_year": latest_year, "losses": losses, "remedies": remedies}


def indices_drafts(f: dict, period: Period) -> dict[str, str]:
    if not f["per_index"]:
        return {
            "assessment": f"Ứng dụng chưa có kết quả chỉ số cải cách hành chính nào đến năm {f['year']}.",
            "limitations": "Không có số liệu về điểm bị trừ trong kỳ báo cáo.",
            "next_tasks": "Cập nhật kết quả các chỉ số PAR Index, SIPAS, PAPI, PCI khi được công bố.",
            "proposals": "Đề nghị các cơ quan chủ trì cung cấp kết quả chỉ số và tài liệu kiểm chứng.",
        }
    parts = []
    for p in f["per_index"]:
        last = p["trend"][-1]
        rank = f", xếp thứ {last['rank']}/{last['ranked_of']}" if last["rank"] and last["ranked_of"] else ""
        change = (
            f" ({'tăng' if last['rank_change'] > 0 else 'giảm'} {abs(last['rank_change'])} bậc)"
            if last["rank_change"]
            else ""
        )
        parts.append(
            f"{p['index']['code']} năm {last['year']} đạt {_n(last['total'])}/{_n(last['max_total'])} điểm"
            f"{rank}{change}"
        )
    assessment = "Kết quả các chỉ số: " + "; ".join(parts) + "."
    losses = f["losses"][:3]
    limitations = (
        "Các tiêu chí bị trừ nhiều điểm nhất: "
        + "; ".join(f"{r['index_code']} {r['code']} {r['name_vi']} (mất {_n(r['lost'])} điểm)" for r in losses)
        + "."
        if losses
        else "Không có tiêu chí nào bị trừ điểm trong kết quả gần nhất."
    )
    remedies = f["remedies"]
    done = sum(r["done"] for r in remedies)
    next_tasks = (
        f"Hoàn thành {len(remedies) - done}/{len(remedies)} nhiệm vụ khắc phục còn lại của năm {f['year']}"
        + (f", tập trung vào tiêu chí {losses[0]['code']}" if losses else "")
        + "."
        if remedies
        else f"Xây dựng nhiệm vụ khắc phục cho các tiêu chí bị trừ điểm của năm {f['year']}."
    )
    leads = sorted({r["lead_name"] for r in losses if r.get("lead_name")})
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
    f = indices_figures(db, actor, period)
    drafts = indices_drafts(f, period)
    text = {**drafts, **clean_narrative(narrative)}
    blocks: list = [Heading("I. KẾT QUẢ CÁC CHỈ SỐ CẢI CÁCH HÀNH CHÍNH")]
    if not f["per_index"]:
        blocks += paras(drafts["assessment"])
    else:
        blocks.append(
            Table(
                "Bảng 1. Điểm số và thứ hạng qua các năm",
                ["Chỉ số", "Năm", "Điểm", "Điểm tối đa", "Tỷ lệ (%)", "Thứ hạng", "Thay đổi"],
                [
                    [
                        p["index"]["code"],
                        str(r["year"]),
                        _n(r["total"]),
                        _n(r["max_total"]),
                        _n(r["percent"]),
                        f"{r['rank']}/{r['ranked_of']}" if r["rank"] else "",
                        f"{r['rank_change']:+d}" if r["rank_change"] else "",
                    ]
                    for p in f["per_index"]
                    for r in p["trend"]
                ],
                [2.2, 1.4, 2.2, 2.2, 2.0, 2.2, 1.8],
                frozenset({1, 2, 3, 4, 6}),
                11,
            )
        )
        rows = [
            [
                p["index"]["code"],
                r["code"],
                r["name_vi"],
                _n(r["score"]),
                _n(r["max"]),
                _n(r["max"] - r["score"] if r["max"] is not None else None),
            ]
            for p in f["per_index"]
            for r in p["fields"]
        ]
        if rows:
            blocks.append(Heading("II. ĐIỂM BỊ TRỪ THEO LĨNH VỰC"))
            blocks.append(
                Table(
                    f"Bảng 2. Điểm theo lĩnh vực (kết quả gần nhất, đến năm {f['year']})",
                    ["Chỉ số", "Mã", "Lĩnh vực", "Điểm", "Tối đa", "Bị trừ"],
                    rows,
                    [1.8, 1.2, 7.5, 2.0, 2.0, 2.0],
                    frozenset({3, 4, 5}),
                    11,
                )
            )
        if f["losses"]:
            blocks.append(
                Table(
                    f"Bảng 3. Tiêu chí thành phần bị trừ nhiều điểm nhất năm {f['latest_year']}",
                    ["Chỉ số", "Mã", "Tiêu chí", "Bị trừ", "Tỷ lệ bị trừ (%)", "Cơ quan chủ trì"],
                    [
                        [r["index_code"], r["code"], r["name_vi"], _n(r["lost"]), _n(r["lost_share"]), r["lead_name"]]
                        for r in f["losses"]
                    ],
                    [1.6, 1.4, 6.0, 1.6, 2.0, 3.9],
                    frozenset({3, 4}),
                    11,
                )
            )
    blocks.append(Heading("III. NHIỆM VỤ KHẮC PHỤC"))
    if f["remedies"]:
        done = sum(r["done"] for r in f["remedies"])
        blocks.append(Para(f"Năm {f['year']} có {len(f['remedies'])} nhiệm vụ khắc phục, đã hoàn thành {done}."))
        blocks.append(
            Table(
                "Bảng 4. Nhiệm vụ khắc phục và tình trạng",
                ["TT", "Nhiệm vụ", "Chỉ số, tiêu chí", "Cơ quan chủ trì", "Thời hạn", "Tình trạng"],
                [
                    [
                        str(n),
                        r["title"],
                        f"{r['index_code'] or ''} {r['node_code'] or ''}".strip(),
                        r["lead_name"] or "",
                        fmt_day(r["deadline"]),
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
        blocks.append(Para(f"Năm {f['year']} chưa có nhiệm vụ khắc phục nào gắn với chỉ số trong ứng dụng."))
    closing_sections(blocks, text, 4)
    summary = f"Kết quả các chỉ số cải cách hành chính và nhiệm vụ khắc phục {period.label_vi()}"
    return Content("indices", period, summary, blocks, f, drafts, text)
