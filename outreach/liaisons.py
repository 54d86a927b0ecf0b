"""Liaison accounts (each unit's CCHC focal point) and the addresses of units' heads.

An administrator creates a liaison one by one or from a CSV (username, unit, e-mail); the
account is an ordinary user with the role "liaison", tied to exactly one unit."""

from __future__ import annotations

import secrets

from sqlite_utils import Database

from core import audit, auth, office_files, units
from core.errors import NotFound, ValidationError
from core.i18n import utc_now_iso
from core.permissions import User, require
from core.text import clean_line
from outreach import store

CSV_COLUMNS = ("username", "unit", "email")
MAX_CSV_BYTES = 1024 * 1024


def _unit(db: Database, text: str) -> dict:
    """A unit by its code, or by a name as offices write it ("Sở TT&TT", "UBND P. Kim Liên")."""
    text = clean_line(text)
    found = units.find_unit(db, text) if text else None
    found = found or (units.match_unit(db, text) if text else None)
    if found is None:
        raise NotFound("outreach.error.unit_unknown", unit=text)
    return found


def new_password() -> str:
    """A first password for an account made from a list; the liaison changes it on first use."""
    return secrets.token_urlsafe(12)


def create_liaison(
    db: Database,
    actor: User,
    *,
    username: str,
    unit: str,
    email: str,
    password: str | None = None,
    full_name: str = "",
) -> tuple[User, str]:
    """Create the account and tie it to its unit, in one transaction. Returns the user and
    the first password (made up when none is given)."""
    require(actor, "outreach.liaisons")
    found = _unit(db, unit)
    email = clean_line(email)
    if "@" not in email:
        raise ValidationError("outreach.error.email_invalid", email=email)
    password = password or new_password()
    with db.atomic():
        user = auth.create_user(
            db, actor, username=username, password=password, role="liaison", full_name=full_name, email=email
        )
        row = {"user_id": user.id, "unit_id": found["id"], "created_at": utc_now_iso()}
        store.insert_liaison(db, row)
        audit.record(
            db,
            actor,
            "create",
            "outreach_liaisons",
            user.id,
            None,
            {"username": user.username, **row, "unit": found["code"]},
        )
    return user, password


def parse_csv(data: bytes) -> list[tuple[int, dict]]:
    """Rows of a liaison list (UTF-8 with or without a byte-order mark; comma, semicolon or
    tab; a header row naming username, unit and email), each with its row number, read by
    the guarded office reader and checked for shape only."""
    return office_files.csv_records(data, CSV_COLUMNS, office_files.limits_for(MAX_CSV_BYTES))


def import_csv(db: Database, actor: User, data: bytes) -> list[dict]:
    """Create every liaison of the list, all or nothing: a bad line (unknown unit, a username
    or address already taken) refuses the whole file and lists every problem with its line.
    Returns [{username, unit, email, password}] — the first passwords, shown once."""
    require(actor, "outreach.liaisons")
    rows = parse_csv(data)
    errors, made = [], []
    with db.atomic():
        for line, row in rows:
            try:
                user, password = create_liaison(
                    db, actor, username=row["username"], unit=row["unit"], email=row["email"]
                )
            except (ValidationError, NotFound) as exc:
                errors.append({"row": line, "key": exc.key, "params": exc.params})
                continue
            made.append({"username": user.username, "unit": row["unit"], "email": user.email, "password": password})
        if errors:
            raise ValidationError("outreach.error.liaison_csv", errors=errors, count=len(errors))
    return made


def list_liaisons(db: Database, actor: User) -> list[dict]:
    require(actor, "outreach.liaisons")
    return store.list_liaisons(db)


def unit_of(db: Database, user: User) -> dict | None:
    """The unit a liaison speaks for (None for anyone else)."""
    if user.role != "liaison" or user.id is None:
        return None
    unit_id = store.liaison_unit_id(db, user.id)
    return units.unit_by_id(db, unit_id) if unit_id else None


def unit_head_of(db: Database, unit: str) -> dict | None:
    """The name and address of a unit's head, if the office recorded them."""
    return store.unit_head(db, _unit(db, unit)["id"])


def set_unit_head(db: Database, actor: User, unit: str, *, name: str, email: str) -> dict:
    """The address of a unit's head, copied on late reminders."""
    require(actor, "outreach.manage")
    found = _unit(db, unit)
    email = clean_line(email)
    if "@" not in email:
        raise ValidationError("outreach.error.email_invalid", email=email)
    before = store.unit_head(db, found["id"])
    row = {"unit_id": found["id"], "name": clean_line(name) or None, "email": email, "updated_at": utc_now_iso()}
    with db.atomic():
        store.put_unit_head(db, row)
        audit.record(db, actor, "update" if before else "create", "outreach_unit_heads", found["id"], before, row)
    return store.unit_head(db, found["id"])
