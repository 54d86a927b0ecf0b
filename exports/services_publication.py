"""The monthly publication of public-service (TTHC) results as a Decree 30 THÔNG BÁO
(công khai), not a report: a draft ("DỰ THẢO", no number, no date) until issued; issuing
goes through the register like every document, in one place (`issue`), and is refused for
a month already issued. Units are ranked within their unit group (sở, ban, ngành; xã,
phường — groups are data), with toàn trình and một phần, files pending past their deadline,
apology letters, and the QĐ 766 index by its five groups; figures are read through
services.report_data. Issuing a month records it in services' own list of issued months
(`services.publishing.record_issued`, in the issuing transaction), which services' pages
and public portal read; services never calls this module. An issued month becomes
evidence of the plan activity chosen once here (the document is attached through plans'
public evidence function, `plans.progress.add_file`)."""

from __future__ import annotations

import json
from datetime import date

from sqlite_utils import Database

from core import audit
from core.errors import NotFound, ValidationError
from core.i18n import fmt_number, today_local, utc_now_iso
from core.periods import Period, parse_period
from core.permissions import SYSTEM, User, require
from core.settings import Settings
from exports import profiles, register, store
from exports.decree30 import Heading, Para, Report, Table, render
from exports.inspection_docs import unit_head
from exports.prose import Content, body_name, clean_narrative, percent
from exports.services_report import KIND, month_of
from plans import report_data as plans_data
from plans.progress import add_file
from services import report_data as services_data
from services.publishing import record_issued

TYPE_NAME = "THÔNG BÁO"
EVIDENCE_KEY = "services_evidence_activity"  # document_settings: the activity issued months are evidence of


def _n(value) -> str:
    """A count as printed; blank where the unit reported nothing."""
    return "" if value is None else fmt_number(value)


def _pct(value) -> str:
    return "" if value is None else percent(value, 1)


def _group_table(n: int, group: dict) -> Table:
    return Table(
        f"Bảng {n}. {group['name']}: xếp hạng theo tỷ lệ giải quyết đúng hạn",
        [
            "Hạng",
            "Đơn vị",
            "Đã giải quyết",
            "Đúng hạn",
            "Toàn trình",
            "Một phần",
            "Quá hạn đang giải quyết",
            "Trễ hạn / thư xin lỗi",
        ],
        [
            [
                str(r["rank"] or ""),
                r["name"],
                _n(r["resolved"]),
                _pct(r["on_time_rate"]),
                _pct(r["full_online_rate"]),
                _pct(r["partial_online_rate"]),
                _n(r["pending_overdue"]),
                f"{_n(r['late'])} / {_n(r['apologies'])}" if r["late"] else "",
            ]
            for r in group["rows"]
        ],
        [1.3, 4.4, 1.8, 1.6, 1.6, 1.6, 2.1, 2.1],
        frozenset({0, 2, 3, 4, 5, 6}),
        11,
    )


def _index_table(n: int, group: dict, index_groups: list[dict]) -> Table:
    scored = group["by_index_rank"]
    return Table(
        f"Bảng {n}. {group['name']}: Bộ chỉ số phục vụ người dân, doanh nghiệp theo 5 nhóm (QĐ 766/QĐ-TTg)",
        ["Hạng", "Đơn vị", *[f"{g['name']} ({fmt_number(g['max'])})" for g in index_groups], "Tổng (100)"],
        [
            [
                str(r["index_rank"]),
                r["name"],
                *[
                    ""
                    if r["index_groups"].get(g["code"]) is None
                    else fmt_number(r["index_groups"][g["code"]], digits=2)
                    for g in index_groups
                ],
                fmt_number(r["index_score"], digits=2),
            ]
            for r in scored
        ],
        [1.3, 4.1, *[1.9] * len(index_groups), 1.6],
        frozenset(range(0, len(index_groups) + 3)) - {1},
        10,
    )


