"""Process settings, read from the environment once, at the edge.

Every setting is declared once here with its default and help text; the README's
settings table is checked against this list by a test. `load_settings(environ)` makes
the one `Settings` object at start-up (the Streamlit shell, a command line, a route);
logic functions receive it (or the value they need) as an argument and never read the
environment. Tests build `Settings(data_dir=...)` directly, as Flask's
`create_app(test_config)` does.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# name -> (default, help). Defaults are strings, as the environment gives them.
SETTINGS: dict[str, tuple[str, str]] = {
    "CCHC_DATA_DIR": ("./data", "Folder for the SQLite database, uploads and generated reports."),
    "CCHC_DEMO": ("1", "Build demo data on first start when the database is empty (1 or 0)."),
    "CCHC_BASE_URL": (
        "http://localhost:8501",
        "Public address of the app, used in calendar feed links and report links.",
    ),
    "CCHC_LANG": ("vi", "Default interface language: vi or en."),
    "CCHC_FETCH_ENABLED": (
        "0",
        "Allow the app to fetch news feeds over the network (1 or 0). Off by default: the demo needs no network.",
    ),
    "CCHC_FETCH_INTERVAL_MIN": (
        "0",
        "Minutes between background feed fetches while the app runs; 0 turns the periodic fetch off.",
    ),
    "CCHC_UPLOAD_MAX_MB": (
        "10",
        "Largest file a person may upload (evidence, self-inspection reports, report templates), in MB.",
    ),
}


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    demo: bool = False
    base_url: str = "http://localhost:8501"
    lang: str = "vi"
    fetch_enabled: bool = False
    fetch_interval_min: int = 0
    upload_max_mb: float = 10.0

    @property
    def upload_max_bytes(self) -> int:
        return int(self.upload_max_mb * 1024 * 1024)

    @property
    def db_path(self) -> Path:
        return self.data_dir / "cchc.db"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"


def load_settings(environ: Mapping[str, str]) -> Settings:
    """The settings in `environ` (os.environ at start-up), defaults for what is missing."""

    def get(name: str) -> str:
        return environ.get(name, SETTINGS[name][0])

    lang = get("CCHC_LANG")
    return Settings(
        data_dir=Path(get("CCHC_DATA_DIR")).expanduser().resolve(),
        demo=get("CCHC_DEMO") not in ("0", "false", "no", ""),
        base_url=get("CCHC_BASE_URL").rstrip("/"),
        lang=lang if lang in ("vi", "en") else "vi",
        fetch_enabled=get("CCHC_FETCH_ENABLED") in ("1", "true", "yes"),
        fetch_interval_min=int(max(0, _number(get("CCHC_FETCH_INTERVAL_MIN"), 0))),
        upload_max_mb=max(0.1, _number(get("CCHC_UPLOAD_MAX_MB"), 10)),
    )


def _number(raw: str, default: int) -> int | float:
    try:
        value = float(raw or default)
    except ValueError:
        return default
    return value if value == value and value not in (float("inf"), float("-inf")) else default


def get_settings(env: Mapping[str, str] | None = None) -> Settings:
    """The process's settings, for edges only (pages, command lines, routes, start-up).
    Read again whenever one of the variables (or the working folder) changes, and
    otherwise remembered: pages ask for them many times a run, and resolving the data
    folder's path costs a few system calls each time."""
    if env is not None:
        return load_settings(env)
    return _settings_of(tuple(os.environ.get(name) for name in SETTINGS), os.getcwd())


@lru_cache(maxsize=16)
def _settings_of(values: tuple[str | None, ...], cwd: str) -> Settings:
    return load_settings({name: value for name, value in zip(SETTINGS, values, strict=True) if value is not None})
