"""Issued reports delivered to leadership by e-mail: each file exactly as issued (frozen in
the register), attached, once per report and address. The files come through the hook
"outreach.issued_files" (the exports slice provides it), so outreach never imports exports."""

from __future__ import annotations

from datetime import date, timedelta

from sqlite_utils import Database

from core import audit, auth
from core.i18n import fmt_date, t, utc_now_iso
from core.permissions import User, require
from core.settings import Settings
from core.slices import provided
from outreach import rules, sending, store

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def issued_since(db: Database, since: date, settings: Settings) -> list[dict]:
    return [entry for hook in provided("outreach.issued_files") for entry in hook(db, since, settings)]


def send_issued(db: Database, actor: User, settings: Settings, on: date) -> dict:
    """E-mail each leader with an address the reports issued in the last
    `rules.ISSUED_LOOKBACK_DAYS` days they have not received: one message per person, the
    files attached. Nothing is sent without a mail server; safe to run again."""
    require(actor, "outreach.manage")
    result = {"mail": "on" if settings.mail_enabled else "off", "sent": 0, "failed": 0, "messages": []}
    files = issued_since(db, on - timedelta(days=rules.ISSUED_LOOKBACK_DAYS), settings)
    done = store.delivered_reports(db)
    for leader in (u for u in auth.users_with_role(db, "leader") if u.email):
        new = [f for f in files if (f["report_id"], leader.email.lower()) not in done]
        if not new:
            continue
        lang = leader.lang
        subject = t("outreach.mail.subject.issued", lang, n=len(new))
        lines = [
            t("outreach.mail.greeting", lang, name=leader.display_name),
            "",
            t("outreach.mail.intro.issued", lang),
            "",
        ]
        lines += [f"- {f['symbol']} ({fmt_date(f['issued_on'], lang)}): {f['title']}" for f in new]
        lines += ["", t("outreach.mail.footer.issued", lang)]
        result["messages"].append({"to": leader.email, "subject": subject, "files": [f["file_name"] for f in new]})
        if not settings.mail_enabled:
            continue
        message = sending.build(
            settings, to=leader.email, subject=subject, body="\n".join(lines),
            attachments=tuple((f["file_name"], DOCX, f["data"]) for f in new),
        )  # fmt: skip
        outcome = sending.deliver(settings, message)
        row = {
            "day": on.isoformat(), "email": leader.email, "subject": subject, "body": "\n".join(lines), "items": [],
            "status": outcome.status, "answer": outcome.answer, "sent_at": utc_now_iso(),
        }  # fmt: skip
        with db.atomic():
            message_id = store.insert_message(db, row)
            if outcome.status == "delivered":
                store.insert_report_deliveries(
                    db,
                    [
                        {"report_id": f["report_id"], "email": leader.email.lower(), "message_id": message_id}
                        for f in new
                    ],
                )
            audit.record(
                db, actor, "send", "outreach_messages", message_id, None,
                {"email": leader.email, "subject": subject, "status": outcome.status, "answer": outcome.answer},
            )  # fmt: skip
        result["sent" if outcome.status == "delivered" else "failed"] += 1
    return result


def send_periodic_draft(db: Database, actor: User, settings: Settings, on: date) -> dict:
    """After a period's cut-off and before the report is due (the 20th), e-mail the draft
    of the periodic CCHC report, attached, to leadership and staff with an address — once
    per period and address; a missed day is caught up on the next run within the window."""
    require(actor, "outreach.manage")
    period = rules.periodic_period(on)
    result = {"period": period, "mail": "on" if settings.mail_enabled else "off", "sent": 0, "failed": 0, "to": []}
    if period is None:
        return result
    done = store.delivered_drafts(db)
    people = [u for role in ("leader", "staff") for u in auth.users_with_role(db, role) if u.email]
    people = [u for u in people if (period, u.email.lower()) not in done]
    result["to"] = [u.email for u in people]
    if not people or not settings.mail_enabled:
        return result
    drafts = []  # a hook gives one draft or several (the report's package: Tờ trình and draft report)
    for hook in provided("outreach.periodic_draft"):
        found = hook(db, period, settings)
        drafts += found if isinstance(found, list) else [found]
    due = date(on.year, on.month, rules.PERIODIC_REPORT_DUE_DAY)

    def words(lang: str) -> tuple[str, str]:
        return (
            t("outreach.mail.subject.draft", lang, period=period),
            t("outreach.mail.intro.draft", lang, period=period, due=fmt_date(due, lang)),
        )

    result.update(_mail_drafts(db, actor, settings, on, period, people, drafts, words))
    return result


