"""Coverage linked to plan activities as evidence — the media side of the link.

Contract used by the plans slice: `coverage_for_activity(db, activity_id)` returns
the linked articles (dicts with at least id, title, url, outlet, published_at);
rejected articles are left out."""

from __future__ import annotations

from sqlite_utils import Database

from media import store


def coverage_for_activity(db: Database, activity_id: int) -> list[dict]:
    return store.coverage_for_activity(db, activity_id)
