"""Demo data of the plans slice, built by code; running it twice adds nothing."""

from __future__ import annotations

from sqlite_utils import Database

from core.permissions import User


def build(db: Database, actor: User) -> dict:
    """Add this slice's demo records; return counts of what was added."""
    return {}
