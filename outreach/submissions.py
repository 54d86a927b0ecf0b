"""A unit's answer to a request (a file and/or the request's fields), and the office's
review of it: accepted answers flow into the slice that owns the figures (progress into
plans, remedy reports into inspections' follow-up); returned ones go back with a comment."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from core import audit, uploads
from core.errors import NotFound, ValidationError
from core.i18n import today_local, utc_now_iso
from core.permissions import User, require
from core.settings import Settings
from core.text import nfc, number
from inspections import followup
from outreach import access, rules, store
from plans import progress


def submissions_folder(settings: Settings) -> Path:
    return settings.uploads_dir / "outreach"


def _request(db: Database, request_id: int) -> dict:
    row = store.request_row(db, request_id)
    if row is None:
        raise NotFound("outreach.error.request_not_found", id=request_id)
    return row


def _clean_fields(kind: str, fields: dict | None) -> dict:
    clean = {}
    for name, type_ in rules.KIND_FIELDS.get(kind, ()):
        value = (fields or {}).get(name)
        if type_ == "number":
            value = number(value, name)
            if value is not None and not 0 <= value <= 100:
                raise ValidationError("outreach.error.percent_range", value=value)
        else:
            value = nfc(value or "").strip() or None
        if value is not None:
            clean[name] = value
    return clean


def submit(
    db: Database,
    user: User,
    request_id: int,
    *,
    unit_id: int | None = None,
    fields: dict | None = None,
    file: tuple[str, bytes] | None = None,
    note: str = "",
    settings: Settings | None = None,
    today: date | None = None,
) -> dict:
    """Record a unit's answer. A liaison answers for its own unit only (`unit_id` defaults
    to it); staff may record an answer that came by letter. The day it counts as submitted
    is today in Hà Nội."""
    require(user, "outreach.submit")
    mine = access.scope(db, user)
    unit_id = mine if unit_id is None else unit_id
    if unit_id is None:
        raise ValidationError("outreach.error.unit_missing")
    access.require_unit(db, user, unit_id)
    request = _request(db, request_id)
    if unit_id not in {u["id"] for u in store.request_units(db, request_id)}:
        raise NotFound("outreach.error.request_not_found", id=request_id)
    if request["status"] != "open":
        raise ValidationError("outreach.error.request_closed")
    clean = _clean_fields(request["kind"], fields)
    checked = None
    if file is not None:
        if settings is None:
            raise ValueError("settings are needed to keep a submitted file")
        checked = uploads.check(file[1], file[0], max_bytes=settings.upload_max_bytes)
    if not clean and checked is None:
        raise ValidationError("outreach.error.submission_empty")
    row = {
        "request_id": request_id,
        "unit_id": unit_id,
        "submitted_at": utc_now_iso(),
        "submitted_on": (today or today_local()).isoformat(),
        "submitted_by": user.id,
        "note": nfc(note or "").strip() or None,
        "fields": json.dumps(clean, ensure_ascii=False) if clean else None,
        "status": "submitted",
    }
    if checked is None:
        with db.atomic():
            return _insert(db, user, row, request["title"])
    with uploads.keep(checked, submissions_folder(settings)) as stored, db.atomic():
        row.update(file_name=checked.name, stored_name=stored.name, mime=checked.mime, size=checked.size)
        return _insert(db, user, row, request["title"])


def _insert(db: Database, user: User, row: dict, title: str) -> dict:
    submission_id = store.insert_submission(db, row)
    fields = json.loads(row["fields"] or "{}")  # each field as itself in the log, not a JSON string
    shown = {"title": title, **{k: v for k, v in row.items() if k != "fields"}, **fields}
    audit.record(db, user, "create", "outreach_submissions", submission_id, None, shown)
    return store.submission_row(db, submission_id)


def _submission(db: Database, submission_id: int) -> dict:
    row = store.submission_row(db, submission_id)
    if row is None:
        raise NotFound("outreach.error.submission_not_found", id=submission_id)
    return row


def _source(request: dict, prefix: str) -> int | None:
    kind, _, value = (request.get("source") or "").partition(":")
    return int(value) if kind == prefix and value.isdigit() else None


def _apply(db: Database, actor: User, request: dict, submission: dict) -> str | None:
    """Write an accepted answer into the slice that owns it, through that slice's own
    functions (its rules, permissions and audit). Returns what was written."""
    fields = json.loads(submission["fields"] or "{}")
    note = fields.get("text") or submission["note"] or ""
    activity_id = _source(request, "activity")
    if request["kind"] == "activity_progress" and activity_id and fields.get("percent") is not None:
        row = progress.add_progress(
            db, actor, activity_id, on_date=submission["submitted_on"], percent=fields["percent"], note=note
        )
        return f"progress_updates:{row['id']}"
    if request["kind"] != "remedy":
        return None
    rec_ids = [_source(request, "recommendation")]
    inspection_id = _source(request, "inspection")
    if inspection_id:  # a remedy report answers every open recommendation of the conclusion notice
        rec_ids = [r["id"] for r in followup.list_recommendations(db, inspection_id) if r["status"] == "open"]
    rec_ids = [r for r in rec_ids if r]
    for rec_id in rec_ids:
        followup.add_followup(
            db,
            actor,
            rec_id,
            on_date=submission["submitted_on"],
            kind="remedy_report",
            text=note or submission["file_name"] or "",
            file=submission["file_name"] or "",
        )
    return f"recommendations:{','.join(map(str, rec_ids))}" if rec_ids else None


def accept(db: Database, actor: User, submission_id: int) -> dict:
    """Accept an answer; what it carries goes into the owning slice in the same transaction."""
    require(actor, "outreach.manage")
    before = _submission(db, submission_id)
    if before["status"] != "submitted":
        raise ValidationError("outreach.error.not_reviewable")
    request = _request(db, before["request_id"])
    with db.atomic():
        applied = _apply(db, actor, request, before)
        changes = {"status": "accepted", "reviewed_by": actor.id, "reviewed_at": utc_now_iso(), "applied": applied}
        store.update_submission(db, submission_id, changes)
        audit.record(db, actor, "accept", "outreach_submissions", submission_id, before, {**before, **changes})
    return store.submission_row(db, submission_id)


def return_for_revision(db: Database, actor: User, submission_id: int, comment: str) -> dict:
    """Send an answer back with a comment; the unit owes a revised one."""
    require(actor, "outreach.manage")
    before = _submission(db, submission_id)
    if before["status"] != "submitted":
        raise ValidationError("outreach.error.not_reviewable")
    comment = nfc(comment or "").strip()
    if not comment:
        raise ValidationError("outreach.error.comment_empty")
    changes = {"status": "returned", "reviewed_by": actor.id, "reviewed_at": utc_now_iso(), "review_comment": comment}
    with db.atomic():
        store.update_submission(db, submission_id, changes)
        audit.record(db, actor, "return", "outreach_submissions", submission_id, before, {**before, **changes})
    return store.submission_row(db, submission_id)


def to_review(db: Database, user: User) -> list[dict]:
    """Answers waiting for the office's review, oldest first (the office only)."""
    if access.scope(db, user) is not None:
        return []
    return store.submissions_to_review(db)


def list_submissions(db: Database, user: User, request_id: int) -> list[dict]:
    """A request's answers: every unit's for the office, its own unit's for a liaison."""
    return store.submissions_of(db, request_id, access.scope(db, user))


def submission_file(db: Database, user: User, submission_id: int, *, settings: Settings) -> tuple[dict, bytes]:
    row = _submission(db, submission_id)
    access.require_unit(db, user, row["unit_id"])
    if not row["stored_name"]:
        raise NotFound("outreach.error.submission_not_found", id=submission_id)
    return row, (submissions_folder(settings) / row["stored_name"]).read_bytes()
