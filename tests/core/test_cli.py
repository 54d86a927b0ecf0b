import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(data_dir, *args, input=None):
    env = {**os.environ, "CCHC_DATA_DIR": str(data_dir), "CCHC_LANG": "vi"}
    return subprocess.run(
        [sys.executable, "-m", "core", *args], cwd=ROOT, env=env, capture_output=True, text=True, input=input
    )


@pytest.fixture
def cli_dir(tmp_path):
    folder = tmp_path / "cli-data"
    result = run(folder, "init", "--demo")
    assert result.returncode == 0, result.stderr
    return folder


def test_init_is_idempotent(cli_dir):
    again = json.loads(run(cli_dir, "init", "--demo").stdout)
    assert again["schema_version"] > 0
    assert all(v == 0 for v in again["added"].values())


def test_users_add_list_set_role_disable(cli_dir):
    assert (
        run(
            cli_dir, "users", "add", "moi", "--role", "staff", "--name", "Cán bộ mới", "--password", "Good@12345"
        ).returncode
        == 0
    )
    assert run(cli_dir, "users", "set-role", "moi", "leader").returncode == 0
    assert run(cli_dir, "users", "disable", "moi").returncode == 0
    listing = run(cli_dir, "users", "list").stdout
    line = next(line for line in listing.splitlines() if line.startswith("moi "))
    assert "leader" in line and "disabled" in line and "Cán bộ mới" in line
    dup = run(cli_dir, "users", "add", "moi", "--role", "staff", "--password", "Good@12345")
    assert dup.returncode == 1 and "đã tồn tại" in dup.stderr


def test_backup_passes_integrity_check_and_restore_brings_data_back(cli_dir, tmp_path):
    copy = tmp_path / "backup.db"
    assert run(cli_dir, "backup", str(copy)).returncode == 0
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    users_in_copy = conn.execute("select count(*) from users").fetchone()[0]
    conn.close()
    run(cli_dir, "users", "add", "later", "--role", "staff", "--password", "Good@12345")
    restored = run(cli_dir, "restore", str(copy))
    assert restored.returncode == 0, restored.stderr
    live = sqlite3.connect(cli_dir / "cchc.db")
    assert live.execute("select count(*) from users").fetchone()[0] == users_in_copy
    assert live.execute("select count(*) from users where username = 'later'").fetchone()[0] == 0


def _foreign_db(path):
    conn = sqlite3.connect(path)
    conn.execute("create table notes (x)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda p: p.write_bytes(b"this is not a database at all" * 10), "không phải cơ sở dữ liệu SQLite"),
        (_foreign_db, "không phải cơ sở dữ liệu của ứng dụng"),
        (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000), "bị hỏng"),
    ],
)
def test_restore_refuses_bad_files_and_changes_nothing(cli_dir, tmp_path, make, message):
    bad = tmp_path / "bad.db"
    make(bad)
    before = (cli_dir / "cchc.db").read_bytes()
    result = run(cli_dir, "restore", str(bad))
    assert result.returncode == 1
    assert message in result.stderr
    live = sqlite3.connect(cli_dir / "cchc.db")
    assert live.execute("select count(*) from users").fetchone()[0] == 5
    live.close()
    assert len(before) > 0
