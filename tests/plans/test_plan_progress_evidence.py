"""Progress updates (percent or count, dated, author) and evidence (links, checked uploads)."""

import io
from datetime import date

import pytest

from core.errors import ValidationError
from plans import progress, store
from tests import upload_files as files

TODAY = date(2026, 11, 23)


def test_progress_by_count_and_percent(db, users, small_plan):
    staff = users["staff"]
    first = progress.add_progress(
        db, staff, small_plan["monthly"], on_date="2021-03-31", count=6, note="Quý I", today=TODAY
    )
    assert (first["count"], first["author_id"], first["on_date"]) == (6, staff.id, "2021-03-31")
    act = store.activity_row(db, small_plan["monthly"])
    assert (act["status"], act["actual_start"]) == ("in_progress", "2021-03-31")
    detail = progress.activity_detail(db, users["leader"], small_plan["monthly"], today=TODAY)
    assert detail["activity"]["progress"] == 25.0
    assert detail["progress"][0]["author"] == "Người dùng staff"
    progress.add_progress(db, staff, small_plan["monthly"], on_date="2021-12-20", count=24, today=TODAY)
    act = store.activity_row(db, small_plan["monthly"])
    assert (act["status"], act["actual_start"], act["actual_end"], act["planned_end"]) == (
        "done",
        "2021-03-31",
        "2021-12-20",
        "2021-12-31",
    )


@pytest.mark.parametrize(
    "kwargs, key",
    [
        ({"percent": 101}, "error.progress_percent_range"),
        ({"percent": -5}, "error.negative_amount"),
        ({}, "error.progress_empty"),
        ({"percent": "abc"}, "error.number_invalid"),
        ({"percent": 10, "on_date": "2026-11-24"}, "error.progress_future"),
        ({"percent": 10, "on_date": "2021-02-30"}, "error.date_invalid"),
    ],
)
def test_bad_progress_changes_nothing(db, users, small_plan, kwargs, key):
    with pytest.raises(ValidationError) as err:
        progress.add_progress(db, users["staff"], small_plan["one_off"], today=TODAY, **kwargs)
    assert err.value.key == key
    assert store.list_progress(db, small_plan["one_off"]) == []
    assert store.activity_row(db, small_plan["one_off"])["status"] == "not_started"


def test_count_needs_a_target(db, users, small_plan):
    with pytest.raises(ValidationError) as err:
        progress.add_progress(db, users["staff"], small_plan["one_off"], count=3, today=TODAY)
    assert err.value.key == "error.progress_count_without_target"


@pytest.mark.parametrize(
    "name, make, mime, ext",
    [
        ("anh.png", files.png, "image/png", ".png"),
        ("anh.JPG", files.jpeg, "image/jpeg", ".jpg"),
        ("bao-cao.pdf", files.pdf, "application/pdf", ".pdf"),
        (
            "bao cao.docx",
            files.docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
        ("không-đuôi", files.pdf, "application/pdf", ".pdf"),
        ("../../etc/passwd.png", files.png, "image/png", ".png"),
    ],
)
def test_upload_stored_under_generated_name(db, users, small_plan, settings, name, make, mime, ext):
    data = make()
    row = progress.add_file(db, users["staff"], small_plan["one_off"], name, data, settings=settings)
    assert row["mime"] == mime and row["size"] == len(data)
    assert row["stored_name"].endswith(ext) and "/" not in row["stored_name"] and row["stored_name"] != name
    assert "/" not in row["file_name"] and ".." not in row["file_name"]
    path = progress.evidence_path(db, users["leader"], row["id"], settings=settings)
    assert path == settings.data_dir / "uploads" / "plans" / row["stored_name"]
    assert path.read_bytes() == data
    assert [p.name for p in path.parent.iterdir()] == [row["stored_name"]]  # no temporary file left


@pytest.mark.parametrize(
    "name, data, key",
    [
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 40, "error.upload_type"),
        ("anh.png", b"<html><script>", "error.upload_type"),
        ("anh.png", files.html_after_png(), "error.upload_type"),
        ("fake.docx", b"PK\x03\x04not really a zip", "error.upload_type"),
        ("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "error.upload_too_large"),
        ("empty.pdf", b"", "error.upload_empty"),
    ],
    ids=["exe-as-pdf", "html-as-png", "html-after-png", "zip-that-is-not", "pdf-over-10-mb", "empty"],
)
def test_disguised_or_oversized_upload_refused(db, users, small_plan, settings, name, data, key):
    with pytest.raises(ValidationError) as err:
        progress.add_file(db, users["staff"], small_plan["one_off"], name, data, settings=settings)
    assert err.value.key == key
    assert err.value.message("vi")
    assert store.list_evidence(db, small_plan["one_off"]) == []
    folder = settings.uploads_dir / "plans"
    assert not folder.exists() or not any(folder.iterdir())


def test_zip_that_is_not_a_word_file_refused(db, users, small_plan, settings):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("evil.txt", "x")
    with pytest.raises(ValidationError):
        progress.add_file(db, users["staff"], small_plan["one_off"], "x.docx", buf.getvalue(), settings=settings)


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://hanoimoi.vn/bai-viet-1", True),
        ("http://a.vn/x", True),
        ("javascript:alert(1)", False),
        ("ftp://a.vn/x", False),
        ("hanoimoi.vn", False),
        ("", False),
    ],
)
def test_link_evidence(db, users, small_plan, url, ok):
    if ok:
        row = progress.add_link(db, users["staff"], small_plan["one_off"], url, note="Bài báo")
        assert row["url"] == url and row["kind"] == "link"
    else:
        with pytest.raises(ValidationError):
            progress.add_link(db, users["staff"], small_plan["one_off"], url)
    detail = progress.activity_detail(db, users["inspector"], small_plan["one_off"])
    assert [e["url"] for e in detail["evidence"]] == ([url] if ok else [])
    assert detail["coverage"] == []


def test_linked_coverage_appears_in_evidence(db, users, small_plan, monkeypatch):
    """Plans asks every slice that provides its coverage hook, without importing any of them."""
    fake = [
        {
            "id": 7,
            "title": "Hà Nội đẩy mạnh CCHC",
            "url": "https://x.vn/1",
            "outlet": "Hà Nội Mới",
            "published_at": "2021-05-01",
        }
    ]
    asked = []

    def provided(hook):
        asked.append(hook)
        return [lambda db_, activity_id: fake if activity_id == small_plan["one_off"] else [], lambda db_, _id: []]

    monkeypatch.setattr(progress, "provided", provided)
    assert progress.activity_detail(db, users["staff"], small_plan["one_off"])["coverage"] == fake
    assert progress.activity_detail(db, users["staff"], small_plan["monthly"])["coverage"] == []
    assert set(asked) == {progress.COVERAGE_HOOK}


def test_coverage_from_two_providers_is_listed_in_slice_order(db, small_plan, monkeypatch):
    monkeypatch.setattr(
        progress, "provided", lambda hook: [lambda db_, i: [{"id": 1}], lambda db_, i: [{"id": 2}, {"id": 3}]]
    )
    assert [c["id"] for c in progress.linked_coverage(db, small_plan["one_off"])] == [1, 2, 3]
