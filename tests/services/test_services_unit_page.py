"""A unit's page: its months, its QĐ 766 groups, and its inspections and open
recommendations, which inspections gives through the "units.activity" hook."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.errors import NotFound, PermissionDenied
from core.i18n import fmt_percent
from core.permissions import SYSTEM, User
from core.slices import provided
from inspections import followup, schedule
from services import indicators, store, unit_view


def _unit_with_open_recommendation(db) -> tuple[int, dict]:
    for inspection in schedule.list_inspections(db):
        for rec in followup.list_recommendations(db, inspection["id"]):
            if rec["status"] == "open" and store.unit_months(db, [rec["unit_id"]], "2026-01", "2026-12"):
                return rec["unit_id"], rec
    raise AssertionError("the demo has an open recommendation to a unit with service figures")


def test_unit_view_gives_months_groups_inspections_and_recommendations(demo_db):
    unit_id, rec = _unit_with_open_recommendation(demo_db)
    view = unit_view.unit_view(demo_db, SYSTEM, unit_id, 2026)
    rows = store.unit_months(demo_db, [unit_id], "2026-01", "2026-12")
    assert [m["month"] for m in view["months"]] == [r["month"] for r in rows]
    last = view["months"][-1]
    figures = next(r for r in indicators.unit_figures(demo_db, SYSTEM, last["month"]) if r["unit_id"] == unit_id)
    assert last["on_time_rate"] == pytest.approx(figures["on_time_rate"])
    assert last["index_score"] == pytest.approx(figures["index_score"]) if figures["index_score"] else True
    assert [g["code"] for g in view["groups"]] == [g["code"] for g in store.index_groups(demo_db)]
    for group in view["groups"]:
        for month, score in group["scores"].items():
            assert store.index_scores(demo_db, month, unit_id)[group["code"]] == score
            assert 0 <= score <= group["max"]
    assert rec["text"] in [r["text"] for r in view["recommendations"]]
    inspected = {i["id"] for i in schedule.list_inspections(demo_db, unit_id=unit_id)}
    assert {i["id"] for i in view["inspections"]} == inspected
    assert all(i["label"]["vi"] and i["label"]["en"] for i in view["inspections"])


def test_open_recommendations_only_and_days_overdue(demo_db):
    unit_id, _ = _unit_with_open_recommendation(demo_db)
    found = followup.unit_activity(demo_db, unit_id, date(2030, 1, 1))
    for rec in found["recommendations"]:
        assert rec["days_overdue"] == (date(2030, 1, 1) - date.fromisoformat(rec["deadline"])).days
    days = [i["day"] for i in found["inspections"]]
    assert days == sorted(days, reverse=True)


def test_without_the_hook_the_page_still_shows_the_figures(demo_db, monkeypatch):
    unit_id, _ = _unit_with_open_recommendation(demo_db)
    monkeypatch.setattr(unit_view, "provided", lambda hook: [])
    view = unit_view.unit_view(demo_db, SYSTEM, unit_id, 2026)
    assert view["months"] and view["inspections"] == [] and view["recommendations"] == []


def test_hook_is_provided_by_inspections_and_services_does_not_import_it():
    assert [f.__module__ for f in provided(unit_view.ACTIVITY_HOOK)] == ["inspections.followup"]
    for path in Path("services").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "from inspections" not in text and "import inspections" not in text, path


def test_unknown_unit_and_reader_rights(db):
    with pytest.raises(NotFound):
        unit_view.unit_view(db, SYSTEM, 999_999, 2026)
    with pytest.raises(PermissionDenied):
        unit_view.unit_view(db, User(id=0, username="x", role="nobody"), 1, 2026)


def test_unit_page_shows_the_chosen_unit(demo_db, app_as):
    unit_id, rec = _unit_with_open_recommendation(demo_db)
    at = app_as("lanhdao", page="services/unit_page.py")
    assert not at.exception
    at.selectbox(key="services_unit_year").set_value(2026).run()
    at.selectbox(key="services_unit_pick").set_value(unit_id).run()
    assert not at.exception
    view = unit_view.unit_view(demo_db, SYSTEM, unit_id, 2026)
    months = at.dataframe[0].value
    assert list(months["Tỷ lệ đúng hạn"]) == [fmt_percent(m["on_time_rate"], "vi", 2) for m in view["months"]]
    groups = at.dataframe[1].value
    assert list(groups["Nhóm chỉ số"]) == [g["name_vi"] for g in view["groups"]]
    recs = at.dataframe[3].value
    assert rec["text"] in list(recs["Kiến nghị"])
    inspections = at.dataframe[2].value
    assert len(inspections) == len(view["inspections"])
