"""The periodic CCHC report in the ministry's outline: the sections and parts come from
the office's outline (exports.outline), each part filled with what the office's data
holds and, where staff must write, the marked place "[Nội dung do đơn vị bổ sung]";
then a numeric annex of indicators."""

from __future__ import annotations

from sqlite_utils import Database

from core.i18n import fmt_date, fmt_money, fmt_number, today_local
from core.office import get_office
from core.periods import Period, shift
from core.permissions import User, can, require
from core.text import fold
from exports import outline, profiles
from exports.decree30 import Heading, Para, Table, unit_case
from exports.prose import (
    STAFF_SLOT,
    Content,
    body_name,
    clean_narrative,
    head_title,
    issuer_name,
    percent,
    percent_number,
    share,
    unit_body,
    unit_head,
)
from indices.report_data import indices_figures
from inspections.report_data import inspection_figures, inspection_plans_of_year, quoted_findings
from plans.report_data import (
    annual_plan_for,
    progress_figures,
    status_label,
    themes_of,
    year_activities,
)
from services.report_data import tthc_figures

REPORT_PROFILE = "cchc"  # the report UBND Thành phố issues to the ministry (BC-UBND)
SUBMISSION_PROFILE = "cchc-submission"  # the Sở's Tờ trình that sends its draft up (TTr-SNV)
QUOTED = 4  # findings quoted per reform field and kind (strengths, shortcomings)


def _plan_name(plan: dict) -> str:
    """'Kế hoạch số 105/KH-UBND ngày 19/04/2021 của UBND Thành phố', or the plan's title."""
    if not plan.get("number"):
        return plan["title"]
    issued = f" ngày {fmt_date(plan['issued_on'])}" if plan.get("issued_on") else ""
    issuer = f" của {plan['issuer']}" if plan.get("issuer") else ""
    return f"Kế hoạch số {plan['number']}{issued}{issuer}"


def cchc_figures(db: Database, actor: User, period: Period) -> dict:
    today = today_local()
    # the year's plans read once, shared by the progress figures and the remedial tasks
    plans_read = year_activities(db, period.end.year, period.as_of(today))
    progress = progress_figures(db, period, today, plans_read)
    checks = inspection_figures(db, period, today)
    scores = indices_figures(db, actor, period, today, plans_read) if can(actor, "indices.view") else None
    next_plan = annual_plan_for(db, period.end.year + 1) if period.kind == "year" else None
    return {
        "progress": progress,
        "inspections": checks,
        "findings": _findings(db, checks["inspections"]),
        "causes": progress["causes"],  # recorded on progress updates by the cut-off
        "indices": scores,
        "inspection_plans": inspection_plans_of_year(db, period.end.year),
        "next_plan": next_plan,
        "next_themes": themes_of(db, next_plan["id"]) if next_plan else [],
        "tthc": tthc_figures(db, actor, period, today),
    }


def _findings(db: Database, inspections: list[dict]) -> list[dict]:
    """The findings of the inspections done by the cut-off that the report quotes (the first
    `QUOTED` of each content area and kind, and the shortcomings with a cause), each with its
    unit and content area, in the order of the inspections."""
    done = {row["id"]: row for row in inspections if row["status"] == "done"}
    return [{**f, "unit_name": done[f["inspection_id"]]["unit_name"]} for f in quoted_findings(db, list(done), QUOTED)]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _about_plan(plan: dict) -> str:
    """' (kế hoạch kiểm tra công tác cải cách hành chính năm 2026)': a numbered plan's title
    after its number, so the plan is named for what it is."""
    if not plan.get("number"):
        return ""
    return f" ({_lower_first(plan['title'])})"


def _overdue_activities(f: dict) -> list[dict]:
    return [a for a in f["progress"]["activities"] if a.get("overdue")]


# --- the assessment: who is late, with what, since when, and why -------------------------


def _lead(a: dict) -> str:
    return f"{unit_case(a['lead_unit_name'])} chủ trì" if a.get("lead_unit_name") else "chưa giao đơn vị chủ trì"


def _due(a: dict) -> str | None:
    return a.get("deadline") or a.get("planned_end")


def _span(a: dict) -> str:
    """'thực hiện từ 01/09/2026 đến 31/10/2026' (or 'hạn 31/10/2026' without a start)."""
    start, due = a.get("planned_start"), _due(a)
    if start and due:
        return f"thực hiện từ {fmt_date(start)} đến {fmt_date(due)}"
    return f"hạn {fmt_date(due)}" if due else "chưa xác định thời hạn"


