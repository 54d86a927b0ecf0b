"""The one command-line runner behind every slice's `python -m <slice>`.

A slice builds its parser with `cli.Parser`, gives each sub-command a handler with
`set_defaults(handler=fn)`, and its `main(argv)` returns `cli.run(parser, argv)`.
A handler takes `(args, settings)` and prints its own output.

Exit codes: 0 done; 2 refused input (a bad argument, a missing file, a rule the app
refused) with every problem listed; 1 failure (the disk, the network, a bug). A user's
mistake never prints a traceback. With `--json` anywhere on the line, problems are
printed to standard output as one JSON object: {"ok": false, "exit": 2, "problems": [...]},
with "key" (the message key) when the app refused.

Argument types validate up front and say what is wrong: `year`, `month`, `day`,
`bounded_int(lo, hi)`, `existing_file`, `output_file`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import Any

from core.errors import AppError, ValidationError
from core.i18n import t
from core.settings import Settings, load_settings

EXIT_OK, EXIT_FAILED, EXIT_REFUSED = 0, 1, 2
EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE, what a Unix tool returns when its reader went away
MAX_INT = 10**9  # default upper bound of a count or a number on the command line

_problems: ContextVar[list[tuple[str, dict]] | None] = ContextVar("cli_problems", default=None)


class BadArgument(Exception):
    """A value an argument type refuses: a message key and its parameters."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


class Refused(Exception):
    """Input refused before anything ran; `problems` are (message key, params) pairs."""

    def __init__(self, problems: list[tuple[str, dict]]):
        super().__init__(problems)
        self.problems = problems


class Parser(argparse.ArgumentParser):
    """argparse that collects every bad value instead of stopping at the first, and
    raises instead of printing usage and exiting."""

    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        try:
            return super()._get_value(action, arg_string)
        except BadArgument as exc:  # our types raise it; argparse lets it through
            problem = (exc.key, {"option": _option(action), **exc.params})
            problems = _problems.get()
            if problems is None:
                raise Refused([problem]) from None
            problems.append(problem)
            return None

    def error(self, message: str):
        raise Refused([*(_problems.get() or []), ("cli.usage", {"message": message, "prog": self.prog})])


def _option(action: argparse.Action) -> str:
    return "/".join(action.option_strings) or action.dest


def _typed(name: str, convert: Callable[[str], Any]) -> Callable[[str], Any]:
    def check(text: str) -> Any:
        try:
            return convert(text)
        except BadArgument:
            raise
        except (ValueError, OverflowError, TypeError):
            raise BadArgument(f"cli.{name}", value=text) from None

    check.__name__ = name
    return check


def bounded_int(minimum: int = 1, maximum: int = MAX_INT) -> Callable[[str], int]:
    """A whole number in [minimum, maximum] ('1e20', '99999999999999999999' and '2.5' refused)."""

    def convert(text: str) -> int:
        text = text.strip()
        if not text.isascii() or not (text.isdigit() or (text[:1] in "+-" and text[1:].isdigit())) or len(text) > 19:
            raise BadArgument("cli.int", value=text, minimum=minimum, maximum=maximum)
        value = int(text)
        if not minimum <= value <= maximum:
            raise BadArgument("cli.int", value=text, minimum=minimum, maximum=maximum)
        return value

    return _typed("int", convert)


def _year(text: str) -> int:
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) == 4 and 1900 <= int(digits) <= 2100):
        _bad("year", text)
    return int(digits)


def _month(text: str) -> int:
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 2 and 1 <= int(digits) <= 12):
        _bad("month", text)
    return int(digits)


def _day(text: str) -> date:
    if len(text) != 10:
        _bad("day", text)
    return date.fromisoformat(text)  # 2026-02-30 raises ValueError: "day must be in range"


