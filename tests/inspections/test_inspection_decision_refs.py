"""The number and date of a round's plan (KH) and of the decision forming its team (QĐ), as
issued outside the app: recorded and corrected by office staff, audited, refused when wrong
with nothing changed, and edited on the team page."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from core.errors import PermissionDenied, ValidationError
from core.i18n import t, today_local
from inspections import report_data, schedule


@pytest.fixture
def plan(db, users) -> dict:
    return schedule.create_inspection_plan(
        db,
        users["staff"],
        year=2026,
        number="12/KH-SNV",
        title="Kế hoạch kiểm tra công tác cải cách hành chính năm 2026",
        issued_on=date(2026, 1, 15),
    )


def _audit_rows(db, plan_id: int) -> list[dict]:
    rows = db.execute(
        "select actor, action, before, after from audit_log where table_name = 'inspection_plans'"
        " and record_id = ? order by id",
        [str(plan_id)],
    ).fetchall()
    return [
        {"actor": a, "action": x, "before": json.loads(b or "null"), "after": json.loads(c or "null")}
        for a, x, b, c in rows
    ]


def test_staff_record_the_decision_issued_on_paper(db, users, plan):
    saved = schedule.set_plan_references(
        db,
        users["staff"],
        plan["id"],
        number="12/KH-SNV",
        issued_on="2026-01-15",
        decision_number="  25\u200b ",  # as pasted from the office's document system
        decision_issued_on=date(2026, 2, 26),
    )
    assert saved["decision_number"] == "25" and saved["decision_issued_on"] == "2026-02-26"
    assert report_data.inspection_plan(db, plan["id"])["decision_number"] == "25"
    last = _audit_rows(db, plan["id"])[-1]
    assert last["actor"] == users["staff"].username and last["action"] == "update"
    assert last["before"] == {"decision_number": None, "decision_issued_on": None}
    assert last["after"] == {"decision_number": "25", "decision_issued_on": "2026-02-26"}


def test_the_plan_number_is_corrected_and_stays_unique_in_its_year(db, users, plan):
    schedule.create_inspection_plan(db, users["staff"], year=2026, number="14/KH-SNV", title="Kiểm tra đột xuất")
    saved = schedule.set_plan_references(
        db, users["staff"], plan["id"], number="13/KH-SNV", issued_on=date(2026, 1, 16)
    )
    assert (saved["number"], saved["issued_on"]) == ("13/KH-SNV", "2026-01-16")
    assert _audit_rows(db, plan["id"])[-1]["after"] == {"number": "13/KH-SNV", "issued_on": "2026-01-16"}
    with pytest.raises(ValidationError) as exc:
        schedule.set_plan_references(db, users["staff"], plan["id"], number="14/KH-SNV", issued_on=None)
    assert exc.value.key == "inspections.error.inspection_plan_number_taken"
    # two rounds may cite decisions of the same number: a QĐ number is not checked for reuse
    other = schedule.create_inspection_plan(db, users["staff"], year=2026, number="20/KH-SNV", title="Đợt 2")
    for plan_id, number in ((plan["id"], "13/KH-SNV"), (other["id"], "20/KH-SNV")):
        schedule.set_plan_references(
            db, users["staff"], plan_id, number=number, issued_on=None, decision_number="25/QĐ-SNV"
        )
    assert [p["decision_number"] for p in report_data.inspection_plans(db) if p["year"] == 2026].count("25/QĐ-SNV") == 2


@pytest.mark.parametrize("role", ["inspector", "leader"])
def test_a_role_without_the_permission_is_refused(db, users, plan, role):
    with pytest.raises(PermissionDenied):
        schedule.set_plan_references(
            db, users[role], plan["id"], number="12/KH-SNV", issued_on=None, decision_number="25"
        )
    assert report_data.inspection_plan(db, plan["id"])["decision_number"] is None
    assert len(_audit_rows(db, plan["id"])) == 1  # the creation alone


@pytest.mark.parametrize(
    "day, key",
    [
        ("30/02/2026", "inspections.error.date_invalid"),
        ("2026-02-30", "inspections.error.date_invalid"),
        (today_local() + timedelta(days=1), "inspections.error.issued_in_future"),
    ],
)
def test_a_bad_decision_date_is_refused_and_nothing_changes(db, users, plan, day, key):
    with pytest.raises(ValidationError) as exc:
        schedule.set_plan_references(
            db,
            users["staff"],
            plan["id"],
            number="13/KH-SNV",
            issued_on=None,
            decision_number="25",
            decision_issued_on=day,
        )
    assert exc.value.key == key
    message = t(exc.value.key, "vi", **exc.value.params)
    assert "Ngày" in message and "{" not in message
    after = report_data.inspection_plan(db, plan["id"])
    assert (after["number"], after["issued_on"], after["decision_number"]) == ("12/KH-SNV", "2026-01-15", None)
    assert len(_audit_rows(db, plan["id"])) == 1


def test_a_plan_created_with_its_decision(db, users):
    created = schedule.create_inspection_plan(
        db,
        users["staff"],
        year=2025,
        number="07/KH-SNV",
        title="Kế hoạch kiểm tra CCHC năm 2025",
        issued_on="2025-01-10",
        decision_number="31/QĐ-SNV",
        decision_issued_on="2025-02-20",
    )
    assert (created["decision_number"], created["decision_issued_on"]) == ("31/QĐ-SNV", "2025-02-20")
    with pytest.raises(ValidationError):
        schedule.create_inspection_plan(
            db,
            users["staff"],
            year=2025,
            number="08/KH-SNV",
            title="Đợt 2",
            decision_number="32",
            decision_issued_on=today_local() + timedelta(days=30),
        )
    assert schedule.inspection_plan_by_number(db, 2025, "08/KH-SNV") is None


def _team_page(app_as, plan_id: int, lang: str = "vi"):
    at = app_as("u_staff", lang=lang, page="inspections/team_page.py")
    at.selectbox(key="insp_team_plan").select(plan_id).run()
    return at


def _save_button(at, label: str):
    return at.button[[b.label for b in at.button].index(label)]


def test_team_page_records_the_decision_of_the_round(db, users, plan, app_as):
    at = _team_page(app_as, plan["id"])
    assert not at.exception
    assert at.text_input(key=f"insp_refs_number_{plan['id']}").value == "12/KH-SNV"
    assert at.date_input(key=f"insp_refs_issued_{plan['id']}").value == date(2026, 1, 15)
    assert at.text_input(key=f"insp_refs_decision_number_{plan['id']}").value == ""
    at.text_input(key=f"insp_refs_decision_number_{plan['id']}").set_value("25")
    at.date_input(key=f"insp_refs_decision_issued_{plan['id']}").set_value(date(2026, 2, 26))
    _save_button(at, "Lưu số, ngày văn bản").click().run()
    assert not at.exception and not at.error
    saved = report_data.inspection_plan(db, plan["id"])
    assert (saved["decision_number"], saved["decision_issued_on"]) == ("25", "2026-02-26")
    assert any("Đã lưu số, ngày của Kế hoạch 12/KH-SNV" in str(s.value) for s in at.success)


def test_team_page_refuses_a_decision_dated_in_the_future(db, users, plan, app_as):
    at = _team_page(app_as, plan["id"], lang="en")
    at.text_input(key=f"insp_refs_decision_number_{plan['id']}").set_value("25")
    at.date_input(key=f"insp_refs_decision_issued_{plan['id']}").set_value(today_local() + timedelta(days=3))
    _save_button(at, "Save the numbers and dates").click().run()
    assert not at.exception
    assert any("is in the future" in str(e.value) for e in at.error), [e.value for e in at.error]
    assert report_data.inspection_plan(db, plan["id"])["decision_number"] is None


def test_a_new_plan_records_its_decision_on_the_new_inspection_page(db, users, app_as):
    at = app_as("u_staff", page="inspections/new_page.py")
    at.number_input(key="insp_plan_year").set_value(2026)
    at.text_input(key="insp_plan_number").input("20/KH-SNV")
    at.date_input(key="insp_plan_issued").set_value(date(2026, 4, 1))
    at.text_input(key="insp_plan_title").input("Kế hoạch kiểm tra đột xuất năm 2026")
    at.text_input(key="insp_plan_decision_number").input("41/QĐ-SNV")
    at.date_input(key="insp_plan_decision_issued").set_value(date(2026, 4, 6))
    [b for b in at.button if b.proto.is_form_submitter and b.proto.form_id == "insp_plan_form"][0].click().run()
    assert not at.exception and not at.error
    saved = schedule.inspection_plan_by_number(db, 2026, "20/KH-SNV")
    assert (saved["issued_on"], saved["decision_number"], saved["decision_issued_on"]) == (
        "2026-04-01",
        "41/QĐ-SNV",
        "2026-04-06",
    )
