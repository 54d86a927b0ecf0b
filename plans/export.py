"""The activities spreadsheet: one table, every column, for one plan or for every plan,
to XLSX and CSV (core.tabular: typed cells, formula injection escaped, read back
losslessly). The plan page and the exports slice both use `activity_sheet`."""

from __future__ import annotations

from sqlite_utils import Database

from core.i18n import today_local
from core.permissions import User, require
from core.tabular import Column, to_csv, to_xlsx
from plans import report_data


def activity_sheet(
    db: Database, user: User, plan_id: int | None = None, lang: str = "vi"
) -> tuple[str, list[Column], list[dict]]:
    """The activities sheet (`report_data.activity_sheet`) for a person who may read plans."""
    require(user, "plans.view")
    return report_data.activity_sheet(db, plan_id, lang, today_local())


def export_plan(db: Database, user: User, plan_id: int, fmt: str = "xlsx", lang: str = "vi") -> bytes:
    """The plan's activities as XLSX or CSV bytes, one row per activity, every column."""
    sheet = activity_sheet(db, user, plan_id, lang)
    if fmt == "csv":
        return to_csv(sheet[1], sheet[2])
    return to_xlsx([sheet])
