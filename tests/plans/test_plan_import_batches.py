"""Plan imports that never lose data and read the appendices offices really send (issue 24):
each import is a batch that can be undone; the year is the document's; merging is chosen;
the document's totals decide how a parent row with sub-rows is read; what the preview flags
is what the commit does. Every file here is built by the test, the way offices write them."""

from __future__ import annotations

import json

import pytest

from core import units
from core.errors import ValidationError
from core.permissions import SYSTEM
from plans import activities, dashboard, importer, plans, progress, store
from plans.__main__ import main
from plans.themes import add_theme
from tests.plans.office_plans import BUILDERS, HEADER, Heading, docx_file, xlsx_file

MILLIONS = HEADER[:-1] + ["Kinh phí (triệu đồng)"]
TITLE_2027 = (
    "PHỤ LỤC",
    "(Kèm theo Kế hoạch số 25/KH-UBND ngày 15/12/2026 của UBND Thành phố)",
    "DANH MỤC NHIỆM VỤ THÔNG TIN, TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2027",
)
# Letter groups over bare Roman themes (the numeral I twice), a parent row 6 with its own
# figure above 6.1 and 6.2 that the group's subtotal and the grand total both count.
ROWS_2027 = [
    Heading("A", "NHIỆM VỤ TRỌNG TÂM"),
    Heading("I", "Tuyên truyền về chủ trương, chính sách CCHC"),
    ("1", "Chuyên mục CCHC trên báo", "Báo Hà Nội Mới", "Sở Nội vụ", "Hằng tháng", "24 tin bài", "120"),
    ("2", "Tọa đàm đầu năm về CCHC", "Sở Nội vụ", "Các sở, ban, ngành", "Đầu năm", "01 tọa đàm", "40"),
    Heading("II", "Tuyên truyền cải cách thủ tục hành chính"),
    ("3", "Pa-nô tại bộ phận một cửa", "Sở Nội vụ", "UBND các phường, xã", "Quý I, III", "30 điểm", "60"),
    Heading("", "Cộng mục A", "220"),
    Heading("B", "NHIỆM VỤ THƯỜNG XUYÊN"),
    Heading("I", "Tuyên truyền trên mạng xã hội"),
    ("4", "Video ngắn về dịch vụ công trực tuyến", "Sở TT&TT", "Sở Nội vụ", "6 tháng cuối năm", "12 video", "50"),
    ("5", "Tổng kết công tác tuyên truyền", "Sở Nội vụ", "Các tổ chức đoàn thể", "Cuối năm", "Báo cáo", ""),
    ("6", "Cuộc thi tìm hiểu CCHC", "Sở Nội vụ", "Sở Tư pháp", "Quý II", "Cuộc thi trực tuyến", "100"),
    ("6.1", "Giải thưởng cuộc thi", "", "", "", "", "30"),
    ("6.2", "Truyền thông về cuộc thi", "", "", "", "", "20"),
    Heading("", "Cộng mục B", "200"),
    Heading("", "Tổng cộng (A+B)", "420"),
]


@pytest.fixture
def office(small_plan, db):
    """The small plan's units (2021 plan), with the usual unit groups defined."""
    units.seed_groups(db, SYSTEM)
    return small_plan


def _file(build=docx_file, rows=ROWS_2027, title=TITLE_2027) -> bytes:
    return build(rows, header=MILLIONS, title=title)


def _counts(db, year=2027) -> dict:
    figures = dashboard.figures(db, SYSTEM, year)
    return {
        "plans": db.table("plans").count,
        "themes": db.table("themes").count,
        "activities": db.table("activities").count,
        "links": db.table("activity_units").count + db.table("activity_unit_groups").count,
        "budget": figures["totals"]["budget"] if figures["plan"] else 0,
    }


def _read(db, users, data=None, name="kh-2027.docx", year=None, **kwargs) -> dict:
    return importer.read_file(db, users["staff"], name, data or _file(), year, **kwargs)


# --- 1, 2: every import is a batch, undone whole --------------------------------------


