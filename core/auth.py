"""Local accounts: argon2id password hashes, sign-in throttled per (username, client
address), user administration, and mapping a single-sign-on identity to a local account.

Every failed sign-in (unknown user, wrong password, throttled, disabled) gets the same
answer after the same work (one hash verification, one throttle row and one audit row
written), so neither the answer nor its time tells anything about the account. Failures
slow down only the address they came from: the real user signs in from elsewhere while
an attacker's address waits longer after each try."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlite_utils import Database

from core import audit, store
from core.errors import AppError, NotFound, ValidationError
from core.i18n import utc_now_iso
from core.permissions import ROLES, User, require
from core.text import has_hidden, nfc, visible_line

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against for unknown usernames, so they take as long as known ones.
_DUMMY_HASH = _hasher.hash("not-a-password")


def use_hasher(hasher: PasswordHasher) -> None:
    """Hash and verify with `hasher` from now on (tests use cheap parameters; the app
    never calls this). The dummy hash is remade so unknown users still cost the same."""
    global _hasher, _DUMMY_HASH
    _hasher = hasher
    _DUMMY_HASH = hasher.hash("not-a-password")


# Who a failed sign-in with a name that is no account's is recorded as.
ANONYMOUS = User(id=None, username="?", role="leader", full_name="", active=False)

MIN_PASSWORD_LENGTH = 8
FREE_ATTEMPTS = 5  # failures from one address for one username before it must wait
BASE_DELAY = timedelta(seconds=2)  # doubles with each further failure
MAX_DELAY = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=24)  # a pair's failures are forgotten after a quiet day


class AuthError(AppError):
    """Login refused. The message never says whether the username exists."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_password_rules(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError("error.password_too_short", n=MIN_PASSWORD_LENGTH)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def throttle_delay(failures: int) -> timedelta | None:
    """How long one (username, address) pair waits after `failures` consecutive failures."""
    if failures < FREE_ATTEMPTS:
        return None
    return min(BASE_DELAY * (2 ** min(failures - FREE_ATTEMPTS, 20)), MAX_DELAY)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password or "") and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def login(db: Database, username: str, password: str, *, client: str = "", now: datetime | None = None) -> User:
    """Return the user for a correct username and password, or raise AuthError.

    `client` is the caller's address (the HTTP peer; "" from the command line). Unknown
    user, wrong password, a throttled pair and a disabled account all verify one hash
    and raise the same error."""
    now = now or _now()
    name = (username or "").strip()
    key, client = name.casefold()[:200], (client or "")[:100]
    row = store.user_by_username(db, name)
    throttle = store.login_throttle(db, key, client)
    if throttle and datetime.fromisoformat(throttle["last_failure_at"]) < now - FORGET_AFTER:
        throttle = None
    waiting = bool(throttle and throttle["not_before"] and datetime.fromisoformat(throttle["not_before"]) > now)
    ok = _verify(row["password_hash"] if row else None, password)  # always one verification
    if ok and not waiting and row["active"]:
        actor = User.from_row(row)
        changes = {"failed_logins": 0, "locked_until": None, "last_login_at": now.isoformat()}
        if _hasher.check_needs_rehash(row["password_hash"]):
            changes["password_hash"] = hash_password(password)
        with db.atomic():
            store.update_user(db, row["id"], changes)
            store.delete_login_throttle(db, key, client)
            audit.record(db, actor, "login", "users", row["id"])
        return actor
    failures = (throttle["failures"] if throttle else 0) + (0 if waiting else 1)
    delay = throttle_delay(failures)
    with db.atomic():
        store.delete_stale_login_throttles(db, (now - FORGET_AFTER).isoformat())
        if not waiting:
            store.put_login_throttle(
                db,
                {
                    "username": key,
                    "client": client,
                    "failures": failures,
                    "last_failure_at": now.isoformat(),
                    "not_before": (now + delay).isoformat() if delay else None,
                },
            )
        # The same writes whether or not the name is an account's: one throttle row, one
        # audit row (an unknown name is not written down: it may be a mistyped password).
        detail = {"client": client, "failures": failures, "throttled": waiting}
        detail |= {"known": row is not None, "active": bool(row and row["active"])}
        actor = User.from_row(row) if row is not None else ANONYMOUS
        audit.record(db, actor, "login_failed", "users", row["id"] if row else None, None, detail)
    raise AuthError("error.login_failed")


def user_for_sso_email(db: Database, email: str) -> User:
    """The active local account whose e-mail matches a single-sign-on identity."""
    row = store.user_by_email(db, (email or "").strip()) if email else None
    if row is None:
        raise AuthError("error.sso_no_account", email=email or "")
    if not row["active"]:
        raise AuthError("error.login_disabled")
    return User.from_row(row)


def get_user(db: Database, user_id: int) -> User | None:
    row = store.user_row(db, user_id)
    return User.from_row(row) if row else None


def find_user(db: Database, username: str) -> User | None:
    """The account with this user name (active or not), or None."""
    row = store.user_by_username(db, username)
    return User.from_row(row) if row else None


def list_users(db: Database, actor: User) -> list[dict]:
    require(actor, "users.manage")
    return [{k: v for k, v in r.items() if k != "password_hash"} for r in store.list_users(db)]


def users_with_role(db: Database, role: str) -> list[User]:
    return [User.from_row(r) for r in store.users_with_role(db, role)]


