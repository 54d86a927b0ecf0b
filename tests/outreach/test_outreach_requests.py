"""Requests to units: units from a group or a list, deadlines from the rules (working days
of the office's calendar, Decree 09 cut-offs, the remedy rule), attachments checked by
their content, and bad input refused with nothing written."""

from __future__ import annotations

from datetime import date

import pytest

from core import units
from core.errors import NotFound, PermissionDenied, ValidationError
from core.permissions import SYSTEM
from inspections import workdays
from outreach import requests, rules
from tests import upload_files


def _count(db, table: str) -> int:
    return db.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608 - test tables


@pytest.mark.parametrize(
    "period,cutoff",
    [("2026-11", date(2026, 11, 14)), ("2026-Q1", date(2026, 3, 14)), ("2026-H1", date(2026, 6, 14)),
     ("2026-9M", date(2026, 9, 14)), ("2026", date(2026, 12, 14)), ("2026-q4", date(2026, 12, 14))],
)  # fmt: skip
def test_cutoffs_follow_decree_09(period, cutoff):
    assert rules.cutoff(period) == cutoff


@pytest.mark.parametrize("period", ["2026-13", "Q4", "quý IV", "2026-Q5", ""])
def test_an_unknown_period_is_refused(period):
    with pytest.raises(ValidationError) as info:
        rules.cutoff(period)
    assert "Kỳ báo cáo không hợp lệ" in info.value.message("vi")


def test_a_group_and_a_list_name_the_units_once_each(db, users, unit_ids):
    units.save_group(db, SYSTEM, code="CAC-SO", name="Các sở, ban, ngành", kinds=["department"])
    made = requests.create_request(
        db, users["staff"], kind="period_inputs", title="Số liệu báo cáo CCHC quý IV", period="2026-Q4",
        group_codes=["CAC-SO"], unit_codes=["STP", "P-HK"], today=date(2026, 12, 1),
    )  # fmt: skip
    assert sorted(u["code"] for u in made["units"]) == ["P-HK", "SKHCN", "STP", "SYT"]
    # 14/12/2026 is a Monday: two working days after it
    assert made["due_on"] == "2026-12-16" and made["period"] == "2026-Q4"


def test_the_deadline_counts_working_days_of_the_offices_calendar(db, users, unit_ids):
    ask = dict(kind="monthly_figures", title="Kết quả TTHC tháng 11", period="2026-11", unit_codes=["STP"])
    # 14/11/2026 is a Saturday: Monday 16 and Tuesday 17 are the two working days after it
    assert requests.create_request(db, users["staff"], **ask)["due_on"] == "2026-11-17"
    workdays.set_override(db, users["admin"], "2026-11-16", "day_off", "Nghỉ bù")
    assert requests.create_request(db, users["staff"], **ask)["due_on"] == "2026-11-18"


def test_remedy_and_self_inspection_deadlines_come_from_their_rules(db, users, unit_ids):
    remedy = requests.create_request(
        db, users["staff"], kind="remedy", title="Báo cáo khắc phục", unit_codes=["STP"], starts_from="2026-10-01"
    )
    assert remedy["due_on"] == "2026-10-16"  # the inspections slice's 15 days after the notice
    visit = requests.create_request(
        db, users["staff"], kind="self_inspection", title="Báo cáo tự kiểm tra", unit_codes=["SYT"],
        starts_from="2026-10-12",
    )  # fmt: skip
    assert visit["due_on"] == "2026-10-05"  # five working days before Monday 12/10


def test_a_chosen_day_wins_over_the_rule(db, users, unit_ids):
    made = requests.create_request(
        db, users["staff"], kind="period_inputs", title="Báo cáo năm", period="2026", due_on="2026-12-10",
        unit_codes=["STP"],
    )  # fmt: skip
    assert made["due_on"] == "2026-12-10"


@pytest.mark.parametrize(
    "changes,key",
    [
        ({"kind": "bao_cao"}, "outreach.error.kind_unknown"),
        ({"title": "  "}, "outreach.error.title_empty"),
        ({"period": "Quý IV/2026"}, "outreach.error.period_invalid"),
        ({"period": ""}, "outreach.error.due_missing"),
        ({"unit_codes": []}, "outreach.error.no_units"),
        ({"due_on": "31/12/2026"}, "error.date_invalid"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(db, users, unit_ids, settings, changes, key):
    ask = dict(kind="period_inputs", title="Số liệu quý IV", period="2026-Q4", unit_codes=["STP"])
    before = _count(db, "outreach_requests"), _count(db, "audit_log")
    with pytest.raises(ValidationError) as info:
        requests.create_request(db, users["staff"], **{**ask, **changes}, settings=settings)
    assert info.value.key == key
    assert (_count(db, "outreach_requests"), _count(db, "audit_log")) == before


def test_attachments_are_checked_kept_and_served_to_who_may_see_them(db, users, unit_ids, settings, liaison):
    outline = ("Đề cương báo cáo quý IV.docx", upload_files.docx())
    made = requests.create_request(
        db, users["staff"], kind="period_inputs", title="Số liệu quý IV", period="2026-Q4", unit_codes=["STP"],
        files=[outline], settings=settings,
    )  # fmt: skip
    [attachment] = made["attachments"]
    assert attachment["file_name"] == "Đề cương báo cáo quý IV.docx"
    row, data = requests.attachment_file(db, liaison["STP"], attachment["id"], settings=settings)
    assert data == outline[1]
    with pytest.raises(NotFound) as info:  # SYT is not asked: its liaison cannot see the request
        requests.attachment_file(db, liaison["SYT"], attachment["id"], settings=settings)
    assert info.value.key == "outreach.error.request_not_found"


def test_a_file_that_is_not_what_it_claims_is_refused_before_anything_is_written(db, users, unit_ids, settings):
    before = _count(db, "outreach_requests")
    with pytest.raises(ValidationError):
        requests.create_request(
            db, users["staff"], kind="period_inputs", title="Số liệu", period="2026-Q4", unit_codes=["STP"],
            files=[("bieu.pdf", b"<html><script>alert(1)</script></html>")], settings=settings,
        )  # fmt: skip
    assert _count(db, "outreach_requests") == before
    folder = requests.attachments_folder(settings)
    assert not folder.exists() or not any(folder.iterdir())


@pytest.mark.parametrize("role", ["inspector", "leader", "liaison"])
def test_only_the_office_asks(db, users, unit_ids, role):
    with pytest.raises(PermissionDenied):
        requests.create_request(db, users[role], kind="remedy", title="x", unit_codes=["STP"], due_on="2026-12-01")
