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

import argparse
import getpass
import json
import sys
from pathlib import Path

from core import auth, backup, hanoi_map, units
from core.db import forget, get_db, schema_version
from core.demo import build_demo
from core.errors import AppError
from core.permissions import ROLES, SYSTEM
from core.settings import get_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m core", description="CCHC app administration")
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="create and migrate the database")
    init.add_argument("--demo", action="store_true", help="also build the demo data (idempotent)")

    users = sub.add_parser("users", help="manage accounts").add_subparsers(dest="users_command", required=True)
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

    unit_cmds = sub.add_parser("units", help="administrative units").add_subparsers(dest="units_command", required=True)
    load = unit_cmds.add_parser("import", help="create or update units from a units CSV (codes or official codes)")
    load.add_argument("path", type=Path, nargs="?", default=hanoi_map.MAP_PATH, help="default: Hà Nội's map")
    unit_cmds.add_parser("seed-names", help="add the usual abbreviations and collective names (unit groups)")

    sub.add_parser("backup", help="copy the database (online backup API)").add_argument("path", type=Path)
    sub.add_parser("restore", help="replace the database with a backup").add_argument("path", type=Path)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = get_settings()
    try:
        if args.command == "init":
            db = get_db(settings.db_path)
            counts = build_demo(db) if args.demo else {}
            print(
                json.dumps(
                    {"database": str(settings.db_path), "schema_version": schema_version(db), "added": counts},
                    ensure_ascii=False,
                )
            )
        elif args.command == "users":
            return _users(args, get_db(settings.db_path))
        elif args.command == "units":
            db = get_db(settings.db_path)
            if args.units_command == "import":
                result = units.import_csv(db, SYSTEM, args.path.read_bytes())
            else:
                result = {"aliases": units.seed_aliases(db, SYSTEM), "groups": units.seed_groups(db, SYSTEM)}
            print(json.dumps(result, ensure_ascii=False))
        elif args.command == "backup":
            get_db(settings.db_path)  # migrated, so the copy is a current app database
            print(backup.backup(settings.db_path, args.path))
        elif args.command == "restore":
            forget(settings.db_path)
            backup.restore(settings.db_path, args.path)
            version = schema_version(get_db(settings.db_path))  # applies any newer migrations
            print(json.dumps({"restored": str(args.path), "schema_version": version}))
    except AppError as exc:
        print(exc.message(settings.lang), file=sys.stderr)
        for err in getattr(exc, "errors", []):
            print(f"  {err}", file=sys.stderr)
        return 1
    return 0


def _users(args, db) -> int:
    cmd = args.users_command
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
