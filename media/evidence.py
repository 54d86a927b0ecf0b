"""Coverage linked to plan activities as evidence — the media side of the link.

Contract used by the plans slice: `coverage_for_activity(db, activity_id)` returns
the linked articles (dicts with at least id, title, url, outlet, published_at)."""

from __future__ import annotations

from sqlite_utils import Database


def coverage_for_activity(db: Database, activity_id: int) -> list[dict]:
    if not db.table("article_activity_links").exists():
        return []
    return list(
        db.query(
            "select a.* from article_activity_links l join articles a on a.id = l.article_id"
            " where l.activity_id = ? order by a.published_at desc",
            [activity_id],
        )
    )
