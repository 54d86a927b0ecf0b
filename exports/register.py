"""The register of issued reports: numbering, the stored file, its SHA-256.

Generating makes a draft: marked "DỰ THẢO", number and date blank, nothing recorded.
Issuing numbers, renders and records the document inside one write transaction that
takes SQLite's write lock first (BEGIN IMMEDIATE), so two people issuing at the same
moment get consecutive numbers; the unique index on (doc_type, year, number) is the
last line of defence. Each document type (BC, KH, QĐ, TB) has its own series per year.
The file is kept byte for byte as issued."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from core import audit
from core.errors import NotFound, ValidationError
from core.i18n import today_local, utc_now_iso
from core.office import get_office
from core.periods import Period, parse_period
from core.permissions import User, require
from core.settings import Settings
from exports import kinds, store, templates
from exports.decree30 import Report, doc_number, render

DOC_TYPE = "BC"  # báo cáo
TYPE_NAME = "BÁO CÁO"
DOC_TYPES = ("BC", "KH", "QĐ", "TB")  # each numbered in its own series per year


@dataclass(frozen=True)
class Issued:
    row: dict
    data: bytes


@dataclass(frozen=True)
class Draft:
    """A report as it would be issued, without a number or a date: nothing is registered.
    `warnings` are message keys of what must be settled before issuing."""

    content: kinds.Content
    data: bytes
    warnings: list[str]


def reports_dir(settings: Settings) -> Path:
    folder = settings.reports_dir
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def office_warnings(office: dict) -> list[str]:
    """What a draft warns about: an office without a signer's name cannot issue."""
    return [] if (office.get("signer_name") or "").strip() else ["exports.warning.signer_missing"]


def _render(db: Database, kind: str, report: Report, content: kinds.Content, settings: Settings) -> bytes:
    template = store.active_template(db, kind)
    if template:
        return templates.render_template(template_path(template, settings), report, content)
    return render(report)


def draft(
    db: Database,
    actor: User,
    kind: str,
    period_code: str,
    narrative: dict | None = None,
    *,
    with_charts: bool = True,
    settings: Settings,
) -> Draft:
    """The report marked "DỰ THẢO", number and date left blank for the clerk; takes no
    number and registers nothing, so it can be regenerated as often as staff like."""
    require(actor, "reports.view")
    period = parse_period(period_code)
    content = kinds.build(db, actor, kind, period, narrative, with_charts=with_charts)
    office = get_office(db)
    report = Report(office, None, DOC_TYPE, None, TYPE_NAME, content.summary, content.blocks, draft=True)
    return Draft(content, _render(db, kind, report, content, settings), office_warnings(office))


def issue(
    db: Database,
    actor: User,
    kind: str,
    period_code: str,
    narrative: dict | None = None,
    *,
    number: int | None = None,
    issued_on: date | None = None,
    with_charts: bool = True,
    settings: Settings,
) -> Issued:
    """Build, number, store and register one report; return its register row and bytes.

    `number` chooses the number by hand (refused when already used this year); by default
    the next free number of the year is taken. The issued file is never marked draft."""
    require(actor, "reports.generate")
    period = parse_period(period_code)
    content = kinds.build(db, actor, kind, period, narrative, with_charts=with_charts)

    def make(office: dict, chosen: int, day: date) -> bytes:
        report = Report(office, chosen, DOC_TYPE, day, TYPE_NAME, content.summary, content.blocks)
        return _render(db, kind, report, content, settings)

    template = store.active_template(db, kind)
    return issue_document(
        db,
        actor,
        doc_type=DOC_TYPE,
        kind=kind,
        title=content.summary,
        render_file=make,
        number=number,
        issued_on=issued_on,
        period=period,
        narrative=content.narrative,
        template_sha256=template["sha256"] if template else None,
        settings=settings,
    )


