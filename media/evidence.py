"""Coverage linked to plan activities as evidence — the media side of the link.

Media provides the plans slice's hook "plans.activity_coverage" (see media/slice.py and
plans.progress.linked_coverage): `coverage_for_activity(db, activity_id)` returns the
linked articles (dicts with at least id, title, url, outlet, published_at); rejected
articles are left out. Plans never imports media."""

from __future__ import annotations

from sqlite_utils import Database

from media import store


def coverage_for_activity(db: Database, activity_id: int) -> list[dict]:
    return store.coverage_for_activity(db, activity_id)
