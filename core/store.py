"""SQL of the core slice: users, administrative units, the audit log, office settings.

Only this module of `core` writes SQL. Functions take a `Database` and plain values;
the callers (core.auth, core.units, core.audit) hold the rules and permissions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("core")


@migrations()
def m001_users_units_audit(db: Database) -> None:
    db.table("users").create(
        {
            "id": int,
            "username": str,
            "full_name": str,
            "email": str,
            "role": str,
            "password_hash": str,
            "active": int,
            "lang": str,
            "failed_logins": int,
            "locked_until": str,
            "created_at": str,
            "last_login_at": str,
        },
        pk="id",
        not_null={"username", "role", "active", "failed_logins"},
        defaults={"active": 1, "failed_logins": 0, "lang": "vi"},
    )
    db.table("users").create_index(["username"], unique=True)
    db.execute("create unique index idx_users_email on users(lower(email)) where email is not null and email != ''")

    db.table("units").create(
        {
            "id": int,
            "code": str,
            "name": str,
            "short_name": str,
            "kind": str,
            "parent_id": int,
            "valid_from": str,
            "valid_to": str,
            "note": str,
        },
        pk="id",
        not_null={"code", "name", "kind"},
        foreign_keys=[("parent_id", "units", "id")],
    )
    db.table("units").create_index(["code"], unique=True)
    db.table("unit_successions").create(
        {"predecessor_id": int, "successor_id": int, "effective": str},
        pk=("predecessor_id", "successor_id"),
        foreign_keys=[("predecessor_id", "units", "id"), ("successor_id", "units", "id")],
    )

    db.table("audit_log").create(
        {
            "id": int,
            "at": str,
            "actor_id": int,
            "actor": str,
            "action": str,
            "table_name": str,
            "record_id": str,
            "before": str,
            "after": str,
        },
        pk="id",
        not_null={"at", "actor", "action", "table_name"},
    )
    db.table("audit_log").create_index(["table_name", "record_id"])
    db.table("audit_log").create_index(["at"])

    db.table("office_settings").create({"key": str, "value": str}, pk="key")


@migrations()
def m002_sessions(db: Database) -> None:
    db.table("sessions").create(
        {"token_hash": str, "user_id": int, "created_at": str, "expires_at": str, "last_seen_at": str},
        pk="token_hash",
        not_null={"user_id", "created_at", "expires_at"},
        foreign_keys=[("user_id", "users", "id")],
    )
    db.table("sessions").create_index(["user_id"])


@migrations()
def m003_unit_aliases(db: Database) -> None:
    """Other names a unit goes by in imported files ("Sở KH&CN", "UBND P. Kim Liên"),
    remembered when a person maps a name at import. `key` is the name as core.units.unit_key folds it."""
    db.table("unit_aliases").create(
        {"key": str, "alias": str, "unit_id": int, "created_at": str, "created_by": str},
        pk="key",
        not_null={"alias", "unit_id"},
        foreign_keys=[("unit_id", "units", "id")],
    )


@migrations()
def m004_login_throttle(db: Database) -> None:
    # Failed sign-ins per (username as typed, folded; client address): a delay that grows
    # for that pair only, so a stranger cannot lock a real user out from elsewhere.
    db.table("login_throttle").create(
        {"username": str, "client": str, "failures": int, "last_failure_at": str, "not_before": str},
        pk=("username", "client"),
        not_null={"failures", "last_failure_at"},
    )


@migrations()
def m005_official_codes_and_unit_groups(db: Database) -> None:
    """Units carry their official code (mã đơn vị hành chính); unit groups name many units at
    once ("Các sở, ban, ngành"), effective-dated like units: members are the units of the
    group's kinds that exist on a day, plus any units listed by hand."""
    db.table("units").add_column("official_code", str)
    db.execute("create unique index idx_units_official_code on units(official_code) where official_code is not null")
    db.table("unit_groups").create(
        {"id": int, "code": str, "name": str, "other_names": str, "kinds": str, "valid_from": str, "valid_to": str},
        pk="id",
        not_null={"code", "name"},
    )
    db.table("unit_groups").create_index(["code"], unique=True)
    db.table("unit_group_members").create(
        {"group_id": int, "unit_id": int},
        pk=("group_id", "unit_id"),
        foreign_keys=[("group_id", "unit_groups", "id"), ("unit_id", "units", "id")],
    )


