"""Per-office settings kept in the database (an administrator edits them): the
names and numbering that go on official documents, and similar choices."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from core import audit, store
from core.permissions import User, require

DEFAULTS: dict[str, Any] = {
    "parent_body": "UBND THÀNH PHỐ HÀ NỘI",
    "issuing_body": "SỞ NỘI VỤ",
    "doc_symbol": "SNV",  # as in "Số: 15/BC-SNV"
    "place": "Hà Nội",
    "signer_authority": "KT. GIÁM ĐỐC",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "signer_name": "",
    "recipients": ["UBND Thành phố (để báo cáo)", "Bộ Nội vụ (để báo cáo)", "Giám đốc Sở (để báo cáo)"],
    "archive_note": "VT, CCHC",
}


def get_office(db: Database) -> dict[str, Any]:
    """The office's settings, with defaults for anything not yet set."""
    return {**DEFAULTS, **store.get_office_settings(db)}


def set_office(db: Database, actor: User, changes: dict[str, Any]) -> dict[str, Any]:
    require(actor, "settings.manage")
    unknown = set(changes) - set(DEFAULTS)
    if unknown:
        raise KeyError(f"unknown office settings: {sorted(unknown)}")
    before = get_office(db)
    with db.atomic():
        for key, value in changes.items():
            store.put_office_setting(db, key, value)
        audit.record(db, actor, "update", "office_settings", None, before, {**before, **changes})
    return get_office(db)
