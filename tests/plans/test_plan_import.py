"""Import of the plan's appendix table from DOCX and XLSX files built here."""

import json

import pytest

from core.errors import PermissionDenied, ValidationError
from plans import importer, store
from plans.__main__ import main
from tests.plans.plan_files import HEADER, ROWS, docx_plan, xlsx_plan

BAD_TIME_ROWS = [ROWS[0], ROWS[1], ("2", "Phóng sự", "Sở Nội vụ", "", "Sớm nhất có thể", "", "")]


def _counts(db):
    return {t: db.table(t).count for t in ("plans", "themes", "activities", "audit_log")}


@pytest.mark.parametrize("build, name", [(docx_plan, "ke-hoach.docx"), (xlsx_plan, "ke-hoach.xlsx")])
def test_preview_reads_themes_rows_units_and_times(db, users, small_plan, build, name):
    preview = importer.read_file(db, users["staff"], name, build(), 2021)
    assert [(t["code"], t["title"]) for t in preview["themes"]] == [
        ("ND1", "Tuyên truyền về chủ trương, chính sách CCHC"),
        ("ND2", "Tuyên truyền về cải cách thủ tục hành chính"),
    ]
    acts = preview["activities"]
    assert [a["title"] for a in acts] == [r[1] for r in ROWS if len(r) > 2]
    assert [a["theme_code"] for a in acts] == ["ND1", "ND1", "ND2", "ND2"]
    first = acts[0]
    assert (first["lead_unit_id"], first["recurrence"], first["target"], first["target_unit"], first["budget"]) == (
        small_plan["units"]["BHNM"],
        "monthly",
        24,
        "tin bài",
        120_000_000,
    )
    assert [u for _n, u in first["coordinating"]] == [small_plan["units"]["SNV"]]
    second = acts[1]
    assert (second["period_kind"], second["planned_start"], second["deadline"], second["budget"]) == (
        "quarter",
        "2021-04-01",
        "2021-06-30",
        180_000_000,
    )
    assert second["lead_unit_id"] is None and second["lead_name"] == "Đài Phát thanh và Truyền hình Hà Nội"
    assert (acts[2]["period_kind"], acts[2]["deadline"]) == ("month", "2021-05-31")
    assert (acts[3]["planned_start"], acts[3]["deadline"], acts[3]["budget"]) == ("2021-06-01", "2021-10-31", None)
    assert acts[3]["description"] == "Kinh phí: Ngân sách thường xuyên"
    assert preview["unmatched_units"] == ["Sở Tư pháp", "UBND các quận, huyện", "Đài Phát thanh và Truyền hình Hà Nội"]


def test_vertically_merged_lead_cells(db, users, small_plan):
    rows = [
        ROWS[0],
        ("1", "Việc A", "Sở Nội vụ", "", "Quý I", "", ""),
        ("2", "Việc B", "Sở Nội vụ", "", "Quý II", "", ""),
    ]
    preview = importer.read_file(db, users["staff"], "a.docx", docx_plan(rows, lead_vmerge=True), 2021)
    assert [a["lead_unit_id"] for a in preview["activities"]] == [small_plan["units"]["SNV"]] * 2


@pytest.mark.parametrize(
    "header",
    [
        ["TT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian", "Kết quả", "Kinh phí"],
        [
            "stt",
            "noi dung/nhiem vu",
            "co quan chu tri",
            "co quan phoi hop",
            "thoi gian thuc hien",
            "san pham",
            "kinh phi",
        ],
        [
            "Số TT",
            "NHIỆM VỤ",
            "CƠ QUAN CHỦ TRÌ",
            "CƠ QUAN PHỐI HỢP",
            "THỜI GIAN HOÀN THÀNH",
            "SẢN PHẨM",
            "DỰ TOÁN (đồng)",
        ],
    ],
)
def test_tolerant_headers(db, users, small_plan, header):
    preview = importer.read_file(db, users["staff"], "x.docx", docx_plan(header=header, numbering_row=False), 2021)
    assert len(preview["activities"]) == 4 and preview["activities"][0]["budget"] == 120_000_000


