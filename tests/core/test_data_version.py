"""The data version: triggers on every table move it with each committed write, from any
connection; sign-in bookkeeping and rolled-back writes leave it; pages keep reads with
`core.ui.cached` only while it stays."""

from __future__ import annotations

import pytest

from core import sessions, store, units
from core.db import connect, data_version, migrate
from core.permissions import SYSTEM


def _triggered_tables(db) -> set[str]:
    return {
        r[0]
        for r in db.execute(
            "select tbl_name from sqlite_master where type = 'trigger' and name like 'dv\\_%' escape '\\'"
        )
    }


def test_every_table_but_the_bookkeeping_has_the_triggers(db):
    tables = {r[0] for r in db.execute("select name from sqlite_master where type = 'table'")}
    virtual = {r[0] for r in db.execute("select name from sqlite_master where sql like 'create virtual%'")}
    shadows = {t for t in tables for v in virtual if t.startswith(f"{v}_")}
    expected = tables - store.UNVERSIONED - virtual - shadows - {t for t in tables if t.startswith("sqlite_")}
    assert len(expected) > 40
    assert _triggered_tables(db) == expected


def test_a_write_by_another_connection_moves_it_and_a_rollback_does_not(db, tmp_path):
    path = db.execute("pragma database_list").fetchone()[2]
    before = data_version(db)
    other = connect(path)
    units.add_unit(other, SYSTEM, code="X-TEST", name="Xã Thử", kind="commune")
    assert data_version(db) != before
    moved = data_version(db)
    with pytest.raises(RuntimeError):
        with db.atomic():
            db.execute("update units set name = 'Xã Đổi' where code = 'X-TEST'")
            raise RuntimeError("undo")
    assert data_version(db) == moved
    assert db.execute("select name from units where code = 'X-TEST'").fetchone()[0] == "Xã Thử"


def test_sign_in_bookkeeping_does_not_move_it(db, users):
    before = data_version(db)
    token = sessions.start(db, users["staff"])
    assert sessions.resume(db, token).id == users["staff"].id
    sessions.end(db, token)
    assert data_version(db) == before


def test_a_table_added_later_gets_its_triggers_on_the_next_migrate(tmp_path):
    db = connect(tmp_path / "x.db")
    migrate(db)
    db.execute("create table later_things (id integer primary key, name text)")
    assert "later_things" not in _triggered_tables(db)
    migrate(db)
    assert "later_things" in _triggered_tables(db)
    before = data_version(db)
    db.execute("insert into later_things (name) values ('x')")
    db.conn.commit()
    assert data_version(db) != before


def test_cached_reads_are_kept_until_a_write_and_are_copies(db):
    from core.ui import cached

    calls = []

    def read(database, code):
        calls.append(code)
        return [dict(r) for r in database.query("select code, name from units where code = ?", [code])]

    units.add_unit(db, SYSTEM, code="X-C", name="Xã Một", kind="commune")
    first = cached(read, db, "X-C")
    first[0]["name"] = "changed by a page"
    again = cached(read, db, "X-C")
    assert again == [{"code": "X-C", "name": "Xã Một"}] and len(calls) == 1  # kept, and a copy
    assert cached(read, db, "X-D") == [] and len(calls) == 2  # the arguments are part of the key
    with db.atomic():
        db.execute("update units set name = 'Xã Hai' where code = 'X-C'")
    assert cached(read, db, "X-C") == [{"code": "X-C", "name": "Xã Hai"}] and len(calls) == 3
