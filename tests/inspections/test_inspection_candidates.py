"""Risk-based suggestions on the new-inspection page: units other slices flag through the
"inspections.candidates" hook, with the reasons, and a click that fills the form."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core import units
from core.errors import PermissionDenied
from core.permissions import SYSTEM
from core.slices import installed, provided
from inspections import candidates, schedule


def test_suggestions_come_from_the_hook_with_reasons_and_this_years_inspections(demo_db, users, monkeypatch):
    unit_ids = [u["id"] for u in units.list_units(demo_db)]
    inspected = schedule.list_inspections(demo_db, year=2026)[0]["unit_id"]
    fresh = next(u for u in unit_ids if u not in {r["unit_id"] for r in schedule.list_inspections(demo_db, year=2026)})
    seen = []

    def fake(db, on_date):
        seen.append(on_date)
        return [
            {"unit_id": inspected, "name": "A", "code": "A", "reason_vi": "lý do A", "reason_en": "reason A"},
            {"unit_id": fresh, "name": "B", "code": "B", "reason_vi": "lý do B", "reason_en": "reason B"},
            {"unit_id": fresh, "name": "B", "code": "B", "reason_vi": "again", "reason_en": "again"},
        ]

    monkeypatch.setattr(candidates, "provided", lambda hook: [fake] if hook == candidates.HOOK else [])
    found = candidates.suggestions(demo_db, users["staff"], date(2026, 11, 20))
    assert seen == [date(2026, 11, 20)]
    assert [(c["unit_id"], c["inspected_this_year"]) for c in found] == [(fresh, False), (inspected, True)]
    assert candidates.reason(found[0], "en") == "reason B"
    assert candidates.reason(found[1], "vi") == "lý do A"


def test_suggestions_need_the_right_to_plan(db, users):
    with pytest.raises(PermissionDenied):
        candidates.suggestions(db, users["leader"], date(2026, 11, 1))


def test_services_provides_the_hook_and_inspections_does_not_import_it():
    assert [f.__module__ for f in provided(candidates.HOOK)] == ["services.indicators"]
    source = Path(candidates.__file__).read_text(encoding="utf-8")
    assert "import services" not in source and "from services" not in source
    assert "services" not in {s.name for s in installed()[: [s.name for s in installed()].index("inspections")]}


def test_demo_suggestions_match_the_services_figures(demo_db):
    from services import indicators

    today = date.today()
    expected = indicators.units_below_target(demo_db, today)
    assert expected  # the demo has units below target two months running
    found = candidates.suggestions(demo_db, SYSTEM, today)
    assert {c["unit_id"] for c in found} == {c["unit_id"] for c in expected}
    assert all(c["reason_vi"].strip() for c in found)


def test_new_inspection_page_lists_candidates_and_prefills_the_unit(demo_db, app_as):
    expected = candidates.suggestions(demo_db, SYSTEM, date.today())
    at = app_as("canbo", page="inspections/new_page.py")
    assert not at.exception
    shown = "\n".join(c.value for c in at.caption)
    for candidate in expected:
        assert candidate["reason_vi"] in shown
    first = expected[0]
    assert at.selectbox(key="insp_new_unit").value != first["unit_id"] or len(expected) == 1
    at.button(key="insp_new_candidate_0").click().run()
    assert not at.exception
    assert at.selectbox(key="insp_new_unit").value == first["unit_id"]
    assert any(first["name"] in i.value for i in at.info)


def test_new_inspection_page_in_english_shows_english_reasons(demo_db, app_as):
    expected = candidates.suggestions(demo_db, SYSTEM, date.today())
    at = app_as("canbo", lang="en", page="inspections/new_page.py")
    assert not at.exception
    shown = "\n".join(c.value for c in at.caption)
    assert expected and all(c["reason_en"] in shown for c in expected)
