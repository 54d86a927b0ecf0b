"""Fetching feeds over HTTP: httpx with timeouts, content codings decoded here,
incrementally, with the size cap on the decoded bytes (gzip bombs, stacked codings
refused), a redirect limit, every hop checked against internal addresses and every
connection made to the address that was checked (DNS rebinding), conditional GET, a
bounded concurrent pool, and per-source health with back-off.

A source is never switched off by errors: back-off doubles up to a day and a
success resets it."""

from __future__ import annotations

import asyncio
import hashlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpcore
import httpx
from sqlite_utils import Database

from core.errors import AppError, ValidationError
from core.i18n import utc_now_iso
from core.permissions import User, require
from core.settings import get_settings
from media import store
from media.ingest import Pipeline
from media.parse import parse_feed
from media.urls import check_url, default_resolver, vetted_addresses

USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
ACCEPT_ENCODING = "gzip, deflate"  # only what ContentDecoder decodes
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"


@dataclass(frozen=True)
class FetchLimits:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    concurrency: int = 8
    backoff_base_min: int = 15
    backoff_max_min: int = 24 * 60


@dataclass
class Response:
    """A fetched body, or why there is none. status: ok, not_modified, error."""

    status: str
    data: bytes = b""
    headers: dict = field(default_factory=dict)
    http_status: int | None = None
    error: str = ""
    final_url: str = ""


class TooLarge(Exception):
    pass


class BadEncoding(Exception):
    pass


class ContentDecoder:
    """A response body's content coding undone chunk by chunk, never producing more than the
    cap allows: each step inflates at most `max_bytes + 1` bytes (zlib's `max_length`), so a
    gzip bomb costs the cap in memory, not its inflated size. One coding at most (gzip or
    deflate); `gzip, gzip` and codings we did not ask for are refused."""

    def __init__(self, content_encoding: str, max_bytes: int):
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > 1:
            raise BadEncoding(f"more than one content coding ({', '.join(codings)})")
        self.coding = codings[0] if codings else ""
        if self.coding not in ("", "gzip", "x-gzip", "deflate"):
            raise BadEncoding(f"unsupported content coding {self.coding[:40]}")
        self.max_bytes = max_bytes
        self.size = 0
        self._zlib = self._new() if self.coding else None
        self._first = True

    def _new(self):
        return zlib.decompressobj(zlib.MAX_WBITS | 16 if self.coding in ("gzip", "x-gzip") else zlib.MAX_WBITS)

    def _count(self, data: bytes) -> bytes:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise TooLarge(f"response larger than {self.max_bytes} bytes")
        return data

    def decode(self, chunk: bytes) -> list[bytes]:
        if self._zlib is None:
            return [self._count(chunk)] if chunk else []
        if self._first and self.coding == "deflate" and chunk:
            self._first = False
            if (chunk[0] & 0x0F) != 8:  # raw deflate without the zlib header (old servers)
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        out, data = [], chunk
        while data:
            try:
                piece = self._zlib.decompress(data, self.max_bytes - self.size + 1)
            except zlib.error as exc:
                raise BadEncoding(f"bad {self.coding} data: {exc}") from None
            if piece:
                out.append(self._count(piece))
            data = self._zlib.unconsumed_tail
            if self._zlib.eof and self._zlib.unused_data.strip(b"\0"):  # a further gzip member
                data, self._zlib = self._zlib.unused_data, self._new()
        return out

    def flush(self) -> list[bytes]:
        if self._zlib is None:
            return []
        piece = self._zlib.flush(self.max_bytes - self.size + 1)
        return [self._count(piece)] if piece else []


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network layer, resolving each host once, checking the addresses
    (`vetted_addresses`) and connecting to the checked address itself, so a name that
    answers a public address to the check and 127.0.0.1 to the connection cannot reach
    inside. The URL's host stays in the Host header and in TLS (SNI and certificate check):
    httpcore takes those from the request, not from the address connected to."""

    def __init__(self, allowed_hosts: set[str], resolver=default_resolver, inner=None):
        self.allowed_hosts = frozenset(allowed_hosts)
        self.resolver = resolver
        self.inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = await asyncio.to_thread(vetted_addresses, host, port, self.allowed_hosts, self.resolver)
        error: Exception | None = None
        for address in addresses:
            try:
                return await self.inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error or httpcore.ConnectError(f"no address for {host}")

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over a connection pool whose connections go through PinnedBackend."""

    def __init__(self, limits: FetchLimits, backend: httpcore.AsyncNetworkBackend):
        super().__init__(trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.concurrency,
            max_keepalive_connections=limits.concurrency,
            network_backend=backend,
        )