def test_budget_in_millions_header(db, users, small_plan):
    header = HEADER[:-1] + ["Kinh phí (triệu đồng)"]
    rows = [ROWS[0], ("1", "Việc A", "Sở Nội vụ", "", "Quý I", "", "15,5")]
    preview = importer.read_file(db, users["staff"], "x.xlsx", xlsx_plan(rows, header=header), 2021)
    assert preview["activities"][0]["budget"] == 15_500_000


@pytest.mark.parametrize(
    "rows, stt, key",
    [
        (BAD_TIME_ROWS, "2", "plans.import.flag.time_unread"),
        (
            [ROWS[0], ("1", "Việc A", "Sở Nội vụ", "", "Quý I", "", "-5.000.000")],
            "1",
            "plans.import.flag.money_invalid",
        ),
        (
            [ROWS[0], ("1", "Việc A", "Sở Nội vụ", "", "Quý I", "", ""), ("2", "Việc  a", "SNV", "", "Quý II", "", "")],
            "2",
            "plans.import.flag.duplicate",
        ),
        ([ROWS[0], ("1", "Việc A", "Sở Nội vụ", "", "Tháng 13", "", "")], "1", "plans.import.flag.time_unread"),
        ([ROWS[0], ("1", "", "Sở Nội vụ", "", "Quý I", "", "")], "1", "plans.import.problem.row_skipped"),
    ],
)
def test_doubtful_rows_flagged_by_stt_not_refused(db, users, small_plan, rows, stt, key):
    before = _counts(db)
    rows = rows + [("9", "Việc khác", "Sở Nội vụ", "", "Quý IV", "", "")]
    preview = importer.read_file(db, users["staff"], "x.docx", docx_plan(rows), 2021)
    assert [(p["stt"], p["theme"], p["key"]) for p in preview["problems"]] == [(stt, "I", key)]
    assert preview["activities"][-1]["title"] == "Việc khác" and not preview["activities"][-1]["flags"]
    assert _counts(db) == before


def test_docx_without_a_plan_table_refused(db, users):
    import io

    from docx import Document

    doc = Document()
    doc.add_paragraph("Chỉ có văn bản")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Họ tên"
    table.cell(0, 1).text = "Chức vụ"
    buf = io.BytesIO()
    doc.save(buf)
    with pytest.raises(ValidationError) as err:
        importer.read_file(db, users["staff"], "x.docx", buf.getvalue(), 2021)
    assert err.value.key == "error.import_no_table"


@pytest.mark.parametrize(
    "name, data", [("x.docx", b"not a word file"), ("x.xlsx", b"PK\x03\x04broken"), ("x.docx", b"")]
)
def test_unreadable_file_refused(db, users, name, data):
    with pytest.raises(ValidationError) as err:
        importer.read_file(db, users["staff"], name, data, 2021)
    assert err.value.key == "error.import_unreadable"


def test_commit_needs_unit_review_then_writes_everything(db, users, small_plan):
    preview = importer.read_file(db, users["staff"], "x.docx", docx_plan(year=2022), 2022)
    before = _counts(db)
    with pytest.raises(ValidationError) as err:
        importer.commit(db, users["staff"], preview)
    assert err.value.key == "error.import_units_unmatched" and _counts(db) == before
    choices = {
        "Đài Phát thanh và Truyền hình Hà Nội": small_plan["units"]["BHNM"],
        "Sở Tư pháp": None,
        "UBND các quận, huyện": small_plan["units"]["P-HK"],
    }
    result = importer.commit(db, users["staff"], preview, unit_choices=choices, number="7/KH-UBND")
    plan = result["plan"]
    assert (plan["year"], plan["number"], plan["status"]) == (2022, "7/KH-UBND", "draft")
    acts = store.list_activities(db, plan["id"])
    assert len(acts) == 4 and result["themes"] == 2
    tv = next(a for a in acts if a["title"].startswith("Phóng sự"))
    assert tv["lead_unit_id"] == small_plan["units"]["BHNM"]
    assert store.activity_links(db, tv["id"])["coordinating_unit_ids"] == [small_plan["units"]["SNV"]]
    panels = next(a for a in acts if a["title"].startswith("Pa-nô"))
    assert store.activity_links(db, panels["id"])["coordinating_unit_ids"] == [small_plan["units"]["P-HK"]]


