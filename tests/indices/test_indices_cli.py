"""`python -m indices`: export, check, import with --commit, losses."""

from __future__ import annotations

import json

from indices import store
from indices.__main__ import main
from tests.indices.helpers import setup_par


def test_framework_and_results_through_the_command_line(db, tmp_path, capsys):
    setup_par(db)
    out = tmp_path / "khung.xlsx"
    assert main(["export-framework", "--index", "PAR", "--year", "2023", "-o", str(out)]) == 0
    args = [
        "import-framework",
        str(out),
        "--index",
        "PAR",
        "--code",
        "Khung 2031",
        "--title",
        "Khung mới",
        "--from-year",
        "2031",
    ]
    assert main(args) == 0 and "nothing written" in capsys.readouterr().out
    assert len(store.list_frameworks(db, store.index_by_code(db, "PAR")["id"])) == 2
    assert main(args + ["--commit"]) == 0
    assert json.loads(capsys.readouterr().out)["code"] == "Khung 2031"

    scores = tmp_path / "kq.csv"
    scores.write_text("node_code,score\nLV1.1,9\nLV1.2,25\n", encoding="utf-8")
    base = ["import-results", str(scores), "--index", "PAR", "--year", "2023"]
    assert main(base) == 2 and "vượt điểm tối đa" in capsys.readouterr().out
    assert main(base + ["--commit"]) == 2  # refused: the problems listed, nothing written
    assert "vượt điểm tối đa" in capsys.readouterr().err
    assert store.find_result(db, store.index_by_code(db, "PAR")["id"], 2023, _city(db)) is None
    scores.write_text("node_code,score\nLV1.1,9\nLV1.2,15\n", encoding="utf-8")
    assert main(base + ["--commit"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] is None  # LV2 not scored: no total derived
    assert main(["losses", "--year", "2023"]) == 0
    losses = json.loads(capsys.readouterr().out)
    assert [(r["code"], r["lost"]) for r in losses] == [("LV1.2", 5.0), ("LV1.1", 1.0)]


def _city(db) -> int:
    return next(u["id"] for u in db.query("select id from units where kind = 'city'"))


def test_indices_commands_left_the_plans_cli(capsys):
    """`python -m plans indices ...` is gone: the commands are `python -m indices ...`."""
    from plans.__main__ import main as plans_main

    assert plans_main(["indices", "losses", "--year", "2023"]) == 2
    assert "invalid choice: 'indices'" in capsys.readouterr().err


def test_python_m_indices_help_lists_the_commands():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "indices", "--help"], capture_output=True, text=True, check=True)
    for command in ("export-framework", "import-framework", "export-results", "import-results", "losses"):
        assert command in done.stdout


def test_every_command_is_documented_in_the_readme():
    import argparse
    import re
    from pathlib import Path

    from indices.__main__ import add_commands

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    add_commands(sub)
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"python -m indices ([a-z-]+)", readme))
    assert documented == set(sub.choices)