def create_user(
    db: Database,
    actor: User,
    *,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    email: str = "",
    lang: str = "vi",
) -> User:
    require(actor, "users.manage")
    username = (username or "").strip()
    if not username or has_hidden(username):  # no spaces, controls, zero-width or bidi characters
        raise ValidationError("error.username_invalid")
    username = nfc(username)
    if role not in ROLES:
        raise ValidationError("error.role_unknown", role=role)
    _check_password_rules(password)
    if store.user_by_username(db, username):
        raise ValidationError("error.username_taken", username=username)
    email = (email or "").strip()
    if email and store.user_by_email(db, email):
        raise ValidationError("error.email_taken", email=email)
    row = {
        "username": username,
        "full_name": visible_line(full_name),
        "email": email or None,
        "role": role,
        "password_hash": hash_password(password),
        "active": 1,
        "lang": lang if lang in ("vi", "en") else "vi",
        "failed_logins": 0,
        "created_at": utc_now_iso(),
    }
    with db.atomic():
        user_id = store.insert_user(db, row)
        audit.record(db, actor, "create", "users", user_id, None, _public(row))
    return get_user(db, user_id)


def _public(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("password_hash", "id")}


def _update(
    db: Database, actor: User, user_id: int, changes: dict, action: str = "update", *, end_sessions: bool = False
) -> User:
    row = store.user_row(db, user_id)
    if row is None:
        raise NotFound("error.user_not_found", user=user_id)
    with db.atomic():
        store.update_user(db, user_id, changes)
        if end_sessions:  # a disabled account or a new password signs the user out everywhere
            store.delete_user_sessions(db, user_id)
        audit.record(db, actor, action, "users", user_id, _public(row), _public({**row, **changes}))
    return get_user(db, user_id)


def _id_for(db: Database, username: str) -> int:
    row = store.user_by_username(db, username)
    if row is None:
        raise NotFound("error.user_not_found", user=username)
    return row["id"]


def set_role(db: Database, actor: User, username: str, role: str) -> User:
    require(actor, "users.manage")
    if role not in ROLES:
        raise ValidationError("error.role_unknown", role=role)
    user_id = _id_for(db, username)
    if role != "admin":
        _keep_an_admin(db, user_id)
    return _update(db, actor, user_id, {"role": role})


def set_active(db: Database, actor: User, username: str, active: bool) -> User:
    require(actor, "users.manage")
    user_id = _id_for(db, username)
    if not active and actor.id == user_id:
        raise ValidationError("error.cannot_disable_self")
    if not active:
        _keep_an_admin(db, user_id)
    return _update(db, actor, user_id, {"active": int(active)}, end_sessions=not active)


def _keep_an_admin(db: Database, user_id: int) -> None:
    """Refuse a change that would leave no active administrator (nobody could manage users)."""
    admins = [row["id"] for row in store.users_with_role(db, "admin")]
    if admins == [user_id]:
        raise ValidationError("error.last_admin")


def change_user(
    db: Database, actor: User, username: str, *, role: str, active: bool, new_password: str = ""
) -> tuple[User, list[str]]:
    """An administrator's changes to one account (role, active, a new password) checked
    together and saved in one transaction. Returns the user and the names of the fields
    that changed (none: nothing was written)."""
    require(actor, "users.manage")
    user_id = _id_for(db, username)
    row = store.user_row(db, user_id)
    if role not in ROLES:
        raise ValidationError("error.role_unknown", role=role)
    changes: dict = {}
    if role != row["role"]:
        changes["role"] = role
    if bool(active) != bool(row["active"]):
        if not active and actor.id == user_id:
            raise ValidationError("error.cannot_disable_self")
        changes["active"] = int(active)
    if changes.get("role", "admin") != "admin" or changes.get("active") == 0:
        _keep_an_admin(db, user_id)
    if new_password:
        _check_password_rules(new_password)
        changes |= {"password_hash": hash_password(new_password), "failed_logins": 0, "locked_until": None}
    if not changes:
        return get_user(db, user_id), []
    ends_sessions = bool(new_password) or changes.get("active") == 0
    with db.atomic():
        if new_password:
            store.delete_login_throttle(db, row["username"].strip().casefold())
        user = _update(db, actor, user_id, changes, end_sessions=ends_sessions)
    return user, [k for k in ("role", "active", "password_hash") if k in changes]


def reset_password(db: Database, actor: User, username: str, new_password: str) -> User:
    """An administrator sets a new password (and lifts every sign-in delay on the name)."""
    require(actor, "users.manage")
    _check_password_rules(new_password)
    changes = {"password_hash": hash_password(new_password), "failed_logins": 0, "locked_until": None}
    user_id = _id_for(db, username)
    with db.atomic():
        store.delete_login_throttle(db, username.strip().casefold())
        return _update(db, actor, user_id, changes, "reset_password", end_sessions=True)


def change_password(db: Database, actor: User, old_password: str, new_password: str) -> None:
    """A user changes their own password, proving the old one."""
    require(actor, "account.self")
    row = store.user_row(db, actor.id)
    try:
        _hasher.verify(row["password_hash"], old_password or "")
    except (VerificationError, InvalidHashError):
        raise ValidationError("error.old_password_wrong") from None
    _check_password_rules(new_password)
    if new_password == old_password:
        raise ValidationError("error.password_unchanged")
    _update(db, actor, actor.id, {"password_hash": hash_password(new_password)}, "change_password", end_sessions=True)


def set_language(db: Database, actor: User, lang: str) -> User:
    require(actor, "account.self")
    if lang not in ("vi", "en"):
        raise ValidationError("error.lang_unknown", lang=lang)
    return _update(db, actor, actor.id, {"lang": lang})