@migrations()
def m006_data_version(db: Database) -> None:
    """One number that every committed change to the app's data moves (kept by triggers
    that `install_version_triggers` puts on every table), so a page may keep what it read
    until the number moves. The number is drawn at random rather than counted, so a
    restored backup written to again never comes back to a number already seen."""
    db.execute("create table data_version (id integer primary key check (id = 1), version integer not null)")
    db.execute("insert into data_version (id, version) values (1, 0)")


# Tables whose writes do not change what any page or feed shows: sign-in bookkeeping,
# touched on every request. The version itself has no trigger.
UNVERSIONED = frozenset({"data_version", "sessions", "login_throttle", "_sqlite_migrations"}) | frozenset(
    # Rows derived from a parent row and written only in its transaction (whose own trigger
    # moves the version), read by no page: a trigger on each would only repeat the move,
    # and at four band keys per article it cost a fifth of feed ingestion (media m006).
    # A story is written only with its first article, and never changed (media m007).
    {"article_bands", "media_stories"}
)


def install_version_triggers(db: Database) -> int:
    """Put on every table (but those in UNVERSIONED, SQLite's own and full-text shadow
    tables) triggers that move the data version in the same statement's transaction, so
    no write path can forget it; tables added by later migrations get theirs on the next
    migrate. Returns how many triggers were added."""
    if not db.table("data_version").exists():
        return 0
    tables = [r[0] for r in db.execute("select name from sqlite_master where type = 'table'")]
    virtual = [
        r[0] for r in db.execute("select name from sqlite_master where type = 'table' and sql like 'create virtual%'")
    ]
    existing = {r[0] for r in db.execute("select name from sqlite_master where type = 'trigger'")}
    added = 0
    for table in tables:
        if table in UNVERSIONED or table.startswith("sqlite_") or table in virtual:
            continue
        if any(table.startswith(f"{v}_") for v in virtual):
            continue  # an FTS5 shadow table: written only through its virtual table's own triggers
        for event in ("insert", "update", "delete"):
            name = f"dv_{table}_{event}"
            if name in existing:
                continue
            db.execute(
                f'create trigger "{name}" after {event} on "{table}"'  # noqa: S608 - names from sqlite_master
                " begin update data_version set version = random() where id = 1; end"
            )
            added += 1
    return added


def data_version(db: Database) -> int:
    return db.execute("select version from data_version where id = 1").fetchone()[0]


# --- users -----------------------------------------------------------------


def user_row(db: Database, user_id: int) -> dict | None:
    rows = list(db.query("select * from users where id = ?", [user_id]))
    return rows[0] if rows else None


def user_by_username(db: Database, username: str) -> dict | None:
    rows = list(db.query("select * from users where username = ?", [username]))
    return rows[0] if rows else None


def user_by_email(db: Database, email: str) -> dict | None:
    rows = list(db.query("select * from users where lower(email) = lower(?)", [email]))
    return rows[0] if rows else None


def list_users(db: Database) -> list[dict]:
    return list(db.query("select * from users order by role, username"))


def users_with_role(db: Database, role: str) -> list[dict]:
    return list(db.query("select * from users where role = ? and active = 1 order by full_name", [role]))


def insert_user(db: Database, row: dict) -> int:
    return db.table("users").insert(row).last_pk


def update_user(db: Database, user_id: int, changes: dict) -> None:
    db.table("users").update(user_id, changes)


def count_users(db: Database) -> int:
    return db.execute("select count(*) from users").fetchone()[0]


# --- sign-in throttle ------------------------------------------------------


def login_throttle(db: Database, username: str, client: str) -> dict | None:
    rows = list(db.query("select * from login_throttle where username = ? and client = ?", [username, client]))
    return rows[0] if rows else None


def put_login_throttle(db: Database, row: dict) -> None:
    db.table("login_throttle").insert(row, replace=True)


def delete_login_throttle(db: Database, username: str, client: str | None = None) -> None:
    if client is None:
        db.execute("delete from login_throttle where username = ?", [username])
    else:
        db.execute("delete from login_throttle where username = ? and client = ?", [username, client])


def delete_stale_login_throttles(db: Database, before: str) -> None:
    db.execute("delete from login_throttle where last_failure_at < ?", [before])


# --- browser sessions ------------------------------------------------------


def insert_session(db: Database, row: dict) -> None:
    db.table("sessions").insert(row)


