"""The indices demo: idempotent, the published figures of the office's documents, maxima marked as examples."""

from __future__ import annotations

import pytest

from core.permissions import SYSTEM
from indices import demo, frameworks, leads, remediation, store, views


def _city(db) -> int:
    return db.execute("select id from units where code = 'HN'").fetchone()[0]


def test_demo_is_idempotent(demo_db):
    counts = {
        t: demo_db.table(t).count
        for t in (
            "reform_indices",
            "index_frameworks",
            "index_nodes",
            "index_results",
            "index_scores",
            "index_leads",
            "activities",
        )
    }
    again = demo.build(demo_db, SYSTEM)
    assert set(again.values()) == {0}
    assert counts == {t: demo_db.table(t).count for t in counts}


def test_published_figures(demo_db):
    hn = _city(demo_db)
    par, sipas, papi = (store.index_by_code(demo_db, c)["id"] for c in ("PAR", "SIPAS", "PAPI"))
    par_2023 = views.result_view(demo_db, SYSTEM, par, 2023, hn)
    assert (par_2023["percent"], par_2023["result"]["rank"], par_2023["framework"]["code"]) == (
        91.43,
        3,
        "QĐ 876/QĐ-BNV",
    )
    assert views.result_view(demo_db, SYSTEM, par, 2021, hn)["framework"]["code"] == "PAR 2017–2021"
    assert views.result_view(demo_db, SYSTEM, sipas, 2021, hn)["percent"] == 87.11
    papi_2021 = views.result_view(demo_db, SYSTEM, papi, 2021, hn)
    assert (papi_2021["result"]["rank"], papi_2021["result"]["ranked_of"], papi_2021["result"]["rank_change"]) == (
        9,
        63,
        39,
    )
    assert next(r for r in papi_2021["rows"] if r["code"] == "D8")["rank_change"] == 21
    # the PAR total is consistent with its fields: the derived sum equals the published figure
    assert sum(r["score"] for r in par_2023["rows"] if r["depth"] == 1) == pytest.approx(91.43)


def test_structure_of_the_domain_and_example_note(demo_db):
    expected = {"PAR": 8, "SIPAS": 5, "PAPI": 8, "PCI": 10}
    for code, n in expected.items():
        index = store.index_by_code(demo_db, code)
        latest = frameworks.list_frameworks(demo_db, index["id"])[-1]
        assert len([x for x in frameworks.framework_tree(demo_db, latest["id"]) if x["depth"] == 1]) == n
        assert "ví dụ" in latest["note"]


def test_demo_remedies_are_plan_activities_led_by_the_lead_agency(demo_db):
    remedies = remediation.list_remedies(demo_db, SYSTEM)
    assert remedies
    for r in remedies:
        lead = leads.leads_on(demo_db, [r["index_node_id"]], r["deadline"])[r["index_node_id"]]
        assert lead["unit_id"] == r["lead_unit_id"] and r["expected_effect"]
