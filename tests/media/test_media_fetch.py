"""The fetcher against a local server: conditional GET, redirects, timeouts, size caps,
HTML and empty feeds, errors and back-off."""

from __future__ import annotations

import asyncio
import tracemalloc
from datetime import datetime

import httpcore
import pytest

from core.errors import AppError, PermissionDenied, ValidationError
from media import sources, store
from media.fetch import USER_AGENT, FetchLimits, PinnedBackend, backoff_minutes, client, fetch_sources, get
from media.urls import vetted_addresses
from tests.media.media_server import FeedServer

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
        ("/double-bomb", "error", "more than one content coding (gzip, gzip)"),
        ("/brotli", "error", "unsupported content coding br"),
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


@pytest.mark.parametrize("path", ["/gzip", "/deflate", "/raw-deflate"])
def test_compressed_feeds_are_decoded(fetching, users, feed_server, path):
    result, health = _fetch(fetching, users, _add(fetching, users, feed_server, path))
    assert (result["status"], result["new"]) == ("ok", 2) and health["consecutive_errors"] == 0
    assert feed_server.handler.requests[-1]["headers"]["Accept-Encoding"] == "gzip, deflate"


@pytest.mark.parametrize("path", ["/bomb", "/double-bomb"])
def test_a_gzip_bomb_costs_the_cap_in_memory_not_its_inflated_size(fetching, users, feed_server, path):
    """20 MB of inflated zeros against a 1 MB cap: memory stays within a few times the cap."""
    src = _add(fetching, users, feed_server, path)
    tracemalloc.start()
    try:
        result, _health = _fetch(fetching, users, src)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result["status"] == "error" and store.count_articles(fetching) == 0
    assert peak < 4 * FAST.max_bytes, peak


class Recorder(httpcore.AsyncNetworkBackend):
    """Records where connections go; only 127.0.0.1 (the test server) is really reachable."""

    def __init__(self):
        self.connected: list[tuple[str, int]] = []
        self.real = httpcore.AnyIOBackend()

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        self.connected.append((host, port))
        if host != "127.0.0.1":
            raise httpcore.ConnectError(f"{host} is unreachable from the tests")
        return await self.real.connect_tcp(host, port, timeout=timeout)


def _rebinding_resolver(first: str):
    """A name that answers `first` once, then 127.0.0.1 (a DNS rebinding attack)."""
    answers = [[first]]

    def resolve(host, port):
        return answers.pop() if answers else ["127.0.0.1"]

    return resolve


def _get(url, allowed, resolver, recorder):
    async def run():
        backend = PinnedBackend(allowed, resolver, inner=recorder)
        async with client(FAST, allowed, resolver, backend) as http:
            return await get(http, url, FAST)

    return asyncio.run(run())


def test_dns_rebinding_connects_to_the_vetted_address(feed_server):
    """The name is resolved once, checked, and the connection goes to that address."""
    recorder = Recorder()
    port = int(feed_server.base.rsplit(":", 1)[1])
    response = _get(f"http://rebind.example:{port}/plain", set(), _rebinding_resolver("8.8.8.8"), recorder)
    assert recorder.connected == [("8.8.8.8", port)]
    assert response.status == "error" and feed_server.handler.hits == {}


def test_dns_rebinding_after_the_check_is_refused(feed_server):
    """Checked (public) when the source is saved, 127.0.0.1 when fetched: refused, never connected."""
    recorder = Recorder()
    port = int(feed_server.base.rsplit(":", 1)[1])
    resolver = _rebinding_resolver("8.8.8.8")
    assert vetted_addresses("rebind.example", port, set(), resolver) == ["8.8.8.8"]
    response = _get(f"http://rebind.example:{port}/plain", set(), resolver, recorder)
    assert response.status == "error" and "internal address (rebind.example)" in response.error
    assert recorder.connected == [] and feed_server.handler.hits == {}


def test_allowed_host_keeps_the_host_header(feed_server):
    """An allowed name connects to the address it resolved to and still sends its own Host."""
    recorder = Recorder()
    port = int(feed_server.base.rsplit(":", 1)[1])
    allowed = {f"feeds.intranet:{port}"}
    response = _get(f"http://feeds.intranet:{port}/plain", allowed, lambda host, p: ["127.0.0.1"], recorder)
    assert response.status == "ok" and recorder.connected == [("127.0.0.1", port)]
    assert feed_server.handler.requests[-1]["headers"]["Host"] == f"feeds.intranet:{port}"


def test_the_allow_list_is_per_port(feed_server):
    other = FeedServer()
    try:
        allowed = {feed_server.base.removeprefix("http://")}
        recorder = Recorder()
        assert _get(feed_server.url("/plain"), allowed, lambda host, p: [], recorder).status == "ok"
        refused = _get(other.url("/plain"), allowed, lambda host, p: [], recorder)
        assert refused.status == "error" and "internal address (127.0.0.1)" in refused.error
        hosts = [r["headers"]["Host"] for r in feed_server.handler.requests]  # both servers share the handler
        assert hosts == [feed_server.base.removeprefix("http://")]
    finally:
        other.close()


def test_vetting_refuses_a_name_with_any_internal_address():
    with pytest.raises(ValidationError) as exc:
        vetted_addresses("mixed.example", 443, set(), lambda host, port: ["8.8.8.8", "100.64.1.1"])
    assert exc.value.key == "media.error.url_private"
    with pytest.raises(ValidationError) as exc:
        vetted_addresses("nowhere.example", 443, set(), lambda host, port: [])
    assert exc.value.key == "media.error.url_unresolved"


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
