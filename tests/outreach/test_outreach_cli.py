"""The command line on the demo: `remind --json` prints the messages due today (to the
units that still owe, never to those that answered), `due --send` without a mail server
sends nothing and says so, and bad input is refused with exit code 2."""

from __future__ import annotations

import json

from outreach.__main__ import main


def test_remind_prints_the_demos_real_messages(demo_db, capsys):
    assert main(["remind", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    to = {m["to"] for m in result["messages"]}
    assert {"daumoi.skhcn@example.org", "daumoi.phk@example.org"} <= to
    assert not to & {"daumoi.stp@example.org", "daumoi.syt@example.org"}  # they answered
    [message] = [m for m in result["messages"] if m["to"] == "daumoi.phk@example.org"]
    assert message["cc"] == ["chutich.phk@example.org"]
    assert "Số liệu phục vụ báo cáo CCHC định kỳ — Phường Hoàn Kiếm" in message["body"]
    assert demo_db.execute("select count(*) from outreach_messages").fetchone()[0] == 0


def test_due_without_a_mail_server_sends_nothing(demo_db, capsys):
    assert main(["due", "--send", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["mail"] == "off" and result["sent"] == 0 and result["messages"]
    assert demo_db.execute("select count(*) from outreach_messages").fetchone()[0] == 0


def test_a_bad_day_is_refused(demo_db, capsys):
    assert main(["due", "--on", "31/12/2026", "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["ok"] is False


def test_liaisons_from_a_file(db, capsys, tmp_path, unit_ids):
    path = tmp_path / "dau-moi.csv"
    path.write_text("username,unit,email\nstp.dm,Sở Tư pháp,dm@stp.example.org\n", encoding="utf-8")
    assert main(["liaisons", str(path), "--json"]) == 0
    [made] = json.loads(capsys.readouterr().out)
    assert (made["username"], made["email"]) == ("stp.dm", "dm@stp.example.org") and made["password"]


def test_remind_and_due_report_the_monthly_publication_draft(demo_db, capsys):
    assert main(["remind", "--on", "2026-11-20", "--json"]) == 0
    draft = json.loads(capsys.readouterr().out)["monthly_draft"]
    assert draft["month"] == "2026-11" and "lanhdao@sonoivu.example.org" in draft["to"]
    assert main(["due", "--on", "2026-11-20", "--send", "--json"]) == 0
    draft = json.loads(capsys.readouterr().out)["monthly_draft"]
    assert draft["mail"] == "off" and draft["sent"] == 0  # no mail server: nothing sent or marked
    assert demo_db.execute("select count(*) from outreach_draft_deliveries").fetchone()[0] == 0


def test_due_send_runs_the_periodic_draft_and_the_issued_documents(demo_db, capsys):
    assert main(["due", "--on", "2026-12-16", "--send", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["periodic_draft"]["period"] == "2026" and result["periodic_draft"]["sent"] == 0
    assert "lanhdao@sonoivu.example.org" in result["periodic_draft"]["to"]
    assert result["issued"]["mail"] == "off" and result["issued"]["sent"] == 0
