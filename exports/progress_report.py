"""The communication-plan progress report (BC-SNV): the plan's figures as at the period's
cut-off and its press coverage, read from the plans and media slices' `report_data`, laid
out as tables, charts and Vietnamese drafts of every narrative section. Staff text, when
given, replaces a draft."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from core.i18n import fmt_date, fmt_money, fmt_number, today_local
from core.office import get_office
from core.periods import Period
from core.permissions import User, require
from exports import charts
from exports.cchc_report import activity_sentences, late_groups
from exports.decree30 import Chart, Heading, Para, Table, unit_case
from exports.prose import Content, clean_narrative, closing_sections, count, paras, percent, share
from media.report_data import coverage_figures, kind_label
from plans.report_data import progress_figures, status_label

# --- communication-plan progress -------------------------------------------


def _about(title: str) -> str:
    """A plan's title after "Kế hoạch số … về": without its own leading "Kế hoạch"."""
    rest = title.removeprefix("Kế hoạch ").removeprefix("kế hoạch ")
    return rest[0].lower() + rest[1:] if rest else rest


def _plan_ref(plan: dict) -> str:
    """'Kế hoạch số 105/KH-UBND ngày 19/4/2021 của UBND thành phố Hà Nội về …', or the plan's
    own title when it has no number yet."""
    issuer = f" của {plan['issuer']}" if plan.get("issuer") else ""
    if not plan.get("number"):
        return f"{plan['title']}{issuer}"
    issued = f" ngày {fmt_date(plan['issued_on'])}" if plan.get("issued_on") else ""
    return f"Kế hoạch số {plan['number']}{issued}{issuer} về {_about(plan['title'])}"


def _is_office(name: str | None, office: dict) -> bool:
    return bool(name) and unit_case(name).casefold() == unit_case(office["issuing_body"]).casefold()


def _causes(activities: list[dict], recorded: dict[int, dict]) -> list[str]:
    """The causes staff recorded for the activities the assessment names, sorted into
    objective (khách quan) and subjective (chủ quan): the reason given when an activity was
    postponed, cancelled or late (its history) and the cause written with its latest progress
    update by the cut-off (`recorded`, plans.report_data.recorded_causes). An activity both
    late and postponed is named once; a cause written twice for it, once."""
    found: dict[str, list[str]] = {"objective": [], "subjective": [], "": []}
    seen: set[tuple[int, str]] = set()
    for a in {a["id"]: a for a in activities}.values():
        entries = [(a.get("reason"), a.get("cause"))]
        if a["id"] in recorded:
            entries.append((recorded[a["id"]]["cause"], recorded[a["id"]]["cause_kind"]))
        for text, kind in entries:
            text = (text or "").strip().rstrip(".;")
            if text and (a["id"], text.casefold()) not in seen:
                seen.add((a["id"], text.casefold()))
                found[kind if kind in ("objective", "subjective") else ""].append(f"{text} ({a['title']})")
    labels = (("objective", "Nguyên nhân khách quan"), ("subjective", "Nguyên nhân chủ quan"), ("", "Nguyên nhân khác"))
    return [f"{label}: " + "; ".join(found[kind]) + "." for kind, label in labels if found[kind]]


