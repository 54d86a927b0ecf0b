"""Who sees which unit: the office sees every unit, a liaison only the unit it speaks for.

Every read and write of the slice asks `scope` (or `require_unit`) first, so a liaison
can never reach another unit's data, whatever a page shows or hides."""

from __future__ import annotations

from sqlite_utils import Database

from core.errors import PermissionDenied
from core.permissions import User, can
from outreach import store


def scope(db: Database, user: User | None) -> int | None:
    """None for the office (every unit); the unit id of a liaison. Anyone else is refused."""
    if user is not None and user.role == "liaison" and user.active:
        unit_id = store.liaison_unit_id(db, user.id) if user.id is not None else None
        if unit_id is None:
            raise PermissionDenied("outreach.error.liaison_without_unit")
        return unit_id
    if not can(user, "outreach.view"):
        raise PermissionDenied("error.permission_denied", action="outreach.view")
    return None


def require_unit(db: Database, user: User, unit_id: int) -> None:
    """Refuse a liaison acting on a unit other than its own."""
    mine = scope(db, user)
    if mine is not None and mine != unit_id:
        raise PermissionDenied("outreach.error.other_unit")
