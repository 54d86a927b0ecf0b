"""The periodic CCHC report in the ministry's outline: the sections and parts come from
the office's outline (exports.outline), each part filled with what the office's data
holds and, where staff must write, the marked place "[Nội dung do đơn vị bổ sung]";
then a numeric annex of indicators."""

from __future__ import annotations

from sqlite_utils import Database

from core.i18n import fmt_date, fmt_number, today_local
from core.office import get_office
from core.periods import Period, shift
from core.permissions import User, can, require
from core.text import fold
from exports import outline
from exports.decree30 import Heading, Para, Table
from exports.prose import STAFF_SLOT, Content, body_name, clean_narrative, count, percent, percent_number, share
from indices.report_data import indices_figures
from inspections.report_data import inspection_figures, inspection_plans_of_year
from plans.report_data import annual_plan_for, progress_figures, themes_of
from services.report_data import tthc_figures


def _plan_name(plan: dict) -> str:
    """'Kế hoạch số 105/KH-UBND ngày 19/04/2021 của UBND Thành phố', or the plan's title."""
    if not plan.get("number"):
        return plan["title"]
    issued = f" ngày {fmt_date(plan['issued_on'])}" if plan.get("issued_on") else ""
    issuer = f" của {plan['issuer']}" if plan.get("issuer") else ""
    return f"Kế hoạch số {plan['number']}{issued}{issuer}"


def cchc_figures(db: Database, actor: User, period: Period) -> dict:
    progress = progress_figures(db, period, today_local())
    checks = inspection_figures(db, period, today_local())
    scores = indices_figures(db, actor, period, today_local()) if can(actor, "indices.view") else None
    next_plan = annual_plan_for(db, period.end.year + 1) if period.kind == "year" else None
    return {
        "progress": progress,
        "inspections": checks,
        "indices": scores,
        "inspection_plans": inspection_plans_of_year(db, period.end.year),
        "next_plan": next_plan,
        "next_themes": themes_of(db, next_plan["id"]) if next_plan else [],
        "tthc": tthc_figures(db, actor, period, today_local()),
    }


def _overdue_activities(f: dict) -> list[dict]:
    return [a for a in f["progress"]["activities"] if a.get("overdue")]


def cchc_drafts(f: dict, period: Period, office: dict) -> dict[str, str]:
    tot, checks = f["progress"]["totals"], f["inspections"]
    good, weak = [], []
    if tot:
        good.append(
            f"Hoàn thành {tot['done']}/{tot['count']} hoạt động thông tin, tuyên truyền CCHC "
            f"({share(tot['done'], tot['count'])})."
        )
    if checks["inspections"]:
        good.append(f"Đã kiểm tra {checks['done']}/{len(checks['inspections'])} cuộc theo kế hoạch trong kỳ.")
    late = _overdue_activities(f)
    if late:
        weak.append(
            f"Còn {len(late)} hoạt động tuyên truyền quá thời hạn chưa hoàn thành: "
            + "; ".join(f"{a['title']} ({a.get('lead_unit_name') or 'chưa giao đơn vị chủ trì'})" for a in late[:5])
            + "."
        )
    overdue_units = checks["overdue_by_unit"]
    if overdue_units:
        weak.append(
            f"Còn {sum(u['overdue'] for u in overdue_units)} kiến nghị sau kiểm tra quá hạn chưa khắc phục tại "
            + ", ".join(u["unit_name"] for u in overdue_units)
            + "."
        )
    if f["next_plan"]:
        themes = "; ".join(t["title"] for t in f["next_themes"])
        next_tasks = (
            f"Triển khai {_plan_name(f['next_plan'])} về {f['next_plan']['title'][0].lower()}"
            f"{f['next_plan']['title'][1:]}" + (f", tập trung các nội dung: {themes}." if themes else ".")
        )
    else:
        remaining = (tot["count"] - tot["done"] - tot["cancelled"]) if tot else 0
        pending = checks["by_status"]["planned"] + checks["by_status"]["confirmed"]
        parts = []
        if remaining:
            parts.append(
                f"hoàn thành {remaining} hoạt động tuyên truyền CCHC còn lại của kế hoạch năm {period.end.year}"
            )
        if pending:
            parts.append(f"thực hiện {pending} cuộc kiểm tra còn lại theo kế hoạch")
        parts.append("theo dõi, đôn đốc các đơn vị khắc phục kiến nghị sau kiểm tra")
        next_tasks = "Tiếp tục " + "; ".join(parts) + "."
    own = fold(body_name(office)).lower()
    others = [u["unit_name"] for u in overdue_units if fold(u["unit_name"]).lower() != own]
    parent = "Ủy ban nhân dân Thành phố" if "THÀNH PHỐ" in office["parent_body"].upper() else office["parent_body"]
    proposals = (
        f"Đề nghị {parent} chỉ đạo {', '.join(others)} khắc phục dứt điểm các kiến nghị quá hạn sau kiểm tra."
        if others
        else f"Đề nghị {parent} tiếp tục quan tâm, bố trí kinh phí cho công tác cải cách hành chính năm "
        f"{period.end.year + 1}."
    )
    return {
        "assessment": " ".join(good) or f"Trong kỳ báo cáo chưa có kết quả được tổng hợp ({period.label_vi()}).",
        "limitations": " ".join(weak) or "Trong kỳ không có hoạt động quá hạn hoặc kiến nghị quá hạn.",
        "next_tasks": next_tasks,
        "proposals": proposals,
    }