def session_user(db: Database, token_hash: str, now: str) -> dict | None:
    rows = list(
        db.query(
            "select u.*, s.last_seen_at as session_last_seen_at from sessions s join users u on u.id = s.user_id"
            " where s.token_hash = ? and s.expires_at > ? and u.active = 1",
            [token_hash, now],
        )
    )
    return rows[0] if rows else None


def touch_session(db: Database, token_hash: str, now: str, expires_at: str) -> None:
    db.execute(
        "update sessions set last_seen_at = ?, expires_at = ? where token_hash = ?", [now, expires_at, token_hash]
    )


def delete_session(db: Database, token_hash: str) -> None:
    db.execute("delete from sessions where token_hash = ?", [token_hash])


def delete_expired_sessions(db: Database, now: str) -> None:
    db.execute("delete from sessions where expires_at <= ?", [now])


def delete_user_sessions(db: Database, user_id: int) -> None:
    db.execute("delete from sessions where user_id = ?", [user_id])


# --- units -----------------------------------------------------------------


def unit_row(db: Database, unit_id: int) -> dict | None:
    rows = list(db.query("select * from units where id = ?", [unit_id]))
    return rows[0] if rows else None


def unit_by_code(db: Database, code: str) -> dict | None:
    rows = list(db.query("select * from units where code = ?", [code]))
    return rows[0] if rows else None


def list_units(db: Database) -> list[dict]:
    return list(db.query("select * from units order by kind, name"))


def units_valid_on(db: Database, day: str, kinds: Iterable[str] | None = None) -> list[dict]:
    sql = (
        "select * from units where (valid_from is null or valid_from <= :d)"
        " and (valid_to is null or valid_to = '' or valid_to >= :d)"
    )
    params: dict[str, Any] = {"d": day}
    kinds = list(kinds or [])
    if kinds:
        sql += " and kind in (" + ",".join(f":k{i}" for i in range(len(kinds))) + ")"
        params.update({f"k{i}": k for i, k in enumerate(kinds)})
    return list(db.query(sql + " order by kind, name", params))


def insert_unit(db: Database, row: dict) -> int:
    return db.table("units").insert(row).last_pk


def update_unit(db: Database, unit_id: int, changes: dict) -> None:
    db.table("units").update(unit_id, changes)


def insert_succession(db: Database, predecessor_id: int, successor_id: int, effective: str) -> None:
    db.table("unit_successions").insert(
        {"predecessor_id": predecessor_id, "successor_id": successor_id, "effective": effective},
        replace=True,
    )


def successors(db: Database, unit_id: int) -> list[dict]:
    return list(
        db.query(
            "select u.*, s.effective from unit_successions s join units u on u.id = s.successor_id"
            " where s.predecessor_id = ? order by u.name",
            [unit_id],
        )
    )


def predecessors(db: Database, unit_id: int) -> list[dict]:
    return list(
        db.query(
            "select u.*, s.effective from unit_successions s join units u on u.id = s.predecessor_id"
            " where s.successor_id = ? order by u.name",
            [unit_id],
        )
    )


def unit_by_official_code(db: Database, official_code: str) -> dict | None:
    rows = list(db.query("select * from units where official_code = ?", [official_code]))
    return rows[0] if rows else None


def unit_aliases(db: Database) -> list[dict]:
    return list(db.query("select a.*, u.code from unit_aliases a join units u on u.id = a.unit_id order by a.key"))


def put_unit_alias(db: Database, row: dict) -> None:
    db.table("unit_aliases").insert(row, replace=True)


def unit_alias(db: Database, key: str) -> dict | None:
    rows = list(
        db.query("select a.*, u.code from unit_aliases a join units u on u.id = a.unit_id where key = ?", [key])
    )
    return rows[0] if rows else None


def delete_unit_alias(db: Database, key: str) -> None:
    db.execute("delete from unit_aliases where key = ?", [key])


# --- unit groups -------------------------------------------------------------


def unit_groups(db: Database) -> list[dict]:
    return list(db.query("select * from unit_groups order by name"))


def unit_group_by_code(db: Database, code: str) -> dict | None:
    rows = list(db.query("select * from unit_groups where code = ?", [code]))
    return rows[0] if rows else None


def unit_group_row(db: Database, group_id: int) -> dict | None:
    rows = list(db.query("select * from unit_groups where id = ?", [group_id]))
    return rows[0] if rows else None


def insert_unit_group(db: Database, row: dict) -> int:
    return db.table("unit_groups").insert(row).last_pk


