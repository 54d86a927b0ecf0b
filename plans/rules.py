"""The plan's date rules: overdue, at risk, periods and recurring occurrences.

Pure functions of values (no database): an activity's derived state is computed
from its dates, status and progress every time, never stored."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

CLOSED_STATUSES = ("done", "cancelled")
AT_RISK_DAYS = 14
# An activity with no planned start (a remedial task has only a deadline) is taken to run
# over the month before its deadline, so "behind the time elapsed" still means something.
IMPLIED_SPAN_DAYS = 30


def _day(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def is_overdue(deadline, status: str, today: date) -> bool:
    """Past its deadline and neither done, cancelled nor postponed: a postponed activity is
    reported as postponed, never also as late."""
    day = _day(deadline)
    return day is not None and day < today and status not in (*CLOSED_STATUSES, "postponed")


def time_elapsed(start, deadline, today: date) -> float:
    """Share (0–100) of the time between start and deadline that has passed by `today`."""
    end, begin = _day(deadline), _day(start)
    if end is None:
        return 0.0
    if begin is None or begin >= end:
        return 100.0 if today >= end else 0.0
    share = (today - begin).days / (end - begin).days * 100
    return max(0.0, min(100.0, share))


def is_at_risk(start, deadline, status: str, progress: float | None, today: date) -> bool:
    """Deadline within the next 14 days and progress behind the share of time elapsed
    (from the planned start, or over the 30 days before the deadline when there is none)."""
    end = _day(deadline)
    if end is None or status in CLOSED_STATUSES or not today <= end <= today + timedelta(days=AT_RISK_DAYS):
        return False
    begin = _day(start) or end - timedelta(days=IMPLIED_SPAN_DAYS)
    return (progress or 0.0) < time_elapsed(begin, end, today)


def progress_percent(percent: float | None, count: float | None, target: float | None, status: str) -> float:
    """An activity's progress 0–100: done is 100, else the latest percent, else count/target."""
    if status == "done":
        return 100.0
    if percent is not None:
        return max(0.0, min(100.0, float(percent)))
    if count is not None and target:
        return max(0.0, min(100.0, float(count) / float(target) * 100))
    return 0.0


def quarter_of(day) -> int | None:
    value = _day(day)
    return None if value is None else (value.month - 1) // 3 + 1


def month_bounds(year: int, month: int) -> tuple[date, date]:
    if not 1 <= month <= 12:
        raise ValueError(f"month {month}")
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter {quarter}")
    return month_bounds(year, quarter * 3 - 2)[0], month_bounds(year, quarter * 3)[1]


def period_dates(kind: str, year: int, number: int | None = None) -> tuple[date, date]:
    """The first and last day of a month, a quarter or a whole year."""
    if kind == "month":
        return month_bounds(year, int(number))
    if kind == "quarter":
        return quarter_bounds(year, int(number))
    if kind == "year":
        return date(year, 1, 1), date(year, 12, 31)
    raise ValueError(f"period kind {kind}")


def occurrences(recurrence: str, start, end) -> list[tuple[date, date]]:
    """Dated occurrences (start, due) of a recurring activity between `start` and `end`.

    Monthly: one per calendar month touched; quarterly: one per calendar quarter; each
    clipped to the activity's own start and end. A non-recurring activity is one occurrence."""
    first, last = _day(start), _day(end)
    if first is None or last is None or last < first:
        return []
    if recurrence in (None, "", "none"):
        return [(first, last)]
    step = {"monthly": 1, "quarterly": 3}.get(recurrence)
    if step is None:
        raise ValueError(f"recurrence {recurrence}")
    month = ((first.month - 1) // step) * step + 1
    year, result = first.year, []
    while date(year, month, 1) <= last:
        begin = date(year, month, 1)
        finish = month_bounds(year, month + step - 1)[1]
        result.append((max(begin, first), min(finish, last)))
        month += step
        if month > 12:
            month, year = month - 12, year + 1
    return result


def shift_year(value, years: int) -> str | None:
    """The same day `years` later (29 February becomes 28 February)."""
    day = _day(value)
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years).isoformat()
    except ValueError:
        return day.replace(year=day.year + years, day=28).isoformat()
