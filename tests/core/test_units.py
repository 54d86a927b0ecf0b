import pytest

from core import units
from core.errors import ValidationError
from core.permissions import SYSTEM


@pytest.fixture
def hanoi(db):
    from core.demo import _build_units

    _build_units(db)
    return db


def test_units_are_effective_dated(hanoi):
    before = {u["code"] for u in units.units_on(hanoi, "2024-06-01")}
    after = {u["code"] for u in units.units_on(hanoi, "2025-08-01")}
    assert {"Q-HK", "STTTT", "SLDTBXH"} <= before and not {"P-HK", "P-CN"} & before
    assert {"P-HK", "P-CN", "SNV", "SKHCN"} <= after and not {"Q-HK", "STTTT"} & after
    assert {u["code"] for u in units.units_on(hanoi, "2025-08-01", kinds=["district"])} == set()


def test_successors_are_followed_to_units_that_exist(hanoi):
    names = [u["name"] for u in units.current_successors(hanoi, "Q-HK", "2026-01-01")]
    assert names == [
        "Phường Ba Đình",
        "Phường Cửa Nam",
        "Phường Hoàn Kiếm",
        "Phường Hồng Hà",
        "Phường Văn Miếu - Quốc Tử Giám",
    ]
    assert [u["code"] for u in units.current_successors(hanoi, "STTTT", "2026-01-01")] == ["SKHCN"]
    assert [u["code"] for u in units.current_successors(hanoi, "Q-HK", "2024-01-01")] == ["Q-HK"]


@pytest.mark.parametrize(
    "name,code", [("Sở Nội vụ", "SNV"), ("so noi vu", "SNV"), ("STTTT", "STTTT"), ("Quận Hoàn Kiếm", "Q-HK")]
)
def test_match_unit_folds_diacritics(hanoi, name, code):
    assert units.match_unit(hanoi, name)["code"] == code


def test_a_name_several_units_answer_is_listed_never_decided_by_order(db):
    """ "Kim Liên" is a ward and a commune of another district: without its kind word it
    names both, and the matcher gives the person both to choose from, in name order."""
    for code, name in (("X-KL", "Xã Kim Liên"), ("P-KL", "Phường Kim Liên"), ("SNV", "Sở Nội vụ")):
        units.add_unit(db, SYSTEM, code=code, name=name, kind="commune" if code != "SNV" else "department")
    match = units.unit_matcher(db, "2026-10-01")
    assert match("Kim Liên") is None
    assert [u["code"] for u in match.candidates("Kim Liên")] == ["P-KL", "X-KL"]
    assert match("UBND phường Kim Liên")["code"] == "P-KL"
    assert [u["code"] for u in match.candidates("Sở Nội vụ")] == ["SNV"]
    assert match.candidates("Sở Ngoại vụ") == []


def test_retire_with_successors_is_audited(hanoi):
    units.add_unit(hanoi, SYSTEM, code="X-NEW", name="Xã Mới", kind="commune", valid_from="2026-01-01")
    units.retire_unit(hanoi, SYSTEM, "X-SS", "2026-06-30", ["X-NEW"])
    assert units.get_unit(hanoi, "X-SS")["valid_to"] == "2026-06-30"
    assert [u["code"] for u in units.current_successors(hanoi, "X-SS", "2026-07-01")] == ["X-NEW"]
    row = hanoi.execute("select after from audit_log where action = 'retire' order by id desc limit 1").fetchone()
    assert "X-NEW" in row[0]


def test_update_unit_refuses_reversed_dates(hanoi):
    with pytest.raises(ValidationError) as info:
        units.update_unit(hanoi, SYSTEM, "P-HK", valid_to="2020-01-01")
    assert info.value.key == "error.unit_dates_reversed"
    assert units.get_unit(hanoi, "P-HK")["valid_to"] is None


def test_csv_import_creates_updates_and_links(hanoi):
    data = (
        "code;name;kind;parent_code;valid_from;valid_to;successor_codes\n"
        "X-A;Xã An Bình;commune;HN;01/07/2025;31/12/2026;X-B\n"
        "X-B;Xã Bình Minh;commune;HN;2027-01-01;;\n"
        "SNV;Sở Nội vụ thành phố Hà Nội;department;HN;;;\n"
    ).encode("utf-8-sig")
    result = units.import_csv(hanoi, SYSTEM, data)
    assert result == {"created": 2, "updated": 1}
    assert units.get_unit(hanoi, "SNV")["name"] == "Sở Nội vụ thành phố Hà Nội"
    assert units.get_unit(hanoi, "X-A")["valid_from"] == "2025-07-01"
    assert [u["code"] for u in units.current_successors(hanoi, "X-A", "2027-02-01")] == ["X-B"]


