"""The tracker: five states per request and unit, on-time rates, what a unit owes, and
accepted answers flowing into the slice that owns them (plans' progress, inspections'
follow-up)."""

from __future__ import annotations

from datetime import date

import pytest

from core import units
from core.errors import ValidationError
from core.permissions import SYSTEM
from outreach import liaisons, requests, submissions, tracker
from plans import progress
from tests.upload_files import docx

DUE = "2026-12-16"


def _ask(db, users, codes=("STP", "SYT", "SKHCN", "P-HK"), **extra):
    ask = dict(kind="period_inputs", title="Số liệu quý IV", period="2026-Q4", unit_codes=list(codes))
    return requests.create_request(db, users["staff"], **{**ask, **extra})


def _state(db, users, request_id, unit_id, on):
    [row] = [
        r for r in tracker.tracker(db, users["staff"], on) if (r["request_id"], r["unit_id"]) == (request_id, unit_id)
    ]
    return row


def test_the_five_states(db, users, unit_ids, liaison, settings):
    made = _ask(db, users)
    assert made["due_on"] == DUE
    stp, syt, khcn, phk = (unit_ids[c] for c in ("STP", "SYT", "SKHCN", "P-HK"))
    report = ("Báo cáo quý IV.docx", docx())
    submissions.submit(db, liaison["STP"], made["id"], file=report, settings=settings, today=date(2026, 12, 16))
    late = submissions.submit(db, liaison["SYT"], made["id"], file=report, settings=settings, today=date(2026, 12, 19))
    sent_back = submissions.submit(
        db, users["staff"], made["id"], unit_id=phk, file=report, settings=settings, today=date(2026, 12, 10)
    )
    submissions.return_for_revision(db, users["staff"], sent_back["id"], "Thiếu biểu số liệu kèm theo")

    before = date(2026, 12, 15)
    assert _state(db, users, made["id"], khcn, before)["state"] == "not_due"
    on = date(2026, 12, 21)
    assert _state(db, users, made["id"], stp, on)["state"] == "on_time"
    assert (_state(db, users, made["id"], syt, on)["state"], _state(db, users, made["id"], syt, on)["days"]) == (
        "late",
        3,
    )
    assert (_state(db, users, made["id"], khcn, on)["state"], _state(db, users, made["id"], khcn, on)["days"]) == (
        "overdue",
        5,
    )
    returned = _state(db, users, made["id"], phk, on)
    assert returned["state"] == "returned" and returned["comment"] == "Thiếu biểu số liệu kèm theo"
    # the late answer, seen on a day before it came, was still owed
    assert _state(db, users, made["id"], syt, date(2026, 12, 18))["state"] == "overdue"
    assert late["submitted_on"] == "2026-12-19"

    owed = tracker.owed_by(db, users["staff"], phk, on)
    assert [r["request_id"] for r in owed] == [made["id"]]
    assert tracker.owed_by(db, users["staff"], stp, on) == []


def test_each_units_on_time_rate(db, users, unit_ids, liaison, settings):
    first = _ask(db, users, ("STP", "SYT"))
    second = _ask(db, users, ("STP", "SYT"), title="Số liệu tháng 11", kind="monthly_figures", period="2026-11")
    answer = {"file": ("bc.docx", docx()), "settings": settings}
    submissions.submit(db, liaison["STP"], first["id"], today=date(2026, 12, 1), **answer)
    submissions.submit(db, liaison["STP"], second["id"], today=date(2026, 11, 20), **answer)  # due 17/11: late
    submissions.submit(db, liaison["SYT"], second["id"], today=date(2026, 11, 17), **answer)
    rates = {
        r["unit_id"]: r
        for r in tracker.on_time_rates(db, users["leader"], date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 31))
    }
    assert (rates[unit_ids["STP"]]["due"], rates[unit_ids["STP"]]["on_time"]) == (2, 1)
    assert rates[unit_ids["STP"]]["rate"] == 0.5
    assert (rates[unit_ids["SYT"]]["due"], rates[unit_ids["SYT"]]["on_time"]) == (2, 1)
    # in November only the monthly request was due
    november = tracker.on_time_rates(db, users["leader"], date(2026, 11, 1), date(2026, 11, 30), date(2026, 12, 31))
    assert {r["unit_id"]: r["rate"] for r in november} == {unit_ids["STP"]: 0.0, unit_ids["SYT"]: 1.0}


