"""The indices tables moved from the plans slice's migration m101 to the indices slice's
m001. A database made by the code before the move (commit c9d7aa1, demo data and all)
opens with today's code without losing a row or running a migration twice."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from core.db import connect, expected_schema_version, migrate, schema_version
from indices import store
from indices.views import result_view

ROOT = Path(__file__).resolve().parents[2]
BEFORE_THE_MOVE = "c9d7aa1"
INDEX_TABLES = ("reform_indices", "index_frameworks", "index_nodes", "index_results", "index_scores", "index_leads")


def _tables(db) -> list[str]:
    return sorted(t for t in db.table_names() if not t.startswith(("sqlite_", "_sqlite_")) and "_fts" not in t)


def _counts(db) -> dict[str, int]:
    return {t: db.table(t).count for t in _tables(db)}


def _rows(db, table: str) -> list[dict]:
    return list(db.query(f"select * from [{table}] order by rowid"))  # noqa: S608


def _migrations(db) -> list[tuple[str, str]]:
    return [(r["migration_set"], r["name"]) for r in db.query("select * from _sqlite_migrations order by id")]


@pytest.fixture(scope="module")
def old_database(tmp_path_factory) -> Path:
    """The demo database as the code before the move creates it (`python -m core init --demo`)."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", BEFORE_THE_MOVE], capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:  # a source tree without git history
        pytest.skip(f"commit {BEFORE_THE_MOVE} is not available: {exc}")
    source = tmp_path_factory.mktemp("before_the_move")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(source, filter="data")
    data = tmp_path_factory.mktemp("old_data")
    env = {**os.environ, "CCHC_DATA_DIR": str(data), "CCHC_DEMO": "0", "CCHC_FETCH_ENABLED": "0"}
    env.pop("PYTHONPATH", None)
    subprocess.run(
        [sys.executable, "-m", "core", "init", "--demo"], cwd=source, env=env, check=True, capture_output=True
    )
    return data / "cchc.db"


def test_old_database_keeps_every_row_and_runs_no_migration_twice(old_database, tmp_path):
    path = tmp_path / "cchc.db"
    path.write_bytes(old_database.read_bytes())  # the demo is checkpointed: the WAL is empty
    db = connect(path)
    before_counts = _counts(db)
    before_rows = {t: _rows(db, t) for t in INDEX_TABLES}
    before_migrations = _migrations(db)
    assert ("plans", store.OLD_NAME) in before_migrations
    assert before_counts["index_results"] > 0 and before_counts["index_leads"] > 0  # a real test of the data

    version = migrate(db)

    # slices and migrations added since that commit bring tables of their own; every old one keeps its rows
    assert {t: n for t, n in _counts(db).items() if t in before_counts} == before_counts
    assert {t: _rows(db, t) for t in INDEX_TABLES} == before_rows
    after = _migrations(db)
    assert len(after) == len(set(after))  # no migration recorded twice
    assert ("plans", store.OLD_NAME) not in after and ("indices", "m001_indices_frameworks_results") in after
    assert set(after) - set(before_migrations) >= {
        ("indices", "m001_indices_frameworks_results"),
        ("plans", "m003_activities_by_index_node"),
    }
    assert version == schema_version(db) == expected_schema_version()
    assert migrate(db) == version and _migrations(db) == after  # a second start changes nothing

    from core.permissions import SYSTEM

    par = db.execute("select id from reform_indices where code = 'PAR'").fetchone()[0]
    hn = db.execute("select id from units where code = 'HN'").fetchone()[0]
    view = result_view(db, SYSTEM, par, 2023, hn)
    assert view["total"] is not None and any(r["lead"] for r in view["rows"])
    db.conn.close()


def test_new_database_gets_the_same_schema_from_the_indices_slice(tmp_path):
    db = connect(tmp_path / "new.db")
    assert migrate(db) == expected_schema_version()
    sets = {(s, n) for s, n in _migrations(db)}
    assert ("indices", "m001_indices_frameworks_results") in sets and ("plans", store.OLD_NAME) not in sets
    assert set(INDEX_TABLES) <= set(db.table_names())
    assert any(i.columns == ["index_node_id"] for i in db.table("activities").indexes)
    db.conn.close()


def test_both_routes_end_with_the_same_tables_and_indexes(old_database, tmp_path):
    """Upgraded and new databases have the same tables, columns and indexes."""

    def shape(db):
        return {
            t: (db.table(t).columns_dict, sorted((str(i.columns), i.unique) for i in db.table(t).indexes))
            for t in _tables(db)
        }

    path = tmp_path / "old.db"
    path.write_bytes(old_database.read_bytes())
    upgraded, fresh = connect(path), connect(tmp_path / "new.db")
    migrate(upgraded)
    migrate(fresh)
    assert shape(upgraded) == shape(fresh)
    upgraded.conn.close()
    fresh.conn.close()
