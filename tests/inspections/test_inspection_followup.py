"""Findings, recommendations (deadline 15 days after the conclusion notice), the follow-up
trail, overdue recommendations, and who may write them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.errors import PermissionDenied, ValidationError
from inspections import followup, schedule


@pytest.fixture
def done(db, users, make_inspection):
    row = make_inspection(day=date(2026, 3, 10))
    schedule.set_status(db, users["staff"], row["id"], "done")
    schedule.set_conclusion(db, users["staff"], row["id"], "2026-03-20", "45/TB-SNV")
    return schedule.get_inspection(db, row["id"])


@pytest.mark.parametrize(
    "conclusion, expected",
    [("2026-03-20", date(2026, 4, 4)), (date(2026, 12, 20), date(2027, 1, 4)), (None, None), ("", None)],
)
def test_default_deadline(conclusion, expected):
    assert followup.default_deadline(conclusion) == expected


def test_findings_by_content_area(db, users, done):
    item = done["items"][2]
    followup.add_finding(
        db, users["inspector"], done["id"], item_id=item["id"], kind="strength", text="Công khai đầy đủ TTHC"
    )
    followup.add_finding(
        db, users["inspector"], done["id"], item_id=item["id"], kind="shortcoming", text="Trả kết quả trễ hạn"
    )
    rows = followup.list_findings(db, done["id"])
    assert [(r["item_title"], r["kind"]) for r in rows] == [(item["title"], "strength"), (item["title"], "shortcoming")]


@pytest.mark.parametrize(
    "kwargs, key",
    [
        ({"item_id": None, "kind": "weakness", "text": "x"}, "inspections.error.finding_kind"),
        ({"item_id": None, "kind": "strength", "text": "   "}, "inspections.error.finding_empty"),
        ({"item_id": 99999, "kind": "strength", "text": "x"}, "inspections.error.item_unknown"),
    ],
)
def test_bad_findings_change_nothing(db, users, done, kwargs, key):
    with pytest.raises(ValidationError) as exc:
        followup.add_finding(db, users["staff"], done["id"], **kwargs)
    assert exc.value.key == key
    assert followup.list_findings(db, done["id"]) == []


def test_recommendation_defaults(db, users, done):
    rec = followup.add_recommendation(db, users["inspector"], done["id"], text="Khắc phục việc trả kết quả trễ hạn")
    assert rec["deadline"] == "2026-04-04"
    assert rec["unit_id"] == done["unit_id"]
    assert rec["inspector_id"] == users["inspector"].id  # the head of the team
    explicit = followup.add_recommendation(
        db, users["staff"], done["id"], text="Cập nhật quy chế", deadline="2026-05-01"
    )
    assert explicit["deadline"] == "2026-05-01"


def test_recommendation_needs_deadline_without_notice(db, users, make_inspection):
    row = make_inspection()
    with pytest.raises(ValidationError) as exc:
        followup.add_recommendation(db, users["staff"], row["id"], text="Kiến nghị")
    assert exc.value.key == "inspections.error.deadline_needed"
    with pytest.raises(ValidationError) as exc:
        followup.add_recommendation(db, users["staff"], row["id"], text="Kiến nghị", deadline="2026-01-01")
    assert exc.value.key == "inspections.error.deadline_before_visit"


def test_followup_trail_until_closed(db, users, done):
    rec = followup.add_recommendation(db, users["staff"], done["id"], text="Niêm yết TTHC")
    followup.add_followup(db, users["inspector"], rec["id"], on_date="2026-03-25", text="Đã nhắc đơn vị qua điện thoại")
    followup.add_followup(
        db, users["inspector"], rec["id"], on_date="2026-04-02", kind="remedy_report", text="Báo cáo số 12/BC"
    )
    closed = followup.add_followup(db, users["staff"], rec["id"], on_date="2026-04-03", kind="closed")
    assert closed["status"] == "closed" and closed["closed_on"] == "2026-04-03"
    trail = followup.list_recommendations(db, done["id"])[0]["followups"]
    assert [f["kind"] for f in trail] == ["note", "remedy_report", "closed"]
    with pytest.raises(ValidationError) as exc:
        followup.add_followup(db, users["staff"], rec["id"], on_date="2026-04-05", text="Thêm")
    assert exc.value.key == "inspections.error.recommendation_closed"


@pytest.mark.parametrize("offset, overdue", [(-1, False), (0, False), (1, True), (30, True)])
def test_overdue_recommendations(db, users, done, offset, overdue):
    rec = followup.add_recommendation(db, users["staff"], done["id"], text="Kiến nghị")
    deadline = date.fromisoformat(rec["deadline"])
    rows = followup.overdue_recommendations(db, deadline + timedelta(days=offset))
    assert [r["id"] for r in rows] == ([rec["id"]] if overdue else [])
    if overdue:
        assert rows[0]["days_overdue"] == offset
        assert rows[0]["unit_name"] == "Sở Tư pháp"


def test_closed_recommendation_is_not_overdue(db, users, done):
    rec = followup.add_recommendation(db, users["staff"], done["id"], text="Kiến nghị")
    followup.add_followup(db, users["staff"], rec["id"], on_date="2026-04-01", kind="closed")
    assert followup.overdue_recommendations(db, date(2026, 6, 1)) == []


@pytest.mark.parametrize(
    "role, on_team, allowed",
    [
        ("admin", False, True),
        ("staff", False, True),
        ("inspector", True, True),
        ("inspector", False, False),  # another team's inspection
        ("leader", False, False),
    ],
)
def test_findings_permissions(db, users, inspector2, make_inspection, role, on_team, allowed):
    head = users["inspector"] if on_team else inspector2
    row = make_inspection(team=((head.id, "head"),), day=date(2026, 3, 11))
    schedule.set_conclusion(db, users["staff"], row["id"], "2026-03-20")
    actor = users[role]
    rec = followup.add_recommendation(db, users["staff"], row["id"], text="Có sẵn")
    finding = followup.add_finding(db, users["staff"], row["id"], item_id=None, kind="strength", text="Có sẵn")
    calls = [
        lambda: followup.add_finding(db, actor, row["id"], item_id=None, kind="shortcoming", text="Mới"),
        lambda: followup.add_recommendation(db, actor, row["id"], text="Mới"),
        lambda: followup.add_followup(db, actor, rec["id"], on_date="2026-03-25", text="Nhắc"),
        lambda: schedule.set_conclusion(db, actor, row["id"], "2026-03-21"),
        lambda: followup.delete_finding(db, actor, finding["id"]),
    ]
    for call in calls:
        if allowed:
            call()
        else:
            with pytest.raises(PermissionDenied):
                call()
    if not allowed:
        assert len(followup.list_findings(db, row["id"])) == 1
        assert len(followup.list_recommendations(db, row["id"])) == 1
        assert followup.list_recommendations(db, row["id"])[0]["followups"] == []


def test_cli_overdue(db, users, done, capsys):
    from inspections.__main__ import main

    followup.add_recommendation(db, users["staff"], done["id"], text="Kiến nghị quá hạn")
    assert main(["overdue", "--on", "2026-04-10"]) == 0
    out = capsys.readouterr().out
    assert "2026-04-04\t6\tSở Tư pháp\tKiến nghị quá hạn" in out


def test_no_results_on_a_cancelled_inspection(db, users, make_inspection):
    row = make_inspection(day=date(2026, 3, 10))
    schedule.set_status(db, users["staff"], row["id"], "cancelled")
    cancelled = schedule.get_inspection(db, row["id"])
    assert not followup.open_for_results(cancelled)
    with pytest.raises(ValidationError) as exc:
        followup.add_finding(db, users["staff"], row["id"], item_id=None, kind="shortcoming", text="Thiếu hồ sơ")
    assert exc.value.key == "inspections.error.cancelled_results"
    with pytest.raises(ValidationError):
        followup.add_recommendation(db, users["staff"], row["id"], text="Khắc phục", deadline="2026-04-01")
    assert followup.list_findings(db, row["id"]) == [] and followup.list_recommendations(db, row["id"]) == []


@pytest.mark.parametrize(
    "conclusion, today, expected",
    [
        ("2026-11-20", date(2026, 12, 7), date(2026, 12, 22)),  # 05/12 has passed: 15 days from today
        ("2026-11-22", date(2026, 12, 7), date(2026, 12, 22)),  # due today: not a day ahead either
        ("2026-12-01", date(2026, 12, 7), date(2026, 12, 16)),  # still ahead: 15 days after the notice
        (None, date(2026, 12, 7), None),
    ],
)
def test_a_suggested_deadline_is_never_past(conclusion, today, expected):
    assert followup.default_deadline(conclusion, today) == expected
