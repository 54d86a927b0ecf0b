"""The plan import reads units by the names offices use (core's matcher and aliases), records
collective names as unit groups, and remembers a name the reviewer mapped."""

import pytest

from core import units
from core.errors import ValidationError
from core.permissions import SYSTEM
from plans import activities, importer, store
from tests.plans.plan_files import docx_plan, xlsx_plan

ROWS = [
    ("I.", "Tuyên truyền về chủ trương, chính sách CCHC"),
    ("1", "Chuyên mục trên sóng phát thanh", "Đài PT&TH Hà Nội", "Sở TT&TT; VP UBND TP", "Hằng tháng", "12 số", ""),
    ("2", "Tuyên truyền trên cổng thông tin", "Các sở, ban, ngành", "Sở Nội vụ", "Quý II", "", ""),
    (
        "3",
        "Tin bài về CCHC",
        "Sở Nội vụ",
        "Các cơ quan báo chí Thành phố; UBND các quận, huyện, thị xã",
        "Tháng 5",
        "",
        "",
    ),
    ("4", "Hội nghị tập huấn", "Trung tâm Phục vụ hành chính công", "UBND Q. Hoàn Kiếm", "Tháng 6", "", ""),
]


@pytest.fixture
def hanoi(db):
    from core.demo import _build_units

    _build_units(db)
    units.seed_aliases(db, SYSTEM)
    units.seed_groups(db, SYSTEM)
    return db


def _code(db, unit_id):
    return units.unit_by_id(db, unit_id)["code"] if unit_id else None


@pytest.mark.parametrize("build, name", [(docx_plan, "kh.docx"), (xlsx_plan, "kh.xlsx")])
def test_everyday_names_and_collective_names_are_read(hanoi, users, build, name):
    preview = importer.read_file(hanoi, users["staff"], name, build(ROWS), 2021)
    radio, portal, news, training = preview["activities"]
    assert _code(hanoi, radio["lead_unit_id"]) == "DPT-HN"
    assert [_code(hanoi, u) for _n, u in radio["coordinating"]] == ["STTTT", "VP-UBND"]
    assert [_code(hanoi, u) for _n, u in training["coordinating"]] == ["Q-HK"]
    groups = preview["unit_groups"]
    assert {units.group_by_id(hanoi, g)["code"] for g in groups.values()} == {
        "SO-BAN-NGANH",
        "BAO-CHI",
        "UBND-QUAN-HUYEN",
    }
    assert preview["unmatched_units"] == ["Trung tâm Phục vụ hành chính công"]  # groups are not unmatched


def test_commit_records_groups_and_remembers_the_mapped_name(hanoi, users):
    staff = users["staff"]
    preview = importer.read_file(hanoi, staff, "kh.docx", docx_plan(ROWS), 2021)
    vp = units.get_unit(hanoi, "VP-UBND")["id"]
    result = importer.commit(hanoi, staff, preview, unit_choices={"Trung tâm Phục vụ hành chính công": vp})
    acts = {
        a["title"]: activities.get_activity(hanoi, a["id"]) for a in store.list_activities(hanoi, result["plan"]["id"])
    }
    portal = acts["Tuyên truyền trên cổng thông tin"]
    assert portal["lead_unit_id"] is None
    assert units.group_by_id(hanoi, portal["lead_group_id"])["code"] == "SO-BAN-NGANH"
    news = acts["Tin bài về CCHC"]
    assert {units.group_by_id(hanoi, g)["code"] for g in news["coordinating_group_ids"]} == {
        "BAO-CHI",
        "UBND-QUAN-HUYEN",
    }
    assert acts["Hội nghị tập huấn"]["lead_unit_id"] == vp
    # a group stands for its members on the activity's dates
    assert units.count_units(hanoi, [], news["coordinating_group_ids"], news["planned_start"]) == 30 + 2
    # the reviewer's mapping is remembered (audited) and read by itself next time
    assert units.match_unit(hanoi, "Trung tâm Phục vụ hành chính công")["code"] == "VP-UBND"
    again = importer.read_file(hanoi, staff, "kh.docx", docx_plan(ROWS, year=2022), 2022)
    assert again["unmatched_units"] == []
    assert again["activities"][3]["lead_unit_id"] == vp
    audit = hanoi.execute(
        "select actor from audit_log where table_name = 'unit_aliases' and record_id = ?",
        [units.unit_key("Trung tâm Phục vụ hành chính công")],
    ).fetchone()
    assert audit == (staff.username,)


