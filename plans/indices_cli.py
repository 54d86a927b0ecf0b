"""The `indices` commands of `python -m plans`: frameworks and results as files (check
first, write with --commit), and the biggest losses of a year. Runs as the system actor."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from core.db import get_db
from core.errors import NotFound
from core.permissions import SYSTEM
from core.units import find_unit, list_units
from plans import indices, indices_analysis, indices_io, store


def add_commands(commands) -> None:
    """Register `indices ...` under the slice's sub-command parser."""
    parser = commands.add_parser("indices", help="reform indices: frameworks and results as files, biggest losses")
    sub = parser.add_subparsers(dest="indices_command", required=True)
    efw = sub.add_parser("export-framework", help="write the framework in force for a year to .xlsx or .csv")
    efw.add_argument("--index", required=True, help="index code, e.g. PAR")
    efw.add_argument("--year", type=int, required=True)
    efw.add_argument("-o", "--output", type=Path, required=True)
    ifw = sub.add_parser("import-framework", help="create a framework (a new period) from .xlsx or .csv")
    ifw.add_argument("file", type=Path)
    ifw.add_argument("--index", required=True)
    ifw.add_argument("--code", required=True, help="e.g. QĐ 876/QĐ-BNV")
    ifw.add_argument("--title", required=True)
    ifw.add_argument("--from-year", type=int, required=True)
    ifw.add_argument("--to-year", type=int)
    ifw.add_argument("--unit", choices=("points", "percent"), default="points")
    ifw.add_argument("--aggregation", choices=("sum", "independent"), default="sum")
    ifw.add_argument("--max-total", type=float, default=100.0)
    ifw.add_argument("--note", default="")
    ifw.add_argument("--commit", action="store_true", help="write it (without this, only check)")
    ers = sub.add_parser("export-results", help="write a year's result (or an empty template) to .xlsx or .csv")
    ers.add_argument("--index", required=True)
    ers.add_argument("--year", type=int, required=True)
    ers.add_argument("--subject", default="", help="unit code of the assessed subject (default: the city)")
    ers.add_argument("-o", "--output", type=Path, required=True)
    irs = sub.add_parser("import-results", help="replace a year's node scores with a file's")
    irs.add_argument("file", type=Path)
    irs.add_argument("--index", required=True)
    irs.add_argument("--year", type=int, required=True)
    irs.add_argument("--subject", default="")
    irs.add_argument("--commit", action="store_true", help="write it (without this, only check)")
    los = sub.add_parser("losses", help="print the biggest losses of a year as JSON")
    los.add_argument("--year", type=int, required=True)
    los.add_argument("--limit", type=int, default=10)


def _index_id(db, code: str) -> int:
    index = store.index_by_code(db, code)
    if index is None:
        raise NotFound("indices.error.index_not_found", index=code)
    return index["id"]


def _subject_id(db, code: str) -> int:
    if code:
        row = find_unit(db, code)
    else:
        row = next((u for u in list_units(db) if u["kind"] == "city"), None)
    if row is None:
        raise NotFound("error.unit_not_found", code=code or "city")
    return row["id"]


def run(args) -> int:
    """Carry out one parsed `indices` command; AppErrors propagate to the caller's handler."""
    db = get_db()
    command = args.indices_command
    if command == "export-framework":
        framework = indices.framework_for(db, _index_id(db, args.index), args.year)
        fmt = "csv" if args.output.suffix.lower() == ".csv" else "xlsx"
        args.output.write_bytes(indices_io.export_framework(db, SYSTEM, framework["id"], fmt))
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
            framework = indices_io.import_framework(db, SYSTEM, index_id, data, args.file.name, **meta)
            print(json.dumps({"framework": framework["id"], "code": framework["code"]}, ensure_ascii=False))
        else:
            preview = indices_io.preview_framework(db, SYSTEM, index_id, data, args.file.name, **meta)
            _print_preview(len(preview["nodes"]), preview["errors"])
            return 2 if preview["errors"] else 0
    elif command == "export-results":
        fmt = "csv" if args.output.suffix.lower() == ".csv" else "xlsx"
        args.output.write_bytes(
            indices_io.export_results(
                db, SYSTEM, _index_id(db, args.index), args.year, _subject_id(db, args.subject), fmt
            )
        )
        print(args.output)
    elif command == "import-results":
        index_id, subject = _index_id(db, args.index), _subject_id(db, args.subject)
        data = args.file.read_bytes()
        if args.commit:
            view = indices_io.import_results(db, SYSTEM, index_id, args.year, subject, data, args.file.name)
            print(json.dumps({"result": view["result"]["id"], "total": view["total"], "percent": view["percent"]}))
        else:
            preview = indices_io.preview_results(db, SYSTEM, index_id, args.year, subject, data, args.file.name)
            _print_preview(len(preview["rows"]), preview["errors"])
            return 2 if preview["errors"] else 0
    elif command == "losses":
        rows = indices_analysis.biggest_losses(db, SYSTEM, args.year, args.limit)
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
    from core.i18n import t

    print(f"{count} rows read; {len(errors)} problems" + ("" if errors else " (nothing written; add --commit)"))
    for err in errors:
        row = f"{t('common.row', row=err['row'])}: " if err.get("row") else ""
        print(f"  {row}{t(err['key'], **err.get('params', {}))}")


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (tests, scripts): `python -m plans.indices_cli indices ...`."""
    parser = argparse.ArgumentParser(prog="python -m plans")
    add_commands(parser.add_subparsers(dest="command", required=True))
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
