"""Command line of the benchmarks: `python -m bench --help`.

python -m bench generate --scale S --out DIR [--seed 2026] [--overwrite] [--json]
python -m bench run [ARGS ...]   (the benchmark runner, bench/run.py)
python -m bench load [ARGS ...]  (browser sessions at once, bench/load.py)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core import cli

PROG = "python -m bench"


def _scale(text: str) -> float:
    """A positive number: 1 is one city-year, 5 the city over five years, 0.05 a small sample."""
    try:
        value = float(text.strip())
    except ValueError:
        value = float("nan")
    if not (value > 0 and value <= 1000):  # also refuses NaN and infinity
        raise cli.BadArgument(
            "cli.usage", prog=f"{PROG} generate", message=f"--scale must be a positive number, not {text!r}"
        )
    return value


def _generate(args, settings) -> int:
    from bench import generate

    target = Path(args.out) / generate.DB_NAME
    if target.exists() and not args.overwrite:
        raise cli.Refused(
            [
                (
                    "cli.usage",
                    {
                        "prog": f"{PROG} generate",
                        "message": f"{target} exists; choose another --out or pass --overwrite",
                    },
                )
            ]
        )
    counts = generate.generate(Path(args.out), args.scale, args.seed, overwrite=args.overwrite)
    if args.json:
        print(json.dumps({"ok": True, "database": str(target), **counts}, ensure_ascii=False))
    else:
        print(f"{target}: scale {args.scale:g}, seed {args.seed}, {counts['seconds']:.1f} s")
        for table, count in counts["tables"].items():
            print(f"  {table:<28} {count:>10}")
    return cli.EXIT_OK


def _run(args, settings) -> int:
    from bench import run as runner

    passed = list(args.args)
    return runner.main(passed[1:] if passed[:1] == ["--"] else passed)


def _load(args, settings) -> int:
    from bench import load

    passed = list(args.args)
    return load.main(passed[1:] if passed[:1] == ["--"] else passed)


def parser() -> cli.Parser:
    parser = cli.Parser(prog=PROG, description="Data generator and benchmarks")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="build a realistic database at a scale (1 = one city-year)")
    gen.add_argument(
        "--scale", type=_scale, required=True, help="1 = one city-year, 5 = five years, 50 = ministry-wide"
    )
    gen.add_argument("--out", required=True, help="folder of the new database (cchc.db)")
    gen.add_argument("--seed", type=cli.bounded_int(0), default=2026, help="random seed (default 2026)")
    gen.add_argument("--overwrite", action="store_true", help="replace an existing cchc.db in the folder")
    gen.add_argument("--json", action="store_true", help="print the counts as JSON")
    gen.set_defaults(handler=_generate)
    run = sub.add_parser("run", help="run the benchmarks (arguments go to bench/run.py)", add_help=False)
    run.add_argument("args", nargs=argparse.REMAINDER)
    run.set_defaults(handler=_run)
    load = sub.add_parser("load", help="browser sessions at once (arguments go to bench/load.py)", add_help=False)
    load.add_argument("args", nargs=argparse.REMAINDER)
    load.set_defaults(handler=_load)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] in (["run"], ["load"]) and argv[1:2] != ["--"]:
        argv = [argv[0], "--", *argv[1:]]  # everything after `run` is the runner's, options too
    return cli.run(parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
