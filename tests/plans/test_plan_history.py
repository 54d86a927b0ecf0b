"""The dated history of what reports count: status, budget used, reasons, as at a day."""

from __future__ import annotations

import pytest

from core.errors import ValidationError
from plans import activities, progress, store
from plans.report_data import activities_as_of


def _as_of(db, plan_id, day) -> dict[int, dict]:
    return {a["id"]: a for a in activities_as_of(db, plan_id, day)}


def test_status_and_budget_as_they_stood(db, users, small_plan):
    staff, one_off = users["staff"], small_plan["one_off"]
    activities.change_status(db, staff, one_off, "in_progress", "2021-04-05")
    activities.set_status_and_budget(db, staff, one_off, status="done", budget_used=45_000_000, on_date="2021-06-28")
    plan = small_plan["plan"]
    before = _as_of(db, plan, "2021-04-01")[one_off]
    assert (before["status"], before["budget_used"], before["actual_start"], before["actual_end"]) == (
        "not_started",
        0,
        None,
        None,
    )
    started = _as_of(db, plan, "2021-06-14")[one_off]
    assert (started["status"], started["budget_used"], started["actual_start"]) == ("in_progress", 0, "2021-04-05")
    finished = _as_of(db, plan, "2021-06-28")[one_off]
    assert (finished["status"], finished["budget_used"], finished["actual_end"]) == ("done", 45_000_000, "2021-06-28")


def test_progress_is_the_latest_update_by_the_day(db, users, small_plan):
    staff, monthly = users["staff"], small_plan["monthly"]
    progress.add_progress(db, staff, monthly, on_date="2021-03-01", count=6)
    progress.add_progress(db, staff, monthly, on_date="2021-09-01", count=18)
    rows = _as_of(db, small_plan["plan"], "2021-06-14")
    assert rows[monthly]["progress_count"] == 6
    assert _as_of(db, small_plan["plan"], "2021-09-14")[monthly]["progress_count"] == 18


def test_reason_and_cause_are_kept_with_the_status(db, users, small_plan):
    staff, quarterly = users["staff"], small_plan["quarterly"]
    activities.change_status(
        db, staff, quarterly, "postponed", "2021-08-02", reason="Dịch COVID-19 bùng phát", cause="objective"
    )
    history = activities.activity_history(db, quarterly)
    assert [(h["on_date"], h["status"], h["reason"], h["cause"]) for h in history] == [
        ("2021-08-02", "postponed", "Dịch COVID-19 bùng phát", "objective")
    ]
    row = _as_of(db, small_plan["plan"], "2021-09-14")[quarterly]
    assert (row["status"], row["reason"], row["cause"]) == ("postponed", "Dịch COVID-19 bùng phát", "objective")
    assert _as_of(db, small_plan["plan"], "2021-08-01")[quarterly]["reason"] is None
    audit = db.execute(
        "select after from audit_log where table_name = 'activities' and record_id = ? order by id desc limit 1",
        [str(quarterly)],
    ).fetchone()[0]
    assert "Dịch COVID-19 bùng phát" in audit


def test_unknown_cause_is_refused_and_nothing_changes(db, users, small_plan):
    with pytest.raises(ValidationError) as exc:
        activities.change_status(db, users["staff"], small_plan["quarterly"], "cancelled", reason="x", cause="weather")
    assert exc.value.key == "error.activity_cause_unknown"
    assert activities.activity_history(db, small_plan["quarterly"]) == []
    assert store.activity_row(db, small_plan["quarterly"])["status"] == "not_started"


def test_history_is_written_with_the_change_or_not_at_all(db, users, small_plan, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "insert_history", broken)
    with pytest.raises(RuntimeError):
        activities.change_status(db, users["staff"], small_plan["one_off"], "done", "2021-06-28")
    assert store.activity_row(db, small_plan["one_off"])["status"] == "not_started"


@pytest.mark.parametrize(
    "row, expected",
    [
        (
            {
                "id": 1,
                "status": "done",
                "actual_start": "2021-04-05",
                "actual_end": "2021-06-28",
                "budget_used": 9,
                "updated_at": "2026-01-01T00:00:00",
            },
            [("2021-04-05", "in_progress", None), ("2021-06-28", "done", 9)],
        ),
        (
            {
                "id": 2,
                "status": "in_progress",
                "actual_start": "2021-04-05",
                "actual_end": None,
                "budget_used": 3,
                "updated_at": "2026-01-01T00:00:00",
            },
            [("2021-04-05", "in_progress", 3)],
        ),
        (
            {
                "id": 3,
                "status": "postponed",
                "actual_start": None,
                "actual_end": None,
                "budget_used": None,
                "updated_at": "2021-08-02T03:00:00",
            },
            [("2021-08-02", "postponed", None)],
        ),
        (
            {
                "id": 4,
                "status": "not_started",
                "actual_start": None,
                "actual_end": None,
                "budget_used": None,
                "updated_at": "2021-08-02T03:00:00",
            },
            [],
        ),
    ],
)
def test_backfill_of_rows_written_before_the_history(row, expected):
    assert [(e["on_date"], e["status"], e["budget_used"]) for e in store.backfill_history(row)] == expected


def test_demo_history_matches_the_activities(demo_db):
    """Every demo activity that is not 'not started' has a history whose last state is its status."""
    for row in demo_db.query("select id, status, budget_used from activities where status != 'not_started'"):
        history = store.activity_history(demo_db, row["id"])
        assert history, row
        assert history[-1]["status"] == row["status"]
        assert (history[-1]["budget_used"] or 0) == (row["budget_used"] or 0)
