"""Lead agencies over time, remedial tasks as plan activities, the agency view, and the analysis."""

from __future__ import annotations

import pytest

from core.errors import ValidationError
from core.permissions import SYSTEM
from indices import analysis, leads, remediation, results
from plans import activities
from tests.indices.helpers import FULL_2023, add_plan, setup_par


def test_lead_is_effective_dated_across_the_2025_merger(db):
    par = setup_par(db)
    node = par["node"]
    before = leads.leads_on(db, [node["LV2.2"], node["LV1.1"]], "2025-02-28")
    after = leads.leads_on(db, [node["LV2.2"], node["LV1.1"]], "2025-03-01")
    assert before[node["LV2.2"]]["code"] == "STTTT" and before[node["LV2.2"]]["inherited"]
    assert after[node["LV2.2"]]["code"] == "SKHCN"
    assert before[node["LV1.1"]]["code"] == after[node["LV1.1"]]["code"] == "SNV"


def test_handover_closes_the_open_lead(db):
    par = setup_par(db)
    node, ids = par["node"], par["units"]
    leads.set_lead(db, SYSTEM, node["LV1.2"], ids["SNV"], "2022-01-01")
    leads.set_lead(db, SYSTEM, node["LV1.2"], ids["SKHCN"], "2026-01-01")
    history = leads.lead_history(db, node["LV1.2"])
    assert [(h["unit_code"], h["valid_from"], h["valid_to"]) for h in history] == [
        ("SNV", "2022-01-01", "2025-12-31"),
        ("SKHCN", "2026-01-01", None),
    ]


@pytest.mark.parametrize(
    "unit, start, end, key",
    [
        ("STTTT", "2024-01-01", None, "indices.error.lead_unit_ended"),  # no end date for a merged department
        ("STTTT", "2024-01-01", "2025-06-30", "indices.error.lead_unit_ended"),
        ("SNV", "2024-01-01", "2023-01-01", "indices.error.lead_dates_reversed"),
        ("SNV", "2023-01-01", "2024-01-01", "indices.error.lead_overlap"),  # LV2 is STTTT's until 28/02/2025
        ("SNV", "", None, "indices.error.lead_start_missing"),
    ],
)
def test_bad_leads_are_refused(db, unit, start, end, key):
    par = setup_par(db)
    count = db.table("index_leads").count
    with pytest.raises(ValidationError) as exc:
        leads.set_lead(db, SYSTEM, par["node"]["LV2"], par["units"][unit], start, end)
    assert exc.value.key == key and db.table("index_leads").count == count
    if key == "indices.error.lead_unit_ended":
        assert "28/02/2025" in exc.value.message("vi")


def test_remedy_appears_in_the_plan_and_in_the_agency_view(db):
    par = setup_par(db)
    results.save_result(db, SYSTEM, par["index"]["id"], 2025, par["units"]["HN"], scores=FULL_2023)
    plan = add_plan(db, 2026)
    task = remediation.create_remedy(
        db,
        SYSTEM,
        par["node"]["LV2.2"],
        title="Đẩy mạnh số hóa hồ sơ",
        year=2026,
        deadline="2026-11-30",
        expected_effect="Tỷ lệ số hóa trên 90 %",
    )
    assert task["lead_unit_id"] == par["units"]["SKHCN"] and task["index_node_id"] == par["node"]["LV2.2"]
    assert task["id"] in [a["id"] for a in activities.list_activities(db, plan["id"])]
    view = remediation.agency_view(db, SYSTEM, par["units"]["SKHCN"], on="2026-05-01")
    assert [r["id"] for r in view["remedies"]] == [task["id"]]
    lost = {r["code"]: r["lost"] for r in view["losses"]}
    assert lost["LV2.2"] == 30 - 23.5 and "LV1.1" not in lost  # LV1 belongs to SNV
    assert view["summary"] == {"lost_nodes": len(lost), "remedies": 1, "done": 0}
    activities.update_activity(db, SYSTEM, task["id"], status="done")
    assert remediation.agency_view(db, SYSTEM, par["units"]["SKHCN"], on="2026-05-01")["summary"]["done"] == 1
    old = remediation.agency_view(db, SYSTEM, par["units"]["STTTT"], on="2024-06-01")
    assert "LV2.2" in {r["code"] for r in old["losses"]} and old["remedies"] == []


@pytest.mark.parametrize(
    "node, changes, key",
    [
        ("LV2.2", {"year": 2027}, "indices.error.no_plan_for_year"),
        ("LV2.1.2", {}, "indices.error.node_lost_nothing"),  # 15/15
        ("LV2.2", {"expected_effect": " "}, "indices.error.remedy_effect_missing"),
        ("LV2.2", {"deadline": None}, "indices.error.remedy_deadline_missing"),
        ("LV2.2", {"title": ""}, "error.activity_title_missing"),
    ],
)
def test_bad_remedies_change_nothing(db, node, changes, key):
    par = setup_par(db)
    results.save_result(db, SYSTEM, par["index"]["id"], 2025, par["units"]["HN"], scores=FULL_2023)
    add_plan(db, 2026)
    args = {"title": "Nhiệm vụ", "year": 2026, "deadline": "2026-10-31", "expected_effect": "Thu hồi điểm"} | changes
    with pytest.raises(ValidationError) as exc:
        remediation.create_remedy(db, SYSTEM, par["node"][node], **args)
    assert exc.value.key == key
    assert db.table("activities").count == 0
    if key == "indices.error.no_plan_for_year":
        assert "tạo kế hoạch" in exc.value.message("vi")


