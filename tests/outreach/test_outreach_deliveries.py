"""Issued documents reach leadership by e-mail through the real SMTP server: the frozen
file attached byte for byte, once per document and address, nothing without a server; and
the periodic report's draft goes out after the cut-off, before the 20th, once."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from core.i18n import today_local
from core.permissions import SYSTEM
from exports import register, services_publication
from outreach import deliveries, rules


def test_an_issued_document_is_mailed_to_leadership_once(demo_db, users, mail_settings, mailbox):
    services_publication.issue(demo_db, users["staff"], "2026-10", confirm_late=True, settings=mail_settings)
    row = register.list_issued(demo_db, users["staff"])[0]
    _entry, frozen = register.download(demo_db, users["staff"], row["id"], settings=mail_settings)
    result = deliveries.send_issued(demo_db, SYSTEM, mail_settings, today_local())
    assert result["sent"] >= 1
    [message] = mailbox.to("lanhdao@sonoivu.example.org")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert row["symbol"] in body
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == register.file_name(row)
    assert attachment.get_content() == frozen
    again = deliveries.send_issued(demo_db, SYSTEM, mail_settings, today_local())
    assert again["sent"] == 0 and again["messages"] == []
    assert len(mailbox.to("lanhdao@sonoivu.example.org")) == 1


def test_without_a_server_nothing_is_sent_or_marked(demo_db, users, settings, mailbox):
    services_publication.issue(demo_db, users["staff"], "2026-10", confirm_late=True, settings=settings)
    result = deliveries.send_issued(demo_db, SYSTEM, settings, today_local())
    assert result["mail"] == "off" and result["sent"] == 0
    assert [m["to"] for m in result["messages"]] == ["lanhdao@sonoivu.example.org"]
    assert demo_db.execute("select count(*) from outreach_report_deliveries").fetchone()[0] == 0


@pytest.mark.parametrize(
    "on,period",
    [(date(2026, 12, 14), None), (date(2026, 12, 15), "2026"), (date(2026, 12, 19), "2026"),
     (date(2026, 12, 20), None), (date(2026, 3, 16), "2026-Q1"), (date(2026, 6, 18), "2026-H1"),
     (date(2026, 9, 15), "2026-9M"), (date(2026, 11, 16), None)],
)  # fmt: skip
def test_the_window_of_a_periodic_draft(on, period):
    assert rules.periodic_period(on) == period


def test_the_periodic_draft_reaches_leadership_and_staff_once_before_the_20th(demo_db, users, mail_settings, mailbox):
    assert deliveries.send_periodic_draft(demo_db, SYSTEM, mail_settings, date(2026, 12, 14))["to"] == []
    # no run on the 15th: the 16th catches up
    result = deliveries.send_periodic_draft(demo_db, SYSTEM, mail_settings, date(2026, 12, 16))
    assert result["period"] == "2026" and result["sent"] == 2
    for address in ("lanhdao@sonoivu.example.org", "canbo@sonoivu.example.org"):
        [message] = mailbox.to(address)
        assert message["Subject"] == "[CCHC] Dự thảo báo cáo CCHC kỳ 2026"
        assert "trước hạn gửi báo cáo 20/12/2026" in message.get_body(preferencelist=("plain",)).get_content()
        # the package the Sở submits: its Tờ trình and the draft report of UBND Thành phố
        submission, report = list(message.iter_attachments())
        assert submission.get_filename() == "Du-thao-TTr-cchc-2026.docx"
        assert report.get_filename() == "Du-thao-BC-UBND-cchc-2026.docx"
        texts = [
            "\n".join(p.text for p in Document(io.BytesIO(a.get_content())).paragraphs) for a in (submission, report)
        ]
        assert all(text.startswith("DỰ THẢO") for text in texts)
        assert "TỜ TRÌNH" in texts[0] and "TM. ỦY BAN NHÂN DÂN" in "\n".join(
            c.text for t in Document(io.BytesIO(report.get_content())).tables for r in t.rows for c in r.cells
        )
        body = message.get_body(preferencelist=("plain",)).get_content()
        assert "Tờ trình về việc ban hành Báo cáo" in body and "Dự thảo Báo cáo công tác cải cách hành chính" in body
    again = deliveries.send_periodic_draft(demo_db, SYSTEM, mail_settings, date(2026, 12, 17))
    assert again["sent"] == 0 and again["to"] == []
    assert len(mailbox.messages) == 2


# The figures of November 2026 end on Saturday 14/11; the units' deadline is two working
# days later (Tuesday 17/11), so the publication's draft goes out from Wednesday 18/11.
@pytest.mark.parametrize(
    "on,month",
    [(date(2026, 11, 17), None), (date(2026, 11, 18), "2026-11"), (date(2026, 12, 11), "2026-11"),
     (date(2026, 12, 14), None), (date(2026, 1, 10), "2025-12")],
)  # fmt: skip
def test_the_window_of_a_monthly_publication_draft(db, on, month):
    assert rules.monthly_publication_month(db, on) == month


def test_the_monthly_publication_draft_goes_out_once_after_the_deadline(demo_db, mail_settings, mailbox):
    before = deliveries.send_monthly_draft(demo_db, SYSTEM, mail_settings, date(2026, 11, 17))
    assert before["month"] is None and before["to"] == [] and mailbox.messages == []
    # no run on the 18th or 19th: the 20th catches up
    result = deliveries.send_monthly_draft(demo_db, SYSTEM, mail_settings, date(2026, 11, 20))
    assert result["month"] == "2026-11" and result["sent"] == 2 and result["failed"] == 0
    for address in ("lanhdao@sonoivu.example.org", "canbo@sonoivu.example.org"):
        [message] = mailbox.to(address)
        assert message["Subject"] == "[CCHC] Dự thảo thông báo công khai kết quả giải quyết TTHC tháng 11/2026"
        assert "số liệu TTHC tháng 11/2026" in message.get_body(preferencelist=("plain",)).get_content()
        [attachment] = list(message.iter_attachments())
        assert attachment.get_filename() == "Du-thao-TB-TTHC-2026-11.docx"
        text = "\n".join(p.text for p in Document(io.BytesIO(attachment.get_content())).paragraphs)
        assert "DỰ THẢO" in text and "THÔNG BÁO" in text
    logged = demo_db.execute(
        "select count(*) from audit_log where action = 'send' and table_name = 'outreach_messages'"
    ).fetchone()[0]
    assert logged == 2
    for on in (date(2026, 11, 20), date(2026, 11, 23)):
        again = deliveries.send_monthly_draft(demo_db, SYSTEM, mail_settings, on)
        assert again["sent"] == 0 and again["to"] == []
    assert len(mailbox.messages) == 2


def test_no_monthly_draft_once_the_month_is_issued(demo_db, users, mail_settings, mailbox):
    services_publication.issue(demo_db, users["staff"], "2026-11", confirm_late=True, settings=mail_settings)
    result = deliveries.send_monthly_draft(demo_db, SYSTEM, mail_settings, date(2026, 11, 20))
    assert result["month"] is None and result["sent"] == 0 and result["to"] == []
    assert mailbox.messages == []


def test_the_dry_run_names_the_monthly_draft_and_sends_nothing(demo_db, mail_settings, mailbox):
    result = deliveries.send_monthly_draft(demo_db, SYSTEM, mail_settings, date(2026, 11, 20), send=False)
    assert result["month"] == "2026-11" and result["sent"] == 0
    assert set(result["to"]) == {"lanhdao@sonoivu.example.org", "canbo@sonoivu.example.org"}
    assert mailbox.messages == []
    assert demo_db.execute("select count(*) from outreach_draft_deliveries").fetchone()[0] == 0
