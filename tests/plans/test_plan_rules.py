"""Date rules of the plan: overdue, at risk, periods, recurrence, progress share."""

from datetime import date

import pytest

from plans import rules

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    "deadline, status, expected",
    [
        ("2026-11-22", "in_progress", True),
        ("2026-11-22", "not_started", True),
        ("2026-11-22", "postponed", False),  # reported as postponed, not also late
        ("2026-11-22", "done", False),
        ("2026-11-22", "cancelled", False),
        ("2026-11-23", "in_progress", False),  # due today is not late yet
        ("2026-12-31", "not_started", False),
        (None, "in_progress", False),
        ("", "in_progress", False),
    ],
)
def test_overdue(deadline, status, expected):
    assert rules.is_overdue(deadline, status, TODAY) is expected


@pytest.mark.parametrize(
    "start, deadline, status, progress, expected",
    [
        ("2026-11-01", "2026-12-01", "in_progress", 10, True),  # 22/30 of the time gone, 10 % done
        ("2026-11-01", "2026-12-01", "in_progress", 90, False),
        ("2026-11-01", "2026-12-07", "in_progress", 0, True),  # exactly 14 days ahead
        ("2026-11-01", "2026-12-08", "in_progress", 0, False),  # 15 days ahead: not yet
        ("2026-11-01", "2026-11-23", "in_progress", 50, True),  # due today
        ("2026-11-01", "2026-11-22", "in_progress", 0, False),  # already overdue, not "at risk"
        ("2026-11-01", "2026-12-01", "done", 0, False),
        ("2026-11-01", "2026-12-01", "cancelled", 0, False),
        # No planned start (remedial tasks): the 30 days before the deadline count as its time.
        (None, "2026-12-01", "not_started", 0, True),  # 22 of 30 days gone
        (None, "2026-12-01", "in_progress", 15, True),
        (None, "2026-12-01", "in_progress", 80, False),
        (None, "2026-12-07", "in_progress", 40, True),  # 16 of 30 days gone (53 %)
        (None, "2026-12-07", "in_progress", 60, False),
        (None, "2026-12-08", "not_started", 0, False),  # 15 days ahead: not yet
        ("2026-11-01", None, "in_progress", 0, False),
        ("2026-11-30", "2026-12-01", "not_started", 0, False),  # not started yet: 0 % of time gone
    ],
)
def test_at_risk(start, deadline, status, progress, expected):
    assert rules.is_at_risk(start, deadline, status, progress, TODAY) is expected


@pytest.mark.parametrize(
    "percent, count, target, status, expected",
    [
        (40, None, 10, "in_progress", 40.0),
        (None, 6, 24, "in_progress", 25.0),
        (None, 30, 24, "in_progress", 100.0),
        (None, None, 24, "in_progress", 0.0),
        (10, None, None, "done", 100.0),
        (None, 5, None, "in_progress", 0.0),
        (120, None, None, "in_progress", 100.0),
    ],
)
def test_progress_percent(percent, count, target, status, expected):
    assert rules.progress_percent(percent, count, target, status) == expected


@pytest.mark.parametrize(
    "kind, year, number, expected",
    [
        ("month", 2021, 2, (date(2021, 2, 1), date(2021, 2, 28))),
        ("month", 2024, 2, (date(2024, 2, 1), date(2024, 2, 29))),
        ("month", 2021, 12, (date(2021, 12, 1), date(2021, 12, 31))),
        ("quarter", 2021, 1, (date(2021, 1, 1), date(2021, 3, 31))),
        ("quarter", 2021, 2, (date(2021, 4, 1), date(2021, 6, 30))),
        ("quarter", 2021, 4, (date(2021, 10, 1), date(2021, 12, 31))),
        ("year", 2026, None, (date(2026, 1, 1), date(2026, 12, 31))),
    ],
)
def test_period_dates(kind, year, number, expected):
    assert rules.period_dates(kind, year, number) == expected


@pytest.mark.parametrize("kind, number", [("month", 13), ("month", 0), ("quarter", 5), ("week", 1)])
def test_period_dates_refuses_nonsense(kind, number):
    with pytest.raises(ValueError):
        rules.period_dates(kind, 2021, number)


@pytest.mark.parametrize(
    "recurrence, start, end, expected",
    [
        ("monthly", "2021-01-01", "2021-12-31", 12),
        ("monthly", "2021-01-15", "2021-03-10", 3),
        ("quarterly", "2021-01-01", "2021-12-31", 4),
        ("quarterly", "2021-02-15", "2021-08-01", 3),
        ("quarterly", "2021-11-01", "2022-02-01", 2),  # crosses the year
        ("monthly", "2021-12-01", "2022-01-31", 2),
        ("none", "2021-01-01", "2021-12-31", 1),
        ("monthly", "2021-05-01", "2021-04-01", 0),  # end before start
        ("monthly", None, "2021-04-01", 0),
    ],
)
def test_occurrence_count(recurrence, start, end, expected):
    assert len(rules.occurrences(recurrence, start, end)) == expected


def test_occurrences_are_clipped_and_contiguous():
    result = rules.occurrences("monthly", "2021-01-15", "2021-03-10")
    assert result == [
        (date(2021, 1, 15), date(2021, 1, 31)),
        (date(2021, 2, 1), date(2021, 2, 28)),
        (date(2021, 3, 1), date(2021, 3, 10)),
    ]
    quarters = rules.occurrences("quarterly", "2021-01-01", "2021-12-31")
    assert [q[1] for q in quarters] == [date(2021, 3, 31), date(2021, 6, 30), date(2021, 9, 30), date(2021, 12, 31)]


def test_unknown_recurrence_refused():
    with pytest.raises(ValueError):
        rules.occurrences("weekly", "2021-01-01", "2021-02-01")


@pytest.mark.parametrize(
    "value, years, expected",
    [
        ("2021-04-19", 5, "2026-04-19"),
        ("2024-02-29", 1, "2025-02-28"),
        (None, 5, None),
        ("2021-12-31", 1, "2022-12-31"),
    ],
)
def test_shift_year(value, years, expected):
    assert rules.shift_year(value, years) == expected


@pytest.mark.parametrize(
    "start, deadline, expected",
    [
        ("2026-11-13", "2026-12-03", 50.0),
        ("2026-12-01", "2026-12-31", 0.0),
        ("2026-01-01", "2026-02-01", 100.0),
        ("2026-11-23", "2026-11-23", 100.0),
    ],
)
def test_time_elapsed(start, deadline, expected):
    assert rules.time_elapsed(start, deadline, TODAY) == expected
