"""Command line of the exports slice: draft or issue a report, export a table.

python -m exports report KIND --period 2021-05|2021-Q2|2021-H1|2021-9M|2021|FROM:TO --out FILE.docx
                        [--narrative FILE.json|FILE.md] [--issue [--number N]] [--json]
python -m exports report services-monthly --period 2026-10 --out FILE.docx [--issue] (the monthly publication)
python -m exports xlsx TABLE --out FILE.xlsx
python -m exports services-evidence --activity ID|--none (the plan activity issued months are evidence of)
python -m exports document plan|decision|minutes|notice --inspection-plan N | --inspection N --out FILE.docx
                        [--issue [--replaces REGISTER_ID]]

Without --issue a report is a draft: marked "DỰ THẢO", no number, nothing registered. An issued
inspection document is written exactly as stored (its SHA-256 printed), never rebuilt.
"""

from __future__ import annotations

import json
import sys

from core import cli
from core.db import get_db
from core.i18n import t
from core.permissions import SYSTEM
from exports import inspection_docs, kinds, register, services_publication, sheets
from exports.prose import read_narrative


def _report(args, settings) -> None:
    db = get_db(settings.db_path)
    narrative = read_narrative(args.narrative.read_bytes()) if args.narrative else None
    if not args.issue:
        if args.kind == services_publication.KIND:
            data, warnings = services_publication.draft(db, SYSTEM, args.period, narrative), []
        else:
            drafted = register.draft(
                db, SYSTEM, args.kind, args.period, narrative, with_charts=not args.no_charts, settings=settings
            )
            data, warnings = drafted.data, drafted.warnings
        args.out.write_bytes(data)
        for key in warnings:
            print(t(key, settings.lang), file=sys.stderr)
        print(f"DỰ THẢO -> {args.out}")
        return
    if args.kind == services_publication.KIND:
        issued, _ = services_publication.issue(
            db, SYSTEM, args.period, narrative, number=args.number, confirm_late=args.confirm_late, settings=settings
        )
    else:
        issued = register.issue(
            db,
            SYSTEM,
            args.kind,
            args.period,
            narrative,
            number=args.number,
            with_charts=not args.no_charts,
            replaces=args.replaces,
            confirm_late=args.confirm_late,
            settings=settings,
        )
    args.out.write_bytes(issued.data)
    row = {k: v for k, v in issued.row.items() if k != "narrative"}
    print(
        json.dumps(row, ensure_ascii=False, indent=2) if args.json else f"{row['symbol']} {row['sha256']} -> {args.out}"
    )


def _services_evidence(args, settings) -> None:
    db = get_db(settings.db_path)
    activity = services_publication.choose_evidence_activity(db, SYSTEM, None if args.none else args.activity)
    print(f"{activity['id']}: {activity['title']}" if activity else "off")


def _document(args, settings) -> None:
    db = get_db(settings.db_path)
    if args.issue:
        issued = inspection_docs.issue_document(
            db,
            SYSTEM,
            args.kind,
            inspection_plan=args.inspection_plan,
            inspection=args.inspection,
            replaces=args.replaces,
            settings=settings,
        )
        args.out.write_bytes(issued.data)
        print(f"{issued.row['symbol']} {issued.row['sha256']} -> {args.out}")
        return
    built = inspection_docs.build_document(
        db, SYSTEM, args.kind, inspection_plan=args.inspection_plan, inspection=args.inspection, settings=settings
    )
    args.out.write_bytes(built.data)
    for key, values in built.warnings:
        print(t(key, settings.lang, **values), file=sys.stderr)
    if built.sha256:
        print(f"{built.symbol} {built.sha256} -> {args.out}")
        return
    state = "DỰ THẢO" if built.draft else f"{built.number:02d}/{built.doc_type}"
    print(f"{state} -> {args.out}")


def _xlsx(args, settings) -> None:
    args.out.write_bytes(sheets.export_xlsx(get_db(settings.db_path), SYSTEM, args.table))
    print(args.out)


def parser() -> cli.Parser:
    parser = cli.Parser(prog="python -m exports", description="Reports and spreadsheets.")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="draft a Word report, or issue it (number, date, register)")
    rep.add_argument("kind", choices=sorted(kinds.BUILDERS))
    rep.add_argument(
        "--period", required=True, help="2021-05, 2021-Q2, 2021-H1, 2021-9M, 2021 or YYYY-MM-DD:YYYY-MM-DD"
    )
    rep.add_argument(
        "--narrative", type=cli.existing_file, help="staff text: JSON {section: text} or Markdown '# section' parts"
    )
    rep.add_argument("--issue", action="store_true", help="issue: take the next number and today's date, register")
    rep.add_argument("--out", required=True, type=cli.output_file, help="where to write the .docx")
    rep.add_argument(
        "--number", type=cli.bounded_int(1, 9999), help="with --issue: choose the number by hand (refused if used)"
    )
    rep.add_argument("--no-charts", action="store_true", help="leave the charts out")
    rep.add_argument("--replaces", type=cli.bounded_int(), help="with --issue: the register id this corrects")
    rep.add_argument(
        "--confirm-late", action="store_true", help="with --issue: issue although the period is long past due"
    )
    rep.add_argument("--json", action="store_true", help="print the register entry as JSON")
    rep.set_defaults(handler=_report)
    xlsx = sub.add_parser("xlsx", help="export a table as XLSX")
    xlsx.add_argument("table", choices=sorted(sheets.TABLES))
    xlsx.add_argument("--out", required=True, type=cli.output_file)
    xlsx.set_defaults(handler=_xlsx)
    ev = sub.add_parser(
        "services-evidence", help="choose the plan activity issued monthly publications are evidence of"
    )
    choice = ev.add_mutually_exclusive_group(required=True)
    choice.add_argument("--activity", type=cli.bounded_int(), help="the activity's id")
    choice.add_argument("--none", action="store_true", help="stop attaching issued months")
    ev.set_defaults(handler=_services_evidence)
    doc = sub.add_parser("document", help="build an inspection document (a draft unless already issued)")
    doc.add_argument("kind", choices=inspection_docs.KINDS)
    which = doc.add_mutually_exclusive_group(required=True)
    which.add_argument("--inspection-plan", type=cli.bounded_int(), help="the inspection plan (for plan and decision)")
    which.add_argument("--inspection", type=cli.bounded_int(), help="the inspection (for notice)")
    doc.add_argument("--out", required=True, type=cli.output_file, help="where to write the .docx")
    doc.add_argument("--issue", action="store_true", help="issue it: the next number of its series (KH, QĐ, BB, TB)")
    doc.add_argument("--replaces", type=cli.bounded_int(), help="with --issue: the register id this corrects")
    doc.set_defaults(handler=_document)
    return parser


def main(argv: list[str] | None = None) -> int:
    return cli.run(parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
