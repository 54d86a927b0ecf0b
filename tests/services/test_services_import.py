"""Importing a month's export of the one-stop system: read, preview, commit, replace."""

import pytest

from bench.one_stop_exports import ROWS, figures, office_csv, office_xlsx, table
from core.errors import PermissionDenied, ValidationError
from services import import_reader, importer, store


def _written(db, month="2026-10"):
    return {r["code"]: r for r in store.results_for_month(db, month)}


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_an_office_export_is_read_and_written(db, users, service_units, kind):
    data = office_xlsx() if kind == "xlsx" else office_csv()
    preview = importer.read_file(db, users["staff"], f"thang10.{kind}", data, "2026-10")
    assert preview["flagged"] == [] and preview["unmatched_units"] == []
    assert preview["total_row"] is True
    assert [r["code"] for r in preview["rows"]] == ["SKHCN", "STP", "P-KL", "X-DA"]
    assert _written(db) == {}  # a preview writes nothing
    result = importer.commit(db, users["staff"], preview)
    assert result == {
        "month": "2026-10",
        "rows": 4,
        "replaced": 0,
        "aliases": 0,
        "batch": result["batch"],
        "added": 4,
        "changed": 0,
        "unchanged": 0,
        "removed": 0,
    }
    written = _written(db)
    for row in ROWS:
        line = figures(row)
        code = next(r["code"] for r in preview["rows"] if r["name"] == line[0])
        got = written[code]
        assert [got[c] for c in store.REQUIRED] == line[1:12]
        assert (got["apologies"], got["digitised"]) == (line[12], line[13])
        assert got["full_online"] is None  # a column the file did not have stays empty
    assert written["P-KL"]["source"] == f"thang10.{kind}"


def test_the_month_can_come_from_the_title(db, users, service_units):
    preview = importer.read_file(db, users["staff"], "t.xlsx", office_xlsx(title="Kết quả tháng 9 năm 2026"))
    assert preview["month"] == "2026-09"


def test_importing_a_month_again_replaces_only_the_units_it_names_and_is_audited(db, users, service_units):
    importer.commit(db, users["staff"], importer.read_file(db, users["staff"], "a.xlsx", office_xlsx(), "2026-10"))
    changed = [ROWS[0], (ROWS[1][0], 25, *ROWS[1][2:])]  # Sở Tư pháp: 5 more carried over
    smaller = office_xlsx(table(changed))
    result = importer.commit(db, users["staff"], importer.read_file(db, users["staff"], "b.xlsx", smaller, "2026-10"))
    assert (result["rows"], result["changed"], result["unchanged"], result["removed"]) == (2, 1, 1, 0)
    assert set(_written(db)) == {"SKHCN", "STP", "P-KL", "X-DA"}  # the units the file does not name are kept
    assert _written(db)["STP"]["carried_over"] == 25
    result = importer.commit(
        db, users["staff"], importer.read_file(db, users["staff"], "c.xlsx", smaller, "2026-10"), replace_month=True
    )
    assert (result["removed"], result["replaced"]) == (2, 2)
    assert set(_written(db)) == {"SKHCN", "STP"}
    actions = [
        r[0] for r in db.execute("select action from audit_log where table_name = 'service_results' order by id")
    ]
    assert actions == ["import", "replace", "replace"]


def test_an_unknown_unit_is_listed_then_mapped_and_remembered(db, users, service_units):
    rows = [*ROWS[:3], ("TT phục vụ HCC Đông Anh", *ROWS[3][1:])]
    preview = importer.read_file(db, users["staff"], "t.xlsx", office_xlsx(table(rows)), "2026-10")
    assert preview["unmatched_units"] == ["TT phục vụ HCC Đông Anh"]
    with pytest.raises(ValidationError) as refused:
        importer.commit(db, users["staff"], preview)
    assert refused.value.key == "services.error.unmatched" and _written(db) == {}
    importer.commit(db, users["staff"], preview, mapping={"TT phục vụ HCC Đông Anh": "X-DA"})
    assert set(_written(db)) == {"SKHCN", "STP", "P-KL", "X-DA"}
    again = importer.read_file(db, users["staff"], "t.xlsx", office_xlsx(table(rows)), "2026-10")
    assert again["unmatched_units"] == [] and again["rows"][3]["code"] == "X-DA"