def client(limits: FetchLimits, allowed_hosts: set[str], resolver=default_resolver, backend=None) -> httpx.AsyncClient:
    """The HTTP client: every request, redirects included, is checked before it is sent, and
    connected to the address that was checked."""

    async def guard(request: httpx.Request) -> None:
        check_url(str(request.url), allowed_hosts, resolve=False)  # scheme, names, literal addresses

    return httpx.AsyncClient(
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": ACCEPT,
            "Accept-Language": "vi,en;q=0.8",
            "Accept-Encoding": ACCEPT_ENCODING,
        },
        transport=PinnedTransport(limits, backend or PinnedBackend(allowed_hosts, resolver)),
        event_hooks={"request": [guard]},
        trust_env=False,
    )


async def _download(http: httpx.AsyncClient, url: str, headers: dict, limits: FetchLimits) -> Response:
    async with http.stream("GET", url, headers=headers) as resp:
        if resp.status_code == 304:
            return Response("not_modified", headers=dict(resp.headers), http_status=304, final_url=str(resp.url))
        if resp.status_code >= 400:
            return Response(
                "error", http_status=resp.status_code, error=f"HTTP {resp.status_code}", final_url=str(resp.url)
            )
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limits.max_bytes:
            raise TooLarge(f"response larger than {limits.max_bytes} bytes")
        decoder = ContentDecoder(resp.headers.get("content-encoding", ""), limits.max_bytes)
        chunks, received = [], 0
        async for raw in resp.aiter_raw():  # as sent: decoded here, within the cap
            received += len(raw)
            if received > limits.max_bytes:
                raise TooLarge(f"response larger than {limits.max_bytes} bytes")
            chunks.extend(decoder.decode(raw))
        chunks.extend(decoder.flush())
        headers = {k: v for k, v in resp.headers.items() if k.lower() not in ("content-encoding", "content-length")}
        return Response("ok", b"".join(chunks), headers, resp.status_code, final_url=str(resp.url))


async def get(http: httpx.AsyncClient, url: str, limits: FetchLimits, headers: dict | None = None) -> Response:
    """GET `url` within the limits; errors become a Response with a readable message."""
    try:
        return await asyncio.wait_for(_download(http, url, headers or {}, limits), limits.total_timeout)
    except ValidationError as exc:
        return Response("error", error=exc.message("en"))
    except (TooLarge, BadEncoding) as exc:
        return Response("error", error=str(exc))
    except httpx.TooManyRedirects:
        return Response("error", error=f"more than {limits.max_redirects} redirects")
    except (TimeoutError, httpx.TimeoutException):
        return Response("error", error="timed out")
    except httpx.HTTPError as exc:
        return Response("error", error=f"{type(exc).__name__}: {exc}"[:300])


def conditional_headers(source: dict) -> dict:
    headers = {}
    if source.get("etag"):
        headers["If-None-Match"] = source["etag"]
    if source.get("last_modified"):
        headers["If-Modified-Since"] = source["last_modified"]
    return headers