def progress_drafts(figures: dict, period: Period, office: dict | None = None) -> dict[str, str]:
    """Vietnamese drafts of the narrative sections, from the figures as at the cut-off: the
    late activities by name, days late and lead unit, themes without press coverage, the
    causes staff recorded, and an annual report's next tasks from next year's plan."""
    office = office or {"issuing_body": "Sở Nội vụ"}
    when = f"Trong kỳ báo cáo ({period.span_vi()})"
    tot = figures["totals"]
    if tot is None:
        what = "chưa có kế hoạch thông tin, tuyên truyền CCHC" if figures["plan"] is None else "không có hoạt động nào"
        return {
            "assessment": f"{when} {what} của năm {period.end.year}, nên không có số liệu để đánh giá.",
            "limitations": "Không có số liệu về hạn chế trong kỳ báo cáo.",
            "next_tasks": f"Ban hành và triển khai kế hoạch thông tin, tuyên truyền CCHC năm {period.end.year}.",
            "proposals": "Đề nghị các cơ quan, đơn vị báo cáo đầy đủ kết quả thực hiện theo kỳ.",
        }
    acts = figures["activities"]
    overdue = figures["attention"]["overdue"]
    at_risk = [a for a in acts if a["at_risk"]]
    done_names = [a["title"] for a in acts if a["done"]][:3]
    assessment = (
        f"{when}, đã hoàn thành {tot['done']}/{tot['count']} hoạt động thông tin, tuyên truyền "
        f"CCHC ({share(tot['done'], tot['count'])}); {tot['in_progress']} hoạt động đang thực hiện, "
        f"{tot['not_started']} hoạt động chưa triển khai. Mức độ hoàn thành bình quân của các hoạt động "
        f"đạt {percent(tot['completion'])}. Kinh phí đã sử dụng {fmt_money(tot['budget_used'])} trên tổng "
        f"dự toán {fmt_money(tot['budget'])} ({share(tot['budget_used'], tot['budget'])})."
    )
    if done_names:
        assessment += " Các hoạt động đã hoàn thành gồm: " + "; ".join(done_names) + "."
    measured = _measured(tot["by_unit"])
    if measured:
        assessment += f" Kết quả theo chỉ tiêu (số lượng do đơn vị báo cáo): {measured}."
    # the activities late to start, overdue, at risk or behind at the cut-off, by name, lead
    # unit and dates, as the CCHC report names them
    groups = late_groups({"progress": figures})
    sentences = activity_sentences(groups, figures["as_of"])
    late = groups["late_start"] + overdue + at_risk + groups["behind"]
    silent = figures.get("coverage", {}).get("silent_themes") or []
    if silent:
        sentences.append(
            "Chưa có tin, bài trên báo chí về các nội dung: "
            + "; ".join(f"{t['code']}. {t['title']}" for t in silent)
            + "."
        )
    sentences += _causes(late + groups["stopped"], figures.get("causes") or {})
    limitations = (
        "\n".join(sentences) if sentences else "Không có hoạt động nào quá thời hạn hoặc có nguy cơ chậm tiến độ."
    )
    next_tasks = _next_tasks(figures, period, overdue, tot)
    lead_units = sorted(
        {
            unit_case(a["lead_unit_name"])
            for a in late
            if a.get("lead_unit_name") and not _is_office(a["lead_unit_name"], office)
        }
    )
    proposals = (
        f"Đề nghị {', '.join(lead_units)} khẩn trương hoàn thành các hoạt động được giao chủ trì đang chậm tiến độ."
        if lead_units
        else "Đề nghị các cơ quan, đơn vị tiếp tục phối hợp triển khai và bố trí đủ kinh phí cho các hoạt động còn lại."
    )
    return {"assessment": assessment, "limitations": limitations, "next_tasks": next_tasks, "proposals": proposals}


def _measured(by_unit: list[dict]) -> str:
    """The counted results, one unit of measure at a time: what was reported against the
    targets of the activities that reported, the activities that reported no count named
    apart (their target is counted neither as achieved nor as missed)."""
    parts, silent_targets = [], []
    for u in by_unit:
        unit = u["unit"]
        if not u["reported"]:
            silent_targets.append(f"{fmt_number(u['target'])} {unit}")
            continue
        text = f"{fmt_number(u['achieved'])}/{fmt_number(u['reported_target'])} {unit}"
        silent = u["unreported"]
        if silent:
            missing = u["unreported_target"]
            text += f" ({silent} hoạt động với chỉ tiêu {fmt_number(missing)} {unit} chưa báo cáo số lượng)"
        parts.append(text)
    if silent_targets:
        parts.append("chưa có báo cáo số lượng đối với chỉ tiêu " + ", ".join(silent_targets))
    return "; ".join(parts)


def _next_tasks(figures: dict, period: Period, overdue: list[dict], tot: dict) -> str:
    """The next period's tasks: an annual report looks to next year's plan; other periods to
    the late and remaining activities of this one."""
    if period.kind == "year":
        nxt = figures.get("next_plan")
        if nxt:
            focus = "; ".join(t["title"] for t in figures.get("next_themes") or [])
            return f"Triển khai {_plan_ref(nxt)}" + (f", tập trung vào các nội dung: {focus}" if focus else "") + "."
        return (
            f"Tham mưu xây dựng, ban hành kế hoạch thông tin, tuyên truyền CCHC năm {period.end.year + 1}, "
            "kế thừa các nội dung có hiệu quả và khắc phục các hạn chế nêu trên."
        )
    text = f"Tập trung hoàn thành {tot['remaining']} hoạt động còn lại của kế hoạch"
    if overdue:
        text += ", ưu tiên các hoạt động đã quá hạn: " + "; ".join(a["title"] for a in overdue[:5])
    return text + f"; sử dụng hiệu quả {fmt_money(tot['budget_left'])} kinh phí còn lại."