def test_a_leader_cannot_import(db, users, service_units):
    with pytest.raises(PermissionDenied):
        importer.read_file(db, users["leader"], "t.xlsx", office_xlsx(), "2026-10")
    preview = importer.read_file(db, users["staff"], "t.xlsx", office_xlsx(), "2026-10")
    with pytest.raises(PermissionDenied):
        importer.commit(db, users["inspector"], preview)
    assert _written(db) == {}


def _flags(db, users, data, name="t.xlsx"):
    preview = importer.read_file(db, users["staff"], name, data, "2026-10")
    with pytest.raises(ValidationError) as refused:
        importer.commit(db, users["staff"], preview)
    assert refused.value.key == "services.error.flagged"
    assert _written(db) == {}
    return [(f["row"], f["key"]) for f in preview["flagged"]]


def _lines(change):
    lines = table()
    change(lines)
    return lines


def test_a_total_that_is_not_its_parts_is_flagged(db, users, service_units):
    def broken(lines):
        lines[1][2] += 7  # Sở Tư pháp: received no longer carried over + online + in person
        lines[-1][2] += 7  # and the total row follows, so only the unit row is wrong

    assert _flags(db, users, office_xlsx(_lines(broken))) == [(5, "services.flag.parts")]


def test_resolved_over_received_is_flagged(db, users, service_units):
    rows = [ROWS[0], ("Sở Tư pháp", 0, 10, 0, 30, 0, 0, 0, 0, 0, 0)]
    assert (5, "services.flag.resolved_over") in _flags(db, users, office_xlsx(table(rows)))


def test_negative_numbers_are_flagged(db, users, service_units):
    rows = [ROWS[0], ("Sở Tư pháp", 0, 10, 0, 0, 0, 0, 15, -5, 0, 0)]
    assert _flags(db, users, office_xlsx(table(rows))) == [(5, "services.flag.negative")]


def test_a_unit_twice_is_flagged(db, users, service_units):
    rows = [*ROWS, ("Sở Khoa học và Công nghệ", *ROWS[0][1:])]
    assert _flags(db, users, office_xlsx(table(rows))) == [(8, "services.flag.duplicate")]


def test_a_formula_in_a_cell_is_flagged(db, users, service_units):
    def formula(lines):
        lines[0][2] = "=D4+E4+F4"

    flags = _flags(db, users, office_xlsx(_lines(formula)))
    assert flags == [(4, "services.flag.formula")]


def test_sum_formulas_in_the_total_row_are_not_flagged(db, users, service_units):
    def sums(lines):
        lines[-1][2] = "=SUM(C4:C7)"

    preview = importer.read_file(db, users["staff"], "t.xlsx", office_xlsx(_lines(sums)), "2026-10")
    assert preview["flagged"] == []


def test_a_total_row_that_is_not_the_sum_is_flagged(db, users, service_units):
    def off(lines):
        lines[-1][9] += 3  # total row, column "đã giải quyết – quá hạn"

    flags = _flags(db, users, office_xlsx(_lines(off)))
    assert (8, "services.flag.total") in flags


def test_text_in_a_number_column_is_flagged(db, users, service_units):
    def text(lines):
        lines[2][4] = "khoảng 400"

    assert _flags(db, users, office_csv(_lines(text)), "t.csv") == [(6, "services.flag.not_number")]


def test_a_month_in_the_title_that_differs_is_refused(db, users, service_units):
    with pytest.raises(ValidationError) as refused:
        importer.read_file(db, users["staff"], "t.xlsx", office_xlsx(), "2026-11")
    assert refused.value.key == "services.error.month_mismatch"
    assert refused.value.params == {"file_month": "2026-10", "month": "2026-11"}
    assert refused.value.message("en") == "The file's title names the month 2026-10, not the chosen month 2026-11."


def test_an_unrecognised_header_names_the_missing_columns(db, users, service_units):
    from bench.one_stop_exports import GROUPS

    groups = [g for g in GROUPS if g[0] != "Số hồ sơ đang giải quyết"]
    lines = [line[:10] + line[13:] for line in table()]
    with pytest.raises(ValidationError) as refused:
        importer.read_file(db, users["staff"], "t.xlsx", office_xlsx(lines, groups=groups), "2026-10")
    assert refused.value.key == "services.error.columns_missing"
    assert refused.value.params["columns"] == "; ".join(
        ["Đang giải quyết – Tổng số", "Đang giải quyết – Trong hạn", "Đang giải quyết – Quá hạn"]
    )


