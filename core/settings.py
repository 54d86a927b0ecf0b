"""Process settings, read from the environment.

Every setting is declared once here with its default and help text; the README's
settings table is checked against this list by a test.
"""

from __future__ import annotations

import os
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
    "CCHC_IMPORT_MAX_MB": (
        "10",
        "Largest spreadsheet (XLSX or CSV) a monthly import accepts, in MB; an XLSX may unpack to 20 times that.",
    ),
}


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    demo: bool
    base_url: str
    lang: str
    fetch_enabled: bool
    fetch_interval_min: int
    import_max_mb: int = 10

    @property
    def db_path(self) -> Path:
        return self.data_dir / "cchc.db"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"


def _get(name: str, env: dict[str, str] | None) -> str:
    source = os.environ if env is None else env
    return source.get(name, SETTINGS[name][0])


def get_settings(env: dict[str, str] | None = None) -> Settings:
    """Read the settings now (not at import), so tests can point at a temporary folder."""
    lang = _get("CCHC_LANG", env)
    return Settings(
        data_dir=Path(_get("CCHC_DATA_DIR", env)).expanduser().resolve(),
        demo=_get("CCHC_DEMO", env) not in ("0", "false", "no", ""),
        base_url=_get("CCHC_BASE_URL", env).rstrip("/"),
        lang=lang if lang in ("vi", "en") else "vi",
        fetch_enabled=_get("CCHC_FETCH_ENABLED", env) in ("1", "true", "yes"),
        fetch_interval_min=max(0, int(_get("CCHC_FETCH_INTERVAL_MIN", env) or 0)),
        import_max_mb=max(1, int(_get("CCHC_IMPORT_MAX_MB", env) or 10)),
    )
