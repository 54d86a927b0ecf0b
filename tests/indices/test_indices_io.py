"""Framework and result files: round trips through CSV and XLSX, previews, and every bad file refused whole."""

from __future__ import annotations

import pytest

from core import tabular
from core.errors import ValidationError
from core.permissions import SYSTEM
from indices import files, frameworks, results
from tests.indices.helpers import FULL_2023, setup_par

META = {"code": "QĐ mới", "title": "Khung nhập", "from_year": 2031, "max_total": 100}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_framework_round_trip(db, fmt):
    par = setup_par(db)
    data = files.export_framework(db, SYSTEM, par["new"]["id"], fmt)
    preview = files.preview_framework(db, SYSTEM, par["index"]["id"], data, f"f.{fmt}", **META)
    assert preview["errors"] == []
    created = files.import_framework(db, SYSTEM, par["index"]["id"], data, f"f.{fmt}", **META)
    fields = ("code", "parent_code", "name_vi", "name_en", "max_points", "depth")
    original = [{k: n[k] for k in fields} for n in frameworks.framework_tree(db, par["new"]["id"])]
    copy = [{k: n[k] for k in fields} for n in frameworks.framework_tree(db, created["id"])]
    assert copy == original


def test_framework_with_vietnamese_headers_and_semicolons(db):
    par = setup_par(db)
    data = "Mã;Mã cấp trên;Tên;Điểm tối đa\nA;;Chỉ đạo;40\nA.1;A;Kế hoạch;12,5\n".encode()
    created = files.import_framework(db, SYSTEM, par["index"]["id"], data, "f.csv", **META)
    tree = frameworks.framework_tree(db, created["id"])
    assert [(n["code"], n["parent_code"], n["max_points"]) for n in tree] == [("A", None, 40), ("A.1", "A", 12.5)]


@pytest.mark.parametrize(
    "body, key",
    [
        ("code,parent_code,name_vi,max_points\nA,B,a,10\nB,A,b,10\n", "indices.error.cycle"),
        ("code,parent_code,name_vi,max_points\nA,,a,10\nA,,b,10\n", "indices.error.duplicate_code"),
        ("code,parent_code,name_vi,max_points\nA,,a,10\nA.1,A,b,8\nA.2,A,c,8\n", "indices.error.children_exceed_max"),
        ("code,parent_code,name_vi,max_points\nA,,a,-10\n", "indices.error.max_invalid"),
    ],
)
def test_bad_framework_files_are_previewed_and_refused(db, body, key):
    par = setup_par(db)
    before = db.table("index_nodes").count
    preview = files.preview_framework(db, SYSTEM, par["index"]["id"], body.encode(), "f.csv", **META)
    assert key in [e["key"] for e in preview["errors"]]
    with pytest.raises(ValidationError) as exc:
        files.import_framework(db, SYSTEM, par["index"]["id"], body.encode(), "f.csv", **META)
    assert key in [e["key"] for e in exc.value.errors]
    assert db.table("index_nodes").count == before and len(frameworks.list_frameworks(db, par["index"]["id"])) == 2


@pytest.mark.parametrize(
    "data, name, key",
    [
        (b"\xff\xfecode", "f.csv", "error.csv_not_utf8"),
        (b"code,name_vi\nA,a\n", "f.csv", "error.csv_missing_columns"),
        (b"code,name_vi,max_points\n", "f.csv", "error.csv_empty"),
        (b"PK\x03\x04 not a workbook", "f.xlsx", "indices.error.xlsx_unreadable"),
    ],
)
def test_unreadable_files(db, data, name, key):
    par = setup_par(db)
    with pytest.raises(ValidationError) as exc:
        files.import_framework(db, SYSTEM, par["index"]["id"], data, name, **META)
    assert exc.value.key == key


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_results_round_trip(db, fmt):
    par = setup_par(db)
    hn = par["units"]["HN"]
    original = results.save_result(db, SYSTEM, par["index"]["id"], 2023, hn, scores=FULL_2023)
    data = files.export_results(db, SYSTEM, par["index"]["id"], 2023, hn, fmt)
    if fmt == "xlsx":
        rows = tabular.read_xlsx(data)
        header = rows[0]
        lv11 = dict(zip(header, next(r for r in rows if r[0] == "LV1.1"), strict=False))
        assert (lv11["max"], lv11["score"], lv11["lost"], lv11["difference"]) == (10, 9, 1, 1)
    preview = files.preview_results(db, SYSTEM, par["index"]["id"], 2024, hn, data, f"r.{fmt}")
    assert preview["errors"] == [] and {r["code"] for r in preview["rows"]} == {s["node_code"] for s in FULL_2023}
    copy = files.import_results(db, SYSTEM, par["index"]["id"], 2024, hn, data, f"r.{fmt}")
    strip = [
        {k: r[k] for k in ("code", "score", "lost", "self_score", "appraised_score", "evidence")}
        for r in original["rows"]
    ]
    assert [
        {k: r[k] for k in ("code", "score", "lost", "self_score", "appraised_score", "evidence")} for r in copy["rows"]
    ] == strip


def test_results_template_for_a_year_without_result(db):
    par = setup_par(db)
    rows = tabular.read_xlsx(files.export_results(db, SYSTEM, par["index"]["id"], 2022, par["units"]["HN"]))
    assert [r[0] for r in rows[1:]] == [n["code"] for n in frameworks.framework_tree(db, par["new"]["id"])]


@pytest.mark.parametrize(
    "rows, key",
    [
        ([["node_code", "score"], ["LV1.1", 11]], "indices.error.score_above_max"),
        ([["node_code", "score"], ["LV1.1", -2]], "indices.error.score_negative"),
        ([["node_code", "score"], ["LV7.9", 1]], "indices.error.node_not_in_framework"),
        ([["node_code", "score"], ["LV1.1", 5], ["LV1.1", 6]], "indices.error.duplicate_code"),
    ],
)
def test_bad_result_files_commit_nothing(db, rows, key):
    par = setup_par(db)
    hn = par["units"]["HN"]
    results.save_result(db, SYSTEM, par["index"]["id"], 2023, hn, scores=FULL_2023)
    data = tabular.to_xlsx(
        [
            (
                "r",
                [tabular.Column(h, h, "text" if h == "node_code" else "number") for h in rows[0]],
                [dict(zip(rows[0], r, strict=False)) for r in rows[1:]],
            )
        ]
    )
    preview = files.preview_results(db, SYSTEM, par["index"]["id"], 2023, hn, data, "r.xlsx")
    assert key in [e["key"] for e in preview["errors"]] and preview["errors"][0]["row"] >= 2
    before = list(db.query("select * from index_scores order by node_id"))
    with pytest.raises(ValidationError):
        files.import_results(db, SYSTEM, par["index"]["id"], 2023, hn, data, "r.xlsx")
    assert list(db.query("select * from index_scores order by node_id")) == before
