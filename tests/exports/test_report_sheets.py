"""XLSX exports: typed columns, Vietnamese headers, frozen header row, formula safety, round trip."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from core.errors import ValidationError
from core.tabular import unescape_text
from exports import sheets
from plans import activities
from plans import report_data as plans_data


def test_plans_round_trip(demo_db, users):
    data = sheets.export_xlsx(demo_db, users["staff"], "plans")
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header == [c.header for c in plans_data.columns("vi")]  # one activities table, owned by plans
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]
    expected = list(
        demo_db.query("select a.*, p.year from activities a join plans p on p.id = a.plan_id order by a.id")
    )
    assert len(rows) == len(expected)
    by_title = {(r["Năm kế hoạch"], r["Nhiệm vụ"]): r for r in rows}
    assert len(by_title) == len(rows)
    for activity in expected:
        row = by_title[(activity["year"], activity["title"])]
        assert row["Kinh phí"] == activity["budget"]
        assert activity["budget"] is None or isinstance(row["Kinh phí"], int)
        assert row["Thời hạn"] == (datetime.fromisoformat(activity["deadline"]) if activity["deadline"] else None)
        assert row["Chỉ tiêu"] == activity["target"]
        assert row["Trạng thái"] == activities.status_label(activity["status"])
    assert ws.cell(row=2, column=header.index("Thời hạn") + 1).number_format == "DD/MM/YYYY"


def test_formula_injection_is_neutralised(demo_db, users):
    plan_id = demo_db.execute("select id from plans where number = '105/KH-UBND'").fetchone()[0]
    activities.create_activity(demo_db, users["staff"], plan_id, title='=HYPERLINK("http://x","bấm")', budget=1)
    data = sheets.export_xlsx(demo_db, users["staff"], "plans")
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    title = [key for key, _kind in plans_data.COLUMNS].index("title")
    titles = [row[title].value for row in ws.iter_rows(min_row=2)]
    hostile = [t for t in titles if "HYPERLINK" in t]
    assert hostile == ['\'=HYPERLINK("http://x","bấm")']
    assert unescape_text(hostile[0]) == '=HYPERLINK("http://x","bấm")'
    assert all(row[title].data_type == "s" for row in ws.iter_rows(min_row=2))


def test_unknown_table_is_refused(demo_db, users):
    with pytest.raises(ValidationError):
        sheets.export_xlsx(demo_db, users["staff"], "salaries")


def test_activity_statuses_read_the_same_everywhere(demo_db, users):
    """One status catalogue: the plans slice's labels in the sheet, the chart and the report."""
    from exports import charts

    assert activities.status_label("not_started") == "Chưa bắt đầu"
    assert activities.status_label("not_started", "en") == "Not started"
    ws = load_workbook(io.BytesIO(sheets.export_xlsx(demo_db, users["staff"], "plans"))).worksheets[0]
    header = [c.value for c in ws[1]]
    shown = {row[header.index("Trạng thái")].value for row in ws.iter_rows(min_row=2)}
    assert shown and shown <= {activities.status_label(s) for s in activities.STATUSES}
    themes = [{"code": "A", "title": "A", **dict.fromkeys(activities.STATUSES, 1)}]
    spec = charts.status_chart({"themes": themes}).to_json()
    assert all(activities.status_label(s) in spec for s in activities.STATUSES)