def progress_tables(figures: dict) -> list:
    """Theme summary, the activity list, and the overdue/at-risk list, as report blocks."""
    themes = figures["themes"]
    summary_rows = [
        [
            str(i),
            f"{t['code']}. {t['title']}" if t["code"] else t["title"],
            fmt_number(t["count"]),
            fmt_number(t["done"]),
            fmt_number(t["in_progress"]),
            fmt_number(t["overdue"]),
            fmt_number(t["at_risk"]),
            fmt_number(t["budget"]),
            fmt_number(t["budget_used"]),
        ]
        for i, t in enumerate(themes, start=1)
    ]
    tot = figures["totals"]
    summary_rows.append(
        [
            "",
            "Tổng cộng",
            fmt_number(tot["count"]),
            fmt_number(tot["done"]),
            fmt_number(tot["in_progress"]),
            fmt_number(tot["overdue"]),
            fmt_number(tot["at_risk"]),
            fmt_number(tot["budget"]),
            fmt_number(tot["budget_used"]),
        ]
    )
    blocks = [
        Table(
            "Bảng 1. Kết quả thực hiện theo nội dung tuyên truyền",
            [
                "TT",
                "Nội dung",
                "Số hoạt động",
                "Hoàn thành",
                "Đang thực hiện",
                "Quá hạn",
                "Nguy cơ chậm",
                "Kinh phí (đồng)",
                "Đã sử dụng (đồng)",
            ],
            summary_rows,
            [0.8, 4.6, 1.4, 1.4, 1.4, 1.2, 1.3, 2.0, 2.0],
            frozenset({0, 2, 3, 4, 5, 6, 7, 8}),
            11,
        )
    ]
    activity_rows = [
        [
            str(i),
            a["title"],
            unit_case(a.get("lead_unit_name") or ""),
            fmt_date(a.get("deadline") or a.get("planned_end")),
            _target(a),
            _achieved(a),
            status_label(a["status"]) + (" (quá hạn)" if a["overdue"] else " (nguy cơ chậm)" if a["at_risk"] else ""),
            fmt_number(a.get("budget") or 0),
        ]
        for i, a in enumerate(figures["activities"], start=1)
    ]
    blocks.append(
        Table(
            "Bảng 2. Danh mục hoạt động và tiến độ",
            ["TT", "Hoạt động", "Đơn vị chủ trì", "Thời hạn", "Chỉ tiêu", "Đã đạt", "Tình trạng", "Kinh phí (đồng)"],
            activity_rows,
            [0.8, 4.2, 2.4, 1.8, 1.7, 1.7, 1.9, 2.0],
            frozenset({0, 4, 5, 7}),
            11,
        )
    )
    late = [a for a in figures["activities"] if a["overdue"] or a["at_risk"]]
    if late:
        blocks.append(
            Table(
                "Bảng 3. Hoạt động quá hạn hoặc có nguy cơ chậm tiến độ",
                ["TT", "Hoạt động", "Đơn vị chủ trì", "Thời hạn", "Tiến độ (%)", "Số ngày chậm", "Tình trạng"],
                [
                    [
                        str(i),
                        a["title"],
                        unit_case(a.get("lead_unit_name") or ""),
                        fmt_date(a.get("deadline") or a.get("planned_end")),
                        fmt_number(a["progress"], digits=0),
                        fmt_number(a["days_late"]) if a["overdue"] else "",
                        "Quá hạn" if a["overdue"] else "Nguy cơ chậm",
                    ]
                    for i, a in enumerate(late, start=1)
                ],
                [0.8, 5.2, 2.9, 2.0, 1.5, 1.5, 2.1],
                frozenset({0, 4, 5}),
                11,
            )
        )
    return blocks


def _achieved(a: dict) -> str:
    """What an activity achieved by the cut-off as reported, with its unit: the count towards
    its target ("12 tin, bài"), else the percentage reported ("70 %"); blank when nothing was
    reported (a blank is not a zero)."""
    if a["achieved"] is not None:
        return f"{fmt_number(a['achieved'])} {a.get('target_unit') or ''}".strip()
    if a.get("progress_percent") is not None:
        return percent(a["progress_percent"], digits=0)
    return ""


def _target(a: dict) -> str:
    if a.get("target") is None:
        return ""
    return f"{fmt_number(a['target'])} {a.get('target_unit') or ''}".strip()


