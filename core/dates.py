"""Reading dates that people and files give us."""

from __future__ import annotations

from datetime import date

from core.errors import ValidationError


def iso_date(value, field: str, row: int | None = None) -> str | None:
    """`value` (a date, an ISO string, or dd/mm/yyyy as offices write it) as YYYY-MM-DD;
    None for empty input; ValidationError("error.date_invalid") for anything else."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if "/" in text:
            d, m, y = text.split("/")
            return date(int(y), int(m), int(d)).isoformat()
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise ValidationError("error.date_invalid", field=field, value=text, row=row or "") from None
