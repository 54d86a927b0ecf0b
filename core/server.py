"""What `st.App` serves besides the UI: each slice's HTTP routes, and a lifespan that
prepares the database and starts each slice's background task (if any)."""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager

from core.bootstrap import ensure_ready
from core.slices import modules

log = logging.getLogger(__name__)


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
