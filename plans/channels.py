"""Channels (hình thức tuyên truyền): the list activities choose from."""

from __future__ import annotations

from sqlite_utils import Database

from core import audit
from core.errors import ValidationError
from core.permissions import User, require
from core.text import clean_line
from plans import store


def list_channels(db: Database, *, active_only: bool = True) -> list[dict]:
    """The channels to choose from (active ones unless `active_only` is False), in list order."""
    return store.list_channels(db, active_only=active_only)


def add_channel(db: Database, actor: User, *, code: str, name_vi: str, name_en: str = "") -> dict:
    """Extend the list of channels (hình thức); administrators only."""
    require(actor, "plans.channels")
    code, name_vi = clean_line(code).lower(), clean_line(name_vi)
    if not code or not name_vi:
        raise ValidationError("error.channel_incomplete")
    if store.channel_by_code(db, code):
        raise ValidationError("error.channel_code_taken", code=code)
    row = {
        "code": code,
        "name_vi": name_vi,
        "name_en": clean_line(name_en) or None,
        "position": store.next_channel_position(db),
        "active": 1,
    }
    with db.atomic():
        channel_id = store.insert_channel(db, row)
        audit.record(db, actor, "create", "channels", channel_id, None, row)
    return store.channel_by_code(db, code)
