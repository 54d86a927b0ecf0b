"""Reporting periods and the ministry's data cut-off dates (DOMAIN.md, reporting calendar).

A period is written `2021-05` (a month), `2021-Q2`, `2021-H1`, `2021-9M`, `2021` or
`FROM:TO` (ISO dates). The named periods run from the cut-off day after the previous
period, e.g. the year 2021 from 15/12/2020 to 14/12/2021 and May 2021 from 15/04/2021
to 14/05/2021."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from core.errors import ValidationError

CUTOFF_DAY = 14  # periods end on the 14th; the next starts on the 15th
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_NAMED = re.compile(r"^(\d{4})(?:-(Q[1-4]|H1|9M|0[1-9]|1[0-2]))?$")


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
        raise ValidationError("exports.error.period_invalid", period=choice)
    if choice == "month":
        if month is None or not 1 <= int(month) <= 12:
            raise ValidationError("exports.error.period_invalid", period=f"{year}-{month}")
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
            raise ValidationError("exports.error.period_invalid", period=text)
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
            raise ValidationError("exports.error.period_invalid", period=text) from None
        if end < start:
            raise ValidationError("exports.error.period_reversed", start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}")
        return Period(f"{start.isoformat()}:{end.isoformat()}", "custom", start, end)
    raise ValidationError("exports.error.period_invalid", period=text)