def issue_document(
    db: Database,
    actor: User,
    *,
    doc_type: str,
    kind: str,
    title: str,
    render_file: Callable[[dict, int, date], bytes],
    number: int | None = None,
    issued_on: date | None = None,
    period: Period | None = None,
    narrative: dict | None = None,
    template_sha256: str | None = None,
    settings: Settings,
) -> Issued:
    """Issue any official document: take the next number of `doc_type` in the year of issue
    (or check `number` is free), call `render_file(office, number, issued_on)` for its bytes,
    store the file and register it with its SHA-256 — all inside one BEGIN IMMEDIATE
    transaction, so people issuing at the same moment get distinct consecutive numbers."""
    require(actor, "reports.generate")
    if doc_type not in DOC_TYPES:
        raise ValidationError("exports.error.doc_type_unknown", doc_type=doc_type)
    if number is not None and (not isinstance(number, int) or number < 1):
        raise ValidationError("exports.error.number_invalid", number=number)
    office = get_office(db)
    if office_warnings(office):
        raise ValidationError("exports.error.signer_missing")
    folder = reports_dir(settings)
    path: Path | None = None
    try:
        with store.immediate(db):
            day = issued_on or today_local()  # the date of issue is read once the number is ours
            year = day.year
            if number is None:
                chosen = store.next_number(db, doc_type, year)
            elif store.number_taken(db, doc_type, year, number):
                raise ValidationError("exports.error.number_taken", number=f"{number:02d}", year=year)
            else:
                chosen = number
            data = render_file(office, chosen, day)
            digest = hashlib.sha256(data).hexdigest()
            path = folder / f"{year}-{_file_type(doc_type)}-{chosen:04d}-{digest[:16]}.docx"
            path.write_bytes(data)
            row = {
                "kind": kind,
                "doc_type": doc_type,
                "year": year,
                "number": chosen,
                "symbol": doc_number(chosen, doc_type, office["doc_symbol"]).removeprefix("Số: "),
                "period_code": period.code if period else None,
                "period_start": period.start.isoformat() if period else None,
                "period_end": period.end.isoformat() if period else None,
                "issued_on": day.isoformat(),
                "title": title,
                "author_id": actor.id,
                "author": actor.display_name,
                "created_at": utc_now_iso(),
                "sha256": digest,
                "stored_name": path.name,
                "size": len(data),
                "template_sha256": template_sha256,
                "narrative": json.dumps(narrative or {}, ensure_ascii=False),
            }
            report_id = store.insert_register(db, row)
            audit.record(
                db,
                actor,
                "create",
                "report_register",
                report_id,
                None,
                {k: v for k, v in row.items() if k != "narrative"},
            )
    except BaseException:
        if path is not None and path.exists():
            path.unlink()
        raise
    return Issued(store.register_row(db, report_id), data)


def _file_type(doc_type: str) -> str:
    """QĐ as QD in a file name."""
    return doc_type.replace("Đ", "D")


def template_path(template: dict, settings: Settings) -> Path:
    return templates.templates_dir(settings) / template["stored_name"]


def list_issued(db: Database, actor: User) -> list[dict]:
    """The register, newest first."""
    require(actor, "reports.view")
    return store.list_register(db)


def download(db: Database, actor: User, report_id: int, *, settings: Settings) -> tuple[dict, bytes]:
    """A registered report's file exactly as issued; refuses a file whose hash changed."""
    require(actor, "reports.view")
    row = store.register_row(db, report_id)
    if row is None:
        raise NotFound("exports.error.report_not_found", report=report_id)
    path = reports_dir(settings) / row["stored_name"]
    if not path.exists():
        raise NotFound("exports.error.report_file_missing", symbol=row["symbol"])
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != row["sha256"]:
        raise ValidationError("exports.error.report_file_altered", symbol=row["symbol"])
    return row, data


def file_name(row: dict) -> str:
    """A download name: BC-05-2021-progress.docx."""
    return f"{_file_type(row['doc_type'])}-{row['number']:02d}-{row['year']}-{row['kind']}.docx"