def test_remedy_effect_compares_done_and_not_done(db):
    par = setup_par(db)
    hn, index_id = par["units"]["HN"], par["index"]["id"]
    results.save_result(db, SYSTEM, index_id, 2024, hn, scores=FULL_2023)
    better = [dict(s) for s in FULL_2023]
    better[4]["score"] = 27  # LV2.2: 23,5 → 27 of 30
    results.save_result(db, SYSTEM, index_id, 2025, hn, scores=better)
    add_plan(db, 2025)
    done = remediation.create_remedy(
        db, SYSTEM, par["node"]["LV2.2"], title="Số hóa", year=2025, deadline="2025-10-31", expected_effect="x"
    )
    activities.update_activity(db, SYSTEM, done["id"], status="done")
    remediation.create_remedy(
        db, SYSTEM, par["node"]["LV1.2"], title="Kiểm tra", year=2025, deadline="2025-10-31", expected_effect="y"
    )
    effect = analysis.remedy_effect(db, SYSTEM)
    change = {r["node_code"]: r["change"] for r in effect["rows"]}
    assert change["LV2.2"] == round((27 - 23.5) / 30 * 100, 2) and change["LV1.2"] == 0
    assert effect["summary"]["done"] == {"n": 1, "measured": 1, "mean_change": change["LV2.2"]}
    assert effect["summary"]["not_done"]["mean_change"] == 0


def test_trend_and_biggest_losses(db):
    par = setup_par(db)
    hn, index_id = par["units"]["HN"], par["index"]["id"]
    results.save_result(
        db,
        SYSTEM,
        index_id,
        2021,
        hn,
        scores=[{"node_code": "LV1", "score": 35}, {"node_code": "LV2", "score": 50}],
        rank=9,
        ranked_of=63,
        rank_change=39,
    )
    results.save_result(db, SYSTEM, index_id, 2023, hn, scores=FULL_2023, rank=3, ranked_of=63)
    trend = analysis.trend(db, SYSTEM, index_id)
    assert [(t["year"], t["percent"], t["rank"], t["framework"]) for t in trend] == [
        (2021, 85.0, 9, "OLD"),
        (2023, 87.5, 3, "QĐ 876/QĐ-BNV"),
    ]
    fields = {(f["year"], f["code"]): f["percent"] for f in analysis.field_trend(db, SYSTEM, index_id)}
    assert fields[(2021, "LV2")] == round(50 / 60 * 100, 2) and fields[(2023, "LV2")] == round(60.5 / 70 * 100, 2)
    losses = analysis.biggest_losses(db, SYSTEM, 2023)
    assert [r["code"] for r in losses][:2] == ["LV2.2", "LV2.1.1"]  # 21,67 % then 12 % of their maxima
    assert all(r["leaf"] for r in losses)
    assert analysis.biggest_losses(db, SYSTEM, 2023, index_id=index_id + 1) == []


def test_remedy_goes_under_the_plans_index_theme(db):
    from plans.themes import add_theme

    par = setup_par(db)
    results.save_result(db, SYSTEM, par["index"]["id"], 2025, par["units"]["HN"], scores=FULL_2023)
    plan = add_plan(db, 2026)
    add_theme(db, SYSTEM, plan["id"], code="ND3", title="Cải cách thủ tục hành chính", keywords=["TTHC"])
    theme = add_theme(
        db, SYSTEM, plan["id"], code="ND6", title="Kết quả CCHC: PAR Index, SIPAS, PAPI", keywords=["PAPI", "PCI"]
    )
    task = remediation.create_remedy(
        db,
        SYSTEM,
        par["node"]["LV2.2"],
        title="Số hóa",
        year=2026,
        deadline="2026-10-31",
        expected_effect="Thu hồi điểm",
    )
    assert task["theme_id"] == theme["id"] == remediation.index_theme(db, plan["id"])


@pytest.mark.parametrize(
    "kind, allowed", [("commune", False), ("district", False), ("department", True), ("other", True)]
)
def test_only_city_level_units_may_lead(db, kind, allowed):
    """set_lead enforces which kinds of unit may lead, whoever calls it (page, CLI, import)."""
    from core import units

    par = setup_par(db)
    units.add_unit(db, SYSTEM, code="X1", name=f"Đơn vị {kind}", kind=kind)
    unit_id = db.execute("select id from units where code = 'X1'").fetchone()[0]
    count, audits = db.table("index_leads").count, db.table("audit_log").count
    if allowed:
        leads.set_lead(db, SYSTEM, par["node"]["LV1.2"], unit_id, "2026-01-01")
        assert leads.leads_on(db, [par["node"]["LV1.2"]], "2026-06-30")[par["node"]["LV1.2"]]["unit_id"] == unit_id
        return
    with pytest.raises(ValidationError) as exc:
        leads.set_lead(db, SYSTEM, par["node"]["LV1.2"], unit_id, "2026-01-01")
    assert exc.value.key == "indices.error.lead_wrong_kind" and f"Đơn vị {kind}" in exc.value.message("vi")
    assert db.table("index_leads").count == count and db.table("audit_log").count == audits


def test_lead_candidates_are_the_units_set_lead_accepts(db):
    from core import units

    setup_par(db)
    units.add_unit(db, SYSTEM, code="PX", name="Phường X", kind="commune")
    every = units.list_units(db)
    offered = leads.lead_candidates(every)
    assert {u["code"] for u in offered} == {u["code"] for u in every if u["kind"] in ("department", "other", "city")}
    assert "PX" not in {u["code"] for u in offered}
