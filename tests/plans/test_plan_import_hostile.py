"""The plan importer reads files through the guarded office reader: hostile DOCX/XLSX files
are refused with a clear message, and a merged range to the end of the sheet costs what the
sheet holds."""

from __future__ import annotations

import io
import zipfile

import pytest

from core.errors import ValidationError
from plans import importer
from tests.plans.plan_files import docx_plan, xlsx_plan

SHEET = "xl/worksheets/sheet1.xml"


def _replace_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == name else source.read(info.filename))
    return out.getvalue()


def _part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def _summary(preview: dict) -> list[tuple]:
    return [(a["theme_code"], a["title"], a["lead_name"], a["deadline"], a["budget"]) for a in preview["activities"]]


@pytest.mark.parametrize("ref", ["H3:Z200000", "H3:XFD1048576", "I1:XFD1048576"])
def test_a_merged_range_to_the_end_of_the_sheet_changes_nothing(db, users, small_plan, ref):
    """The range lies right of the plan's seven columns: clipped to the cells in use it is
    empty, so the preview is the same as without it."""
    data = xlsx_plan()
    expected = _summary(importer.read_file(db, users["staff"], "k.xlsx", data, 2021))
    xml = _part(data, SHEET)
    assert b"</mergeCells>" in xml
    hostile = _replace_part(
        data, SHEET, xml.replace(b"</mergeCells>", f'<mergeCell ref="{ref}"/></mergeCells>'.encode())
    )
    assert _summary(importer.read_file(db, users["staff"], "k.xlsx", hostile, 2021)) == expected
    assert len(expected) == 4


def test_section_rows_merged_across_the_sheet_still_read(db, users, small_plan):
    preview = importer.read_file(db, users["staff"], "k.xlsx", xlsx_plan(), 2021)
    assert [t["code"] for t in preview["themes"]] == ["ND1", "ND2"]


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>&lol1;</w:t></w:r></w:p></w:body></w:document>"""


def _bomb(data: bytes, name: str, mb: int = 30) -> bytes:
    xml = _part(data, name)
    cut = xml.rindex(b"</")
    return _replace_part(data, name, xml[:cut] + b" " * (mb * 1024 * 1024) + xml[cut:])


@pytest.mark.parametrize(
    "name, data, key",
    [
        ("k.docx", lambda: _replace_part(docx_plan(), "word/document.xml", BILLION_LAUGHS), "error.office_dtd"),
        ("k.docx", lambda: _bomb(docx_plan(), "word/document.xml"), "error.office_ratio"),
        ("k.xlsx", lambda: _bomb(xlsx_plan(), SHEET), "error.office_ratio"),
        ("k.xlsx", lambda: xlsx_plan()[:-200], "error.import_unreadable"),
        ("k.docx", lambda: docx_plan()[: len(docx_plan()) // 2], "error.import_unreadable"),
    ],
    ids=["billion-laughs", "docx-bomb", "xlsx-bomb", "truncated-xlsx", "truncated-docx"],
)
def test_hostile_files_are_refused_with_a_message(db, users, small_plan, name, data, key):
    with pytest.raises(ValidationError) as err:
        importer.read_file(db, users["staff"], name, data(), 2021)
    assert err.value.key == key and err.value.message("vi") != key