def test_a_returned_answer_owes_a_new_one_and_a_reviewed_one_is_not_reviewed_twice(
    db, users, unit_ids, liaison, settings
):
    made = _ask(db, users, ("STP",))
    answer = submissions.submit(db, liaison["STP"], made["id"], file=("a.docx", docx()), settings=settings)
    submissions.return_for_revision(db, users["staff"], answer["id"], "Bổ sung số liệu")
    with pytest.raises(ValidationError):
        submissions.accept(db, users["staff"], answer["id"])
    with pytest.raises(ValidationError) as info:
        submissions.return_for_revision(db, users["staff"], answer["id"], " ")
    assert info.value.key in ("outreach.error.not_reviewable", "outreach.error.comment_empty")
    again = submissions.submit(db, liaison["STP"], made["id"], file=("b.docx", docx()), settings=settings)
    assert submissions.accept(db, users["staff"], again["id"])["status"] == "accepted"


def test_an_empty_answer_is_refused(db, users, unit_ids, liaison):
    made = _ask(db, users, ("STP",))
    with pytest.raises(ValidationError) as info:
        submissions.submit(db, liaison["STP"], made["id"], fields={"text": "  "})
    assert "Hãy đính kèm tệp hoặc nhập nội dung" in info.value.message("vi")


# --- answers flowing into their slice (the demo's plan and inspections) ------------------


def _liaison_of(db, unit_id: int):
    code = units.unit_by_id(db, unit_id)["code"]
    user, _password = liaisons.create_liaison(
        db, SYSTEM, username=f"flow_{code.lower()}", unit=code, email=f"flow.{code.lower()}@example.org"
    )
    return code, user


def test_accepted_progress_goes_into_the_plan(demo_db, users):
    db = demo_db
    activity_id, unit_id = db.execute(
        "select id, lead_unit_id from activities where lead_unit_id is not null"
        " and status in ('not_started', 'in_progress') order by id limit 1"
    ).fetchone()
    code, user = _liaison_of(db, unit_id)
    made = requests.create_request(
        db, users["staff"], kind="activity_progress", title="Tiến độ nhiệm vụ", unit_codes=[code],
        due_on="2026-12-16", source=f"activity:{activity_id}",
    )  # fmt: skip
    answer = submissions.submit(
        db, user, made["id"], fields={"percent": "60", "text": "Đã tổ chức 3/5 hội nghị"}, today=date(2026, 12, 1)
    )
    with pytest.raises(ValidationError):  # 120 % is refused before anything is written
        submissions.submit(db, user, made["id"], fields={"percent": 120})
    detail = progress.activity_detail(db, users["staff"], activity_id, today=date(2026, 12, 2))
    assert all(p["note"] != "Đã tổ chức 3/5 hội nghị" for p in detail["progress"])  # not before review
    accepted = submissions.accept(db, users["staff"], answer["id"])
    detail = progress.activity_detail(db, users["staff"], activity_id, today=date(2026, 12, 2))
    latest = detail["progress"][0]
    assert (latest["percent"], latest["note"], latest["on_date"]) == (60, "Đã tổ chức 3/5 hội nghị", "2026-12-01")
    assert accepted["applied"] == f"progress_updates:{latest['id']}"


def test_an_accepted_remedy_report_goes_into_the_follow_up(demo_db, users):
    db = demo_db
    rec_id, unit_id = db.execute(
        "select id, unit_id from recommendations where status = 'open' order by id limit 1"
    ).fetchone()
    code, user = _liaison_of(db, unit_id)
    made = requests.create_request(
        db, users["staff"], kind="remedy", title="Báo cáo khắc phục", unit_codes=[code], due_on="2026-12-16",
        source=f"recommendation:{rec_id}",
    )  # fmt: skip
    answer = submissions.submit(db, user, made["id"], fields={"text": "Đã niêm yết đủ TTHC tại bộ phận một cửa"})
    submissions.accept(db, users["staff"], answer["id"])
    rows = db.execute(
        "select kind, text from followups where recommendation_id = ? order by id desc limit 1", [rec_id]
    ).fetchall()
    assert rows == [("remedy_report", "Đã niêm yết đủ TTHC tại bộ phận một cửa")]
