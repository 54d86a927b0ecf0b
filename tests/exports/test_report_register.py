"""The register of issued reports: numbering, refusals, concurrency, re-download as issued."""

from __future__ import annotations

import hashlib
import re
import threading
from datetime import date

import pytest

from core.db import connect
from core.errors import NotFound, ValidationError
from exports import register
from tests.exports.helpers import open_docx


def _count(db) -> int:
    return db.execute("select count(*) from report_register").fetchone()[0]


def test_numbers_are_sequential_per_year(demo_db, users, settings):
    staff = users["staff"]
    first = register.issue(
        demo_db,
        staff,
        "progress",
        "2021-Q1",
        issued_on=date(2026, 3, 20),
        with_charts=False,
        confirm_late=True,
        settings=settings,
    )
    second = register.issue(
        demo_db,
        staff,
        "cchc",
        "2021-Q1",
        issued_on=date(2026, 3, 21),
        with_charts=False,
        confirm_late=True,
        settings=settings,
    )
    next_year = register.issue(
        demo_db,
        staff,
        "progress",
        "2021",
        issued_on=date(2027, 1, 5),
        with_charts=False,
        confirm_late=True,
        settings=settings,
    )
    assert [first.row["number"], second.row["number"], next_year.row["number"]] == [1, 1, 1]
    # the CCHC report is the city's (BC-UBND): its own series, apart from the Sở's BC-SNV
    assert [first.row["symbol"], second.row["symbol"]] == ["01/BC-SNV", "01/BC-UBND"]


def test_register_row_matches_the_file(demo_db, users, settings):
    issued = register.issue(
        demo_db, users["staff"], "progress", "2021-H1", with_charts=False, confirm_late=True, settings=settings
    )
    row = issued.row
    assert row["sha256"] == hashlib.sha256(issued.data).hexdigest()
    assert row["size"] == len(issued.data)
    assert (row["kind"], row["period_code"], row["period_start"], row["period_end"]) == (
        "progress",
        "2021-H1",
        "2020-12-15",
        "2021-06-14",
    )
    assert row["author_id"] == users["staff"].id
    stored = settings.reports_dir / row["stored_name"]
    assert stored.read_bytes() == issued.data
    audit = demo_db.execute(
        "select actor from audit_log where table_name = 'report_register' and record_id = ?", [str(row["id"])]
    ).fetchall()
    assert audit == [("u_staff",)]


def test_download_is_exactly_as_issued(demo_db, users, settings):
    issued = register.issue(
        demo_db, users["staff"], "progress", "2021", with_charts=False, confirm_late=True, settings=settings
    )
    row, data = register.download(demo_db, users["leader"], issued.row["id"], settings=settings)
    assert data == issued.data and row["sha256"] == issued.row["sha256"]
    assert register.file_name(row) == f"BC-01-{row['year']}-progress.docx"


def test_altered_file_is_refused(demo_db, users, settings):
    issued = register.issue(
        demo_db, users["staff"], "progress", "2021", with_charts=False, confirm_late=True, settings=settings
    )
    path = settings.reports_dir / issued.row["stored_name"]
    path.write_bytes(issued.data + b"x")
    with pytest.raises(ValidationError) as exc:
        register.download(demo_db, users["leader"], issued.row["id"], settings=settings)
    assert exc.value.key == "exports.error.report_file_altered"


def test_unknown_report_is_not_found(demo_db, users, settings):
    with pytest.raises(NotFound):
        register.download(demo_db, users["staff"], 999, settings=settings)


def test_manual_number(demo_db, users, settings):
    staff = users["staff"]
    chosen = register.issue(
        demo_db,
        staff,
        "progress",
        "2021",
        number=7,
        issued_on=date(2026, 5, 1),
        with_charts=False,
        confirm_late=True,
        settings=settings,
    )
    assert chosen.row["symbol"] == "07/BC-SNV"
    after = register.issue(
        demo_db,
        staff,
        "progress",
        "2021",
        issued_on=date(2026, 5, 2),
        with_charts=False,
        confirm_late=True,
        settings=settings,
    )
    assert after.row["number"] == 8


def test_used_number_is_refused_and_nothing_changes(demo_db, users, settings):
    staff = users["staff"]
    register.issue(
        demo_db,
        staff,
        "progress",
        "2021",
        number=3,
        issued_on=date(2026, 5, 1),
        with_charts=False,
        confirm_late=True,
        settings=settings,
    )
    files = sorted(p.name for p in settings.reports_dir.iterdir())
    count, audits = _count(demo_db), demo_db.execute("select count(*) from audit_log").fetchone()[0]
    with pytest.raises(ValidationError) as exc:
        register.issue(
            demo_db,
            staff,
            "inspection",
            "2021-Q2",
            number=3,
            issued_on=date(2026, 6, 1),
            with_charts=False,
            confirm_late=True,
            settings=settings,
        )
    assert exc.value.key == "exports.error.number_taken"
    assert "03" in exc.value.message("vi")
    assert _count(demo_db) == count
    assert demo_db.execute("select count(*) from audit_log").fetchone()[0] == audits
    assert sorted(p.name for p in settings.reports_dir.iterdir()) == files


@pytest.mark.parametrize("number", [0, -1])
def test_invalid_manual_number(demo_db, users, number, settings):
    with pytest.raises(ValidationError):
        register.issue(
            demo_db,
            users["staff"],
            "progress",
            "2021",
            number=number,
            with_charts=False,
            confirm_late=True,
            settings=settings,
        )
    assert _count(demo_db) == 0


@pytest.mark.parametrize("period", ["2021-12-31:2021-01-01", "2021-Q5", "quý 2", ""])
def test_bad_period_changes_nothing(demo_db, users, period, settings):
    with pytest.raises(ValidationError):
        register.issue(
            demo_db, users["staff"], "progress", period, with_charts=False, confirm_late=True, settings=settings
        )
    assert _count(demo_db) == 0


