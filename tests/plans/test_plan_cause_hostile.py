"""Hostile text in the causes and reasons staff write (they are quoted word for word in the
CCHC report's "Nguyên nhân" and the Tờ trình): bidirectional overrides and zero-width
characters that would make the printed cause read otherwise than it is stored, a cause the
size of a book, control characters, and a formula-looking start, which a document prints as
text."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from core.errors import ValidationError
from plans import activities, progress, store

TODAY = date(2026, 11, 23)


def _audit_rows(db) -> int:
    return db.execute("select count(*) from audit_log").fetchone()[0]


def test_hidden_characters_are_dropped_from_a_cause_and_a_reason(db, users, small_plan):
    staff, one_off = users["staff"], small_plan["one_off"]
    row = progress.add_progress(
        db, staff, one_off, on_date="2021-05-10", percent=20, today=TODAY,
        cause="Nhà thầu \u202egiao chậm\u202c\u200b pa-nô\x00\x0b", cause_kind="objective",
    )  # fmt: skip
    assert row["cause"] == "Nhà thầu giao chậm pa-nô"
    activities.update_activity(
        db, staff, one_off, effective_on="2021-05-11", status="postponed", reason="\u2067Chờ\u2069 kinh phí\ufeff",
        cause="objective",
    )  # fmt: skip
    assert activities.activity_history(db, one_off)[-1]["reason"] == "Chờ kinh phí"
    # a cause of nothing but hidden characters is no cause
    with pytest.raises(ValidationError) as err:
        progress.add_progress(
            db, staff, one_off, percent=30, today=TODAY, cause="\u202e\u200b\u2066", cause_kind="subjective"
        )
    assert err.value.key == "error.progress_cause_missing"


def test_a_cause_or_reason_longer_than_a_page_is_refused_and_nothing_changes(db, users, small_plan):
    staff, one_off = users["staff"], small_plan["one_off"]
    before = (_audit_rows(db), activities.get_activity(db, one_off))
    book = "Thiếu kinh phí do chưa được bố trí dự toán. " * 25_000  # ~1 MB
    with pytest.raises(ValidationError) as err:
        progress.add_progress(db, staff, one_off, percent=10, today=TODAY, cause=book, cause_kind="objective")
    assert err.value.key == "error.cause_too_long" and err.value.params["limit"] == activities.MAX_CAUSE
    with pytest.raises(ValidationError) as err:
        activities.update_activity(db, staff, one_off, status="postponed", reason=book, cause="objective")
    assert err.value.key == "error.cause_too_long"
    assert store.list_progress(db, one_off) == []
    assert (_audit_rows(db), activities.get_activity(db, one_off)) == before
    # up to the limit is taken whole
    exact = ("Chậm giải ngân " * 200)[: activities.MAX_CAUSE]
    row = progress.add_progress(db, staff, one_off, percent=10, today=TODAY, cause=exact, cause_kind="objective")
    assert row["cause"] == exact.strip()


def test_a_hostile_cause_is_printed_as_text_in_the_cchc_package(demo_db, users, settings, tmp_path):
    """A cause starting like a spreadsheet formula, with overrides and control characters,
    recorded on an activity the report names: both documents open in LibreOffice and print
    the cause as plain text, without the hidden characters."""
    from exports import cchc_package
    from tests.exports.helpers import pdf_text, to_pdf

    named = demo_db.execute(
        "select u.activity_id from progress_updates u join activities a on a.id = u.activity_id"
        " join plans p on p.id = a.plan_id where p.year = 2026 and u.cause is not null and u.on_date <= '2026-09-14'"
        " order by u.activity_id limit 1"
    ).fetchone()
    assert named is not None, "the demo records causes by the cut-off"
    cause = "=cmd|' /C calc'!A0 \u202eexe.txt\u202c nhà thầu\x07 giao chậm \ufffe"
    progress.add_progress(
        demo_db, users["staff"], named[0], on_date="2026-09-14", percent=5, cause=cause, cause_kind="subjective",
        today=TODAY,
    )  # fmt: skip
    package = cchc_package.build_package(demo_db, users["staff"], "2026-9M", with_charts=False, settings=settings)
    files = []
    for name, data in (("ttr", package.submission), ("bc", package.report)):
        with zipfile.ZipFile(io.BytesIO(data)) as docx:
            xml = docx.read("word/document.xml").decode()
        assert "\u202e" not in xml and "\ufffe" not in xml
        (tmp_path / f"{name}.docx").write_bytes(data)
        files.append(tmp_path / f"{name}.docx")
    to_pdf(files, tmp_path)
    for name in ("ttr", "bc"):
        printed = " ".join(pdf_text(tmp_path / f"{name}.pdf", layout=False).split())
        assert "=cmd|' /C calc'!A0 exe.txt nhà thầu giao chậm" in printed, name