def update_unit_group(db: Database, group_id: int, changes: dict) -> None:
    db.table("unit_groups").update(group_id, changes)


def unit_group_member_ids(db: Database, group_id: int) -> list[int]:
    return [r[0] for r in db.execute("select unit_id from unit_group_members where group_id = ?", [group_id])]


def set_unit_group_members(db: Database, group_id: int, unit_ids: Iterable[int]) -> None:
    db.execute("delete from unit_group_members where group_id = ?", [group_id])
    db.table("unit_group_members").insert_all([{"group_id": group_id, "unit_id": u} for u in unit_ids])


# --- audit -----------------------------------------------------------------


def insert_audit(db: Database, row: dict) -> None:
    for key in ("before", "after"):
        if row.get(key) is not None and not isinstance(row[key], str):
            row[key] = json.dumps(row[key], ensure_ascii=False, default=str, sort_keys=True)
    db.table("audit_log").insert(row)


def query_audit(
    db: Database,
    *,
    table_name: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    record_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
    sign_ins: bool | None = None,
    limit: int = 500,
) -> list[dict]:
    where, params = [], {}
    for column, value in (("table_name", table_name), ("actor", actor), ("action", action), ("record_id", record_id)):
        if value:
            where.append(f"{column} = :{column}")
            params[column] = str(value)
    if sign_ins is not None:  # sign-ins (login, login_failed) apart from changes
        where.append("action like 'login%'" if sign_ins else "action not like 'login%'")
    if since:
        where.append("at >= :since")
        params["since"] = since
    if until:
        where.append("at < :until")
        params["until"] = until
    sql = "select * from audit_log" + (" where " + " and ".join(where) if where else "")  # noqa: S608 - fixed columns
    params["limit"] = limit
    return list(db.query(sql + " order by id desc limit :limit", params))


def audit_facets(db: Database) -> dict[str, list[str]]:
    return {
        column: [r[0] for r in db.execute(f"select distinct {column} from audit_log order by 1")]  # noqa: S608
        for column in ("table_name", "actor", "action")
    }


# --- office settings -------------------------------------------------------


def get_office_settings(db: Database) -> dict[str, Any]:
    return {r["key"]: json.loads(r["value"]) for r in db.query("select * from office_settings")}


def put_office_setting(db: Database, key: str, value: Any) -> None:
    db.table("office_settings").insert({"key": key, "value": json.dumps(value, ensure_ascii=False)}, replace=True)


@migrations()
def m007_import_batches(db: Database) -> None:
    """Every import is a batch: who brought which file when, and each record it added,
    changed or removed (old and new values), so the whole import can be undone."""
    db.table("import_batches").create(
        {
            "id": int,
            "slice": str,  # the slice whose import made it: plans, services
            "permission": str,  # what the acting user needed; undoing needs it again
            "file_name": str,
            "actor_id": int,
            "actor": str,
            "created_at": str,
            "counts": str,  # JSON: what the import reports (themes, activities, units...)
            "undone_at": str,
            "undone_by": str,
        },
        pk="id",
        not_null={"slice", "permission", "actor", "created_at"},
    )
    db.table("import_batches").create_index(["slice", "id"])
    db.table("import_batch_records").create(
        {
            "id": int,
            "batch_id": int,
            "action": str,  # added | changed | removed
            "table_name": str,
            "record_key": str,  # JSON object: primary-key column -> value
            "before": str,  # JSON row before the import (changed, removed)
            "after": str,  # JSON row as the import left it (added, changed)
        },
        pk="id",
        not_null={"batch_id", "action", "table_name", "record_key"},
        foreign_keys=[("batch_id", "import_batches", "id")],
    )
    db.table("import_batch_records").create_index(["batch_id", "table_name", "record_key"], unique=True)


# --- import batches ------------------------------------------------------------


def insert_batch(db: Database, row: dict) -> int:
    return db.table("import_batches").insert(row).last_pk


def batch_row(db: Database, batch_id: int) -> dict | None:
    rows = list(db.query("select * from import_batches where id = ?", [batch_id]))
    return rows[0] if rows else None


def update_batch(db: Database, batch_id: int, changes: dict) -> None:
    db.table("import_batches").update(batch_id, changes)


def list_batches(db: Database, slice_name: str | None, limit: int) -> list[dict]:
    sql = (
        "select b.*, (select count(*) from import_batch_records r where r.batch_id = b.id) as records"
        " from import_batches b"
    )
    params: dict[str, Any] = {"limit": limit}
    if slice_name:
        sql += " where b.slice = :slice"
        params["slice"] = slice_name
    return list(db.query(sql + " order by b.id desc limit :limit", params))