def _named(items: list[dict], detail, limit: int = 5) -> str:
    shown = "; ".join(f"{a['title']} ({_lead(a)}; {detail(a)})" for a in items[:limit])
    rest = len(items) - limit
    return shown + (f"; và {rest} hoạt động khác" if rest > 0 else "")


def late_groups(f: dict) -> dict[str, list[dict]]:
    """The activities a report names at the cut-off, grouped and ordered by the plans slice
    (plans.report_data.attention_groups): late to start, past their deadline, at risk, behind
    the share of their time elapsed, postponed or cancelled; each once."""
    return f["progress"]["attention"]


def _budget(f: dict) -> tuple[str, bool]:
    """The budget sentence and whether spending lags the work done (a limitation)."""
    tot = f["progress"]["totals"]
    if not tot or not tot["budget"]:
        return "", False
    sentence = (
        f"Kinh phí thông tin, tuyên truyền đã sử dụng {fmt_money(tot['budget_used'])} trên tổng dự toán "
        f"{fmt_money(tot['budget'])} ({share(tot['budget_used'], tot['budget'])}) đến ngày "
        f"{fmt_date(f['progress']['as_of'])}"
    )
    lagging = tot["budget_share"] < tot["completion"]
    if lagging:
        sentence += f", thấp hơn mức độ hoàn thành bình quân của các hoạt động ({percent(tot['completion'])})"
    return sentence + ".", lagging


def _limitations(f: dict, groups: dict[str, list[dict]]) -> list[str]:
    return _other_limitations(f, activity_sentences(groups, f["progress"]["as_of"]))


def activity_sentences(groups: dict[str, list[dict]], as_of_day) -> list[str]:
    """The activities late to start, overdue, at risk, behind and stopped at the cut-off, each
    by name with its lead unit and dates (the CCHC report and the progress report alike)."""
    as_of = fmt_date(as_of_day)
    lines = []
    if groups["late_start"]:
        lines.append(
            f"Đến ngày {as_of}, còn {len(groups['late_start'])} hoạt động đã đến thời gian thực hiện nhưng chưa "
            "triển khai: "
            + _named(groups["late_start"], lambda a: f"{_span(a)}, chậm {a['days_late_start']} ngày")
            + "."
        )
    if groups["overdue"]:
        lines.append(
            f"Còn {len(groups['overdue'])} hoạt động quá thời hạn chưa hoàn thành: "
            + _named(groups["overdue"], lambda a: f"hạn {fmt_date(_due(a))}, chậm {a['days_late']} ngày")
            + "."
        )
    if groups["at_risk"]:
        lines.append(
            f"Còn {len(groups['at_risk'])} hoạt động có nguy cơ không hoàn thành đúng hạn: "
            + _named(groups["at_risk"], lambda a: f"hạn {fmt_date(_due(a))}, mới đạt {percent(a['progress'])}")
            + "."
        )
    if groups["behind"]:
        lines.append(
            f"Còn {len(groups['behind'])} hoạt động có tiến độ chậm so với thời gian thực hiện: "
            + _named(
                groups["behind"],
                lambda a: f"{_span(a)}, đạt {percent(a['progress'])} khi đã qua {percent(a['time_elapsed'], 0)} "
                "thời gian",
            )
            + "."
        )
    if groups["stopped"]:
        lines.append(
            "Hoạt động tạm hoãn, hủy bỏ: "
            + "; ".join(f"{a['title']} ({_lead(a)}; {status_label(a['status']).lower()})" for a in groups["stopped"])
            + "."
        )
    return lines


def _other_limitations(f: dict, lines: list[str]) -> list[str]:
    budget, lagging = _budget(f)
    if lagging:
        lines.append(budget)
    overdue_units = f["inspections"]["overdue_by_unit"]
    if overdue_units:
        lines.append(
            f"Còn {f['inspections']['overdue_outstanding']} kiến nghị sau kiểm tra quá hạn chưa khắc phục tại "
            + "; ".join(
                f"{unit_body(u['unit_name'])} ({u['overdue']} kiến nghị, hạn sớm nhất {fmt_date(u['oldest'])})"
                for u in overdue_units
            )
            + "."
        )
    return lines


