"""Every write function of the media slice, called as every role."""

from __future__ import annotations

import pytest

from core.errors import PermissionDenied, ValidationError
from core.permissions import PERMISSIONS, ROLES, SYSTEM
from media import fetch, ingest, review, rules, sources, store
from plans.themes import list_themes
from tests.media.media_feeds import item, rss2


@pytest.fixture
def world(themed_db, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_FETCH_ENABLED", "1")
    feed = tmp_path / "f.xml"
    feed.write_text(rss2([item(1, date="Mon, 05 Apr 2021 08:30:00 +0700")]), encoding="utf-8")
    ingest.ingest_paths(themed_db, SYSTEM, [feed])
    src = sources.add_source(themed_db, SYSTEM, name="Báo P", url="https://p.vn/rss", resolve=False)
    theme = list_themes(themed_db, 1)[0]
    from plans import activities

    activity = activities.create_activity(themed_db, SYSTEM, 1, title="Hoạt động P")
    return {"db": themed_db, "feed": feed, "source": src, "theme": theme, "activity": activity}


def _refused_url(world, user):
    """Allowed roles get as far as the URL check (an internal address: refused)."""
    with pytest.raises(ValidationError):
        review.add_by_url(world["db"], user, "http://10.9.9.9/")


CALLS = {
    "add_source": (
        "media.sources",
        lambda w, u: sources.add_source(w["db"], u, name="Q", url="https://q.vn/rss", resolve=False),
    ),
    "update_source": ("media.sources", lambda w, u: sources.update_source(w["db"], u, w["source"]["id"], active=True)),
    "allow_host": ("media.sources", lambda w, u: sources.allow_host(w["db"], u, "10.0.0.5")),
    "disallow_host": ("media.sources", lambda w, u: sources.disallow_host(w["db"], u, "10.0.0.5")),
    "import_opml": (
        "media.sources",
        lambda w, u: sources.import_opml(
            w["db"],
            u,
            b'<opml version="2.0"><body><outline text="R" xmlUrl="https://r.vn/rss"/></body></opml>',
            resolve=False,
        ),
    ),
    "fetch_sources": ("media.fetch", lambda w, u: fetch.fetch_sources(w["db"], u, source_ids=[])),
    "ingest_paths": ("media.fetch", lambda w, u: ingest.ingest_paths(w["db"], u, [w["feed"]])),
    "set_review": ("media.review", lambda w, u: review.set_review(w["db"], u, [1], "confirmed")),
    "set_tone": ("media.review", lambda w, u: review.set_tone(w["db"], u, [1], "positive")),
    "set_themes": ("media.review", lambda w, u: review.set_themes(w["db"], u, 1, [w["theme"]["id"]])),
    "link_activity": ("media.review", lambda w, u: review.link_activity(w["db"], u, [1], w["activity"]["id"])),
    "unlink_activity": ("media.review", lambda w, u: review.unlink_activity(w["db"], u, 1, w["activity"]["id"])),
    "add_manual": (
        "media.review",
        lambda w, u: review.add_manual(
            w["db"], u, title=f"Phóng sự {u.role}", published="2021-05-01", outlet="VTV", medium="tv"
        ),
    ),
    "add_by_url": ("media.review", lambda w, u: _refused_url(w, u)),
    "set_rule_set": ("media.review", lambda w, u: rules.set_rule_set(w["db"], u, "locality", ["Hà Nội"])),
    "reapply": ("media.review", lambda w, u: rules.reapply(w["db"], u)),
    "set_theme_rules": ("plans.edit", lambda w, u: rules.set_theme_rules(w["db"], u, w["theme"]["id"], ["một cửa"])),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(CALLS))
def test_write_functions_check_the_role(world, users, name, role):
    action, call = CALLS[name]
    before = store.count_articles(world["db"]), len(store.list_sources(world["db"]))
    if role in PERMISSIONS[action]:
        call(world, users[role])
    else:
        with pytest.raises(PermissionDenied):
            call(world, users[role])
        assert (store.count_articles(world["db"]), len(store.list_sources(world["db"]))) == before
