"""Command line of the services slice: import a month's one-stop export or its QĐ 766
scores and desk votes, print the ranking, write the ranking as XLSX. `python -m services --help`."""

from __future__ import annotations

import json
import sys

from core import cli
from core.db import get_db
from core.errors import AppError, ValidationError
from core.i18n import t
from core.permissions import SYSTEM


def _flag(flag: dict, lang: str) -> dict:
    return {
        "row": flag["row"],
        "unit": flag.get("unit", ""),
        "key": flag["key"],
        "message": t(flag["key"], lang, **flag["params"]),
    }


def _commit(summary: dict, write, settings) -> int:
    """Write a checked file (`write()`). A refusal goes into the summary as `core/cli.py`
    words it (in the configured language), so the preview and the reason are printed
    together: one JSON object with --json, else the summary then the problems on stderr."""
    try:
        done = write()
    except AppError as exc:
        summary.update(ok=False, exit=cli.EXIT_REFUSED, problems=cli.messages(exc, settings.lang))
        return cli.EXIT_REFUSED
    summary["committed"] = True
    return done if isinstance(done, int) else cli.EXIT_OK


def _problems(summary: dict, as_json: bool) -> None:
    if not as_json and summary.get("problems"):
        cli.report(summary["exit"], summary["problems"], as_json=False)


