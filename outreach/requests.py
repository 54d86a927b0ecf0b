"""Requests the office sends to units: what is asked, from which units (a unit group or a
list), by when, with the files that go with it (an outline, an indicator table)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlite_utils import Database

from core import audit, units, uploads
from core.dates import iso_date
from core.errors import NotFound, ValidationError
from core.i18n import today_local, utc_now_iso
from core.permissions import User, require
from core.settings import Settings
from core.text import clean_line, nfc
from outreach import access, rules, store


def attachments_folder(settings: Settings) -> Path:
    return settings.uploads_dir / "outreach"


def _unit_ids(db: Database, unit_codes, group_codes, day: date) -> list[int]:
    ids: dict[int, None] = {}
    for code in group_codes or ():
        for unit in units.expand_group(db, units.get_group(db, code), day):
            ids[unit["id"]] = None
    for code in unit_codes or ():
        ids[units.get_unit(db, code)["id"]] = None
    return list(ids)


def create_request(
    db: Database,
    actor: User,
    *,
    kind: str,
    title: str,
    unit_codes=(),
    group_codes=(),
    due_on: date | str | None = None,
    period: str = "",
    starts_from: date | str | None = None,
    note: str = "",
    source: str = "",
    files: list[tuple[str, bytes]] = (),
    settings: Settings | None = None,
    today: date | None = None,
) -> dict:
    """Ask units for something. Without `due_on` the deadline comes from the rules
    (`outreach.rules.REQUEST_KINDS`): the period's cut-off, or `starts_from` (the visit day,
    the conclusion notice). Every file is checked by its content before anything is written."""
    require(actor, "outreach.manage")
    if kind not in rules.REQUEST_KINDS:
        raise ValidationError("outreach.error.kind_unknown", kind=kind)
    title = clean_line(title)
    if not title:
        raise ValidationError("outreach.error.title_empty")
    period = clean_line(period).upper()
    if period:
        rules.cutoff(period)  # refuses an unknown period code
    today = today or today_local()
    day = iso_date(due_on, "due_on")
    if day is None:
        start = iso_date(starts_from, "starts_from")
        found = rules.default_due(db, kind, period=period, on=date.fromisoformat(start) if start else None)
        if found is None:
            raise ValidationError("outreach.error.due_missing")
        day = found.isoformat()
    unit_ids = _unit_ids(db, unit_codes, group_codes, today)
    if not unit_ids:
        raise ValidationError("outreach.error.no_units")
    if files and settings is None:
        raise ValueError("settings are needed to keep attachments")
    checked = [uploads.check(data, name, max_bytes=settings.upload_max_bytes) for name, data in files]
    row = {
        "kind": kind,
        "title": title,
        "period": period or None,
        "due_on": day,
        "note": nfc(note or "").strip() or None,
        "source": clean_line(source) or None,
        "status": "open",
        "created_by": actor.id,
        "created_at": utc_now_iso(),
    }
    with db.atomic():
        request_id = store.insert_request(db, row, unit_ids)
        audit.record(db, actor, "create", "outreach_requests", request_id, None, {**row, "unit_ids": unit_ids})
        for item in checked:
            _keep_attachment(db, actor, request_id, item, settings)
    return get_request(db, actor, request_id)


def _keep_attachment(db: Database, actor: User, request_id: int, checked: uploads.Checked, settings: Settings) -> None:
    with uploads.keep(checked, attachments_folder(settings)) as stored:
        row = {
            "request_id": request_id,
            "file_name": checked.name,
            "stored_name": stored.name,
            "mime": checked.mime,
            "size": checked.size,
        }
        attachment_id = store.insert_attachment(db, row)
        audit.record(db, actor, "create", "outreach_attachments", attachment_id, None, row)


def close_request(db: Database, actor: User, request_id: int) -> dict:
    """Stop tracking and reminding: what is still missing is no longer asked for."""
    require(actor, "outreach.manage")
    before = _row(db, request_id)
    with db.atomic():
        store.update_request(db, request_id, {"status": "closed"})
        audit.record(
            db, actor, "close", "outreach_requests", request_id, {"status": before["status"]}, {"status": "closed"}
        )
    return store.request_row(db, request_id)


def _row(db: Database, request_id: int) -> dict:
    row = store.request_row(db, request_id)
    if row is None:
        raise NotFound("outreach.error.request_not_found", id=request_id)
    return row


def get_request(db: Database, user: User, request_id: int) -> dict:
    """A request with its units and attachments; a liaison sees it only if its unit is asked,
    and then only its own unit among the units."""
    unit_id = access.scope(db, user)
    row = _row(db, request_id)
    asked = store.request_units(db, request_id)
    if unit_id is not None:
        asked = [u for u in asked if u["id"] == unit_id]
        if not asked:
            raise NotFound("outreach.error.request_not_found", id=request_id)
    return {**row, "units": asked, "attachments": store.attachments(db, request_id)}


def list_requests(db: Database, user: User, status: str | None = "open") -> list[dict]:
    """The requests `user` may see: all of them for the office, its unit's for a liaison."""
    return store.list_requests(db, status=status, unit_id=access.scope(db, user))


def attachment_file(db: Database, user: User, attachment_id: int, *, settings: Settings) -> tuple[dict, bytes]:
    """An attachment's row and bytes, for whoever may see its request."""
    row = store.attachment_row(db, attachment_id)
    if row is None:
        raise NotFound("outreach.error.attachment_not_found", id=attachment_id)
    get_request(db, user, row["request_id"])
    return row, (attachments_folder(settings) / row["stored_name"]).read_bytes()
