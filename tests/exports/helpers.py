"""Shared helpers of the report tests: reading DOCX layout, converting to PDF."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from docx import Document
from docx.oxml.ns import qn


@contextmanager
def demo_copy(demo_template: Path, folder: Path):
    """A copy of the session's demo in `folder`, for a module's documents built once and
    only read by its tests: db, the demo's staff member, settings of that folder."""
    from core import auth
    from core.db import connect
    from core.settings import Settings

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(demo_template, folder / "cchc.db")
    db = connect(folder / "cchc.db")
    try:
        staff = db.execute("select id from users where role = 'staff' order by id limit 1").fetchone()[0]
        yield SimpleNamespace(db=db, staff=auth.get_user(db, staff), settings=Settings(data_dir=folder))
    finally:
        db.conn.close()


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def runs_of(paragraph) -> list:
    return [r for r in paragraph.runs if r.text]


def has_bottom_rule(paragraph) -> bool:
    ppr = paragraph._p.pPr
    return (
        ppr is not None
        and ppr.find(qn("w:pBdr")) is not None
        and ppr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None
    )


def soffice() -> str:
    path = shutil.which("soffice")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is required under CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    return path


def to_pdf(files: list[Path], out_dir: Path) -> dict[Path, int]:
    """Convert DOCX files with LibreOffice headless (a private profile); page count of each."""
    profile = out_dir / "lo-profile"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    counts = {}
    for f in files:
        pdf = out_dir / (f.stem + ".pdf")
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF")
        counts[f] = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    return counts


def pdf_text(pdf: Path, first: int = 1, last: int | None = None, *, layout: bool = True) -> str:
    """The text of some pages of a PDF, laid out as printed (poppler's pdftotext -layout), or
    in reading order (`layout=False`: each column of the closing block on its own)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext (poppler-utils) is required under CI")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pages = ["-f", str(first)] + (["-l", str(last)] if last else [])
    mode = ["-layout"] if layout else []
    done = subprocess.run([tool, *mode, *pages, str(pdf), "-"], check=True, capture_output=True, timeout=60)
    return done.stdout.decode("utf-8")
