"""Command line of the exports slice: draft or issue a report, export a table.

python -m exports report KIND --period 2021-05|2021-Q2|2021-H1|2021-9M|2021|FROM:TO --out FILE.docx
                        [--narrative FILE.json|FILE.md] [--issue [--number N]] [--json]
python -m exports report services-monthly --period 2026-10 --out FILE.docx [--issue] (the monthly publication)
python -m exports xlsx TABLE --out FILE.xlsx
python -m exports services-evidence --activity ID|--none (the plan activity issued months are evidence of)
python -m exports document plan|decision|minutes|notice --inspection-plan N | --inspection N --out FILE.docx
                        [--issue [--replaces REGISTER_ID]]
python -m exports document reminder-letter [--on DATE] --out FILE.docx [--issue [--replaces REGISTER_ID]] [--json]
                        (the công văn đôn đốc to the units late on DATE, today by default)
python -m exports document cchc-package --period 2026-9M --out FILE.zip [--narrative FILE]
                        [--issue [--number N] [--confirm-late] [--replaces REGISTER_ID]] [--json]
                        (the Sở's Tờ trình with the draft BC-UBND of the city's CCHC report, one zip)

Without --issue a report is a draft: marked "DỰ THẢO", no number, nothing registered. An issued
inspection document is written exactly as stored (its SHA-256 printed), never rebuilt.
"""

from __future__ import annotations

import sys

from core import cli
from core.db import get_db
from core.errors import ValidationError
from core.i18n import t, today_local
from core.permissions import SYSTEM
from exports import cchc_package, inspection_docs, kinds, register, reminder_letter, services_publication, sheets
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
        shown = [t(key, settings.lang) for key in warnings]
        cli.finished(f"DỰ THẢO -> {args.out}", {"draft": True, "out": str(args.out)}, shown, args.json)
        return
    if args.kind == "cchc":
        # The city's report is issued by UBND TP; the Sở issues only its Tờ trình with the draft.
        raise ValidationError("exports.error.cchc_issue_package", period=args.period)
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
    cli.finished(f"{row['symbol']} {row['sha256']} -> {args.out}", row, [], args.json)


def _services_evidence(args, settings) -> None:
    db = get_db(settings.db_path)
    activity = services_publication.choose_evidence_activity(db, SYSTEM, None if args.none else args.activity)
    print(f"{activity['id']}: {activity['title']}" if activity else "off")


def _reminder_letter(args, settings) -> None:
    db = get_db(settings.db_path)
    on = args.on or today_local()
    done = None if args.issue else reminder_letter.issued_letter(db, SYSTEM, on, settings=settings)
    if args.issue:
        issued = reminder_letter.issue_letter(db, SYSTEM, on, replaces=args.replaces, settings=settings)
        done = (issued.row, issued.data)
    if done is not None:  # an issued letter is written exactly as stored, never rebuilt
        row, data = done
        args.out.write_bytes(data)
        shown = {k: v for k, v in row.items() if k != "narrative"}
        cli.finished(f"{row['symbol']} {row['sha256']} -> {args.out}", shown, [], args.json)
        return
    letter = reminder_letter.build_letter(db, SYSTEM, on)
    args.out.write_bytes(letter.data)
    cli.finished(f"DỰ THẢO -> {args.out}", {"draft": True, "out": str(args.out)}, [], args.json)


def _package(args, settings) -> None:
    """The CCHC report's package as one zip: served as stored once issued, else drafts."""
    if not args.period:
        raise cli.Refused([("cli.usage", {"prog": "python -m exports document cchc-package", "message": "--period"})])
    db = get_db(settings.db_path)
    narrative = read_narrative(args.narrative.read_bytes()) if args.narrative else None
    if args.issue:
        package = cchc_package.issue_package(
            db, SYSTEM, args.period, narrative, number=args.number, confirm_late=args.confirm_late,
            replaces=args.replaces, settings=settings,
        )  # fmt: skip
    else:
        package = cchc_package.build_package(db, SYSTEM, args.period, narrative, settings=settings)
    args.out.write_bytes(package.zip())
    files = list(package.names())
    if package.row:
        row = {k: v for k, v in package.row.items() if k != "narrative"}
        cli.finished(f"{row['symbol']} {row['sha256']} -> {args.out}", {**row, "files": files}, [], args.json)
        return
    shown = [t(key, settings.lang) for key in package.warnings]
    cli.finished(f"DỰ THẢO -> {args.out}", {"draft": True, "out": str(args.out), "files": files}, shown, args.json)


def _document(args, settings) -> None:
    if args.kind == reminder_letter.KIND:
        return _reminder_letter(args, settings)
    if args.kind == cchc_package.KIND:
        return _package(args, settings)
    if args.inspection_plan is None and args.inspection is None:
        raise cli.Refused(
            [("cli.usage", {"prog": "python -m exports document", "message": "--inspection-plan | --inspection"})]
        )
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
        row = {k: v for k, v in issued.row.items() if k != "narrative"}
        cli.finished(f"{row['symbol']} {row['sha256']} -> {args.out}", row, [], args.json)
        return
    built = inspection_docs.build_document(
        db, SYSTEM, args.kind, inspection_plan=args.inspection_plan, inspection=args.inspection, settings=settings
    )
    args.out.write_bytes(built.data)
    shown = [t(key, settings.lang, **values) for key, values in built.warnings]
    result = {"draft": built.draft, "symbol": built.symbol, "sha256": built.sha256, "out": str(args.out)}
    if built.sha256:
        cli.finished(f"{built.symbol} {built.sha256} -> {args.out}", result, shown, args.json)
        return
    state = "DỰ THẢO" if built.draft else f"{built.number:02d}/{built.doc_type}"
    cli.finished(f"{state} -> {args.out}", result, shown, args.json)


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
    doc = sub.add_parser(
        "document", help="build an inspection document or the reminder letter (a draft unless already issued)"
    )
    doc.add_argument("kind", choices=(*inspection_docs.KINDS, reminder_letter.KIND, cchc_package.KIND))
    doc.add_argument("--period", help="cchc-package: the report's period (2026-Q3, 2026-9M, 2026 …)")
    doc.add_argument("--narrative", type=cli.existing_file, help="cchc-package: staff text, as for a report")
    doc.add_argument("--number", type=cli.bounded_int(1, 9999), help="cchc-package with --issue: the Tờ trình's number")
    doc.add_argument("--confirm-late", action="store_true", help="cchc-package with --issue: issue although late")
    doc.add_argument("--on", type=cli.day, help="reminder-letter: the day whose late units it chases (today)")
    doc.add_argument("--json", action="store_true", help="print the result (or the register entry) as JSON")
    which = doc.add_mutually_exclusive_group()
    which.add_argument("--inspection-plan", type=cli.bounded_int(), help="the inspection plan (for plan and decision)")
    which.add_argument("--inspection", type=cli.bounded_int(), help="the inspection (for notice)")
    doc.add_argument("--out", required=True, type=cli.output_file, help="where to write the .docx (.zip: cchc-package)")
    doc.add_argument(
        "--issue", action="store_true", help="issue it: the next number of its series (KH, QĐ, BB, TB, TTr)"
    )
    doc.add_argument("--replaces", type=cli.bounded_int(), help="with --issue: the register id this corrects")
    doc.set_defaults(handler=_document)
    return parser


def main(argv: list[str] | None = None) -> int:
    return cli.run(parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
