"""The `indices` commands: export, check, import with --commit, losses."""

from __future__ import annotations

import json

import pytest

from core.errors import ValidationError
from plans import indices_cli, store
from tests.indices.helpers import setup_par


def test_framework_and_results_through_the_command_line(db, tmp_path, capsys):
    setup_par(db)
    out = tmp_path / "khung.xlsx"
    assert indices_cli.main(["indices", "export-framework", "--index", "PAR", "--year", "2023", "-o", str(out)]) == 0
    args = [
        "indices",
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
    assert indices_cli.main(args) == 0 and "nothing written" in capsys.readouterr().out
    assert len(store.list_frameworks(db, store.index_by_code(db, "PAR")["id"])) == 2
    assert indices_cli.main(args + ["--commit"]) == 0
    assert json.loads(capsys.readouterr().out)["code"] == "Khung 2031"

    scores = tmp_path / "kq.csv"
    scores.write_text("node_code,score\nLV1.1,9\nLV1.2,25\n", encoding="utf-8")
    base = ["indices", "import-results", str(scores), "--index", "PAR", "--year", "2023"]
    assert indices_cli.main(base) == 2 and "vượt điểm tối đa" in capsys.readouterr().out
    with pytest.raises(ValidationError):
        indices_cli.main(base + ["--commit"])
    scores.write_text("node_code,score\nLV1.1,9\nLV1.2,15\n", encoding="utf-8")
    assert indices_cli.main(base + ["--commit"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] is None  # LV2 not scored: no total derived
    assert indices_cli.main(["indices", "losses", "--year", "2023"]) == 0
    losses = json.loads(capsys.readouterr().out)
    assert [(r["code"], r["lost"]) for r in losses] == [("LV1.2", 5.0), ("LV1.1", 1.0)]


def test_indices_commands_are_part_of_the_plans_cli(db, capsys):
    from plans.__main__ import main

    setup_par(db)
    assert main(["indices", "losses", "--year", "2023"]) == 0
    assert json.loads(capsys.readouterr().out) == []