def test_a_refused_commit_remembers_nothing(hanoi, users):
    staff = users["staff"]
    preview = importer.read_file(hanoi, staff, "kh.docx", docx_plan(ROWS), 2021)
    choices = {"Trung tâm Phục vụ hành chính công": units.get_unit(hanoi, "VP-UBND")["id"]}
    importer.commit(hanoi, staff, preview, unit_choices=choices)
    units.forget_alias(hanoi, SYSTEM, "Trung tâm Phục vụ hành chính công")
    before = len(units.list_aliases(hanoi))
    with pytest.raises(ValidationError) as info:  # the same rows again are refused whole
        importer.commit(hanoi, staff, preview, unit_choices=choices, merge=True)
    assert info.value.key == "error.import_invalid"
    assert len(units.list_aliases(hanoi)) == before


def test_groups_after_the_reorganisation(hanoi, users):
    rows = [ROWS[0], ("1", "Tin bài", "Sở Nội vụ", "UBND các xã, phường; UBND các quận, huyện, thị xã", "Tháng 5")]
    rows = [r + ("",) * (7 - len(r)) if len(r) > 2 else r for r in rows]
    preview = importer.read_file(hanoi, users["staff"], "kh.docx", docx_plan(rows, year=2026), 2026)
    assert [units.group_by_id(hanoi, g)["code"] for g in preview["unit_groups"].values()] == ["UBND-XA-PHUONG"]
    assert preview["unmatched_units"] == ["UBND các quận, huyện, thị xã"]  # no districts in 2026


def test_activity_facts_name_groups_with_their_size_on_the_activity_dates(hanoi, users):
    from core.markup import md_escape
    from plans import views

    preview = importer.read_file(hanoi, users["staff"], "kh.docx", docx_plan(ROWS), 2021)
    plan = importer.commit(hanoi, users["staff"], preview, skip_unmatched=True)["plan"]
    news = next(a for a in store.list_activities(hanoi, plan["id"]) if a["title"] == "Tin bài về CCHC")
    act = activities.get_activity(hanoi, news["id"])
    labels = views.group_labels(hanoi, act, "vi")
    assert sorted(labels.values()) == [
        "Các cơ quan báo chí Thành phố (2 đơn vị)",
        "UBND các quận, huyện, thị xã (30 đơn vị)",
    ]
    facts = views.activity_facts(act, {u["id"]: u["name"] for u in units.list_units(hanoi)}, "vi", labels)
    assert all(md_escape(label) in facts for label in labels.values()) and "Sở Nội vụ" in facts


def test_an_alias_mapped_at_a_plan_import_goes_with_its_undo_unless_a_later_import_read_by_it(hanoi, users):
    staff, admin = users["staff"], users["admin"]
    name = "Trung tâm Phục vụ hành chính công"
    choices = {name: units.get_unit(hanoi, "VP-UBND")["id"]}
    before = {a["alias"] for a in units.list_aliases(hanoi)}
    first = importer.commit(hanoi, staff, importer.read_file(hanoi, staff, "kh.docx", docx_plan(ROWS), 2021),
                            unit_choices=choices)  # fmt: skip
    importer.undo(hanoi, admin, first["batch"])
    assert {a["alias"] for a in units.list_aliases(hanoi)} == before  # the reviewer is asked again
    again = importer.read_file(hanoi, staff, "kh.docx", docx_plan(ROWS), 2021)
    assert again["unmatched_units"] == [name]
    mapped = importer.commit(hanoi, staff, again, unit_choices=choices)
    later = importer.read_file(hanoi, staff, "kh.docx", docx_plan(ROWS, year=2022), 2022)
    assert later["unmatched_units"] == []  # read by the alias
    importer.commit(hanoi, staff, later)
    done = importer.undo(hanoi, admin, mapped["batch"])
    assert [k["row"]["alias"] for k in done["kept"]] == [name]
    assert units.match_unit(hanoi, name)["code"] == "VP-UBND"
