"""Inspections: creation, the scheduling rules (overlap, weekends, holidays incl. Tết 2026,
the override table, team membership, end before start), warnings, next free slot."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest

from core.errors import PermissionDenied, ValidationError
from inspections import schedule, store, workdays
from tests import upload_files as files


def _keys(exc: ValidationError) -> list[str]:
    return [e["key"] for e in exc.errors]


def test_create_inspection_with_default_checklist_and_uid(db, make_inspection, unit_ids):
    row = make_inspection(place="Phòng họp tầng 3")
    assert row["uid"].startswith("inspection-") and row["sequence"] == 0
    assert [i["code"] for i in row["items"]] == [c for c, _t in schedule.DEFAULT_CHECKLIST]
    assert row["team"][0]["role"] == "head"
    # 08:00 in Hà Nội is 01:00 UTC
    assert row["starts_at"] == "2026-03-10T01:00:00+00:00"
    assert db.execute("select count(*) from audit_log where table_name = 'inspections'").fetchone()[0] == 1


def test_inspection_plan_number_unique_per_year(db, users):
    schedule.create_inspection_plan(
        db, users["staff"], year=2026, number="12/KH-SNV", title="Kế hoạch kiểm tra CCHC năm 2026"
    )
    with pytest.raises(ValidationError) as exc:
        schedule.create_inspection_plan(db, users["staff"], year=2026, number="12/KH-SNV", title="Trùng")
    assert exc.value.key == "inspections.error.inspection_plan_number_taken"
    schedule.create_inspection_plan(db, users["staff"], year=2027, number="12/KH-SNV", title="Năm sau")
    assert len(schedule.list_inspection_plans(db)) == 2
    assert schedule.inspection_plan_by_number(db, 2027, "12/KH-SNV")["title"] == "Năm sau"


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2026, 2, 13), True),  # Friday before Tết
        (date(2026, 2, 16), False),  # Tết 2026: 16–20/02
        (date(2026, 2, 17), False),
        (date(2026, 2, 18), False),
        (date(2026, 2, 19), False),
        (date(2026, 2, 20), False),
        (date(2026, 2, 23), True),
        (date(2026, 3, 7), False),  # Saturday
        (date(2026, 3, 8), False),  # Sunday
        (date(2026, 4, 27), False),  # Giỗ Tổ Hùng Vương (observed)
        (date(2026, 4, 30), False),
        (date(2026, 5, 1), False),
        (date(2026, 9, 2), False),
        (date(2026, 1, 1), False),
        (date(2026, 3, 10), True),
    ],
)
def test_working_days_from_holidays_package(db, day, working):
    assert workdays.is_working_day(db, day) is working


@pytest.mark.parametrize(
    "day, kind, working_after",
    [
        (date(2026, 2, 14), "working_day", True),  # a Saturday declared a working day
        (date(2026, 2, 23), "day_off", False),  # an extra Tết day off from the yearly notice
        (date(2026, 2, 16), "working_day", True),  # an override wins over the package
    ],
)
def test_override_table(db, users, day, kind, working_after):
    assert workdays.is_working_day(db, day) is (not working_after)
    workdays.set_override(db, users["admin"], day, kind, "Thông báo nghỉ Tết 2026")
    assert workdays.is_working_day(db, day) is working_after
    workdays.remove_override(db, users["admin"], day)
    assert workdays.is_working_day(db, day) is (not working_after)


@pytest.mark.parametrize("role", ["staff", "inspector", "leader"])
def test_override_only_admin(db, users, role):
    with pytest.raises(PermissionDenied):
        workdays.set_override(db, users[role], date(2026, 2, 14), "working_day")
    assert workdays.list_overrides(db) == []


def test_bad_override_kind_refused(db, users):
    with pytest.raises(ValidationError):
        workdays.set_override(db, users["admin"], date(2026, 2, 14), "holiday")


@pytest.mark.parametrize(
    "day, start, end, key",
    [
        (date(2026, 3, 7), time(8), time(11), "inspections.error.weekend"),
        (date(2026, 2, 17), time(8), time(11), "inspections.error.holiday"),
        (date(2026, 9, 2), time(8), time(11), "inspections.error.holiday"),
        (date(2026, 3, 10), time(11), time(8), "inspections.error.end_before_start"),
        (date(2026, 3, 10), time(9), time(9), "inspections.error.end_before_start"),
    ],
)
def test_refused_times_change_nothing(db, make_inspection, day, start, end, key):
    with pytest.raises(ValidationError) as exc:
        make_inspection(day=day, start=start, end=end)
    assert key in _keys(exc.value)
    assert db.execute("select count(*) from inspections").fetchone()[0] == 0
    assert db.execute("select count(*) from inspection_team").fetchone()[0] == 0


def test_swapped_saturday_allows_inspection(db, users, make_inspection):
    with pytest.raises(ValidationError):
        make_inspection(day=date(2026, 2, 14))
    workdays.set_override(db, users["admin"], date(2026, 2, 14), "working_day", "Làm bù")
    assert make_inspection(day=date(2026, 2, 14))["id"]


@pytest.mark.parametrize(
    "start, end, overlaps",
    [
        (time(8), time(11, 30), True),  # same span
        (time(11), time(12), True),  # starts inside
        (time(7), time(8, 30), True),  # ends inside
        (time(7), time(12), True),  # contains
        (time(11, 30), time(16), False),  # touches the end
        (time(6), time(8), False),  # touches the start
        (time(13, 30), time(16, 30), False),  # afternoon
    ],
)
def test_overlap_rule(db, users, make_inspection, start, end, overlaps):
    make_inspection(code="STP")
    if overlaps:
        with pytest.raises(ValidationError) as exc:
            make_inspection(code="SYT", start=start, end=end)
        assert _keys(exc.value) == ["inspections.error.overlap"]
        assert exc.value.errors[0]["params"]["unit"] == "Sở Tư pháp"
    else:
        assert make_inspection(code="SYT", start=start, end=end)["id"]


def test_overlap_ignores_cancelled_and_other_people(db, users, inspector2, make_inspection):
    first = make_inspection(code="STP")
    # another inspector at the same time is fine
    assert make_inspection(code="SYT", team=((inspector2.id, "head"),))["id"]
    schedule.set_status(db, users["staff"], first["id"], "cancelled")
    assert make_inspection(code="STP", team=((users["inspector"].id, "head"),))["id"]


def test_team_rules(db, users, inspector2, make_inspection):
    with pytest.raises(ValidationError) as exc:
        make_inspection(team=((users["leader"].id, "head"),))
    assert "inspections.error.member_not_inspector" in _keys(exc.value)
    with pytest.raises(ValidationError) as exc:
        make_inspection(team=((users["inspector"].id, "member"), (inspector2.id, "secretary")))
    assert "inspections.error.one_head" in _keys(exc.value)
    with pytest.raises(ValidationError) as exc:
        make_inspection(team=((users["inspector"].id, "head"), (users["inspector"].id, "member")))
    assert "inspections.error.member_twice" in _keys(exc.value)
    with pytest.raises(ValidationError) as exc:
        make_inspection(team=((users["inspector"].id, "boss"),))
    assert "inspections.error.team_role_unknown" in _keys(exc.value)
    # staff may sit on a team
    row = make_inspection(team=((users["inspector"].id, "head"), (users["staff"].id, "secretary")))
    assert {m["role"] for m in row["team"]} == {"head", "secretary"}
    assert db.execute("select count(*) from inspections").fetchone()[0] == 1


def test_warnings_twice_in_year_and_unit_gone(db, users, unit_ids, make_inspection):
    make_inspection(code="STP")
    draft = schedule.Draft(
        unit_id=unit_ids["STP"],
        day=date(2026, 6, 9),
        start=time(8),
        end=time(11),
        team=((users["inspector"].id, "head"),),
    )
    problems = schedule.check(db, draft, today=date(2026, 1, 5))
    assert problems["errors"] == []
    assert [w["key"] for w in problems["warnings"]] == ["inspections.warn.twice_in_year"]
    assert problems["warnings"][0]["params"]["days"] == "10/03/2026"
    gone = schedule.Draft(
        unit_id=unit_ids["Q-HK"],
        day=date(2026, 6, 9),
        start=time(8),
        end=time(11),
        team=((users["inspector"].id, "head"),),
    )
    problems = schedule.check(db, gone, today=date(2026, 1, 5))
    assert [w["key"] for w in problems["warnings"]] == ["inspections.warn.unit_gone"]
    assert "Phường Hoàn Kiếm" in problems["warnings"][0]["params"]["successors"]
    # a warning does not refuse
    assert schedule.create_inspection(db, users["staff"], gone)["unit_code"] == "Q-HK"
    # the district existed in 2024: no warning
    old = schedule.Draft(unit_id=unit_ids["Q-HK"], day=date(2024, 6, 11), start=time(8), end=time(11))
    assert schedule.check(db, old, today=date(2024, 1, 2))["warnings"] == []


def test_unknown_unit_refused(db, users):
    draft = schedule.Draft(unit_id=9999, day=date(2026, 3, 10), start=time(8), end=time(11))
    with pytest.raises(ValidationError) as exc:
        schedule.create_inspection(db, users["staff"], draft)
    assert "inspections.error.unit_unknown" in _keys(exc.value)


def test_sequence_bumps_on_time_place_status_only(db, users, make_inspection):
    row = make_inspection(place="Phòng 1")
    draft = schedule.draft_of(row)
    same = schedule.update_inspection(db, users["staff"], row["id"], draft)
    assert same["sequence"] == 0
    noted = schedule.update_inspection(
        db, users["staff"], row["id"], schedule.Draft(**{**draft.__dict__, "note": "Ghi chú"})
    )
    assert noted["sequence"] == 0
    moved = schedule.update_inspection(
        db, users["staff"], row["id"], schedule.Draft(**{**draft.__dict__, "start": time(9)})
    )
    assert moved["sequence"] == 1
    placed = schedule.update_inspection(
        db, users["staff"], row["id"], schedule.Draft(**{**schedule.draft_of(moved).__dict__, "place": "Phòng 2"})
    )
    assert placed["sequence"] == 2
    cancelled = schedule.set_status(db, users["staff"], row["id"], "cancelled")
    assert cancelled["sequence"] == 3 and cancelled["cancelled_at"]
    assert cancelled["uid"] == row["uid"]


@pytest.mark.parametrize(
    "busy_days, after, expected",
    [
        ([], date(2026, 3, 10), date(2026, 3, 10)),
        ([date(2026, 3, 10)], date(2026, 3, 10), date(2026, 3, 11)),
        ([], date(2026, 3, 7), date(2026, 3, 9)),  # Saturday -> Monday
        ([], date(2026, 2, 14), date(2026, 2, 23)),  # weekend then Tết -> Monday 23/02
        ([date(2026, 2, 23), date(2026, 2, 24)], date(2026, 2, 16), date(2026, 2, 25)),
        ([], date(2026, 4, 30), date(2026, 5, 4)),  # 30/4, 1/5, weekend
    ],
)
def test_next_free_slot(db, users, make_inspection, busy_days, after, expected):
    for day in busy_days:
        make_inspection(day=day)
    assert schedule.next_free_slot(db, [users["inspector"].id], after=after) == expected


def test_next_free_slot_afternoon_is_free(db, users, make_inspection):
    make_inspection(day=date(2026, 3, 10))
    assert schedule.next_free_slot(
        db, [users["inspector"].id], after=date(2026, 3, 10), start=time(13, 30), end=time(16, 30)
    ) == date(2026, 3, 10)


def test_next_free_slot_respects_override(db, users):
    workdays.set_override(db, users["admin"], date(2026, 2, 14), "working_day")
    assert schedule.next_free_slot(db, [users["inspector"].id], after=date(2026, 2, 14)) == date(2026, 2, 14)


def test_list_filters(db, users, inspector2, unit_ids, make_inspection):
    a = make_inspection(code="STP", day=date(2026, 3, 10))
    b = make_inspection(code="SYT", day=date(2026, 4, 14), team=((inspector2.id, "head"),))
    schedule.set_status(db, users["staff"], b["id"], "confirmed")
    assert [r["id"] for r in schedule.list_inspections(db, month="2026-03")] == [a["id"]]
    assert [r["id"] for r in schedule.list_inspections(db, unit_id=unit_ids["SYT"])] == [b["id"]]
    assert [r["id"] for r in schedule.list_inspections(db, user_id=inspector2.id)] == [b["id"]]
    assert [r["id"] for r in schedule.list_inspections(db, status="confirmed")] == [b["id"]]
    assert [r["id"] for r in schedule.my_inspections(db, users["inspector"])] == [a["id"]]
    with pytest.raises(ValidationError):
        schedule.list_inspections(db, month="2026-13")


def test_checklist_edit_keeps_findings(db, users, make_inspection):
    from inspections import followup

    row = make_inspection()
    item = row["items"][2]
    finding = followup.add_finding(
        db, users["inspector"], row["id"], item_id=item["id"], kind="shortcoming", text="Chậm công khai TTHC"
    )
    new = [(i["code"], i["title"]) for i in row["items"]][:3] + [("VP9", "Ứng dụng AI trong trả lời công dân")]
    items = schedule.set_checklist(db, users["staff"], row["id"], new)
    assert [i["title"] for i in items][-1] == "Ứng dụng AI trong trả lời công dân"
    assert store.finding_row(db, finding["id"])["item_id"] == item["id"]
    with pytest.raises(ValidationError):
        schedule.set_checklist(db, users["staff"], row["id"], [("", "  ")])


def test_self_report_file(db, users, settings, make_inspection):
    row, pdf = make_inspection(), files.pdf()
    updated = schedule.record_self_report(
        db, users["staff"], row["id"], "2026-03-02", "bao-cao.pdf", pdf, settings=settings
    )
    assert updated["self_report_on"] == "2026-03-02"
    assert (settings.data_dir / updated["self_report_file"]).read_bytes() == pdf
    for name, data in [("virus.exe", b"MZ"), ("bao-cao.pdf", files.HTML), ("bao-cao.pdf", b"%PDF-1.4 test")]:
        with pytest.raises(ValidationError):
            schedule.record_self_report(db, users["staff"], row["id"], "2026-03-03", name, data, settings=settings)
    assert schedule.get_inspection(db, row["id"])["self_report_on"] == "2026-03-02"


@pytest.mark.parametrize("role, allowed", [("admin", True), ("staff", True), ("inspector", False), ("leader", False)])
def test_schedule_write_permissions(db, users, unit_ids, role, allowed):
    actor = users[role]
    draft = schedule.Draft(
        unit_id=unit_ids["STP"],
        day=date(2026, 3, 10),
        start=time(8),
        end=time(11),
        team=((users["inspector"].id, "head"),),
    )
    calls = [
        lambda: schedule.create_inspection_plan(db, actor, year=2026, number=f"{role}/KH", title="KH"),
        lambda: schedule.create_inspection(db, actor, draft),
    ]
    for call in calls:
        if allowed:
            call()
        else:
            with pytest.raises(PermissionDenied):
                call()
    if allowed:
        row = schedule.list_inspections(db)[0]
        schedule.set_status(db, actor, row["id"], "confirmed")
        schedule.set_checklist(db, actor, row["id"], [("A", "Nội dung A")])
        schedule.record_self_report(db, actor, row["id"], "2026-03-01")
    else:
        assert db.execute("select count(*) from inspections").fetchone()[0] == 0


@pytest.mark.parametrize("role", ["inspector", "leader"])
def test_existing_inspection_writes_refused(db, users, make_inspection, role):
    row = make_inspection()
    actor = users[role]
    draft = schedule.Draft(**{**schedule.draft_of(row).__dict__, "place": "Nơi khác"})
    calls = [
        lambda: schedule.update_inspection(db, actor, row["id"], draft),
        lambda: schedule.set_status(db, actor, row["id"], "cancelled"),
        lambda: schedule.set_checklist(db, actor, row["id"], [("A", "Nội dung A")]),
        lambda: schedule.record_self_report(db, actor, row["id"], "2026-03-01"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    after = schedule.get_inspection(db, row["id"])
    assert (after["status"], after["place"], after["sequence"], after["self_report_on"]) == ("planned", None, 0, None)
    assert len(after["items"]) == len(schedule.DEFAULT_CHECKLIST)


def test_self_report_file_read_back(db, users, settings, make_inspection):
    row, docx = make_inspection(), files.docx()
    assert schedule.self_report_file(db, users["leader"], row["id"], settings=settings) is None
    schedule.record_self_report(db, users["staff"], row["id"], "2026-03-02", "Báo cáo.docx", docx, settings=settings)
    name, data = schedule.self_report_file(db, users["leader"], row["id"], settings=settings)
    assert name.endswith(".docx") and data == docx


@pytest.mark.parametrize(
    "text, pairs",
    [
        ("I.1 | Công tác chỉ đạo\nI.2|Cải cách TTHC", [("I.1", "Công tác chỉ đạo"), ("I.2", "Cải cách TTHC")]),
        ("Tuyên truyền\n\n   \n | Số hóa ", [("", "Tuyên truyền"), ("", "Số hóa")]),
        ("A | Tổ chức | bộ máy", [("A", "Tổ chức | bộ máy")]),
        ("A | ", []),
        ("", []),
    ],
)
def test_checklist_text_is_parsed(text, pairs):
    assert schedule.parse_checklist(text) == pairs


def test_checklist_text_round_trips(db, users, make_inspection):
    row = make_inspection()
    text = "I.1 | Chỉ đạo, điều hành\n | Cải cách | TTHC"
    items = schedule.set_checklist(db, users["staff"], row["id"], text)
    assert [(i["code"], i["title"]) for i in items] == [("I.1", "Chỉ đạo, điều hành"), (None, "Cải cách | TTHC")]
    assert schedule.checklist_text(items) == text
    assert schedule.parse_checklist(schedule.checklist_text(items)) == schedule.parse_checklist(text)


def test_team_of_the_pickers():
    assert schedule.team_of(1, [2, 3], 4) == ((1, "head"), (2, "member"), (3, "member"), (4, "secretary"))
    assert schedule.team_of(None, [], None) == ()


def test_an_edit_that_only_reorders_the_team_changes_nothing():
    from datetime import date, time

    draft = schedule.Draft(
        unit_id=1, day=date(2026, 3, 10), start=time(8), end=time(11), team=((1, "head"), (2, "member"))
    )
    reordered = schedule.Draft(**{**draft.__dict__, "team": ((2, "member"), (1, "head"))})
    assert not schedule.is_changed(draft, reordered)
    assert schedule.is_changed(draft, schedule.Draft(**{**draft.__dict__, "place": "Phòng họp 2"}))
    assert schedule.is_changed(draft, schedule.Draft(**{**draft.__dict__, "team": ((1, "head"),)}))


def test_findings_grouped_by_checklist_item_and_escaped():
    from datetime import date

    from inspections import views

    row = {
        "items": [{"id": 1, "position": 1, "title": "Chỉ đạo [điều hành]"}, {"id": 2, "position": 2, "title": "TTHC"}],
        "findings": [
            {"item_id": 2, "kind": "shortcoming", "text": "Chậm *3* hồ sơ"},
            {"item_id": None, "kind": "strength", "text": "Tốt"},
        ],
    }
    groups = views.findings_by_item(row)
    assert [(item and item["id"], [f["text"] for f in found]) for item, found in groups] == [
        (1, []),
        (2, ["Chậm *3* hồ sơ"]),
        (None, ["Tốt"]),
    ]
    assert views.item_heading(row["items"][0]) == r"**1\. Chỉ đạo \[điều hành\]**"
    assert views.finding_line(row["findings"][0], "vi").endswith(r"Chậm \*3\* hồ sơ")
    rec = {"text": "Sửa [quy trình](http://evil)", "unit_name": "Sở Y tế", "deadline": "2026-05-09", "status": "open"}
    label = views.recommendation_label(rec, "vi", date(2026, 6, 1))
    assert label.startswith("🔴 ") and r"\[quy trình\]\(http\:\/\/evil\)" in label
    assert not views.recommendation_label(rec, "vi", date(2026, 5, 9)).startswith("🔴")


def test_a_day_is_suggested_only_for_a_span_of_hours(db, users):
    from datetime import date, time

    team = ((users["inspector"].id, "head"),)
    draft = schedule.Draft(unit_id=1, day=date(2026, 2, 14), start=time(8), end=time(11), team=team)  # a Saturday
    assert schedule.suggest_day(db, draft) == schedule.next_free_slot(
        db, [users["inspector"].id], after=date(2026, 2, 14), start=time(8), end=time(11)
    )
    assert schedule.suggest_day(db, draft).weekday() < 5
    assert schedule.suggest_day(db, schedule.Draft(**{**draft.__dict__, "end": time(8)})) is None


def test_the_month_filter_and_its_rows(db, make_inspection):
    from datetime import date

    from inspections import views

    months = views.month_choices(date(2026, 5, 1))
    assert months[0] == "2024-01" and months[-1] == "2027-12" and len(months) == 48
    early = make_inspection(day=date(2026, 4, 1), start=time(0, 30), end=time(1, 0))  # 31 March in UTC
    late = make_inspection(code="SYT", day=date(2026, 3, 31), start=time(14, 0), end=time(15, 0))
    assert early["starts_at"].startswith("2026-03-31")
    assert [r["id"] for r in schedule.list_inspections(db, month="2026-04")] == [early["id"]]  # Hà Nội's month
    assert [r["id"] for r in schedule.list_inspections(db, month="2026-03")] == [late["id"]]
    assert schedule.count_inspections(db, month="2026-04") == 1


def test_upcoming_inspections_are_planned_or_confirmed():
    from inspections import views

    rows = [{"status": s} for s in ("planned", "confirmed", "done", "postponed", "cancelled")]
    assert [r["status"] for r in views.upcoming(rows)] == ["planned", "confirmed"]


def test_a_past_day_is_flagged_as_past(db, users, unit_ids):
    draft = schedule.Draft(
        unit_id=unit_ids["STP"],
        day=date(2026, 3, 10),
        start=time(8),
        end=time(11),
        team=((users["inspector"].id, "head"),),
    )
    assert [w["key"] for w in schedule.check(db, draft, today=date(2026, 3, 11))["warnings"]] == [
        "inspections.warn.past_day"
    ]
    assert schedule.check(db, draft, today=date(2026, 3, 10))["warnings"] == []
    # a past Sunday is both: past, and not a working day
    sunday = schedule.check(db, replace(draft, day=date(2026, 3, 8)), today=date(2026, 3, 11))
    assert [w["key"] for w in sunday["warnings"]] == ["inspections.warn.past_day"]
    assert [e["key"] for e in sunday["errors"]] == ["inspections.error.weekend"]
    # a record of an inspection that took place is not flagged
    assert schedule.check(db, replace(draft, status="done"), today=date(2026, 3, 11))["warnings"] == []


@pytest.mark.parametrize(
    "today, expected",
    [
        (date(2026, 12, 4), date(2026, 12, 7)),  # Friday -> Monday
        (date(2026, 12, 7), date(2026, 12, 8)),
        (date(2026, 12, 31), date(2027, 1, 4)),  # New Year's Day, then the weekend
    ],
)
def test_the_new_inspection_form_starts_on_the_next_working_day(db, today, expected):
    day = schedule.next_working_day(db, today)
    assert day == expected and schedule.workdays.is_working_day(db, day)
