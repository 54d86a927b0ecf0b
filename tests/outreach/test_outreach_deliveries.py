"""Issued documents reach leadership by e-mail through the real SMTP server: the frozen
file attached byte for byte, once per document and address, nothing without a server."""

from __future__ import annotations

from core.i18n import today_local
from core.permissions import SYSTEM
from exports import register
from outreach import deliveries
from services import publication


def test_an_issued_document_is_mailed_to_leadership_once(demo_db, users, mail_settings, mailbox):
    publication.publication_docx(demo_db, users["staff"], "2026-10", issue=True, settings=mail_settings)
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
    publication.publication_docx(demo_db, users["staff"], "2026-10", issue=True, settings=settings)
    result = deliveries.send_issued(demo_db, SYSTEM, settings, today_local())
    assert result["mail"] == "off" and result["sent"] == 0
    assert [m["to"] for m in result["messages"]] == ["lanhdao@sonoivu.example.org"]
    assert demo_db.execute("select count(*) from outreach_report_deliveries").fetchone()[0] == 0
