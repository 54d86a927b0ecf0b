"""Reporting periods and the ministry's data cut-off dates (DOMAIN.md, reporting calendar).

A period is written `2021-Q2`, `2021-H1`, `2021-9M`, `2021`, `2021-06` (a calendar month,
for the monthly publication of service results) or `FROM:TO` (ISO dates). The named
periods run from the cut-off day after the previous period, e.g. the year 2021 from
15/12/2020 to 14/12/2021; a month runs from its first to its last day."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from core.errors import ValidationError

CUTOFF_DAY = 14  # periods end on the 14th; the next starts on the 15th
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_NAMED = re.compile(r"^(\d{4})(?:-(Q[1-4]|H1|9M))?$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Period:
    code: str  # as typed: 2021-Q2, 2021, 2021-01-01:2021-06-30
    kind: str  # quarter, half, nine_months, year, month, custom
    start: date
    end: date

    @property
    def year(self) -> int:
        return self.end.year

    def label_vi(self) -> str:
        """How the period is named in a report's title."""
        y = self.end.year
        return {
            "quarter": f"quý {_ROMAN.get(self.code[-1:], '')} năm {y}",
            "half": f"6 tháng đầu năm {y}",
            "nine_months": f"9 tháng năm {y}",
            "year": f"năm {y}",
            "month": f"tháng {self.end.month} năm {y}",
        }.get(self.kind, f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}")


# The periods a person picks from, in menu order; "custom" is a span of two dates.
PERIOD_CHOICES = ("Q1", "Q2", "Q3", "Q4", "H1", "9M", "year", "custom")


def period_code(choice: str, year: int | None = None, start: date | None = None, end: date | None = None) -> str:
    """The code `parse_period` reads for a period picked as a choice and a year (or two dates)."""
    if choice == "custom":
        return f"{start.isoformat()}:{end.isoformat()}"
    if choice not in PERIOD_CHOICES:
        raise ValidationError("exports.error.period_invalid", period=choice)
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
            raise ValidationError("exports.error.period_invalid", period=text)
        if part is None:
            return Period(code, "year", _start_after(year, 0), date(year, 12, CUTOFF_DAY))
        if part == "H1":
            return Period(code, "half", _start_after(year, 0), date(year, 6, CUTOFF_DAY))
        if part == "9M":
            return Period(code, "nine_months", _start_after(year, 0), date(year, 9, CUTOFF_DAY))
        quarter = int(part[1])
        return Period(code, "quarter", _start_after(year, 3 * (quarter - 1)), date(year, 3 * quarter, CUTOFF_DAY))
    month = _MONTH.match(code)
    if month:
        year, number = int(month.group(1)), int(month.group(2))
        if not 2000 <= year <= 2100:
            raise ValidationError("exports.error.period_invalid", period=text)
        last = calendar.monthrange(year, number)[1]
        return Period(code, "month", date(year, number, 1), date(year, number, last))
    if ":" in code:
        first, _, last = code.partition(":")
        try:
            start, end = date.fromisoformat(first), date.fromisoformat(last)
        except ValueError:
            raise ValidationError("exports.error.period_invalid", period=text) from None
        if end < start:
            raise ValidationError("exports.error.period_reversed", start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}")
        return Period(f"{start.isoformat()}:{end.isoformat()}", "custom", start, end)
    raise ValidationError("exports.error.period_invalid", period=text)
