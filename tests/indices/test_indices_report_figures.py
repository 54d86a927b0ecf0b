"""The figures indices.report_data derives for the documents: the points each field lost,
the field that lost most, the strongest and weakest field, and the remedial tasks counted
in all and per reform field."""

from datetime import date

from core.periods import parse_period
from core.permissions import SYSTEM
from indices.report_data import field_lost, indices_figures, remedy_counts, strongest_weakest, worst_field


def _field(code: str, score, maximum, percent=None) -> dict:
    row = {"code": code, "name_vi": f"Lĩnh vực {code}", "score": score, "max": maximum, "percent": percent}
    return {**row, "lost": field_lost(row)}


def test_lost_points_and_the_field_that_lost_most():
    fields = [_field("LV1", 9.5, 10), _field("LV2", 12.25, 15), _field("LV3", 8, 8), _field("LV4", 3, None)]
    assert [f["lost"] for f in fields] == [0.5, 2.75, 0, None]
    assert worst_field(fields)["code"] == "LV2"
    assert worst_field([_field("LV3", 8, 8)]) is None  # full marks: nothing lost


def test_strongest_and_weakest_need_two_different_shares():
    fields = [_field("D1", 4, 10, 40.0), _field("D8", 7, 10, 70.0), _field("D2", 5, 10, None)]
    best, worst = strongest_weakest(fields)
    assert (best["code"], worst["code"]) == ("D8", "D1")
    assert strongest_weakest(fields[:1]) is None


def test_remedies_counted_in_all_and_per_reform_field():
    remedies = [
        {"node_code": "LV3.2", "done": True},
        {"node_code": "LV3.4", "done": False},
        {"node_code": "LV5.1", "done": False},
        {"node_code": None, "done": True},
    ]
    counts = remedy_counts(remedies)
    assert (counts["remedies_done"], counts["remedies_open"]) == (2, 2)
    lv3 = counts["remedies_by_field"]["LV3"]
    assert (len(lv3["remedies"]), lv3["done"], [r["node_code"] for r in lv3["open"]]) == (2, 1, ["LV3.4"])
    assert set(counts["remedies_by_field"]) == {"LV3", "LV5"}


def test_indices_figures_carry_the_derived_figures(demo_db):
    f = indices_figures(demo_db, SYSTEM, parse_period("2026"), date(2026, 12, 7))
    par = next(p for p in f["per_index"] if p["index"]["code"] == "PAR")
    assert all(r["lost"] == field_lost(r) for r in par["fields"])
    assert par["worst_field"] == worst_field(par["fields"]) and par["worst_field"] is not None
    assert f["remedies_done"] + f["remedies_open"] == len(f["remedies"])
