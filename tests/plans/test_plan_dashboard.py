"""Dashboard figures checked against the database, and the page showing them."""

from datetime import date

import pytest

from core.i18n import fmt_money, fmt_number, fmt_percent, today_local
from plans import dashboard, progress, report_data, rules, store

TODAY = date(2026, 11, 23)


def _expected(db, year):
    plan = store.annual_plan_for(db, year)
    # Communication activities only: remedial tasks of the reform indices are counted apart.
    acts = list(db.query("select * from activities where plan_id = ? and index_node_id is null", [plan["id"]]))
    shares = {}
    for act in acts:
        updates = store.list_progress(db, act["id"])
        last = updates[-1] if updates else {}
        shares[act["id"]] = rules.progress_percent(last.get("percent"), last.get("count"), act["target"], act["status"])
    return plan, acts, shares


@pytest.mark.parametrize("year", [2021, 2026])
def test_figures_match_the_database(demo_db, users, year):
    plan, acts, shares = _expected(demo_db, year)
    data = dashboard.figures(demo_db, users["leader"], year, today=TODAY)
    assert data["plan"]["id"] == plan["id"]
    totals = data["totals"]
    assert totals["activities"] == len(acts)
    assert totals["done"] == sum(a["status"] == "done" for a in acts)
    overdue = [
        a["id"]
        for a in acts
        if a["deadline"] < TODAY.isoformat() and a["status"] not in ("done", "cancelled", "postponed")
    ]
    assert totals["overdue"] == len(overdue) == len(data["overdue"])
    assert {r["id"] for r in data["overdue"]} == set(overdue)
    assert totals["budget"] == sum(a["budget"] or 0 for a in acts)
    assert totals["budget_used"] == sum(a["budget_used"] or 0 for a in acts)
    counted = [shares[a["id"]] for a in acts if a["status"] != "cancelled"]
    assert totals["progress"] == pytest.approx(sum(counted) / len(counted), abs=0.01)
    assert sum(g["activities"] for g in data["by_theme"]) == len(acts)
    assert sum(g["activities"] for g in data["by_unit"]) == len(acts)
    assert sum(g["activities"] for g in data["by_quarter"]) == len(acts)
    for group in data["by_theme"]:
        theme_id = next(t["id"] for t in store.list_themes(demo_db, plan["id"]) if t["code"] == group["code"])
        members = [a for a in acts if a["theme_id"] == theme_id]
        assert group["budget"] == sum(a["budget"] or 0 for a in members)
        assert group["progress"] == pytest.approx(sum(shares[a["id"]] for a in members) / len(members), abs=0.01)


def test_at_risk_follows_new_progress(demo_db, users):
    data = dashboard.figures(demo_db, users["staff"], 2026, today=TODAY)
    assert data["at_risk"], "the demo has activities due within 14 days and behind"
    first = data["at_risk"][0]
    progress.add_progress(demo_db, users["staff"], first["id"], on_date="2026-11-23", percent=99, today=TODAY)
    after = dashboard.figures(demo_db, users["staff"], 2026, today=TODAY)
    assert first["id"] not in {r["id"] for r in after["at_risk"]}
    assert after["at_risk_count"] == data["at_risk_count"] - 1


def test_year_without_plan(db, users):
    assert dashboard.figures(db, users["leader"], 2030)["plan"] is None


