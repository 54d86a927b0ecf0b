"""The services import against hostile and oversized files (issue 23, failures 4–6): every
one is refused with a message in the person's language, through the guarded office reader,
and nothing is written. Every file is built here on an export shaped like an office's."""

from __future__ import annotations

import io
import zipfile

import pytest

from core.errors import ValidationError
from services import importer, store
from tests.services.conftest import office_csv, office_xlsx, table

SHEET = "xl/worksheets/sheet1.xml"
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
    )
    + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


def _rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
    return out.getvalue()


def _sheet(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(SHEET)


def _refused(db, users, data: bytes, key: str, filename: str = "t.xlsx", **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        importer.read_file(db, users["staff"], filename, data, "2026-10", **kwargs)
    assert refused.value.key == key
    assert refused.value.message("vi") != key and refused.value.message("en") != key
    assert store.results_for_month(db, "2026-10") == []
    return refused.value


def test_one_far_away_cell_is_refused_before_any_row_is_read(db, users, service_units):
    data = office_xlsx()
    far = _sheet(data).replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    )
    hostile = _rezip(data, {SHEET: far})
    assert len(hostile) < 10_000
    _refused(db, users, hostile, "error.office_too_many_columns")


def test_a_far_row_is_refused_by_the_row_cap(db, users, service_units):
    data = office_xlsx()
    far = _sheet(data).replace(
        b"</sheetData>", b'<row r="900000"><c r="B900000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    )
    _refused(db, users, _rezip(data, {SHEET: far}), "error.office_too_many_rows")


def test_a_merge_to_the_end_of_the_sheet_costs_only_the_cells_in_use(db, users, service_units):
    data = office_xlsx()
    merged = _sheet(data).replace(b"</mergeCells>", b'<mergeCell ref="O6:XFD1048576"/></mergeCells>')
    assert merged != _sheet(data)
    preview = importer.read_file(db, users["staff"], "t.xlsx", _rezip(data, {SHEET: merged}), "2026-10")
    # O6 (digitised, third unit) now fills the rest of its column, down to the last used row only
    assert [r["digitised"] for r in preview["rows"]] == [180, 400, 450, 450]


def test_billion_laughs_is_a_damaged_file_in_the_persons_language(db, users, service_units):
    refused = _refused(db, users, _rezip(office_xlsx(), {SHEET: BILLION_LAUGHS}), "error.office_dtd")
    assert "hỏng" in refused.message("vi") and "damaged" in refused.message("en")


def test_a_zip_bomb_workbook_is_refused(db, users, service_units):
    bomb = _sheet(office_xlsx()).replace(b"</worksheet>", b"<!--" + b" " * 3_000_000 + b"--></worksheet>")
    data = _rezip(office_xlsx(), {SHEET: bomb})
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
