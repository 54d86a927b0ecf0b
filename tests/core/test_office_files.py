"""The guarded DOCX/XLSX reader against hostile files: zip bombs, entity expansion,
external entities, huge merged ranges, lying dimensions, too many rows, files that are not
packages or are cut short. Every file is built here."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from core.errors import ValidationError
from core.office_files import (
    LIMITS,
    MB,
    DamagedFile,
    Limits,
    csv_records,
    csv_rows,
    docx_tables,
    limits_for,
    open_docx,
    xlsx_rows,
    xlsx_sheets,
)
from core.tabular import read_xlsx

SHEET = "xl/worksheets/sheet1.xml"


def _rezip(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """The package with some parts replaced (or dropped, for None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    target.writestr(info.filename, replace[info.filename])
            else:
                target.writestr(info, source.read(info.filename))
        for name, content in replace.items():
            if content is not None and name not in source.namelist():
                target.writestr(name, content)
    return out.getvalue()


def _part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def _docx(rows: list[list[str]] | None = None) -> bytes:
    document = Document()
    document.add_paragraph("Kế hoạch tuyên truyền CCHC")
    rows = rows or [["STT", "Nội dung", "Chủ trì"], ["1", "Tuyên truyền", "Sở Nội vụ"]]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _xlsx(rows: int = 20, cols: int = 26) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Kế hoạch"
    for r in range(1, rows + 1):
        ws.append([f"r{r}c{c}" for c in range(1, cols + 1)])
    if rows >= 3 and cols >= 8:
        ws["H3"] = "ô gộp"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _with_merge(data: bytes, ref: str, dimension: str | None = None) -> bytes:
    xml = _part(data, SHEET).replace(
        b"</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'.encode()
    )
    if dimension:
        assert b'<dimension ref="A1:Z20"/>' in xml
        xml = xml.replace(b'<dimension ref="A1:Z20"/>', f'<dimension ref="{dimension}"/>'.encode())
    return _rezip(data, {SHEET: xml})


def _refused(call, key: str) -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        call()
    assert exc.value.key == key
    assert exc.value.message("vi") != key and exc.value.message("en") != key  # a real sentence in both
    return exc.value


# --- ordinary files --------------------------------------------------------------


def test_docx_tables_read_like_python_docx_with_merged_cells():
    data = _docx([["STT", "Nội dung", "Chủ trì", "Phối hợp"], ["I", "Chủ đề", "", ""], ["1", "a", "Sở A", "Sở B"]])
    document = Document(io.BytesIO(data))
    table = document.tables[0]
    table.cell(1, 1).merge(table.cell(1, 3))  # a theme row across three columns
    table.cell(1, 0).merge(table.cell(2, 0))  # a vertical merge
    buf = io.BytesIO()
    document.save(buf)
    expected = [[c.text.strip() for c in row.cells] for row in Document(io.BytesIO(buf.getvalue())).tables[0].rows]
    assert docx_tables(buf.getvalue()) == [expected]
    assert expected[1][1:] == ["Chủ đề"] * 3 and expected[2][0] == expected[1][0] == "I\n1"  # merged texts join


def test_xlsx_rows_round_trip_a_written_workbook():
    rows = xlsx_rows(_xlsx(rows=3, cols=4))
    assert rows == [
        ["r1c1", "r1c2", "r1c3", "r1c4"],
        ["r2c1", "r2c2", "r2c3", "r2c4"],
        ["r3c1", "r3c2", "r3c3", "r3c4"],
    ]
    assert read_xlsx(_xlsx(rows=3, cols=4)) == rows
    assert xlsx_rows(_xlsx(rows=3, cols=4), sheet="Kế hoạch") == rows
    _refused(lambda: xlsx_rows(_xlsx(rows=3, cols=4), sheet="Khác"), "error.office_no_sheet")


@pytest.mark.parametrize("ref", ["H3:Z200000", "H3:XFD1048576"])
@pytest.mark.parametrize("dimension", [None, "A1:XFD1048576"])
def test_huge_merged_ranges_are_clipped_to_the_used_area(ref, dimension):
    """A merge to the end of the sheet fills only the 20 x 26 cells in use (the whole read
    stays within the cell cap, which a million-row range would exceed many times over)."""
    data = _with_merge(_xlsx(rows=20, cols=26), ref, dimension)
    (sheet,) = xlsx_sheets(data, limits=Limits(max_cells=20 * 26))
    assert sheet.title == "Kế hoạch" and len(sheet.rows) == 20 and {len(r) for r in sheet.rows} == {26}
    for r, row in enumerate(sheet.rows, start=1):
        for c, value in enumerate(row, start=1):
            inside = r >= 3 and c >= 8
            assert value == ("ô gộp" if inside else f"r{r}c{c}"), (r, c)
    assert xlsx_rows(data)[3][7] == "r4c8"  # merges left as stored when not asked to fill


def test_overlapping_merges_cannot_multiply_the_work():
    data = _xlsx(rows=20, cols=26)
    merges = "".join('<mergeCell ref="A1:Z20"/>' for _ in range(50))
    xml = _part(data, SHEET).replace(b"</sheetData>", f"</sheetData><mergeCells>{merges}</mergeCells>".encode())
    _refused(
        lambda: xlsx_sheets(_rezip(data, {SHEET: xml}), limits=Limits(max_cells=10_000)), "error.office_too_many_cells"
    )


def test_row_cap_refuses_a_longer_sheet_and_a_far_away_cell():
    _refused(lambda: xlsx_rows(_xlsx(rows=15, cols=3), limits=Limits(max_rows=10)), "error.office_too_many_rows")
    assert len(xlsx_rows(_xlsx(rows=10, cols=3), limits=Limits(max_rows=10))) == 10
    far = _part(_xlsx(rows=2, cols=2), SHEET).replace(
        b"</sheetData>", b'<row r="900000"><c r="B900000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    )
    _refused(lambda: xlsx_rows(_rezip(_xlsx(rows=2, cols=2), {SHEET: far})), "error.office_too_many_rows")
    wide = _part(_xlsx(rows=2, cols=2), SHEET).replace(
        b"</sheetData>", b'<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    )
    _refused(lambda: xlsx_rows(_rezip(_xlsx(rows=2, cols=2), {SHEET: wide})), "error.office_too_many_columns")


# --- hostile packages ------------------------------------------------------------


def _bomb_docx(inflated_mb: int) -> bytes:
    """A DOCX whose document.xml inflates to `inflated_mb` MB of spaces (written in pieces)."""
    data = _docx()
    document = _part(data, "word/document.xml")
    head, tail = document.split(b"<w:body>", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info.filename))
        with target.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(head + b"<w:body>")
            for _ in range(inflated_mb):
                part.write(b" " * (1024 * 1024))
            part.write(tail)
    return out.getvalue()


def test_a_zip_bomb_docx_is_refused_before_parsing():
    bomb = _bomb_docx(30)
    assert len(bomb) < 200_000  # a small file…
    _refused(lambda: docx_tables(bomb), "error.office_ratio")  # …that would inflate 150 times and more
    _refused(
        lambda: docx_tables(bomb, Limits(max_ratio=10**6, max_entry_bytes=10 * 1024 * 1024)),
        "error.office_unpacked_too_large",
    )
    _refused(
        lambda: docx_tables(bomb, Limits(max_ratio=10**6, max_total_bytes=20 * 1024 * 1024)),
        "error.office_unpacked_too_large",
    )


def test_a_part_bigger_than_its_declared_size_is_damaged():
    """zipfile stops a part at its declared size: a lying central directory fails its CRC."""
    data = _docx()
    body = _part(data, "word/document.xml")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
    raw = out.getvalue()
    size = len(body).to_bytes(4, "little")
    lying = raw.replace(size, (100).to_bytes(4, "little"))  # both headers now claim 100 bytes
    assert lying != raw
    _refused(lambda: docx_tables(lying), "error.office_damaged")


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""


def test_billion_laughs_docx_is_refused():
    data = _rezip(_docx(), {"word/document.xml": BILLION_LAUGHS})
    _refused(lambda: docx_tables(data), "error.office_dtd")
    _refused(lambda: open_docx(data), "error.office_dtd")


XXE = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""


@pytest.mark.parametrize("part", [SHEET, "xl/workbook.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels"])
def test_xxe_xlsx_is_refused_and_nothing_is_read(part):
    data = _xlsx(rows=2, cols=2)
    doctype = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    original = _part(data, part)
    if part == SHEET:
        hostile = XXE
    elif b"?>" in original:
        hostile = original.replace(b"?>", b"?>" + doctype, 1)
    else:
        hostile = doctype + original
    error = _refused(lambda: xlsx_rows(_rezip(data, {part: hostile})), "error.office_dtd")
    assert "root:" not in error.message("en")


def test_xml_under_another_name_is_scanned_too():
    """The package's relationships may point a parser at any part name: content decides."""
    hostile = _rezip(_docx(), {"word/settings.bin": b"\n " + XXE})
    _refused(lambda: docx_tables(hostile), "error.office_dtd")
    utf16 = _rezip(_docx(), {"word/other.dat": "<?xml version='1.0'?><x/>".encode("utf-16")})
    _refused(lambda: docx_tables(utf16), "error.office_encoding")
    image = _rezip(_docx(), {"word/media/image1.png": b"\x89PNG\r\n\x1a\n" + b"<!DOCTYPE" * 10})
    assert docx_tables(image)[0][0] == ["STT", "Nội dung", "Chủ trì"]  # binary parts are not XML


def test_a_declaration_split_across_read_pieces_is_still_found():
    padding = b" " * (1024 * 1024 - 3)  # "<!DOCTYPE" starts 3 bytes before the 1 MB boundary
    xml = b'<?xml version="1.0"?>' + padding + b"<!DOCTYPE x []><w:document/>"
    data = _rezip(_docx(), {"word/document.xml": xml})
    _refused(lambda: docx_tables(data, Limits(max_ratio=10**6)), "error.office_dtd")


def test_comments_and_cdata_are_not_declarations():
    xml = _part(_docx(), "word/document.xml").replace(
        b"<w:body>", b"<w:body><!-- ghi ch\xc3\xba --><!-- <![CDATA[x]]> -->"
    )
    assert docx_tables(_rezip(_docx(), {"word/document.xml": xml}))[0][1] == ["1", "Tuyên truyền", "Sở Nội vụ"]


@pytest.mark.parametrize(
    "xml",
    [
        '<?xml version="1.0" encoding="UTF-16"?><w:document/>'.encode("utf-16"),
        b'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE x+AD4-<w:document/>',
    ],
)
def test_xml_not_in_utf8_is_refused(xml):
    _refused(lambda: docx_tables(_rezip(_docx(), {"word/document.xml": xml})), "error.office_encoding")


def test_a_span_wider_than_any_table_is_refused():
    xml = _part(_docx(), "word/document.xml").replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="2147483647"/>', 1)
    _refused(lambda: docx_tables(_rezip(_docx(), {"word/document.xml": xml})), "error.office_too_many_columns")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a zip at all",
        b"%PDF-1.4 a pdf",
        b"PK\x03\x04 not a workbook",
        "<html>…</html>".encode(),
    ],
    ids=["empty", "text", "pdf", "pk-signature", "html"],
)
def test_what_is_not_a_package_is_damaged(data):
    _refused(lambda: docx_tables(data), "error.office_damaged")
    _refused(lambda: xlsx_rows(data), "error.office_damaged")


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9, 0.99])
def test_truncated_packages_are_damaged(cut):
    for build, read in ((_docx, docx_tables), (_xlsx, xlsx_rows)):
        data = build()
        with pytest.raises(DamagedFile) as exc:
            read(data[: int(len(data) * cut)])
        assert exc.value.key == "error.office_damaged"


