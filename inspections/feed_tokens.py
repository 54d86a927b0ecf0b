"""Per-user secret calendar-feed tokens, named per device ("điện thoại", "Outlook cơ quan").

The secret is shown once (as https:// and webcal:// URLs) and stored only as its
SHA-256: a high-entropy random token needs no slow hash, and a stolen database gives
no working feed URL. Lookups hash whatever arrives (also malformed input) and find the
row by its hash, so a wrong, revoked or malformed token costs the same work and gets
the same answer."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from sqlite_utils import Database

from core import audit
from core.auth import get_user
from core.errors import NotFound, PermissionDenied, ValidationError
from core.i18n import utc_now_iso
from core.permissions import User, can, require
from core.text import clean_line
from core.units import unit_by_id
from inspections import store

TOKEN_BYTES = 32
_TOKEN_FORMAT = re.compile(r"[A-Za-z0-9_-]{43}")
_DUMMY = "x" * 43  # hashed in place of malformed input, so every request does the same work
TOUCH_EVERY = timedelta(minutes=5)  # last-used time is kept to this precision (fewer writes)


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def feed_urls(secret: str, base_url: str) -> dict[str, str]:
    """The feed's https:// URL (`base_url` is CCHC_BASE_URL) and the same address as webcal://."""
    https = f"{base_url}/calendar/{secret}.ics"
    parts = urlsplit(https)
    return {"https": https, "webcal": urlunsplit(("webcal",) + tuple(parts)[1:])}


def _public(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "token_hash"}


def create_token(
    db: Database,
    actor: User,
    name: str,
    *,
    scope: str = "mine",
    unit_id: int | None = None,
    member_id: int | None = None,
    alarms: bool = False,
) -> tuple[dict, str]:
    """A new named feed for `actor`; returns (token row without its hash, the secret).

    The secret is never stored or shown again. Scope "all" (every inspection, optionally
    one unit's or one team member's) is for office staff; "mine" is for everyone."""
    require(actor, "account.self")
    name = clean_line(name)
    if not name:
        raise ValidationError("inspections.error.token_name")
    if scope not in store.FEED_SCOPES:
        raise ValidationError("inspections.error.token_scope", scope=scope)
    if scope == "all" and not can(actor, "inspections.edit"):
        raise PermissionDenied("inspections.error.token_scope_staff")
    if scope == "mine":
        unit_id = member_id = None
    if unit_id is not None and unit_by_id(db, unit_id) is None:
        raise ValidationError("inspections.error.unit_unknown", unit=unit_id)
    if member_id is not None and get_user(db, member_id) is None:
        raise ValidationError("inspections.error.member_unknown", user=member_id)
    secret = secrets.token_urlsafe(TOKEN_BYTES)
    row = {
        "user_id": actor.id,
        "name": name,
        "token_hash": hash_token(secret),
        "scope": scope,
        "filter_unit_id": unit_id,
        "filter_user_id": member_id,
        "alarms": int(bool(alarms)),
        "created_at": utc_now_iso(),
    }
    with db.atomic():
        token_id = store.insert_token(db, row)
        audit.record(db, actor, "create", "calendar_tokens", token_id, None, _public(row))
    return _public(store.token_row(db, token_id)), secret


def list_tokens(db: Database, actor: User) -> list[dict]:
    """The acting user's own feeds (revoked ones too, marked), without hashes."""
    require(actor, "account.self")
    return [_public(r) for r in store.tokens(db, actor.id)]


def list_all_tokens(db: Database, actor: User) -> list[dict]:
    """Every user's feeds, for an administrator."""
    require(actor, "calendar.revoke_any")
    return [_public(r) for r in store.tokens(db)]


def _own_or_admin(db: Database, actor: User, token_id: int) -> dict:
    require(actor, "account.self")
    row = store.token_row(db, token_id)
    if row is None:
        raise NotFound("inspections.error.token_not_found", id=token_id)
    if row["user_id"] != actor.id:
        require(actor, "calendar.revoke_any")
    return row


def revoke_token(db: Database, actor: User, token_id: int) -> dict:
    """Stop a feed at once (its URL then answers 404). The owner, or an administrator."""
    row = _own_or_admin(db, actor, token_id)
    if row["revoked_at"]:
        return _public(row)
    changes = {"revoked_at": utc_now_iso()}
    with db.atomic():
        store.update_token(db, token_id, changes)
        audit.record(db, actor, "revoke", "calendar_tokens", token_id, {"revoked_at": None}, changes)
    return _public(store.token_row(db, token_id))


def rotate_token(db: Database, actor: User, token_id: int) -> tuple[dict, str]:
    """Give a feed a new secret (the old URL stops working); returns (row, new secret). Owner only."""
    require(actor, "account.self")
    row = store.token_row(db, token_id)
    if row is None or row["user_id"] != actor.id:
        raise NotFound("inspections.error.token_not_found", id=token_id)
    if row["revoked_at"]:
        raise NotFound("inspections.error.token_not_found", id=token_id)
    secret = secrets.token_urlsafe(TOKEN_BYTES)
    with db.atomic():
        store.update_token(db, token_id, {"token_hash": hash_token(secret), "last_used_at": None})
        audit.record(db, actor, "rotate", "calendar_tokens", token_id, None, {"name": row["name"]})
    return _public(store.token_row(db, token_id)), secret


def resolve(db: Database, secret: str, *, touch: bool = True) -> dict | None:
    """The live token (and its owner) for `secret`, or None for wrong, revoked, malformed,
    or a disabled owner — one hash and one indexed lookup in every case."""
    well_formed = bool(_TOKEN_FORMAT.fullmatch(secret or ""))
    wanted = hash_token(secret if well_formed else _DUMMY)
    row = store.token_by_hash(db, wanted)
    ok = row is not None and hmac.compare_digest(row["token_hash"], wanted)
    if not (ok and well_formed) or row["revoked_at"] or not row["user_active"]:
        return None
    if row["scope"] == "all" and row["user_role"] not in ("admin", "staff"):
        return None  # the owner has since lost office rights
    if touch:
        now = datetime.now(UTC).replace(microsecond=0)
        last = datetime.fromisoformat(row["last_used_at"]) if row["last_used_at"] else None
        if last is None or now - last >= TOUCH_EVERY:
            with db.atomic():
                store.touch_token(db, row["id"], now.isoformat())
            row["last_used_at"] = now.isoformat()
    return row
