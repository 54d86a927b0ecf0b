"""Liaison accounts: made one by one or from an office's CSV, tied to one unit, and never
able to read or change another unit's data (checked in the plain functions)."""

from __future__ import annotations

from datetime import date

import pytest

from core import auth
from core.errors import NotFound, PermissionDenied, ValidationError
from core.permissions import PERMISSIONS, can
from outreach import access, liaisons, reminders, requests, submissions, tracker
from tests.upload_files import pdf


def _count(db, table: str) -> int:
    return db.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608 - test tables


def test_a_csv_as_offices_write_it_makes_one_account_per_line(db, users, unit_ids):
    data = "username;unit;email\nstp.dm;Sở Tư pháp;dm@stp.example.org\nsyt.dm;SYT;dm@syt.example.org\n".encode()
    made = liaisons.import_csv(db, users["admin"], data)
    assert [(m["username"], m["email"]) for m in made] == [
        ("stp.dm", "dm@stp.example.org"),
        ("syt.dm", "dm@syt.example.org"),
    ]
    user = auth.login(db, "stp.dm", made[0]["password"])
    assert user.role == "liaison" and liaisons.unit_of(db, user)["code"] == "STP"


def test_a_bad_line_refuses_the_whole_list(db, users, unit_ids):
    data = "username,unit,email\nstp.dm,STP,dm@stp.example.org\nx.dm,Sở Không Có,x@example.org\n".encode()
    before = _count(db, "users"), _count(db, "outreach_liaisons")
    with pytest.raises(ValidationError) as info:
        liaisons.import_csv(db, users["admin"], data)
    assert [e["row"] for e in info.value.errors] == [3]
    assert info.value.errors[0]["key"] == "outreach.error.unit_unknown"
    assert (_count(db, "users"), _count(db, "outreach_liaisons")) == before


def test_a_bad_line_after_a_blank_one_is_named_by_its_row_in_the_file(db, users, unit_ids):
    data = "username;unit;email\nstp.dm;STP;dm@stp.example.org\n;;\nx.dm;Sở Không Có;x@example.org\n".encode()
    with pytest.raises(ValidationError) as info:
        liaisons.import_csv(db, users["admin"], data)
    assert [e["row"] for e in info.value.errors] == [4]


def test_a_list_without_the_columns_says_which(db, users, unit_ids):
    with pytest.raises(ValidationError) as info:
        liaisons.import_csv(db, users["admin"], "tên đăng nhập,đơn vị\na,STP\n".encode())
    assert "username" in info.value.message("vi") and "email" in info.value.message("vi")


@pytest.mark.parametrize(
    "data, key",
    [
        (b"username,unit,email\n" + b"x" * (liaisons.MAX_CSV_BYTES), "error.office_too_large"),
        ("username;unit;email\nstp.dm;Sở Tư pháp;dm@stp.example.org\n".encode("utf-16"), "error.csv_not_utf8"),
        (b"username,unit,email\n,,\n", "error.csv_empty"),
    ],
    ids=["too-large", "not-utf8", "no-line"],
)
def test_a_list_the_guarded_reader_refuses_changes_nothing(db, users, unit_ids, data, key):
    before = _count(db, "users"), _count(db, "outreach_liaisons")
    with pytest.raises(ValidationError) as info:
        liaisons.import_csv(db, users["admin"], data)
    assert info.value.key == key and info.value.message("vi") != key
    assert (_count(db, "users"), _count(db, "outreach_liaisons")) == before


def test_a_tab_separated_list_saved_by_excel_with_a_bom_is_read(db, users, unit_ids):
    data = "\ufeffusername\tunit\temail\r\nstp.dm\tSở Tư pháp\tdm@stp.example.org\r\n".encode()
    made = liaisons.import_csv(db, users["admin"], data)
    assert [(m["username"], m["unit"]) for m in made] == [("stp.dm", "Sở Tư pháp")]


@pytest.mark.parametrize("role", ["staff", "inspector", "leader", "liaison"])
def test_only_the_administrator_makes_liaisons(db, users, unit_ids, role):
    with pytest.raises(PermissionDenied):
        liaisons.create_liaison(db, users[role], username="x", unit="STP", email="x@example.org")


def test_a_liaison_has_no_office_permission():
    office_actions = {a for a, roles in PERMISSIONS.items() if "liaison" in roles}
    assert office_actions == {"account.self", "outreach.submit"}


def _ask(db, users, codes, title="Số liệu quý IV"):
    return requests.create_request(
        db, users["staff"], kind="period_inputs", title=title, period="2026-Q4", unit_codes=codes
    )


def test_a_liaison_sees_only_its_own_unit(db, users, unit_ids, liaison):
    both = _ask(db, users, ["STP", "SYT"])
    other = _ask(db, users, ["SYT"], "Chỉ Sở Y tế")
    stp = liaison["STP"]
    assert [r["id"] for r in requests.list_requests(db, stp)] == [both["id"]]
    assert [u["code"] for u in requests.get_request(db, stp, both["id"])["units"]] == ["STP"]
    with pytest.raises(NotFound):
        requests.get_request(db, stp, other["id"])
    assert {r["unit_id"] for r in tracker.tracker(db, stp, date(2026, 12, 1))} == {unit_ids["STP"]}
    with pytest.raises(PermissionDenied):
        tracker.owed_by(db, stp, unit_ids["SYT"])
    assert [r["request_id"] for r in tracker.owed_by(db, stp, unit_ids["STP"], date(2026, 12, 1))] == [both["id"]]


def test_a_liaison_cannot_answer_or_read_for_another_unit(db, users, unit_ids, liaison, settings):
    both = _ask(db, users, ["STP", "SYT"])
    before = _count(db, "outreach_submissions"), _count(db, "audit_log")
    with pytest.raises(PermissionDenied) as info:
        submissions.submit(db, liaison["STP"], both["id"], unit_id=unit_ids["SYT"], fields={"text": "x"})
    assert "chỉ xem và gửi được nội dung của đơn vị mình" in info.value.message("vi")
    assert (_count(db, "outreach_submissions"), _count(db, "audit_log")) == before


def test_a_liaison_cannot_review_remind_or_read_the_log(db, users, unit_ids, liaison, settings):
    both = _ask(db, users, ["STP"])

    answer = submissions.submit(db, liaison["STP"], both["id"], file=("bc.pdf", pdf()), settings=settings)
    for call in (
        lambda: submissions.accept(db, liaison["STP"], answer["id"]),
        lambda: submissions.return_for_revision(db, liaison["STP"], answer["id"], "Thiếu biểu"),
        lambda: reminders.run(db, liaison["STP"], settings, date(2026, 12, 20), send=True),
        lambda: reminders.message_log(db, liaison["STP"]),
        lambda: liaisons.set_unit_head(db, liaison["STP"], "STP", name="x", email="x@example.org"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert submissions.submission_file(db, liaison["STP"], answer["id"], settings=settings)[1] == pdf()
    with pytest.raises(PermissionDenied):
        submissions.submission_file(db, liaison["SYT"], answer["id"], settings=settings)


def test_a_liaison_account_without_a_unit_sees_nothing(db, users, unit_ids):
    assert not can(users["liaison"], "outreach.view")
    with pytest.raises(PermissionDenied) as info:
        access.scope(db, users["liaison"])
    assert info.value.key == "outreach.error.liaison_without_unit"
