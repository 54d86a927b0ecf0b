"""Command line of the exports slice: issue a report, export a table.

python -m exports report KIND --period 2021-Q2|2021-H1|2021-9M|2021|FROM:TO --out FILE.docx [--json]
python -m exports xlsx TABLE --out FILE.xlsx
python -m exports document plan|decision|notice --inspection-plan N | --inspection N --out FILE.docx
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.db import get_db
from core.errors import AppError
from core.permissions import SYSTEM
from exports import inspection_docs, kinds, register, sheets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m exports", description="Reports and spreadsheets.")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="generate, number and register a Word report")
    rep.add_argument("kind", choices=sorted(kinds.BUILDERS))
    rep.add_argument("--period", required=True, help="2021-Q2, 2021-H1, 2021-9M, 2021 or YYYY-MM-DD:YYYY-MM-DD")
    rep.add_argument("--out", required=True, type=Path, help="where to write the .docx")
    rep.add_argument("--number", type=int, help="choose the number by hand (refused if already used)")
    rep.add_argument("--no-charts", action="store_true", help="leave the charts out")
    rep.add_argument("--json", action="store_true", help="print the register entry as JSON")
    xlsx = sub.add_parser("xlsx", help="export a table as XLSX")
    xlsx.add_argument("table", choices=sorted(sheets.TABLES))
    xlsx.add_argument("--out", required=True, type=Path)
    doc = sub.add_parser("document", help="build an inspection document (a draft unless already issued)")
    doc.add_argument("kind", choices=inspection_docs.KINDS)
    which = doc.add_mutually_exclusive_group(required=True)
    which.add_argument("--inspection-plan", type=int, help="the inspection plan (for plan and decision)")
    which.add_argument("--inspection", type=int, help="the inspection (for notice)")
    doc.add_argument("--out", required=True, type=Path, help="where to write the .docx")
    args = parser.parse_args(argv)
    db = get_db()
    try:
        if args.command == "report":
            issued = register.generate(
                db, SYSTEM, args.kind, args.period, number=args.number, with_charts=not args.no_charts
            )
            args.out.write_bytes(issued.data)
            row = {k: v for k, v in issued.row.items() if k != "narrative"}
            print(
                json.dumps(row, ensure_ascii=False, indent=2)
                if args.json
                else f"{row['symbol']} {row['sha256']} -> {args.out}"
            )
        elif args.command == "document":
            built = inspection_docs.build_document(
                db, SYSTEM, args.kind, inspection_plan=args.inspection_plan, inspection=args.inspection
            )
            args.out.write_bytes(built.data)
            state = "DỰ THẢO" if built.draft else f"{built.number:02d}/{built.doc_type}"
            print(f"{state} -> {args.out}")
        else:
            args.out.write_bytes(sheets.export_xlsx(db, SYSTEM, args.table))
            print(args.out)
    except AppError as exc:
        print(exc.message("vi"), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
