"""Settings are made once at the edge (load_settings) and passed into logic functions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.settings import SETTINGS, Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
# Where reading the environment belongs: start-up, pages, command lines and HTTP routes.
EDGES = {
    "core/settings.py",
    "core/bootstrap.py",
    "core/cli.py",
    "core/session_routes.py",
    "core/server.py",
    "core/ui.py",
    "inspections/routes.py",
    "streamlit_app.py",
}
# Still reading settings inside: core/db.py (get_db's default path) and the feed fetcher
# (media/fetch.py, media/background.py), both being reworked elsewhere at the time of writing.
NOT_YET = {"core/db.py", "media/fetch.py", "media/background.py"}


def _is_edge(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return path in EDGES or name in ("page.py", "__main__.py") or name.endswith("_page.py")


def test_logic_modules_do_not_read_settings_themselves():
    readers = []
    for path in sorted(ROOT.glob("*/*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(("tests/", "bench/")) or _is_edge(rel) or rel in NOT_YET:
            continue
        if re.search(r"\b(get_settings|load_settings)\(", path.read_text(encoding="utf-8")):
            readers.append(rel)
    assert readers == [], f"logic modules reading the environment (take a Settings argument instead): {readers}"


def test_load_settings_reads_only_what_it_is_given(tmp_path):
    settings = load_settings(
        {
            "CCHC_DATA_DIR": str(tmp_path),
            "CCHC_BASE_URL": "https://cchc.hanoi.gov.vn/",
            "CCHC_LANG": "en",
            "CCHC_UPLOAD_MAX_MB": "2.5",
            "CCHC_FETCH_INTERVAL_MIN": "15",
        }
    )
    assert settings.data_dir == tmp_path.resolve()
    assert settings.base_url == "https://cchc.hanoi.gov.vn"
    assert (settings.lang, settings.fetch_interval_min) == ("en", 15)
    assert settings.upload_max_bytes == int(2.5 * 1024 * 1024)
    assert settings.uploads_dir == tmp_path.resolve() / "uploads"


@pytest.mark.parametrize("raw", ["abc", "inf", "nan", ""])
def test_bad_numbers_in_the_environment_fall_back_to_the_default(tmp_path, raw):
    settings = load_settings({"CCHC_DATA_DIR": str(tmp_path), "CCHC_UPLOAD_MAX_MB": raw})
    assert settings.upload_max_mb == float(SETTINGS["CCHC_UPLOAD_MAX_MB"][0])


def test_tests_build_settings_directly(tmp_path):
    settings = Settings(data_dir=tmp_path)
    assert settings.db_path == tmp_path / "cchc.db" and settings.upload_max_bytes == 10 * 1024 * 1024


def test_the_process_settings_are_kept_but_follow_a_changed_variable(monkeypatch, tmp_path):
    from core.settings import get_settings

    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "a"))
    first = get_settings()
    assert get_settings() is first  # kept: pages ask on every database access
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "b"))
    assert get_settings().data_dir == (tmp_path / "b").resolve()
    monkeypatch.setenv("CCHC_LANG", "en")
    assert get_settings().lang == "en"
    monkeypatch.delenv("CCHC_LANG")
    assert get_settings().lang == "vi"
