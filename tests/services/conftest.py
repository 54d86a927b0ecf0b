"""Fixtures of the services tests: the units of the monthly exports that
bench/one_stop_exports.py writes the way the one-stop system does."""

from __future__ import annotations

import pytest

from bench.one_stop_exports import (  # noqa: F401 - still importable from here, as tests written earlier do
    GROUPS,
    ROWS,
    UNITS,
    figures,
    office_csv,
    office_xlsx,
    table,
)
from core import units
from core.permissions import SYSTEM


@pytest.fixture
def service_units(db):
    for code, name, short, kind in UNITS:
        units.add_unit(db, SYSTEM, code=code, name=name, short_name=short, kind=kind)
    return {code: units.get_unit(db, code)["id"] for code, *_ in UNITS}
