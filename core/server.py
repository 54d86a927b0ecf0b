"""What `st.App` serves besides the UI: each slice's HTTP routes, a lifespan that
prepares the database and starts each slice's background task (if any), and the
middleware that puts the security headers on every response (routes, pages, assets)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import re
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.bootstrap import ensure_ready
from core.slices import modules

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _streamlit_inline_script_hashes() -> tuple[str, ...]:
    """CSP hashes of the inline scripts in Streamlit's own index.html (it has one, setting
    window.prerenderReady), so script-src needs no 'unsafe-inline'."""
    import importlib.util

    spec = importlib.util.find_spec("streamlit")
    index = Path(spec.origin).parent / "static" / "index.html" if spec and spec.origin else None
    if index is None or not index.exists():
        return ()
    scripts = re.findall(r"<script>(.*?)</script>", index.read_text(encoding="utf-8"), flags=re.DOTALL)
    return tuple(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'" for body in scripts
    )


def _own_inline_script_hashes() -> tuple[str, ...]:
    """CSP hashes of the app's own few inline scripts (core.page_scripts)."""
    from core.page_scripts import SCRIPTS

    return tuple(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'" for s in SCRIPTS)


def content_security_policy() -> str:
    """What pages may load: this site only, no framing by others, no plugins, no inline
    script but Streamlit's own and the app's (by hash) and no eval. Streamlit needs inline styles
    (emotion), data:/blob: images and workers, its websocket on this host, and the
    material-symbol favicon (`page_icon`) from fonts.gstatic.com. Checked in Chromium
    against the running app: every page of the staff menu, charts drawn, no violation."""
    scripts = " ".join(("'self'", *_streamlit_inline_script_hashes(), *_own_inline_script_hashes()))
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob: https://fonts.gstatic.com",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "frame-src 'self' blob: data:",
            "media-src 'self' blob: data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers() -> dict[str, str]:
    return {
        "X-Frame-Options": "DENY",
        "Content-Security-Policy": content_security_policy(),
        "Referrer-Policy": "same-origin",
        "X-Content-Type-Options": "nosniff",
    }


class SecurityHeaders:
    """Pure ASGI middleware: adds the security headers to every HTTP response that does
    not set them itself (websockets pass through untouched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in security_headers().items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def middleware() -> list[Middleware]:
    return [Middleware(SecurityHeaders)]


def routes() -> list:
    found = []
    for module in modules("routes"):
        found.extend(module.ROUTES)
    return found


@asynccontextmanager
async def lifespan(app):
    await asyncio.to_thread(ensure_ready)
    tasks = []
    for module in modules("background"):
        task = module.start()
        if task is not None:
            tasks.append(task)
    try:
        yield {}
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            try:
                await task
            except asyncio.CancelledError:
                pass
            except Exception:  # a background task's failure must not block shutdown
                log.exception("background task failed")
