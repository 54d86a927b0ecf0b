"""Real files built in the tests (no binaries checked in): a valid PDF, PNG, JPEG and DOCX,
and the liars — HTML renamed, HTML after an image or PDF signature, a polyglot."""

from __future__ import annotations

import io

from docx import Document
from PIL import Image
from pypdf import PdfWriter

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def image(fmt: str = "PNG", size: tuple[int, int] = (8, 6)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, fmt)
    return buf.getvalue()


def png() -> bytes:
    return image("PNG")


def jpeg() -> bytes:
    return image("JPEG")


def docx(text: str = "Báo cáo tự kiểm tra") -> bytes:
    buf = io.BytesIO()
    document = Document()
    document.add_paragraph(text)
    document.save(buf)
    return buf.getvalue()


def html_after_png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + HTML


def html_after_pdf() -> bytes:
    return b"%PDF-1.7\n" + HTML


def png_polyglot() -> bytes:
    """A PNG that decodes, with an HTML page after its end chunk."""
    return png() + HTML


def pdf_polyglot() -> bytes:
    """A PDF that parses, with a script tucked in a comment line."""
    data = pdf()
    return data.replace(b"\n", b"\n%" + HTML + b"\n", 1)
