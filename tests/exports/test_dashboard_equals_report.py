"""The leadership dashboard (as of a day) and the progress report (read on that day) count
the same plan the same way: both read plans.report_data, so they cannot disagree."""

from datetime import date

import pytest

from core.periods import parse_period
from exports import kinds
from plans import dashboard


@pytest.mark.parametrize(
    ("year", "day"), [(2026, date(2026, 12, 7)), (2026, date(2026, 9, 14)), (2021, date(2021, 9, 14))]
)
def test_dashboard_and_progress_report_find_the_same_counts(demo_db, users, year, day):
    shown = dashboard.figures(demo_db, users["leader"], year, today=day)
    report = kinds.build(demo_db, users["staff"], "progress", parse_period(str(year)), with_charts=False, today=day)
    counted = report.figures["totals"]
    assert (shown["totals"]["activities"], shown["totals"]["done"], shown["totals"]["overdue"]) == (
        counted["count"],
        counted["done"],
        counted["overdue"],
    )
    assert shown["at_risk_count"] == counted["at_risk"]
    assert (shown["totals"]["budget"], shown["totals"]["budget_used"]) == (counted["budget"], counted["budget_used"])
    assert shown["totals"]["progress"] == pytest.approx(counted["completion"], abs=0.01)
    # The counts as the database holds them at that day, by SQL of the test's own: the plan's
    # communication activities (remedial tasks left out), overdue from the status history.
    plan_id = shown["plan"]["id"]
    rows = list(
        demo_db.query(
            """
            select a.id, coalesce(a.deadline, a.planned_end) as due,
                   coalesce((select h.status from activity_history h where h.activity_id = a.id
                             and h.on_date <= :day order by h.on_date desc, h.id desc limit 1), 'not_started') as status
            from activities a where a.plan_id = :plan and a.index_node_id is null
            """,
            {"plan": plan_id, "day": day.isoformat()},
        )
    )
    late = [
        r
        for r in rows
        if r["due"] and r["due"] < day.isoformat() and r["status"] not in ("done", "cancelled", "postponed")
    ]
    assert counted["count"] == len(rows)
    assert counted["overdue"] == len(late)
    assert counted["done"] == sum(r["status"] == "done" for r in rows)


def test_a_postponed_activity_is_not_also_late(demo_db, users):
    """The 2021 annual report counted a postponed conference both as postponed and as late."""
    day = date(2021, 12, 14)
    report = kinds.build(demo_db, users["staff"], "progress", parse_period("2021"), with_charts=False, today=day)
    postponed = list(
        demo_db.query(
            """
            select a.id, a.title from activities a join plans p on p.id = a.plan_id
            where p.year = 2021 and a.index_node_id is null
              and (select h.status from activity_history h where h.activity_id = a.id and h.on_date <= :day
                   order by h.on_date desc, h.id desc limit 1) = 'postponed'
            """,
            {"day": day.isoformat()},
        )
    )
    assert postponed, "the 2021 demo plan has a postponed conference"
    flagged = {a["id"]: a for a in report.figures["activities"]}
    assert all(not flagged[a["id"]]["overdue"] for a in postponed if a["id"] in flagged)
    late_named = (
        report.drafts["limitations"].split("quá thời hạn")[1] if "quá thời hạn" in report.drafts["limitations"] else ""
    )
    assert not any(a["title"] in late_named.split("Hoạt động tạm hoãn")[0] for a in postponed)