def _source_blocks(source: str, part: dict, f: dict, text: dict, tables) -> list:
    progress, checks, scores = f["progress"], f["inspections"], f["indices"]
    if source == "plans_issued":
        out = []
        if progress["plan"]:
            plan = progress["plan"]
            about = f" về {plan['title'][0].lower()}{plan['title'][1:]}" if plan.get("number") else ""
            out.append(Para(f"Triển khai {_plan_name(plan)}{about}."))
        out += [Para(f"Ban hành {_plan_name({**p, 'issuer': ''})}.") for p in f["inspection_plans"]]
        return out or [Para("Trong kỳ không có kế hoạch nào được ban hành.")]
    if source == "communication":
        if not progress["themes"]:
            return [Para("Trong kỳ không có hoạt động tuyên truyền nào theo kế hoạch.")]
        return [
            Table(
                f"Bảng {next(tables)}. Hoạt động thông tin, tuyên truyền theo nội dung",
                ["TT", "Nội dung tuyên truyền", "Số hoạt động", "Hoàn thành"],
                [
                    [str(n), t["title"], fmt_number(t["count"]), fmt_number(t["done"])]
                    for n, t in enumerate(progress["themes"], start=1)
                ],
                [0.8, 11.2, 2.2, 2.3],
                frozenset({0, 2, 3}),
                11,
            )
        ]
    if source == "inspections":
        if not checks["inspections"]:
            return [Para("Trong kỳ không có cuộc kiểm tra nào.")]
        return [
            Para(
                f"Đã kiểm tra {checks['done']}/{len(checks['inspections'])} cuộc theo kế hoạch; ban hành "
                f"{len(checks['recommendations'])} kiến nghị, đã khắc phục "
                f"{checks['states']['closed_on_time'] + checks['states']['closed_late']} kiến nghị."
            )
        ]
    if source == "index_handling":
        remedies = scores["remedies"] if scores else []
        if not remedies:
            return [Para("Trong kỳ không có nhiệm vụ khắc phục nào gắn với kết quả các chỉ số.")]
        done = sum(r["done"] for r in remedies)
        return [Para(f"Giao {len(remedies)} nhiệm vụ khắc phục các tiêu chí bị trừ điểm; đã hoàn thành {done}.")]
    if source == "field":
        out = []
        area = next((a for a in checks["areas"] if part["area"] and a["area"] == part["area"]), None)
        if area:
            out.append(
                Para(
                    f"Qua kiểm tra, {count(area['strengths'], 'ưu điểm', none='chưa ghi nhận ưu điểm')}; "
                    f"{count(area['shortcomings'], 'tồn tại, hạn chế', none='không có tồn tại, hạn chế')} "
                    "về nội dung này."
                )
            )
        if part["field"] == "LV3" and f.get("tthc"):
            out += [Para(line) for line in tthc_sentence(f["tthc"]).split("\n")]
            if f["tthc"]["months"]:
                out.append(tthc_table(f["tthc"], next(tables)))
        par = next((p for p in (scores or {}).get("per_index", []) if p["index"]["code"] == "PAR"), None)
        field = next((r for r in (par or {}).get("fields", []) if r["code"] == part["field"]), None)
        if field and field["max"]:
            lost = field["max"] - field["score"]
            out.append(
                Para(
                    f"Chỉ số CCHC (PAR Index) năm {par['latest']}: lĩnh vực đạt {fmt_number(field['score'], digits=2)}"
                    f"/{fmt_number(field['max'], digits=2)} điểm"
                    + (f", bị trừ {fmt_number(lost, digits=2)} điểm." if lost > 0 else ", đạt điểm tối đa.")
                )
            )
        return out
    if source in text:
        return [Para(line.strip()) for line in text[source].splitlines() if line.strip()]
    return []  # "causes": written by staff


