"""Fixtures of the inspections tests: a few units (one retired in 2025), an inspection
factory, and a second inspector."""

from __future__ import annotations

from datetime import date, time

import pytest

from core import auth, units
from core.permissions import SYSTEM
from inspections import schedule

TEST_UNITS = [
    ("STP", "Sở Tư pháp", "department", None, None),
    ("SYT", "Sở Y tế", "department", None, None),
    ("Q-HK", "Quận Hoàn Kiếm", "district", None, "2025-06-30"),
    ("P-HK", "Phường Hoàn Kiếm", "commune", "2025-07-01", None),
]


@pytest.fixture
def unit_ids(db) -> dict[str, int]:
    ids = {}
    for code, name, kind, valid_from, _valid_to in TEST_UNITS:
        ids[code] = units.add_unit(db, SYSTEM, code=code, name=name, kind=kind, valid_from=valid_from)["id"]
    units.retire_unit(db, SYSTEM, "Q-HK", "2025-06-30", ["P-HK"])
    return ids


@pytest.fixture
def inspector2(db, users):
    return auth.create_user(
        db, SYSTEM, username="u_inspector2", password="Test@12345", role="inspector", full_name="Kiểm tra viên hai"
    )


@pytest.fixture
def make_inspection(db, users, unit_ids):
    """Create an inspection as staff; defaults to STP on Tuesday 10/03/2026, 08:00–11:30,
    headed by the `inspector` user."""

    def make(code="STP", day=date(2026, 3, 10), start=time(8, 0), end=time(11, 30), team=None, **extra):
        team = team if team is not None else ((users["inspector"].id, "head"),)
        draft = schedule.Draft(unit_id=unit_ids[code], day=day, start=start, end=end, team=tuple(team), **extra)
        return schedule.create_inspection(db, users["staff"], draft)

    return make
