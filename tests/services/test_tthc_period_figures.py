"""The TTHC figures of a period report (services.report_data.tthc_figures): January to the
last complete month before the cut-off, the carry-over counted once, pending as a stock,
toàn trình and một phần apart, month by month — checked against the database's own rows."""

from __future__ import annotations

import pytest

from core.periods import parse_period
from services import importer, results
from services.report_data import last_complete_month, tthc_figures
from tests.services.conftest import ROWS, office_xlsx, table

# February as the units report it: each unit's carry-over is its pending stock at the end of
# January (ROWS); columns as in conftest.ROWS.
FEBRUARY = [
    ("Sở KH&CN", 20, 100, 30, 80, 40, 5, 20, 5, 5, 120),
    ("Sở Tư pháp", 50, 200, 100, 250, 60, 0, 35, 5, 0, 280),
    ("UBND phường Kim Liên", 20, 300, 80, 250, 100, 10, 30, 10, 8, 350),
    ("UBND xã Đông Anh", 20, 120, 60, 100, 70, 5, 20, 5, 5, 170),
]


@pytest.fixture
def three_months(db, users, service_units):
    staff = users["staff"]
    for month, rows in (("2026-01", ROWS), ("2026-02", FEBRUARY), ("2026-03", ROWS)):
        title = f"Kết quả giải quyết TTHC tháng {int(month[5:])}/2026"
        importer.commit(db, staff, importer.read_file(db, staff, "t.xlsx", office_xlsx(table(rows), title), month))
    results.set_targets(db, staff, 2026, {"on_time_rate": 95, "online_rate": 80})
    return db


def _sum(rows, *columns) -> int:
    return sum(r[c] for r in rows for c in columns)


def test_a_quarter_counts_january_and_february_by_hand(three_months, users):
    """Cut-off 14/03/2026: March is not complete and is left out; January's carry-over alone
    (not February's, which is January's pending again); pending at the end of February."""
    found = tthc_figures(three_months, users["leader"], parse_period("2026-Q1"))
    assert (found["first"], found["last"], found["missing"]) == ("2026-01", "2026-02", [])
    assert [m["month"] for m in found["months"]] == ["2026-01", "2026-02"]
    # ROWS: carried, online, in person, ahead, on time, late, within, overdue (columns 1..8)
    new = _sum(ROWS, 2, 3) + _sum(FEBRUARY, 2, 3)
    assert found["carried_over"] == _sum(ROWS, 1) == 35
    assert found["new"] == new == 2355
    assert found["received"] == 35 + new  # not 35 + 110 + new: February's 110 carried are January's pending
    assert found["resolved"] == _sum(ROWS, 4, 5, 6) + _sum(FEBRUARY, 4, 5, 6) == 2260
    assert found["resolved_on_time"] == _sum(ROWS, 4, 5) + _sum(FEBRUARY, 4, 5)
    assert found["late"] == _sum(ROWS, 6) + _sum(FEBRUARY, 6)
    assert found["pending"] == _sum(FEBRUARY, 7, 8) == 130  # the stock, not 110 + 130
    assert found["pending_overdue"] == _sum(FEBRUARY, 8) == 25
    assert found["on_time_rate"] == pytest.approx(100 * found["resolved_on_time"] / 2260)
    assert found["online_rate"] == pytest.approx(100 * (_sum(ROWS, 2) + _sum(FEBRUARY, 2)) / new)
    assert found["full_online"] is None and found["full_online_rate"] is None  # the file has no such column
    assert found["targets"] == {"on_time_rate": 95, "online_rate": 80}
    january = found["months"][0]
    assert january["pending"] == _sum(ROWS, 7, 8) == found["months"][1]["carried_over"]

    ending = tthc_figures(three_months, users["leader"], parse_period("2026-01-01:2026-03-31"))
    assert ending["last"] == "2026-03"  # a cut-off on a month's last day completes it
    assert ending["carried_over"] == 35 and ending["pending"] == _sum(ROWS, 7, 8)
    assert ending["new"] == new + _sum(ROWS, 2, 3)


@pytest.mark.parametrize(
    ("cut_off", "month"),
    [("2026-10-14", "2026-09"), ("2026-10-31", "2026-10"), ("2026-02-28", "2026-02"), ("2026-01-01", "2025-12")],
)
def test_last_complete_month(cut_off, month):
    from datetime import date

    assert last_complete_month(date.fromisoformat(cut_off)) == month


def _city_months(db, first: str, last: str) -> list[tuple]:
    return db.execute(
        "select month, sum(carried_over), sum(online) + sum(in_person), sum(resolved), sum(ahead) + sum(on_time),"
        " sum(late), sum(pending), sum(pending_overdue), sum(full_online), sum(partial_online), sum(online),"
        " sum(received) from service_results where month between ? and ? group by month order by month",
        [first, last],
    ).fetchall()


