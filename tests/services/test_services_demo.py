"""The demo's twelve months: complete, consistent, deterministic, with units to inspect."""

from core.periods import shift
from services import checks, indicators, store
from services.demo import POOR_ON_TIME, POOR_ONLINE


def test_twelve_consistent_months_for_every_reporting_unit(demo_db):
    months = store.months(demo_db)
    assert months == [shift("2025-12", i) for i in range(12)]
    rows = store.results_for_month(demo_db, "2026-11")
    assert {r["kind"] for r in rows} == {"department", "commune"}
    assert len(rows) >= 15
    for month in months:
        for row in store.results_for_month(demo_db, month):
            assert checks.problems(row) == [], (month, row["code"])


def test_poor_units_are_suggested_for_inspection(demo_db):
    found = {c["code"] for c in indicators.units_below_target(demo_db, "2026-12-05")}
    assert POOR_ON_TIME & found and POOR_ONLINE & found
    assert found == POOR_ON_TIME | POOR_ONLINE  # the others keep their targets


def test_building_again_adds_nothing_and_gives_the_same_figures(demo_db):
    from core.permissions import SYSTEM
    from services import demo

    before = store.results_for_month(demo_db, "2026-10")
    assert demo.build(demo_db, SYSTEM) == {"service_months": 0, "service_results": 0}
    assert store.results_for_month(demo_db, "2026-10") == before
    targets = store.targets(demo_db, 2026)
    assert {t["indicator"]: t["value"] for t in targets} == demo.EXAMPLE_TARGETS
    assert all(t["example"] == 1 for t in targets)