def _causes(f: dict, groups: dict[str, list[dict]]) -> str:
    """Causes split objective / subjective: the reasons staff gave when an activity was
    postponed, cancelled or late (its history), and the causes written with its progress
    updates, for the activities the assessment names. A kind with nothing recorded keeps
    the marked place for staff."""
    named = {a["id"]: a for items in groups.values() for a in items}
    found: dict[str, list[str]] = {"objective": [], "subjective": [], "": []}
    seen: set[tuple[int | str, str]] = set()
    for a in named.values():
        entries = [(a.get("reason"), a.get("cause"))]
        recorded = f["causes"].get(a["id"])
        if recorded:
            entries.append((recorded["cause"], recorded["cause_kind"]))
        for text, kind in entries:
            text = (text or "").strip().rstrip(".;")
            if not text or (a["id"], text.casefold()) in seen:
                continue
            seen.add((a["id"], text.casefold()))
            found[kind if kind in ("objective", "subjective") else ""].append(f"{text} ({a['title']})")
    for x in f["findings"]:  # the causes the inspection teams recorded with their findings
        text = (x.get("cause") or "").strip().rstrip(".;")
        if x["kind"] == "shortcoming" and text and ("finding", text.casefold()) not in seen:
            seen.add(("finding", text.casefold()))
            kind = x.get("cause_kind")
            found[kind if kind in ("objective", "subjective") else ""].append(
                f"{text} (qua kiểm tra tại {unit_body(x['unit_name'])})"
            )
    if not any(found.values()) and not named:
        return ""
    lines = []
    for mark, kind, label in (("a", "objective", "khách quan"), ("b", "subjective", "chủ quan")):
        lines.append(f"{mark}) Nguyên nhân {label}: " + ("; ".join(found[kind]) + "." if found[kind] else STAFF_SLOT))
    if found[""]:
        lines.append("c) Nguyên nhân khác (chưa phân loại): " + "; ".join(found[""]) + ".")
    return "\n".join(lines)


def _city_head(addressee: str) -> str:
    """'Ủy ban nhân dân Thành phố' → 'Chủ tịch UBND Thành phố': whom a proposal to the city asks."""
    return f"{head_title(addressee)} {unit_body(addressee)}"


def _city_proposals(f: dict, groups: dict[str, list[dict]], office: dict, addressee: str) -> str:
    """What the Sở asks of the city's own leaders (the Tờ trình, never the report to the
    ministry): named units to direct, each with what is late."""
    own = fold(body_name(office)).lower()
    seen: dict[str, bool] = {}  # a few lead units stand for hundreds of activities

    def other(name: str | None) -> bool:
        if not name:
            return False
        if name not in seen:
            seen[name] = fold(unit_case(name)).lower() != own
        return seen[name]

    asks = []
    for u in f["inspections"]["overdue_by_unit"]:
        if other(u["unit_name"]):
            asks.append(
                f"{unit_head(u['unit_name'])} khắc phục dứt điểm {u['overdue']} kiến nghị quá hạn sau kiểm tra "
                f"(hạn sớm nhất {fmt_date(u['oldest'])})"
            )
    late = groups["late_start"] + groups["overdue"] + groups["at_risk"] + groups["behind"]
    leads: dict[str, list[str]] = {}
    for a in late:
        if other(a.get("lead_unit_name")):
            leads.setdefault(a["lead_unit_name"], []).append(a["title"])
    for name, titles in leads.items():
        asks.append(f"{unit_head(name)} đẩy nhanh tiến độ: " + "; ".join(titles))
    if not asks:
        return ""
    return (
        f"Đề nghị {_city_head(addressee)} chỉ đạo:\n"
        + "\n".join(f"- {ask};" for ask in asks[:-1])
        + (f"\n- {asks[-1]}.")
    )


def _ministry_proposals(f: dict, ministry: str) -> str:
    """A proposal the city can put to the ministry from its own results: guidance on the
    reform field that lost most points in the latest PAR Index; staff complete the rest."""
    par = next((p for p in (f["indices"] or {}).get("per_index", []) if p["index"]["code"] == "PAR"), None)
    worst = (par or {}).get("worst_field")
    if not ministry:
        return STAFF_SLOT
    if not worst:
        return f"Đề nghị {ministry}: {STAFF_SLOT}"
    return (
        f"Đề nghị {ministry} tiếp tục hướng dẫn, hỗ trợ Thành phố về {_lower_first(worst['name_vi'] or worst['code'])}"
        f", lĩnh vực Thành phố bị trừ nhiều điểm nhất trong Chỉ số CCHC năm {par['latest']} "
        f"({fmt_number(worst['lost'], digits=2)} điểm)."
    )