def test_files_over_the_caps_are_refused_before_reading(db, users, service_units, monkeypatch):
    data = office_xlsx()
    with pytest.raises(ValidationError) as refused:
        importer.read_file(db, users["staff"], "t.xlsx", data, "2026-10", max_bytes=len(data) - 1)
    assert refused.value.key == "services.error.too_large"
    with pytest.raises(ValidationError) as refused:
        importer.read_file(db, users["staff"], "big.csv", b"x" * (importer.MAX_BYTES + 1), "2026-10")
    assert refused.value.key == "services.error.too_large"


@pytest.mark.parametrize(
    "group,sub,field",
    [
        ("so ho so tiep nhan", "tong so", "received"),
        ("tiep nhan", "ky truoc chuyen sang", "carried_over"),
        ("ho so tiep nhan trong ky", "truc tuyen", "online"),
        ("tiep nhan", "truc tiep va qua dich vu buu chinh cong ich", "in_person"),
        ("so ho so da giai quyet", "tra dung han", "on_time"),
        ("da giai quyet", "truoc han", "ahead"),
        ("da giai quyet", "qua han", "late"),
        ("so ho so dang giai quyet", "qua han", "pending_overdue"),
        ("dang giai quyet", "trong han", "pending_within"),
        ("dang giai quyet", "tong", "pending"),
        ("ten don vi", "ten don vi", "unit"),
        ("ho so rut tra lai", "ho so rut tra lai", "withdrawn"),
        ("ho so truc tuyen", "toan trinh", "full_online"),
        ("ghi chu", "ghi chu", None),
    ],
)
def test_columns_are_matched_leniently(group, sub, field):
    assert import_reader.column_field(group, sub) == field


@pytest.mark.parametrize("label", ["Tổng cộng", "TỔNG SỐ", "Cộng", "Cộng:", "Tong cong", "Cong", "Tổng"])
def test_total_rows_are_told_by_their_label(label):
    assert import_reader.is_total(label)


@pytest.mark.parametrize(
    "label", ["Công an Thành phố", "CÔNG AN THÀNH PHỐ", "Cong an Thanh pho", "Công ty CP Cấp nước"]
)
def test_a_unit_whose_name_folds_like_a_total_is_a_unit(label):
    assert not import_reader.is_total(label)


def test_the_city_police_row_is_imported_not_taken_for_a_total(db, users, service_units):
    from core import units
    from core.permissions import SYSTEM

    units.add_unit(db, SYSTEM, code="CATP", name="Công an Thành phố", kind="department")
    rows = [*ROWS, ("Công an Thành phố", 3, 50, 10, 40, 10, 2, 5, 3, 1, 60)]
    preview = importer.read_file(db, users["staff"], "t.xlsx", office_xlsx(table(rows)), "2026-10")
    assert preview["flagged"] == []  # the total row agrees with the unit rows, the police included
    assert "CATP" in [r["code"] for r in preview["rows"]]


def test_a_name_two_units_bear_is_listed_with_both_and_never_taken_first(db, users, service_units):
    from bench.one_stop_exports import ROWS
    from core import units
    from core.permissions import SYSTEM

    units.add_unit(db, SYSTEM, code="X-KL", name="Xã Kim Liên", kind="commune")
    rows = [ROWS[0], ("Kim Liên", *ROWS[2][1:])]
    preview = importer.read_file(db, users["staff"], "t.xlsx", office_xlsx(table(rows)), "2026-10")
    assert preview["unmatched_units"] == ["Kim Liên"]
    assert [u["code"] for u in preview["ambiguous_units"]["Kim Liên"]] == ["P-KL", "X-KL"]
    with pytest.raises(ValidationError):
        importer.commit(db, users["staff"], preview)
    importer.commit(db, users["staff"], preview, mapping={"Kim Liên": "X-KL"})
    assert set(_written(db)) == {"SKHCN", "X-KL"}
