"""The figures plans.report_data derives for the documents: the activities a report names
(grouped and ordered once, here), the activities still to do, the budget's share used and
left, and the activities that reported no count."""

from datetime import date

from core.periods import parse_period
from plans.report_data import attention_groups, progress_figures, totals


def _activity(n: int, **flags) -> dict:
    base = {
        "id": n,
        "title": f"Hoạt động {n}",
        "status": "in_progress",
        "done": False,
        "overdue": False,
        "at_risk": False,
        "progress": 50.0,
        "time_elapsed": 50.0,
        "budget": None,
        "budget_used": None,
        "target": None,
        "target_unit": None,
        "achieved": None,
    }
    return {**base, **flags}


def test_attention_groups_order_and_name_each_activity_once():
    acts = [
        _activity(1, late_start=True, days_late_start=3, status="not_started"),
        _activity(2, late_start=True, days_late_start=12, status="not_started"),
        _activity(3, overdue=True, days_late=5, at_risk=True),
        _activity(4, overdue=True, days_late=40),
        _activity(5, at_risk=True),
        _activity(6, behind=True, progress=40.0, time_elapsed=50.0),
        _activity(7, behind=True, progress=10.0, time_elapsed=80.0),
        _activity(8, behind=True, at_risk=True),  # named once, as at risk
        _activity(9, status="postponed"),
        _activity(10, status="done", done=True, progress=100.0),
    ]
    groups = attention_groups(acts)
    ids = {key: [a["id"] for a in items] for key, items in groups.items()}
    assert ids == {
        "late_start": [2, 1],
        "overdue": [4, 3],
        "at_risk": [5, 8],
        "behind": [7, 6],
        "stopped": [9],
    }


def test_totals_give_remaining_budget_share_left_and_unreported_counts():
    acts = [
        _activity(1, status="done", done=True, progress=100.0, budget=40_000_000, budget_used=30_000_000),
        _activity(2, status="cancelled", budget=10_000_000, budget_used=0),
        _activity(3, budget=50_000_000, budget_used=5_000_000, target=10, target_unit="tin, bài", achieved=4),
        _activity(4, target=6, target_unit="tin, bài"),
        _activity(5, status="not_started", progress=0.0),
    ]
    tot = totals(acts)
    assert tot["remaining"] == 3  # five, less one done and one cancelled
    assert tot["budget_share"] == 35_000_000 / 100_000_000 * 100
    assert tot["budget_left"] == 65_000_000
    (unit,) = tot["by_unit"]
    assert (unit["unit"], unit["unreported"], unit["unreported_target"]) == ("tin, bài", 1, 6)


def test_without_a_budget_the_share_is_blank_and_nothing_is_left():
    tot = totals([_activity(1), _activity(2, budget=0, budget_used=0)])
    assert tot["budget_share"] is None and tot["budget_left"] == 0


def test_progress_figures_carry_the_groups_of_their_own_activities(demo_db):
    f = progress_figures(demo_db, parse_period("2026-9M"), date(2026, 12, 7))
    assert f["attention"] == attention_groups(f["activities"])
    assert any(f["attention"].values())  # the demo has late activities to name
    empty = progress_figures(demo_db, parse_period("2019"), date(2026, 12, 7))
    assert empty["plan"] is None and not any(empty["attention"].values())