def cchc_drafts(f: dict, period: Period, office: dict, parties: dict | None = None) -> dict[str, str]:
    """The drafts of the report's own sections and of the Tờ trình's proposals. `parties`:
    {"ministry": whom the report's proposals address (its first recipient "để báo cáo"),
    "city": whom the Tờ trình addresses, "drafter": the profile of the Sở that drafts}."""
    parties = parties or {}
    tot, checks = f["progress"]["totals"], f["inspections"]
    groups = late_groups(f)
    good = []
    if tot:
        good.append(
            f"Hoàn thành {tot['done']}/{tot['count']} hoạt động thông tin, tuyên truyền CCHC "
            f"({share(tot['done'], tot['count'])})."
        )
    if checks["inspections"]:
        good.append(f"Đã kiểm tra {checks['done']}/{len(checks['inspections'])} cuộc theo kế hoạch trong kỳ.")
    budget, lagging = _budget(f)
    if budget and not lagging:
        good.append(budget)
    weak = _limitations(f, groups)
    if f["next_plan"]:
        themes = "; ".join(t["title"] for t in f["next_themes"])
        next_tasks = (
            f"Triển khai {_plan_name(f['next_plan'])} về {f['next_plan']['title'][0].lower()}"
            f"{f['next_plan']['title'][1:]}" + (f", tập trung các nội dung: {themes}." if themes else ".")
        )
    else:
        remaining = tot["remaining"] if tot else 0
        pending = checks["pending"]
        parts = []
        if groups["late_start"]:
            parts.append("triển khai ngay " + "; ".join(f"{a['title']} ({_lead(a)})" for a in groups["late_start"][:5]))
        if remaining:
            parts.append(
                f"hoàn thành {remaining} hoạt động tuyên truyền CCHC còn lại của kế hoạch năm {period.end.year}"
            )
        if pending:
            parts.append(f"thực hiện {pending} cuộc kiểm tra còn lại theo kế hoạch")
        parts.append("theo dõi, đôn đốc các đơn vị khắc phục kiến nghị sau kiểm tra")
        next_tasks = "Tiếp tục " + "; ".join(parts) + "."
    as_of = fmt_date(f["progress"]["as_of"])
    drafter = parties.get("drafter") or office
    city = parties.get("city") or ""
    submission = _city_proposals(f, groups, drafter, city) if city else ""
    return {
        "assessment": " ".join(good) or f"Trong kỳ báo cáo chưa có kết quả được tổng hợp ({period.label_vi()}).",
        "limitations": "\n".join(weak)
        or f"Đến ngày {as_of}, không có hoạt động chậm triển khai, quá hạn hoặc chậm tiến độ; không có kiến nghị "
        "sau kiểm tra quá hạn.",
        "causes": _causes(f, groups) or STAFF_SLOT,
        "next_tasks": next_tasks,
        "proposals": _ministry_proposals(f, parties.get("ministry") or ""),
        "submission": submission
        or f"Đến ngày {as_of}, không có nội dung đề nghị {_city_head(city) if city else ''} chỉ đạo thêm.".replace(
            "  ", " "
        ),
    }


