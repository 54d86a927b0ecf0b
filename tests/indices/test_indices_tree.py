"""Frameworks as trees, results against them, derived losses, versioning across years."""

from __future__ import annotations

import pytest

from core.errors import NotFound, ValidationError
from core.permissions import SYSTEM
from indices import frameworks, results
from tests.indices.helpers import FULL_2023, NEW, nodes, setup_par


def _keys(exc: ValidationError) -> list[str]:
    return [e["key"] for e in exc.errors] or [exc.key]


@pytest.mark.parametrize(
    "spec, key",
    [
        ([("A", "B", "a", 10), ("B", "A", "b", 10)], "indices.error.cycle"),
        ([("A", "A", "a", 10)], "indices.error.cycle"),
        ([("A", None, "a", 10), ("A", None, "a again", 10)], "indices.error.duplicate_code"),
        ([("A", None, "a", 10), ("A.1", "A", "x", 6), ("A.2", "A", "y", 5)], "indices.error.children_exceed_max"),
        ([("A", None, "a", 60), ("B", None, "b", 50)], "indices.error.children_exceed_max"),  # fields above the total
        ([("A", "Z", "a", 10)], "indices.error.parent_unknown"),
        ([("A", None, "a", 0)], "indices.error.max_invalid"),
        ([("A", None, "a", "mười")], "indices.error.not_a_number"),
        ([("A", None, "", 10)], "indices.error.node_name_missing"),
        ([("", None, "a", 10)], "indices.error.node_code_missing"),
        (
            [("A", None, "a", 40), ("B", "A", "b", 30), ("C", "B", "c", 20), ("D", "C", "d", 10)],
            "indices.error.too_deep",
        ),
    ],
)
def test_bad_trees_are_refused_and_write_nothing(db, spec, key):
    index = frameworks.create_index(db, SYSTEM, code="X", name_vi="Chỉ số X")
    with pytest.raises(ValidationError) as exc:
        frameworks.create_framework(
            db, SYSTEM, index["id"], code="F", title="F", from_year=2022, max_total=100, nodes=nodes(spec)
        )
    assert key in _keys(exc.value)
    assert exc.value.message("vi") and "chưa có gì được ghi" in exc.value.message("vi")
    assert db.table("index_frameworks").count == 0 and db.table("index_nodes").count == 0


def test_percent_framework_refuses_maxima_over_100(db):
    index = frameworks.create_index(db, SYSTEM, code="SIPAS", name_vi="SIPAS")
    with pytest.raises(ValidationError) as exc:
        frameworks.create_framework(
            db,
            SYSTEM,
            index["id"],
            code="S",
            title="S",
            from_year=2017,
            unit="percent",
            aggregation="independent",
            max_total=100,
            nodes=nodes([("TC1", None, "Tiếp cận", 120)]),
        )
    assert _keys(exc.value) == ["indices.error.percent_over_100"]


def test_tree_order_depth_and_leaves(db):
    par = setup_par(db)
    tree = frameworks.framework_tree(db, par["new"]["id"])
    assert [n["code"] for n in tree] == [c for c, *_ in NEW]
    depth = {n["code"]: n["depth"] for n in tree}
    assert (depth["LV1"], depth["LV2.1"], depth["LV2.1.1"]) == (1, 2, 3)
    assert {n["code"] for n in tree if n["leaf"]} == {"LV1.1", "LV1.2", "LV2.1.1", "LV2.1.2", "LV2.2"}


def test_overlapping_framework_periods_are_refused(db):
    par = setup_par(db)
    with pytest.raises(ValidationError) as exc:
        frameworks.create_framework(
            db,
            SYSTEM,
            par["index"]["id"],
            code="Other",
            title="x",
            from_year=2025,
            max_total=100,
            nodes=nodes([("A", None, "a", 10)]),
        )
    assert exc.value.key == "indices.error.framework_overlap"