@pytest.mark.parametrize(
    "data,key",
    [
        (b"code,name\nA,B\n", "error.csv_missing_columns"),
        (b"code,name,kind\nA,Xa A,commune\nA,Xa A2,commune\n", "error.csv_rejected"),
        (b"code,name,kind\nA,Xa A,village\n", "error.csv_rejected"),
        (b"code,name,kind,parent_code\nA,Xa A,commune,NOPE\n", "error.csv_rejected"),
        (b"code,name,kind,valid_from\nA,Xa A,commune,31/02/2025\n", "error.csv_rejected"),
        ("code,name,kind\nA,Xã A,commune\n".encode("utf-16"), "error.csv_not_utf8"),
        (b"code,name,kind\n", "error.csv_empty"),
    ],
)
def test_bad_csv_is_refused_whole(hanoi, data, key):
    before = hanoi.execute("select count(*), group_concat(name) from units").fetchone()
    audit_before = hanoi.execute("select count(*) from audit_log").fetchone()[0]
    with pytest.raises(ValidationError) as info:
        units.import_csv(hanoi, SYSTEM, data)
    assert info.value.key == key
    assert hanoi.execute("select count(*), group_concat(name) from units").fetchone() == before
    assert hanoi.execute("select count(*) from audit_log").fetchone()[0] == audit_before


def test_rejected_csv_lists_each_problem_with_its_line(hanoi):
    data = b"code,name,kind\nA,Xa A,commune\nA,Xa A2,commune\nB,,commune\n"
    with pytest.raises(ValidationError) as info:
        units.import_csv(hanoi, SYSTEM, data)
    problems = {(e["row"], e["key"]) for e in info.value.errors}
    assert problems == {(3, "error.csv_duplicate_code"), (4, "error.unit_name_missing")}


def test_export_reimports_unchanged(hanoi):
    exported = units.export_csv(hanoi)
    before = hanoi.execute(
        "select code, name, kind, parent_id, valid_from, valid_to from units order by code"
    ).fetchall()
    assert units.import_csv(hanoi, SYSTEM, exported) == {"created": 0, "updated": len(before)}
    assert (
        hanoi.execute("select code, name, kind, parent_id, valid_from, valid_to from units order by code").fetchall()
        == before
    )


def test_other_slices_look_units_up_by_id_or_code(hanoi):
    """unit_by_id and find_unit are how other slices read units (never core's store)."""
    hk = units.find_unit(hanoi, "Q-HK")
    assert hk["name"] == "Quận Hoàn Kiếm" and units.unit_by_id(hanoi, hk["id"]) == hk
    assert units.find_unit(hanoi, "NO-SUCH") is None and units.unit_by_id(hanoi, 10**6) is None


def test_the_units_export_escapes_formulas_like_every_csv_and_reimports_unchanged(hanoi):
    """The units CSV goes through the one writer (core.tabular): a note or a short name that
    starts a formula, after white space or in full width, is escaped, and read back as it was."""
    import csv
    import io

    from core.tabular import FORMULA_PREFIXES, LEADING_SPACE, WIDE_FORMULA_PREFIXES

    code = hanoi.execute("select code from units where kind = 'department' order by code").fetchone()[0]
    notes = "=1+1; \u200b@SUM(A1); -2"
    hanoi.execute("update units set note = ?, short_name = ? where code = ?", [notes, "\uff1d1+1", code])
    exported = units.export_csv(hanoi)
    for row in csv.reader(io.StringIO(exported.decode("utf-8-sig"))):
        for cell in row:
            for part in cell.split(";"):
                assert not part.lstrip(LEADING_SPACE).startswith(FORMULA_PREFIXES + WIDE_FORMULA_PREFIXES), cell
    units.import_csv(hanoi, SYSTEM, exported)
    row = hanoi.execute("select note, short_name from units where code = ?", [code]).fetchone()
    assert tuple(row) == (notes, "\uff1d1+1")
