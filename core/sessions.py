"""Browser sessions that survive a page reload.

Streamlit's session state lives only as long as one websocket, so a reload would
sign the user out. After a successful sign-in on the /session/login route, the
browser holds an HttpOnly cookie with a random token; the database keeps only the
token's SHA-256, an expiry that slides with use, and the user. Signing out,
disabling the user or changing the password ends the sessions."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from core import store
from core.permissions import User

COOKIE_NAME = "cchc_session"
IDLE_LIFETIME = timedelta(hours=12)
TOUCH_EVERY = timedelta(minutes=1)  # the sliding expiry is written at most this often per session


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def start(db: Database, user: User, *, now: datetime | None = None) -> str:
    """A new session for `user`; returns the token to put in the cookie (never stored)."""
    now = now or _now()
    token = secrets.token_urlsafe(32)
    with db.atomic():
        store.delete_expired_sessions(db, now.isoformat())
        store.insert_session(
            db,
            {
                "token_hash": _hash(token),
                "user_id": user.id,
                "created_at": now.isoformat(),
                "expires_at": (now + IDLE_LIFETIME).isoformat(),
                "last_seen_at": now.isoformat(),
            },
        )
    return token


def resume(db: Database, token: str | None, *, now: datetime | None = None) -> User | None:
    """The active user of a live session token, sliding its expiry; None otherwise.

    Pages call this on every script run, so the expiry is written only when the last
    write is older than TOUCH_EVERY: a click is a read, not a write transaction."""
    if not token or len(token) > 200:
        return None
    now = now or _now()
    row = store.session_user(db, _hash(token), now.isoformat())
    if row is None:
        return None
    seen = row.get("session_last_seen_at")
    if not seen or datetime.fromisoformat(seen) <= now - TOUCH_EVERY:
        with db.atomic():
            store.touch_session(db, _hash(token), now.isoformat(), (now + IDLE_LIFETIME).isoformat())
    return User.from_row(row)


def end(db: Database, token: str | None) -> None:
    if token:
        with db.atomic():
            store.delete_session(db, _hash(token))


def end_all_for(db: Database, user_id: int) -> None:
    """Sign a user out everywhere (disabled account, new password)."""
    with db.atomic():
        store.delete_user_sessions(db, user_id)