def publication_content(db: Database, actor: User, period: Period, narrative: dict | None = None) -> Content:
    """The THÔNG BÁO of `period` (a month): city figures, rankings per unit group, the QĐ 766
    groups, and what is asked of the units with overdue files or without apology letters."""
    require(actor, "reports.view")
    month = month_of(period)
    city = services_data.city_month(db, month)
    groups = services_data.ranking_by_group(db, month)
    index_groups = services_data.index_groups(db)
    office = profiles.office_for(db, KIND)
    label = period.label_vi()
    blocks: list = [Para(f"{line};") for line in office["bases"]]
    blocks.append(
        Para(
            f"{body_name(office)} thông báo công khai kết quả giải quyết thủ tục hành chính {label} của các cơ quan, "
            "đơn vị như sau:"
        )
    )
    blocks.append(Heading("I. KẾT QUẢ CHUNG"))
    if not city["units"]:
        blocks.append(Para(f"Chưa có đơn vị gửi kết quả giải quyết thủ tục hành chính {label}."))
    else:
        blocks.append(
            Para(
                f"{city['units']} đơn vị gửi kết quả. Tiếp nhận mới {_n(city['online'])} hồ sơ trực tuyến và "
                f"{_n(city['in_person'])} hồ sơ trực tiếp, qua bưu chính; đã giải quyết {_n(city['resolved'])} hồ sơ, "
                f"trong đó trước hạn và đúng hạn {_n(city['resolved_on_time'])} hồ sơ "
                f"({_pct(city['on_time_rate'])}), quá hạn {_n(city['late'])} hồ sơ."
            )
        )
        online = []
        if city.get("full_online") is not None:
            online.append(f"toàn trình {_n(city['full_online'])} hồ sơ ({_pct(city['full_online_rate'])})")
        if city.get("partial_online") is not None:
            online.append(f"một phần {_n(city['partial_online'])} hồ sơ ({_pct(city['partial_online_rate'])})")
        if online:
            blocks.append(Para(f"Hồ sơ trực tuyến trong hồ sơ tiếp nhận mới: {'; '.join(online)}."))
        extra = [f"đang giải quyết quá hạn {_n(city['pending_overdue'])} hồ sơ"]
        if city.get("apologies") is not None:
            extra.append(f"đã gửi {_n(city['apologies'])} thư xin lỗi đối với hồ sơ quá hạn")
        if city.get("paid_online") is not None:
            extra.append(f"thanh toán trực tuyến {_n(city['paid_online'])} hồ sơ")
        if city.get("digitised") is not None:
            extra.append(f"số hóa {_n(city['digitised'])} hồ sơ ({_pct(city['digitised_rate'])})")
        blocks.append(Para(f"Đến cuối tháng, {'; '.join(extra)}."))
    roman = ["II", "III", "IV", "V", "VI", "VII"]
    n = 1
    for i, group in enumerate(groups):
        blocks.append(Heading(f"{roman[i]}. XẾP HẠNG {group['name'].upper()}"))
        blocks.append(_group_table(n, group))
        n += 1
        if any(r["index_rank"] for r in group["rows"]):
            blocks.append(_index_table(n, group, index_groups))
            n += 1
    asks = []
    for group in groups:
        for r in group["rows"]:
            overdue, missing = r["pending_overdue"] or 0, r["apologies_missing"]
            if overdue or missing:
                asks.append([str(len(asks) + 1), unit_head(r["name"]), _n(overdue or None), _n(missing or None)])
    text = clean_narrative(narrative)
    blocks.append(Heading(f"{roman[len(groups)]}. ĐỀ NGHỊ"))
    if text.get("proposals"):
        blocks.append(Para(text["proposals"]))
    elif asks:
        blocks.append(
            Para(
                f"Đề nghị thủ trưởng các cơ quan, đơn vị có tên tại Bảng {n} chỉ đạo giải quyết dứt điểm hồ sơ "
                "đang quá hạn và gửi thư xin lỗi tổ chức, cá nhân đối với hồ sơ giải quyết quá hạn."
            )
        )
        blocks.append(
            Table(
                f"Bảng {n}. Đơn vị có hồ sơ quá hạn cần khắc phục",
                ["TT", "Gửi", "Hồ sơ đang giải quyết quá hạn", "Hồ sơ quá hạn chưa có thư xin lỗi"],
                asks,
                [1.0, 8.5, 3.5, 3.5],
                frozenset({0, 2, 3}),
                11,
            )
        )
    else:
        blocks.append(Para("Đề nghị các cơ quan, đơn vị duy trì kết quả giải quyết thủ tục hành chính đúng hạn."))
    summary = f"Công khai kết quả giải quyết thủ tục hành chính {label}"
    figures = {"month": month, "city": city, "groups": groups}
    return Content(KIND, period, summary, blocks, figures, {}, text)


def _report(office: dict, content: Content, number: int | None, day: date | None, draft: bool) -> Report:
    return Report(
        office,
        number,
        office["doc_type"],
        day,
        TYPE_NAME,
        content.summary,
        content.blocks,
        draft=draft,
        replaces=office.get("replaces", ""),
    )


def draft(db: Database, actor: User, month: str, narrative: dict | None = None) -> bytes:
    """The publication as a draft: "DỰ THẢO", the number and the date left for the clerk."""
    content = publication_content(db, actor, parse_period(month), narrative)
    return render(_report(profiles.office_for(db, KIND), content, None, None, True))


