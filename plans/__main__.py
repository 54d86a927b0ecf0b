"""Command line of the plans slice: import a plan from Word or Excel (and undo an import),
export a year's activities, copy a plan forward. `python -m plans --help`."""

from __future__ import annotations

import json
import sys

from core import cli
from core.db import get_db
from core.errors import AppError, NotFound, ValidationError
from core.i18n import t
from core.permissions import SYSTEM


def _refusal(exc: AppError) -> dict:
    """A refused import as JSON: the reason and each problem, in Vietnamese like the plain output."""
    errors = exc.errors if isinstance(exc, ValidationError) else []
    return {
        "ok": False,
        "exit": cli.EXIT_REFUSED,
        "refused": {"key": exc.key, "message": exc.message("vi")},
        "rows": [],
        "problems": [
            {"stt": e.get("row"), "key": e["key"], "message": t(e["key"], **e.get("params", {}))} for e in errors
        ],
    }


def _import(args, settings) -> int:
    from plans import importer

    db = get_db(settings.db_path)
    try:
        preview = importer.read_file(
            db, SYSTEM, args.file.name, args.file.read_bytes(), args.year, confirm_year=args.confirm_year
        )
        existing = preview["existing_plan"]
        plan = {"id": None, "year": preview["year"], "number": args.number or None, "title": None}
        if existing:
            plan = {
                "id": existing["id"],
                "year": preview["year"],
                "number": existing["number"],
                "title": existing["title"],
            }
        flagged, batch = sum(bool(i["flags"]) for i in preview["activities"]), None
        if args.commit:
            result = importer.commit(
                db, SYSTEM, preview, skip_unmatched=args.skip_unmatched, number=args.number, merge=args.merge
            )
            plan = {k: result["plan"][k] for k in ("id", "year", "number", "title")}
            flagged, batch = result["flagged"], result["batch"]
    except AppError as exc:
        if not args.json:
            raise
        print(json.dumps(_refusal(exc), ensure_ascii=False))
        return cli.EXIT_REFUSED
    summary = {
        "plan": plan,
        "year": preview["year"],
        "document_year": preview["document_year"],
        "existing_plan": existing,  # the year's plan, which only --merge adds to
        "batch": batch,
        "themes": len(preview["themes"]),
        "activities": len(preview["activities"]),
        "flagged": flagged,
        "unmatched_units": preview["unmatched_units"],
        "committed": bool(args.commit),
        "rows": importer.summary_rows(preview),
        "problems": [
            {"stt": p["stt"], "theme": p["theme"], "key": p["key"], "message": importer.message(p)}
            for p in preview["problems"]
        ],
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(
            f"{summary['themes']} themes, {summary['activities']} activities for {preview['year']}, {flagged} to review"
            + (
                f" written to plan {plan['id']} as import {batch} (python -m plans undo {batch} takes it back)"
                if args.commit
                else " read (nothing written; add --commit)"
            )
        )
        for problem in summary["problems"]:
            print(f"  {problem['message']}")
        for name in summary["unmatched_units"]:
            print(f"  unmatched unit: {name}")
    return 0


def _undo(args, settings) -> int:
    from plans import importer

    db = get_db(settings.db_path)
    done = importer.undo(db, SYSTEM, args.batch)
    print(json.dumps({"batch": done["id"], "undone": done["undone"], "reverted": done["reverted"]}, ensure_ascii=False))
    return 0


def _imports(args, settings) -> int:
    from plans import importer

    db = get_db(settings.db_path)
    for batch in importer.past_imports(db, SYSTEM, args.limit):
        shown = {k: batch[k] for k in ("id", "created_at", "actor", "file_name", "counts", "undone", "undone_at")}
        print(json.dumps(shown, ensure_ascii=False))
    return 0


def _export(args, settings) -> int:
    from plans import export, store

    db = get_db(settings.db_path)
    plan = store.annual_plan_for(db, args.year)
    if plan is None:
        raise NotFound("error.plan_year_missing", year=args.year)
    fmt = "csv" if args.output.suffix.lower() == ".csv" else "xlsx"
    args.output.write_bytes(export.export_plan(db, SYSTEM, plan["id"], fmt))
    print(args.output)
    return 0


def _copy(args, settings) -> int:
    from plans import store
    from plans.rollover import copy_forward

    db = get_db(settings.db_path)
    source = store.annual_plan_for(db, args.from_year)
    if source is None:
        raise NotFound("error.plan_year_missing", year=args.from_year)
    result = copy_forward(db, SYSTEM, source["id"], args.to_year, number=args.number, include_all=args.all)
    print(
        json.dumps(
            {
                "plan": result["plan"]["id"],
                "themes": result["themes"],
                "activities": result["activities"],
                "lead_unit_review": result["lead_unit_review"],
            },
            ensure_ascii=False,
        )
    )
    return 0


def parser() -> cli.Parser:
    parser = cli.Parser(prog="python -m plans", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", help="read a plan's appendix table from a .docx or .xlsx file")
    imp.add_argument("file", type=cli.existing_file)
    imp.add_argument("--year", type=cli.year, help="the plan's year (default: the year the document gives)")
    imp.add_argument(
        "--confirm-year", action="store_true", help="import into --year even though the document gives another"
    )
    imp.add_argument("--merge", action="store_true", help="add to the year's existing plan (themes matched by title)")
    imp.add_argument("--number", default="", help="number and symbol of a new plan, e.g. 105/KH-UBND")
    imp.add_argument("--commit", action="store_true", help="write it (without this, only check and summarise)")
    imp.add_argument("--skip-unmatched", action="store_true", help="leave unit names that match no unit empty")
    imp.add_argument("--json", action="store_true", help="print a JSON summary with every row and problem")
    imp.set_defaults(handler=_import)
    undo = commands.add_parser("undo", help="take back a whole plan import by its number (printed by --commit)")
    undo.add_argument("batch", type=cli.bounded_int())
    undo.set_defaults(handler=_undo)
    past = commands.add_parser("imports", help="list past plan imports, newest first (one JSON line each)")
    past.add_argument("--limit", type=cli.bounded_int(1, 1000), default=20)
    past.set_defaults(handler=_imports)
    exp = commands.add_parser("export", help="write a year's activities to .xlsx or .csv")
    exp.add_argument("--year", type=cli.year, required=True)
    exp.add_argument("-o", "--output", type=cli.output_file, required=True, help="file name ending .xlsx or .csv")
    exp.set_defaults(handler=_export)
    cp = commands.add_parser("copy", help="copy a year's plan forward into a new year (themes, recurring activities)")
    cp.add_argument("--from-year", type=cli.year, required=True)
    cp.add_argument("--to-year", type=cli.year, required=True)
    cp.add_argument("--number", default="")
    cp.add_argument("--all", action="store_true", help="copy every activity, not only recurring ones")
    cp.set_defaults(handler=_copy)
    return parser


def main(argv: list[str] | None = None) -> int:
    return cli.run(parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