def _month(month: str) -> str:
    return f"{month[5:]}/{month[:4]}"


def _carried_from(tthc: dict) -> str:
    """The month whose pending files are the range's carry-over: the one before its first."""
    return _month(shift(tthc["months"][0]["month"], -1))


def tthc_range(tthc: dict) -> str:
    """The months a report's TTHC figures cover: "từ tháng 01 đến hết tháng 10/2026"."""
    first, last = tthc["first"], tthc["last"]
    if first == last:
        return f"tháng {_month(last)}"
    return f"từ tháng {first[5:]} đến hết tháng {_month(last)}"


def tthc_sentence(tthc: dict) -> str:
    """The procedures' results as an office reports them (services.report_data.tthc_figures):
    the months covered, files received split into carried over and new, resolved on time and
    late, the stock pending at the end of the last month, toàn trình and một phần apart, and
    the rates against the year's targets; one paragraph per line. Without a complete month
    or without figures it says so."""
    if tthc["reason"] == "no_complete_month":
        return (
            f"Đến ngày chốt số liệu {fmt_date(tthc['cut_off'])}, năm {tthc['year']} chưa có tháng nào trọn vẹn; "
            "kết quả giải quyết thủ tục hành chính được tổng hợp từ kỳ báo cáo sau."
        )
    if tthc["reason"] == "no_figures":
        return f"Chưa có số liệu kết quả giải quyết thủ tục hành chính {tthc_range(tthc)} để tổng hợp."
    targets = tthc.get("targets") or {}

    def n(key: str) -> str:
        return fmt_number(tthc[key])

    def against(key: str) -> str:
        value, target = tthc.get(key), targets.get(key)
        if value is None:
            return "chưa có số liệu"
        if target is None:
            return percent(value)
        return f"{percent(value)} (chỉ tiêu {percent(target)}, {'đạt' if value >= target else 'chưa đạt'})"

    lines = [
        f"{tthc_range(tthc)[0].upper()}{tthc_range(tthc)[1:]}, các cơ quan, đơn vị đã tiếp nhận {n('received')} hồ sơ "
        f"thủ tục hành chính, trong đó {n('carried_over')} hồ sơ từ tháng {_carried_from(tthc)} chuyển sang và "
        f"{n('new')} hồ sơ tiếp nhận mới ({n('online')} hồ sơ trực tuyến, {n('in_person')} hồ sơ trực tiếp, "
        f"qua bưu chính); đã giải quyết {n('resolved')} hồ sơ, trong đó trước hạn và đúng hạn "
        f"{n('resolved_on_time')} hồ sơ, quá hạn {n('late')} hồ sơ; tỷ lệ giải quyết đúng hạn "
        f"{against('on_time_rate')}. "
        f"Đến hết tháng {_month(tthc['stock_month'])}, còn {n('pending')} hồ sơ đang giải quyết, trong đó "
        f"{n('pending_overdue')} hồ sơ quá hạn."
    ]
    online = []
    if tthc.get("full_online") is not None:
        online.append(f"trực tuyến toàn trình {n('full_online')} hồ sơ ({percent(tthc['full_online_rate'])})")
    if tthc.get("partial_online") is not None:
        online.append(f"trực tuyến một phần {n('partial_online')} hồ sơ ({percent(tthc['partial_online_rate'])})")
    lines.append(
        (f"Trong số hồ sơ tiếp nhận mới: {'; '.join(online)}; " if online else "")
        + f"tỷ lệ hồ sơ tiếp nhận trực tuyến {against('online_rate')}."
    )
    if tthc["missing"]:
        lines.append(
            "Chưa có số liệu tháng "
            + ", ".join(_month(m) for m in tthc["missing"])
            + "; số liệu trên chưa bao gồm các tháng này."
        )
    return "\n".join(lines)