def test_sums_and_derived_losses(db):
    par = setup_par(db)
    view = results.save_result(
        db,
        SYSTEM,
        par["index"]["id"],
        2023,
        par["units"]["HN"],
        scores=FULL_2023,
        rank=3,
        ranked_of=63,
        source="BC 2023",
    )
    rows = {r["code"]: r for r in view["rows"]}
    leaf_scores = {s["node_code"]: s["score"] for s in FULL_2023}
    assert rows["LV1"]["score"] == leaf_scores["LV1.1"] + leaf_scores["LV1.2"]
    assert rows["LV2.1"]["score"] == leaf_scores["LV2.1.1"] + leaf_scores["LV2.1.2"]
    assert rows["LV2"]["score"] == rows["LV2.1"]["score"] + leaf_scores["LV2.2"]
    assert view["total"] == sum(leaf_scores.values())
    for code, maximum in ((c, m) for c, _p, _n, m in NEW):
        assert rows[code]["lost"] == pytest.approx(maximum - rows[code]["score"])
    assert view["lost_total"] == pytest.approx(100 - view["total"])
    assert rows["LV1.1"]["difference"] == 10 - 9 and rows["LV1.1"]["evidence"] == "KH 12/KH-UBND"
    assert "lost" not in db.table("index_scores").columns_dict  # derived, never stored
    assert rows["LV2"]["lead"]["code"] == "STTTT"  # the lead on 31/12/2023, before the merger


def test_partial_children_leave_parent_unknown(db):
    par = setup_par(db)
    view = results.save_result(db, SYSTEM, par["index"]["id"], 2023, par["units"]["HN"], scores=FULL_2023[:1])
    rows = {r["code"]: r for r in view["rows"]}
    assert rows["LV1.1"]["score"] == 9 and rows["LV1"]["score"] is None and view["total"] is None


def test_versioning_across_years(db):
    par = setup_par(db)
    hn = par["units"]["HN"]
    old = results.save_result(
        db,
        SYSTEM,
        par["index"]["id"],
        2021,
        hn,
        scores=[{"node_code": "LV1", "score": 35}, {"node_code": "LV2", "score": 50}],
    )
    new = results.save_result(db, SYSTEM, par["index"]["id"], 2023, hn, scores=FULL_2023)
    assert old["framework"]["code"] == "OLD" and old["total"] == 85
    assert new["framework"]["code"] == "QĐ 876/QĐ-BNV"
    assert {r["code"] for r in old["rows"]} == {"LV1", "LV2"}
    with pytest.raises(ValidationError) as exc:  # a 2022+ sub-criterion does not exist in 2021
        results.save_result(db, SYSTEM, par["index"]["id"], 2021, hn, scores=[{"node_code": "LV2.2", "score": 1}])
    assert _keys(exc.value) == ["indices.error.node_not_in_framework"]
    with pytest.raises(ValidationError) as exc:
        results.save_result(db, SYSTEM, par["index"]["id"], 2016, hn, scores=[])
    assert exc.value.key == "indices.error.no_framework_for_year"


@pytest.mark.parametrize(
    "score, key",
    [
        ({"node_code": "LV1.1", "score": 10.5}, "indices.error.score_above_max"),
        ({"node_code": "LV1.1", "score": -1}, "indices.error.score_negative"),
        ({"node_code": "LV1.1", "self_score": 11}, "indices.error.score_above_max"),
        ({"node_code": "LV1.1", "appraised_score": "-0,5"}, "indices.error.score_negative"),
        ({"node_code": "LV1.1", "score": "chín"}, "indices.error.not_a_number"),
        ({"node_code": "LV9", "score": 1}, "indices.error.node_not_in_framework"),
        ({"node_code": "LV1", "score": 20}, "indices.error.children_exceed_score"),  # with LV1.1 = 9, LV1.2 = 18
    ],
)
def test_bad_scores_change_nothing(db, score, key):
    par = setup_par(db)
    hn = par["units"]["HN"]
    results.save_result(db, SYSTEM, par["index"]["id"], 2023, hn, scores=FULL_2023)
    before = list(db.query("select * from index_scores order by node_id"))
    with pytest.raises(ValidationError) as exc:
        results.save_result(db, SYSTEM, par["index"]["id"], 2023, hn, scores=[score])
    assert key in _keys(exc.value)
    assert list(db.query("select * from index_scores order by node_id")) == before


