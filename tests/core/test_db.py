import sqlite3
import threading

import pytest

from core import db as core_db
from core.db import connect, expected_schema_version, get_db, migrate, schema_version


def test_pragmas_are_set(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == core_db.BUSY_TIMEOUT_MS
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == core_db.WAL_CHECKPOINT_PAGES
    assert db.execute("PRAGMA temp_store").fetchone()[0] == 2  # memory
    assert db.execute("PRAGMA cache_size").fetchone()[0] == -core_db.CACHE_KIB


def test_migrations_applied_once_and_counted(db):
    version = schema_version(db)
    assert version == expected_schema_version() > 0
    assert migrate(db) == version  # applying again changes nothing
    sets = {r[0] for r in db.execute("select distinct migration_set from _sqlite_migrations")}
    assert "core" in sets and "plans" in sets


def test_foreign_keys_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        with db.atomic():
            db.execute("insert into units (code, name, kind, parent_id) values ('X', 'X', 'other', 999)")
    assert db.execute("select count(*) from units").fetchone()[0] == 0


def test_each_thread_gets_its_own_connection(data_dir):
    path = data_dir / "cchc.db"
    mine = get_db(path)
    assert get_db(path) is mine  # same thread: same connection
    seen = {}

    def worker():
        seen["db"] = get_db(path)
        seen["again"] = get_db(path)
        try:
            mine.execute("select 1")  # the main thread's connection, used from here
        except sqlite3.ProgrammingError as exc:
            seen["cross_thread_error"] = str(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen["db"] is seen["again"]
    assert seen["db"] is not mine
    assert "thread" in seen["cross_thread_error"]


def test_concurrent_writers_wait_instead_of_failing(data_dir):
    path = data_dir / "cchc.db"
    get_db(path)  # migrate once
    errors = []

    def writer(n):
        try:
            db = get_db(path)
            for i in range(25):
                with db.atomic():
                    db.execute(
                        "insert into audit_log (at, actor, action, table_name, record_id) values (?, ?, ?, ?, ?)",
                        ["2026-01-01T00:00:00+00:00", f"t{n}", "test", "x", str(i)],
                    )
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert get_db(path).execute("select count(*) from audit_log where action = 'test'").fetchone()[0] == 100


def test_connect_creates_parent_folder(tmp_path):
    db = connect(tmp_path / "a" / "b" / "x.db")
    assert (tmp_path / "a" / "b" / "x.db").exists()
    db.conn.close()


def _read_then_write(path, name: str, rounds: int, errors: list) -> None:
    """Each round reads the counter, then writes it back plus one, in one atomic block (its own connection)."""
    db = connect(path)
    try:
        for _ in range(rounds):
            with db.atomic():
                value = db.execute("select value from office_settings where key = 'counter'").fetchone()[0]
                db.execute("update office_settings set value = ? where key = 'counter'", [str(int(value) + 1)])
                db.execute(
                    "insert into audit_log (at, actor, action, table_name, record_id) values (?, ?, ?, ?, ?)",
                    ["2026-01-01T00:00:00+00:00", name, "race", "x", value],
                )
    except Exception as exc:  # noqa: BLE001 - collected for the assertion
        errors.append(exc)
    finally:
        db.conn.close()


def test_writers_that_read_first_lose_no_write_and_never_see_locked(data_dir):
    """Four connections increment one counter at once. Across processes the same is proven
    by tests/core/test_durability.py (two processes numbering one series, none twice or skipped,
    beside two other writers, none ever seeing "locked")."""
    path = data_dir / "cchc.db"
    get_db(path).execute("insert into office_settings (key, value) values ('counter', '0')")
    errors: list = []
    threads = [threading.Thread(target=_read_then_write, args=(path, f"w{n}", 40, errors)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    db = get_db(path)
    assert db.execute("select value from office_settings where key = 'counter'").fetchone()[0] == "160"
    # every increment read a distinct value: no two transactions overlapped
    assert db.execute("select count(distinct record_id) from audit_log where action = 'race'").fetchone()[0] == 160


def test_a_lock_that_cannot_be_had_is_a_clear_error(data_dir, monkeypatch):
    from core.errors import DatabaseBusy

    path = data_dir / "cchc.db"
    get_db(path)
    monkeypatch.setattr(core_db, "BUSY_TIMEOUT_MS", 50)
    holder, waiter = connect(path), connect(path)
    waiter.conn.execute("PRAGMA busy_timeout = 50")
    try:
        holder.conn.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseBusy) as info:
            with waiter.atomic():
                waiter.execute("insert into office_settings (key, value) values ('x', '1')")
        assert "thử lại" in info.value.message("vi") and "try again" in info.value.message("en")
        holder.conn.execute("ROLLBACK")
        with waiter.atomic():  # once the lock is free the same connection writes normally
            waiter.execute("insert into office_settings (key, value) values ('x', '1')")
    finally:
        holder.conn.close()
        waiter.conn.close()
    assert get_db(path).execute("select value from office_settings where key = 'x'").fetchone()[0] == "1"
