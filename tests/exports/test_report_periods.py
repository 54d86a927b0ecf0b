"""Reporting periods and their default cut-off dates."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import ValidationError
from core.periods import parse_period, period_code


@pytest.mark.parametrize(
    "code, kind, start, end, label",
    [
        ("2021-05", "month", date(2021, 4, 15), date(2021, 5, 14), "tháng 5 năm 2021"),
        ("2026-01", "month", date(2025, 12, 15), date(2026, 1, 14), "tháng 1 năm 2026"),
        ("2026-10", "month", date(2026, 9, 15), date(2026, 10, 14), "tháng 10 năm 2026"),
        ("2021-Q1", "quarter", date(2020, 12, 15), date(2021, 3, 14), "quý I năm 2021"),
        ("2021-Q2", "quarter", date(2021, 3, 15), date(2021, 6, 14), "quý II năm 2021"),
        ("2021-q3", "quarter", date(2021, 6, 15), date(2021, 9, 14), "quý III năm 2021"),
        ("2021-Q4", "quarter", date(2021, 9, 15), date(2021, 12, 14), "quý IV năm 2021"),
        ("2021-H1", "half", date(2020, 12, 15), date(2021, 6, 14), "6 tháng đầu năm 2021"),
        ("2021-9M", "nine_months", date(2020, 12, 15), date(2021, 9, 14), "9 tháng năm 2021"),
        ("2021", "year", date(2020, 12, 15), date(2021, 12, 14), "năm 2021"),
        (
            "2021-01-01:2021-06-30",
            "custom",
            date(2021, 1, 1),
            date(2021, 6, 30),
            "từ ngày 01/01/2021 đến ngày 30/06/2021",
        ),
        (
            "2021-05-01:2021-05-01",
            "custom",
            date(2021, 5, 1),
            date(2021, 5, 1),
            "từ ngày 01/05/2021 đến ngày 01/05/2021",
        ),
    ],
)
def test_periods(code, kind, start, end, label):
    period = parse_period(code)
    assert (period.kind, period.start, period.end, period.label_vi()) == (kind, start, end, label)


@pytest.mark.parametrize(
    "code, key",
    [
        ("2021-06-30:2021-01-01", "error.period_reversed"),
        ("2021-Q5", "error.period_invalid"),
        ("2021-H2", "error.period_invalid"),
        ("2021-13", "error.period_invalid"),
        ("2021-00", "error.period_invalid"),
        ("1999", "error.period_invalid"),
        ("2021-02-30:2021-03-01", "error.period_invalid"),
        ("", "error.period_invalid"),
    ],
)
def test_bad_periods(code, key):
    with pytest.raises(ValidationError) as exc:
        parse_period(code)
    assert exc.value.key == key


@pytest.mark.parametrize(
    "choice, year, month, code",
    [("month", 2026, 10, "2026-10"), ("month", 2021, 5, "2021-05"), ("Q2", 2021, None, "2021-Q2")],
)
def test_period_code_round_trips(choice, year, month, code):
    made = period_code(choice, year, month=month)
    assert made == code
    assert parse_period(made).code == code


def test_custom_period_dates_printed_once():
    custom = parse_period("2021-10-01:2021-11-30")
    assert custom.label_with_span_vi().count("01/10/2021") == 1
    quarter = parse_period("2021-Q2")
    assert quarter.label_with_span_vi() == "quý II năm 2021 (số liệu từ ngày 15/03/2021 đến ngày 14/06/2021)"
