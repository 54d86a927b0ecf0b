"""The audit log: who changed what, when, before and after.

Every write function in every slice calls `record` inside the same transaction as
the change itself, so a change and its audit row commit or roll back together."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from core import store
from core.i18n import utc_now_iso
from core.permissions import User, require


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


def history(db: Database, table_name: str, record_id) -> list[dict]:
    """The audit rows of one record, newest first. The caller checks that the reader may
    see the record (an activity's history is part of its detail view)."""
    return store.query_audit(db, table_name=table_name, record_id=str(record_id))


def facets(db: Database, user: User) -> dict[str, list[str]]:
    require(user, "audit.view")
    return store.audit_facets(db)