def draft_key(db: Database, actor: User, month: str) -> str:
    """The figures of the month's draft as read now (register.figures_key): what the page
    remembers of the draft shown, to issue from it."""
    return register.figures_key(publication_content(db, actor, parse_period(month)))


def issued_months(db: Database) -> dict[str, dict]:
    """Each month issued in the register, with its entry (report_id, symbol, issued_on,
    sha256), the first issue of a month if there were several."""
    found: dict[str, dict] = {}
    for row in sorted(register.list_issued(db, SYSTEM), key=lambda r: r["id"]):
        if row["kind"] == KIND:
            found.setdefault(
                row["period_code"],
                {
                    "report_id": row["id"],
                    "symbol": row["symbol"],
                    "issued_on": row["issued_on"],
                    "sha256": row["sha256"],
                },
            )
    return found


def issue(
    db: Database,
    actor: User,
    month: str,
    narrative: dict | None = None,
    *,
    number: int | None = None,
    issued_on: date | None = None,
    confirm_late: bool = False,
    read_key: str | None = None,
    settings: Settings,
):
    """Number, store and register the month's publication (refused when the month was
    already issued; long after the month, only once confirmed), then attach it as evidence
    of the chosen plan activity; returns the register's `Issued` and the evidence row (None
    when no activity is chosen). The one call of this module into the register; services
    learns of the month in the same transaction. `read_key`: the `draft_key` of the draft
    staff read; refused when the figures moved since."""
    require(actor, "reports.generate")  # before anything is read: a refused role learns nothing
    period = parse_period(month)
    month_of(period)
    done = issued_months(db).get(period.code)
    if done:
        raise ValidationError("exports.error.month_issued", month=month, symbol=done["symbol"])
    register.check_late(period, today_or(issued_on), confirm_late)
    content = publication_content(db, actor, period, narrative)
    register.check_fresh(content, read_key)
    office = profiles.office_for(db, KIND)

    def render_file(office: dict, chosen: int, day: date) -> bytes:
        return render(_report(office, content, chosen, day, False))

    issued = register.issue_document(
        db,
        actor,
        doc_type=office["doc_type"],
        kind=KIND,
        title=content.summary,
        render_file=render_file,
        number=number,
        issued_on=issued_on,
        period=period,
        narrative=content.narrative,
        office=office,
        subject=period.code,
        on_issued=lambda row: record_issued(
            db,
            actor,
            period.code,
            register_id=row["id"],
            symbol=row["symbol"],
            issued_on=row["issued_on"],
            sha256=row["sha256"],
        ),
        settings=settings,
    )
    return issued, link_evidence(db, actor, issued.row, issued.data, settings=settings)


def today_or(day: date | None) -> date:
    return day or today_local()


def evidence_activity_id(db: Database) -> int | None:
    """The plan activity ("Công khai hằng tháng kết quả giải quyết TTHC") each issued month
    becomes evidence of; None when linking is off."""
    row = store.document_setting(db, EVIDENCE_KEY)
    return json.loads(row["body"]) if row else None


def choose_evidence_activity(db: Database, actor: User, activity_id: int | None) -> dict | None:
    """Choose (once) the plan activity issued months are evidence of, after checking it
    exists; returns the activity (None when linking is turned off). Audited."""
    require(actor, "reports.generate")
    if activity_id is not None and (not isinstance(activity_id, int) or activity_id < 1):
        raise ValidationError("exports.error.bad_activity", activity=activity_id)
    activity = plans_data.activity(db, activity_id) if activity_id is not None else None
    before = store.document_setting(db, EVIDENCE_KEY)
    row = {"key": EVIDENCE_KEY, "body": json.dumps(activity_id), "updated_by": actor.id, "updated_at": utc_now_iso()}
    with db.atomic():
        store.put_document_setting(db, row)
        audit.record(db, actor, "update", "document_settings", EVIDENCE_KEY, before, row)
    return activity


def link_evidence(db: Database, actor: User, row: dict, data: bytes, *, settings: Settings) -> dict | None:
    """Attach an issued publication to the chosen activity as an evidence file; None when
    no activity is chosen or it no longer exists (the document stays issued)."""
    activity_id = evidence_activity_id(db)
    if activity_id is None:
        return None
    try:
        plans_data.activity(db, activity_id)
    except NotFound:
        return None
    day = date.fromisoformat(row["issued_on"])
    note = f"Văn bản số {row['symbol']} ngày {day:%d/%m/%Y}: {row['title']}"
    return add_file(db, actor, activity_id, register.file_name(row), data, note, settings=settings)
