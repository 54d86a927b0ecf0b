"""Probes of the upload path nobody had tried (issue 23): polyglots whose HTML hides
behind tags the first round did not list, SVG with script, file names with folders,
bidirectional overrides and line breaks, and the headers of a download named by them."""

from __future__ import annotations

import pytest

from core import uploads
from core.errors import ValidationError
from tests import upload_files as files

MB = 1024 * 1024

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><circle r="4"/></svg>'


def _pdf_with_comment(comment: bytes) -> bytes:
    """A PDF that parses, with `comment` on a comment line after its header."""
    return files.pdf().replace(b"\n", b"\n%" + comment + b"\n", 1)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(SVG, id="svg with an onload script"),
        pytest.param(b"<?xml version='1.0'?>\n" + SVG, id="svg with an xml declaration"),
        pytest.param(_pdf_with_comment(SVG), id="pdf that is also an svg page"),
        pytest.param(_pdf_with_comment(b"<svg/onload=alert(1)>"), id="pdf with a slash-separated svg"),
        pytest.param(_pdf_with_comment(b"<body onload=alert(1)>"), id="pdf that is also an html body"),
        pytest.param(_pdf_with_comment(b"<img src=x onerror=alert(1)>"), id="pdf with an img onerror"),
        pytest.param(files.png() + SVG, id="png with an svg after its end"),
        pytest.param(b"%PDF-1.7\n" + SVG, id="svg behind a pdf signature"),
    ],
)
def test_polyglots_that_a_browser_could_render_are_refused(data):
    with pytest.raises(ValidationError) as caught:
        uploads.check(data, "bao-cao.pdf", max_bytes=MB)
    assert caught.value.key == "error.upload_type"


HOSTILE_NAMES = {
    "../../../etc/cron.d/x.pdf": "x.pdf",
    "..\\..\\windows\\x.pdf": "x.pdf",
    "bao-cao\u202efdp.exe": "bao-caofdp.exe",
    "\u202ecod.exe\u202c.pdf": "cod.exe.pdf",
    "bao-cao.pdf\r\nSet-Cookie: session=x": "bao-cao.pdf Set-Cookie: session=x",
    "a\rb\nc\u2028d\u0085e.pdf": "a b c de.pdf",
    'x";filename="evil.html': 'x";filename="evil.html',
    "..": "file",
}


@pytest.mark.parametrize("raw", list(HOSTILE_NAMES))
def test_hostile_file_names_are_cleaned_for_display_and_never_reach_a_header(raw):
    checked = uploads.check(files.pdf(), raw, max_bytes=MB)
    assert checked.name == HOSTILE_NAMES[raw]
    for name in (raw, checked.name):  # the header builder does not trust its caller either
        headers = uploads.download_headers(name, checked.mime)
        disposition = headers["Content-Disposition"]
        assert not any(c in value for value in headers.values() for c in "\r\n\x00\u2028\u0085")
        assert disposition.startswith('attachment; filename="') and disposition.count('"') == 2
        assert "/" not in disposition.split("filename*=")[0] and "\\" not in disposition
        assert not any(c in disposition for c in "\u202e\u202c")
        assert headers["X-Content-Type-Options"] == "nosniff"