def test_a_docx_is_not_a_workbook_and_the_reverse():
    _refused(lambda: xlsx_rows(_docx()), "error.office_damaged")
    _refused(lambda: docx_tables(_xlsx()), "error.office_damaged")


def test_a_package_with_too_many_parts_or_too_big_a_file():
    many = _rezip(_docx(), {f"customXml/item{i}.bin": b"x" for i in range(30)})
    _refused(lambda: docx_tables(many, Limits(max_entries=20)), "error.office_too_many_parts")
    _refused(lambda: docx_tables(_docx(), Limits(max_file_bytes=1000)), "error.office_too_large")


def test_read_xlsx_goes_through_the_guard():
    """core.tabular.read_xlsx (used by the indices import) refuses hostile workbooks with the
    guard's message and keeps its old contract for files that are not workbooks."""
    data = _xlsx(rows=2, cols=2)
    _refused(lambda: read_xlsx(_rezip(data, {SHEET: XXE})), "error.office_dtd")
    _refused(lambda: read_xlsx(_xlsx(rows=30_000, cols=1)), "error.office_too_many_rows")
    with pytest.raises(zipfile.BadZipFile):
        read_xlsx(b"PK\x03\x04 not a workbook")


# --- whatever the bytes, a result or a clear refusal -------------------------------

