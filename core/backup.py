"""Backup and restore through SQLite's online backup API, so a copy taken while the
app runs is consistent, and a restore never leaves a half-written database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from core.db import expected_schema_version
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


def check_restorable(path: Path) -> int:
    """Refuse anything that is not a sound database of this app; return its schema version."""
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
            if not integrity_ok(conn):
                raise AppError("error.restore_corrupt", path=str(path))
            tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        except sqlite3.DatabaseError:
            raise AppError("error.restore_corrupt", path=str(path)) from None
        if not {"_sqlite_migrations", "users", "units", "audit_log"} <= tables:
            raise AppError("error.restore_foreign", path=str(path))
        sets = {r[0] for r in conn.execute("select distinct migration_set from _sqlite_migrations")}
        if "core" not in sets:
            raise AppError("error.restore_foreign", path=str(path))
        found = conn.execute("select count(*) from _sqlite_migrations").fetchone()[0]
    finally:
        conn.close()
    expected = expected_schema_version()
    if found > expected:
        raise AppError("error.restore_newer", path=str(path), found=found, expected=expected)
    return found


def restore(db_path: Path, source: Path) -> None:
    """Replace the live database's content with `source` (after checking it) in one step."""
    check_restorable(source)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(str(db_path))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
