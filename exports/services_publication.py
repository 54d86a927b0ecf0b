"""The monthly publication of public-service results as a Decree 30 document: a draft
(the number left blank) until issued; issuing goes through the register like every
report, in one place (`issue`), and is refused for a month already issued. Services
reaches this module only through the hooks "services.publication_docx" and
"services.issued_months" (exports/slice.py)."""

from __future__ import annotations

from sqlite_utils import Database

from core.errors import ValidationError
from core.i18n import today_local
from core.office import get_office
from core.permissions import SYSTEM, User, require
from exports import register
from exports.decree30 import Report, render
from exports.periods import parse_period
from exports.services_report import KIND, build_services_monthly, month_of


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


def issue(db: Database, actor: User, month: str, narrative: dict | None = None, *, number: int | None = None):
    """Number, store and register the month's publication (refused when the month was
    already issued): the one call of this module into the register."""
    period = parse_period(month)
    month_of(period)
    done = issued_months(db).get(period.code)
    if done:
        raise ValidationError("exports.error.month_issued", month=month, symbol=done["symbol"])
    return register.generate(db, actor, KIND, period.code, narrative, number=number)


def publication_docx(db: Database, actor: User, month: str, issue_it: bool = False) -> dict:
    """Hook "services.publication_docx": the month's publication as DOCX bytes, a draft or
    (with `issue_it`) issued: {"data", "issued", "symbol", "report_id"}."""
    if not issue_it:
        return {"data": draft(db, actor, month), "issued": False, "symbol": None, "report_id": None}
    issued = issue(db, actor, month)
    return {"data": issued.data, "issued": True, "symbol": issued.row["symbol"], "report_id": issued.row["id"]}
