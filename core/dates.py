"""Reading dates that people and files give us."""

from __future__ import annotations

from datetime import date

from core.errors import ValidationError


def iso_date(value, field: str, row: int | None = None, *, day_first: bool = False) -> str | None:
    """`value` (a date or an ISO string; with `day_first`, also dd/mm/yyyy as offices write
    it in files) as YYYY-MM-DD; None for empty input; ValidationError otherwise."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if day_first and "/" in text:
            d, m, y = text.split("/")
            return date(int(y), int(m), int(d)).isoformat()
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise ValidationError("error.date_invalid", field=field, value=text, row=row or "") from None
