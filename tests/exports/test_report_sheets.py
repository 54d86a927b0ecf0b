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


def test_plans_round_trip(demo_db, users):
    data = sheets.export_xlsx(demo_db, users["staff"], "plans")
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Năm kế hoạch", "Số kế hoạch", "Mã nội dung", "Hoạt động"]
    rows = [dict(zip(header, (c.value for c in row), strict=False)) for row in ws.iter_rows(min_row=2)]
    expected = list(
        demo_db.query("select a.*, p.year from activities a join plans p on p.id = a.plan_id order by a.id")
    )
    assert len(rows) == len(expected)
    by_title = {(r["Năm kế hoạch"], r["Hoạt động"]): r for r in rows}
    assert len(by_title) == len(rows)
    for activity in expected:
        row = by_title[(activity["year"], activity["title"])]
        assert row["Kinh phí (đồng)"] == activity["budget"]
        assert activity["budget"] is None or isinstance(row["Kinh phí (đồng)"], int)
        assert row["Thời hạn"] == (datetime.fromisoformat(activity["deadline"]) if activity["deadline"] else None)
        assert row["Chỉ tiêu"] == activity["target"]
    assert ws.cell(row=2, column=header.index("Thời hạn") + 1).number_format == "DD/MM/YYYY"


def test_formula_injection_is_neutralised(demo_db, users):
    plan_id = demo_db.execute("select id from plans where number = '105/KH-UBND'").fetchone()[0]
    activities.create_activity(demo_db, users["staff"], plan_id, title='=HYPERLINK("http://x","bấm")', budget=1)
    data = sheets.export_xlsx(demo_db, users["staff"], "plans")
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    titles = [row[3].value for row in ws.iter_rows(min_row=2)]
    hostile = [t for t in titles if "HYPERLINK" in t]
    assert hostile == ['\'=HYPERLINK("http://x","bấm")']
    assert unescape_text(hostile[0]) == '=HYPERLINK("http://x","bấm")'
    assert all(row[3].data_type == "s" for row in ws.iter_rows(min_row=2))


def test_unknown_table_is_refused(demo_db, users):
    with pytest.raises(ValidationError):
        sheets.export_xlsx(demo_db, users["staff"], "salaries")
