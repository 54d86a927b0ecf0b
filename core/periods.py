"""Time as the office counts it, in one place: reporting periods and their data cut-offs
(DOMAIN.md, reporting calendar), months ("YYYY-MM") and their arithmetic, Hà Nội local days
and months as UTC instants (how timestamps are stored), and the labels of months and periods.

Nothing else computes a Hà Nội day boundary: a local day starts at 00:00 Asia/Ho_Chi_Minh,
which is 17:00 UTC the day before (UTC+7, no summer time), and every window here comes
from the time zone itself rather than from that constant.

A period is written `2021-05` (a month), `2021-Q2`, `2021-H1`, `2021-9M`, `2021` or
`FROM:TO` (ISO dates). The named periods run from the cut-off day after the previous
period, e.g. the year 2021 from 15/12/2020 to 14/12/2021 and May 2021 from 15/04/2021
to 14/05/2021."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from core.errors import ValidationError
from core.i18n import TZ

CUTOFF_DAY = 14  # periods end on the 14th; the next starts on the 15th
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_NAMED = re.compile(r"^(\d{4})(?:-(Q[1-4]|H1|9M|0[1-9]|1[0-2]))?$")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


# --- local time <-> UTC --------------------------------------------------------------


def to_utc_iso(day: date, at: time = time(0)) -> str:
    """A Hà Nội wall-clock time on `day` as the UTC ISO string we store."""
    return datetime.combine(day, at, TZ).astimezone(UTC).replace(microsecond=0).isoformat()


def local(value: str) -> datetime:
    """A stored UTC ISO string as an aware Hà Nội datetime."""
    return datetime.fromisoformat(value).astimezone(TZ)


def local_day(value: str) -> date:
    """The Hà Nội day of a stored UTC ISO timestamp."""
    return local(value).date()


def days_utc(first: date, last: date) -> tuple[str, str]:
    """The local days `first`..`last` (both included) as a UTC window [from, to)."""
    return to_utc_iso(first), to_utc_iso(last + timedelta(days=1))


def day_end_utc(day: date | str) -> str:
    """The UTC instant at which the local day `day` ends (the next day's first instant)."""
    day = date.fromisoformat(day[:10]) if isinstance(day, str) else day
    return to_utc_iso(day + timedelta(days=1))


def last_local_day(utc_to: str) -> date:
    """The last local day of a window ending at `utc_to` (exclusive): a report's cut-off."""
    end = datetime.fromisoformat(utc_to.replace("Z", "+00:00"))
    if end.tzinfo is None:
        end = end.replace(tzinfo=UTC)
    return (end.astimezone(TZ) - timedelta(seconds=1)).date()


def month_utc(month: str) -> tuple[str, str]:
    """UTC bounds [first instant, first instant of the next month) of a local month 'YYYY-MM'."""
    first = date.fromisoformat(first_day(parse_month(month)))
    return to_utc_iso(first), to_utc_iso(date.fromisoformat(first_day(shift(month, 1))))


def year_months_utc(year: int) -> list[tuple[str, str, str]]:
    """The months of `year` in Hà Nội time as (YYYY-MM, UTC start, UTC end)."""
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    return [(m, *month_utc(m)) for m in months]


# --- months ("YYYY-MM") ------------------------------------------------------------------


def parse_month(text: str) -> str:
    """ "2026-10" (or "2026-1") -> "2026-10"; anything else is refused."""
    match = _MONTH.fullmatch(str(text or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationError("error.month_invalid", month=text)
    return f"{match.group(1)}-{int(match.group(2)):02d}"


def shift(month: str, by: int) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    index = year * 12 + mon - 1 + by
    return f"{index // 12}-{index % 12 + 1:02d}"


def first_day(month: str) -> str:
    return f"{month}-01"


def of_date(day: date | str) -> str:
    return (day if isinstance(day, str) else day.isoformat())[:7]


def month_label(month: str) -> str:
    """ "2026-10" -> "10/2026", the way the office writes a month."""
    return f"{month[5:7]}/{month[:4]}"


# --- reporting periods ---------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    code: str  # as typed: 2021-Q2, 2021, 2021-01-01:2021-06-30
    kind: str  # month, quarter, half, nine_months, year, custom
    start: date
    end: date

    @property
    def year(self) -> int:
        return self.end.year

    def label_vi(self) -> str:
        """How the period is named in a report's title."""
        y = self.end.year
        return {
            "month": f"tháng {self.end.month} năm {y}",
            "quarter": f"quý {_ROMAN.get(self.code[-1:], '')} năm {y}",
            "half": f"6 tháng đầu năm {y}",
            "nine_months": f"9 tháng năm {y}",
            "year": f"năm {y}",
        }.get(self.kind, self.span_vi())

    def span_vi(self) -> str:
        return f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"

    def label_with_span_vi(self) -> str:
        """The name and, for a named period, its dates: a custom period's name already is
        its dates, so they are printed once."""
        if self.kind == "custom":
            return self.label_vi()
        return f"{self.label_vi()} (số liệu {self.span_vi()})"

    def utc_window(self) -> tuple[str, str]:
        """The period's local days as a UTC window [from, to)."""
        return days_utc(self.start, self.end)

    def as_of(self, today: date) -> date:
        """The day figures are read at: the cut-off, or `today` while the period runs."""
        return min(self.end, today)


# The periods a person picks from, in menu order; "custom" is a span of two dates.
PERIOD_CHOICES = ("month", "Q1", "Q2", "Q3", "Q4", "H1", "9M", "year", "custom")


def period_code(
    choice: str,
    year: int | None = None,
    start: date | None = None,
    end: date | None = None,
    month: int | None = None,
) -> str:
    """The code `parse_period` reads for a period picked as a choice and a year (a month,
    or two dates)."""
    if choice == "custom":
        return f"{start.isoformat()}:{end.isoformat()}"
    if choice not in PERIOD_CHOICES:
        raise ValidationError("error.period_invalid", period=choice)
    if choice == "month":
        if month is None or not 1 <= int(month) <= 12:
            raise ValidationError("error.period_invalid", period=f"{year}-{month}")
        return f"{int(year)}-{int(month):02d}"
    return str(int(year)) if choice == "year" else f"{int(year)}-{choice}"


def _start_after(year: int, month: int) -> date:
    """The day after the cut-off of `month` (15th); month 0 means December of the year before."""
    return date(year - 1, 12, CUTOFF_DAY + 1) if month == 0 else date(year, month, CUTOFF_DAY + 1)


def parse_period(text: str) -> Period:
    """Parse a period code; refuse unknown forms and an end before the start."""
    code = (text or "").strip().upper().replace(" ", "")
    named = _NAMED.match(code)
    if named:
        year, part = int(named.group(1)), named.group(2)
        if not 2000 <= year <= 2100:
            raise ValidationError("error.period_invalid", period=text)
        if part is None:
            return Period(code, "year", _start_after(year, 0), date(year, 12, CUTOFF_DAY))
        if part.isdigit():
            month = int(part)
            return Period(code, "month", _start_after(year, month - 1), date(year, month, CUTOFF_DAY))
        if part == "H1":
            return Period(code, "half", _start_after(year, 0), date(year, 6, CUTOFF_DAY))
        if part == "9M":
            return Period(code, "nine_months", _start_after(year, 0), date(year, 9, CUTOFF_DAY))
        quarter = int(part[1])
        return Period(code, "quarter", _start_after(year, 3 * (quarter - 1)), date(year, 3 * quarter, CUTOFF_DAY))
    if ":" in code:
        first, _, last = code.partition(":")
        try:
            start, end = date.fromisoformat(first), date.fromisoformat(last)
        except ValueError:
            raise ValidationError("error.period_invalid", period=text) from None
        if end < start:
            raise ValidationError("error.period_reversed", start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}")
        return Period(f"{start.isoformat()}:{end.isoformat()}", "custom", start, end)
    raise ValidationError("error.period_invalid", period=text)
