"""The one way an uploaded file enters the app (plan evidence, inspection self-reports,
report templates).

A file is accepted by its structure, not its name: a PDF must parse and have a page, an
image must decode, a DOCX must be an OOXML package that python-docx opens — and nothing
that a browser could take for HTML or script may hide behind the signature. One size
limit (`CCHC_UPLOAD_MAX_MB`). The original name is kept for display only, cleaned of
control, zero-width and bidirectional characters; the file is stored under a random name.

The file is written to a temporary name in the destination folder before the database
transaction and renamed into place only after it commits (removed if it rolls back):

    checked = uploads.check(data, file_name, max_bytes=settings.upload_max_bytes)
    with uploads.keep(checked, folder) as stored, db.atomic():
        ... insert the row that names stored.name ...
"""

from __future__ import annotations

import io
import os
import re
import secrets
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from core.errors import ValidationError
from core.text import visible_line

# kind -> (extension, MIME type)
KINDS: dict[str, tuple[str, str]] = {
    "pdf": (".pdf", "application/pdf"),
    "docx": (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "png": (".png", "image/png"),
    "jpeg": (".jpg", "image/jpeg"),
}
DOCUMENTS = ("pdf", "docx", "png", "jpeg")
# What makes a browser (or a careless viewer) treat bytes as a page: refused anywhere in a file.
# Tokens long enough that compressed image or PDF data does not contain them by chance.
# Tags that run script only through an event handler (`<svg/onload=…>`, `<body onload=…>`,
# `<img src=x onerror=…>`) are refused with the handler, which random bytes never spell.
_ACTIVE = re.compile(
    rb"<(?:script|html|iframe|object|embed|!doctype\s+html)|javascript:"
    rb"|<(?:svg|body|img|image|video|audio|details|marquee|input|form|math|style)[\s/][^>]{0,300}?\bon[a-z]{3,20}\s*="
    rb"|<meta[\s/][^>]{0,300}?http-equiv",
    re.IGNORECASE,
)
_MAX_UNZIPPED = 200 * 1024 * 1024  # a DOCX that inflates past this is refused before python-docx reads it
_MAX_NAME = 200


@dataclass(frozen=True)
class Checked:
    """An accepted upload: its real kind, the extension and MIME type that go with it,
    the cleaned display name and the bytes."""

    kind: str
    name: str
    data: bytes

    @property
    def extension(self) -> str:
        return KINDS[self.kind][0]

    @property
    def mime(self) -> str:
        return KINDS[self.kind][1]

    @property
    def size(self) -> int:
        return len(self.data)


def clean_name(file_name: str | None, fallback: str = "file") -> str:
    """The name a person gave the file, safe to show: no folders, no control, zero-width or
    bidirectional characters (which can make 'exe.pdf' read as 'fdp.exe'), at most 200 characters."""
    name = PureWindowsPath(str(file_name or "")).name  # strips both / and \ folders
    name = visible_line(name).strip(". ")
    return name[-_MAX_NAME:] or fallback


def check(data: bytes, file_name: str | None, *, max_bytes: int, kinds: tuple[str, ...] = DOCUMENTS) -> Checked:
    """Accept `data` as one of `kinds` by its structure, or raise ValidationError (nothing written)."""
    name = clean_name(file_name)
    if not data:
        raise ValidationError("error.upload_empty", name=name)
    if len(data) > max_bytes:
        raise ValidationError("error.upload_too_large", name=name, limit=round(max_bytes / (1024 * 1024), 1))
    kind = detect(data)
    if kind is None or kind not in kinds:
        raise ValidationError("error.upload_type", name=name, kinds=", ".join(k.upper() for k in kinds))
    return Checked(kind, name, data)


def detect(data: bytes) -> str | None:
    """The file's kind if its whole structure is sound: pdf, docx, png, jpeg; otherwise None."""
    if data.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(data) else None
    if _ACTIVE.search(data):  # HTML or script behind a signature, or a polyglot
        return None
    if data.startswith(b"%PDF-"):
        return "pdf" if _is_pdf(data) else None
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png" if _is_image(data, "PNG") else None
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg" if _is_image(data, "JPEG") else None
    return None


def _is_pdf(data: bytes) -> bool:
    import warnings

    from pypdf import PdfReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns about repairable files; they still parse
            reader = PdfReader(io.BytesIO(data))
            return not reader.is_encrypted and len(reader.pages) > 0 and reader.pages[0].mediabox.width > 0
    except Exception:  # a parser fed hostile bytes may raise anything: the answer is "not a PDF"
        return False


def _is_image(data: bytes, fmt: str) -> bool:
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != fmt:
                    return False
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # decodes every pixel: a truncated or forged body fails here
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        return False
    if fmt == "PNG":  # nothing may follow the end chunk (where a polyglot would keep its HTML)
        end = data.rfind(b"IEND")
        return end != -1 and len(data) == end + 8
    return True


def _is_docx(data: bytes) -> bool:
    from docx import Document

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                return False
            if sum(i.file_size for i in infos) > _MAX_UNZIPPED:
                return False
            if b"<!DOCTYPE" in archive.read("word/document.xml")[:4096].upper():
                return False
        return Document(io.BytesIO(data)).element.body is not None
    except Exception:  # zipfile, python-docx and lxml each raise their own errors: "not a DOCX"
        return False


@dataclass
class Stored:
    """A file waiting for its transaction: `name` is what the row records; `path` where it will be."""

    name: str
    path: Path
    temp: Path


def random_name(extension: str, prefix: str = "") -> str:
    return f"{prefix}{secrets.token_hex(16)}{extension}"


@contextmanager
def keep(checked: Checked, folder: Path, prefix: str = "") -> Iterator[Stored]:
    """Write the file under a temporary name in `folder` (a failed write raises before any
    row is written), yield its stored name for the rows, and move it into place only if the
    block — the caller's `db.atomic()` — finishes; if it raises, the file is removed."""
    folder.mkdir(parents=True, exist_ok=True)
    name = random_name(checked.extension, prefix)
    stored = Stored(name, folder / name, folder / f".{name}.part")
    try:
        stored.temp.write_bytes(checked.data)
    except BaseException:
        stored.temp.unlink(missing_ok=True)
        raise
    try:
        yield stored
    except BaseException:
        stored.temp.unlink(missing_ok=True)
        raise
    os.replace(stored.temp, stored.path)


# Headers for any HTTP route that serves a stored file (Streamlit's download button sends
# the file as an attachment itself): never rendered inline, never sniffed into HTML.
def download_headers(checked_name: str, mime: str) -> dict[str, str]:
    from urllib.parse import quote

    checked_name = clean_name(checked_name)  # never trust the caller: no folders, line breaks or bidi controls
    ascii_name = re.sub(r'["\\]', "", checked_name.encode("ascii", "ignore").decode()) or "file"
    encoded = quote(checked_name, safe="")
    return {
        "Content-Type": mime,
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}",
        "X-Content-Type-Options": "nosniff",
    }
