"""Working days for inspections: Monday to Friday, minus Vietnamese public holidays
(the `holidays` package, country VN, lunar-aware), corrected by the override table an
administrator keeps for each year's official notice (Tết days off, swapped working
days such as a Saturday declared a working day, extra days off)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from sqlite_utils import Database

from core import audit
from core.errors import ValidationError
from core.i18n import utc_now_iso
from core.permissions import User, require
from core.text import clean_line
from inspections import store


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("VN", years=year, language="vi"))


def public_holiday(day: date) -> str | None:
    """The name of the public holiday on `day` according to the holidays package, or None."""
    return _public_holidays(day.year).get(day)


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def overrides_map(db: Database) -> dict[str, dict]:
    """The override table keyed by ISO day: read once per check, not once per day."""
    return {row["day"]: row for row in store.overrides(db)}


def day_status(db: Database, day: date | str, overrides: dict[str, dict] | None = None) -> tuple[bool, str | None]:
    """(is_working_day, reason) for `day`. The reason is a holiday name, or "weekend"."""
    day = _as_date(day)
    overrides = overrides_map(db) if overrides is None else overrides
    override = overrides.get(day.isoformat())
    if override is not None:
        if override["kind"] == "working_day":
            return True, None
        return False, override["name"] or "Ngày nghỉ theo thông báo"
    name = public_holiday(day)
    if name:
        return False, name
    if day.weekday() >= 5:
        return False, "weekend"
    return True, None


def is_working_day(db: Database, day: date | str, overrides: dict[str, dict] | None = None) -> bool:
    return day_status(db, day, overrides)[0]


def non_working_days(db: Database, year: int) -> list[dict]:
    """Every weekday off and every declared working day of `year`, with its source (for the admin page)."""
    overrides = overrides_map(db)
    out = []
    day, end = date(year, 1, 1), date(year, 12, 31)
    while day <= end:
        working, reason = day_status(db, day, overrides)
        source = "override" if day.isoformat() in overrides else ("holidays" if public_holiday(day) else "weekend")
        if (not working and reason != "weekend") or (working and day.weekday() >= 5):
            out.append({"day": day.isoformat(), "working": working, "name": reason or "", "source": source})
        day += timedelta(days=1)
    return out


def list_overrides(db: Database) -> list[dict]:
    return store.overrides(db)


def set_override(db: Database, actor: User, day: date | str, kind: str, name: str = "") -> dict:
    """Declare `day` a day off or a working day (the yearly notice); replaces an earlier entry."""
    require(actor, "holidays.manage")
    try:
        day = _as_date(day)
    except ValueError:
        raise ValidationError("inspections.error.date_invalid", value=str(day)) from None
    if kind not in store.OVERRIDE_KINDS:
        raise ValidationError("inspections.error.override_kind", kind=kind)
    row = {"day": day.isoformat(), "kind": kind, "name": clean_line(name) or None, "created_at": utc_now_iso()}
    before = store.override_on(db, row["day"])
    with db.atomic():
        override_id = store.upsert_override(db, row)
        audit.record(db, actor, "update" if before else "create", "holiday_overrides", override_id, before, row)
    return store.override_on(db, row["day"])


def remove_override(db: Database, actor: User, day: date | str) -> None:
    require(actor, "holidays.manage")
    key = _as_date(day).isoformat()
    before = store.override_on(db, key)
    if before is None:
        return
    with db.atomic():
        store.delete_override(db, key)
        audit.record(db, actor, "delete", "holiday_overrides", before["id"], before, None)
