"""Command line of the outreach slice: `python -m outreach --help`.

python -m outreach due [--on YYYY-MM-DD] [--send] [--json]   the day's scheduled requests and reminders (cron: daily)
python -m outreach remind [--on YYYY-MM-DD] [--json]         what would be sent, sending nothing
python -m outreach tracker [--on YYYY-MM-DD] [--json]        every open request and unit with its state
python -m outreach liaisons FILE.csv [--json]                 create liaison accounts (username, unit, email)
"""

from __future__ import annotations

import json
import sys

from core import cli
from core.db import get_db
from core.i18n import today_local
from core.permissions import SYSTEM


def _due(args, settings) -> None:
    from outreach import deliveries, recurring, reminders

    db, on = get_db(settings.db_path), args.on or today_local()
    created = recurring.ensure(db, SYSTEM, on) if args.send else []
    result = reminders.run(db, SYSTEM, settings, on, send=args.send)
    result["created"] = [
        {"id": r["id"], "kind": r["kind"], "title": r["title"], "due_on": r["due_on"]} for r in created
    ]
    result["monthly_draft"] = deliveries.send_monthly_draft(db, SYSTEM, settings, on, send=args.send)
    if args.send:
        result["periodic_draft"] = deliveries.send_periodic_draft(db, SYSTEM, settings, on)
        result["issued"] = deliveries.send_issued(db, SYSTEM, settings, on)
    _print(result, args.json)


def _remind(args, settings) -> None:
    from outreach import deliveries, reminders

    db, on = get_db(settings.db_path), args.on or today_local()
    result = reminders.run(db, SYSTEM, settings, on, send=False)
    result["monthly_draft"] = deliveries.send_monthly_draft(db, SYSTEM, settings, on, send=False)
    _print(result, args.json)


def _print(result: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"{result['day']}\tmail {result['mail']}\tsent {result['sent']}\tfailed {result['failed']}")
    draft = result.get("monthly_draft") or {}
    if draft.get("to"):
        sent = "sent" if draft["sent"] else "to"
        print(f"draft of the {draft['month']} publication\t{sent}: {', '.join(draft['to'])}")
    for message in result["messages"]:
        print(
            f"\n--- {message['to']} (cc: {', '.join(message['cc']) or '-'})\n{message['subject']}\n\n{message['body']}"
        )


def _tracker(args, settings) -> None:
    from outreach import tracker

    rows = tracker.tracker(get_db(settings.db_path), SYSTEM, args.on or today_local())
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        print(f"{row['due_on']}\t{row['state']}\t{row['days']}\t{row['unit_name']}\t{row['title']}")


def _liaisons(args, settings) -> None:
    from outreach import liaisons

    made = liaisons.import_csv(get_db(settings.db_path), SYSTEM, args.file.read_bytes())
    if args.json:
        print(json.dumps(made, ensure_ascii=False))
        return
    for row in made:
        print(f"{row['username']}\t{row['unit']}\t{row['email']}\t{row['password']}")


def parser() -> cli.Parser:
    parser = cli.Parser(prog="python -m outreach", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    due = sub.add_parser(
        "due", help="with --send: create the day's scheduled requests and send its reminders (safe to run twice)"
    )
    due.add_argument("--on", type=cli.day, help="the day to remind for (YYYY-MM-DD, default today in Hà Nội)")
    due.add_argument("--send", action="store_true", help="send through the configured mail server")
    due.add_argument("--json", action="store_true", help="print the result as JSON")
    due.set_defaults(handler=_due)
    remind = sub.add_parser("remind", help="show the reminders that are due, sending nothing")
    remind.add_argument("--on", type=cli.day, help="the day to remind for (YYYY-MM-DD, default today in Hà Nội)")
    remind.add_argument("--json", action="store_true", help="print the messages as JSON")
    remind.set_defaults(handler=_remind)
    track = sub.add_parser("tracker", help="every open request and unit with its state")
    track.add_argument("--on", type=cli.day, help="the day (YYYY-MM-DD, default today in Hà Nội)")
    track.add_argument("--json", action="store_true", help="print the rows as JSON")
    track.set_defaults(handler=_tracker)
    accounts = sub.add_parser("liaisons", help="create liaison accounts from a CSV (username, unit, email)")
    accounts.add_argument("file", type=cli.existing_file, help="the CSV file")
    accounts.add_argument("--json", action="store_true", help="print the accounts made as JSON")
    accounts.set_defaults(handler=_liaisons)
    return parser


def main(argv: list[str] | None = None) -> int:
    return cli.run(parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
