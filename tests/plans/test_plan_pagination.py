"""The grid shows a long plan a page at a time, reads its rows once per data version, and
builds its spreadsheets only when a download is clicked."""

import pytest

from core import paging
from core.db import get_db
from core.permissions import SYSTEM
from plans import export, grid, progress, store, views

GRID = "plans/grid_page.py"


@pytest.mark.parametrize("total", [0, 1, 49, 50, 51, 199, 200, 1234])
@pytest.mark.parametrize("size", views.PAGE_SIZES)
def test_the_pages_cover_every_row_exactly_once(total, size):
    rows = list(range(total))
    pages = paging.page_count(total, size)
    seen = [row for page in range(1, pages + 1) for row in paging.page_of(rows, page, size)]
    assert seen == rows
    assert all(paging.page_of(rows, page, size) for page in range(1, pages + 1)) or total == 0
    assert paging.page_of(rows, pages + 3, size) == paging.page_of(rows, pages, size)  # past the end: the last


def _plan_rows(db):
    return grid.rows(db, SYSTEM, store.annual_plan_for(db, 2026)["id"])


def test_the_grid_pages_through_the_plan(demo_db, app_as, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZES", (3, 50))
    rows = _plan_rows(demo_db)
    assert len(rows) > 6
    at = app_as("canbo", page=GRID)
    assert not at.exception
    shown = []
    pages = paging.page_count(len(rows), 3)
    for page in range(1, pages + 1):
        at.number_input(key="plans_page_no").set_value(page).run()
        assert not at.exception
        shown += list(at.dataframe[0].value["id"])
    assert shown == [r["id"] for r in rows]
    at.checkbox(key="plans_f_overdue").check().run()  # fewer rows: the page number follows
    assert not at.exception
    overdue = grid.rows(demo_db, SYSTEM, store.annual_plan_for(demo_db, 2026)["id"], {"overdue_only": True})
    assert at.number_input(key="plans_page_no").value <= paging.page_count(len(overdue), 3)


def test_a_write_is_shown_on_the_next_run(demo_db, app_as):
    first = _plan_rows(demo_db)[0]
    at = app_as("canbo", page=GRID)
    new = 37.0 if round(first["progress"], 1) != 37.0 else 38.0
    progress.add_progress(get_db(), SYSTEM, first["id"], percent=new)  # another connection, as another tab
    at.run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert frame.loc[frame["id"] == first["id"], "progress"].item() == new


def test_the_spreadsheets_are_built_only_when_clicked(demo_db, app_as, monkeypatch):
    built = []
    real = export.export_plan
    monkeypatch.setattr(export, "export_plan", lambda *a, **k: built.append(a) or real(*a, **k))
    at = app_as("canbo", page=GRID)
    assert not at.exception
    assert len(at.get("download_button")) == 2  # offered (XLSX, CSV), not yet made
    assert not built
