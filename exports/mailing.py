"""Hook "outreach.issued_files": the documents issued since a day, with their frozen files,
for the outreach slice to e-mail to the people who receive reports. The files are read
through the register's own download (the stored bytes, checked against their hash)."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from core.permissions import SYSTEM
from core.settings import Settings
from exports import register


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