@pytest.mark.parametrize(("period", "last"), [("2026-9M", "2026-08"), ("2026-Q3", "2026-08"), ("2026-H1", "2026-05")])
def test_demo_period_equals_the_database(demo_db, users, period, last):
    """The demo's figures recomputed here over its monthly rows: the month the cut-off falls in
    is excluded, carry-over is January's, pending the last month's stock."""
    found = tthc_figures(demo_db, users["staff"], parse_period(period))
    rows = _city_months(demo_db, "2026-01", last)
    assert found["first"] == "2026-01" and found["last"] == last and len(found["months"]) == len(rows)
    assert found["carried_over"] == rows[0][1]
    assert found["new"] == sum(r[2] for r in rows)
    assert found["received"] == rows[0][1] + sum(r[2] for r in rows)
    # adding up the months' received would count each later month's carry-over again
    assert sum(r[11] for r in rows) - found["received"] == sum(r[1] for r in rows[1:]) > 0
    assert found["resolved"] == sum(r[3] for r in rows)
    assert found["resolved_on_time"] == sum(r[4] for r in rows)
    assert found["late"] == sum(r[5] for r in rows)
    assert found["pending"] == rows[-1][6] < sum(r[6] for r in rows)
    assert found["pending_overdue"] == rows[-1][7]
    assert found["full_online"] == sum(r[8] for r in rows) and found["partial_online"] == sum(r[9] for r in rows)
    new = sum(r[2] for r in rows)
    assert found["full_online_rate"] == pytest.approx(100 * found["full_online"] / new)
    assert found["partial_online_rate"] == pytest.approx(100 * found["partial_online"] / new)
    assert found["online_rate"] == pytest.approx(100 * sum(r[10] for r in rows) / new)
    assert found["on_time_rate"] == pytest.approx(100 * sum(r[4] for r in rows) / sum(r[3] for r in rows))
    for month, row in zip(found["months"], rows, strict=True):
        assert (month["month"], month["new"], month["resolved"], month["resolved_on_time"], month["pending"]) == (
            row[0],
            row[2],
            row[3],
            row[4],
            row[6],
        )
    cut_month = demo_db.execute(
        "select count(*) from service_results where month = ?", [f"{parse_period(period).end:%Y-%m}"]
    )
    assert cut_month.fetchone()[0] > 0  # the demo has the incomplete month, and it is not counted


def test_a_missing_month_is_named_and_no_complete_month_is_said(demo_db, users):
    demo_db.execute("delete from service_results where month = '2026-03'")
    demo_db.conn.commit()
    found = tthc_figures(demo_db, users["staff"], parse_period("2026-H1"))
    assert found["missing"] == ["2026-03"] and found["last"] == "2026-05"
    assert [m["month"] for m in found["months"]] == ["2026-01", "2026-02", "2026-04", "2026-05"]
    january = tthc_figures(demo_db, users["staff"], parse_period("2026-01"))  # 15/12/2025 → 14/01/2026
    assert january["reason"] == "no_complete_month" and january["months"] == [] and "received" not in january
    before = tthc_figures(demo_db, users["staff"], parse_period("2025-Q1"))
    assert before["reason"] == "no_figures" and before["last"] == "2025-02" and "received" not in before


def test_the_dashboards_year_to_date_adds_months_up_the_same_way(three_months, users):
    """The page's "Lũy kế từ đầu năm" shows what the reports print: carry-over once, pending
    the last month's stock (each unit's), received = carry-over + new."""
    from services import indicators

    ytd = indicators.city(three_months, users["leader"], "2026-02", ytd=True)
    quarter = tthc_figures(three_months, users["leader"], parse_period("2026-Q1"))
    for key in ("received", "carried_over", "resolved", "pending", "pending_overdue", "on_time_rate", "online_rate"):
        assert ytd[key] == pytest.approx(quarter[key]), key
    assert ytd["received"] == 35 + 2355 and ytd["pending"] == 130
    units = {r["code"]: r for r in indicators.unit_figures(three_months, users["leader"], "2026-02", ytd=True)}
    assert units["STP"]["carried_over"] == 20 and units["STP"]["pending"] == 40  # January's 20 in, February's 40 left
    assert units["STP"]["received"] == 20 + 300 + 180 + 200 + 100


def test_the_dashboard_and_the_report_agree_on_the_demo(demo_db, users):
    from services import indicators

    demo = indicators.city(demo_db, users["staff"], "2026-08", ytd=True)
    report = tthc_figures(demo_db, users["staff"], parse_period("2026-9M"))
    assert (demo["received"], demo["pending"]) == (report["received"], report["pending"])


def test_a_report_drafted_before_its_period_ends_stops_at_the_last_month_ended_by_then(demo_db, users):
    """The 2026 report (cut-off 14/12/2026) drafted on 20/10/2026: October has not ended, and
    the demo's October and November rows are not counted."""
    from datetime import date

    early = tthc_figures(demo_db, users["staff"], parse_period("2026"), date(2026, 10, 20))
    assert early["last"] == early["stock_month"] == "2026-09" and early["cut_off"] == date(2026, 10, 20)
    (september_pending,) = demo_db.execute(
        "select sum(pending) from service_results where month = '2026-09'"
    ).fetchone()
    assert early["pending"] == september_pending
    assert tthc_figures(demo_db, users["staff"], parse_period("2026"), date(2027, 1, 5))["last"] == "2026-11"