def progress_charts(figures: dict) -> list[Chart]:
    """Activities by theme and status; budget planned vs used per theme."""
    budget_rows = [
        {"theme": charts.theme_name(t, 28), "series": series, "million": round(t[key] / 1_000_000, 1)}
        for t in figures["themes"]
        for key, series in (("budget", "Dự toán"), ("budget_used", "Đã sử dụng"))
    ]
    status_chart = charts.status_chart(figures)
    budget_chart = charts.grouped_bars(
        budget_rows,
        "theme",
        "series",
        "million",
        category_title="Nội dung",
        value_title="Triệu đồng",
        series_title="Kinh phí",
    )
    return [
        Chart(charts.to_png(status_chart), "Biểu đồ 1. Hoạt động theo nội dung và tình trạng"),
        Chart(charts.to_png(budget_chart), "Biểu đồ 2. Kinh phí dự toán và đã sử dụng theo nội dung (triệu đồng)"),
    ]


def build_progress(
    db: Database,
    actor: User,
    period: Period,
    narrative: dict | None = None,
    *,
    with_charts: bool = True,
    today: date | None = None,
) -> Content:
    """The communication-plan progress report of `period`, read at its cut-off (or at `today`,
    default the local date, while the period runs)."""
    require(actor, "reports.view")
    figures = progress_figures(db, period, today or today_local())
    plan = figures["plan"]
    figures["coverage"] = coverage_figures(db, plan, period, today)
    drafts = progress_drafts(figures, period, get_office(db))
    text = {**drafts, **clean_narrative(narrative)}
    summary = f"Kết quả thực hiện công tác thông tin, tuyên truyền cải cách hành chính {period.label_vi()}"
    blocks: list = []
    if plan is not None:
        blocks.append(Para(f"Thực hiện {_plan_ref(plan)}, kết quả thực hiện {period.label_with_span_vi()} như sau:"))
    blocks.append(Heading("I. KẾT QUẢ THỰC HIỆN"))
    blocks.append(Heading("1. Các hoạt động thông tin, tuyên truyền", 2))
    tot = figures["totals"]
    tables: list = []
    if tot is None:
        blocks += paras(drafts["assessment"])
    else:
        blocks.append(
            Para(
                f"Tổng số hoạt động trong kỳ: {tot['count']}; hoàn thành: {tot['done']}; đang thực hiện: "
                f"{tot['in_progress']}; "
                f"chưa triển khai: {tot['not_started']}; tạm hoãn: {tot['postponed']}; quá hạn: {tot['overdue']}; "
                f"có nguy cơ chậm: {tot['at_risk']}; mức độ hoàn thành bình quân: {percent(tot['completion'])}. "
                f"Kinh phí dự toán {fmt_money(tot['budget'])}, đã sử dụng {fmt_money(tot['budget_used'])}."
            )
        )
        tables = progress_tables(figures)
        blocks.append(tables[0])
        if with_charts:
            blocks += progress_charts(figures)
        blocks += tables[1:]
    blocks.append(Heading("2. Thông tin về cải cách hành chính trên báo chí", 2))
    blocks += coverage_blocks(figures["coverage"], period, with_charts, len(tables) + 1, 3)
    closing_sections(blocks, text, 2)
    return Content("progress", period, summary, blocks, figures, drafts, text)


# --- press coverage -------------------------------------------------------------


def coverage_sentences(cov: dict, period: Period) -> list[str]:
    """What the press figures say: reviewed articles, the negative ones among them, and the
    articles not yet reviewed counted apart. "No negative coverage" is written only when
    every article of the period was reviewed; a note says why the themes add up to more."""
    tot = cov["totals"]
    unreviewed = tot.get("unreviewed") or 0
    if not tot["articles"] and not unreviewed:
        return [f"Trong kỳ báo cáo ({period.span_vi()}) chưa có tin, bài trên báo chí về CCHC."]
    lines = []
    if tot["articles"]:
        text = (
            f"Báo chí đã đăng {count(tot['articles'], 'tin, bài')} về CCHC đã được rà soát, đánh giá, phản ánh "
            f"{count(tot['stories'], 'vấn đề')}; "
        )
        if tot["negative"]:
            text += f"{count(tot['negative'], 'tin, bài')} có nội dung phản ánh tiêu cực."
        elif unreviewed:
            text += "trong số tin, bài đã đánh giá chưa ghi nhận tin, bài phản ánh tiêu cực."
        else:
            text += "không có tin, bài phản ánh tiêu cực."
        lines.append(text)
    if unreviewed:
        lines.append(
            f"Ngoài ra, {count(unreviewed, 'tin, bài')} chưa đánh giá (chưa xác định nội dung, sắc thái), "
            "không tính vào các số liệu trên."
            if tot["articles"]
            else f"Trong kỳ báo cáo có {count(unreviewed, 'tin, bài')} về CCHC được thu thập nhưng chưa đánh giá "
            "(chưa xác định nội dung, sắc thái), nên chưa có số liệu tin, bài đã đánh giá."
        )
    if cov.get("theme_sum", 0) > tot["articles"]:
        lines.append(
            f"Một tin, bài có thể đề cập nhiều nội dung tuyên truyền và được tính ở mỗi nội dung, nên tổng số tin, "
            f"bài theo nội dung ({fmt_number(cov['theme_sum'])}) lớn hơn số tin, bài ({fmt_number(tot['articles'])})."
        )
    return lines


