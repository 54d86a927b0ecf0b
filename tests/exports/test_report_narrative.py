"""Staff text: drafts built from the figures, edits replacing them, pasted control characters stripped."""

from __future__ import annotations

import re

import pytest

from core.errors import ValidationError
from exports import kinds, register
from exports.content import NARRATIVE_KEYS
from tests.exports.helpers import open_docx


def test_drafts_carry_the_actual_figures(demo_db, users):
    drafts = kinds.draft_narrative(demo_db, users["staff"], "progress", "2021")
    assert set(drafts) == set(NARRATIVE_KEYS)
    total = demo_db.execute(
        "select count(*), sum(a.status = 'done') from activities a join plans p on p.id = a.plan_id"
        " where p.number = '105/KH-UBND'"
    ).fetchone()
    assert f"đã hoàn thành {total[1]}/{total[0]} hoạt động" in drafts["assessment"]
    budget = demo_db.execute(
        "select sum(budget) from activities a join plans p on p.id = a.plan_id where p.number = '105/KH-UBND'"
    ).fetchone()[0]
    assert f"{budget:,}".replace(",", ".") + " đồng" in drafts["assessment"]
    for text in drafts.values():
        assert text and not re.search(r"\.\.\.|…|\[|\]|TODO|xxx", text)


def test_drafts_for_an_empty_period(demo_db, users):
    drafts = kinds.draft_narrative(demo_db, users["staff"], "progress", "2030-Q1")
    assert "không có số liệu" in drafts["assessment"]


def test_staff_text_replaces_the_draft_and_is_cleaned(demo_db, users):
    pasted = "Ưu điểm\x00 nổi bật:\x07 đã hoàn thành\x1b sớm.\r\nDòng thứ hai\tcó tab."
    issued = register.issue(demo_db, users["staff"], "progress", "2021", {"assessment": pasted}, with_charts=False)
    text = [p.text for p in open_docx(issued.data).paragraphs]
    assert "Ưu điểm nổi bật: đã hoàn thành sớm." in text
    assert "Dòng thứ hai có tab." in text
    assert not any(re.search(r"[\x00-\x08\x0b-\x1f]", t) for t in text)
    drafts = kinds.draft_narrative(demo_db, users["staff"], "progress", "2021")
    assert drafts["limitations"] in text  # sections left alone keep their draft


def test_unknown_section_is_refused(demo_db, users):
    with pytest.raises(ValidationError):
        register.issue(demo_db, users["staff"], "progress", "2021", {"salary": "x"}, with_charts=False)
    assert demo_db.execute("select count(*) from report_register").fetchone()[0] == 0
