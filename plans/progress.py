"""Progress updates and evidence of an activity: dated updates (percent or count towards
the target), links, uploaded files checked by their content, and linked press coverage."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from sqlite_utils import Database

from core import audit, uploads
from core.dates import iso_date
from core.errors import ValidationError
from core.i18n import today_local, utc_now_iso
from core.permissions import User, require
from core.settings import Settings
from core.slices import provided
from core.text import clean_line, nfc, number
from plans import activities, rules, store


def add_progress(
    db: Database,
    actor: User,
    activity_id: int,
    *,
    on_date=None,
    percent=None,
    count=None,
    note: str = "",
    cause: str = "",
    cause_kind: str | None = None,
    today=None,
) -> dict:
    """Record one dated progress update (a percent, or a count towards the target), with,
    when the activity is behind, its cause and whether it is objective or subjective
    (`cause_kind`, activities.CAUSES): reports quote it under "Nguyên nhân".

    The first update starts the activity (actual start); reaching 100 % finishes it
    (status done, actual end). Dates in the future are refused."""
    require(actor, "plans.edit")
    before = activities.get_activity(db, activity_id)
    today = today or today_local()
    day = iso_date(on_date, "on_date") or today.isoformat()
    if day > today.isoformat():
        raise ValidationError("error.progress_future")
    percent = number(percent, "percent")
    count = number(count, "count")
    if percent is None and count is None:
        raise ValidationError("error.progress_empty")
    if percent is not None and percent > 100:
        raise ValidationError("error.progress_percent_range", value=percent)
    if count is not None and not before["target"]:
        raise ValidationError("error.progress_count_without_target")
    cause = activities.cause_text(cause)
    cause_kind = cause_kind or None
    if cause_kind not in (None, *activities.CAUSES):
        raise ValidationError("error.activity_cause_unknown", value=cause_kind)
    if cause_kind and not cause:
        raise ValidationError("error.progress_cause_missing")
    row = {
        "activity_id": activity_id,
        "on_date": day,
        "percent": percent,
        "count": count,
        "note": nfc(note or "").strip() or None,
        "cause": cause,
        "cause_kind": cause_kind if cause else None,
        "author_id": actor.id,
        "created_at": utc_now_iso(),
    }
    reached = rules.progress_percent(percent, count, before["target"], "in_progress")
    with db.atomic():
        progress_id = store.insert_progress(db, row)
        audit.record(db, actor, "create", "progress_updates", progress_id, None, row)
        if reached >= 100 and before["status"] != "done":
            activities.change_status(db, actor, activity_id, "done", day)
        elif before["status"] in ("not_started", "postponed") and reached > 0:
            activities.change_status(db, actor, activity_id, "in_progress", day)
        elif not before["actual_start"]:
            activities.update_activity(db, actor, activity_id, actual_start=day)
    return store.progress_row(db, progress_id)


def add_link(
    db: Database, actor: User, activity_id: int, url: str, note: str = "", progress_id: int | None = None
) -> dict:
    """Attach a web link (http or https) as evidence."""
    require(actor, "plans.edit")
    activities.get_activity(db, activity_id)
    url = clean_line(url)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError("error.evidence_url_invalid", url=url)
    return _insert(
        db,
        actor,
        {
            "activity_id": activity_id,
            "progress_id": progress_id,
            "kind": "link",
            "url": url,
            "note": nfc(note or "").strip() or None,
        },
    )


def add_file(
    db: Database,
    actor: User,
    activity_id: int,
    file_name: str,
    data: bytes,
    note: str = "",
    progress_id: int | None = None,
    *,
    settings: Settings,
) -> dict:
    """Store an uploaded PDF, DOCX, PNG or JPEG (checked by its structure, core.uploads)
    under a random name in the uploads folder; the file exists only if its row does."""
    require(actor, "plans.edit")
    activities.get_activity(db, activity_id)
    checked = uploads.check(data, file_name, max_bytes=settings.upload_max_bytes)
    with uploads.keep(checked, evidence_folder(settings)) as stored:
        return _insert(
            db,
            actor,
            {
                "activity_id": activity_id,
                "progress_id": progress_id,
                "kind": "file",
                "file_name": checked.name,
                "stored_name": stored.name,
                "mime": checked.mime,
                "size": checked.size,
                "note": nfc(note or "").strip() or None,
            },
        )


def evidence_folder(settings: Settings) -> Path:
    return settings.uploads_dir / "plans"


def _insert(db: Database, actor: User, row: dict) -> dict:
    row = {**row, "created_by": actor.id, "created_at": utc_now_iso()}
    with db.atomic():
        evidence_id = store.insert_evidence(db, row)
        audit.record(db, actor, "create", "evidence", evidence_id, None, row)
    return store.evidence_row(db, evidence_id)


def evidence_path(db: Database, user: User, evidence_id: int, *, settings: Settings) -> Path | None:
    """Where an uploaded evidence file lives (None for links)."""
    require(user, "plans.view")
    row = store.evidence_row(db, evidence_id)
    if row is None or row["kind"] != "file":
        return None
    return evidence_folder(settings) / row["stored_name"]


# Other slices show what they hold about an activity (press coverage linked to it) by
# providing this hook in their manifest: function(db, activity_id) -> list of dicts with at
# least id, title, url, outlet, published_at. Plans never imports them.
COVERAGE_HOOK = "plans.activity_coverage"


def linked_coverage(db: Database, activity_id: int) -> list[dict]:
    """What every installed slice providing COVERAGE_HOOK links to the activity, in slice order."""
    return [item for provider in provided(COVERAGE_HOOK) for item in provider(db, activity_id)]


def activity_detail(db: Database, user: User, activity_id: int, today=None) -> dict:
    """Everything the detail view shows: the activity with its derived state, its progress
    history (newest first), evidence (links, files, linked coverage) and audit history."""
    require(user, "plans.view")
    today = today or today_local()
    act = activities.get_activity(db, activity_id)
    history = store.list_progress_with_authors(db, activity_id)
    latest = history[0] if history else {}
    progress = rules.progress_percent(latest.get("percent"), latest.get("count"), act["target"], act["status"])
    due = act["deadline"] or act["planned_end"]
    return {
        "activity": {
            **act,
            "progress": progress,
            "overdue": rules.is_overdue(due, act["status"], today),
            "at_risk": rules.is_at_risk(act["planned_start"], due, act["status"], progress, today),
            "occurrences": rules.occurrences(act["recurrence"], act["planned_start"], due),
        },
        "progress": history,
        "evidence": store.list_evidence(db, activity_id),
        "coverage": linked_coverage(db, activity_id),
        "audit": audit.history(db, "activities", activity_id),
    }
