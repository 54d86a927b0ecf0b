"""The register of issued reports: numbering, the stored file, its SHA-256.

A report is numbered, rendered and recorded inside one write transaction that takes
SQLite's write lock first (BEGIN IMMEDIATE), so two people generating at the same
moment get consecutive numbers; the unique index on (doc_type, year, number) is the
last line of defence. The file is kept byte for byte as issued."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from core import audit
from core.errors import NotFound, ValidationError
from core.i18n import today_local, utc_now_iso
from core.office import get_office
from core.permissions import User, require
from core.settings import Settings
from exports import kinds, store, templates
from exports.decree30 import Report, doc_number, render
from exports.periods import parse_period

DOC_TYPE = "BC"  # báo cáo
TYPE_NAME = "BÁO CÁO"


@dataclass(frozen=True)
class Issued:
    row: dict
    data: bytes


def generate(
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
    the next free number of the year is taken."""
    require(actor, "reports.generate")
    period = parse_period(period_code)
    if number is not None and (not isinstance(number, int) or number < 1):
        raise ValidationError("exports.error.number_invalid", number=number)
    content = kinds.build(db, actor, kind, period, narrative, with_charts=with_charts)
    office = get_office(db)
    issued_on = issued_on or today_local()
    year = issued_on.year
    folder = settings.reports_dir
    folder.mkdir(parents=True, exist_ok=True)
    path: Path | None = None
    try:
        with store.immediate(db):
            if number is None:
                chosen = store.next_number(db, DOC_TYPE, year)
            elif store.number_taken(db, DOC_TYPE, year, number):
                raise ValidationError("exports.error.number_taken", number=f"{number:02d}", year=year)
            else:
                chosen = number
            report = Report(office, chosen, DOC_TYPE, issued_on, TYPE_NAME, content.summary, content.blocks)
            template = store.active_template(db, kind)
            if template:
                data = templates.render_template(template_path(template, settings), report, content)
            else:
                data = render(report)
            digest = hashlib.sha256(data).hexdigest()
            path = folder / f"{year}-{DOC_TYPE}-{chosen:04d}-{digest[:16]}.docx"
            path.write_bytes(data)
            row = {
                "kind": kind,
                "doc_type": DOC_TYPE,
                "year": year,
                "number": chosen,
                "symbol": doc_number(chosen, DOC_TYPE, office["doc_symbol"]).removeprefix("Số: "),
                "period_code": period.code,
                "period_start": period.start.isoformat(),
                "period_end": period.end.isoformat(),
                "issued_on": issued_on.isoformat(),
                "title": content.summary,
                "author_id": actor.id,
                "author": actor.display_name,
                "created_at": utc_now_iso(),
                "sha256": digest,
                "stored_name": path.name,
                "size": len(data),
                "template_sha256": template["sha256"] if template else None,
                "narrative": json.dumps(content.narrative, ensure_ascii=False),
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
    path = settings.reports_dir / row["stored_name"]
    if not path.exists():
        raise NotFound("exports.error.report_file_missing", symbol=row["symbol"])
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != row["sha256"]:
        raise ValidationError("exports.error.report_file_altered", symbol=row["symbol"])
    return row, data


def file_name(row: dict) -> str:
    """A download name: BC-05-2021-progress.docx."""
    return f"{row['doc_type']}-{row['number']:02d}-{row['year']}-{row['kind']}.docx"
