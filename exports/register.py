"""The register of issued reports: numbering, the stored file, its SHA-256.

Generating makes a draft: marked "DỰ THẢO", number and date blank, nothing recorded.
Issuing numbers, renders and records the document inside one write transaction that
takes SQLite's write lock first (BEGIN IMMEDIATE), so two people issuing at the same
moment get consecutive numbers; the unique index on (doc_type, year, number) is the
last line of defence. Each document type (BC, TTr, KH, QĐ, BB, TB, CV) and issuer (SNV, UBND) has its own series
per year.
The file is kept byte for byte as issued and served as stored from then on: an issued
document is never rebuilt from later data (`issued_for`). A correction is a new document
that replaces the old one by number ("Thay thế văn bản số …"). Who issues each kind, its
symbol, recipients and signer come from the office's document profiles (exports.profiles).
Issuing a period report long after its due date needs a confirmation (`confirm_late`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlite_utils import Database

from core import audit
from core.errors import NotFound, ValidationError
from core.i18n import today_local, utc_now_iso
from core.periods import Period, parse_period
from core.permissions import User, require
from core.settings import Settings
from exports import kinds, profiles, store, templates
from exports.decree30 import Report, doc_number, render, series
from exports.prose import issuer_name
from plans.report_data import plan_units as units_of_plan

DOC_TYPE = "BC"  # báo cáo
TYPE_NAME = "BÁO CÁO"
DOC_TYPES = profiles.DOC_TYPES  # each numbered in its own series per year
LATE_AFTER_DAYS = 45  # a period report issued later than this after its cut-off asks first


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


def report_office(db: Database, kind: str, content: kinds.Content | None = None) -> dict:
    """The office as a report of `kind` prints it: its profile, with the co-operating units
    of the communication plan the report covers."""
    plan = ((content.figures or {}) if content is not None else {}).get("plan") if content else None
    dynamic = {"@plan_units": plan_units(db, plan["id"])} if isinstance(plan, dict) and plan.get("id") else {}
    return profiles.office_for(db, kind, dynamic)


def plan_units(db: Database, plan_id: int) -> list[str]:
    """The units a communication plan names as leading or co-operating, except the issuer."""
    issuer = profiles.get_profile(db, "progress")["issuing_body"].casefold()
    return [name for name in units_of_plan(db, plan_id) if name.casefold() != issuer]


def due_date(period: Period) -> date:
    """The day after which issuing a period report asks for a confirmation."""
    return period.end + timedelta(days=LATE_AFTER_DAYS)


def check_late(period: Period | None, day: date, confirm_late: bool) -> None:
    """Issuing a period report long after its cut-off is refused unless confirmed."""
    if period is not None and not confirm_late and day > due_date(period):
        raise ValidationError(
            "exports.error.issue_late", period=period.code, due=f"{due_date(period):%d/%m/%Y}", day=f"{day:%d/%m/%Y}"
        )


def office_warnings(office: dict) -> list[str]:
    """What a draft warns about: an office without a signer's name cannot issue."""
    return [] if (office.get("signer_name") or "").strip() else ["exports.warning.signer_missing"]


def _render(db: Database, kind: str, report: Report, content: kinds.Content, settings: Settings) -> bytes:
    template = store.active_template(db, kind)
    if template:
        return templates.render_template(template_path(template, settings), report, content, template["file_name"])
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
    office = report_office(db, kind, content)
    return Draft(content, draft_file(db, kind, content, office, settings=settings), office_warnings(office))


def draft_file(db: Database, kind: str, content: kinds.Content, office: dict, *, settings: Settings) -> bytes:
    """The DỰ THẢO file of built `content` as `office` (its profile) prints it."""
    type_name = profiles.TYPE_NAMES[office["doc_type"]]
    report = Report(
        office, None, office["doc_type"], None, type_name, content.summary, content.blocks, draft=True,
        **annex_of(content, office),
    )  # fmt: skip
    return _render(db, kind, report, content, settings)