DOCX, XLSX = _docx(), _xlsx(rows=5, cols=9)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(["docx", "xlsx"]),
    edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.binary(min_size=1, max_size=8)), max_size=4),
    cut=st.one_of(st.none(), st.floats(0, 1)),
)
def test_damaged_packages_never_crash_the_readers(kind, edits, cut):
    data = bytearray(DOCX if kind == "docx" else XLSX)
    for where, replacement in edits:
        at = int(where * len(data))
        data[at : at + len(replacement)] = replacement
    if cut is not None:
        data = data[: int(cut * len(data))]
    read = docx_tables if kind == "docx" else xlsx_sheets
    try:
        result = read(bytes(data))
    except ValidationError as exc:
        assert exc.key.startswith("error.office_")
        return
    assert isinstance(result, list)


@settings(max_examples=60, deadline=None, database=None)
@given(xml=st.binary(max_size=300) | st.text(max_size=200).map(lambda t: f"<w:t>{t}</w:t>".encode()))
def test_any_document_part_gives_tables_or_a_refusal(xml):
    try:
        tables = docx_tables(_rezip(DOCX, {"word/document.xml": xml}))
    except ValidationError as exc:
        assert exc.key.startswith("error.office_")
        return
    assert all(len(row) <= LIMITS.max_cols for table in tables for row in table)


