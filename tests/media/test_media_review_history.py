"""The dated review history (media m008): what a person decides about an article is dated,
existing articles are backfilled from their stored review and link times, and the coverage
figures read the state at an instant."""

from __future__ import annotations

import json

from core import db as core_db
from core.permissions import SYSTEM
from media import store
from plans import activities, plans
from plans.themes import list_themes

APRIL = ("2021-03-31T17:00:00+00:00", "2021-04-30T17:00:00+00:00")  # April 2021, Hà Nội days


def _article(db, key: str, **row) -> int:
    source = store.source_by_name(db, "Báo Hà Nội Mới") or {
        "id": store.insert_source(db, {"name": "Báo Hà Nội Mới", "outlet": "Báo Hà Nội Mới", "kind": "city_press"})
    }
    return store.insert_article(
        db, {"source_id": source["id"], "entry_key": key, "title": f"Tin {key}", "relevant": 1, **row}
    )


def _stored_before_the_history(themed_db) -> dict:
    """Articles as a database without m008 holds them: a feed article reviewed on 20/04 and
    linked on 05/05, one nobody touched, one entered by hand on 20/06."""
    plan = plans.annual_plan_for(themed_db, 2021)
    theme = list_themes(themed_db, plan["id"])[0]["id"]
    activity = activities.create_activity(themed_db, SYSTEM, plan["id"], title="Chuyên mục CCHC", target=12)["id"]
    with themed_db.atomic():
        reviewed = _article(
            themed_db,
            "a",
            published_at="2021-04-10T02:00:00+00:00",
            created_at="2021-04-10T03:00:00+00:00",
            review="confirmed",
            tone="negative",
            note="Đã trả lời",
            reviewed_at="2021-04-20T03:00:00+00:00",
        )
        untouched = _article(themed_db, "b", published_at="2021-04-12T02:00:00+00:00")
        manual = _article(
            themed_db,
            "c",
            published_at="2021-04-15T05:00:00+00:00",
            created_at="2021-06-20T01:00:00+00:00",
            reviewed_at="2021-06-20T01:00:00+00:00",
            origin="manual",
            review="confirmed",
            tone="positive",
        )
        store.insert_article_parts(themed_db, [], [(reviewed, theme), (untouched, theme), (manual, theme)], [])
        store.link_activity(
            themed_db,
            {"article_id": reviewed, "activity_id": activity, "linked_at": "2021-05-05T00:00:00+00:00"},
        )
        themed_db.execute("delete from article_review_history")
        themed_db.execute("drop table article_review_history")
        themed_db.execute("delete from _sqlite_migrations where migration_set = 'media' and name like 'm008%'")
    core_db.migrate(themed_db)
    return {"reviewed": reviewed, "untouched": untouched, "manual": manual, "activity": activity, "theme": theme}


def test_the_backfill_dates_the_stored_state_from_the_review_and_link_times(themed_db):
    ids = _stored_before_the_history(themed_db)
    rows = store.review_history(themed_db, ids["reviewed"])
    assert [(r["at"][:10], r["review"], r["tone"], json.loads(r["activity_ids"])) for r in rows] == [
        ("2021-04-10", "new", None, []),  # as ingested, from its publication
        ("2021-04-20", "confirmed", "negative", []),  # the stored decision, from its review time
        ("2021-05-05", "confirmed", "negative", [ids["activity"]]),  # the link, from its own time
    ]
    assert all(json.loads(r["theme_ids"]) == [ids["theme"]] for r in rows)
    assert store.review_history(themed_db, ids["untouched"]) == []  # its stored row is its state
    manual = store.review_history(themed_db, ids["manual"])
    assert [(r["at"], r["review"]) for r in manual] == [("2021-06-20T01:00:00+00:00", "confirmed")]


def test_figures_read_the_state_at_the_instant_asked(themed_db):
    ids = _stored_before_the_history(themed_db)

    def totals(at: str) -> dict:
        return store.coverage_totals(themed_db, *APRIL, at)

    assert totals("2021-04-15T17:00:00+00:00") == {"articles": 0, "stories": 0, "negative": 0, "unreviewed": 2}
    assert totals("2021-04-30T17:00:00+00:00") == {"articles": 1, "stories": 1, "negative": 1, "unreviewed": 1}
    # the article entered by hand on 20/06 counts from then on, not in a report cut off before
    assert totals("2021-07-01T00:00:00+00:00") == {"articles": 2, "stories": 2, "negative": 1, "unreviewed": 1}
    assert store.notable_coverage(themed_db, *APRIL, "2021-04-30T17:00:00+00:00") == []
    notable = store.notable_coverage(themed_db, *APRIL, "2021-05-10T00:00:00+00:00")
    assert [r["id"] for r in notable] == [ids["reviewed"]]
    negative = store.negative_coverage(themed_db, *APRIL, "2021-04-30T17:00:00+00:00")
    assert [(r["id"], r["note"]) for r in negative] == [(ids["reviewed"], "Đã trả lời")]
    by_theme = store.coverage_by_theme_id(themed_db, *APRIL, "2021-04-15T17:00:00+00:00")
    assert [(r["theme_id"], r["articles"], r["unreviewed"]) for r in by_theme] == [(ids["theme"], 0, 2)]


def test_a_rule_reapplied_later_leaves_a_reviewed_articles_past_themes(themed_db, users):
    """Re-applying the rules dates the new relevance and rule themes (of an article a person
    changed, and of one nobody touched), so a report cut off before reads its themes of then."""
    from media import review, rules

    ids = _stored_before_the_history(themed_db)
    review.set_tone(themed_db, users["staff"], [ids["reviewed"]], "neutral")
    before = store.coverage_by_theme_id(themed_db, *APRIL, "2021-04-30T17:00:00+00:00")
    rules.reapply(themed_db, users["staff"])  # the texts "Tin a"… match no theme's rules
    assert store.coverage_by_theme_id(themed_db, *APRIL, "2021-04-30T17:00:00+00:00") == before
    latest = store.review_history(themed_db, ids["reviewed"])[-1]
    assert json.loads(latest["theme_ids"]) == [] and latest["tone"] == "neutral"
    untouched = store.review_history(themed_db, ids["untouched"])
    assert [(r["at"][:10], json.loads(r["theme_ids"])) for r in untouched][0] == ("2021-04-12", [ids["theme"]])