def annex_of(content: kinds.Content, office: dict) -> dict:
    """The annex a report prints after its signature, and whose document it goes with."""
    if not content.annex:
        return {}
    return {
        "annex": content.annex,
        "annex_title": content.annex_title,
        "annex_of": f"của {issuer_name(office, short=True)}",
    }


def _plain(value):
    """A figure as JSON can hold it, the same each time (sets sorted)."""
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    return str(value)


def figures_key(content: kinds.Content) -> str:
    """The SHA-256 of the figures a document prints: what a draft was read with. Issuing with
    the key of the draft staff read refuses when the data moved since (stale draft)."""
    text = json.dumps(content.figures, sort_keys=True, default=_plain, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def check_fresh(content: kinds.Content, read_key: str | None) -> None:
    """Refuse to issue from figures other than those of the draft staff read (`read_key`,
    from `figures_key`); None when no draft was read first."""
    if read_key is not None and figures_key(content) != read_key:
        raise ValidationError("exports.error.draft_stale", period=content.period.code)


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
    replaces: int | None = None,
    confirm_late: bool = False,
    settings: Settings,
) -> Issued:
    """Build, number, store and register one report; return its register row and bytes.

    `number` chooses the number by hand (refused when already used this year); by default
    the next free number of the year is taken. The issued file is never marked draft.
    `replaces`: the register id of the document this one corrects."""
    require(actor, "reports.generate")
    period = parse_period(period_code)
    check_late(period, issued_on or today_local(), confirm_late)
    content = kinds.build(db, actor, kind, period, narrative, with_charts=with_charts)
    office = report_office(db, kind, content)

    def make(office: dict, chosen: int, day: date) -> bytes:
        report = Report(
            office,
            chosen,
            office["doc_type"],
            day,
            profiles.TYPE_NAMES[office["doc_type"]],
            content.summary,
            content.blocks,
            replaces=office.get("replaces", ""),
            **annex_of(content, office),
        )
        return _render(db, kind, report, content, settings)

    template = store.active_template(db, kind)
    return issue_document(
        db,
        actor,
        doc_type=office["doc_type"],
        kind=kind,
        office=office,
        subject=period.code,
        replaces=replaces,
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
    office: dict | None = None,
    subject: str | None = None,
    replaces: int | None = None,
    attachment: bytes | None = None,
    on_issued: Callable[[dict], object] | None = None,
    once: bool = False,
    settings: Settings,
) -> Issued:
    """Issue any official document: take the next number of `doc_type` in the year of issue
    (or check `number` is free), call `render_file(office, number, issued_on)` for its bytes,
    store the file and register it with its SHA-256 — all inside one BEGIN IMMEDIATE
    transaction, so people issuing at the same moment get distinct consecutive numbers.
    `office`: the document's profile as printed (default: the profile of `kind`);
    `subject`: what it is about, so it is served as stored from then on; `replaces`: the
    register id of the document it corrects (printed "Thay thế văn bản số …"); `attachment`:
    a file sent with it (the draft report a Tờ trình submits), stored and hashed with it;
    `on_issued(row)`: what else issuing the document writes, in the same transaction (its
    refusal leaves nothing issued); `once`: one document of `kind` per `subject`, checked in
    the transaction (of two people issuing at once, the second is refused). A correction
    replaces only a document of the same kind and subject."""
    require(actor, "reports.generate")
    if doc_type not in DOC_TYPES:
        raise ValidationError("exports.error.doc_type_unknown", doc_type=doc_type)
    if number is not None and (not isinstance(number, int) or number < 1):
        raise ValidationError("exports.error.number_invalid", number=number)
    office = dict(office or profiles.office_for(db, kind))
    if office_warnings(office):
        raise ValidationError("exports.error.signer_missing")
    folder = reports_dir(settings)
    path: Path | None = None
    try:
        with store.immediate(db):
            # checked again inside the transaction: a colleague may have issued since
            if replaces is not None:
                office["replaces"] = _replaced(db, replaces, kind, subject)
            if once and subject is not None:
                done = store.issued_for(db, kind, subject)
                if done is not None and done["id"] != replaces:
                    raise ValidationError("exports.error.document_issued", symbol=done["symbol"])
            day = issued_on or today_local()  # the date of issue is read once the number is ours
            year = day.year
            if number is None:
                chosen = store.next_number(db, doc_type, year, series(doc_type, office["doc_symbol"]))
            elif store.number_taken(db, doc_type, year, number, series(doc_type, office["doc_symbol"])):
                raise ValidationError("exports.error.number_taken", number=f"{number:02d}", year=year)
            else:
                chosen = number
            data = render_file(office, chosen, day)
            digest = hashlib.sha256(data).hexdigest()
            path = folder / f"{year}-{_file_type(doc_type)}-{chosen:04d}-{digest[:16]}.docx"
            path.write_bytes(data)
            attached = None
            if attachment is not None:
                attached = path.with_name(f"{path.stem}-kem-theo.docx")
                attached.write_bytes(attachment)
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
                "subject": subject,
                "replaces_id": replaces,
            }
            if attached is not None:
                row["attachment_name"] = attached.name
                row["attachment_sha256"] = hashlib.sha256(attachment).hexdigest()
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
            if on_issued is not None:
                on_issued({**row, "id": report_id})
    except BaseException:
        for written in (path, path.with_name(f"{path.stem}-kem-theo.docx") if path is not None else None):
            if written is not None and written.exists():
                written.unlink()
        raise
    return Issued(store.register_row(db, report_id), data)


