"""A feed server on 127.0.0.1 for the fetcher tests: conditional GET, redirects, slow
answers, oversize bodies, gzip bombs, HTML pages and errors."""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.media.media_feeds import item, rss2

FEED = rss2([item(1), item(2)]).encode("utf-8")
LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)
BOMB = gzip.compress(b"\0" * (20 * 1024 * 1024), compresslevel=9)
# 20 MB of zeros gzipped twice: about 1 KB on the wire, inflated only by stacked decoding.
DOUBLE_BOMB = gzip.compress(BOMB, compresslevel=9)


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}
    requests: list[dict] = []
    delay = 0.0

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server's name
        path = self.path.split("?")[0]
        Handler.hits[path] = Handler.hits.get(path, 0) + 1
        Handler.requests.append({"path": path, "headers": dict(self.headers)})
        if Handler.delay:
            time.sleep(Handler.delay)
        xml = {"Content-Type": "application/rss+xml; charset=utf-8"}
        if path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                return self._send(304, headers={"ETag": '"v1"'})
            return self._send(200, FEED, {**xml, "ETag": '"v1"'})
        if path == "/lastmod":
            if self.headers.get("If-Modified-Since") == LAST_MODIFIED:
                return self._send(304)
            return self._send(200, FEED, {**xml, "Last-Modified": LAST_MODIFIED})
        if path == "/plain":
            return self._send(200, FEED, xml)
        if path.startswith("/feed/"):
            n = int(path.rsplit("/", 1)[1])
            return self._send(200, rss2([item(n * 100 + i) for i in range(3)]).encode(), xml)
        if path == "/redirect":
            return self._send(302, headers={"Location": "/plain"})
        if path == "/loop":
            return self._send(302, headers={"Location": "/loop"})
        if path == "/to-private":
            return self._send(302, headers={"Location": "http://10.0.0.1/feed"})
        if path == "/slow":
            time.sleep(1.5)
            return self._send(200, FEED, xml)
        if path == "/big":
            size = 3 * 1024 * 1024
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            try:
                for _ in range(size // 65536):
                    self.wfile.write(b" " * 65536)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        if path == "/bomb":
            return self._send(200, BOMB, {**xml, "Content-Encoding": "gzip"})
        if path == "/double-bomb":
            return self._send(200, DOUBLE_BOMB, {**xml, "Content-Encoding": "gzip, gzip"})
        if path == "/gzip":
            return self._send(200, gzip.compress(FEED), {**xml, "Content-Encoding": "gzip"})
        if path == "/deflate":
            return self._send(200, zlib.compress(FEED), {**xml, "Content-Encoding": "deflate"})
        if path == "/raw-deflate":
            raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
            return self._send(200, raw.compress(FEED) + raw.flush(), {**xml, "Content-Encoding": "deflate"})
        if path == "/brotli":
            return self._send(200, FEED, {**xml, "Content-Encoding": "br"})
        if path == "/html":
            return self._send(
                200,
                b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body></body></html>",
                {"Content-Type": "text/html"},
            )
        if path == "/empty":
            return self._send(200, rss2([]).encode(), xml)
        if path == "/error":
            return self._send(500, b"oops")
        if path == "/article":
            page = (
                '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Trang chủ | Báo</title>'
                '<meta property="og:title" content="Hà Nội công bố Chỉ số SIPAS 2021">'
                '<meta property="article:published_time" content="2021-12-30T09:15:00+07:00">'
                '<meta name="description" content="Chỉ số hài lòng đạt 87,11%.">'
                "</head><body><script>alert(1)</script></body></html>"
            ).encode()
            return self._send(200, page, {"Content-Type": "text/html; charset=utf-8"})
        return self._send(404, b"not found")


class FeedServer:
    def __init__(self):
        Handler.hits, Handler.requests, Handler.delay = {}, [], 0.0
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.handler = Handler

    def url(self, path: str) -> str:
        return self.base + path

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