# --- the used area is found by one scan, without openpyxl's private parts -----------------


def test_cells_without_references_and_styled_blanks_are_placed_right():
    """Cells may omit `r` (the next column), rows too; a styled empty cell far right is no value."""
    xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row><c t="inlineStr"><is><t>STT</t></is></c><c t="inlineStr"><is><t>Đơn vị</t></is></c></row>'
        '<row><c><v>1</v></c><c t="inlineStr"><is><t>Sở Tư pháp</t></is></c><c r="XFD2" s="1"/></row>'
        "</sheetData></worksheet>"
    ).encode()
    assert xlsx_rows(_rezip(_xlsx(rows=2, cols=2), {SHEET: xml})) == [["STT", "Đơn vị"], [1, "Sở Tư pháp"]]


def test_the_reader_uses_no_private_part_of_openpyxl():
    import ast
    from pathlib import Path

    import core.office_files

    tree = ast.parse(Path(core.office_files.__file__).read_text(encoding="utf-8"))
    private = [n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr.startswith("_")]
    assert [p for p in private if p not in ("_tbl", "__name__")] == []


# --- CSV ---------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_rows_sniff_the_delimiter_office_files_use(delimiter):
    lines = ["Kết quả tháng 10/2026", "STT|Đơn vị|Tiếp nhận", '1|"Sở KH&CN, Hà Nội"|1.250', "|Tổng cộng|1.250", ""]
    text = "\r\n".join(line.replace("|", delimiter) for line in lines)
    rows = csv_rows(("\ufeff" + text).encode("utf-8"))
    assert rows[1:] == [["STT", "Đơn vị", "Tiếp nhận"], ["1", "Sở KH&CN, Hà Nội", "1.250"], ["", "Tổng cộng", "1.250"]]


def test_csv_rows_are_capped_and_must_be_utf8():
    data = "\n".join(f"{i};Phường {i};5" for i in range(30)).encode()
    assert len(csv_rows(data, Limits(max_rows=30))) == 30
    _refused(lambda: csv_rows(data, Limits(max_rows=29)), "error.office_too_many_rows")
    _refused(lambda: csv_rows(data, Limits(max_file_bytes=len(data) - 1)), "error.office_too_large")
    _refused(lambda: csv_rows(data, Limits(max_cols=2)), "error.office_too_many_columns")
    _refused(lambda: csv_rows("Đơn vị;Số".encode("utf-16")), "error.csv_not_utf8")
    _refused(lambda: csv_rows(b'a;"' + b"x" * 200_000 + b'"'), "error.csv_unreadable")


def test_csv_records_key_rows_by_their_header_row():
    lines = ["\ufeffUsername; Unit ;EMAIL", "stp.dm;Sở TT&TT; dm@stp.example.org ", ";;", "x.dm;UBND P. Kim Liên", ""]
    data = "\r\n".join(lines).encode()
    assert csv_records(data, ("username", "unit", "email")) == [
        (2, {"username": "stp.dm", "unit": "Sở TT&TT", "email": "dm@stp.example.org"}),
        (4, {"username": "x.dm", "unit": "UBND P. Kim Liên", "email": ""}),  # row 3 is blank, still counted
    ]
    missing = _refused(
        lambda: csv_records(b"username,unit\na,STP\n", ("username", "unit", "email")), "error.csv_missing_columns"
    )
    assert "email" in missing.message("vi") and "email" in missing.message("en")
    _refused(lambda: csv_records(b"username,unit,email\n,,\n", ("username",)), "error.csv_empty")
    _refused(lambda: csv_records(b"", ("username",)), "error.csv_missing_columns")


def test_the_configured_upload_limit_becomes_the_size_cap():
    assert limits_for(3 * MB).max_file_bytes == 3 * MB
    assert limits_for(None) == LIMITS
    assert limits_for(3 * MB, max_rows=5).max_rows == 5