def test_concurrent_generation_gets_distinct_consecutive_numbers(demo_db, users, data_dir, settings):
    """Eight people generate at once, each thread on its own connection."""
    path = data_dir / "cchc.db"
    staff = users["staff"]
    results, errors = [], []
    barrier = threading.Barrier(8)

    def worker(index: int) -> None:
        db = connect(path)
        try:
            barrier.wait()
            issued = register.issue(
                db,
                staff,
                "progress" if index % 2 else "inspection",  # two kinds, one series (BC-SNV)
                "2021-Q2",
                issued_on=date(2026, 7, 1),
                with_charts=False,
                confirm_late=True,
                settings=settings,
            )
            results.append(issued.row["number"])
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            db.conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == list(range(1, 9))
    numbers = [r[0] for r in demo_db.execute("select number from report_register where year = 2026 order by number")]
    assert numbers == list(range(1, 9))
    stored = {r[0] for r in demo_db.execute("select stored_name from report_register")}
    assert stored == {p.name for p in settings.reports_dir.iterdir()}


def _first_page_lines(data: bytes) -> list[str]:
    doc = open_docx(data)
    lines = [p.text for p in doc.paragraphs[:3]]
    for row in doc.tables[0].rows:
        lines += [cell.text for cell in row.cells]
    return lines


def test_drafts_never_take_a_number(demo_db, users, settings):
    staff = users["staff"]
    files = sorted(p.name for p in register.reports_dir(settings).iterdir())
    first = register.draft(demo_db, staff, "progress", "2021-Q2", with_charts=False, settings=settings)
    again = register.draft(
        demo_db, staff, "progress", "2021-Q2", {"assessment": "Sửa lại."}, with_charts=False, settings=settings
    )
    assert _count(demo_db) == 0
    assert sorted(p.name for p in register.reports_dir(settings).iterdir()) == files
    lines = _first_page_lines(first.data)
    assert lines[0] == "DỰ THẢO"
    assert any(re.fullmatch(r"Số: +/BC-SNV", line) for line in lines)
    assert "Hà Nội, ngày … tháng … năm …" in lines
    assert "Sửa lại." in [p.text for p in open_docx(again.data).paragraphs]
    issued = register.issue(
        demo_db,
        staff,
        "progress",
        "2021-Q2",
        issued_on=date(2026, 7, 1),
        with_charts=False,
        confirm_late=True,
        settings=settings,
    )
    assert issued.row["number"] == 1
    issued_lines = _first_page_lines(issued.data)
    assert "DỰ THẢO" not in issued_lines
    assert "Số: 01/BC-SNV" in issued_lines and "Hà Nội, ngày 01 tháng 7 năm 2026" in issued_lines


def test_issuing_twice_gives_consecutive_numbers(demo_db, users, settings):
    staff = users["staff"]
    register.draft(demo_db, staff, "progress", "2021", with_charts=False, settings=settings)
    numbers = [
        register.issue(demo_db, staff, "progress", "2021", with_charts=False, confirm_late=True, settings=settings).row[
            "number"
        ]
        for _ in range(2)
    ]
    first, second = numbers
    assert second == first + 1


def test_draft_warns_and_issue_refuses_without_a_signer(demo_db, users, settings):
    from core.office import set_office

    set_office(demo_db, users["admin"], {"signer_name": ""})
    drafted = register.draft(demo_db, users["staff"], "progress", "2021", with_charts=False, settings=settings)
    assert drafted.warnings == ["exports.warning.signer_missing"]
    with pytest.raises(ValidationError) as exc:
        register.issue(
            demo_db, users["staff"], "progress", "2021", with_charts=False, confirm_late=True, settings=settings
        )
    assert exc.value.key == "exports.error.signer_missing"
    assert _count(demo_db) == 0


def test_issued_document_carries_the_signer(demo_db, users, settings):
    from core.office import get_office

    issued = register.issue(
        demo_db, users["staff"], "progress", "2021", with_charts=False, confirm_late=True, settings=settings
    )
    closing = open_docx(issued.data).tables[-1].rows[0].cells[1]
    assert get_office(demo_db)["signer_name"] in [p.text for p in closing.paragraphs]


def test_each_document_type_has_its_own_series(demo_db, users, settings):
    staff = users["staff"]
    day = date(2026, 8, 3)

    def make(doc_type):
        def render_file(office, number, issued_on):
            return f"{doc_type} {number:02d} {issued_on:%d/%m/%Y} {office['doc_symbol']}".encode()

        return register.issue_document(
            demo_db,
            staff,
            doc_type=doc_type,
            kind="plan",
            title="Kế hoạch kiểm tra",
            render_file=render_file,
            issued_on=day,
            settings=settings,
        )

    rows = [make(t).row for t in ("KH", "QĐ", "KH", "TB", "QĐ")]
    assert [(r["doc_type"], r["number"], r["symbol"]) for r in rows] == [
        ("KH", 1, "01/KH-SNV"),
        ("QĐ", 1, "01/QĐ-SNV"),
        ("KH", 2, "02/KH-SNV"),
        ("TB", 1, "01/TB-SNV"),
        ("QĐ", 2, "02/QĐ-SNV"),
    ]
    row, data = register.download(demo_db, staff, rows[1]["id"], settings=settings)
    assert data == b"Q\xc4\x90 01 03/08/2026 SNV" and register.file_name(row) == "QD-01-2026-plan.docx"
    with pytest.raises(ValidationError):
        register.issue_document(
            demo_db, staff, doc_type="XX", kind="plan", title="x", render_file=lambda *a: b"", settings=settings
        )
