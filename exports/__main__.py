"""Command line of the exports slice: draft or issue a report, export a table.

python -m exports report KIND --period 2021-05|2021-Q2|2021-H1|2021-9M|2021|FROM:TO --out FILE.docx
                        [--narrative FILE.json|FILE.md] [--issue [--number N]] [--json]
python -m exports xlsx TABLE --out FILE.xlsx

Without --issue the report is a draft: marked "DỰ THẢO", no number, nothing registered.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.db import get_db
from core.errors import AppError
from core.i18n import t
from core.permissions import SYSTEM
from exports import kinds, register, sheets
from exports.content import read_narrative


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m exports", description="Reports and spreadsheets.")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="draft a Word report, or issue it (number, date, register)")
    rep.add_argument("kind", choices=sorted(kinds.BUILDERS))
    rep.add_argument(
        "--period", required=True, help="2021-05, 2021-Q2, 2021-H1, 2021-9M, 2021 or YYYY-MM-DD:YYYY-MM-DD"
    )
    rep.add_argument("--narrative", type=Path, help="staff text: JSON {section: text} or Markdown '# section' parts")
    rep.add_argument("--issue", action="store_true", help="issue: take the next number and today's date, register")
    rep.add_argument("--out", required=True, type=Path, help="where to write the .docx")
    rep.add_argument("--number", type=int, help="with --issue: choose the number by hand (refused if already used)")
    rep.add_argument("--no-charts", action="store_true", help="leave the charts out")
    rep.add_argument("--json", action="store_true", help="print the register entry as JSON")
    xlsx = sub.add_parser("xlsx", help="export a table as XLSX")
    xlsx.add_argument("table", choices=sorted(sheets.TABLES))
    xlsx.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    db = get_db()
    try:
        if args.command == "report":
            narrative = read_narrative(args.narrative.read_bytes()) if args.narrative else None
            if not args.issue:
                drafted = register.draft(db, SYSTEM, args.kind, args.period, narrative, with_charts=not args.no_charts)
                args.out.write_bytes(drafted.data)
                for key in drafted.warnings:
                    print(t(key, "vi"), file=sys.stderr)
                print(f"DỰ THẢO -> {args.out}")
                return 0
            issued = register.issue(
                db, SYSTEM, args.kind, args.period, narrative, number=args.number, with_charts=not args.no_charts
            )
            args.out.write_bytes(issued.data)
            row = {k: v for k, v in issued.row.items() if k != "narrative"}
            print(
                json.dumps(row, ensure_ascii=False, indent=2)
                if args.json
                else f"{row['symbol']} {row['sha256']} -> {args.out}"
            )
        else:
            args.out.write_bytes(sheets.export_xlsx(db, SYSTEM, args.table))
            print(args.out)
    except AppError as exc:
        print(exc.message("vi"), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