def _import(args, settings) -> int:
    from services import importer

    db = get_db(settings.db_path)
    column_map = None
    if args.columns:
        try:
            column_map = json.loads(args.columns.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise ValidationError("services.error.mapping_file", name=args.columns.name) from None
        if not isinstance(column_map, dict):
            raise ValidationError("services.error.mapping_file", name=args.columns.name)
    preview = importer.read_file(
        db,
        SYSTEM,
        args.file.name,
        args.file.read_bytes(),
        args.month,
        max_bytes=settings.upload_max_bytes,
        column_map=column_map,
    )
    mapping = dict(pair.split("=", 1) for pair in args.map)
    summary = {
        "month": preview["month"],
        "rows": len(preview["rows"]),
        "units": preview["units"],
        "unmatched_units": [n for n in preview["unmatched_units"] if n not in mapping],
        "ambiguous_units": {n: c for n, c in preview["ambiguous_units"].items() if n not in mapping},
        "flagged": [_flag(f, settings.lang) for f in preview["flagged"]],
        "changes": importer.changes(db, preview, mapping),
        "replace_month": args.replace_month,
        "committed": False,
    }

    def write():
        done = importer.commit(db, SYSTEM, preview, mapping=mapping, replace_month=args.replace_month)
        summary["batch"] = done["batch"]
        summary["written"] = {k: done[k] for k in ("added", "changed", "unchanged", "removed")}

    code = _commit(summary, write, settings) if args.commit else cli.EXIT_OK
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        state = (
            f"written as import {summary['batch']}"
            if summary["committed"]
            else "checked (nothing written; add --commit)"
        )
        print(f"{summary['month']}: {summary['rows']} rows, {summary['units']} units matched, {state}")
        plan = summary["changes"]
        kept = "removed (--replace-month)" if args.replace_month else "kept"
        print(
            f"  units added {len(plan['added'])}, changed {len(plan['changed'])}, unchanged {len(plan['unchanged'])},"
            f" not in the file {len(plan['kept'])} ({kept})"
        )
        for change in plan["changed"]:
            figures = ", ".join(f"{f} {old} -> {new}" for f, (old, new) in change["figures"].items())
            print(f"  changed {change['unit']}: {figures}")
        for name in summary["unmatched_units"]:
            print(f"  unmatched unit: {name}")
        for flag in summary["flagged"]:
            print(f"  row {flag['row']} {flag['unit']}: {flag['message']}")
    _problems(summary, args.json)
    return code


def _undo(args, settings) -> int:
    from services import importer

    done = importer.undo(get_db(settings.db_path), SYSTEM, args.batch)
    if args.json:
        print(json.dumps({"batch": done["id"], "undone": True, "reverted": done["reverted"]}, ensure_ascii=False))
    else:
        reverted = done["reverted"]
        print(
            f"import {done['id']} undone: {reverted['added']} records deleted, "
            f"{reverted['changed'] + reverted['removed']} put back"
        )
    return cli.EXIT_OK


def _imports(args, settings) -> int:
    from services import importer

    listed = importer.import_batches(get_db(settings.db_path), SYSTEM)
    keys = ("id", "file_name", "actor", "created_at", "counts", "undone")
    if args.json:
        print(json.dumps([{k: b[k] for k in keys} for b in listed], ensure_ascii=False))
    else:
        for b in listed:
            state = "undone" if b["undone"] else ""
            print(f"{b['id']:>5}  {b['created_at'][:16]}  {b['actor']:<12} {b['file_name']}  {b['counts']} {state}")
    return cli.EXIT_OK


def _scores(args, settings) -> int:
    from services import scores_io

    db = get_db(settings.db_path)
    preview = scores_io.read_file(
        db, SYSTEM, args.file.name, args.file.read_bytes(), args.month, max_bytes=settings.upload_max_bytes
    )
    summary = {
        "month": preview["month"],
        "rows": len(preview["rows"]),
        "unmatched_units": preview["unmatched_units"],
        "flagged": [_flag(f, settings.lang) for f in preview["flagged"]],
        "committed": False,
    }
    code = _commit(summary, lambda: scores_io.commit(db, SYSTEM, preview), settings) if args.commit else cli.EXIT_OK
    print(
        json.dumps(summary, ensure_ascii=False)
        if args.json
        else f"{summary['rows']} rows, committed: {summary['committed']}"
    )
    _problems(summary, args.json)
    return code


def _ratings(args, settings) -> int:
    from services import desk_ratings

    db = get_db(settings.db_path)
    preview = desk_ratings.read_file(
        db, SYSTEM, args.file.name, args.file.read_bytes(), args.month, max_bytes=settings.upload_max_bytes
    )
    summary = {
        "month": preview["month"],
        "ratings": preview["ratings"],
        "units": [
            {k: c[k] for k in ("name", "code", "very_satisfied", "satisfied", "dissatisfied")}
            for c in preview["counts"]
        ],
        "unmatched_units": preview["unmatched_units"],
        "flagged": [_flag(f, settings.lang) for f in preview["flagged"]],
        "committed": False,
    }
    code = _commit(summary, lambda: desk_ratings.commit(db, SYSTEM, preview), settings) if args.commit else cli.EXIT_OK
    print(
        json.dumps(summary, ensure_ascii=False)
        if args.json
        else f"{summary['ratings']} ratings of {len(summary['units'])} units, committed: {summary['committed']}"
    )
    _problems(summary, args.json)
    return code


def _ranking(args, settings) -> int:
    from core.periods import parse_month
    from services import publication

    month = parse_month(args.month)
    rows = publication.ranking_rows(get_db(settings.db_path), SYSTEM, month)
    keys = (
        "unit",
        "code",
        "received",
        "resolved",
        "on_time",
        "late",
        "on_time_rate",
        "online_rate",
        "index_score",
        "rank",
    )
    if args.json:
        print(json.dumps({"month": month, "units": [{k: r[k] for k in keys} for r in rows]}, ensure_ascii=False))
    else:
        for r in rows:
            rate = "—" if r["on_time_rate"] is None else f"{r['on_time_rate']:.2f} %"
            print(f"{r['rank'] or '-':>4}  {rate:>9}  {r['unit']}")
    return 0


def _publish(args, settings) -> int:
    from core.periods import parse_month
    from services import publication

    month = parse_month(args.month)
    suffix = args.out.suffix.lower()
    if suffix == ".docx":  # the Decree 30 document is the documents slice's
        raise ValidationError("services.error.publish_moved", month=month, name=args.out.name)
    if suffix != ".xlsx":
        raise ValidationError("services.error.out_kind", name=args.out.name)
    args.out.write_bytes(publication.ranking_xlsx(get_db(settings.db_path), SYSTEM, month))
    print(args.out)
    return 0


def _export_html(args, settings) -> int:
    from services import portal

    args.out.write_text(portal.month_html(get_db(settings.db_path), args.month), encoding="utf-8")
    print(args.out)
    return 0


def _public(args, settings) -> int:
    from services import publishing

    on = publishing.set_public_page(get_db(settings.db_path), SYSTEM, args.state == "on")["public_page"]
    print("public page: " + ("on" if on else "off"))
    return 0


def parser() -> cli.Parser:
    parser = cli.Parser(prog="python -m services", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", help="check (and with --commit write) a month's one-stop export, .xlsx or .csv")
    imp.add_argument("file", type=cli.existing_file)
    imp.add_argument("--month", required=True, help="the month of the figures, YYYY-MM")
    imp.add_argument("--commit", action="store_true", help="write it (without this, only check and summarise)")
    imp.add_argument(
        "--map", action="append", default=[], metavar="NAME=CODE", help="the unit a name in the file means"
    )
    imp.add_argument(
        "--columns",
        type=cli.existing_file,
        metavar="MAPPING.json",
        help='where the figures are when the headers are not recognised: {"columns": {"unit": "B", "received": "C",'
        ' ...}, "first_row": 5}; remembered for files of the same layout once written',
    )
    imp.add_argument(
        "--replace-month",
        action="store_true",
        help="also remove the month's figures of units the file does not name (by default they are kept)",
    )
    imp.add_argument("--json", action="store_true", help="print a JSON summary")
    und = commands.add_parser("undo", help="undo one import of results whole (its number from `imports`)")
    und.add_argument("batch", type=cli.bounded_int(1))
    und.add_argument("--json", action="store_true")
    lst = commands.add_parser("imports", help="list past imports of results, newest first")
    lst.add_argument("--json", action="store_true")
    sc = commands.add_parser("scores", help="check (and with --commit write) a month's QĐ 766 scores and desk votes")
    sc.add_argument("file", type=cli.existing_file)
    sc.add_argument("--month", required=True)
    sc.add_argument("--commit", action="store_true")
    sc.add_argument("--json", action="store_true")
    rt = commands.add_parser(
        "ratings", help="count the desk device's export (one row per rating) into the month's satisfaction"
    )
    rt.add_argument("file", type=cli.existing_file)
    rt.add_argument("--month", required=True)
    rt.add_argument("--commit", action="store_true")
    rt.add_argument("--json", action="store_true")
    rank = commands.add_parser("ranking", help="units of a month ranked by on-time rate")
    rank.add_argument("--month", required=True)
    rank.add_argument("--json", action="store_true")
    pub = commands.add_parser(
        "publish",
        help="write the month's ranking as .xlsx (the Decree 30 document: python -m exports report services-monthly)",
    )
    pub.add_argument("--month", required=True)
    pub.add_argument("--out", type=cli.output_file, required=True, help="file name ending .xlsx")
    html = commands.add_parser("export-html", help="write an issued month's public page as a static .html file")
    html.add_argument("--month", required=True)
    html.add_argument("--out", type=cli.output_file, required=True)
    public = commands.add_parser("public", help="turn the public page /public/services/YYYY-MM.html on or off")
    public.add_argument("state", choices=["on", "off"])
    handlers = {
        imp: _import,
        und: _undo,
        lst: _imports,
        sc: _scores,
        rt: _ratings,
        rank: _ranking,
        pub: _publish,
        html: _export_html,
        public: _public,
    }
    for command, handler in handlers.items():
        command.set_defaults(handler=handler)
    return parser


def main(argv: list[str] | None = None) -> int:
    """`python -m services <command> ...`: 0 done, 2 refused (every problem listed), 1 failed."""
    return cli.run(parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
