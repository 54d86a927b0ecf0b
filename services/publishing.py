"""Options of the monthly publication, kept by services: whether the public read-only
page is on (off by default; the administrator turns it on) and the plan activity an
issued month becomes evidence of (chosen once; exports, which may read plans, checks
the activity and attaches the issued document)."""

from __future__ import annotations

from sqlite_utils import Database

from core import audit
from core.errors import ValidationError
from core.permissions import User, require
from services import store

DEFAULTS = {"public_page": False, "evidence_activity_id": None}


def options(db: Database) -> dict:
    """The publication options, with defaults for anything not set."""
    return {**DEFAULTS, **{k: v for k, v in store.settings(db).items() if k in DEFAULTS}}


def _put(db: Database, actor: User, key: str, value) -> dict:
    before = options(db)
    with db.atomic():
        store.put_setting(db, key, value)
        audit.record(db, actor, "update", "service_settings", key, {key: before[key]}, {key: value})
    return options(db)


def set_public_page(db: Database, actor: User, on: bool) -> dict:
    """Turn the public page of issued months on or off (administrator only)."""
    require(actor, "services.admin")
    return _put(db, actor, "public_page", bool(on))


def set_evidence_activity(db: Database, actor: User, activity_id: int | None) -> dict:
    """Choose the plan activity ("Công khai hằng tháng kết quả giải quyết TTHC") that each
    issued month becomes evidence of; None stops linking."""
    require(actor, "services.publish")
    if activity_id is not None and (not isinstance(activity_id, int) or activity_id < 1):
        raise ValidationError("services.error.bad_activity", activity=activity_id)
    return _put(db, actor, "evidence_activity_id", activity_id)