def _source_blocks(source: str, part: dict, f: dict, text: dict, tables) -> list:
    progress, checks, scores = f["progress"], f["inspections"], f["indices"]
    if source == "plans_issued":
        # the city's own CCHC plan is not in the data: staff name it (the marked place); the
        # communication plan is quoted under communication, never as the city's CCHC plan
        who = f.get("drafter_name") or "Đã"
        return [
            Para(f"{who} ban hành {_plan_name({**p, 'issuer': ''})}{_about_plan(p)}.") for p in f["inspection_plans"]
        ]
    if source == "communication":
        out = []
        if progress["plan"]:
            plan = progress["plan"]
            out.append(Para(f"Triển khai {_plan_name(plan)}{_about_plan(plan)}."))
        if not progress["themes"]:
            return out + [Para("Trong kỳ không có hoạt động tuyên truyền nào theo kế hoạch.")]
        return out + [
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
        # the period's own recommendations, then every one still overdue at the cut-off (earlier
        # inspections' too), as the assessment names them: the two figures never read as one
        overdue = checks["overdue_outstanding"]
        still = (
            f" Đến ngày {fmt_date(f['progress']['as_of'])}, còn {overdue} kiến nghị sau kiểm tra (kể cả của các "
            "cuộc kiểm tra trước kỳ) quá hạn chưa khắc phục."
            if overdue
            else ""
        )
        if not checks["inspections"]:
            return [Para("Trong kỳ không có cuộc kiểm tra nào." + still)]
        return [
            Para(
                f"Đã kiểm tra {checks['done']}/{len(checks['inspections'])} cuộc theo kế hoạch; qua các cuộc "
                f"kiểm tra trong kỳ ban hành {len(checks['recommendations'])} kiến nghị, đã khắc phục "
                f"{checks['remedied']} kiến nghị." + still
            )
        ]
    if source == "index_handling":
        remedies = scores["remedies"] if scores else []
        if not remedies:
            return [Para("Trong kỳ không có nhiệm vụ khắc phục nào gắn với kết quả các chỉ số.")]
        return [
            Para(
                f"Giao {len(remedies)} nhiệm vụ khắc phục các tiêu chí bị trừ điểm; đã hoàn thành "
                f"{scores['remedies_done']}."
            )
        ]
    if source == "field":
        return _field_blocks(part, f, tables)
    if source in text:
        return [Para(line.strip()) for line in text[source].splitlines() if line.strip()]
    return []


def _field_blocks(part: dict, f: dict, tables) -> list:
    """One reform field from what the data holds: the inspections' findings in its content
    area (quoted, with the unit), the TTHC results, the remedial tasks of its PAR criteria
    as at the cut-off, and its PAR sub-score."""
    out = []
    found = [x for x in f["findings"] if part["area"] and x.get("item_title") == part["area"]]
    for kind, label in (("strength", "ưu điểm"), ("shortcoming", "tồn tại, hạn chế")):
        quoted = [x for x in found if x["kind"] == kind]
        if quoted:
            out.append(
                Para(
                    f"Qua kiểm tra, {label}: "
                    + "; ".join(f"{x['text'].rstrip('.;')} ({unit_body(x['unit_name'])})" for x in quoted[:QUOTED])
                    + "."
                )
            )
    causes = {"objective": [], "subjective": [], "": []}
    for x in found:
        text = (x.get("cause") or "").strip().rstrip(".;")
        if x["kind"] == "shortcoming" and text:
            causes[x.get("cause_kind") if x.get("cause_kind") in causes else ""].append(
                f"{text} ({unit_body(x['unit_name'])})"
            )
    for kind, label in (
        ("objective", "Nguyên nhân khách quan"),
        ("subjective", "Nguyên nhân chủ quan"),
        ("", "Nguyên nhân"),
    ):
        if causes[kind]:
            out.append(Para(f"{label}: " + "; ".join(causes[kind]) + "."))
    if part["field"] == "LV3" and f.get("tthc"):
        out += [Para(line) for line in tthc_sentence(f["tthc"]).split("\n")]
        if f["tthc"]["months"]:
            out.append(tthc_table(f["tthc"], next(tables)))
    scores = f["indices"] or {}
    code = part["field"] or ""
    of_field = scores.get("remedies_by_field", {}).get(code) if code else None
    if of_field:
        remedies, done, open_ = of_field["remedies"], of_field["done"], of_field["open"]
        sentence = (
            f"Thực hiện {len(remedies)} nhiệm vụ khắc phục các tiêu chí bị trừ điểm thuộc lĩnh vực này, "
            f"đến ngày {fmt_date(f['progress']['as_of'])} "
            + (f"đã hoàn thành {done}" if done else "chưa hoàn thành nhiệm vụ nào")
        )
        if open_:
            sentence += "; còn thực hiện: " + "; ".join(
                f"nhiệm vụ khắc phục tiêu chí {r['node_code']} "
                f"({unit_case(r['lead_name']) + ' chủ trì' if r.get('lead_name') else 'chưa giao đơn vị chủ trì'})"
                for r in open_[:4]
            )
        out.append(Para(sentence + "."))
    par = next((p for p in scores.get("per_index", []) if p["index"]["code"] == "PAR"), None)
    field = next((r for r in (par or {}).get("fields", []) if r["code"] == code), None)
    if field and field["max"]:
        lost = field["lost"]
        out.append(
            Para(
                f"Chỉ số CCHC (PAR Index) năm {par['latest']}: lĩnh vực đạt {fmt_number(field['score'], digits=2)}"
                f"/{fmt_number(field['max'], digits=2)} điểm"
                + (f", bị trừ {fmt_number(lost, digits=2)} điểm." if lost > 0 else ", đạt điểm tối đa.")
            )
        )
    return out


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
        ("Kiến nghị qua các cuộc kiểm tra trong kỳ", "kiến nghị", len(checks["recommendations"])),
        ("Trong đó: đã khắc phục", "kiến nghị", checks["remedied"]),
        ("Trong đó: quá hạn chưa khắc phục", "kiến nghị", checks["states"]["overdue"]),
        (
            f"Kiến nghị quá hạn chưa khắc phục đến ngày {fmt_date(f['progress']['as_of'])} (kể cả trước kỳ)",
            "kiến nghị",
            checks["overdue_outstanding"],
        ),
    ]
    if scores is not None:
        remedies = scores["remedies"]
        rows += [
            ("Nhiệm vụ khắc phục kết quả các chỉ số", "nhiệm vụ", len(remedies)),
            ("Nhiệm vụ khắc phục đã hoàn thành", "nhiệm vụ", scores["remedies_done"]),
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
        code = p["index"]["code"]
        if code in ("PAR", "SIPAS") and last.get("percent") is not None:
            rank = (
                f" (xếp thứ {last['rank']}/{last['ranked_of']})" if last.get("rank") and last.get("ranked_of") else ""
            )
            out.append([str(len(out) + 1), f"{code} năm {last['year']}{rank}", "%", percent_number(last["percent"])])
            continue
        out.append([str(len(out) + 1), f"{code} năm {last['year']}", "điểm", fmt_number(last["total"], digits=2)])
    return out


def parties(db: Database) -> dict:
    """Who the drafts address, read from the document profiles (never fixed here): the
    report's first recipient "để báo cáo" (the ministry), the addressee of the Sở's Tờ trình
    (the city) and the drafting Sở's profile."""
    report = profiles.get_profile(db, REPORT_PROFILE)
    submission = profiles.get_profile(db, SUBMISSION_PROFILE)
    ministry = next(
        (r["to"] for r in report["recipients"] if r["purpose"] == "để báo cáo" and not r["to"].startswith("@")), ""
    )
    return {"ministry": ministry, "city": submission.get("addressee") or "", "drafter": submission}


def build_cchc(
    db: Database, actor: User, period: Period, narrative: dict | None = None, *, with_charts: bool = True
) -> Content:
    """The periodic CCHC report of `period` as UBND Thành phố issues it to the ministry,
    section by section as the office's outline says, with its numeric annex after the
    signature; the drafts also hold the Tờ trình's proposals ("submission")."""
    require(actor, "reports.view")
    office = get_office(db)
    shape = outline.load_outline(db)
    f = cchc_figures(db, actor, period)
    who = parties(db)
    f["drafter_name"] = body_name(who["drafter"])
    drafts = cchc_drafts(f, period, office, who)
    text = {**drafts, **clean_narrative(narrative)}
    tables = iter(range(1, 100))
    issuer = profiles.office_for(db, REPORT_PROFILE)
    bases = "; ".join(issuer["bases"])
    blocks: list = [
        Para(
            (f"{bases}, " if bases else "")
            + f"{issuer_name(issuer)} báo cáo kết quả công tác cải cách hành chính {period.label_vi()} "
            f"({period.span_vi()}) như sau:"
        )
    ]
    for section in shape["sections"]:
        blocks.append(Heading(section["title"]))
        for part in section["parts"]:
            if part["title"]:
                blocks.append(Heading(part["title"], 2))
            made: list = []
            for source in part["sources"]:
                made += _source_blocks(source, part, f, text, tables)
            blocks += made
            # a reform field's marked place only where the data holds nothing about it
            if part["staff"] and not (made and "field" in part["sources"]):
                blocks.append(Para(STAFF_SLOT, italic=True))
    annex: list = []
    if shape["annex"]:
        annex.append(
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
    return Content("cchc", period, summary, blocks, f, drafts, text, annex, shape["annex"] or "")
