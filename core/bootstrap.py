"""Start-up: make sure the data folder and database exist and are migrated, and
build the demo on first start when the database is empty (if enabled)."""

from __future__ import annotations

import threading

from core.db import get_db
from core.demo import build_demo, is_empty
from core.settings import Settings, get_settings

_ready: set[str] = set()
_lock = threading.Lock()


def ensure_ready(settings: Settings | None = None):
    """Idempotent and cheap after the first call for a given database."""
    settings = settings or get_settings()
    db = get_db(settings.db_path)
    key = str(settings.db_path)
    if key not in _ready:
        with _lock:
            if key not in _ready:
                for folder in (settings.uploads_dir, settings.reports_dir):
                    folder.mkdir(parents=True, exist_ok=True)
                if settings.demo and is_empty(db):
                    build_demo(db)
                _ready.add(key)
    return db
