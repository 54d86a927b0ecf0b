"""Command line of the inspections slice: `python -m inspections --help`."""

from __future__ import annotations

import argparse
import sys

from core.auth import find_user
from core.db import get_db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m inspections", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    ics = sub.add_parser("ics", help="print a user's 'my inspections' calendar feed (iCalendar) to standard output")
    ics.add_argument("--user", required=True, help="username whose inspections to print")
    overdue = sub.add_parser("overdue", help="list open recommendations past their deadline")
    overdue.add_argument("--on", help="date to count from (YYYY-MM-DD, default today)")
    args = parser.parse_args(argv)
    db = get_db()
    if args.command == "ics":
        from inspections import ics_feed

        found = find_user(db, args.user)
        if found is None or not found.active:
            print(f"unknown or disabled user: {args.user}", file=sys.stderr)
            return 2
        sys.stdout.buffer.write(ics_feed.user_feed(db, found))
        sys.stdout.flush()
        return 0
    if args.command == "overdue":
        from datetime import date

        from inspections import followup

        on = date.fromisoformat(args.on) if args.on else None
        for rec in followup.overdue_recommendations(db, on):
            print(f"{rec['deadline']}\t{rec['days_overdue']}\t{rec['unit_name']}\t{rec['text']}")
        return 0
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
