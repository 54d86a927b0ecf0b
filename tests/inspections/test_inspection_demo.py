"""The inspections demo: a 2026 plan on working days, done ones with findings, one
overdue recommendation, one cancelled inspection, 2024 districts; idempotent."""

from __future__ import annotations

from datetime import date

from core import periods
from core.demo import build_demo
from inspections import followup, schedule, workdays


def test_demo_content(demo_db):
    db = demo_db
    plan = schedule.inspection_plan_by_number(db, 2026, "12/KH-SNV")
    assert plan is not None
    rows = schedule.list_inspections(db, year=2026)
    assert len(rows) >= 8
    for row in rows:
        assert workdays.is_working_day(db, periods.local(row["starts_at"]).date())
    statuses = [r["status"] for r in rows]
    assert statuses.count("cancelled") == 1 and "done" in statuses and "planned" in statuses
    overdue = followup.overdue_recommendations(db, date(2026, 11, 23))
    assert [r["unit_name"] for r in overdue] == ["Sở Y tế"]
    old = schedule.list_inspections(db, year=2024)
    assert {r["unit_code"] for r in old} == {"Q-HK", "H-DA"}
    done = next(r for r in rows if r["unit_code"] == "STP")
    assert len(followup.list_findings(db, done["id"])) == 2


def test_demo_is_idempotent(demo_db):
    before = {
        t: demo_db.execute(f"select count(*) from {t}").fetchone()[0]  # noqa: S608 (fixed table names)
        for t in ("inspections", "findings", "recommendations", "followups")
    }
    counts = build_demo(demo_db)
    assert counts["inspections"] == counts["findings"] == counts["recommendations"] == 0
    after = {t: demo_db.execute(f"select count(*) from {t}").fetchone()[0] for t in before}  # noqa: S608
    assert before == after
