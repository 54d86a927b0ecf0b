"""core/periods.py: Hà Nội local days and months as UTC windows, taken from the time zone."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from core import periods
from core.errors import ValidationError
from core.i18n import TZ


def test_a_local_day_starts_at_five_in_the_afternoon_utc_the_day_before():
    assert periods.to_utc_iso(date(2026, 1, 1)) == "2025-12-31T17:00:00+00:00"
    assert periods.local("2025-12-31T17:00:00+00:00").date() == date(2026, 1, 1)
    assert periods.local_day("2025-12-31T16:59:59+00:00") == date(2025, 12, 31)


def test_a_period_window_covers_its_local_days_end_included():
    period = periods.parse_period("2026-Q1")
    start, end = period.utc_window()
    assert (start, end) == ("2025-12-14T17:00:00+00:00", "2026-03-14T17:00:00+00:00")
    last_minute = datetime.combine(period.end, time(23, 59), TZ).astimezone(UTC).isoformat()
    assert start <= last_minute < end


@pytest.mark.parametrize("year", [2024, 2026])
def test_the_months_of_a_year_tile_it_without_gaps(year):
    months = periods.year_months_utc(year)
    assert [m for m, _, _ in months] == [f"{year}-{n:02d}" for n in range(1, 13)]
    assert all(months[i][2] == months[i + 1][1] for i in range(11))
    assert months[0][1] == periods.to_utc_iso(date(year, 1, 1))
    assert months[-1][2] == periods.to_utc_iso(date(year, 12, 31) + timedelta(days=1))
    assert periods.month_utc("2024-02")[1] == periods.to_utc_iso(date(2024, 3, 1))


@pytest.mark.parametrize("text", ["2026-13", "26-01", "", "tháng 5"])
def test_a_bad_month_is_refused_with_one_message(text):
    with pytest.raises(ValidationError) as refused:
        periods.parse_month(text)
    assert refused.value.key == "error.month_invalid"


def test_month_arithmetic_and_label():
    assert periods.shift("2026-01", -1) == "2025-12"
    assert periods.month_label("2026-03") == "03/2026"
    assert periods.of_date(date(2026, 3, 9)) == "2026-03"