@pytest.mark.parametrize(
    "header, key",
    [
        ({"total_score": 101}, "indices.error.total_above_max"),
        ({"total_score": -3}, "indices.error.total_negative"),
        ({"rank": 64, "ranked_of": 63}, "indices.error.rank_invalid"),
        ({"rank": 0, "ranked_of": 63}, "indices.error.rank_invalid"),
        ({"total_score": 80}, "indices.error.fields_exceed_total"),  # the fields add up to 87,5
    ],
)
def test_bad_headers_are_refused(db, header, key):
    par = setup_par(db)
    with pytest.raises(ValidationError) as exc:
        results.save_result(db, SYSTEM, par["index"]["id"], 2023, par["units"]["HN"], scores=FULL_2023, **header)
    assert key in _keys(exc.value)
    assert db.table("index_results").count == 0


def test_percent_index_refuses_over_100(db):
    setup_par(db)
    hn = db.execute("select id from units where code = 'HN'").fetchone()[0]
    index = frameworks.create_index(db, SYSTEM, code="SIPAS", name_vi="SIPAS")
    frameworks.create_framework(
        db,
        SYSTEM,
        index["id"],
        code="S5",
        title="5 yếu tố",
        from_year=2017,
        unit="percent",
        aggregation="independent",
        nodes=nodes([("TC1", None, "Tiếp cận dịch vụ", 100)]),
    )
    for header, scores in (({"total_score": "100,5"}, []), ({}, [{"node_code": "TC1", "score": 100.01}])):
        with pytest.raises(ValidationError) as exc:
            results.save_result(db, SYSTEM, index["id"], 2021, hn, scores=scores, **header)
        assert {"indices.error.percent_over_100", "indices.error.total_percent_over_100"} & set(_keys(exc.value))
    view = results.save_result(
        db, SYSTEM, index["id"], 2021, hn, total_score="87,11", scores=[{"node_code": "TC1", "score": 88}]
    )
    assert view["percent"] == 87.11 and view["rows"][0]["lost"] == 12


def test_subject_must_fit_the_index_and_the_year(db):
    par = setup_par(db)
    with pytest.raises(ValidationError) as exc:
        results.save_result(db, SYSTEM, par["index"]["id"], 2023, par["units"]["SNV"], scores=[])
    assert exc.value.key == "indices.error.subject_wrong_kind"
    dept = frameworks.create_index(db, SYSTEM, code="PAR-SO", name_vi="Chỉ số sở", subject_kind="department")
    frameworks.create_framework(
        db,
        SYSTEM,
        dept["id"],
        code="SO",
        title="Sở",
        from_year=2022,
        max_total=100,
        nodes=nodes([("SO1", None, "Chỉ đạo", 100)]),
    )
    with pytest.raises(ValidationError) as exc:  # STTTT merged into SKHCN on 1/3/2025
        results.save_result(
            db, SYSTEM, dept["id"], 2026, par["units"]["STTTT"], scores=[{"node_code": "SO1", "score": 80}]
        )
    assert exc.value.key == "indices.error.subject_not_in_year"
    view = results.save_result(
        db, SYSTEM, dept["id"], 2024, par["units"]["STTTT"], scores=[{"node_code": "SO1", "score": 80}]
    )
    assert view["total"] == 80


def test_merge_keeps_other_scores_and_audits(db):
    par = setup_par(db)
    hn = par["units"]["HN"]
    results.save_result(db, SYSTEM, par["index"]["id"], 2023, hn, scores=FULL_2023)
    view = results.save_result(db, SYSTEM, par["index"]["id"], 2023, hn, scores=[{"node_code": "LV2.2", "score": 30}])
    rows = {r["code"]: r for r in view["rows"]}
    assert rows["LV2.2"]["lost"] == 0 and rows["LV1.1"]["score"] == 9
    audits = list(db.query("select * from audit_log where table_name = 'index_results' order by id"))
    assert [a["action"] for a in audits] == ["create", "update"]
    assert '"LV2.2": 30' in audits[-1]["after"]


def test_unknown_records_raise_not_found(db):
    with pytest.raises(NotFound):
        frameworks.get_index(db, 99)
    with pytest.raises(NotFound):
        frameworks.get_framework(db, 99)
