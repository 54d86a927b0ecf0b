"""The audit log: who changed what, when, before and after.

Every write function in every slice calls `record` inside the same transaction as
the change itself, so a change and its audit row commit or roll back together."""

from __future__ import annotations

import json
import re
from typing import Any

from sqlite_utils import Database

from core import store
from core.i18n import catalogue, fmt_date, fmt_datetime, t, utc_now_iso
from core.permissions import User, require

SIGN_IN_ACTIONS = ("login", "login_failed")
_NAME_FIELDS = ("username", "code", "number", "name", "title", "term", "host", "day")
_SECRET_FIELDS = ("password_hash", "token_hash", "secret")


def record(
    db: Database,
    actor: User,
    action: str,
    table_name: str,
    record_id: Any,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """Append one audit row. `action` is create, update, delete, or a verb such as login."""
    if before is not None and after is not None:
        before, after = _changed_only(before, after)
    store.insert_audit(
        db,
        {
            "at": utc_now_iso(),
            "actor_id": actor.id,
            "actor": actor.username,
            "action": action,
            "table_name": table_name,
            "record_id": None if record_id is None else str(record_id),
            "before": before,
            "after": after,
        },
    )


def _changed_only(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def browse(db: Database, user: User, **filters) -> list[dict]:
    """Audit rows, newest first; administrators only."""
    require(user, "audit.view")
    return store.query_audit(db, **filters)


def word(prefix: str, name: str, lang: str) -> str:
    """A catalogue word for a table, action or field; an unknown one as readable text."""
    key = f"{prefix}.{name}"
    return t(key, lang) if key in catalogue() else name.replace("_", " ")


# Fields that hold a person or a unit, shown by name rather than by id or code.
_USER_FIELDS = {
    "created_by", "updated_by", "reviewed_by", "inspector_id", "user_id", "actor_id", "author_id", "member_ids",
}
_UNIT_FIELDS = {"unit_id", "lead_unit_id", "parent_id", "coordinating_unit_ids", "unit", "target_unit", "successors"}
_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d|Z)?$")
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def names(db: Database) -> dict[str, dict]:
    """What an audit row's ids and codes stand for: people by id, units by id and by code."""
    units = store.list_units(db)
    return {
        "users": {u["id"]: u["full_name"] or u["username"] for u in store.list_users(db)},
        "usernames": {u["username"]: u["full_name"] or u["username"] for u in store.list_users(db)},
        "units": {u["id"]: u["name"] for u in units} | {u["code"]: u["name"] for u in units},
    }


def _named(field: str, value: Any, known: dict[str, dict]) -> Any:
    """A person or unit id (or unit code) as its name; anything else as it is."""
    lookup = known.get("users") if field in _USER_FIELDS else known.get("units") if field in _UNIT_FIELDS else None
    if not lookup:
        return value
    if isinstance(value, list):
        return ", ".join(str(lookup.get(v, v)) for v in value)
    return lookup.get(value, value)


def _value(value: Any, lang: str, field: str = "", known: dict[str, dict] | None = None) -> str:
    if value is None or value in ("", [], {}):
        return "—"
    if isinstance(value, bool):
        return t("common.yes" if value else "common.no", lang)
    value = _named(field, value, known or {})
    if field == "role" and f"role.{value}" in catalogue():
        return t(f"role.{value}", lang)
    if isinstance(value, str) and _DATETIME.match(value):
        try:
            return fmt_datetime(value.replace("Z", "+00:00"), lang)  # stored in UTC, read in Hà Nội time
        except ValueError:
            pass
    if isinstance(value, str) and _DATE.match(value):
        try:
            return fmt_date(value, lang)
        except ValueError:
            pass
    if isinstance(value, (list, dict)):
        value = _flat(value, lang)
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _flat(value: Any, lang: str) -> str:
    """A list or a record (a document profile's bases, recipients, an outline's parts) as
    plain words: its values in order, dates in local form, never JSON's braces and quotes."""
    if isinstance(value, dict):
        return " ".join(_flat(v, lang) for v in value.values() if v not in (None, "", [], {}))
    if isinstance(value, list):
        return "; ".join(_flat(v, lang) for v in value if v not in (None, "", [], {}))
    if isinstance(value, bool) or value is None:
        return _value(value, lang)
    if isinstance(value, str) and _DATE.match(value):
        return _value(value, lang)
    return str(value)


def _expanded(side: dict) -> dict:
    """A record whose field holds a JSON object (a document setting's body) with that
    object's own fields in its place, so a change reads field by field."""
    out = {}
    for key, value in side.items():
        inner = _loads(value) if isinstance(value, str) and value.startswith("{") else None
        if inner:
            out.update(inner)
        else:
            out[key] = value
    return out


def _loads(value: Any) -> dict:
    if isinstance(value, dict):
        return value
    try:
        loaded = json.loads(value) if value else {}
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def describe(row: dict, lang: str, known: dict[str, dict] | None = None) -> dict:
    """One audit row in words: when (Hà Nội time), who (by name), what was done to which
    kind of record, and each changed field "from → to" by its label, dates and times in
    local form and people and units by name (`known`, from `names`); a new record by its
    name, secrets never shown."""
    known = known or {}
    before, after = _expanded(_loads(row.get("before"))), _expanded(_loads(row.get("after")))
    if before and after:
        before, after = _changed_only(before, after)

    def value(field: str, v: Any) -> str:
        return _value(v, lang, field, known)

    if before and after:
        parts = [
            f"{word('audit.field', k, lang)}: {value(k, before.get(k))} → {value(k, after.get(k))}"
            for k in after
            if k not in _SECRET_FIELDS
        ]
        if any(k in _SECRET_FIELDS for k in after):
            parts.append(word("audit.field", "password_hash", lang))
    else:
        shown = after or before
        named = [k for k in _NAME_FIELDS if shown.get(k) not in (None, "")] or [
            k for k in shown if k not in _SECRET_FIELDS
        ][:2]
        parts = [f"{word('audit.field', k, lang)}: {value(k, shown[k])}" for k in named[:2]]
    return {
        "at": fmt_datetime(row["at"], lang),
        "who": known.get("usernames", {}).get(row["actor"], row["actor"]),
        "what": f"{word('audit.verb', row['action'], lang)} · {word('audit.kind', row['table_name'], lang)}",
        "record": row["record_id"] or "",
        "change": "; ".join(parts),
    }


def history(db: Database, table_name: str, record_id) -> list[dict]:
    """The audit rows of one record, newest first. The caller checks that the reader may
    see the record (an activity's history is part of its detail view)."""
    return store.query_audit(db, table_name=table_name, record_id=str(record_id))


def facets(db: Database, user: User) -> dict[str, list[str]]:
    require(user, "audit.view")
    return store.audit_facets(db)