def coverage_blocks(cov: dict, period: Period, with_charts: bool, first_table: int, first_chart: int) -> list:
    """The coverage part of the progress report, numbered after the tables before it."""
    tot = cov["totals"]
    blocks: list = [Para(line) for line in coverage_sentences(cov, period)]
    if not tot["articles"] and not tot.get("unreviewed"):
        return blocks
    n = first_table
    if cov["by_theme"]:
        blocks.append(
            Table(
                f"Bảng {n}. Tin, bài theo nội dung tuyên truyền",
                ["TT", "Nội dung", "Tin, bài đã đánh giá", "Vấn đề", "Tiêu cực", "Chưa đánh giá"],
                [
                    [
                        str(i),
                        f"{r['code']}. {r['title']}",
                        fmt_number(r["articles"]),
                        fmt_number(r["stories"]),
                        fmt_number(r["negative"]),
                        fmt_number(r["unreviewed"]),
                    ]
                    for i, r in enumerate(cov["by_theme"], start=1)
                ],
                [0.8, 8.6, 2.0, 1.6, 1.6, 1.9],
                frozenset({0, 2, 3, 4, 5}),
                11,
            )
        )
        n += 1
        if with_charts and tot["articles"]:
            chart = charts.bar_chart(
                [{"theme": charts.theme_name(r), "n": r["articles"]} for r in cov["by_theme"]],
                "theme",
                "n",
                category_title="Nội dung",
                value_title="Tin, bài đã đánh giá",
            )
            blocks.append(Chart(charts.to_png(chart), f"Biểu đồ {first_chart}. Tin, bài theo nội dung tuyên truyền"))
    blocks.append(
        Table(
            f"Bảng {n}. Cơ quan báo chí, cổng thông tin đăng nhiều tin, bài nhất",
            ["TT", "Cơ quan báo chí, cổng thông tin", "Loại", "Tin, bài đã đánh giá", "Vấn đề", "Chưa đánh giá"],
            [
                [
                    str(i),
                    r["outlet"] or "Không rõ",
                    kind_label(r["kind"]),
                    fmt_number(r["articles"]),
                    fmt_number(r["stories"]),
                    fmt_number(r["unreviewed"]),
                ]
                for i, r in enumerate(cov["by_outlet"], start=1)
            ],
            [0.8, 6.2, 3.2, 2.1, 1.6, 2.1],
            frozenset({0, 3, 4, 5}),
            11,
        )
    )
    n += 1
    if cov["notable"]:
        blocks.append(
            Table(
                f"Bảng {n}. Tin, bài tiêu biểu gắn với hoạt động của kế hoạch",
                ["TT", "Tiêu đề", "Cơ quan báo chí", "Ngày đăng"],
                [
                    [str(i), r["title"], r["outlet"] or "", fmt_date(r["published_at"])]
                    for i, r in enumerate(cov["notable"], start=1)
                ],
                [0.8, 10.0, 3.5, 2.2],
                frozenset({0}),
                11,
            )
        )
        n += 1
    if cov["negative"]:
        blocks.append(
            Table(
                f"Bảng {n}. Tin, bài phản ánh tiêu cực và kết quả xử lý",
                ["TT", "Tiêu đề", "Cơ quan báo chí", "Ngày đăng", "Kết quả xử lý"],
                [
                    [
                        str(i),
                        r["title"],
                        r["outlet"] or "",
                        fmt_date(r["published_at"]),
                        r["note"] or ("Đã xác minh" if r["review"] == "confirmed" else "Chưa xử lý"),
                    ]
                    for i, r in enumerate(cov["negative"], start=1)
                ],
                [0.8, 6.5, 3.0, 2.0, 4.2],
                frozenset({0}),
                11,
            )
        )
    return blocks
