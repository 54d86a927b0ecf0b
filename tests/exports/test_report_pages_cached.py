"""The report pages at scale: the new-report preview is kept between runs but follows every
write; a spreadsheet is offered at once and built only when its download is clicked."""

import io

import pytest
from openpyxl import load_workbook

from core.db import get_db
from core.errors import PermissionDenied, ValidationError
from exports import sheets
from plans import activities, store

PAGE, SHEETS = "exports/new_report_page.py", "exports/sheets_page.py"


def test_the_preview_follows_a_write(demo_db, app_as, users):
    at = app_as("canbo", page=PAGE)
    at.number_input(key="exports_year").set_value(2021).run()
    before = int({m.label: m.value for m in at.metric}["Hoàn thành"])
    plan = store.plan_by_number(demo_db, 2021, "105/KH-UBND")
    open_one = next(a for a in store.list_activities(demo_db, plan["id"]) if a["status"] != "done" and a["deadline"])
    activities.change_status(get_db(), users["staff"], open_one["id"], "done", open_one["deadline"][:10])
    at.run()
    assert not at.exception
    assert int({m.label: m.value for m in at.metric}["Hoàn thành"]) == before + 1


def test_the_spreadsheet_is_built_only_when_clicked(demo_db, app_as, monkeypatch):
    built = []
    monkeypatch.setattr(sheets, "export_xlsx", lambda *a, **k: built.append(a))
    at = app_as("canbo", page=SHEETS)
    assert not at.exception
    assert len(at.get("download_button")) == 1 and not built


def test_the_page_checks_the_table_before_offering_it(demo_db, users):
    assert sheets.check_table(users["staff"], "plans")
    with pytest.raises(ValidationError):
        sheets.check_table(users["staff"], "nope")
    refused = [r for r, u in users.items() if not sheets_allowed(u)]
    for role in refused:
        with pytest.raises(PermissionDenied):
            sheets.check_table(users[role], "plans")
    data = sheets.export_xlsx(demo_db, users["staff"], "plans")  # what the click builds
    assert load_workbook(io.BytesIO(data)).worksheets[0].max_row > 1


def sheets_allowed(user) -> bool:
    from core.permissions import can

    return can(user, "reports.view") and can(user, "plans.view")