def tthc_table(tthc: dict, number: int) -> Table:
    """The month-by-month table of the TTHC figures: new receipts, resolved, on time (ahead or
    on time), toàn trình, một phần and the stock at each month's end; a month without figures
    stays blank. The last row is the range: flows added up, the stock of its last month."""

    def cell(value) -> str:
        return "" if value is None else fmt_number(value)

    by_month = {m["month"]: m for m in tthc["months"]}
    rows, month = [], tthc["first"]
    while month <= tthc["last"]:
        m = by_month.get(month)
        keys = ("new", "resolved", "resolved_on_time", "full_online", "partial_online", "pending")
        rows.append([_month(month), *(cell(m[k]) if m else "" for k in keys)])
        month = shift(month, 1)
    rows.append(
        [
            f"Lũy kế đến hết tháng {_month(tthc['last'])}",
            *(cell(tthc[k]) for k in ("new", "resolved", "resolved_on_time", "full_online", "partial_online")),
            cell(tthc["pending"]),
        ]
    )
    return Table(
        f"Bảng {number}. Kết quả giải quyết thủ tục hành chính theo tháng năm {tthc['year']}",
        ["Tháng", "Tiếp nhận mới", "Giải quyết", "Đúng hạn", "Trực tuyến toàn trình", "Một phần", "Tồn cuối tháng"],
        rows,
        [3.0, 2.3, 2.2, 2.2, 2.5, 2.0, 2.3],
        frozenset({1, 2, 3, 4, 5, 6}),
        11,
    )


