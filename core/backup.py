"""Backup and restore through SQLite's online backup API, so a copy taken while the
app runs is consistent, and a restore never leaves a half-written database.

A backup file may come from anywhere, and a database carries code (triggers, views,
defaults), so a restore accepts only a database whose schema is exactly the one this
version's migrations build (every row of `sqlite_master`, names reserved by SQLite
included), with the same migrations recorded and the same `user_version`. Even then no
schema object of the file is used: a new database is built beside the live one by this
version's migrations, the backup's rows are copied into it table by table (columns by
name), it is checked there, and swapped in with one rename; the previous
database is kept (`cchc.db.before-restore-<time>`) and put back if the new one does
not open. Stop the app (and any cron job) before restoring: other processes keep their
connections to the old file."""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from core.db import AppDatabase, connect, expected_schema_version, forget, migrate
from core.errors import AppError

SQLITE_HEADER = b"SQLite format 3\x00"


def integrity_ok(conn: sqlite3.Connection) -> bool:
    return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def backup(db_path: Path, dest: Path) -> Path:
    """Copy the live database at `db_path` to `dest`; the copy must pass integrity_check."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(str(db_path))
    out = sqlite3.connect(str(tmp))
    try:
        src.backup(out)
        ok = integrity_ok(out)
    finally:
        out.close()
        src.close()
    if not ok:
        tmp.unlink(missing_ok=True)
        raise AppError("error.backup_failed")
    tmp.replace(dest)
    return dest


# Tables SQLite itself makes (planner statistics, AUTOINCREMENT counters): data, not code,
# and never copied. Only these exact (type, name) pairs are left out of the comparison —
# a trigger or view given a reserved-looking name ("sqlite_stat9") is compared like any other.
_SQLITE_OWN_TABLES = {
    ("table", n) for n in ("sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4", "sqlite_sequence")
}


def schema_of(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """Every schema object (tables, indexes, triggers, views) by (type, name) -> its SQL,
    whitespace normalised; every row of sqlite_master except SQLite's own statistics and
    sequence tables (and not a trigger or view that merely borrows their names)."""
    rows = conn.execute("select type, name, sql from sqlite_master")
    return {
        (kind, name): re.sub(r"\s+", " ", sql or "").strip()
        for kind, name, sql in rows
        if (kind, name) not in _SQLITE_OWN_TABLES
    }


def user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrations_of(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    return {(r[0], r[1]) for r in conn.execute("select migration_set, name from _sqlite_migrations")}


@lru_cache(maxsize=1)
def expected_schema() -> tuple[dict[tuple[str, str], str], frozenset[tuple[str, str]], int]:
    """The schema, migration records and user_version of a database freshly built by this version."""
    fresh = AppDatabase(sqlite3.connect(":memory:"))
    try:
        fresh.execute("PRAGMA foreign_keys = ON")
        migrate(fresh)
        return schema_of(fresh.conn), frozenset(migrations_of(fresh.conn)), user_version(fresh.conn)
    finally:
        fresh.conn.close()


def _schema_difference(found: dict, expected: dict) -> str:
    """The first difference, named for the message ("trigger x added", "table users differs")."""
    for key in sorted(found.keys() - expected.keys()):
        return f"+ {key[0]} {key[1]}"
    for key in sorted(expected.keys() - found.keys()):
        return f"- {key[0]} {key[1]}"
    for key in sorted(k for k in found if found[k] != expected[k]):
        return f"≠ {key[0]} {key[1]}"
    return ""


def check_restorable(path: Path) -> int:
    """Refuse anything that is not a sound database with exactly this version's schema and
    migrations; return its schema version. Reads only."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError:
        header = b""
    if header != SQLITE_HEADER:
        raise AppError("error.restore_not_sqlite", path=str(path))
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            if not integrity_ok(conn):
                raise AppError("error.restore_corrupt", path=str(path))
            found_schema = schema_of(conn)
            found_version = user_version(conn)
            if ("table", "_sqlite_migrations") not in found_schema or ("table", "users") not in found_schema:
                raise AppError("error.restore_foreign", path=str(path))
            found_migrations = migrations_of(conn)
        except sqlite3.DatabaseError:
            raise AppError("error.restore_corrupt", path=str(path)) from None
    finally:
        conn.close()
    schema, migrations, version = expected_schema()
    if not any(name == "core" for name, _ in found_migrations):
        raise AppError("error.restore_foreign", path=str(path))
    if len(found_migrations) > len(migrations) and found_migrations > migrations:
        raise AppError("error.restore_newer", path=str(path), found=len(found_migrations), expected=len(migrations))
    if found_migrations != migrations:
        missing = sorted(migrations - found_migrations) or sorted(found_migrations - migrations)
        raise AppError("error.restore_migrations", path=str(path), migration="/".join(missing[0]))
    difference = _schema_difference(found_schema, schema)
    if not difference and found_version != version:
        difference = f"user_version {found_version} ≠ {version}"
    if difference:
        raise AppError("error.restore_schema", path=str(path), difference=difference)
    return len(found_migrations)


