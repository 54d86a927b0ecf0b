"""Reminders by e-mail through a real SMTP server on 127.0.0.1: delivered once and not
twice, a missed day caught up, a unit that answered never reminded, one digest per person
per day, the ladder's copy and escalation, and every message logged with the answer."""

from __future__ import annotations

from datetime import date

from core.permissions import SYSTEM
from core.settings import Settings
from outreach import reminders, requests, submissions
from tests.upload_files import docx

# Due Wednesday 16/12/2026: the first reminder on Friday 11/12 (three working days before),
# the late one on Thursday 17/12, leadership's digest on Wednesday 23/12.
BEFORE, LATE, ESCALATED = date(2026, 12, 11), date(2026, 12, 17), date(2026, 12, 23)


def _ask(db, users, codes=("STP", "SYT"), title="Số liệu báo cáo CCHC quý IV", **extra):
    ask = dict(kind="period_inputs", title=title, period="2026-Q4", unit_codes=list(codes))
    return requests.create_request(db, users["staff"], **{**ask, **extra})


def _run(db, settings, on, send=True):
    return reminders.run(db, SYSTEM, settings, on, send=send)


def _log(db):
    return db.execute("select day, email, status from outreach_messages order by id").fetchall()


def test_a_reminder_is_delivered_once_not_twice(db, users, unit_ids, liaison, mail_settings, mailbox):
    _ask(db, users)
    assert _run(db, mail_settings, date(2026, 12, 10))["messages"] == []  # not yet on the ladder
    first = _run(db, mail_settings, BEFORE)
    assert first["sent"] == 2 and first["failed"] == 0
    [message] = mailbox.to("dm.stp@example.org")
    assert message["Subject"] == "[CCHC] Đôn đốc: 1 yêu cầu đơn vị chưa gửi"
    body = message.get_content()
    assert "Số liệu báo cáo CCHC quý IV — Sở Tư pháp: hạn 16/12/2026; còn 5 ngày" in body
    assert "https://cchc.example.org" in body
    again = _run(db, mail_settings, BEFORE)
    assert again["sent"] == 0 and again["messages"] == []
    assert _run(db, mail_settings, date(2026, 12, 14))["messages"] == []  # the same rung, a later day
    assert len(mailbox.messages) == 2
    assert _log(db) == [
        ("2026-12-11", "dm.stp@example.org", "delivered"),
        ("2026-12-11", "dm.syt@example.org", "delivered"),
    ]


def test_a_missed_day_is_caught_up_the_next_day_and_only_then(db, users, unit_ids, liaison, mail_settings, mailbox):
    _ask(db, users, ("STP",))
    # no run on Thursday 17/12 (the late rung's day): Friday's run sends it, with the head in copy
    result = _run(db, mail_settings, date(2026, 12, 18))
    assert result["sent"] == 1
    [(recipients, message)] = mailbox.messages
    assert sorted(recipients) == ["dm.stp@example.org", "gd.stp@example.org"]
    assert message["Cc"] == "gd.stp@example.org"
    assert "đã quá hạn 2 ngày" in message.get_content()
    # the early rung, missed too, is not sent after the deadline
    assert _run(db, mail_settings, date(2026, 12, 21))["messages"] == []
    assert len(mailbox.messages) == 1


def test_a_unit_that_answered_is_never_reminded(db, users, unit_ids, liaison, mail_settings, mailbox):
    made = _ask(db, users)
    submissions.submit(
        db, liaison["STP"], made["id"], file=("bc.docx", docx()), settings=mail_settings, today=date(2026, 12, 9)
    )
    for day in (BEFORE, LATE, ESCALATED, date(2027, 1, 15)):
        _run(db, mail_settings, day)
    assert mailbox.to("dm.stp@example.org") == [] and mailbox.to("gd.stp@example.org") == []
    assert len(mailbox.to("dm.syt@example.org")) == 2  # before and late
    [digest] = mailbox.to("lanhdao@example.org")
    assert "Sở Y tế" in digest.get_content() and "Sở Tư pháp" not in digest.get_content()