def batch_records(db: Database, batch_id: int) -> list[dict]:
    return list(db.query("select * from import_batch_records where batch_id = ? order by id", [batch_id]))


def batch_record(db: Database, batch_id: int, table_name: str, record_key: str) -> dict | None:
    rows = list(
        db.query(
            "select * from import_batch_records where batch_id = ? and table_name = ? and record_key = ?",
            [batch_id, table_name, record_key],
        )
    )
    return rows[0] if rows else None


def insert_batch_record(db: Database, row: dict) -> int:
    return db.table("import_batch_records").insert(row).last_pk


def update_batch_record(db: Database, record_id: int, changes: dict) -> None:
    db.table("import_batch_records").update(record_id, changes)


# Generic row access by primary key, for the batches of any slice's import: the batch
# owns nothing of those tables, it only puts back what its own import wrote.


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def primary_key(db: Database, table_name: str) -> list[str]:
    return list(db.table(table_name).pks)


def _where(key: dict) -> tuple[str, list]:
    return " and ".join(f"{_quoted(c)} = ?" for c in key), list(key.values())


def row_by_key(db: Database, table_name: str, key: dict) -> dict | None:
    where, params = _where(key)
    columns = "rowid, *" if list(key) == ["rowid"] else "*"
    sql = f"select {columns} from {_quoted(table_name)} where {where}"  # noqa: S608 - names from the schema
    rows = list(db.query(sql, params))
    return rows[0] if rows else None


def delete_by_key(db: Database, table_name: str, key: dict) -> None:
    where, params = _where(key)
    db.execute(f"delete from {_quoted(table_name)} where {where}", params)  # noqa: S608 - names from the schema


def update_by_key(db: Database, table_name: str, key: dict, values: dict) -> None:
    where, params = _where(key)
    assignments = ", ".join(f"{_quoted(c)} = ?" for c in values)
    db.execute(
        f"update {_quoted(table_name)} set {assignments} where {where}",  # noqa: S608 - names from the schema
        [*values.values(), *params],
    )


def insert_row(db: Database, table_name: str, row: dict) -> None:
    columns = ", ".join(_quoted(c) for c in row)
    marks = ", ".join("?" for _ in row)
    db.execute(f"insert into {_quoted(table_name)} ({columns}) values ({marks})", list(row.values()))  # noqa: S608


def defer_foreign_keys(db: Database) -> None:
    """Check foreign keys when the current transaction commits, not after each statement
    (SQLite turns this off again at the end of the transaction)."""
    db.execute("pragma defer_foreign_keys = on")


def foreign_keys(db: Database) -> dict[str, list[tuple[str, list[tuple[str, str | None]]]]]:
    """Every table's incoming foreign keys: parent table -> [(child table, [(child column, parent column)])]
    (the parent column None when the key names the parent's primary key)."""
    found: dict[str, list] = {}
    tables = [
        r[0] for r in db.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    ]
    for child in tables:
        links: dict[tuple[int, str], list[tuple[str, str | None]]] = {}
        for row in db.execute(f"pragma foreign_key_list({_quoted(child)})").fetchall():
            fk_id, parent, column, target = row[0], row[2], row[3], row[4]
            links.setdefault((fk_id, parent), []).append((column, target))
        for (_fk, parent), pairs in links.items():
            found.setdefault(parent, []).append((child, pairs))
    return found


def rows_where(db: Database, table_name: str, values: dict) -> list[dict]:
    where, params = _where(values)
    keys = primary_key(db, table_name)
    columns = "rowid, *" if keys == ["rowid"] else "*"
    return list(db.query(f"select {columns} from {_quoted(table_name)} where {where}", params))  # noqa: S608


def later_uses(db: Database, batch_id: int, table_name: str, record_key: str) -> int:
    """How many imports after `batch_id`, not undone, noted that they relied on the record."""
    return db.execute(
        "select count(*) from import_batch_records r join import_batches b on b.id = r.batch_id"
        " where r.batch_id > ? and r.action = 'used' and r.table_name = ? and r.record_key = ?"
        " and b.undone_at is null",
        [batch_id, table_name, record_key],
    ).fetchone()[0]


def delete_batch_record(db: Database, record_id: int) -> None:
    db.execute("delete from import_batch_records where id = ?", [record_id])
