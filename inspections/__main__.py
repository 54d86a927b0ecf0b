"""Command line of the inspections slice: `python -m inspections --help`.

python -m inspections ics --user USERNAME      the user's "my inspections" calendar feed (iCalendar)
python -m inspections overdue [--on YYYY-MM-DD] [--json]
"""

from __future__ import annotations

import json
import sys

from core import cli
from core.auth import find_user
from core.db import get_db
from core.errors import NotFound


def _ics(args, settings) -> None:
    from inspections import ics_feed

    db = get_db(settings.db_path)
    found = find_user(db, args.user)
    if found is None or not found.active:
        raise NotFound("error.user_not_found", user=args.user)
    sys.stdout.buffer.write(ics_feed.user_feed(db, found, base_url=settings.base_url))
    sys.stdout.flush()


def _overdue(args, settings) -> None:
    from inspections import followup

    rows = followup.overdue_recommendations(get_db(settings.db_path), args.on)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, default=str))
        return
    for rec in rows:
        print(f"{rec['deadline']}\t{rec['days_overdue']}\t{rec['unit_name']}\t{rec['text']}")


def parser() -> cli.Parser:
    parser = cli.Parser(prog="python -m inspections", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ics = sub.add_parser("ics", help="print a user's 'my inspections' calendar feed (iCalendar) to standard output")
    ics.add_argument("--user", required=True, help="username whose inspections to print")
    ics.set_defaults(handler=_ics)
    overdue = sub.add_parser("overdue", help="list open recommendations past their deadline")
    overdue.add_argument("--on", type=cli.day, help="date to count from (YYYY-MM-DD, default today)")
    overdue.add_argument("--json", action="store_true", help="print the list as JSON")
    overdue.set_defaults(handler=_overdue)
    return parser


def main(argv: list[str] | None = None) -> int:
    return cli.run(parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
