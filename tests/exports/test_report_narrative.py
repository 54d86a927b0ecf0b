"""Staff text: drafts built from the figures, edits replacing them, pasted control characters stripped."""

from __future__ import annotations

import re

import pytest

from core.errors import ValidationError
from exports import kinds, register
from exports.prose import NARRATIVE_KEYS
from tests.exports.helpers import open_docx


def test_drafts_carry_the_actual_figures(demo_db, users):
    drafts = kinds.draft_narrative(demo_db, users["staff"], "progress", "2021")
    assert set(drafts) == set(NARRATIVE_KEYS)
    total = demo_db.execute(
        "select count(*), sum(a.status = 'done' and a.actual_end <= '2021-12-14') from activities a"
        " join plans p on p.id = a.plan_id where p.number = '105/KH-UBND'"
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


def test_staff_text_replaces_the_draft_and_is_cleaned(demo_db, users, settings):
    pasted = "Ưu điểm\x00 nổi bật:\x07 đã hoàn thành\x1b sớm.\r\nDòng thứ hai\tcó tab."
    issued = register.issue(
        demo_db,
        users["staff"],
        "progress",
        "2021",
        {"assessment": pasted},
        with_charts=False,
        confirm_late=True,
        settings=settings,
    )
    text = [p.text for p in open_docx(issued.data).paragraphs]
    assert "Ưu điểm nổi bật: đã hoàn thành sớm." in text
    assert "Dòng thứ hai có tab." in text
    assert not any(re.search(r"[\x00-\x08\x0b-\x1f]", t) for t in text)
    drafts = kinds.draft_narrative(demo_db, users["staff"], "progress", "2021")
    assert all(line in text for line in drafts["limitations"].splitlines())  # untouched sections keep their draft


def test_unknown_section_is_refused(demo_db, users, settings):
    with pytest.raises(ValidationError):
        register.issue(
            demo_db,
            users["staff"],
            "progress",
            "2021",
            {"salary": "x"},
            with_charts=False,
            confirm_late=True,
            settings=settings,
        )
    assert demo_db.execute("select count(*) from report_register").fetchone()[0] == 0


SOFTWARE_OR_STOCK = re.compile(r"ứng dụng|trong hệ thống|phần mềm|chưa có số|\b0 tin, bài|,00\s?%|sự kiện")


@pytest.mark.parametrize("period", ["2021", "2021-Q2", "2021-05", "2026", "2026-Q3", "2030-Q1"])
def test_drafts_read_as_an_office_writes(demo_db, users, period):
    drafts = kinds.draft_narrative(demo_db, users["staff"], "progress", period)
    for text in drafts.values():
        assert not SOFTWARE_OR_STOCK.search(text), text
    assert "Đề nghị Sở Nội vụ" not in drafts["proposals"]


def test_late_activities_are_named_with_days_late_and_lead_unit(db, users):
    from datetime import date

    from core import units
    from core.permissions import SYSTEM
    from plans import activities, plans, progress

    units.add_unit(db, SYSTEM, code="BHNM", name="Báo Hà Nội Mới", short_name="HNM", kind="other")
    units.add_unit(db, SYSTEM, code="SNV", name="Sở Nội vụ", short_name="SNV", kind="department")
    unit = {r[0]: r[1] for r in db.execute("select code, id from units")}
    staff = users["staff"]
    plan = plans.create_plan(db, staff, year=2021, title="Kế hoạch tuyên truyền CCHC năm 2021", status="in_force")
    activities.create_activity(
        db,
        staff,
        plan["id"],
        title="Phóng sự về một cửa",
        lead_unit_id=unit["BHNM"],
        planned_start="2021-03-01",
        planned_end="2021-05-31",
        target=6,
        target_unit="phóng sự",
    )
    own = activities.create_activity(
        db,
        staff,
        plan["id"],
        title="Tập huấn báo cáo viên",
        lead_unit_id=unit["SNV"],
        planned_start="2021-03-01",
        planned_end="2021-06-04",
    )
    panel = activities.create_activity(
        db,
        staff,
        plan["id"],
        title="Pa-nô tại bộ phận một cửa",
        planned_start="2021-03-01",
        planned_end="2021-12-31",
    )
    progress.add_progress(db, staff, panel["id"], on_date="2021-06-01", percent=70, today=date(2021, 6, 2))
    activities.change_status(
        db, staff, own["id"], "postponed", "2021-06-01", reason="Dịch COVID-19 bùng phát", cause="objective"
    )
    drafts = kinds.draft_narrative(db, staff, "progress", "2021-Q2")
    assert (
        "Phóng sự về một cửa (Báo Hà Nội Mới chủ trì; hạn 31/05/2021, chậm 14 ngày)"
        in drafts["limitations"]
    )
    assert "Nguyên nhân khách quan: Dịch COVID-19 bùng phát (Tập huấn báo cáo viên)." in drafts["limitations"]
    assert drafts["proposals"].startswith("Đề nghị Báo Hà Nội Mới")
    assert "Sở Nội vụ" not in drafts["proposals"]
    # Percentage updates count: one activity at 70 %, two at 0 % -> 23,33 % on average.
    assert "bình quân của các hoạt động đạt 23,33\u00a0%" in drafts["assessment"]
    # Only the phóng sự has a counted target, and nobody reported a count: no "0/6" is made up.
    assert (
        "Kết quả theo chỉ tiêu (số lượng do đơn vị báo cáo): chưa có báo cáo số lượng đối với chỉ tiêu 6 phóng sự."
        in drafts["assessment"]
    )
    content = kinds.preview(db, staff, "progress", "2021-Q2")
    table = next(b for b in content.blocks if getattr(b, "caption", "").startswith("Bảng 2"))
    assert [r[5] for r in table.rows if r[1] == "Pa-nô tại bộ phận một cửa"] == ["70\u00a0%"]
    assert [r[5] for r in table.rows if r[1] == "Phóng sự về một cửa"] == [""]  # blank: nothing reported
    assert content.blocks[0].text.startswith("Thực hiện Kế hoạch tuyên truyền CCHC năm 2021")
