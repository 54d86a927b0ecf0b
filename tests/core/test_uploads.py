"""The one upload path (core.uploads) and its three users: plan evidence, inspection
self-reports and report templates. Files are built in the test, never checked in."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from core import audit, uploads
from core.errors import ValidationError
from core.settings import Settings
from tests import upload_files as files
from tests.inspections.conftest import make_inspection, unit_ids  # noqa: F401  (fixtures)

MB = 1024 * 1024


@pytest.mark.parametrize(
    "make,kind,mime",
    [
        (files.pdf, "pdf", "application/pdf"),
        (files.png, "png", "image/png"),
        (files.jpeg, "jpeg", "image/jpeg"),
        (files.docx, "docx", uploads.KINDS["docx"][1]),
    ],
)
def test_real_files_are_accepted_by_structure(make, kind, mime):
    data = make()
    checked = uploads.check(data, "whatever.bin", max_bytes=MB)
    assert (checked.kind, checked.mime, checked.size, checked.data) == (kind, mime, len(data), data)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(files.HTML, id="html renamed .pdf"),
        pytest.param(files.html_after_png(), id="html after a png signature"),
        pytest.param(files.html_after_pdf(), id="html after a pdf signature"),
        pytest.param(files.png_polyglot(), id="png with html after its end"),
        pytest.param(files.pdf_polyglot(), id="pdf with a script inside"),
        pytest.param(files.pdf()[:200], id="truncated pdf"),
        pytest.param(files.png()[:40], id="truncated png"),
        pytest.param(b"\xff\xd8\xff\xe0" + b"\x00" * 64, id="jpeg signature only"),
        pytest.param(b"PK\x03\x04 not a zip", id="zip signature only"),
        pytest.param(b"%PDF-1.7\n%%EOF", id="pdf without pages"),
    ],
)
def test_liars_are_refused(data):
    with pytest.raises(ValidationError) as caught:
        uploads.check(data, "bao-cao.pdf", max_bytes=MB)
    assert caught.value.key == "error.upload_type"
    assert "bao-cao.pdf" in caught.value.message("en")


def test_zip_without_word_document_is_not_a_docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("index.html", files.HTML)
    assert uploads.detect(buf.getvalue()) is None


def test_size_limit_and_empty_file():
    data = files.png()
    with pytest.raises(ValidationError) as caught:
        uploads.check(data, "a.png", max_bytes=len(data) - 1)
    assert caught.value.key == "error.upload_too_large"
    with pytest.raises(ValidationError) as caught:
        uploads.check(b"", "a.png", max_bytes=MB)
    assert caught.value.key == "error.upload_empty"


def test_kinds_are_the_callers_choice():
    with pytest.raises(ValidationError):
        uploads.check(files.pdf(), "mau.docx", max_bytes=MB, kinds=("docx",))


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("bao-cao\u202efdp.exe", "bao-caofdp.exe"),
        ("\u2067evil\u2069.pdf", "evil.pdf"),
        ("a\u200bb\u200c.png", "ab.png"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\Báo cáo.docx", "Báo cáo.docx"),
        ("tab\there\x00.pdf", "tab here.pdf"),
        ("\u202e\u200b", "file"),
        ("x" * 500 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_display_names_are_cleaned(raw, clean):
    assert uploads.clean_name(raw) == clean
    assert uploads.check(files.png(), raw, max_bytes=MB).name == clean


def test_stored_names_are_random_and_keep_the_real_extension(tmp_path):
    checked = uploads.check(files.jpeg(), "anh.png", max_bytes=MB)
    names = set()
    for _ in range(3):
        with uploads.keep(checked, tmp_path) as stored:
            names.add(stored.name)
        assert stored.path.read_bytes() == checked.data
    assert len(names) == 3 and all(n.endswith(".jpg") and len(n) == 36 for n in names)


def test_file_appears_only_after_the_block_and_not_at_all_if_it_fails(tmp_path):
    checked = uploads.check(files.pdf(), "a.pdf", max_bytes=MB)
    with uploads.keep(checked, tmp_path) as stored:
        assert not stored.path.exists()  # not in place before the transaction commits
    assert stored.path.exists()
    with pytest.raises(RuntimeError), uploads.keep(checked, tmp_path / "other") as failed:
        raise RuntimeError("rolled back")
    assert list((tmp_path / "other").iterdir()) == [] and not failed.path.exists()


def test_download_headers_make_an_attachment_that_is_never_sniffed():
    headers = uploads.download_headers('Báo cáo "1".pdf', "application/pdf")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Disposition"].startswith("attachment; ")
    assert "B%C3%A1o%20c%C3%A1o" in headers["Content-Disposition"]


# --- the three users of the upload path ------------------------------------------------


def _files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def _rows(db) -> tuple[int, int, int]:
    return tuple(
        db.execute(sql).fetchone()[0]
        for sql in (
            "select count(*) from evidence",
            "select count(*) from report_templates",
            "select count(*) from audit_log",
        )
    )


@pytest.fixture
def uploader(db, users, settings, make_inspection):  # noqa: F811
    """uploader(caller, settings=None) -> a function storing (name, data) as plan evidence,
    as an inspection self-report or as a report template."""
    from exports import templates
    from inspections import schedule
    from plans import activities, plans, progress

    inspection, staff = make_inspection(), users["staff"]
    plan = plans.create_plan(db, staff, year=2026, title="Kế hoạch tuyên truyền CCHC năm 2026")
    activity = activities.create_activity(db, staff, plan["id"], title="Hội nghị tập huấn")

    def pick(caller: str, custom: Settings | None = None):
        s = custom or settings
        return {
            "evidence": lambda name, data: progress.add_file(db, staff, activity["id"], name, data, settings=s),
            "self_report": lambda name, data: schedule.record_self_report(
                db, staff, inspection["id"], "2026-03-02", name, data, settings=s
            ),
            "template": lambda name, data: templates.upload_template(db, staff, "progress", name, data, settings=s),
        }[caller]

    return pick


@pytest.mark.parametrize("caller", ["evidence", "self_report", "template"])
def test_a_rolled_back_transaction_leaves_no_file(db, settings, uploader, caller, monkeypatch):
    before = _rows(db)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full while writing the audit row")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        uploader(caller)("tep.docx", files.docx())
    assert _rows(db) == before
    assert _files_under(settings.uploads_dir) == []


@pytest.mark.parametrize("caller", ["evidence", "self_report", "template"])
def test_a_failed_file_write_leaves_no_row(db, settings, uploader, caller, monkeypatch):
    before = _rows(db)

    def no_space(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", no_space)
    with pytest.raises(OSError):
        uploader(caller)("tep.docx", files.docx())
    monkeypatch.undo()
    assert _rows(db) == before
    assert _files_under(settings.uploads_dir) == []


@pytest.mark.parametrize("caller", ["evidence", "self_report", "template"])
@pytest.mark.parametrize(
    "name,data",
    [("tep.docx", files.HTML), ("tep.docx", files.html_after_png()), ("tep.docx", files.png_polyglot())],
)
def test_every_caller_refuses_liars_and_writes_nothing(db, settings, uploader, caller, name, data):
    before = _rows(db)
    with pytest.raises(ValidationError):
        uploader(caller)(name, data)
    assert _rows(db) == before and _files_under(settings.uploads_dir) == []


@pytest.mark.parametrize("caller", ["evidence", "self_report", "template"])
def test_every_caller_uses_the_one_size_limit(db, data_dir, uploader, caller):
    data = files.docx()
    small = Settings(data_dir=data_dir.resolve(), upload_max_mb=(len(data) - 1) / MB)
    before = _rows(db)
    with pytest.raises(ValidationError) as caught:
        uploader(caller, small)("a.docx", data)
    assert caught.value.key == "error.upload_too_large"
    assert _rows(db) == before
    uploader(caller, Settings(data_dir=data_dir.resolve(), upload_max_mb=len(data) / MB))("a.docx", data)


@pytest.mark.parametrize("caller", ["evidence", "self_report", "template"])
def test_every_caller_stores_a_random_name_with_the_file_round_tripped(db, settings, uploader, caller):
    data = files.docx()
    uploader(caller)("\u202eBáo cáo.docx", data)
    stored = _files_under(settings.uploads_dir)
    assert len(stored) == 1 and stored[0].read_bytes() == data
    assert "Báo" not in stored[0].name and stored[0].suffix == ".docx"
