"""What reports read of inspections, as it stood at a cut-off: recommendation status, remedy
reports, overdue counts, inspections done and conclusion notices."""

from __future__ import annotations

from datetime import date

import pytest

from inspections import followup, schedule
from inspections.report_data import inspections_between, overdue_recommendations_by_unit, recommendations_between

WINDOW = ("2026-02-28T17:00:00", "2026-12-31T17:00:00")  # 01/03–31/12/2026, Hà Nội days


@pytest.fixture
def closed_later(db, users, make_inspection):
    row = make_inspection(day=date(2026, 3, 10))
    schedule.set_status(db, users["staff"], row["id"], "done")
    schedule.set_conclusion(db, users["staff"], row["id"], "2026-03-20", "45/TB-SNV")
    rec = followup.add_recommendation(db, users["staff"], row["id"], text="Niêm yết TTHC")  # deadline 04/04/2026
    followup.add_followup(db, users["inspector"], rec["id"], on_date="2026-04-10", kind="remedy_report", text="BC")
    followup.add_followup(db, users["staff"], rec["id"], on_date="2026-05-20", kind="closed")
    return row, rec


@pytest.mark.parametrize(
    "as_of, status, closed_on, reported",
    [
        ("2026-04-01", "open", None, 0),
        ("2026-04-10", "open", None, 1),
        ("2026-05-19", "open", None, 1),
        ("2026-05-20", "closed", "2026-05-20", 1),
    ],
)
def test_recommendation_as_it_stood(db, closed_later, as_of, status, closed_on, reported):
    (rec,) = recommendations_between(db, *WINDOW, as_of)
    assert (rec["status"], rec["closed_on"], rec["remedy_reported"]) == (status, closed_on, reported)


def test_default_cut_off_is_the_windows_last_day(db, closed_later):
    (before,) = recommendations_between(db, "2026-02-28T17:00:00", "2026-05-14T17:00:00")
    (after,) = recommendations_between(db, "2026-02-28T17:00:00", "2026-06-14T17:00:00")
    assert (before["status"], after["status"]) == ("open", "closed")


def test_overdue_counts_a_recommendation_closed_later(db, closed_later):
    assert [r["overdue"] for r in overdue_recommendations_by_unit(db, "2026-05-01")] == [1]
    assert overdue_recommendations_by_unit(db, "2026-05-20") == []
    assert overdue_recommendations_by_unit(db, "2026-03-01") == []  # not yet inspected, nothing due


def test_inspection_done_and_conclusion_only_once_they_happened(db, closed_later):
    (early,) = inspections_between(db, *WINDOW, "2026-03-09")
    (mid,) = inspections_between(db, *WINDOW, "2026-03-15")
    (late,) = inspections_between(db, *WINDOW, "2026-06-01")
    assert (early["status"], early["conclusion_number"]) == ("confirmed", None)
    assert (mid["status"], mid["conclusion_number"]) == ("done", None)
    assert (late["status"], late["conclusion_number"], late["closed"]) == ("done", "45/TB-SNV", 1)
    assert mid["closed"] == 0