def backoff_minutes(consecutive_errors: int, limits: FetchLimits) -> int:
    """15, 30, 60, … minutes, never more than a day (and never 'forever')."""
    return min(limits.backoff_base_min * 2 ** max(0, consecutive_errors - 1), limits.backoff_max_min)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def record(db: Database, pipeline: Pipeline, source: dict, response: Response, limits: FetchLimits) -> dict:
    """Parse and store a response and update the source's health, in one transaction (the
    new articles and the validators that say they were seen land together); return the
    source's result."""
    now = _now()
    now_iso = now.isoformat()
    result = {
        "source_id": source["id"],
        "name": source["name"],
        "status": response.status,
        "error": response.error,
        "new": 0,
        "duplicates": 0,
        "relevant": 0,
        "entries": 0,
    }
    changes: dict = {"last_fetch_at": now_iso}
    feed = None
    if response.status == "ok":
        body_hash = hashlib.sha256(response.data).hexdigest()
        lower = {k.lower(): v for k, v in response.headers.items()}
        changes.update(etag=lower.get("etag"), last_modified=lower.get("last-modified"), body_hash=body_hash)
        if body_hash == source.get("body_hash"):
            result["status"] = "unchanged"
        else:
            feed = parse_feed(response.data, response.headers, now_iso)
            result["status"] = feed.status
            if feed.status != "ok":
                result["error"] = feed.error or feed.status
                changes["body_hash"] = None  # try the whole body again next time
    if result["status"] in ("ok", "not_modified", "unchanged"):
        changes.update(last_status=result["status"], last_success_at=now_iso, consecutive_errors=0, next_fetch_at=None)
    else:
        errors = (source.get("consecutive_errors") or 0) + 1
        changes.update(
            last_status=result["status"],
            last_error=result["error"],
            last_error_at=now_iso,
            consecutive_errors=errors,
            next_fetch_at=(now + timedelta(minutes=backoff_minutes(errors, limits))).isoformat(),
        )
    with db.atomic():
        if feed is not None and feed.status == "ok":
            counts = pipeline.add_feed(source, feed, now_iso)
            result.update(counts)
            changes["items_total"] = (source.get("items_total") or 0) + counts["new"]
        store.update_source(db, source["id"], changes)
    return result


async def _run(db: Database, sources: list[dict], limits: FetchLimits, progress: Callable | None) -> list[dict]:
    pipeline = Pipeline(db)
    semaphore = asyncio.Semaphore(limits.concurrency)
    results = []
    async with client(limits, store.allowed_hosts(db)) as http:

        async def one(source: dict) -> tuple[dict, Response]:
            async with semaphore:
                return source, await get(http, source["url"], limits, conditional_headers(source))

        for done, future in enumerate(asyncio.as_completed([one(s) for s in sources]), start=1):
            source, response = await future
            results.append(record(db, pipeline, source, response, limits))
            if progress is not None:
                progress(done, len(sources), source["name"])
    return results


def ensure_enabled() -> None:
    if not get_settings().fetch_enabled:
        raise AppError("media.error.fetch_disabled")


def fetch_sources(
    db: Database,
    actor: User,
    source_ids: list[int] | None = None,
    force: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    limits: FetchLimits | None = None,
) -> dict:
    """Fetch active sources (those due, or all with `force`, or the listed ones) and store
    what is new. Refused unless network fetching is enabled. Returns a summary."""
    require(actor, "media.fetch")
    ensure_enabled()
    limits = limits or FetchLimits()
    if source_ids is not None:
        sources = [s for s in (store.source_row(db, i) for i in source_ids) if s and s["url"]]
    elif force:
        sources = [s for s in store.list_sources(db, active_only=True) if s["url"]]
    else:
        sources = store.due_sources(db, utc_now_iso())
    results = asyncio.run(_run(db, sources, limits, progress)) if sources else []
    summary = {"sources": len(results), "new": 0, "duplicates": 0, "relevant": 0, "failed": 0, "results": results}
    for result in results:
        for key in ("new", "duplicates", "relevant"):
            summary[key] += result[key]
        summary["failed"] += int(result["status"] not in ("ok", "not_modified", "unchanged"))
    return summary


def fetch_url(db: Database, url: str, limits: FetchLimits | None = None) -> Response:
    """One page, with the same client and checks as feeds (used by "add by URL")."""
    ensure_enabled()
    limits = limits or FetchLimits()
    check_url(url, store.allowed_hosts(db))

    async def run() -> Response:
        async with client(limits, store.allowed_hosts(db)) as http:
            return await get(http, url, limits)

    return asyncio.run(run())
