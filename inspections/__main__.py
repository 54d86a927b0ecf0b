"""Command line of the inspections slice: `python -m inspections --help`."""

from __future__ import annotations

import argparse
import sys

from core import store as core_store
from core.db import get_db
from core.permissions import User
from core.settings import get_settings


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

        row = core_store.user_by_username(db, args.user)
        if row is None or not row["active"]:
            print(f"unknown or disabled user: {args.user}", file=sys.stderr)
            return 2
        sys.stdout.buffer.write(ics_feed.user_feed(db, User.from_row(row), base_url=get_settings().base_url))
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
