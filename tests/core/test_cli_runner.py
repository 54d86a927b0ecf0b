"""The one command-line runner (core.cli): exit codes, every problem listed, --json
errors, no traceback for a user's mistake, and the argument types — through each slice's
real `main(argv)`, in process."""

from __future__ import annotations

import json
from datetime import date

import pytest

from core import cli
from core.errors import ValidationError
from core.settings import Settings
from exports.__main__ import main as exports_main
from inspections.__main__ import main as inspections_main
from media.__main__ import main as media_main
from plans.__main__ import main as plans_main


def _run(capsys, main, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize(
    "main,argv,expected",
    [
        (plans_main, ["export", "--year", "99999999999", "-o", "x.xlsx"], ["--year", "99999999999", "1900"]),
        (plans_main, ["import", "missing.docx", "--year", "2026"], ["missing.docx"]),
        (plans_main, ["export", "--year", "2026", "-o", "no/such/folder/x.xlsx"], ["no/such/folder"]),
        (plans_main, ["copy", "--from-year", "abc", "--to-year", "2027"], ["--from-year", "abc"]),
        (inspections_main, ["overdue", "--on", "2026-02-30"], ["--on", "2026-02-30", "YYYY-MM-DD"]),
        (inspections_main, ["overdue", "--on", "abc"], ["--on", "abc"]),
        (media_main, ["search", "cchc", "--limit", "1e20"], ["--limit", "1e20", "1000"]),
        (media_main, ["search", "cchc", "--limit", "0"], ["--limit"]),
        (
            exports_main,
            ["report", "progress", "--period", "2021", "--out", "r.docx", "--number", "9" * 20],
            ["--number"],
        ),
        (exports_main, ["xlsx", "plans", "--out", "no/such/folder/x.xlsx"], ["no/such/folder"]),
        (exports_main, ["xlsx", "salaries", "--out", "x.xlsx"], ["salaries"]),
    ],
)
def test_bad_arguments_are_refused_clearly(db, capsys, main, argv, expected):
    code, out, err = _run(capsys, main, *argv)
    assert code == cli.EXIT_REFUSED and out == ""
    assert all(part in err for part in expected), err


def test_every_problem_is_listed_not_only_the_first(db, capsys):
    code, _out, err = _run(capsys, plans_main, "copy", "--from-year", "99999", "--to-year", "abc")
    assert code == 2
    assert "--from-year" in err and "99999" in err and "--to-year" in err and "abc" in err


def test_json_errors_are_json(db, capsys):
    code, out, err = _run(capsys, inspections_main, "overdue", "--on", "2026-02-30", "--json")
    assert code == 2 and err == ""
    body = json.loads(out)
    assert body["ok"] is False and body["exit"] == 2 and "2026-02-30" in body["problems"][0]


def test_a_refusal_by_the_app_is_exit_2_with_its_message(db, capsys):
    code, _out, err = _run(capsys, inspections_main, "ics", "--user", "nobody")
    assert code == 2 and "nobody" in err


def test_good_arguments_run(db, capsys):
    code, out, _err = _run(capsys, inspections_main, "overdue", "--on", "2026-02-28", "--json")
    assert code == 0 and json.loads(out) == []


def _tiny(handler) -> cli.Parser:
    parser = cli.Parser(prog="tiny")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(handler=handler)
    return parser


def test_exit_codes_done_refused_failed(tmp_path, capsys):
    settings = Settings(data_dir=tmp_path, lang="en")
    assert cli.run(_tiny(lambda args, s: print("done")), [], settings=settings) == cli.EXIT_OK

    def refuse(args, s):
        raise ValidationError("error.import_no_rows", errors=[{"row": 3, "key": "error.activity_title_missing"}])

    assert cli.run(_tiny(refuse), [], settings=settings) == cli.EXIT_REFUSED
    err = capsys.readouterr().err
    assert "The plan table has no activities." in err and "An activity needs a title." in err

    def disk_full(args, s):
        raise OSError(28, "No space left on device", str(tmp_path / "out.docx"))

    assert cli.run(_tiny(disk_full), ["--json"], settings=settings) == cli.EXIT_FAILED
    body = json.loads(capsys.readouterr().out)
    assert body["exit"] == 1 and "No space left on device" in body["problems"][0]


@pytest.mark.parametrize(
    "kind,text,value",
    [
        (cli.year, "2026", 2026),
        (cli.month, "02", 2),
        (cli.day, "2026-02-28", date(2026, 2, 28)),
        (cli.bounded_int(1, 10), "10", 10),
    ],
)
def test_argument_types_accept(kind, text, value):
    assert kind(text) == value


@pytest.mark.parametrize(
    "kind,text",
    [
        (cli.year, "1899"),
        (cli.year, "2101"),
        (cli.year, "20 26"),
        (cli.year, "٢٠٢٦"),  # Arabic-Indic digits are digits to Python, not a year here
        (cli.month, "13"),
        (cli.month, "0"),
        (cli.day, "2026-2-3"),
        (cli.day, "2026-02-30"),
        (cli.day, "20260228"),
        (cli.bounded_int(1, 10), "11"),
        (cli.bounded_int(1, 10), "1e1"),
        (cli.bounded_int(1, 10), "2.5"),
        (cli.bounded_int(1, 10), "99999999999999999999"),
    ],
)
def test_argument_types_refuse(kind, text):
    with pytest.raises(cli.BadArgument):
        kind(text)


def test_a_reader_that_stops_early_gets_no_traceback(demo_db, data_dir):
    """`python -m media search … --json | head -c 0`: the reader has gone before the command
    writes (its end of the pipe is closed first, so whatever the output's size the write
    fails); the command stops quietly with 141 (128 + SIGPIPE), as a Unix tool does."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "CCHC_DATA_DIR": str(data_dir), "CCHC_FETCH_ENABLED": "0"}
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader goes away first
    try:
        done = subprocess.run(
            [sys.executable, "-m", "media", "search", "Hà Nội", "--json", "--limit", "1000"],
            stdout=write_end, stderr=subprocess.PIPE, env=env, timeout=120,
        )  # fmt: skip
    finally:
        os.close(write_end)
    err, code = done.stderr.decode(), done.returncode
    assert "Traceback" not in err and "Broken pipe" not in err, err
    assert code == cli.EXIT_PIPE_CLOSED
