"""What the generator (`bench/generate.py`) and its data modules share: the data's dates
and the small writers of rows. A leaf: it imports neither of them, so they import it
without a cycle."""

from __future__ import annotations

import html
import random
import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from datetime import time as clock

from sqlite_utils import Database

TODAY = date(2026, 11, 29)  # the data's "today"
SETUP_AT = "2021-01-04T02:00:00+00:00"  # when the catalogue and the accounts were set up


def insert_rows(db: Database, table: str, rows: Iterable[dict]) -> int:
    """Rows of one table with executemany (all rows have the same keys); returns how many."""
    rows = list(rows)
    if not rows:
        return 0
    columns = list(rows[0])
    sql = f'insert into "{table}" ({", ".join(columns)}) values ({", ".join("?" for _ in columns)})'  # noqa: S608
    db.conn.executemany(sql, [[r[c] for c in columns] for r in rows])
    return len(rows)


def work_stamp(day: date | str, rng: random.Random, first_hour: int = 1, last_hour: int = 10) -> str:
    """A UTC timestamp on `day` during Hà Nội's working hours (08:00–17:00 is 01:00–10:00 UTC)."""
    day = day if isinstance(day, str) else day.isoformat()
    return f"{day}T{rng.randint(first_hour, last_hour - 1):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}+00:00"


def unit_alive(unit: dict, first: str, last: str | None = None) -> bool:
    """The unit exists on every day from `first` to `last` (inclusive)."""
    last = last or first
    return (not unit["valid_from"] or unit["valid_from"] <= first) and (
        not unit["valid_to"] or unit["valid_to"] >= last
    )


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def working_days(first: date, last: date) -> list[date]:
    """Weekdays that are not public holidays (the inspections' own calendar)."""
    from inspections.workdays import public_holiday

    days, day = [], first
    while day <= last:
        if day.weekday() < 5 and not public_holiday(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def local_to_utc(day: date, at: clock) -> str:
    from core.periods import to_utc_iso

    return to_utc_iso(day, at)
