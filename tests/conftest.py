"""Shared fixtures: a temporary data folder with every migration applied, one user
per role, and page tests (AppTest) signed in as any role."""

from __future__ import annotations

import contextlib
import functools
import io
import json
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core import auth  # noqa: E402
from core.db import AppDatabase, forget, get_db  # noqa: E402
from core.permissions import ROLES, SYSTEM, User  # noqa: E402
from core.settings import Settings  # noqa: E402

TEST_PASSWORD = "Test@12345"

# Production argon2 parameters cost ~50 ms per hash and verification; hundreds of tests
# create users. Tests hash with the cheapest parameters argon2 allows (same algorithm);
# tests/core/test_auth.py checks the production parameters once.
_PRODUCTION_HASHER = auth._hasher
auth.use_hasher(auth.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """A fresh data folder; the app's settings point at it for this test."""
    folder = tmp_path / "data"
    monkeypatch.setenv("CCHC_DATA_DIR", str(folder))
    monkeypatch.setenv("CCHC_DEMO", "0")
    monkeypatch.setenv("CCHC_FETCH_ENABLED", "0")
    yield folder
    forget(folder / "cchc.db")


@pytest.fixture
def settings(data_dir) -> Settings:
    """The settings the app would be started with for this test's data folder."""
    return Settings(data_dir=data_dir.resolve())


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    """An empty database with every migration applied, made once per test process by the
    app's own `get_db` and closed (the file alone is the whole database)."""
    path = tmp_path_factory.mktemp("migrated") / "cchc.db"
    get_db(path)
    forget(path)
    assert not path.with_name("cchc.db-wal").exists() or not path.with_name("cchc.db-wal").stat().st_size
    return path


@pytest.fixture
def db(data_dir, migrated_template):
    """The migrated app database in the temporary data folder (empty of data): a copy of
    the session's migrated file, which `get_db` opens and finds with nothing left to run
    (tests/core/test_db.py runs the migrations on fresh files)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(migrated_template, data_dir / "cchc.db")
    return get_db(data_dir / "cchc.db")


@pytest.fixture
def users(db) -> dict[str, User]:
    """One active user per role, keyed by role (password TEST_PASSWORD)."""
    return {
        role: auth.create_user(
            db, SYSTEM, username=f"u_{role}", password=TEST_PASSWORD, role=role, full_name=f"Người dùng {role}"
        )
        for role in ROLES
    }


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> Iterator[tuple[Path, dict]]:
    """The full demo, built once per test session by the command an office runs first,
    `python -m core init --demo` (called in process), into a data folder of its own: (the
    database's path, the command's JSON report). tests/core/test_cli.py reads that report."""
    from core.__main__ import main

    folder = tmp_path_factory.mktemp("demo-template")
    printed = io.StringIO()
    with pytest.MonkeyPatch.context() as env, contextlib.redirect_stdout(printed):
        for name, value in (("CCHC_DATA_DIR", folder), ("CCHC_LANG", "vi"), ("CCHC_DEMO", "0")):
            env.setenv(name, str(value))
        env.setenv("CCHC_FETCH_ENABLED", "0")
        code = main(["init", "--demo"])
    path = folder / "cchc.db"
    forget(path)  # closed, so the file alone is the whole database
    assert code == 0, printed.getvalue()

    def in_memory() -> AppDatabase:
        demo = AppDatabase(sqlite3.connect(":memory:", check_same_thread=False))
        source = sqlite3.connect(path)
        try:
            source.backup(demo.conn)
        finally:
            source.close()
        return demo

    # A template upload is tried on the demo, which exports.templates builds once per
    # process in memory: in a test process that build is this one, copied into memory.
    from exports import templates

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(templates, "_demo_database", functools.lru_cache(maxsize=1)(in_memory))
        yield path, json.loads(printed.getvalue())


@pytest.fixture(scope="session")
def demo_template(demo_build) -> Path:
    """The session's demo database file (copy it; never open it for writing)."""
    return demo_build[0]


@pytest.fixture
def demo_db(db, demo_template):
    """The database with the full demo in it: a copy of the session's demo (SQLite's
    backup API into this test's open connection), so each test may change it freely."""
    source = sqlite3.connect(demo_template)
    try:
        source.backup(db.conn)
    finally:
        source.close()
    return db


@pytest.fixture
def app_as(data_dir):
    """Make an AppTest of the whole app signed in as `username` (or signed out)."""
    from streamlit.testing.v1 import AppTest

    from core import sessions
    from core.ui import LANG_KEY, TOKEN_KEY

    def make(username: str | None = None, lang: str = "vi", page: str | None = None) -> AppTest:
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
        if username:
            row = get_db().execute("select * from users where username = ?", [username]).fetchone()
            user = auth.get_user(get_db(), row[0])
            # a server-side session, as the sign-in route makes; AppTest cannot send its cookie
            at.session_state[TOKEN_KEY] = sessions.start(get_db(), user)
        at.session_state[LANG_KEY] = lang
        at.run()
        if page:
            at.switch_page(page).run()
        return at

    return make