def test_dashboard_page_shows_the_figures(demo_db, app_as):
    at = app_as("lanhdao", page="plans/dashboard_page.py")
    assert not at.exception
    assert at.title[0].value == "Tiến độ kế hoạch tuyên truyền CCHC"
    year = at.selectbox(key="plans_dash_year").value
    years = dashboard.years(demo_db)
    assert year == (today_local().year if today_local().year in years else years[0])
    from core.permissions import SYSTEM

    data = dashboard.figures(demo_db, SYSTEM, year)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Nhiệm vụ"] == fmt_number(data["totals"]["activities"])
    assert metrics["Quá hạn"] == fmt_number(data["totals"]["overdue"])
    assert metrics["Có nguy cơ chậm"] == fmt_number(data["at_risk_count"])
    assert metrics["Tiến độ bình quân"] == fmt_percent(data["totals"]["progress"], "vi", 1)
    assert metrics["Kinh phí kế hoạch"] == fmt_money(data["totals"]["budget"])
    overdue_table = at.dataframe[0].value
    assert list(overdue_table["Nhiệm vụ"]) == [r["title"] for r in data["overdue"]]
    at.selectbox(key="plans_dash_year").set_value(2021).run()
    assert not at.exception
    data = dashboard.figures(demo_db, SYSTEM, 2021)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Đã hoàn thành"] == fmt_number(data["totals"]["done"])
    assert metrics["Kinh phí đã sử dụng"] == fmt_money(data["totals"]["budget_used"])
    charts = at.get("vega_lite_chart")  # by theme, by unit, by quarter, budget
    assert len(charts) == 4 and all(
        '"decimal": ","' in c.proto.spec and '"thousands": "."' in c.proto.spec for c in charts
    )


def test_dashboard_is_the_landing_page(demo_db, app_as):
    at = app_as("canbo", lang="en")
    assert not at.exception
    assert at.title[0].value == "Communication plan progress"
    assert all('"thousands": ","' in c.proto.spec for c in at.get("vega_lite_chart"))


def test_activities_without_a_planned_start_can_be_at_risk(demo_db, users):
    """Remedial tasks have only a deadline: unfinished and due within 14 days, they are listed."""
    plan = store.annual_plan_for(demo_db, 2026)
    rows = report_data.plan_rows(demo_db, plan["id"], TODAY)
    no_start = [r for r in rows if not r["planned_start"] and r["status"] not in rules.CLOSED_STATUSES]
    due_soon = [r for r in no_start if TODAY.isoformat() <= (r["deadline"] or r["planned_end"] or "") <= "2026-12-07"]
    assert due_soon, "the demo has remedial tasks with no planned start due soon"
    behind = [r for r in due_soon if r["progress"] < 50]
    assert behind and all(r["at_risk"] for r in behind)
    remedial = dashboard.figures(demo_db, users["leader"], 2026, today=TODAY)["remedial"]
    assert remedial["at_risk"] >= len(behind)
    assert remedial["activities"] == sum(r["index_node_id"] is not None for r in rows)


def test_what_is_late_says_who_and_by_how_many_days(demo_db, users):
    data = dashboard.figures(demo_db, users["leader"], 2026, today=TODAY)
    assert data["overdue"] and data["at_risk"]
    for row in data["overdue"]:
        assert row["days"] == (TODAY - date.fromisoformat(row["deadline"] or row["planned_end"])).days > 0
    assert [r["days"] for r in data["overdue"]] == sorted((r["days"] for r in data["overdue"]), reverse=True)
    for row in data["at_risk"]:
        assert row["days"] == (date.fromisoformat(row["deadline"] or row["planned_end"]) - TODAY).days >= 0
    assert [r["days"] for r in data["at_risk"]] == sorted(r["days"] for r in data["at_risk"])


def test_the_dashboard_opens_with_what_is_late_and_who_answers_for_it(demo_db, app_as):
    at = app_as("lanhdao", page="plans/dashboard_page.py")
    assert not at.exception
    late = at.dataframe[0].value
    assert list(late.columns)[:3] == ["Nhiệm vụ", "Cơ quan chủ trì", "Số ngày quá hạn"]
    assert list(late["Số ngày quá hạn"]) == sorted(late["Số ngày quá hạn"], reverse=True)
    assert list(at.dataframe[1].value.columns)[:3] == ["Nhiệm vụ", "Cơ quan chủ trì", "Số ngày còn lại"]
    headings = [s.value for s in at.subheader]
    lists = [i for i, h in enumerate(headings) if "quá hạn (" in h or "nguy cơ chậm" in h]
    assert len(lists) == 2 and headings.index("Biểu đồ") > max(lists)  # the charts below the lists