def annex_rows(f: dict) -> list[list[str]]:
    """The indicators of the annex: (TT, indicator, unit, value), each counted as at the
    cut-off. A value is blank where there is nothing to count it from (no plan for the year;
    the indices not readable by the user), never a 0 standing for "not reported"."""
    tot, checks, scores = f["progress"]["totals"] or {}, f["inspections"], f["indices"]
    has_plan = f["progress"]["plan"] is not None
    rows = [
        ("Hoạt động thông tin, tuyên truyền theo kế hoạch", "hoạt động", tot.get("count", 0) if has_plan else None),
        ("Hoạt động đã hoàn thành", "hoạt động", tot.get("done", 0) if has_plan else None),
        ("Cuộc kiểm tra trong kỳ", "cuộc", len(checks["inspections"])),
        ("Cuộc kiểm tra đã thực hiện", "cuộc", checks["done"]),
        ("Kiến nghị sau kiểm tra", "kiến nghị", len(checks["recommendations"])),
        ("Kiến nghị đã khắc phục", "kiến nghị", checks["states"]["closed_on_time"] + checks["states"]["closed_late"]),
        ("Kiến nghị quá hạn chưa khắc phục", "kiến nghị", checks["states"]["overdue"]),
    ]
    if scores is not None:
        remedies = scores["remedies"]
        rows += [
            ("Nhiệm vụ khắc phục kết quả các chỉ số", "nhiệm vụ", len(remedies)),
            ("Nhiệm vụ khắc phục đã hoàn thành", "nhiệm vụ", sum(r["done"] for r in remedies)),
        ]
    out = [
        [str(n), name, unit, "" if value is None else fmt_number(value)]
        for n, (name, unit, value) in enumerate(rows, start=1)
    ]
    tthc = f.get("tthc")
    if tthc and tthc["months"]:
        months, stock = tthc_range(tthc), f"đến hết tháng {_month(tthc['stock_month'])}"
        for name, unit, key in (
            (f"Hồ sơ TTHC tiếp nhận ({months})", "hồ sơ", "received"),
            (
                f"Trong đó: từ tháng {_month(shift(tthc['months'][0]['month'], -1))} chuyển sang",
                "hồ sơ",
                "carried_over",
            ),
            ("Trong đó: tiếp nhận mới", "hồ sơ", "new"),
            ("Hồ sơ TTHC đã giải quyết", "hồ sơ", "resolved"),
            ("Trong đó: trước hạn và đúng hạn", "hồ sơ", "resolved_on_time"),
            ("Trong đó: quá hạn", "hồ sơ", "late"),
            ("Tỷ lệ hồ sơ TTHC giải quyết đúng hạn", "%", "on_time_rate"),
            (f"Hồ sơ TTHC đang giải quyết {stock}", "hồ sơ", "pending"),
            ("Trong đó: quá hạn", "hồ sơ", "pending_overdue"),
            ("Hồ sơ tiếp nhận trực tuyến toàn trình", "hồ sơ", "full_online"),
            ("Hồ sơ tiếp nhận trực tuyến một phần", "hồ sơ", "partial_online"),
            ("Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến (toàn trình và một phần)", "%", "online_rate"),
        ):
            if tthc.get(key) is not None:
                value = percent_number(tthc[key]) if unit == "%" else fmt_number(tthc[key])
                out.append([str(len(out) + 1), name, unit, value])
    for p in (scores or {}).get("per_index", []):
        last = p["trend"][-1]
        if last["total"] is None:
            continue
        is_percent = p["index"]["code"] == "SIPAS"
        out.append(
            [
                str(len(out) + 1),
                f"{p['index']['code']} năm {last['year']}",
                "%" if is_percent else "điểm",
                fmt_number(last["total"], digits=2),
            ]
        )
    return out


def build_cchc(
    db: Database, actor: User, period: Period, narrative: dict | None = None, *, with_charts: bool = True
) -> Content:
    """The periodic CCHC report of `period`, section by section as the office's outline says."""
    require(actor, "reports.view")
    office = get_office(db)
    shape = outline.load_outline(db)
    f = cchc_figures(db, actor, period)
    drafts = cchc_drafts(f, period, office)
    text = {**drafts, **clean_narrative(narrative)}
    tables = iter(range(1, 100))
    blocks: list = []
    for section in shape["sections"]:
        blocks.append(Heading(section["title"]))
        for part in section["parts"]:
            if part["title"]:
                blocks.append(Heading(part["title"], 2))
            for source in part["sources"]:
                blocks += _source_blocks(source, part, f, text, tables)
            if part["staff"]:
                blocks.append(Para(STAFF_SLOT, italic=True))
    if shape["annex"]:
        blocks.append(Heading(shape["annex"].upper()))
        blocks.append(
            Table(
                f"Bảng {next(tables)}. Số liệu chỉ tiêu {period.label_vi()}",
                ["TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"],
                annex_rows(f),
                [0.8, 10.0, 2.7, 3.0],
                frozenset({0, 3}),
                11,
            )
        )
    summary = f"{shape['title']} {period.label_vi()}"
    return Content("cchc", period, summary, blocks, f, drafts, text)
