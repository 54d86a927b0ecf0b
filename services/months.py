"""Months as the slice stores them ("YYYY-MM"), and the arithmetic on them."""

from __future__ import annotations

import re
from datetime import date

from core.errors import ValidationError

_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def parse_month(text: str) -> str:
    """ "2026-10" (or "2026-1") -> "2026-10"; anything else is refused."""
    match = _MONTH.fullmatch(str(text or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationError("services.error.bad_month", month=text)
    return f"{match.group(1)}-{int(match.group(2)):02d}"


def shift(month: str, by: int) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    index = year * 12 + mon - 1 + by
    return f"{index // 12}-{index % 12 + 1:02d}"


def first_day(month: str) -> str:
    return f"{month}-01"


def of_date(day: date | str) -> str:
    return (day if isinstance(day, str) else day.isoformat())[:7]


def label(month: str) -> str:
    """ "2026-10" -> "10/2026", the way the office writes a month."""
    return f"{month[5:7]}/{month[:4]}"
