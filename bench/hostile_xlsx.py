"""Hostile workbooks, built by editing the worksheet of a harmless one: the far cell, the
merge to the end of the sheet, the entity expansion. One owner for the import-bounds tests
(tests/services/test_services_import_bounds.py) and their benchmark (import_bounds_bench.py)."""

from __future__ import annotations

import io
import re
import zipfile

SHEET = "xl/worksheets/sheet1.xml"

# Nine levels of ten: 10^9 "lol"s if a parser expanded it; the guarded reader refuses the DTD.
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
    )
    + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The archive `data` with the parts named in `replace` swapped for new bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
    return out.getvalue()


def sheet_xml(data: bytes) -> bytes:
    """The first worksheet's XML of a workbook."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(SHEET)


def with_sheet(data: bytes, xml: bytes) -> bytes:
    """The workbook with its first worksheet replaced by `xml`."""
    return rezip(data, {SHEET: xml})


def with_far_cell(data: bytes, ref: str, text: str = "x") -> bytes:
    """The workbook with one more text cell at `ref` (e.g. XFD1048576), in a row of its own."""
    row = re.sub(r"\D", "", ref)
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c></row></sheetData>'
    return with_sheet(data, sheet_xml(data).replace(b"</sheetData>", cell.encode()))


def with_merge(data: bytes, ref: str) -> bytes:
    """The workbook with one more merged range (e.g. A2:XFD1048576); it must have merges already."""
    xml = sheet_xml(data)
    if b"</mergeCells>" not in xml:
        raise ValueError("the workbook has no merged cells to add to")
    return with_sheet(data, xml.replace(b"</mergeCells>", f'<mergeCell ref="{ref}"/></mergeCells>'.encode()))
