"""The progress report (BC-SNV) names the causes staff recorded for the activities late or at
risk at the cut-off — on their progress updates and in their history — khách quan and chủ
quan apart, as the CCHC report does, from plans.report_data (read as printed in the DOCX)."""

from __future__ import annotations

from datetime import date

from exports import register
from plans import activities, progress
from plans.report_data import recorded_causes
from tests.exports.helpers import open_docx

PERIOD = "2026-Q3"  # 15/06 → 14/09/2026
CUT_OFF = "2026-09-14"


def _paragraphs(db, users, settings) -> list[str]:
    drafted = register.draft(db, users["staff"], "progress", PERIOD, with_charts=False, settings=settings)
    return [p.text for p in open_docx(drafted.data).paragraphs]


def _line(paragraphs: list[str], label: str) -> str:
    lines = [p for p in paragraphs if p.startswith(f"{label}: ")]
    assert len(lines) == 1, paragraphs
    return lines[0]


def _activity(db, title_start: str) -> tuple[int, str]:
    return db.execute(
        "select a.id, a.title from activities a join plans p on p.id = a.plan_id where p.year = 2026"
        " and a.title like ?",
        [f"{title_start}%"],
    ).fetchone()


def test_recorded_causes_of_late_activities_are_named_by_kind(demo_db, users, settings):
    recorded = demo_db.execute(
        "select u.cause, u.cause_kind, a.title from progress_updates u join activities a on a.id = u.activity_id"
        " join plans p on p.id = a.plan_id where p.year = 2026 and coalesce(u.cause, '') != ''"
        " and u.on_date <= ?",
        [CUT_OFF],
    ).fetchall()
    assert {kind for _, kind, _ in recorded} == {"objective", "subjective"}  # the demo records both kinds
    text = _paragraphs(demo_db, users, settings)
    objective = _line(text, "Nguyên nhân khách quan")
    subjective = _line(text, "Nguyên nhân chủ quan")
    for cause, kind, title in recorded:
        assert f"{cause} ({title})" in (objective if kind == "objective" else subjective)
        assert f"{cause} ({title})" not in (subjective if kind == "objective" else objective)
    # the same figures the CCHC report reads: plans.report_data.recorded_causes at the cut-off
    plan_id = demo_db.execute("select id from plans where year = 2026 and number is not null").fetchone()[0]
    assert {c["cause"] for c in recorded_causes(demo_db, plan_id, date(2026, 9, 14)).values()} == {
        cause for cause, _, _ in recorded
    }


def test_causes_are_those_recorded_by_the_cut_off_each_once(demo_db, users, settings):
    staff = users["staff"]
    late_start, late_title = _activity(demo_db, "Hội nghị tập huấn nghiệp vụ CCHC")  # planned from 01/09, not started
    behind, behind_title = _activity(demo_db, "Tuyên truyền Đề án 06")
    # a reason in the activity's history (postponed) and the same words again on an update: named once
    activities.change_status(
        demo_db, staff, late_start, "postponed", "2026-09-05",
        reason="Chờ bố trí kinh phí tổ chức hội nghị", cause="subjective",
    )  # fmt: skip
    progress.add_progress(
        demo_db, staff, behind, on_date="2026-09-10", percent=45,
        cause="Công an các xã, phường tập trung làm sạch dữ liệu dân cư", cause_kind="objective",
        today=date(2026, 12, 1),
    )  # fmt: skip
    progress.add_progress(
        demo_db, staff, behind, on_date="2026-09-12", percent=46, cause="Một số xã chưa gửi số liệu",
        today=date(2026, 12, 1),
    )  # fmt: skip
    progress.add_progress(
        demo_db, staff, behind, on_date="2026-09-25", percent=55, cause="Ghi sau ngày chốt số liệu",
        cause_kind="subjective", today=date(2026, 12, 1),
    )  # fmt: skip
    text = _paragraphs(demo_db, users, settings)
    whole = "\n".join(text)
    subjective = _line(text, "Nguyên nhân chủ quan")
    assert subjective.count("Chờ bố trí kinh phí tổ chức hội nghị") == 1 and late_title in subjective
    # the latest update by the cut-off that records a cause is the one quoted, and one
    # recorded without a kind is named apart, not guessed into either
    assert f"Một số xã chưa gửi số liệu ({behind_title})" in _line(text, "Nguyên nhân khác")
    assert "làm sạch dữ liệu dân cư" not in whole
    assert "Ghi sau ngày chốt số liệu" not in whole


def test_an_activity_on_time_brings_no_cause(db, users, settings):
    from plans import plans

    staff = users["staff"]
    plan = plans.create_plan(db, staff, year=2026, title="Kế hoạch tuyên truyền CCHC năm 2026", status="in_force")
    on_time = activities.create_activity(
        db, staff, plan["id"], title="Chuyên mục CCHC trên Cổng thông tin", planned_start="2026-07-01",
        planned_end="2026-12-31",
    )  # fmt: skip
    progress.add_progress(
        db, staff, on_time["id"], on_date="2026-09-01", percent=60, cause="Thời tiết mưa bão",
        cause_kind="objective", today=date(2026, 12, 1),
    )  # fmt: skip
    text = _paragraphs(db, users, settings)
    assert not any(p.startswith("Nguyên nhân") for p in text) and "Thời tiết mưa bão" not in "\n".join(text)
