"""Uploaded report templates are opened through the guarded office reader: a template that
is a zip bomb or declares entities is refused with a clear message, before python-docx or
docxtpl parse it, and nothing is stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from core.errors import ValidationError
from exports import templates


def _template(document_xml: bytes | None = None, padding_mb: int = 0) -> bytes:
    doc = Document()
    doc.add_paragraph("{{ symbol }}")
    buf = io.BytesIO()
    doc.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/document.xml":
                if document_xml is not None:
                    content = document_xml
                if padding_mb:
                    cut = content.rindex(b"</")
                    content = content[:cut] + b" " * (padding_mb * 1024 * 1024) + content[cut:]
            target.writestr(info, content)
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>&lol1;</w:t></w:r></w:p></w:body></w:document>"""
XXE = BILLION_LAUGHS.replace(b'<!ENTITY lol "lol">', b'<!ENTITY lol SYSTEM "file:///etc/passwd">')


@pytest.mark.parametrize(
    "data, key",
    [
        (lambda: _template(BILLION_LAUGHS), "error.office_dtd"),
        (lambda: _template(XXE), "error.office_dtd"),
        (lambda: _template(padding_mb=30), "error.office_ratio"),
        (lambda: _template()[:-100], "exports.error.template_not_docx"),
    ],
    ids=["billion-laughs", "xxe", "zip-bomb", "truncated"],
)
def test_hostile_templates_are_refused_and_not_stored(demo_db, users, settings, data, key):
    before = demo_db.execute("select count(*) from audit_log").fetchone()[0]
    with pytest.raises(ValidationError) as exc:
        templates.upload_template(demo_db, users["staff"], "progress", "mau.docx", data(), settings=settings)
    assert exc.value.key == key and "root:" not in exc.value.message("en")
    assert demo_db.execute("select count(*) from audit_log").fetchone()[0] == before


def test_a_plain_template_is_still_accepted():
    assert templates.check_template(_template()) == ["symbol"]
