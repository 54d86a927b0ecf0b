"""Numbers and titles that must be refused with a clear message and nothing written:
overflowing and infinite budgets, an infinite count, a NaN percent, invisible titles."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import ValidationError
from plans import activities, plans, progress, store, themes

TODAY = date(2026, 11, 23)
INVISIBLE_TITLES = ["\u200b\u200b", "\u202e\u202c", " \u2066\u2069 ", "\ufeff", "\u200e"]


def _counts(db) -> tuple[int, ...]:
    tables = ("activities", "progress_updates", "audit_log", "themes", "plans")
    return tuple(db.execute(f"select count(*) from {name}").fetchone()[0] for name in tables)  # noqa: S608


@pytest.mark.parametrize(
    "field,value,key",
    [
        ("budget", 10**30, "error.number_too_large"),
        ("budget", float("inf"), "error.number_not_finite"),
        ("budget_used", float("-inf"), "error.number_not_finite"),
        ("budget", float("nan"), "error.number_not_finite"),
        ("target", "1e400", "error.number_not_finite"),
        ("budget", "-1", "error.negative_amount"),
    ],
)
def test_impossible_amounts_are_refused(db, users, small_plan, field, value, key):
    before, row = _counts(db), store.activity_row(db, small_plan["monthly"])
    with pytest.raises(ValidationError) as caught:
        activities.update_activity(db, users["staff"], small_plan["monthly"], **{field: value})
    assert caught.value.key == key
    with pytest.raises(ValidationError):
        activities.create_activity(db, users["staff"], small_plan["plan"], title="Mới", **{field: value})
    assert _counts(db) == before and store.activity_row(db, small_plan["monthly"]) == row


@pytest.mark.parametrize(
    "kwargs,key",
    [
        ({"count": float("inf")}, "error.number_not_finite"),
        ({"count": "inf"}, "error.number_not_finite"),
        ({"percent": float("nan")}, "error.number_not_finite"),
        ({"percent": "NaN"}, "error.number_not_finite"),
        ({"count": 10**30}, "error.number_too_large"),
    ],
)
def test_infinite_or_nan_progress_is_refused(db, users, small_plan, kwargs, key):
    before = _counts(db)
    with pytest.raises(ValidationError) as caught:
        progress.add_progress(db, users["staff"], small_plan["monthly"], today=TODAY, **kwargs)
    assert caught.value.key == key
    assert _counts(db) == before
    assert store.activity_row(db, small_plan["monthly"])["status"] == "not_started"


@pytest.mark.parametrize("title", INVISIBLE_TITLES)
def test_titles_made_of_invisible_characters_are_refused(db, users, small_plan, title):
    staff, before = users["staff"], _counts(db)
    attempts = [
        (
            lambda: activities.create_activity(db, staff, small_plan["plan"], title=title),
            "error.activity_title_missing",
        ),
        (
            lambda: activities.update_activity(db, staff, small_plan["monthly"], title=title),
            "error.activity_title_missing",
        ),
        (lambda: plans.create_plan(db, staff, year=2027, title=title), "error.plan_title_missing"),
        (lambda: themes.add_theme(db, staff, small_plan["plan"], code="ND9", title=title), None),
    ]
    for attempt, key in attempts:
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert key is None or caught.value.key == key
    assert _counts(db) == before


def test_visible_title_keeps_its_text_and_loses_hidden_characters(db, users, small_plan):
    row = activities.create_activity(db, users["staff"], small_plan["plan"], title="\u202eHội\u200b nghị\u2069")
    assert row["title"] == "Hội nghị"