@pytest.mark.parametrize("build, name", BUILDERS)
def test_an_import_is_undone_whole_and_only_once(db, users, office, build, name):
    before = _counts(db)
    preview = _read(db, users, _file(build), name)
    result = importer.commit(db, users["staff"], preview, skip_unmatched=True)
    after = _counts(db)
    assert (after["plans"], after["themes"], after["activities"]) == (before["plans"] + 1, 2 + 3, 3 + 8)
    assert after["budget"] == 420_000_000  # the document's own total
    (listed, *_) = importer.past_imports(db, users["staff"])
    assert (listed["id"], listed["file_name"], listed["actor"]) == (result["batch"], name, "u_staff")
    assert listed["counts"]["activities"] == 8 and not listed["undone"]
    done = importer.undo(db, users["staff"], result["batch"])
    assert _counts(db) == before and store.annual_plan_for(db, 2027) is None
    assert done["undone"] and importer.past_imports(db, users["staff"])[0]["undone"]
    assert store.list_activities(db, office["plan"])  # the 2021 plan the batch did not make is untouched
    with pytest.raises(ValidationError) as twice:
        importer.undo(db, users["staff"], result["batch"])
    assert twice.value.key == "error.batch_already_undone"


def test_undo_of_an_import_into_an_existing_plan_keeps_that_plan(db, users, office):
    rows = [Heading("I", "Chủ trương CCHC"), ("9", "Việc mới", "Sở Nội vụ", "", "Quý III/2021", "", "5")]
    preview = _read(db, users, docx_file(rows, header=MILLIONS), "them.docx")
    assert preview["year"] == 2021 and preview["existing_plan"]["id"] == office["plan"]
    before = _counts(db, 2021)
    result = importer.commit(db, users["staff"], preview, merge=True)
    assert _counts(db, 2021)["activities"] == before["activities"] + 1
    importer.undo(db, users["staff"], result["batch"])
    assert _counts(db, 2021) == before and len(store.list_activities(db, office["plan"])) == 3


def test_undo_is_refused_once_an_imported_activity_was_changed(db, users, office):
    result = importer.commit(db, users["staff"], _read(db, users), skip_unmatched=True)
    plan_id = result["plan"]["id"]
    panel = next(a for a in store.list_activities(db, plan_id) if a["title"] == "Pa-nô tại bộ phận một cửa")
    activities.update_activity(db, users["staff"], panel["id"], budget=70_000_000)
    before = _counts(db)
    with pytest.raises(ValidationError) as refused:
        importer.undo(db, users["staff"], result["batch"])
    message = refused.value.message("vi")
    assert f"Nhiệm vụ #{panel['id']} «Pa-nô tại bộ phận một cửa»" in message and "đã được sửa" in message
    assert f"Activity #{panel['id']}" in refused.value.message("en")
    assert _counts(db) == before


def test_undo_is_refused_when_progress_was_reported_since(db, users, office):
    result = importer.commit(db, users["staff"], _read(db, users), skip_unmatched=True)
    first = store.list_activities(db, result["plan"]["id"])[0]
    progress.add_progress(db, users["staff"], first["id"], percent=10)
    with pytest.raises(ValidationError) as refused:
        importer.undo(db, users["staff"], result["batch"])
    # the first change the undo meets: the activity itself (started) or its new progress row
    assert refused.value.key in ("error.batch_undo_changed", "error.batch_undo_referenced")
    assert store.list_activities(db, result["plan"]["id"])


