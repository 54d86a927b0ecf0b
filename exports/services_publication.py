"""The monthly publication of public-service results as a Decree 30 document: a draft
(the number left blank) until issued; issuing goes through the register like every
report, in one place (`issue`), and is refused for a month already issued. An issued
month becomes evidence of the plan activity chosen once in services' options (the
document is attached through plans' public evidence function). Services
reaches this module only through the hooks "services.publication_docx" and
"services.issued_months" (exports/slice.py)."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from core.errors import NotFound, ValidationError
from core.i18n import today_local
from core.office import get_office
from core.periods import parse_period
from core.permissions import SYSTEM, User, require
from core.settings import Settings
from exports import register
from exports.decree30 import Report, render
from exports.services_report import KIND, build_services_monthly, month_of
from plans import activities, progress
from services import publishing


def draft(db: Database, actor: User, month: str, narrative: dict | None = None) -> bytes:
    """The publication as a draft: the register's layout with the number left blank."""
    require(actor, "reports.view")
    content = build_services_monthly(db, actor, parse_period(month), narrative)
    office = get_office(db)
    report = Report(office, None, register.DOC_TYPE, today_local(), register.TYPE_NAME, content.summary, content.blocks)
    return render(report)


def issued_months(db: Database) -> dict[str, dict]:
    """Hook "services.issued_months": each issued month with its register entry (id,
    symbol, issued_on), the first issue of a month if there were several."""
    found: dict[str, dict] = {}
    for row in sorted(register.list_issued(db, SYSTEM), key=lambda r: r["id"]):
        if row["kind"] == KIND:
            found.setdefault(
                row["period_code"], {"report_id": row["id"], "symbol": row["symbol"], "issued_on": row["issued_on"]}
            )
    return found


def issue(
    db: Database,
    actor: User,
    month: str,
    narrative: dict | None = None,
    *,
    number: int | None = None,
    settings: Settings,
):
    """Number, store and register the month's publication (refused when the month was
    already issued), then attach it as evidence of the chosen plan activity; returns the
    register's `Issued` and the evidence row (None when no activity is chosen). The one
    call of this module into the register."""
    period = parse_period(month)
    month_of(period)
    done = issued_months(db).get(period.code)
    if done:
        raise ValidationError("exports.error.month_issued", month=month, symbol=done["symbol"])
    issued = register.issue(db, actor, KIND, period.code, narrative, number=number, settings=settings)
    return issued, link_evidence(db, actor, issued.row, issued.data, settings=settings)


def choose_evidence_activity(db: Database, actor: User, activity_id: int | None) -> dict | None:
    """Choose (once) the plan activity issued months are evidence of, after checking it
    exists; returns the activity (None when linking is turned off)."""
    activity = activities.get_activity(db, activity_id) if activity_id is not None else None
    publishing.set_evidence_activity(db, actor, activity_id)
    return activity


def link_evidence(db: Database, actor: User, row: dict, data: bytes, *, settings: Settings) -> dict | None:
    """Attach an issued publication to the chosen activity as an evidence file; None when
    no activity is chosen or it no longer exists (the document stays issued)."""
    activity_id = publishing.options(db)["evidence_activity_id"]
    if activity_id is None:
        return None
    try:
        activities.get_activity(db, activity_id)
    except NotFound:
        return None
    day = date.fromisoformat(row["issued_on"])
    note = f"Văn bản số {row['symbol']} ngày {day:%d/%m/%Y}: {row['title']}"
    return progress.add_file(db, actor, activity_id, register.file_name(row), data, note, settings=settings)


def publication_docx(
    db: Database, actor: User, month: str, issue_it: bool = False, *, settings: Settings | None = None
) -> dict:
    """Hook "services.publication_docx": the month's publication as DOCX bytes, a draft or
    (with `issue_it`) issued: {"data", "issued", "symbol", "report_id", "evidence_id"}."""
    if not issue_it:
        return {
            "data": draft(db, actor, month),
            "issued": False,
            "symbol": None,
            "report_id": None,
            "evidence_id": None,
        }
    if settings is None:
        raise ValueError("issuing needs the settings (where the register stores files)")
    issued, evidence = issue(db, actor, month, settings=settings)
    return {
        "data": issued.data,
        "issued": True,
        "symbol": issued.row["symbol"],
        "report_id": issued.row["id"],
        "evidence_id": evidence["id"] if evidence else None,
    }
