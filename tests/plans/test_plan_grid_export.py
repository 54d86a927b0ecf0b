"""Grid filters, edits through the plain functions, saved views, and the lossless export."""

import csv
import io
from datetime import date

import pytest

from core.errors import ValidationError
from core.tabular import read_xlsx, unescape_text
from plans import activities, export, grid, report_data, store

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, {"monthly", "one_off", "quarterly"}),
        ({"statuses": ["not_started"]}, {"monthly", "one_off", "quarterly"}),
        ({"statuses": ["done"]}, set()),
        ({"quarters": [2]}, {"one_off"}),
        ({"quarters": [4]}, {"monthly", "quarterly"}),
        ({"channel_codes": ["press"]}, {"monthly"}),
        ({"channel_codes": ["press", "social"]}, {"monthly", "one_off"}),
        ({"overdue_only": True}, {"monthly", "one_off", "quarterly"}),
        ({"theme_ids": "second"}, {"one_off", "quarterly"}),
        ({"lead_unit_ids": "BHNM"}, {"monthly"}),
    ],
)
def test_filters(db, users, small_plan, filters, expected):
    if filters.get("theme_ids") == "second":
        filters = {"theme_ids": [small_plan["themes"][1]]}
    if filters.get("lead_unit_ids") == "BHNM":
        filters = {"lead_unit_ids": [small_plan["units"]["BHNM"]]}
    names = {v: k for k, v in small_plan.items() if k in ("monthly", "one_off", "quarterly")}
    got = {names[r["id"]] for r in grid.rows(db, users["inspector"], small_plan["plan"], filters, today=TODAY)}
    assert got == expected


def test_overdue_filter_uses_today(db, users, small_plan):
    rows = grid.rows(db, users["staff"], small_plan["plan"], {"overdue_only": True}, today=date(2021, 7, 1))
    assert [r["id"] for r in rows] == [small_plan["one_off"]]


def test_grid_edits_go_through_the_rules(db, users, small_plan):
    edited = grid.apply_edits(
        db,
        users["staff"],
        {small_plan["one_off"]: {"progress": 40}, small_plan["quarterly"]: {"status": "cancelled"}},
        on_date="2021-05-01",
    )
    assert edited == 2
    one_off = store.activity_row(db, small_plan["one_off"])
    assert (one_off["status"], one_off["actual_start"]) == ("in_progress", "2021-05-01")
    assert store.list_progress(db, small_plan["one_off"])[0]["percent"] == 40
    assert store.activity_row(db, small_plan["quarterly"])["status"] == "cancelled"
    audited = {(r["table_name"], r["action"]) for r in db.query("select * from audit_log where actor = 'u_staff'")}
    assert ("progress_updates", "create") in audited and ("activities", "update") in audited


def test_bad_grid_edit_changes_nothing(db, users, small_plan):
    with pytest.raises(ValidationError):
        grid.apply_edits(
            db,
            users["staff"],
            {small_plan["one_off"]: {"progress": 30}, small_plan["monthly"]: {"progress": 150}},
            on_date="2021-05-01",
        )
    assert store.list_progress(db, small_plan["one_off"]) == []
    assert store.activity_row(db, small_plan["one_off"])["status"] == "not_started"


def test_saved_views_are_per_user(db, users, small_plan):
    view = grid.save_view(db, users["leader"], " Quá hạn quý 4 ", {"quarters": [4], "overdue_only": True, "junk": 1})
    assert view["name"] == "Quá hạn quý 4"
    assert view["filters"] == {
        "theme_ids": [],
        "lead_unit_ids": [],
        "channel_codes": [],
        "statuses": [],
        "quarters": [4],
        "overdue_only": True,
    }
    grid.save_view(db, users["leader"], "Quá hạn quý 4", {"quarters": [3]})
    assert [v["filters"]["quarters"] for v in grid.list_views(db, users["leader"])] == [[3]]
    assert grid.list_views(db, users["staff"]) == []
    assert grid.delete_view(db, users["staff"], view["id"]) is False
    assert grid.delete_view(db, users["leader"], view["id"]) is True
    with pytest.raises(ValidationError):
        grid.save_view(db, users["leader"], "  ", {})


def test_export_has_every_column_of_the_activity_table(db):
    table_columns = {c.name for c in db.table("activities").columns}
    assert table_columns <= {key for key, _kind in report_data.COLUMNS}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_round_trip(db, users, small_plan, fmt):
    activities.update_activity(
        db,
        users["staff"],
        small_plan["one_off"],
        title='=HYPERLINK("http://x")',
        description="+cộng -trừ @a",
        output="Pa-nô",
    )
    data = export.export_plan(db, users["leader"], small_plan["plan"], fmt)
    if fmt == "xlsx":
        table = read_xlsx(data)
    else:
        table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, body = table[0], table[1:]
    assert header == [c.header for c in report_data.columns("vi")]
    keys = [k for k, _ in report_data.COLUMNS]
    by_id = {int(r[keys.index("id")]): dict(zip(keys, r, strict=True)) for r in body}
    assert set(by_id) == {small_plan["monthly"], small_plan["one_off"], small_plan["quarterly"]}
    row = by_id[small_plan["one_off"]]
    assert row["title"].startswith("'=")  # escaped in the file
    assert unescape_text(row["title"]) == '=HYPERLINK("http://x")'
    assert unescape_text(row["description"]) == "+cộng -trừ @a"
    stored = store.activity_row(db, small_plan["monthly"])
    monthly = by_id[small_plan["monthly"]]
    if fmt == "xlsx":
        assert monthly["planned_start"].date().isoformat() == stored["planned_start"]
        assert monthly["budget"] == stored["budget"] and monthly["target"] == stored["target"]
    else:
        assert monthly["planned_start"] == stored["planned_start"]
        assert int(monthly["budget"]) == stored["budget"] and float(monthly["target"]) == stored["target"]
    assert monthly["lead_unit_name"] == "Báo Hà Nội Mới" and monthly["channel_codes"] == "press"
    assert monthly["coordinating_units"] == "Sở Nội vụ"


BEFORE = [{"id": 1, "status": "not_started", "progress": 0.0}, {"id": 2, "status": "in_progress", "progress": 40.0}]


@pytest.mark.parametrize(
    "after, expected",
    [
        (BEFORE, {}),
        ([{"id": 1, "status": "done", "progress": 0.0}, BEFORE[1]], {1: {"status": "done"}}),
        ([BEFORE[0], {"id": 2, "status": "in_progress", "progress": 55}], {2: {"progress": 55.0}}),
        (
            [
                {"id": 1, "status": "in_progress", "progress": 10},
                {"id": 2, "status": "in_progress", "progress": float("nan")},
            ],
            {1: {"status": "in_progress", "progress": 10.0}},
        ),
        ([{"id": 9, "status": "done", "progress": 100}], {}),  # a row that was not in the grid is ignored
    ],
)
def test_changed_cells(after, expected):
    assert grid.changed_cells(BEFORE, after) == expected
