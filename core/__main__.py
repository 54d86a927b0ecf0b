"""Administration from the command line: `python -m core --help`.

python -m core init [--demo]
python -m core users add USERNAME --role staff [--name ...] [--email ...] [--password ...]
python -m core users list | set-role USERNAME ROLE | disable USERNAME | enable USERNAME
python -m core units import [PATH]   (default: Hà Nội's map, core/data/hanoi_units.csv)
python -m core units seed-names
python -m core backup PATH
python -m core restore PATH
"""

from __future__ import annotations

import getpass
import json
import sys

from core import auth, backup, cli, hanoi_map, units
from core.db import forget, get_db, schema_version
from core.demo import build_demo
from core.permissions import ROLES, SYSTEM


def _init(args, settings) -> None:
    db = get_db(settings.db_path)
    counts = build_demo(db) if args.demo else {}
    print(
        json.dumps(
            {"database": str(settings.db_path), "schema_version": schema_version(db), "added": counts},
            ensure_ascii=False,
        )
    )


def _backup(args, settings) -> None:
    get_db(settings.db_path)  # migrated, so the copy is a current app database
    print(backup.backup(settings.db_path, args.path))


def _units(args, settings) -> None:
    db = get_db(settings.db_path)
    if args.units_command == "import":
        result = units.import_csv(db, SYSTEM, args.path.read_bytes())
    else:
        result = {"aliases": units.seed_aliases(db, SYSTEM), "groups": units.seed_groups(db, SYSTEM)}
    print(json.dumps(result, ensure_ascii=False))


def _restore(args, settings) -> None:
    forget(settings.db_path)
    kept = backup.restore(settings.db_path, args.path)
    version = schema_version(get_db(settings.db_path))
    print(json.dumps({"restored": str(args.path), "schema_version": version, "previous": str(kept or "")}))


def _users(args, settings) -> None:
    db, cmd = get_db(settings.db_path), args.users_command
    if cmd == "add":
        password = args.password or getpass.getpass("Password: ")
        user = auth.create_user(
            db, SYSTEM, username=args.username, password=password, role=args.role, full_name=args.name, email=args.email
        )
        print(f"created {user.username} ({user.role})")
    elif cmd == "list":
        for row in auth.list_users(db, SYSTEM):
            state = "active" if row["active"] else "disabled"
            print(f"{row['username']:<20} {row['role']:<10} {state:<9} {row['full_name'] or ''}")
    elif cmd == "set-role":
        print(f"{auth.set_role(db, SYSTEM, args.username, args.role).username}: {args.role}")
    elif cmd in ("disable", "enable"):
        auth.set_active(db, SYSTEM, args.username, cmd == "enable")
        print(f"{args.username}: {cmd}d")
    elif cmd == "reset-password":
        auth.reset_password(db, SYSTEM, args.username, args.password or getpass.getpass("New password: "))
        print(f"{args.username}: password reset")


def parser() -> cli.Parser:
    parser = cli.Parser(prog="python -m core", description="CCHC app administration")
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="create and migrate the database")
    init.add_argument("--demo", action="store_true", help="also build the demo data (idempotent)")
    init.set_defaults(handler=_init)

    users_parser = sub.add_parser("users", help="manage accounts")
    users_parser.set_defaults(handler=_users)
    users = users_parser.add_subparsers(dest="users_command", required=True)
    add = users.add_parser("add")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--name", default="")
    add.add_argument("--email", default="")
    add.add_argument("--password", help="prompted for when omitted")
    users.add_parser("list")
    set_role = users.add_parser("set-role")
    set_role.add_argument("username")
    set_role.add_argument("role", choices=ROLES)
    for name in ("disable", "enable"):
        users.add_parser(name).add_argument("username")
    reset = users.add_parser("reset-password")
    reset.add_argument("username")
    reset.add_argument("--password", help="prompted for when omitted")

    backup_parser = sub.add_parser("backup", help="copy the database (online backup API)")
    backup_parser.add_argument("path", type=cli.output_file)
    backup_parser.set_defaults(handler=_backup)
    restore = sub.add_parser("restore", help="replace the database with a backup")
    restore.add_argument("path", type=cli.existing_file)
    restore.set_defaults(handler=_restore)
    unit_cmds = sub.add_parser("units", help="administrative units").add_subparsers(dest="units_command", required=True)
    load = unit_cmds.add_parser("import", help="create or update units from a units CSV (codes or official codes)")
    load.add_argument(
        "path", type=cli.existing_file, nargs="?", default=hanoi_map.MAP_PATH, help="default: Hà Nội's map"
    )
    unit_cmds.add_parser("seed-names", help="add the usual abbreviations and collective names (idempotent)")
    for command in unit_cmds.choices.values():
        command.set_defaults(handler=_units)
    return parser


def main(argv: list[str] | None = None) -> int:
    return cli.run(parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