def test_one_digest_per_person_per_day(db, users, unit_ids, liaison, mail_settings, mailbox):
    _ask(db, users, ("STP",))
    _ask(db, users, ("STP",), title="Kết quả giải quyết TTHC tháng 11", kind="monthly_figures", period="2026-11")
    # the November request (due 17/11) is long overdue: an open request of a past period still counts
    _run(db, mail_settings, BEFORE)
    [message] = mailbox.to("dm.stp@example.org")
    body = message.get_content()
    assert "Số liệu báo cáo CCHC quý IV" in body and "Kết quả giải quyết TTHC tháng 11" in body
    assert message["Subject"] == "[CCHC] Đôn đốc: 2 yêu cầu đơn vị chưa gửi"


def test_leadership_gets_a_digest_of_late_units(db, users, unit_ids, liaison, mail_settings, mailbox):
    _ask(db, users, ("STP", "SYT", "SKHCN"))
    _run(db, mail_settings, date(2026, 12, 22))
    assert mailbox.to("lanhdao@example.org") == []  # four working days late: not yet
    _run(db, mail_settings, ESCALATED)
    [digest] = mailbox.to("lanhdao@example.org")
    assert digest["Subject"] == "[CCHC] Tổng hợp: 3 yêu cầu các đơn vị chậm gửi"
    for name in ("Sở Tư pháp", "Sở Y tế", "Sở Khoa học và Công nghệ"):
        assert f"— {name}: hạn 16/12/2026; đã quá hạn 7 ngày" in digest.get_content()


def test_a_refused_address_is_logged_with_the_servers_answer_and_tried_again(
    db, users, unit_ids, liaison, mail_settings, mailbox
):
    _ask(db, users, ("STP",))
    mailbox.refuse.add("dm.stp@example.org")
    result = _run(db, mail_settings, BEFORE)
    assert (result["sent"], result["failed"]) == (0, 1)
    [(status, answer)] = db.execute("select status, answer from outreach_messages").fetchall()
    assert status == "refused" and "550" in answer and "Mailbox unavailable" in answer
    mailbox.refuse.clear()
    assert _run(db, mail_settings, date(2026, 12, 14))["sent"] == 1
    assert len(mailbox.to("dm.stp@example.org")) == 1


def test_an_unreachable_server_is_logged_and_nothing_is_marked_sent(db, users, unit_ids, liaison, data_dir, mailbox):
    _ask(db, users, ("STP",))
    closed = Settings(data_dir=data_dir, smtp_host="127.0.0.1", smtp_port=1, smtp_from="cchc@example.org")
    assert _run(db, closed, BEFORE)["failed"] == 1
    assert db.execute("select status from outreach_messages").fetchone()[0] == "failed"
    assert db.execute("select count(*) from outreach_reminded").fetchone()[0] == 0


def test_without_a_mail_server_reminders_are_only_previewed(db, users, unit_ids, liaison, settings, mailbox):
    _ask(db, users)
    result = _run(db, settings, BEFORE)
    assert result["mail"] == "off" and result["sent"] == 0
    assert sorted(m["to"] for m in result["messages"]) == ["dm.stp@example.org", "dm.syt@example.org"]
    assert mailbox.messages == [] and _log(db) == []


def test_a_dry_run_sends_nothing(db, users, unit_ids, liaison, mail_settings, mailbox):
    _ask(db, users)
    assert len(_run(db, mail_settings, BEFORE, send=False)["messages"]) == 2
    assert mailbox.messages == [] and _log(db) == []


def test_every_sent_message_is_audited(db, users, unit_ids, liaison, mail_settings, mailbox):
    _ask(db, users)
    reminders.run(db, users["staff"], mail_settings, BEFORE, send=True)
    rows = db.execute("select actor, action from audit_log where table_name = 'outreach_messages'").fetchall()
    assert rows == [("u_staff", "send"), ("u_staff", "send")]
