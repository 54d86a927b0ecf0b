"""The reminder letter (công văn đôn đốc): a Decree 30 official letter "V/v đôn đốc …" to
the units late with a report, a remedy or monthly figures, listing what each owes and the
new deadline. The figures come from outreach.report_data; the layout from decree30's
builder, with the official letter's own header: the "V/v" summary under the number and
"Kính gửi:" before the text (a công văn has no type name). Its issuer, symbol ("…/SNV-CCHC"),
signer and recipients (the late units, "để thực hiện") come from the office's document
profile "reminder-letter"; it is issued like every document through the register, once per
day it speaks of, and served as stored from then on."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from sqlite_utils import Database

from core.errors import ValidationError
from core.i18n import fmt_date, today_local
from core.permissions import User, require
from core.settings import Settings
from exports import profiles, register
from exports.decree30 import FONT, OFFICIAL_LETTER, Para, Report, Table, doc_number, render
from outreach import report_data

KIND = "reminder-letter"  # its document profile and its kind in the register

LISTED_INLINE = 4  # more late units than this are addressed "as listed below"


@dataclass(frozen=True)
class Letter:
    summary: str
    units: list[dict]
    new_due: date
    data: bytes


def _summary(units: list[dict]) -> str:
    kinds = {item["kind_label"] for unit in units for item in unit["items"]}
    what = next(iter(kinds)) if len(kinds) == 1 else "báo cáo, số liệu theo yêu cầu"
    what = what[:1].lower() + what[1:]  # "Số liệu báo cáo CCHC" → "số liệu báo cáo CCHC"
    return f"V/v đôn đốc gửi {what}"


def _blocks(units: list[dict], on: date, new_due: date) -> list:
    addressed = (
        "; ".join(u["unit_name"] for u in units)
        if len(units) <= LISTED_INLINE
        else "Thủ trưởng các cơ quan, đơn vị có tên tại danh sách dưới đây"
    )
    rows = []
    for index, unit in enumerate(units, start=1):
        for position, item in enumerate(unit["items"]):
            late = "Trả lại, chưa bổ sung" if item["state"] == "returned" else f"Quá hạn {item['days']} ngày"
            rows.append(
                [
                    str(index) if position == 0 else "",
                    unit["unit_name"] if position == 0 else "",
                    item["title"],
                    fmt_date(item["due_on"]),
                    late,
                ]
            )
    return [
        Para(f"Kính gửi: {addressed}."),
        Para(
            "Thực hiện nhiệm vụ theo dõi, tổng hợp công tác cải cách hành chính, Sở Nội vụ đã đề nghị các cơ quan, "
            f"đơn vị gửi báo cáo, số liệu theo thời hạn quy định. Đến ngày {fmt_date(on)}, các cơ quan, đơn vị sau "
            "chưa gửi hoặc gửi chưa đạt yêu cầu:"
        ),
        Table(
            "Danh sách cơ quan, đơn vị chưa gửi báo cáo, số liệu",
            ["STT", "Cơ quan, đơn vị", "Nội dung chưa gửi", "Hạn gửi", "Tình trạng"],
            rows,
            widths_cm=[1.2, 4.0, 5.9, 2.5, 2.4],
            font_pt=12,
        ),
        Para(
            "Sở Nội vụ đề nghị Thủ trưởng các cơ quan, đơn vị nêu trên chỉ đạo hoàn thành và gửi về Sở Nội vụ "
            f"(qua Phòng Cải cách hành chính) trước ngày {fmt_date(new_due)} để tổng hợp, báo cáo Ủy ban nhân dân "
            "Thành phố theo quy định."
        ),
        Para("Trân trọng./."),
    ]


def _as_official_letter(data: bytes, summary: str, office: dict, number: int | None = None) -> bytes:
    """Decree 30's official letter: no type name; the number without a type ("Số: …/SNV-CCHC")
    and "V/v …" under it in the header's left column."""
    doc = Document(io.BytesIO(data))
    header = doc.tables[0]
    number_cell = header.rows[1].cells[0]
    number_cell.paragraphs[0].runs[0].text = doc_number(number, OFFICIAL_LETTER, office["doc_symbol"])
    vv = number_cell.add_paragraph()
    vv.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = vv.add_run(summary)
    run.font.name, run.font.size = FONT, Pt(12)
    paragraphs = doc.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text == summary)  # the report layout's centred title
    drop = [paragraphs[i] for i in (at - 1, at + 1) if 0 <= i < len(paragraphs) and paragraphs[i].text == ""]
    for paragraph in [paragraphs[at], *drop]:  # the title, the empty type name above it, the rule below it
        paragraph._p.getparent().remove(paragraph._p)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _content(db: Database, on: date, new_due: date | None) -> tuple[str, list[dict], date, dict]:
    units = report_data.late_units(db, on)
    if not units:
        raise ValidationError("exports.error.no_late_units")
    new_due = new_due or report_data.new_deadline(db, on)
    office = profiles.office_for(db, KIND, {"@late_units": [u["unit_name"] for u in units]})
    return _summary(units), units, new_due, office


def _letter(office: dict, summary: str, blocks: list, number: int | None, day: date | None) -> bytes:
    report = Report(
        office, number, OFFICIAL_LETTER, day, "", summary, blocks, draft=number is None,
        replaces=office.get("replaces", ""),
    )  # fmt: skip
    return _as_official_letter(render(report), summary, office, number)


def build_letter(db: Database, actor: User, on: date | None = None, new_due: date | None = None) -> Letter:
    """The draft letter for the units late on `on` (default today), with the new deadline
    the rules give (or `new_due`). Refused when no unit is late."""
    require(actor, "reports.generate")
    on = on or today_local()
    summary, units, new_due, office = _content(db, on, new_due)
    return Letter(summary, units, new_due, _letter(office, summary, _blocks(units, on, new_due), None, None))


def issued_letter(db: Database, actor: User, on: date, *, settings: Settings) -> tuple[dict, bytes] | None:
    """The letter issued about the late units of `on`, exactly as stored, or None."""
    require(actor, "reports.view")
    return register.issued_for(db, KIND, on.isoformat(), settings=settings)


def issue_letter(
    db: Database,
    actor: User,
    on: date | None = None,
    new_due: date | None = None,
    *,
    number: int | None = None,
    replaces: int | None = None,
    settings: Settings,
) -> register.Issued:
    """Issue the letter about the units late on `on` (default today, also its date of issue):
    the next number of the office's công văn series ("05/SNV-CCHC"), stored and registered in
    one transaction, frozen from then on. A second one about the same day is refused unless it
    names the one it `replaces`."""
    require(actor, "reports.generate")
    on = on or today_local()
    done = register.issued_for(db, KIND, on.isoformat(), settings=settings)
    if done is not None and replaces != done[0]["id"]:
        raise ValidationError("exports.error.document_issued", symbol=done[0]["symbol"])
    summary, units, new_due, office = _content(db, on, new_due)
    blocks = _blocks(units, on, new_due)
    return register.issue_document(
        db,
        actor,
        doc_type=OFFICIAL_LETTER,
        kind=KIND,
        title=summary,
        render_file=lambda printed, chosen, day: _letter(printed, summary, blocks, chosen, day),
        number=number,
        issued_on=on,
        office=office,
        subject=on.isoformat(),
        replaces=replaces,
        once=True,
        settings=settings,
    )
