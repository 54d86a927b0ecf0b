"""Command line of the indices slice: frameworks and results as files (check first,
write with --commit), and the biggest losses of a year. Runs as the system actor.
`python -m indices --help`."""

from __future__ import annotations

import json
import sys

from core import cli
from core import units as core_units
from core.db import get_db
from core.errors import NotFound
from core.i18n import t
from core.permissions import SYSTEM
from indices import analysis, files, frameworks, store


def add_commands(sub) -> None:
    """Register the slice's sub-commands."""
    efw = sub.add_parser("export-framework", help="write the framework in force for a year to .xlsx or .csv")
    efw.add_argument("--index", required=True, help="index code, e.g. PAR")
    efw.add_argument("--year", type=cli.year, required=True)
    efw.add_argument("-o", "--output", type=cli.output_file, required=True)
    ifw = sub.add_parser("import-framework", help="create a framework (a new period) from .xlsx or .csv")
    ifw.add_argument("file", type=cli.existing_file)
    ifw.add_argument("--index", required=True)
    ifw.add_argument("--code", required=True, help="e.g. QĐ 876/QĐ-BNV")
    ifw.add_argument("--title", required=True)
    ifw.add_argument("--from-year", type=cli.year, required=True)
    ifw.add_argument("--to-year", type=cli.year)
    ifw.add_argument("--unit", choices=("points", "percent"), default="points")
    ifw.add_argument("--aggregation", choices=("sum", "independent"), default="sum")
    ifw.add_argument("--max-total", type=float, default=100.0)
    ifw.add_argument("--note", default="")
    ifw.add_argument("--commit", action="store_true", help="write it (without this, only check)")
    ers = sub.add_parser("export-results", help="write a year's result (or an empty template) to .xlsx or .csv")
    ers.add_argument("--index", required=True)
    ers.add_argument("--year", type=cli.year, required=True)
    ers.add_argument("--subject", default="", help="unit code of the assessed subject (default: the city)")
    ers.add_argument("-o", "--output", type=cli.output_file, required=True)
    irs = sub.add_parser("import-results", help="replace a year's node scores with a file's")
    irs.add_argument("file", type=cli.existing_file)
    irs.add_argument("--index", required=True)
    irs.add_argument("--year", type=cli.year, required=True)
    irs.add_argument("--subject", default="")
    irs.add_argument("--commit", action="store_true", help="write it (without this, only check)")
    los = sub.add_parser("losses", help="print the biggest losses of a year as JSON")
    los.add_argument("--year", type=cli.year, required=True)
    los.add_argument("--limit", type=int, default=10)


def _index_id(db, code: str) -> int:
    index = store.index_by_code(db, code)
    if index is None:
        raise NotFound("indices.error.index_not_found", index=code)
    return index["id"]


def _subject_id(db, code: str) -> int:
    if code:
        row = core_units.find_unit(db, code)
    else:
        row = next((u for u in core_units.list_units(db) if u["kind"] == "city"), None)
    if row is None:
        raise NotFound("error.unit_not_found", code=code or "city")
    return row["id"]


def run(args, settings=None) -> int:
    """Carry out one parsed `indices` command; AppErrors propagate to the caller's handler."""
    db = get_db()
    limit = {"max_bytes": settings.upload_max_bytes} if settings is not None else {}
    command = args.command
    if command == "export-framework":
        framework = frameworks.framework_for(db, _index_id(db, args.index), args.year)
        fmt = "csv" if args.output.suffix.lower() == ".csv" else "xlsx"
        args.output.write_bytes(files.export_framework(db, SYSTEM, framework["id"], fmt))
        print(args.output)
    elif command == "import-framework":
        index_id = _index_id(db, args.index)
        meta = {
            "code": args.code,
            "title": args.title,
            "from_year": args.from_year,
            "to_year": args.to_year,
            "unit": args.unit,
            "aggregation": args.aggregation,
            "max_total": args.max_total,
            "note": args.note,
        }
        data = args.file.read_bytes()
        if args.commit:
            framework = files.import_framework(db, SYSTEM, index_id, data, args.file.name, **limit, **meta)
            print(json.dumps({"framework": framework["id"], "code": framework["code"]}, ensure_ascii=False))
        else:
            preview = files.preview_framework(db, SYSTEM, index_id, data, args.file.name, **limit, **meta)
            _print_preview(len(preview["nodes"]), preview["errors"])
            return 2 if preview["errors"] else 0
    elif command == "export-results":
        fmt = "csv" if args.output.suffix.lower() == ".csv" else "xlsx"
        args.output.write_bytes(
            files.export_results(db, SYSTEM, _index_id(db, args.index), args.year, _subject_id(db, args.subject), fmt)
        )
        print(args.output)
    elif command == "import-results":
        index_id, subject = _index_id(db, args.index), _subject_id(db, args.subject)
        data = args.file.read_bytes()
        if args.commit:
            view = files.import_results(db, SYSTEM, index_id, args.year, subject, data, args.file.name, **limit)
            print(json.dumps({"result": view["result"]["id"], "total": view["total"], "percent": view["percent"]}))
        else:
            preview = files.preview_results(db, SYSTEM, index_id, args.year, subject, data, args.file.name, **limit)
            _print_preview(len(preview["rows"]), preview["errors"])
            return 2 if preview["errors"] else 0
    elif command == "losses":
        rows = analysis.biggest_losses(db, SYSTEM, args.year, args.limit)
        print(
            json.dumps(
                [
                    {k: r[k] for k in ("index_code", "code", "name_vi", "max", "score", "lost", "lost_share")}
                    for r in rows
                ],
                ensure_ascii=False,
            )
        )
    return 0


def _print_preview(count: int, errors: list[dict]) -> None:
    print(f"{count} rows read; {len(errors)} problems" + ("" if errors else " (nothing written; add --commit)"))
    for err in errors:
        row = f"{t('common.row', row=err['row'])}: " if err.get("row") else ""
        print(f"  {row}{t(err['key'], **err.get('params', {}))}")


def parser() -> cli.Parser:
    parser = cli.Parser(prog="python -m indices", description=__doc__)
    add_commands(parser.add_subparsers(dest="command", required=True))
    parser.set_defaults(handler=run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """`python -m indices <command> ...`: 0 done, 2 refused (every problem listed), 1 failed."""
    return cli.run(parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
