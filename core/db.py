"""The one SQLite database: opening it, migrating it, sharing it across threads.

Connections: sqlite3 refuses to use a connection from a thread other than the one
that made it, and Streamlit runs every script run (and Starlette every sync route)
on worker threads. Rather than switching that check off and serialising all
access behind a lock, each thread gets its own connection to the same file
(`get_db`); WAL lets readers and one writer proceed together, and the busy timeout
makes a second writer wait instead of failing. A thread's connection is closed
when the thread ends (thread-local storage is released). Migrations run once per
process per database file, before the first connection is handed out.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from core import store
from core.errors import DatabaseBusy

BUSY_TIMEOUT_MS = 10_000
BEGIN_ATTEMPTS = 3  # BEGIN IMMEDIATE tries (each waits up to the busy timeout) before giving up


WAL_CHECKPOINT_PAGES = 10_000
CACHE_KIB = 16_000
_local = threading.local()
_migrated: set[str] = set()
_migrate_lock = threading.Lock()


def _is_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" / "database is busy" (another writer holds the lock)."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


class AppDatabase(sqlite_utils.Database):
    """sqlite-utils' Database whose outermost `atomic()` block takes the write lock at once.

    A deferred BEGIN that reads and then writes fails immediately ("database is locked")
    when another connection committed in between, whatever the busy timeout: SQLite
    cannot upgrade a stale read snapshot. BEGIN IMMEDIATE waits (busy timeout) for the
    lock up front, so the block then runs alone. Nested blocks are savepoints, as before.
    A lock that cannot be had becomes `DatabaseBusy`, a message the user can act on."""

    @contextlib.contextmanager
    def atomic(self) -> Iterator[AppDatabase]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self._begin_immediate()
        try:
            yield self
        except BaseException as exc:
            self.rollback()
            if _is_busy(exc):
                raise DatabaseBusy("error.database_busy") from exc
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException as exc:
            self.rollback()
            if _is_busy(exc):
                raise DatabaseBusy("error.database_busy") from exc
            raise

    def _begin_immediate(self) -> None:
        """Take the write lock; nothing has run yet, so a timed-out attempt is safe to retry."""
        for attempt in range(BEGIN_ATTEMPTS):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise
                if attempt == BEGIN_ATTEMPTS - 1:
                    raise DatabaseBusy("error.database_busy") from exc
                time.sleep(0.05 * (attempt + 1))


def connect(path: str | Path) -> AppDatabase:
    """Open `path` with the app's pragmas. The caller owns the connection."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    # Checkpoint the WAL every ~40 MB instead of every ~4 MB: a page written by many
    # transactions in between (index pages, above all) is copied back once, not each time.
    conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
    # Savepoints (each file of an ingest, nested `atomic()` blocks) keep the pages they
    # change in a statement journal; in memory rather than a temporary file, that is a
    # copy instead of two write calls per page.
    conn.execute("PRAGMA temp_store = MEMORY")
    # 16 MB of page cache instead of 2 MB: a transaction that writes thousands of rows (an
    # ingest group) keeps its index pages in memory instead of spilling and re-reading them.
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return AppDatabase(conn)


def migration_sets() -> list[Migrations]:
    """Each installed slice's `Migrations` set, in the order of `core.slices.INSTALLED`
    (a later slice may reference an earlier slice's tables)."""
    from core.slices import modules

    return [module.migrations for module in modules("migrations")]


def migrate(db: sqlite_utils.Database) -> int:
    """Apply every pending migration (each in its own transaction), then give any new table
    its data-version triggers; return the schema version."""
    for migrations in migration_sets():
        migrations.apply(db)
    with db.conn:
        store.install_version_triggers(db)
    return schema_version(db)


def data_version(db: sqlite_utils.Database) -> int:
    """A number that moves with every committed change to the app's data, whichever
    connection or process made it (sign-in bookkeeping excepted): what was read at one
    version is still true while the number stays."""
    return store.data_version(db)


def schema_version(db: sqlite_utils.Database) -> int:
    """How many migrations this database has applied, across all slices."""
    if not db.table("_sqlite_migrations").exists():
        return 0
    return db.execute("select count(*) from _sqlite_migrations").fetchone()[0]


def expected_schema_version() -> int:
    return sum(len(m._migrations) for m in migration_sets())


@functools.lru_cache(maxsize=64)
def _resolved(path: str, cwd: str) -> str:
    """The absolute path of the database file (a few system calls, asked on every `db()`)."""
    return str(Path(path).resolve())


def get_db(path: str | Path | None = None) -> sqlite_utils.Database:
    """This thread's connection to the app database (migrated), opened on first use."""
    if path is None:
        from core.settings import get_settings

        path = get_settings().db_path
    key = _resolved(str(path), os.getcwd())
    conns: dict[str, sqlite_utils.Database] = getattr(_local, "conns", None) or {}
    _local.conns = conns
    db = conns.get(key)
    if db is None:
        db = connect(key)
        if key not in _migrated:
            with _migrate_lock:
                if key not in _migrated:
                    migrate(db)
                    _migrated.add(key)
        conns[key] = db
    return db


def forget(path: str | Path) -> None:
    """Drop this thread's connection to `path` and its migrated mark (tests, restore)."""
    key = str(Path(path).resolve())
    _migrated.discard(key)
    conns = getattr(_local, "conns", None) or {}
    db = conns.pop(key, None)
    if db is not None:
        db.conn.close()
