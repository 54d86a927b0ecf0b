"""Requests made by the daily run on the demo: the month's TTHC figures once per period,
a self-inspection report before an announced visit, a remedy report after a conclusion
notice — each once — and a remedy report that, accepted, answers every open
recommendation of its conclusion notice."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import PermissionDenied
from core.permissions import SYSTEM
from outreach import liaisons, recurring, submissions


@pytest.mark.parametrize(
    "on,code",
    [(date(2026, 12, 7), "2026-12"), (date(2026, 12, 14), "2026-12"), (date(2026, 12, 15), "2027-01"),
     (date(2026, 11, 30), "2026-12"), (date(2026, 1, 10), "2026-01")],
)  # fmt: skip
def test_the_month_a_day_reports_in(on, code):
    assert recurring.month_code(on) == code


def _by_kind(made):
    return {(r["kind"], r.get("source")): r for r in made}


def test_the_daily_run_asks_once_for_each_scheduled_thing(demo_db, users):
    db = demo_db
    made = _by_kind(recurring.ensure(db, users["staff"], date(2026, 11, 24)))
    monthly = made[("monthly_figures", None)]
    assert monthly["period"] == "2026-12" and monthly["due_on"] == "2026-12-16"
    assert {"STP", "SYT", "P-HK"} <= {u["code"] for u in monthly["units"]}
    assert "Q-HK" not in {u["code"] for u in monthly["units"]}  # districts ended in 2025
    x_ss = db.execute(
        "select id from inspections where unit_id = (select id from units where code = 'X-SS')"
    ).fetchone()[0]
    remedy = made[("remedy", f"inspection:{x_ss}")]
    assert remedy["due_on"] == "2026-12-05"  # 15 days after the notice of 20/11
    assert [u["code"] for u in remedy["units"]] == ["X-SS"]
    skhcn = db.execute(
        "select id from inspections where unit_id = (select id from units where code = 'SKHCN')"
    ).fetchone()[0]
    visit = made[("self_inspection", f"inspection:{skhcn}")]
    assert visit["due_on"] == "2026-12-01"  # five working days before the visit of Tuesday 8/12
    cancelled = db.execute("select id from inspections where status = 'cancelled'").fetchone()[0]
    assert ("self_inspection", f"inspection:{cancelled}") not in made
    assert recurring.ensure(db, users["staff"], date(2026, 11, 25)) == []  # nothing twice


def test_an_accepted_remedy_report_answers_the_notices_open_recommendations(demo_db, users):
    db = demo_db
    made = _by_kind(recurring.ensure(db, SYSTEM, date(2026, 11, 24)))
    inspection_id = db.execute(
        "select id from inspections where unit_id = (select id from units where code = 'X-SS')"
    ).fetchone()[0]
    remedy = made[("remedy", f"inspection:{inspection_id}")]
    user, _password = liaisons.create_liaison(db, SYSTEM, username="dm_xss", unit="X-SS", email="dm@xss.example.org")
    answer = submissions.submit(db, user, remedy["id"], fields={"text": "Đã bố trí đủ công chức tại bộ phận một cửa"})
    submissions.accept(db, users["staff"], answer["id"])
    trail = db.execute(
        "select f.kind, f.text from followups f join recommendations r on r.id = f.recommendation_id"
        " where r.inspection_id = ? order by f.id desc limit 1",
        [inspection_id],
    ).fetchall()
    assert trail == [("remedy_report", "Đã bố trí đủ công chức tại bộ phận một cửa")]


@pytest.mark.parametrize("role", ["inspector", "leader", "liaison"])
def test_only_the_office_runs_it(demo_db, users, role):
    with pytest.raises(PermissionDenied):
        recurring.ensure(demo_db, users[role], date(2026, 11, 24))