def _replaced(db: Database, replaces: int, kind: str, subject: str | None) -> str:
    """What a correction prints of the document it replaces ("05/TTr-SNV ngày 18/09/2026"),
    once that document is found to be of the same kind and subject and not yet replaced."""
    old = store.register_row(db, replaces)
    if old is None:
        raise NotFound("exports.error.report_not_found", report=replaces)
    if old["kind"] != kind or (subject is not None and old["subject"] != subject):
        raise ValidationError("exports.error.replaces_other", symbol=old["symbol"], title=old["title"])
    if store.replacement_of(db, replaces):
        raise ValidationError("exports.error.already_replaced", symbol=old["symbol"])
    return f"{old['symbol']} ngày {date.fromisoformat(old['issued_on']):%d/%m/%Y}"


def issued_for(db: Database, kind: str, subject: str, *, settings: Settings) -> tuple[dict, bytes] | None:
    """The stored file of the document of `kind` about `subject`, as issued (the latest
    correction of it), or None when none was issued: what the page and the command line
    serve instead of rebuilding it."""
    row = store.issued_for(db, kind, subject)
    if row is None:
        return None
    return _stored(row, settings)


def _stored(row: dict, settings: Settings) -> tuple[dict, bytes]:
    path = reports_dir(settings) / row["stored_name"]
    if not path.exists():
        raise NotFound("exports.error.report_file_missing", symbol=row["symbol"])
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != row["sha256"]:
        raise ValidationError("exports.error.report_file_altered", symbol=row["symbol"])
    return row, data


def attachment(row: dict, *, settings: Settings) -> bytes | None:
    """The file issued with a register entry (None when it has none), as stored; refused when
    its hash no longer matches."""
    if not row.get("attachment_name"):
        return None
    path = reports_dir(settings) / row["attachment_name"]
    if not path.exists():
        raise NotFound("exports.error.report_file_missing", symbol=row["symbol"])
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != row["attachment_sha256"]:
        raise ValidationError("exports.error.report_file_altered", symbol=row["symbol"])
    return data


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
    return _stored(row, settings)


def file_name(row: dict) -> str:
    """A download name: BC-05-2021-progress.docx."""
    return f"{_file_type(row['doc_type'])}-{row['number']:02d}-{row['year']}-{row['kind']}.docx"
