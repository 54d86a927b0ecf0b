"""Process settings, read from the environment once, at the edge.

Every setting is declared once here with its default and help text; the README's
settings table is checked against this list by a test. `load_settings(environ)` makes
the one `Settings` object at start-up (the Streamlit shell, a command line, a route);
logic functions receive it (or the value they need) as an argument and never read the
environment. Tests build `Settings(data_dir=...)` directly, as Flask's
`create_app(test_config)` does.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
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
    "CCHC_SMTP_HOST": ("", "Mail server for reminders and reports (outreach); e-mail is off while empty."),
    "CCHC_SMTP_PORT": ("587", "Port of the mail server."),
    "CCHC_SMTP_USER": ("", "User name at the mail server; empty sends without signing in."),
    "CCHC_SMTP_PASSWORD": ("", "Password at the mail server (keep it in the service's environment file)."),
    "CCHC_SMTP_FROM": ("", "Sender address of the office's messages, e.g. cchc@sonoivu.example.org."),
    "CCHC_SMTP_STARTTLS": ("1", "Upgrade the connection with STARTTLS before signing in (1 or 0)."),
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
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    smtp_starttls: bool = True

    @property
    def mail_enabled(self) -> bool:
        """E-mail is sent only when a server and a sender are configured."""
        return bool(self.smtp_host and self.smtp_from)

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
        smtp_host=get("CCHC_SMTP_HOST").strip(),
        smtp_port=int(min(65535, max(1, _number(get("CCHC_SMTP_PORT"), 587)))),
        smtp_user=get("CCHC_SMTP_USER"),
        smtp_password=get("CCHC_SMTP_PASSWORD"),
        smtp_from=get("CCHC_SMTP_FROM").strip(),
        smtp_starttls=get("CCHC_SMTP_STARTTLS") not in ("0", "false", "no"),
    )


def _number(raw: str, default: int) -> int | float:
    try:
        value = float(raw or default)
    except ValueError:
        return default
    return value if value == value and value not in (float("inf"), float("-inf")) else default


@functools.lru_cache(maxsize=16)
def _settings_of(values: tuple[str | None, ...], home: str | None, cwd: str) -> Settings:
    return load_settings({name: value for name, value in zip(SETTINGS, values, strict=True) if value is not None})


def get_settings(env: Mapping[str, str] | None = None) -> Settings:
    """The process's settings, for edges only (pages, command lines, routes, start-up).

    Reading them resolves a path, which costs about as much as a small query; pages ask
    for them on every database access, so the result is kept for as long as the CCHC_
    variables, HOME and the working folder stay the same (a changed one is read anew)."""
    if env is not None:
        return load_settings(env)
    return _settings_of(tuple(os.environ.get(name) for name in SETTINGS), os.environ.get("HOME"), os.getcwd())
