"""The optional periodic feed fetch, started from `st.App`'s lifespan.

Runs only when CCHC_FETCH_ENABLED=1 and CCHC_FETCH_INTERVAL_MIN > 0. A failed round is
logged and the loop goes on: the periodic fetch never takes the app down."""

from __future__ import annotations

import asyncio
import logging

from core.settings import get_settings

log = logging.getLogger(__name__)


def fetch_round() -> dict:
    """One round in a worker thread: the sources that are due, as the system user."""
    from core.db import get_db
    from core.permissions import SYSTEM
    from media.fetch import fetch_sources

    return fetch_sources(get_db(), SYSTEM)


async def run_periodically(interval_s: float, round_fn=fetch_round) -> None:
    while True:
        try:
            summary = await asyncio.to_thread(round_fn)
            log.info("feed fetch: %s sources, %s new", summary.get("sources"), summary.get("new"))
        except asyncio.CancelledError:
            raise
        except Exception:  # keep the loop (and the app) alive whatever one round does
            log.exception("periodic feed fetch failed")
        await asyncio.sleep(interval_s)


def start():
    """Start the periodic fetch task if enabled; return it (or None)."""
    settings = get_settings()
    if not settings.fetch_enabled or settings.fetch_interval_min <= 0:
        return None
    try:
        return asyncio.get_running_loop().create_task(run_periodically(settings.fetch_interval_min * 60))
    except RuntimeError:  # no running loop: nothing to schedule on
        return None