def _copyable_tables(conn: sqlite3.Connection) -> list[str]:
    """The fresh database's ordinary tables (FTS5's shadow tables included, its virtual
    table not), in creation order."""
    return [
        name
        for name, sql in conn.execute("select name, sql from sqlite_master where type = 'table' order by rowid")
        if not name.startswith("sqlite_") and not (sql or "").upper().startswith("CREATE VIRTUAL")
    ]


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA "{schema}".table_xinfo("{table}")') if r[6] in (0, 1)]  # not generated


def rebuild(source: Path, dest: Path) -> None:
    """Build a new database at `dest` with this version's migrations and copy the rows of
    `source` (already checked) into it, table by table, columns by name. Nothing of the
    source's schema — tables, indexes, triggers, views, pragmas — is carried over; the
    source is opened read-only with its schema untrusted, so none of its code can run."""
    db = connect(dest)
    try:
        migrate(db)
        conn = db.conn
        conn.execute("PRAGMA foreign_keys = OFF")  # rows arrive parent and child in any order
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("ATTACH DATABASE ? AS backup", (f"file:{Path(source).resolve()}?mode=ro",))
        try:
            tables = _copyable_tables(conn)
            found = {r[0] for r in conn.execute("select name from backup.sqlite_master where type = 'table'")}
            with conn:
                # Counters the other tables' triggers move (data and calendar versions) last,
                # so they end as the backup had them.
                last = ("calendar_feed_state", "data_version")  # data_version's own triggers move the first
                for table in sorted(tables, key=lambda t: last.index(t) + 1 if t in last else 0):
                    conn.execute(f'DELETE FROM main."{table}"')  # noqa: S608 - names from this version's schema
                    if table not in found:
                        continue
                    theirs = set(_columns(conn, "backup", table))
                    names = ", ".join(f'"{c}"' for c in _columns(conn, "main", table) if c in theirs)
                    conn.execute(f'INSERT INTO main."{table}" ({names}) SELECT {names} FROM backup."{table}"')  # noqa: S608
        finally:
            conn.execute("DETACH DATABASE backup")
        conn.execute("PRAGMA foreign_keys = ON")
        if conn.execute("PRAGMA foreign_key_check").fetchone() is not None or not integrity_ok(conn):
            raise AppError("error.restore_corrupt", path=str(source))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.conn.close()


def _opens(path: Path) -> None:
    """The database at `path` opens with the app's settings and is at this version."""
    db = connect(path)
    try:
        if migrate(db) != expected_schema_version() or not integrity_ok(db.conn):
            raise AppError("error.restore_corrupt", path=str(path))
    except sqlite3.DatabaseError:
        raise AppError("error.restore_corrupt", path=str(path)) from None
    finally:
        db.conn.close()


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def restore(db_path: Path, source: Path) -> Path | None:
    """Replace the live database with `source` after checking a copy of it; the swap is
    one rename. Returns where the previous database was kept (None when there was none)."""
    db_path, source = Path(db_path), Path(source)
    check_restorable(source)  # cheap refusals before anything is written
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    staged = db_path.with_name(f"{db_path.name}.restore-{stamp}")
    previous = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
    try:
        rebuild(source, staged)
        check_restorable(staged)  # the copy itself, not the file it came from (which may change)
        _opens(staged)
    except sqlite3.DatabaseError:
        _remove(staged)
        raise AppError("error.restore_corrupt", path=str(source)) from None
    except BaseException:
        _remove(staged)
        raise
    forget(db_path)
    kept = None
    if db_path.exists():
        live = sqlite3.connect(str(db_path))
        try:  # bring the write-ahead log into the main file, so the kept copy is whole
            live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            live.close()
        os.replace(db_path, previous)
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        kept = previous
    os.replace(staged, db_path)
    try:
        _opens(db_path)
    except BaseException:
        forget(db_path)
        _remove(db_path)
        if kept is not None:
            os.replace(kept, db_path)
        raise
    forget(db_path)  # the next get_db() opens the restored file
    return kept
