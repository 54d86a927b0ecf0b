"""`python -m core`, called in process (main(argv)); one subprocess run checks the module
entry point itself."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from core.__main__ import main
from core.db import forget

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli_dir(tmp_path, monkeypatch, demo_template):
    """A data folder holding a copy of the session's demo (what `init --demo` makes; that
    command itself is tested from an empty folder in `test_init_builds_the_demo_once`)."""
    folder = tmp_path / "cli-data"
    folder.mkdir()
    shutil.copy(demo_template, folder / "cchc.db")
    monkeypatch.setenv("CCHC_DATA_DIR", str(folder))
    monkeypatch.setenv("CCHC_LANG", "vi")
    yield folder
    forget((folder / "cchc.db").resolve())


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_module_entry_point_runs(tmp_path):
    env = {**os.environ, "CCHC_DATA_DIR": str(tmp_path / "d"), "CCHC_LANG": "vi"}
    result = subprocess.run([sys.executable, "-m", "core", "init"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["schema_version"] > 0


def test_init_builds_the_demo_once(demo_build, cli_dir, capsys):
    """The session's demo was built by `init --demo` into an empty folder (`demo_build`, the
    command's own report); the same command on that database adds nothing."""
    first = demo_build[1]
    assert first["added"]["users"] > 0 and first["added"]["activities"] > 0
    assert first["database"] == str(demo_build[0])
    code, out, _ = run(capsys, "init", "--demo")
    again = json.loads(out)
    assert code == 0 and again["schema_version"] == first["schema_version"] > 0
    assert all(v == 0 for v in again["added"].values())


def test_users_add_list_set_role_disable(cli_dir, capsys):
    assert (
        run(capsys, "users", "add", "moi", "--role", "staff", "--name", "Cán bộ mới", "--password", "Good@12345")[0]
        == 0
    )
    assert run(capsys, "users", "set-role", "moi", "leader")[0] == 0
    assert run(capsys, "users", "disable", "moi")[0] == 0
    listing = run(capsys, "users", "list")[1]
    line = next(line for line in listing.splitlines() if line.startswith("moi "))
    assert "leader" in line and "disabled" in line and "Cán bộ mới" in line
    code, _out, err = run(capsys, "users", "add", "moi", "--role", "staff", "--password", "Good@12345")
    assert code == 2 and "đã tồn tại" in err and "Traceback" not in err


def test_the_only_administrator_cannot_be_disabled(cli_dir, capsys):
    code, _out, err = run(capsys, "users", "disable", "admin")
    assert code == 2 and "quản trị viên cuối cùng" in err
    assert "admin " in next(line for line in run(capsys, "users", "list")[1].splitlines() if "active" in line)


def test_look_alike_user_name_is_refused(cli_dir, capsys):
    code, _out, err = run(capsys, "users", "add", "adm\u200bin", "--role", "admin", "--password", "Good@12345")
    assert code == 2 and "ký tự ẩn" in err


def test_backup_passes_integrity_check_and_restore_brings_data_back(cli_dir, tmp_path, capsys):
    copy = tmp_path / "backup.db"
    assert run(capsys, "backup", str(copy))[0] == 0
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    users_in_copy = conn.execute("select count(*) from users").fetchone()[0]
    conn.close()
    run(capsys, "users", "add", "later", "--role", "staff", "--password", "Good@12345")
    code, _out, err = run(capsys, "restore", str(copy))
    assert code == 0, err
    live = sqlite3.connect(cli_dir / "cchc.db")
    assert live.execute("select count(*) from users").fetchone()[0] == users_in_copy
    assert live.execute("select count(*) from users where username = 'later'").fetchone()[0] == 0
    live.close()


def test_backup_into_a_missing_folder_and_restore_of_a_missing_file_are_refused(cli_dir, tmp_path, capsys):
    code, _out, err = run(capsys, "backup", str(tmp_path / "nowhere" / "b.db"))
    assert code == 2 and "không tồn tại" in err and "Traceback" not in err
    code, _out, err = run(capsys, "restore", str(tmp_path / "missing.db"))
    assert code == 2 and "missing.db" in err


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
def test_restore_refuses_bad_files_and_changes_nothing(cli_dir, tmp_path, capsys, make, message):
    bad = tmp_path / "bad.db"
    make(bad)
    live = sqlite3.connect(cli_dir / "cchc.db")
    accounts = live.execute("select count(*) from users").fetchone()[0]
    code, _out, err = run(capsys, "restore", str(bad))
    assert code == 2
    assert message in err
    assert accounts > 0 and live.execute("select count(*) from users").fetchone()[0] == accounts
    live.close()
