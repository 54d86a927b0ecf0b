"""The services import against hostile and oversized files (issue 23, failures 4–6): every
one is refused with a message in the person's language, through the guarded office reader,
and nothing is written. Every file is built here on an export shaped like an office's."""

from __future__ import annotations

import pytest

from bench.hostile_xlsx import BILLION_LAUGHS, sheet_xml, with_far_cell, with_merge, with_sheet
from bench.one_stop_exports import office_csv, office_xlsx, table
from core.errors import ValidationError
from services import importer, store


def _refused(db, users, data: bytes, key: str, filename: str = "t.xlsx", **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        importer.read_file(db, users["staff"], filename, data, "2026-10", **kwargs)
    assert refused.value.key == key
    assert refused.value.message("vi") != key and refused.value.message("en") != key
    assert store.results_for_month(db, "2026-10") == []
    return refused.value


def test_one_far_away_cell_is_refused_before_any_row_is_read(db, users, service_units):
    hostile = with_far_cell(office_xlsx(), "XFD1048576")
    assert len(hostile) < 10_000
    _refused(db, users, hostile, "error.office_too_many_columns")


def test_a_far_row_is_refused_by_the_row_cap(db, users, service_units):
    _refused(db, users, with_far_cell(office_xlsx(), "B900000"), "error.office_too_many_rows")


def test_a_merge_to_the_end_of_the_sheet_costs_only_the_cells_in_use(db, users, service_units):
    merged = with_merge(office_xlsx(), "O6:XFD1048576")
    preview = importer.read_file(db, users["staff"], "t.xlsx", merged, "2026-10")
    # O6 (digitised, third unit) now fills the rest of its column, down to the last used row only
    assert [r["digitised"] for r in preview["rows"]] == [180, 400, 450, 450]


def test_billion_laughs_is_a_damaged_file_in_the_persons_language(db, users, service_units):
    refused = _refused(db, users, with_sheet(office_xlsx(), BILLION_LAUGHS), "error.office_dtd")
    assert "hỏng" in refused.message("vi") and "damaged" in refused.message("en")


def test_a_zip_bomb_workbook_is_refused(db, users, service_units):
    bomb = sheet_xml(office_xlsx()).replace(b"</worksheet>", b"<!--" + b" " * 3_000_000 + b"--></worksheet>")
    data = with_sheet(office_xlsx(), bomb)
    assert len(data) < 100_000
    _refused(db, users, data, "error.office_ratio", max_bytes=100_000)


def test_the_configured_upload_limit_caps_every_services_file(db, users, service_units):
    from services import desk_ratings, scores_io

    data = office_csv()
    for read in (importer.read_file, scores_io.read_file, desk_ratings.read_file):
        with pytest.raises(ValidationError) as refused:
            read(db, users["staff"], "t.csv", data, "2026-10", max_bytes=len(data) - 1)
        assert refused.value.key == "services.error.too_large"


def test_more_unit_rows_than_the_cap_are_refused_at_once(db, users, service_units):
    lines = table(total=False)
    many = [[i, f"{lines[i % 4][1]} {i}", *lines[i % 4][2:]] for i in range(importer.ROW_CAP + 10)]
    _refused(db, users, office_csv(many), "error.office_too_many_rows", filename="t.csv", max_bytes=50 * 2**20)


def test_many_unknown_units_are_each_listed_once(db, users, service_units):
    lines = table(total=False)
    many = [[i, f"Đơn vị số {i // 2}", *lines[0][2:]] for i in range(2000)]
    preview = importer.read_file(db, users["staff"], "t.csv", office_csv(many), "2026-10")
    assert len(preview["unmatched_units"]) == 1000
    assert preview["unmatched_units"][:2] == ["Đơn vị số 0", "Đơn vị số 1"]


# --- numbers bounded where they are read (failure 6) --------------------------------------


@pytest.mark.parametrize("value", [10**30, "1.000.000.000.000", "9" * 40])
def test_a_count_over_a_billion_is_flagged_with_its_cell_and_never_written(db, users, service_units, value):
    lines = table()
    lines[1][7] = value  # Sở Tư pháp, "Đã giải quyết – Trước hạn"
    preview = importer.read_file(db, users["staff"], "t.xlsx", office_xlsx(lines), "2026-10")
    too_big = [f for f in preview["flagged"] if f["key"] == "services.flag.too_big"]
    assert [(f["row"], f["unit"], f["params"]["column"]) for f in too_big] == [
        (5, "Sở Tư pháp", "Đã giải quyết – Trước hạn")
    ]
    with pytest.raises(ValidationError) as refused:
        importer.commit(db, users["staff"], preview)
    assert refused.value.key == "services.error.flagged"
    assert store.results_for_month(db, "2026-10") == []


def test_a_preview_holding_a_huge_count_is_refused_at_commit(db, users, service_units):
    preview = importer.read_file(db, users["staff"], "t.xlsx", office_xlsx(), "2026-10")
    preview["rows"][0]["received"] = 10**30
    with pytest.raises(ValidationError):
        importer.commit(db, users["staff"], preview)
    assert store.results_for_month(db, "2026-10") == []


def test_numbers_stored_as_text_with_thousands_dots_are_read(db, users, service_units):
    lines = table()
    for line in lines:
        line[2:] = [f"{v:,}".replace(",", ".") for v in line[2:]]
    preview = importer.read_file(db, users["staff"], "t.xlsx", office_xlsx(lines), "2026-10")
    assert preview["flagged"] == []
    assert preview["rows"][2]["received"] == table()[2][2]


# --- services checks (point 5) ---------------------------------------------------------


def test_a_month_after_the_current_one_is_refused(db, users, service_units):
    title = "BÁO CÁO KẾT QUẢ GIẢI QUYẾT TTHC THÁNG 10/2099"
    for month in ("2099-10", None):  # chosen, or read from the title
        with pytest.raises(ValidationError) as refused:
            importer.read_file(db, users["staff"], "t.xlsx", office_xlsx(title=title), month)
        assert refused.value.key == "services.error.month_future"


@pytest.mark.parametrize(
    "title", ["UBND TỈNH BẮC NINH – KẾT QUẢ GIẢI QUYẾT TTHC THÁNG 10/2026", "Thành phố Hải Phòng: TTHC tháng 10/2026"]
)
def test_a_title_naming_another_province_is_refused(db, users, service_units, title):
    refused = _refused(db, users, office_xlsx(title=title), "services.error.other_province")
    assert "Bắc Ninh" in refused.message("vi") or "Hai Phong" in refused.message("vi")


def test_a_report_on_the_situation_is_not_taken_for_a_province(db, users, service_units):
    title = "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC CỦA THÀNH PHỐ HÀ NỘI THÁNG 10/2026"
    assert importer.read_file(db, users["staff"], "t.xlsx", office_xlsx(title=title), "2026-10")["flagged"] == []


def test_a_rates_column_that_disagrees_with_its_counts_is_flagged(db, users, service_units):
    from bench.one_stop_exports import GROUPS

    groups = [*GROUPS, ("Tỷ lệ giải quyết đúng hạn (%)", None)]
    lines = table(total=False)
    for line in lines:  # (ahead + on time) / resolved, printed as an office prints it
        line.append(f"{100 * (line[7] + line[8]) / line[6]:.2f}".replace(".", ","))
    lines[0][-1] = round((lines[0][7] + lines[0][8]) / lines[0][6], 4)  # a percentage-formatted cell
    assert (
        importer.read_file(db, users["staff"], "t.xlsx", office_xlsx(lines, groups=groups), "2026-10")["flagged"] == []
    )
    lines[3][-1] = "99,00"
    preview = importer.read_file(db, users["staff"], "t.xlsx", office_xlsx(lines, groups=groups), "2026-10")
    assert [(f["unit"], f["key"], f["params"]["computed"]) for f in preview["flagged"]] == [
        ("UBND xã Đông Anh", "services.flag.rate", f"{100 * (lines[3][7] + lines[3][8]) / lines[3][6]:.2f}")
    ]
    assert "rate_on_time" not in preview["rows"][0]  # a rate is never stored


def test_an_import_stops_itself_after_its_time_budget(db, users, service_units):
    lines = table(total=False)
    many = [[i, f"{lines[i % 4][1]} {i}", *lines[i % 4][2:]] for i in range(600)]
    _refused(db, users, office_csv(many), "services.error.too_slow", filename="t.csv", budget_seconds=0)