def _existing_file(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.is_file():
        raise BadArgument("cli.file_missing", value=text)
    return path


def _existing_path(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.exists():
        raise BadArgument("cli.path_missing", value=text)
    return path


def _output_file(text: str) -> Path:
    path = Path(text).expanduser()
    if path.is_dir():
        raise BadArgument("cli.output_is_folder", value=text)
    if not path.parent.is_dir():
        raise BadArgument("cli.folder_missing", value=text, folder=str(path.parent))
    return path


def _bad(name: str, text: str):
    raise BadArgument(f"cli.{name}", value=text)


year = _typed("year", _year)
month = _typed("month", _month)
day = _typed("day", _day)
existing_file = _typed("file_missing", _existing_file)
existing_path = _typed("path_missing", _existing_path)  # a file or a folder
output_file = _typed("output_file", _output_file)


def run(parser: Parser, argv: Sequence[str] | None = None, *, settings: Settings | None = None) -> int:
    """Parse `argv`, call the chosen handler with (args, settings), and turn what happens
    into an exit code and messages (see the module docstring)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in argv
    settings = settings or load_settings(os.environ)
    lang = settings.lang
    token = _problems.set([])
    try:
        args = parser.parse_args(argv)
        if _problems.get():
            raise Refused(_problems.get())
        handler = getattr(args, "handler", None)
        if handler is None:
            parser.print_help()
            return EXIT_REFUSED
        code = handler(args, settings)
        return EXIT_OK if code is None else int(code)
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except Refused as exc:
        return _report(EXIT_REFUSED, [t(key, lang, **params) for key, params in exc.problems], as_json)
    except AppError as exc:
        return _report(EXIT_REFUSED, [exc.message(lang), *_details(exc, lang)], as_json, key=exc.key)
    except BrokenPipeError:  # `… | head`: the reader has what it wanted; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the exit flush goes nowhere
        return EXIT_PIPE_CLOSED
    except OSError as exc:  # a file that cannot be read or written, a full disk
        return _report(
            EXIT_FAILED, [t("cli.os_error", lang, message=f"{exc.strerror or exc}", path=exc.filename or "")], as_json
        )
    finally:
        _problems.reset(token)


def messages(exc: AppError, lang: str) -> list[str]:
    """A refusal as `run` words it: its message, then each listed problem (for a handler that
    prints a result — a preview — before saying why it was not written)."""
    return [exc.message(lang), *_details(exc, lang)]


def report(code: int, problems: list[str], as_json: bool) -> int:
    """Print problems as `run` does (stderr, or one JSON object on stdout); return `code`."""
    return _report(code, problems, as_json)


def finished(line: str, result: dict, warnings: list[str], as_json: bool) -> None:
    """Print what a command did: with `--json` one JSON object on standard output
    ({"ok": true, **result, "warnings": [...]}); otherwise each warning (already in the
    user's language) on standard error, then `line` on standard output."""
    if as_json:
        print(json.dumps({"ok": True, **result, "warnings": warnings}, ensure_ascii=False, default=str))
        return
    for warning in warnings:
        print(warning, file=sys.stderr)
    print(line)


def _details(exc: AppError, lang: str) -> list[str]:
    if not isinstance(exc, ValidationError):
        return []
    lines = []
    for err in exc.errors:
        if not isinstance(err, dict) or "key" not in err:
            lines.append(str(err))
            continue
        where = f"{t('common.row', lang, row=err['row'])}: " if err.get("row") else ""
        lines.append(where + t(err["key"], lang, **err.get("params", {})))
    return lines


def _report(code: int, problems: list[str], as_json: bool, key: str | None = None) -> int:
    """With `--json`, a refusal by the app also names its message key (what a script tests)."""
    if as_json:
        shown = {"ok": False, "exit": code, "problems": problems, **({"key": key} if key else {})}
        print(json.dumps(shown, ensure_ascii=False))
    else:
        head, *rest = problems
        print(head, file=sys.stderr)
        for line in rest:
            print(f"  {line}", file=sys.stderr)
    return code
