"""The fetcher against a local server: conditional GET, redirects, timeouts, size caps,
HTML and empty feeds, errors and back-off."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.errors import AppError, PermissionDenied
from media import sources, store
from media.fetch import USER_AGENT, FetchLimits, backoff_minutes, fetch_sources

FAST = FetchLimits(connect_timeout=2, read_timeout=0.5, total_timeout=5, max_bytes=1024 * 1024, concurrency=4)


def _add(db, users, server, path, **extra):
    return sources.add_source(db, users["admin"], name=f"Nguồn {path}", url=server.url(path), active=True, **extra)


def _fetch(db, users, source, limits=FAST):
    summary = fetch_sources(db, users["staff"], [source["id"]], limits=limits)
    return summary["results"][0], store.source_row(db, source["id"])


def test_etag_is_remembered_and_sent(fetching, users, feed_server):
    src = _add(fetching, users, feed_server, "/etag")
    result, health = _fetch(fetching, users, src)
    assert (result["status"], result["new"]) == ("ok", 2) and health["etag"] == '"v1"'
    result, health = _fetch(fetching, users, health)
    assert result["status"] == "not_modified" and result["new"] == 0
    assert feed_server.handler.requests[-1]["headers"]["If-None-Match"] == '"v1"'
    assert health["last_success_at"] and health["consecutive_errors"] == 0
    assert feed_server.handler.requests[0]["headers"]["User-Agent"] == USER_AGENT


def test_articles_and_the_sources_new_state_land_together(fetching, users, feed_server, monkeypatch):
    """If the source's health cannot be saved, the articles of that response are not kept
    either: the next fetch (without the validators) stores them then."""
    src = _add(fetching, users, feed_server, "/etag")
    real_update = store.update_source

    def broken_update(db, source_id, changes):
        raise RuntimeError("database is full")

    monkeypatch.setattr(store, "update_source", broken_update)
    with pytest.raises(RuntimeError):
        _fetch(fetching, users, src)
    assert store.count_articles(fetching) == 0 and store.source_row(fetching, src["id"])["etag"] is None
    monkeypatch.setattr(store, "update_source", real_update)
    result, health = _fetch(fetching, users, src)
    assert (result["status"], result["new"]) == ("ok", 2) and health["etag"] == '"v1"'


def test_last_modified_is_remembered_and_sent(fetching, users, feed_server):
    src = _add(fetching, users, feed_server, "/lastmod")
    _fetch(fetching, users, src)
    result, _health = _fetch(fetching, users, store.source_row(fetching, src["id"]))
    assert result["status"] == "not_modified"
    assert "If-Modified-Since" in feed_server.handler.requests[-1]["headers"]


def test_servers_that_ignore_conditional_get_are_caught_by_the_body_hash(fetching, users, feed_server):
    src = _add(fetching, users, feed_server, "/plain")
    assert _fetch(fetching, users, src)[0]["new"] == 2
    result, health = _fetch(fetching, users, store.source_row(fetching, src["id"]))
    assert result["status"] == "unchanged" and health["last_status"] == "unchanged"
    assert store.count_articles(fetching) == 2


def test_redirects_are_followed(fetching, users, feed_server):
    result, _ = _fetch(fetching, users, _add(fetching, users, feed_server, "/redirect"))
    assert result["status"] == "ok" and result["new"] == 2


@pytest.mark.parametrize(
    "path, status, error",
    [
        ("/loop", "error", "more than 5 redirects"),
        ("/slow", "error", "timed out"),
        ("/big", "error", f"response larger than {1024 * 1024} bytes"),
        ("/bomb", "error", f"response larger than {1024 * 1024} bytes"),
        ("/html", "html", "bot challenge page"),
        ("/empty", "empty", "empty"),
        ("/error", "error", "HTTP 500"),
        ("/to-private", "error", "10.0.0.1"),
    ],
)
def test_failures_are_recorded_and_back_off(fetching, users, feed_server, path, status, error):
    src = _add(fetching, users, feed_server, path)
    result, health = _fetch(fetching, users, src)
    assert result["status"] == status and error in result["error"]
    assert health["last_status"] == status and error in health["last_error"]
    assert health["consecutive_errors"] == 1 and health["last_success_at"] is None
    wait = datetime.fromisoformat(health["next_fetch_at"]) - datetime.fromisoformat(health["last_error_at"])
    assert wait.total_seconds() == backoff_minutes(1, FAST) * 60
    assert health["active"] == 1
    assert store.count_articles(fetching) == 0


def test_backoff_grows_is_capped_and_resets_on_success(fetching, users, feed_server):
    src = _add(fetching, users, feed_server, "/error")
    for _ in range(3):
        _fetch(fetching, users, store.source_row(fetching, src["id"]))
    health = store.source_row(fetching, src["id"])
    assert health["consecutive_errors"] == 3
    assert [backoff_minutes(n, FAST) for n in (1, 2, 3, 20)] == [15, 30, 60, 24 * 60]
    assert fetch_sources(fetching, users["staff"], limits=FAST)["sources"] == 0  # not due while backing off
    sources.update_source(fetching, users["admin"], src["id"], url=feed_server.url("/plain"))
    result, health = _fetch(fetching, users, store.source_row(fetching, src["id"]))
    assert result["status"] == "ok" and health["consecutive_errors"] == 0 and health["next_fetch_at"] is None


def test_many_sources_concurrently_with_progress(fetching, users, feed_server):
    for n in range(6):
        _add(fetching, users, feed_server, f"/feed/{n}")
    seen = []
    summary = fetch_sources(
        fetching, users["staff"], limits=FAST, progress=lambda done, total, name: seen.append((done, total))
    )
    assert summary["sources"] == 6 and summary["new"] == 18 and summary["failed"] == 0
    assert sorted(seen) == [(i, 6) for i in range(1, 7)]


def test_fetching_refused_when_switched_off(db, users, monkeypatch):
    monkeypatch.setenv("CCHC_FETCH_ENABLED", "0")
    with pytest.raises(AppError) as exc:
        fetch_sources(db, users["staff"])
    assert exc.value.key == "media.error.fetch_disabled"


@pytest.mark.parametrize("role", ["inspector", "leader"])
def test_fetching_needs_the_role(fetching, users, role):
    with pytest.raises(PermissionDenied):
        fetch_sources(fetching, users[role])
