"""Restore accepts only a database with exactly this version's schema and migrations,
checks a copy, swaps it in with one rename and keeps the previous database."""

from __future__ import annotations

import sqlite3

import pytest

from core import auth, backup
from core.db import get_db
from core.errors import AppError
from core.permissions import SYSTEM
from tests.conftest import TEST_PASSWORD


def _table_rows(path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' order by name")]
        return {n: sorted(map(repr, conn.execute(f'select * from "{n}"'))) for n in names}  # noqa: S608 - names from sqlite_master
    finally:
        conn.close()


@pytest.fixture
def live(demo_db, data_dir):
    """The live database (the demo) and a good backup of it taken now."""
    copy = data_dir.parent / "good-backup.db"
    backup.backup(data_dir / "cchc.db", copy)
    return data_dir / "cchc.db", copy


def _tamper(source, dest, *statements):
    backup.backup(source, dest)
    conn = sqlite3.connect(dest)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return dest


BAD = {
    "added_trigger": (
        "create trigger promote after update of last_login_at on users begin"
        " update users set role = 'admin' where id = new.id; end",
    ),
    "altered_users": ("alter table users add column is_superuser int default 1",),
    "dropped_index": ("drop index idx_users_email",),
    "added_view": ("create view v as select password_hash from users",),
    "migration_row_removed": ("delete from _sqlite_migrations where id = (select max(id) from _sqlite_migrations)",),
    "foreign_migration_row": (
        "insert into _sqlite_migrations (migration_set, name, applied_at) values ('evil', 'm001', '2026')",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_tampered_backup_is_refused_and_the_live_database_is_unchanged(live, tmp_path, case):
    db_path, good = live
    bad = _tamper(good, tmp_path / f"{case}.db", *BAD[case])
    auth.create_user(get_db(db_path), SYSTEM, username="after", password=TEST_PASSWORD, role="staff")
    before = _table_rows(db_path)
    with pytest.raises(AppError) as info:
        backup.restore(db_path, bad)
    assert info.value.key in ("error.restore_schema", "error.restore_migrations", "error.restore_newer")
    assert str(bad) in info.value.message("vi")
    assert _table_rows(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir() if "restore" in p.name) == []


def test_the_trigger_is_named_in_the_refusal(live, tmp_path):
    db_path, good = live
    bad = _tamper(good, tmp_path / "t.db", *BAD["added_trigger"])
    with pytest.raises(AppError) as info:
        backup.restore(db_path, bad)
    assert "trigger promote" in info.value.message("en")


@pytest.mark.parametrize(
    "content,key",
    [
        (b"garbage " * 1000, "error.restore_not_sqlite"),
        (b"SQLite format 3\x00" + b"\xff" * 5000, "error.restore_corrupt"),
        (b"", "error.restore_not_sqlite"),
    ],
)
def test_garbage_is_refused_and_changes_nothing(live, tmp_path, content, key):
    db_path, _ = live
    bad = tmp_path / "garbage.db"
    bad.write_bytes(content)
    before = _table_rows(db_path)
    with pytest.raises(AppError) as info:
        backup.restore(db_path, bad)
    assert info.value.key == key
    assert _table_rows(db_path) == before


def test_a_good_backup_restores_every_row_and_keeps_the_previous_database(live):
    db_path, good = live
    expected = _table_rows(good)
    auth.create_user(get_db(db_path), SYSTEM, username="later", password=TEST_PASSWORD, role="staff")
    changed = _table_rows(db_path)
    kept = backup.restore(db_path, good)
    assert _table_rows(db_path) == expected
    assert kept is not None and kept.name.startswith("cchc.db.before-restore-")
    assert _table_rows(kept) == changed  # the previous database, whole (its WAL brought in)
    db = get_db(db_path)  # the app opens the restored file
    assert db.execute("select count(*) from users where username = 'later'").fetchone()[0] == 0
    assert backup.check_restorable(db_path) == len(backup.expected_schema()[1])


def test_a_new_file_that_fails_to_open_puts_the_previous_database_back(live, monkeypatch):
    db_path, good = live
    before = _table_rows(db_path)
    calls = []
    real = backup._opens

    def fail_on_live(path):
        calls.append(path)
        if path == db_path:
            raise AppError("error.restore_corrupt", path=str(path))
        real(path)

    monkeypatch.setattr(backup, "_opens", fail_on_live)
    with pytest.raises(AppError):
        backup.restore(db_path, good)
    assert db_path in calls
    assert _table_rows(db_path) == before
    assert [p.name for p in db_path.parent.iterdir() if "restore" in p.name] == []


_PROMOTE_TRIGGER = (
    "CREATE TRIGGER sqlite_stat9 AFTER UPDATE OF last_login_at ON users BEGIN"
    " UPDATE users SET role='admin' WHERE username='canbo'; END"
)


def _hostile_backup(good, dest):
    """The backup of issue 23: a trigger written straight into sqlite_master under a name
    SQLite reserves, so integrity_check passes and a comparison skipping `sqlite_*` misses it."""
    backup.backup(good, dest)
    conn = sqlite3.connect(dest)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql)"
        " VALUES ('trigger', 'sqlite_stat9', 'users', 0, ?)",
        (_PROMOTE_TRIGGER,),
    )
    conn.commit()
    conn.close()
    check = sqlite3.connect(dest)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"  # the file is "sound"
    check.close()
    return dest


def _sign_in_canbo(db_path) -> str:
    db = get_db(db_path)
    auth.login(db, "canbo", "Canbo@2026")
    return db.execute("select role from users where username = 'canbo'").fetchone()[0]


def test_a_trigger_named_like_sqlite_statistics_is_refused_by_restore(live, tmp_path):
    db_path, good = live
    bad = _hostile_backup(good, tmp_path / "stat9.db")
    before = _table_rows(db_path)
    with pytest.raises(AppError) as info:
        backup.restore(db_path, bad)
    assert info.value.key == "error.restore_schema"
    assert "trigger sqlite_stat9" in info.value.message("en")
    assert _table_rows(db_path) == before
    assert _sign_in_canbo(db_path) == "staff"


def test_restore_cli_refuses_the_hostile_backup_with_exit_2(live, tmp_path, settings):
    from core.__main__ import main

    db_path, good = live
    bad = _hostile_backup(good, tmp_path / "stat9.db")
    assert main(["restore", str(bad)]) == 2
    assert _sign_in_canbo(db_path) == "staff"


def test_no_schema_object_of_the_backup_survives_even_if_the_comparison_passed(live, tmp_path, monkeypatch):
    """The rebuild alone holds: with the schema comparison switched off, the hostile file is
    restored as rows into a database made by this version's migrations, and its trigger is gone."""
    db_path, good = live
    bad = _hostile_backup(good, tmp_path / "stat9.db")
    monkeypatch.setattr(backup, "_schema_difference", lambda found, expected: "")
    backup.restore(db_path, bad)
    conn = sqlite3.connect(db_path)
    names = {r[0] for r in conn.execute("select name from sqlite_master")}
    conn.close()
    assert "sqlite_stat9" not in names
    assert backup.schema_of(sqlite3.connect(db_path)) == backup.expected_schema()[0]
    assert _sign_in_canbo(db_path) == "staff"


def test_a_backup_with_another_user_version_is_refused(live, tmp_path):
    db_path, good = live
    bad = _tamper(good, tmp_path / "uv.db", "PRAGMA user_version = 7")
    with pytest.raises(AppError) as info:
        backup.restore(db_path, bad)
    assert "user_version 7" in info.value.message("en")