def test_reimport_into_same_plan_refused_whole(db, users, small_plan):
    preview = importer.read_file(db, users["staff"], "x.docx", docx_plan(year=2023), 2023)
    importer.commit(db, users["staff"], preview, skip_unmatched=True)
    before = _counts(db)
    with pytest.raises(ValidationError) as err:
        importer.commit(db, users["staff"], preview, skip_unmatched=True)
    assert err.value.key == "error.import_plan_exists"  # merging is a choice, never the default
    with pytest.raises(ValidationError) as err:
        importer.commit(db, users["staff"], preview, skip_unmatched=True, merge=True)
    assert {e["key"] for e in err.value.errors} == {"error.import_exists"}
    assert _counts(db) == before


@pytest.mark.parametrize("role", ["leader", "inspector"])
def test_import_refused_for_readers(db, users, small_plan, role):
    with pytest.raises(PermissionDenied):
        importer.read_file(db, users[role], "x.docx", docx_plan(), 2021)
    preview = importer.read_file(db, users["staff"], "x.docx", docx_plan(year=2024), 2024)
    before = _counts(db)
    with pytest.raises(PermissionDenied):
        importer.commit(db, users[role], preview, skip_unmatched=True)
    assert _counts(db) == before


@pytest.mark.parametrize("build, suffix", [(docx_plan, ".docx"), (xlsx_plan, ".xlsx")])
def test_cli_json(db, users, small_plan, tmp_path, capsys, build, suffix):
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(build(year=2025))
    assert main(["import", str(path), "--year", "2025", "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert (dry["themes"], dry["activities"], dry["plan"]["id"], dry["committed"]) == (2, 4, None, False)
    assert len(dry["unmatched_units"]) == 3
    assert store.annual_plan_for(db, 2025) is None
    assert main(["import", str(path), "--year", "2025", "--json", "--commit"]) == 2  # unmatched units need a decision
    refused = json.loads(capsys.readouterr().out)  # --json: a refusal as JSON too
    assert refused["ok"] is False and refused["exit"] == 2 and "Chưa chọn đơn vị" in refused["refused"]["message"]
    assert main(["import", str(path), "--year", "2025", "--json", "--commit", "--skip-unmatched"]) == 0
    done = json.loads(capsys.readouterr().out)
    plan = store.annual_plan_for(db, 2025)
    assert done["plan"]["id"] == plan["id"] and len(store.list_activities(db, plan["id"])) == 4


def test_cli_reports_doubtful_row_by_stt(db, users, small_plan, tmp_path, capsys):
    path = tmp_path / "bad.docx"
    path.write_bytes(docx_plan(BAD_TIME_ROWS))
    assert main(["import", str(path), "--year", "2021"]) == 0
    out = capsys.readouterr().out
    assert "STT 2 (mục I): không hiểu thời gian “Sớm nhất có thể”" in out and "1 to review" in out


def test_cli_export_and_copy(demo_db, tmp_path, capsys):
    out = tmp_path / "kh2021.csv"
    assert main(["export", "--year", "2021", "-o", str(out)]) == 0
    assert out.read_bytes().decode("utf-8-sig").count("\n") == 1 + len(
        store.list_activities(demo_db, store.annual_plan_for(demo_db, 2021)["id"])
    )
    capsys.readouterr()
    assert main(["copy", "--from-year", "2026", "--to-year", "2027"]) == 0
    assert json.loads(capsys.readouterr().out)["themes"] == 6
    assert main(["export", "--year", "2030", "-o", str(out)]) == 2  # refused: no plan that year
