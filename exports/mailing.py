"""What the outreach slice e-mails, provided through hooks so outreach never imports exports:
"outreach.issued_files", the documents issued since a day with their frozen files (read
through the register's own download: the stored bytes, checked against their hash); and
"outreach.periodic_draft", the package of a period's CCHC report (the Tờ trình and the draft
BC-UBND); "outreach.monthly_draft", the
draft of a month's TTHC publication until that month is issued."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from core.permissions import SYSTEM
from core.settings import Settings
from exports import cchc_package, register, services_publication


def issued_files(db: Database, since: date, settings: Settings) -> list[dict]:
    """Every register entry issued on or after `since`, oldest first: {report_id, symbol,
    title, issued_on, file_name, data}."""
    found = []
    for row in sorted(register.list_issued(db, SYSTEM), key=lambda r: r["id"]):
        if (row["issued_on"] or "") < since.isoformat():
            continue
        entry, data = register.download(db, SYSTEM, row["id"], settings=settings)
        found.append(
            {
                "report_id": entry["id"],
                "symbol": entry["symbol"],
                "title": entry["title"] or "",
                "issued_on": entry["issued_on"],
                "file_name": register.file_name(entry),
                "data": data,
            }
        )
    return found


def periodic_draft(db: Database, period_code: str, settings: Settings) -> list[dict]:
    """The package of the periodic CCHC report of `period_code`, both files as the page and
    the command line give them: the Sở's Tờ trình (a draft, or as issued) and the draft
    BC-UBND it submits: [{file_name, summary, data}, …]."""
    package = cchc_package.build_package(db, SYSTEM, period_code, settings=settings)
    label = package.period.label_vi()
    submission, report = package.names()
    return [
        {
            "file_name": submission,
            "summary": f"Tờ trình về việc ban hành Báo cáo công tác cải cách hành chính {label}"
            + (f" (số {package.row['symbol']})" if package.row else " (dự thảo)"),
            "data": package.submission,
        },
        {
            "file_name": report,
            "summary": f"Dự thảo Báo cáo công tác cải cách hành chính {label} của UBND Thành phố",
            "data": package.report,
        },
    ]


def monthly_draft(db: Database, month: str, settings: Settings) -> dict | None:
    """The draft (DỰ THẢO) of the TTHC publication of `month`: {file_name, summary, data};
    None once that month's publication is issued."""
    if month in services_publication.issued_months(db):
        return None
    return {
        "file_name": f"Du-thao-TB-TTHC-{month}.docx",
        "summary": f"Thông báo công khai kết quả giải quyết TTHC tháng {month}",
        "data": services_publication.draft(db, SYSTEM, month),
    }
