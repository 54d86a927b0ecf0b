"""The monthly publication as services keeps it: the months issued (each with the number,
date and SHA-256 of its document, recorded by the documents slice when it issues one,
through `record_issued`) and whether the public read-only page of those months is on (off
by default; the administrator turns it on). Services reads only this; it never asks the
documents slice which months are issued."""

from __future__ import annotations

import re
from datetime import date

from sqlite_utils import Database

from core import audit
from core.errors import ValidationError
from core.i18n import utc_now_iso
from core.periods import parse_month
from core.permissions import User, require
from services import store

# `evidence_activity_id` was chosen here before the documents slice took the choice over
# (it attaches the issued document to the activity); its migration reads it once from here.
DEFAULTS = {"public_page": False, "evidence_activity_id": None}
_SHA256 = re.compile(r"[0-9a-f]{64}")


def options(db: Database) -> dict:
    """The publication options, with defaults for anything not set."""
    return {**DEFAULTS, **{k: v for k, v in store.settings(db).items() if k in DEFAULTS}}


def set_public_page(db: Database, actor: User, on: bool) -> dict:
    """Turn the public page of issued months on or off (administrator only)."""
    require(actor, "services.admin")
    before = options(db)
    with db.atomic():
        store.put_setting(db, "public_page", bool(on))
        audit.record(
            db,
            actor,
            "update",
            "service_settings",
            "public_page",
            {"public_page": before["public_page"]},
            {"public_page": bool(on)},
        )
    return options(db)


def issued_months(db: Database) -> dict[str, dict]:
    """Each issued month ("2026-10") with its document: register_id, symbol, issued_on, sha256."""
    keys = ("register_id", "symbol", "issued_on", "sha256")
    return {r["month"]: {k: r[k] for k in keys} for r in store.issued_month_rows(db)}


def record_issued(
    db: Database, actor: User, month: str, *, register_id: int, symbol: str, issued_on: str, sha256: str
) -> dict:
    """Record that `month`'s publication was issued as document `symbol` (entry `register_id`
    of the documents' register, issued on `issued_on`, file hash `sha256`). The one write the
    documents slice makes into services, inside its own issuing transaction. A month is
    issued once: recording it again with another document is refused."""
    require(actor, "services.publish")
    month = parse_month(month)
    done = issued_months(db).get(month)
    if done is not None:
        if done["register_id"] == register_id:
            return done
        raise ValidationError("services.error.month_issued", month=month, symbol=done["symbol"])
    if not isinstance(register_id, int) or register_id < 1 or not (symbol or "").strip():
        raise ValidationError("services.error.bad_issue", month=month)
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise ValidationError("services.error.bad_issue", month=month)
    try:
        day = date.fromisoformat(issued_on).isoformat()
    except (TypeError, ValueError):
        raise ValidationError("services.error.bad_issue", month=month) from None
    row = {
        "month": month,
        "register_id": register_id,
        "symbol": symbol.strip(),
        "issued_on": day,
        "sha256": sha256,
        "recorded_by": actor.id,
        "recorded_at": utc_now_iso(),
    }
    with db.atomic():
        store.insert_issued_month(db, row)
        audit.record(db, actor, "create", "service_issued_months", month, None, row)
    return issued_months(db)[month]
