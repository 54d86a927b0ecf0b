"""Reminders (đôn đốc) by e-mail, on the ladder of `outreach.rules.LADDER`.

Only units that still owe an answer are reminded, for every open request whatever its
period. For each (request, unit) and audience (the unit's liaisons, the office's
leadership) the highest rung reached by the day is due unless it was already delivered to
that address — so a missed run is caught up on the next one, and nothing is sent twice.
Each person gets at most one message a day: a digest of everything they are owed or owe.
Every message is logged with the server's answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from core import audit, auth
from core.i18n import fmt_date, t, utc_now_iso
from core.permissions import User, require
from core.settings import Settings
from outreach import rules, sending, store, tracker


@dataclass
class Draft:
    """One message to one person on one day."""

    email: str
    name: str
    lang: str
    audience: str  # liaison | leadership
    cc: set[str] = field(default_factory=set)
    items: list[tuple[int, int, str]] = field(default_factory=list)  # (request, unit, rung) it delivers
    rows: list[dict] = field(default_factory=list)  # everything listed in the digest
    subject: str = ""
    body: str = ""

    def as_dict(self) -> dict:
        return {
            "to": self.email,
            "cc": sorted(self.cc),
            "audience": self.audience,
            "subject": self.subject,
            "body": self.body,
            "items": [list(i) for i in self.items],
        }


def _reached(db: Database, row: dict, audience: str, on: date) -> rules.Rung | None:
    due = date.fromisoformat(row["due_on"])
    found = [r for r in rules.LADDER if r.to == audience and rules.rung_day(db, due, r) <= on]
    return found[-1] if found else None


def plan(db: Database, on: date, *, base_url: str = "") -> list[Draft]:
    """The messages due on `on` (nothing is sent or written). A person already written to
    that day is left for the next run."""
    owing = [r for r in tracker.rows(db, on) if r["state"] in tracker.OWING]
    done = store.reminded(db)
    leaders = [u for u in auth.users_with_role(db, "leader") if u.email]
    drafts: dict[str, Draft] = {}
    escalated: list[dict] = []
    for row in owing:
        pair = (row["request_id"], row["unit_id"])
        rung = _reached(db, row, "liaison", on)
        if rung is not None:
            head = store.unit_head(db, row["unit_id"]) if "head" in rung.cc else None
            for person in store.liaisons_of_unit(db, row["unit_id"]):
                if not person["email"] or (*pair, rung.code, person["email"].lower()) in done:
                    continue
                draft = drafts.setdefault(
                    person["email"].lower(),
                    Draft(person["email"], person["full_name"] or person["username"], "vi", "liaison"),
                )
                draft.items.append((*pair, rung.code))
                if head:
                    draft.cc.add(head["email"])
        rung = _reached(db, row, "leadership", on)
        if rung is not None:
            escalated.append(row)
            for leader in leaders:
                if (*pair, rung.code, leader.email.lower()) in done:
                    continue
                draft = drafts.setdefault(
                    leader.email.lower(), Draft(leader.email, leader.display_name, leader.lang, "leadership")
                )
                draft.items.append((*pair, rung.code))
    for draft in drafts.values():
        if draft.audience == "liaison":
            mine = {unit for _r, unit, _g in draft.items}
            draft.rows = [r for r in owing if r["unit_id"] in mine]
        else:
            draft.rows = escalated
        draft.subject, draft.body = _compose(draft, base_url)
    return [d for key, d in sorted(drafts.items()) if not store.delivered_to_on(db, key, on.isoformat())]


def _line(row: dict, lang: str) -> str:
    state = t(f"outreach.mail.state.{row['state']}", lang, days=row["days"], comment=row.get("comment") or "")
    return t(
        "outreach.mail.line",
        lang,
        title=row["title"],
        unit=row["unit_name"],
        due=fmt_date(row["due_on"], lang),
        state=state,
    )


def _compose(draft: Draft, base_url: str) -> tuple[str, str]:
    lang = draft.lang
    n = len(draft.rows)
    subject = t(f"outreach.mail.subject.{draft.audience}", lang, n=n)
    lines = [
        t("outreach.mail.greeting", lang, name=draft.name),
        "",
        t(f"outreach.mail.intro.{draft.audience}", lang),
        "",
    ]
    lines += [_line(r, lang) for r in draft.rows]
    lines += ["", t("outreach.mail.link", lang, url=base_url or "—"), "", t("outreach.mail.footer", lang)]
    return subject, "\n".join(lines)


def run(db: Database, actor: User, settings: Settings, on: date, *, send: bool) -> dict:
    """The day's reminders: planned always; sent (and logged, one audit row each) when
    `send` and a mail server is configured. Safe to run again the same day."""
    if send:
        require(actor, "outreach.manage")
    else:
        require(actor, "outreach.view")
    drafts = plan(db, on, base_url=settings.base_url)
    result = {"day": on.isoformat(), "mail": "on" if settings.mail_enabled else "off", "sent": 0, "failed": 0}
    if send and settings.mail_enabled:
        for draft in drafts:
            outcome = deliver(db, actor, settings, draft, on)
            result["sent" if outcome.status == "delivered" else "failed"] += 1
    result["messages"] = [d.as_dict() for d in drafts]
    return result


def deliver(db: Database, actor: User, settings: Settings, draft: Draft, on: date) -> sending.Outcome:
    """Send one draft and log it; a delivered one marks its rungs as done, in one transaction."""
    require(actor, "outreach.manage")
    message = sending.build(
        settings, to=draft.email, subject=draft.subject, body=draft.body, cc=tuple(sorted(draft.cc))
    )
    outcome = sending.deliver(settings, message)
    row = {
        "day": on.isoformat(),
        "email": draft.email,
        "cc": ", ".join(sorted(draft.cc)) or None,
        "subject": draft.subject,
        "body": draft.body,
        "items": draft.items,
        "status": outcome.status,
        "answer": outcome.answer,
        "sent_at": utc_now_iso(),
    }
    with db.atomic():
        message_id = store.insert_message(db, row)
        if outcome.status == "delivered":
            store.insert_reminded(
                db,
                [
                    {"request_id": r, "unit_id": u, "rung": g, "email": draft.email.lower(), "message_id": message_id}
                    for r, u, g in draft.items
                ],
            )
        audit.record(
            db, actor, "send", "outreach_messages", message_id, None,
            {"email": draft.email, "subject": draft.subject, "status": outcome.status, "answer": outcome.answer},
        )  # fmt: skip
    return outcome


def message_log(db: Database, actor: User, limit: int = 200) -> list[dict]:
    """The latest messages, newest first: to whom, what, when, and the server's answer."""
    require(actor, "outreach.view")
    return store.list_messages(db, limit)