def send_monthly_draft(db: Database, actor: User, settings: Settings, on: date, *, send: bool = True) -> dict:
    """Once the month's figures deadline has passed (rules.monthly_publication_month) and
    until that month's TTHC publication is issued, e-mail its draft (DỰ THẢO), attached, to
    leadership and staff with an address — once per month and address; a missed day is
    caught up by the next run. Without `send` it only says to whom it would go."""
    if send:
        require(actor, "outreach.manage")
    else:
        require(actor, "outreach.view")
    month = rules.monthly_publication_month(db, on)
    result = {"month": month, "mail": "on" if settings.mail_enabled else "off", "sent": 0, "failed": 0, "to": []}
    if month is None:
        return result
    # The month codes (2026-11) never meet the periodic codes (2026-Q4, 2026-H1, 2026), so
    # both drafts share the table of delivered drafts.
    done = store.delivered_drafts(db)
    people = [u for role in ("leader", "staff") for u in auth.users_with_role(db, role) if u.email]
    people = [u for u in people if (month, u.email.lower()) not in done]
    if not people:
        return result
    drafts = [d for hook in provided("outreach.monthly_draft") if (d := hook(db, month, settings)) is not None]
    if not drafts:  # the month is issued: nothing more to draft
        result["month"] = None
        return result
    result["to"] = [u.email for u in people]
    if not send or not settings.mail_enabled:
        return result
    label = f"{int(month[5:])}/{month[:4]}"

    def words(lang: str) -> tuple[str, str]:
        return (
            t("outreach.mail.subject.monthly_draft", lang, month=label),
            t("outreach.mail.intro.monthly_draft", lang, month=label),
        )

    result.update(_mail_drafts(db, actor, settings, on, month, people, drafts, words))
    return result


def _mail_drafts(db: Database, actor: User, settings: Settings, on: date, code: str, people, drafts, words) -> dict:
    """E-mail the `drafts` (attached) to each person, log and audit each message, and note
    each delivered one under `code` (a period or a month) so nobody gets that draft twice.
    `words(lang)` gives the subject and the introduction in the person's language."""
    counts = {"sent": 0, "failed": 0}
    for person in people:
        lang = person.lang
        subject, intro = words(lang)
        body = "\n".join(
            [t("outreach.mail.greeting", lang, name=person.display_name), "", intro, ""]
            + [f"- {d['summary']}" for d in drafts]
            + ["", t("outreach.mail.footer.issued", lang)]
        )
        message = sending.build(
            settings, to=person.email, subject=subject, body=body,
            attachments=tuple((d["file_name"], DOCX, d["data"]) for d in drafts),
        )  # fmt: skip
        outcome = sending.deliver(settings, message)
        row = {
            "day": on.isoformat(), "email": person.email, "subject": subject, "body": body, "items": [],
            "status": outcome.status, "answer": outcome.answer, "sent_at": utc_now_iso(),
        }  # fmt: skip
        with db.atomic():
            message_id = store.insert_message(db, row)
            if outcome.status == "delivered":
                store.insert_draft_deliveries(
                    db, [{"period": code, "email": person.email.lower(), "message_id": message_id}]
                )
            audit.record(
                db, actor, "send", "outreach_messages", message_id, None,
                {"email": person.email, "subject": subject, "status": outcome.status, "answer": outcome.answer},
            )  # fmt: skip
        counts["sent" if outcome.status == "delivered" else "failed"] += 1
    return counts
