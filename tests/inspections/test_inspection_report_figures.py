"""The figures inspections.report_data derives for the documents, against the inspections
and recommendations it returns: pending inspections, remedied and outstanding overdue
recommendations, strengths and shortcomings, the area with most shortcomings."""

from datetime import date

from core.periods import parse_period
from inspections.report_data import inspection_figures, most_shortcomings


def test_derived_figures_agree_with_the_rows(demo_db):
    f = inspection_figures(demo_db, parse_period("2026"), date(2026, 12, 7))
    statuses = [i["status"] for i in f["inspections"]]
    assert f["pending"] == statuses.count("planned") + statuses.count("confirmed")
    assert f["not_done"] == sum(s != "cancelled" for s in statuses) - statuses.count("done")
    states = [r["state"] for r in f["recommendations"]]
    assert f["remedied"] == states.count("closed_on_time") + states.count("closed_late")
    assert f["unclosed"] == len(states) - f["remedied"]
    assert f["overdue_outstanding"] == sum(u["overdue"] for u in f["overdue_by_unit"])
    assert f["shortcomings"] == sum(a["shortcomings"] for a in f["areas"])
    assert f["inspections"] and f["recommendations"]  # the demo has both


def test_no_top_area_when_areas_tie():
    tie = [{"area": "A", "shortcomings": 1}, {"area": "B", "shortcomings": 1}]
    assert most_shortcomings(tie) is None
    assert most_shortcomings([*tie, {"area": "C", "shortcomings": 2}])["area"] == "C"
    assert most_shortcomings([{"area": "A", "shortcomings": 0}]) is None