def test_cli_commit_prints_the_batch_and_undo_takes_it_back(db, users, office, tmp_path, capsys):
    path = tmp_path / "kh-2027.xlsx"
    path.write_bytes(_file(xlsx_file))
    before = _counts(db)
    assert main(["import", str(path), "--commit", "--json", "--skip-unmatched"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["year"] == 2027 and out["committed"] and isinstance(out["batch"], int)
    assert _counts(db)["activities"] == before["activities"] + 8
    assert main(["imports"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["id"] == out["batch"]
    assert main(["undo", str(out["batch"])]) == 0
    assert json.loads(capsys.readouterr().out)["undone"] is True
    assert _counts(db) == before
    assert main(["undo", str(out["batch"])]) == 2  # refused: already undone
    assert "đã được hoàn tác" in capsys.readouterr().err


# --- 3: the year is the document's --------------------------------------------------


@pytest.mark.parametrize("build, name", BUILDERS)
def test_the_year_comes_from_the_title(db, users, office, build, name):
    preview = _read(db, users, _file(build), name)
    assert preview["year"] == 2027 and preview["document_year"]["source"] == "title"
    assert "NĂM 2027" in preview["document_year"]["text"]
    talk = next(a for a in preview["activities"] if a["stt"] == "2")
    assert (talk["planned_start"], talk["planned_end"]) == ("2027-01-01", "2027-03-31")


@pytest.mark.parametrize(
    "title, rows, year, source",
    [
        (("PHỤ LỤC", "(Kèm theo Kế hoạch số 12/KH-UBND ngày 20/01/2027)"), ROWS_2027, 2027, "attached"),
        (
            ("PHỤ LỤC",),
            [Heading("I", "Chủ trương"), ("1", "Việc A", "Sở Nội vụ", "", "Quý II/2027", "", "")],
            2027,
            "dates",
        ),
        (
            ("PHỤ LỤC", "(Kèm theo Kế hoạch số 25/KH-UBND ngày 15/12/2026)"),
            [Heading("I", "Chủ trương"), ("1", "Việc A", "Sở Nội vụ", "", "Trước ngày 30/6/2027", "", "")],
            2027,
            "dates",  # a plan signed in December for the next year: its rows' dates say which
        ),
        (
            (
                "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
                "Hà Nội, ngày 15 tháng 12 năm 2026",  # signed the December before
                "Căn cứ Kế hoạch số 10/KH-UBND ngày 10/01/2026 về cải cách hành chính năm 2026;",
                "KẾ HOẠCH Thông tin, tuyên truyền cải cách hành chính năm 2027",
            ),
            ROWS_2027,
            2027,
            "title",
        ),
    ],
)
def test_the_year_comes_from_the_attached_line_the_dates_or_a_later_title(db, users, office, title, rows, year, source):
    preview = _read(db, users, docx_file(rows, header=MILLIONS, title=title))
    assert (preview["year"], preview["document_year"]["source"]) == (year, source)


def test_a_year_that_contradicts_the_document_is_refused_unless_confirmed(db, users, office, tmp_path, capsys):
    with pytest.raises(ValidationError) as refused:
        _read(db, users, year=2026)
    assert refused.value.key == "error.import_year_contradicts"
    assert "2026" in refused.value.message("vi") and "năm 2027" in refused.value.message("vi")
    assert "tiêu đề" in refused.value.message("vi")
    preview = _read(db, users, year=2026, confirm_year=True)
    assert preview["year"] == 2026
    path = tmp_path / "kh.docx"
    path.write_bytes(_file())
    assert main(["import", str(path), "--year", "2026", "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["refused"]["key"] == "error.import_year_contradicts"
    assert main(["import", str(path), "--year", "2026", "--confirm-year", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["year"] == 2026


def test_a_document_without_a_year_needs_one(db, users, office):
    rows = [Heading("I", "Chủ trương"), ("1", "Việc A", "Sở Nội vụ", "", "Theo kế hoạch", "", "")]
    data = docx_file(rows, title=("PHỤ LỤC",))
    with pytest.raises(ValidationError) as refused:
        _read(db, users, data)
    assert refused.value.key == "error.import_year_unknown"
    assert _read(db, users, data, year=2027)["year"] == 2027


def test_merging_is_chosen_and_themes_are_matched_by_title(db, users, office):
    plan = plans.create_plan(db, users["staff"], year=2027, number="25/KH-UBND", title="Kế hoạch 2027")
    social = add_theme(db, users["staff"], plan["id"], code="ND1", title="TUYÊN TRUYỀN TRÊN MẠNG XÃ HỘI")
    add_theme(db, users["staff"], plan["id"], code="ND2", title="Tuyên truyền về kết quả CCHC")
    preview = _read(db, users)
    assert preview["existing_plan"]["number"] == "25/KH-UBND"
    before = _counts(db)
    with pytest.raises(ValidationError) as refused:
        importer.commit(db, users["staff"], preview, skip_unmatched=True)
    assert refused.value.key == "error.import_plan_exists" and "--merge" in refused.value.message("vi")
    assert _counts(db) == before
    result = importer.commit(db, users["staff"], preview, skip_unmatched=True, merge=True)
    assert result["plan"]["id"] == plan["id"] and result["themes"] == 2
    themes = {t["id"]: t for t in store.list_themes(db, plan["id"])}
    assert sorted(t["code"] for t in themes.values()) == ["ND1", "ND2", "ND3", "ND4"]
    by_title = {a["title"]: themes[a["theme_id"]] for a in store.list_activities(db, plan["id"])}
    assert by_title["Video ngắn về dịch vụ công trực tuyến"]["id"] == social["id"]  # by title, not by position
    assert by_title["Chuyên mục CCHC trên báo"]["title"] == "Tuyên truyền về chủ trương, chính sách CCHC"


# --- 4: the document's own totals decide ---------------------------------------------


@pytest.mark.parametrize("build, name", BUILDERS)
def test_a_parent_rows_own_figure_is_kept_when_the_totals_count_it(db, users, office, build, name):
    preview = _read(db, users, _file(build), name)
    budgets = {a["stt"]: a["budget"] for a in preview["activities"]}
    assert budgets == {"1": 120e6, "2": 40e6, "3": 60e6, "4": 50e6, "5": None, "6": 100e6, "6.1": 30e6, "6.2": 20e6}
    assert sum(b or 0 for b in budgets.values()) == 420e6
    (said,) = [p for p in preview["problems"] if p["key"].startswith("plans.import.problem.parent")]
    assert said["key"] == "plans.import.problem.parent_own" and said["stt"] == "6"
    assert "kinh phí riêng" in importer.message(said)
    assert not [p for p in preview["problems"] if p["key"] == "plans.import.problem.total_differs"]
    rows = {r["stt"]: r for r in importer.summary_rows(preview)}
    assert (rows["6"]["budget"], rows["6"]["stated_budget"], rows["6"]["budget_reading"]) == (100e6, 100e6, "own")


def test_a_parent_figure_that_sums_its_subrows_is_not_counted_twice(db, users, office):
    rows = [
        *ROWS_2027[:-4],
        ("6.1", "Giải thưởng cuộc thi", "", "", "", "", "60"),
        ("6.2", "Truyền thông về cuộc thi", "", "", "", "", "40"),
        Heading("", "Cộng mục B", "150"),
        Heading("", "Tổng cộng (A+B)", "370"),
    ]
    preview = _read(db, users, _file(rows=rows))
    parent = next(a for a in preview["activities"] if a["stt"] == "6")
    assert (parent["budget"], parent["stated_budget"], parent["budget_reading"]) == (None, 100e6, "sum")
    assert [p["key"] for p in preview["problems"] if p["key"].startswith("plans.import.problem.parent")] == [
        "plans.import.problem.parent_sum"
    ]


def test_a_parent_row_no_reading_agrees_with_is_flagged(db, users, office):
    rows = [*ROWS_2027[:-2], Heading("", "Cộng mục B", "150"), Heading("", "Tổng cộng (A+B)", "370")]
    preview = _read(db, users, _file(rows=rows))
    parent = next(a for a in preview["activities"] if a["stt"] == "6")
    assert [f["key"] for f in parent["flags"] if not f.get("unit")] == ["plans.import.flag.parent_unsettled"]
    differs = [p["params"]["label"] for p in preview["problems"] if p["key"] == "plans.import.problem.total_differs"]
    assert differs == ["Cộng mục B", "Tổng cộng (A+B)"]


def test_a_letter_groups_subtotal_counts_every_theme_of_the_group(db, users, office):
    rows = [*ROWS_2027[:6], Heading("", "Cộng mục A", "999"), *ROWS_2027[7:]]
    preview = _read(db, users, _file(rows=rows))
    differs = [p["params"] for p in preview["problems"] if p["key"] == "plans.import.problem.total_differs"]
    # A's three rows (themes I and II), not the last theme's one row
    assert {"label": "Cộng mục A", "stated": 999e6, "computed": 220e6} in differs


@pytest.mark.parametrize("build, name", BUILDERS)
def test_a_letter_groups_subtotal_when_the_letters_are_the_themes(db, users, office, build, name):
    rows = [
        Heading("A", "Tuyên truyền trên báo chí"),
        ("1", "Chuyên mục CCHC", "Báo Hà Nội Mới", "", "Hằng tháng", "", "120"),
        ("2", "Phóng sự", "Sở Nội vụ", "", "Quý II", "", "30"),
        Heading("", "Cộng mục A", "150"),
        Heading("B", "Tuyên truyền trực quan"),
        ("1", "Pa-nô", "Sở Nội vụ", "", "Tháng 5", "", "50"),
        Heading("", "Cộng mục B", "40"),
    ]
    preview = _read(db, users, build(rows, header=MILLIONS, title=TITLE_2027), name)
    assert [t["title"] for t in preview["themes"]] == ["Tuyên truyền trên báo chí", "Tuyên truyền trực quan"]
    differs = [p["params"] for p in preview["problems"] if p["key"] == "plans.import.problem.total_differs"]
    assert differs == [{"label": "Cộng mục B", "stated": 40e6, "computed": 50e6}]


@pytest.mark.parametrize(
    "time, start, end, note",
    [
        ("Đầu năm", "2027-01-01", "2027-03-31", False),
        ("Cuối năm", "2027-10-01", "2027-12-31", False),
        ("6 tháng đầu năm", "2027-01-01", "2027-06-30", False),
        ("6 tháng cuối năm", "2027-07-01", "2027-12-31", False),
        ("Quý I, III", "2027-01-01", "2027-09-30", True),
    ],
)
def test_parts_of_the_year_are_read_as_periods(db, users, office, time, start, end, note):
    rows = [Heading("I", "Chủ trương"), ("1", "Việc A", "Sở Nội vụ", "", time, "", "")]
    (act,) = _read(db, users, docx_file(rows, title=TITLE_2027))["activities"]
    assert (act["planned_start"], act["planned_end"], act["flags"]) == (start, end, [])
    assert (f"Thời gian: {time}" in (act["description"] or "")) is note  # "Quý I, III" leaves out II: the text is kept


# --- 5: what the preview flags is what the commit does ----------------------------------


@pytest.mark.parametrize("year, wards_linked", [(2027, True), (2024, False)])
def test_a_name_flagged_in_the_preview_is_left_unlinked_and_a_group_shown_is_linked(
    db, users, office, year, wards_linked
):
    """ "UBND các phường, xã" is a group from 07/2025: a 2027 plan links it (and the preview
    says so); a 2024 plan flags it, and the commit leaves it unlinked."""
    rows = [
        Heading("I", "Chủ trương"),
        ("1", "Tọa đàm", "Sở Nội vụ", "Các sở, ban, ngành; UBND các phường, xã; Các tổ chức đoàn thể", "Quý I", "", ""),
    ]
    preview = _read(db, users, docx_file(rows, title=(f"KẾ HOẠCH TUYÊN TRUYỀN CCHC NĂM {year}",)))
    (row,) = preview["activities"]
    flagged = " ".join(importer.message(f) for f in row["flags"])
    assert "Các tổ chức đoàn thể" in flagged and "Các sở, ban, ngành" not in flagged
    assert ("UBND các phường, xã" in flagged) is not wards_linked
    shown = {"Các sở, ban, ngành", "UBND các phường, xã"} if wards_linked else {"Các sở, ban, ngành"}
    assert set(row["unit_groups"]) == shown
    result = importer.commit(db, users["staff"], preview, skip_unmatched=True)
    (act,) = store.list_activities(db, result["plan"]["id"])
    linked = {units.group_by_id(db, g)["name"] for g in store.activity_links(db, act["id"])["coordinating_group_ids"]}
    assert {units.get_group(db, c)["name"] for c in ("SO-BAN-NGANH",)} <= linked
    assert ("UBND các xã, phường" in linked) is wards_linked
    assert act["review_note"] == importer.review_note(row["flags"])  # the same words as the preview's


# --- 2, 6: the page -------------------------------------------------------------------

IMPORT_PAGE = "plans/import_page.py"


def test_after_a_commit_the_page_shows_the_result_and_a_link_to_the_plan_only(db, users, office, app_as):
    at = app_as("u_staff", page=IMPORT_PAGE)
    at.session_state["plans_imp_preview"] = _read(db, users)
    at.run()
    assert "Năm 2027 đọc từ tiêu đề của văn bản" in " ".join(c.value for c in at.caption)
    at.button(key="plans_imp_commit").click().run()
    assert not at.exception
    plan = store.annual_plan_for(db, 2027)
    assert [s.value for s in at.success] == [f"Đã nhập 8 nhiệm vụ vào “{plan['title']}”."]
    (link,) = [k for k in at.main.get("page_link") if k.proto.label.startswith("Mở kế hoạch")]
    assert link.proto.label == f"Mở kế hoạch “{plan['title']}”" and link.proto.page == "plans"
    assert not at.dataframe and not at.button and not at.warning  # no preview, no warnings, no "Ghi vào kế hoạch"
    assert at.session_state["plans_plan"] == plan["id"]


def test_the_page_lists_past_imports_and_undoes_one(db, users, office, app_as):
    result = importer.commit(db, users["staff"], _read(db, users), skip_unmatched=True)
    before = _counts(db)
    at = app_as("u_staff", page=IMPORT_PAGE)
    (past,) = [d.value for d in at.dataframe if "Tình trạng" in d.value.columns]
    assert list(past["Số"]) == [result["batch"]] and list(past["Tình trạng"]) == ["đang có hiệu lực"]
    assert list(past["Tệp"]) == ["kh-2027.docx"] and list(past["Nhiệm vụ"]) == [8]
    at.button(key="plans_imp_undo").click().run()
    assert not at.exception
    assert f"Đã hoàn tác lần nhập số {result['batch']}" in " ".join(s.value for s in at.success)
    assert _counts(db)["activities"] == before["activities"] - 8 and store.annual_plan_for(db, 2027) is None
    (past,) = [d.value for d in at.dataframe if "Tình trạng" in d.value.columns]
    assert past["Tình trạng"][0].startswith("đã hoàn tác")
    assert not [b for b in at.button if b.key == "plans_imp_undo"]  # nothing left to undo


def test_a_refused_undo_on_the_page_names_the_record(db, users, office, app_as):
    result = importer.commit(db, users["staff"], _read(db, users), skip_unmatched=True)
    first = store.list_activities(db, result["plan"]["id"])[0]
    activities.update_activity(db, users["staff"], first["id"], title="Chuyên mục CCHC (đã sửa)")
    at = app_as("u_staff", page=IMPORT_PAGE)
    at.button(key="plans_imp_undo").click().run()
    assert "«Chuyên mục CCHC (đã sửa)»" in at.error[0].value and "đã được sửa sau lần nhập" in at.error[0].value
    assert store.annual_plan_for(db, 2027) is not None


def test_the_page_adds_to_the_years_plan_only_when_chosen(db, users, office, app_as):
    plan = plans.create_plan(db, users["staff"], year=2027, number="25/KH-UBND", title="Kế hoạch 2027")
    at = app_as("u_staff", page=IMPORT_PAGE)
    at.session_state["plans_imp_preview"] = _read(db, users)
    at.run()
    assert "Năm 2027 đã có kế hoạch “25/KH-UBND”" in " ".join(w.value for w in at.warning)
    table = next(d.value for d in at.dataframe if "Cần xem lại" in d.value.columns)
    assert "Các sở, ban, ngành (nhóm đơn vị)" in list(table["Cơ quan phối hợp"])
    for box in at.selectbox:  # the unmatched names: left empty
        box.set_value(None)
    at.button(key="plans_imp_commit").click().run()
    assert "Nhập thêm vào kế hoạch đã có" in at.error[0].value and not store.list_activities(db, plan["id"])
    at.checkbox(key="plans_imp_merge").check().run()
    at.button(key="plans_imp_commit").click().run()
    assert not at.exception and len(store.list_activities(db, plan["id"])) == 8
