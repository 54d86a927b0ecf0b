"""SQL of the inspections slice. Only this module of `inspections` writes SQL.

Times of an inspection are stored as UTC ISO strings (`starts_at`, `ends_at`);
dates (deadlines, holidays, report dates) as ISO dates in Hà Nội's calendar."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from core import periods

migrations = Migrations("inspections")

KINDS = ("scheduled", "unannounced")
STATUSES = ("planned", "confirmed", "done", "postponed", "cancelled")
TEAM_ROLES = ("head", "member", "secretary")
FINDING_KINDS = ("strength", "shortcoming")
CAUSE_KINDS = ("objective", "subjective")  # khách quan / chủ quan: how the notice sorts a shortcoming's cause
FOLLOWUP_KINDS = ("note", "remedy_report", "closed")
OVERRIDE_KINDS = ("day_off", "working_day")
FEED_SCOPES = ("mine", "all")


@migrations()
def m001_inspections(db: Database) -> None:
    db.table("inspection_plans").create(
        {"id": int, "year": int, "number": str, "title": str, "issued_on": str, "created_at": str},
        pk="id",
        not_null={"year", "title"},
    )
    db.table("inspection_plans").create_index(["year", "number"], unique=True)
    db.table("inspections").create(
        {
            "id": int,
            "uid": str,  # stable calendar UID, never changes
            "plan_id": int,
            "unit_id": int,
            "kind": str,
            "starts_at": str,  # UTC ISO
            "ends_at": str,
            "place": str,
            "status": str,
            "sequence": int,  # RFC 5545 SEQUENCE: bumped on each change of time, place or status
            "self_report_on": str,
            "self_report_file": str,
            "conclusion_on": str,  # date of the conclusion notice (thông báo kết luận)
            "conclusion_number": str,
            "note": str,
            "cancelled_at": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"uid", "unit_id", "kind", "starts_at", "ends_at", "status", "sequence", "updated_at"},
        defaults={"sequence": 0},
        foreign_keys=[("plan_id", "inspection_plans", "id"), ("unit_id", "units", "id")],
    )
    db.table("inspections").create_index(["uid"], unique=True)
    db.table("inspections").create_index(["starts_at"])
    db.table("inspections").create_index(["unit_id"])
    db.table("inspection_team").create(
        {"inspection_id": int, "user_id": int, "role": str},
        pk=("inspection_id", "user_id"),
        not_null={"role"},
        foreign_keys=[("inspection_id", "inspections", "id"), ("user_id", "users", "id")],
    )
    db.table("inspection_team").create_index(["user_id"])
    db.table("inspection_items").create(
        {"id": int, "inspection_id": int, "position": int, "code": str, "title": str},
        pk="id",
        not_null={"inspection_id", "position", "title"},
        foreign_keys=[("inspection_id", "inspections", "id")],
    )
    db.table("inspection_items").create_index(["inspection_id", "position"])
    db.table("findings").create(
        {
            "id": int,
            "inspection_id": int,
            "item_id": int,
            "kind": str,
            "text": str,
            "created_by": int,
            "created_at": str,
        },
        pk="id",
        not_null={"inspection_id", "kind", "text"},
        foreign_keys=[("inspection_id", "inspections", "id"), ("item_id", "inspection_items", "id")],
    )
    db.table("findings").create_index(["inspection_id"])
    db.table("recommendations").create(
        {
            "id": int,
            "inspection_id": int,
            "finding_id": int,
            "text": str,
            "unit_id": int,  # the unit responsible for the remedy
            "inspector_id": int,  # the inspector who follows it up (their feed shows the deadline)
            "deadline": str,
            "status": str,  # open | closed
            "closed_on": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"inspection_id", "text", "unit_id", "deadline", "status"},
        foreign_keys=[
            ("inspection_id", "inspections", "id"),
            ("finding_id", "findings", "id"),
            ("unit_id", "units", "id"),
            ("inspector_id", "users", "id"),
        ],
    )
    db.table("recommendations").create_index(["inspection_id"])
    db.table("recommendations").create_index(["status", "deadline"])
    db.table("followups").create(
        {
            "id": int,
            "recommendation_id": int,
            "on_date": str,
            "kind": str,
            "text": str,
            "file": str,
            "created_by": int,
            "created_at": str,
        },
        pk="id",
        not_null={"recommendation_id", "on_date", "kind"},
        foreign_keys=[("recommendation_id", "recommendations", "id")],
    )
    db.table("followups").create_index(["recommendation_id"])
    db.table("holiday_overrides").create(
        {"id": int, "day": str, "kind": str, "name": str, "created_at": str},
        pk="id",
        not_null={"day", "kind"},
    )
    db.table("holiday_overrides").create_index(["day"], unique=True)
    db.table("calendar_tokens").create(
        {
            "id": int,
            "user_id": int,
            "name": str,
            "token_hash": str,  # SHA-256 hex of the secret; the secret itself is never stored
            "scope": str,
            "filter_unit_id": int,
            "filter_user_id": int,
            "alarms": int,
            "created_at": str,
            "last_used_at": str,
            "revoked_at": str,
        },
        pk="id",
        not_null={"user_id", "name", "token_hash", "scope", "alarms"},
        defaults={"alarms": 0},
        foreign_keys=[("user_id", "users", "id"), ("filter_unit_id", "units", "id"), ("filter_user_id", "users", "id")],
    )
    db.table("calendar_tokens").create_index(["token_hash"], unique=True)
    db.table("calendar_tokens").create_index(["user_id"])


# What every calendar feed is made of: a write to any of these changes some feed, so each
# bumps the stored feed version in its own transaction (a trigger cannot be forgotten by a
# write path, including other slices renaming a unit or a person). Writes that no feed
# shows (a token's last use, a password, a unit's code) leave it alone.
FEED_SOURCES = (
    ("inspections", "insert", None),
    ("inspections", "update", None),
    ("inspections", "delete", None),
    ("inspection_team", "insert", None),
    ("inspection_team", "update", None),
    ("inspection_team", "delete", None),
    ("inspection_items", "insert", None),
    ("inspection_items", "update", None),
    ("inspection_items", "delete", None),
    ("recommendations", "insert", None),
    ("recommendations", "update", None),
    ("recommendations", "delete", None),
    ("units", "update", ("name",)),
    ("units", "delete", None),
    ("users", "update", ("username", "full_name")),
    ("users", "delete", None),
    (
        "calendar_tokens",
        "update",
        ("user_id", "token_hash", "scope", "filter_unit_id", "filter_user_id", "alarms", "revoked_at"),
    ),
    ("calendar_tokens", "delete", None),
)
FEED_TRIGGERS = tuple(f"calendar_feed_{table}_{event}" for table, event, _columns in FEED_SOURCES)


@migrations()
def m002_calendar_feed_version(db: Database) -> None:
    """One row: the version of the data every calendar feed is made of, and when it last
    changed (Unix seconds, never decreasing). Conditional feed requests are answered from it.
    The version is a random 64-bit value, new at each change: unlike a counter it never
    repeats after a backup is restored and then written to, nor across databases."""
    db.execute(
        "create table calendar_feed_state (id integer primary key check (id = 1),"
        " version integer not null, changed_at integer not null)"
    )
    db.execute("insert into calendar_feed_state values (1, random(), cast(strftime('%s', 'now') as integer))")
    for (table, event, columns), name in zip(FEED_SOURCES, FEED_TRIGGERS, strict=True):
        # Only when a listed column really changes (a form saving a whole unit row names them all).
        of = f" of {', '.join(columns)}" if columns else ""
        when = " when " + " or ".join(f"old.{c} is not new.{c}" for c in columns) if columns else ""
        db.execute(
            f"create trigger {name} after {event}{of} on {table}{when} begin"  # noqa: S608 (names from FEED_SOURCES)
            " update calendar_feed_state set version = random(),"
            " changed_at = max(changed_at, cast(strftime('%s', 'now') as integer)) where id = 1; end"
        )


@migrations()
def m003_inspector_positions(db: Database) -> None:
    """What the round's documents print of each team member (Decree 30: "Ông/Bà …, position,
    unit"), and the day a plan asks the units for their self-inspection report."""
    db.table("inspector_profiles").create(
        {"user_id": int, "honorific": str, "position": str, "work_unit": str, "updated_at": str},
        pk="user_id",
        foreign_keys=[("user_id", "users", "id")],
    )
    db.table("inspection_plans").add_column("self_report_due", str)


@migrations()
def m004_finding_causes(db: Database) -> None:
    """Why a shortcoming happened, as the team recorded it, and whether the cause lies outside
    the unit (objective, khách quan) or with it (subjective, chủ quan): the conclusion notice
    states the causes of its shortcomings."""
    db.table("findings").add_column("cause", str)
    db.table("findings").add_column("cause_kind", str)


@migrations()
def m005_decision_references(db: Database) -> None:
    """The number and date of the decision forming the round's team (QĐ thành lập Đoàn kiểm
    tra) when it was issued outside the app (on paper, in the office's own document system):
    the biên bản and the conclusion notice cite it instead of blanks to write in by hand."""
    db.table("inspection_plans").add_column("decision_number", str)
    db.table("inspection_plans").add_column("decision_issued_on", str)


def inspector_profiles(db: Database) -> dict[int, dict]:
    return {row["user_id"]: row for row in db.query("select * from inspector_profiles")}


def inspector_profile(db: Database, user_id: int) -> dict | None:
    return _one(db, "select * from inspector_profiles where user_id = ?", [user_id])


def put_inspector_profile(db: Database, row: dict) -> None:
    db.table("inspector_profiles").upsert(row, pk="user_id")


def set_self_report_due(db: Database, inspection_plan_id: int, day: str | None) -> None:
    db.table("inspection_plans").update(inspection_plan_id, {"self_report_due": day})


def _one(db: Database, sql: str, params: Iterable[Any] | dict) -> dict | None:
    rows = list(db.query(sql, params))
    return rows[0] if rows else None


def _in(prefix: str, values: list) -> tuple[str, dict]:
    names = [f"{prefix}{i}" for i in range(len(values))]
    return "(" + ",".join(":" + n for n in names) + ")", dict(zip(names, values, strict=True))


# --- inspection plans -----------------------------------------------------------------


def insert_inspection_plan(db: Database, row: dict) -> int:
    return db.table("inspection_plans").insert(row).last_pk


def update_inspection_plan(db: Database, inspection_plan_id: int, changes: dict) -> None:
    db.table("inspection_plans").update(inspection_plan_id, changes)


def inspection_plan_row(db: Database, inspection_plan_id: int) -> dict | None:
    return _one(db, "select * from inspection_plans where id = ?", [inspection_plan_id])


def inspection_plan_by_number(db: Database, year: int, number: str) -> dict | None:
    return _one(db, "select * from inspection_plans where year = ? and number = ?", [year, number])


def list_inspection_plans(db: Database) -> list[dict]:
    return list(db.query("select * from inspection_plans order by year desc, id"))


# --- inspections -----------------------------------------------------------

_INSPECTION_SELECT = (
    "select i.*, u.code as unit_code, u.name as unit_name, u.valid_from as unit_valid_from,"
    " u.valid_to as unit_valid_to, p.number as inspection_plan_number, p.year as inspection_plan_year"
    " from inspections i join units u on u.id = i.unit_id left join inspection_plans p on p.id = i.plan_id"
)


def insert_inspection(db: Database, row: dict) -> int:
    return db.table("inspections").insert(row).last_pk


def update_inspection(db: Database, inspection_id: int, changes: dict) -> None:
    db.table("inspections").update(inspection_id, changes)


def inspection_row(db: Database, inspection_id: int) -> dict | None:
    return _one(db, _INSPECTION_SELECT + " where i.id = ?", [inspection_id])


def inspection_by_uid(db: Database, uid: str) -> dict | None:
    return _one(db, _INSPECTION_SELECT + " where i.uid = ?", [uid])


def _inspection_filters(
    unit_ids: list[int] | None,
    user_id: int | None,
    statuses: list[str] | None,
    starts_from: str | None,
    starts_before: str | None,
    year: int | None,
) -> tuple[str, dict]:
    """The WHERE clause (empty or " where ...") and parameters of the inspection filters."""
    where, params = [], {}
    if unit_ids:
        clause, extra = _in("u", unit_ids)
        where.append("i.unit_id in " + clause)
        params.update(extra)
    if user_id is not None:
        where.append("i.id in (select inspection_id from inspection_team where user_id = :user_id)")
        params["user_id"] = user_id
    if statuses:
        clause, extra = _in("s", statuses)
        where.append("i.status in " + clause)
        params.update(extra)
    if starts_from:
        where.append("i.starts_at >= :starts_from")
        params["starts_from"] = starts_from
    if starts_before:
        where.append("i.starts_at < :starts_before")
        params["starts_before"] = starts_before
    if year is not None:
        where.append("p.year = :year")
        params["year"] = year
    return (" where " + " and ".join(where) if where else ""), params


def query_inspections(
    db: Database,
    *,
    unit_ids: list[int] | None = None,
    user_id: int | None = None,
    statuses: list[str] | None = None,
    starts_from: str | None = None,
    starts_before: str | None = None,
    year: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict]:
    """Inspections with their unit, filtered, soonest first; `starts_from`/`starts_before`
    compare UTC ISO strings. With `limit`: only that many, after skipping `offset` (one page)."""
    where, params = _inspection_filters(unit_ids, user_id, statuses, starts_from, starts_before, year)
    sql = _INSPECTION_SELECT + where + " order by i.starts_at, i.id"
    if limit is not None:
        sql += " limit :limit offset :offset"
        params.update({"limit": int(limit), "offset": max(0, int(offset))})
    return list(db.query(sql, params))


def count_inspections(
    db: Database,
    *,
    unit_ids: list[int] | None = None,
    user_id: int | None = None,
    statuses: list[str] | None = None,
    starts_from: str | None = None,
    starts_before: str | None = None,
    year: int | None = None,
) -> int:
    """How many inspections `query_inspections` returns for the same filters."""
    where, params = _inspection_filters(unit_ids, user_id, statuses, starts_from, starts_before, year)
    plans = " left join inspection_plans p on p.id = i.plan_id" if year is not None else ""  # only to filter
    sql = "select count(*) from inspections i join units u on u.id = i.unit_id" + plans + where  # noqa: S608
    return db.execute(sql, params).fetchone()[0]


def inspection_span(db: Database) -> tuple[str, str] | None:
    """The first and the last start (UTC ISO) of any inspection, or None when there are none."""
    first, last = db.execute(  # one aggregate per select: each is then one step along the index
        "select (select min(starts_at) from inspections), (select max(starts_at) from inspections)"
    ).fetchone()
    return (first, last) if first else None


def next_start(db: Database, since: str) -> str | None:
    """The first start (UTC ISO) at or after `since`, or None."""
    row = db.execute(
        "select starts_at from inspections where starts_at >= ? order by starts_at limit 1", [since]
    ).fetchone()
    return row[0] if row else None


def overlapping(db: Database, user_ids: list[int], starts_at: str, ends_at: str, exclude_id: int | None) -> list[dict]:
    """Active inspections of any of `user_ids` whose time span overlaps [starts_at, ends_at)."""
    if not user_ids:
        return []
    clause, params = _in("u", user_ids)
    params.update({"s": starts_at, "e": ends_at, "x": exclude_id or -1})
    sql = (
        "select i.id, i.starts_at, i.ends_at, un.name as unit_name, t.user_id, us.full_name, us.username"  # noqa: S608 (placeholders only)
        " from inspections i join inspection_team t on t.inspection_id = i.id"
        " join units un on un.id = i.unit_id join users us on us.id = t.user_id"
        f" where t.user_id in {clause} and i.id != :x and i.status not in ('cancelled', 'postponed')"
        " and i.starts_at < :e and i.ends_at > :s order by i.starts_at"
    )
    return list(db.query(sql, params))


def busy_spans(db: Database, user_ids: list[int], starts_from: str, starts_before: str) -> list[dict]:
    """Time spans of active inspections of `user_ids` between two UTC instants (for free-slot search)."""
    if not user_ids:
        return []
    clause, params = _in("u", user_ids)
    params.update({"a": starts_from, "b": starts_before})
    sql = (
        "select distinct i.id, i.starts_at, i.ends_at from inspections i"  # noqa: S608 (placeholders only)
        " join inspection_team t on t.inspection_id = i.id"
        f" where t.user_id in {clause} and i.status not in ('cancelled', 'postponed')"
        " and i.ends_at > :a and i.starts_at < :b order by i.starts_at"
    )
    return list(db.query(sql, params))


def unit_inspections_in_year(db: Database, unit_id: int, year: int, exclude_id: int | None) -> list[dict]:
    return list(
        db.query(
            "select * from inspections where unit_id = ? and substr(starts_at, 1, 4) = ? and id != ?"
            " and status != 'cancelled' order by starts_at",
            [unit_id, str(year), exclude_id or -1],
        )
    )


# --- team and checklist ----------------------------------------------------


def team(db: Database, inspection_id: int) -> list[dict]:
    return list(
        db.query(
            "select t.*, u.username, u.full_name, u.role as user_role from inspection_team t"
            " join users u on u.id = t.user_id where t.inspection_id = ?"
            " order by case t.role when 'head' then 0 when 'member' then 1 else 2 end, u.full_name",
            [inspection_id],
        )
    )


def teams_for(db: Database, inspection_ids: list[int]) -> dict[int, list[dict]]:
    """Teams of many inspections at once, keyed by inspection id (feeds, lists)."""
    result: dict[int, list[dict]] = {i: [] for i in inspection_ids}
    if not inspection_ids:
        return result
    clause, params = _in("i", inspection_ids)
    for row in db.query(
        "select t.*, u.username, u.full_name from inspection_team t join users u on u.id = t.user_id"  # noqa: S608 (placeholders only)
        f" where t.inspection_id in {clause}"
        " order by case t.role when 'head' then 0 when 'member' then 1 else 2 end, u.full_name",
        params,
    ):
        result[row["inspection_id"]].append(row)
    return result


def replace_team(db: Database, inspection_id: int, members: list[dict]) -> None:
    db.execute("delete from inspection_team where inspection_id = ?", [inspection_id])
    if members:
        db.table("inspection_team").insert_all(
            [{"inspection_id": inspection_id, "user_id": m["user_id"], "role": m["role"]} for m in members]
        )


def is_on_team(db: Database, inspection_id: int, user_id: int) -> bool:
    return bool(
        db.execute(
            "select 1 from inspection_team where inspection_id = ? and user_id = ?", [inspection_id, user_id]
        ).fetchone()
    )


def items(db: Database, inspection_id: int) -> list[dict]:
    return list(db.query("select * from inspection_items where inspection_id = ? order by position", [inspection_id]))


def items_for(db: Database, inspection_ids: list[int]) -> dict[int, list[dict]]:
    result: dict[int, list[dict]] = {i: [] for i in inspection_ids}
    if not inspection_ids:
        return result
    clause, params = _in("i", inspection_ids)
    sql = f"select * from inspection_items where inspection_id in {clause} order by position"  # noqa: S608
    for row in db.query(sql, params):
        result[row["inspection_id"]].append(row)
    return result


def replace_items(db: Database, inspection_id: int, rows: list[dict]) -> None:
    """Replace the checklist, keeping the ids of items whose code and title did not change
    (findings point at them)."""
    existing = items(db, inspection_id)
    keep = {(r["code"], r["title"]): r for r in existing}
    kept_ids = set()
    for position, row in enumerate(rows, start=1):
        old = keep.get((row.get("code"), row["title"]))
        if old is not None and old["id"] not in kept_ids:
            db.table("inspection_items").update(old["id"], {"position": position})
            kept_ids.add(old["id"])
        else:
            new_id = (
                db.table("inspection_items")
                .insert(
                    {
                        "inspection_id": inspection_id,
                        "position": position,
                        "code": row.get("code"),
                        "title": row["title"],
                    }
                )
                .last_pk
            )
            kept_ids.add(new_id)
    for row in existing:
        if row["id"] not in kept_ids:
            db.execute("update findings set item_id = null where item_id = ?", [row["id"]])
            db.execute("delete from inspection_items where id = ?", [row["id"]])


# --- findings, recommendations, follow-up ----------------------------------


def insert_finding(db: Database, row: dict) -> int:
    return db.table("findings").insert(row).last_pk


def finding_row(db: Database, finding_id: int) -> dict | None:
    return _one(db, "select * from findings where id = ?", [finding_id])


def update_finding(db: Database, finding_id: int, changes: dict) -> None:
    db.table("findings").update(finding_id, changes)


def delete_finding(db: Database, finding_id: int) -> None:
    db.execute("update recommendations set finding_id = null where finding_id = ?", [finding_id])
    db.execute("delete from findings where id = ?", [finding_id])


def findings(db: Database, inspection_id: int) -> list[dict]:
    return list(
        db.query(
            "select f.*, it.title as item_title, it.code as item_code, it.position as item_position"
            " from findings f left join inspection_items it on it.id = f.item_id"
            " where f.inspection_id = ? order by coalesce(it.position, 9999), f.kind desc, f.id",
            [inspection_id],
        )
    )


def findings_of(db: Database, inspection_ids: list[int]) -> list[dict]:
    """The findings of several inspections in one query, each inspection's in the order of
    `findings`."""
    if not inspection_ids:
        return []
    return list(
        db.query(
            "select f.*, it.title as item_title, it.code as item_code, it.position as item_position"
            " from findings f left join inspection_items it on it.id = f.item_id"
            " where f.inspection_id in (select value from json_each(?))"
            " order by f.inspection_id, coalesce(it.position, 9999), f.kind desc, f.id",
            [json.dumps(list(inspection_ids))],
        )
    )


def quoted_findings(db: Database, inspection_ids: list[int], per_area: int) -> list[dict]:
    """Of the findings of several inspections (in the order of `findings_of`, the inspections
    in the order given), those a report quotes: the first `per_area` of each content area and
    kind, and every shortcoming with a cause recorded. The ranking reads ids only; the rows
    read are the ones chosen."""
    if not inspection_ids:
        return []
    return list(
        db.query(
            """
            with ranked as (
                select f.id, c.key as nth_inspection,
                       row_number() over (partition by it.title, f.kind
                           order by c.key, coalesce(it.position, 9999), f.kind desc, f.id) as nth,
                       f.kind = 'shortcoming' and coalesce(f.cause, '') != '' as caused
                from json_each(:ids) c join findings f on f.inspection_id = c.value
                left join inspection_items it on it.id = f.item_id
            )
            select f.*, it.title as item_title, it.code as item_code, it.position as item_position
            from ranked r join findings f on f.id = r.id left join inspection_items it on it.id = f.item_id
            where r.nth <= :per or r.caused
            order by r.nth_inspection, coalesce(it.position, 9999), f.kind desc, f.id
            """,
            {"ids": json.dumps(list(inspection_ids)), "per": per_area},
        )
    )


_REC_SELECT = (
    "select r.*, u.code as unit_code, u.name as unit_name, us.full_name as inspector_name,"
    " us.username as inspector_username, i.uid as inspection_uid, iu.name as inspected_unit_name"
    " from recommendations r join units u on u.id = r.unit_id"
    " join inspections i on i.id = r.inspection_id join units iu on iu.id = i.unit_id"
    " left join users us on us.id = r.inspector_id"
)


def insert_recommendation(db: Database, row: dict) -> int:
    return db.table("recommendations").insert(row).last_pk


def update_recommendation(db: Database, rec_id: int, changes: dict) -> None:
    db.table("recommendations").update(rec_id, changes)


def recommendation_row(db: Database, rec_id: int) -> dict | None:
    return _one(db, _REC_SELECT + " where r.id = ?", [rec_id])


def recommendations(db: Database, inspection_id: int) -> list[dict]:
    return list(db.query(_REC_SELECT + " where r.inspection_id = ? order by r.deadline, r.id", [inspection_id]))


def open_recommendations(db: Database) -> list[dict]:
    return list(db.query(_REC_SELECT + " where r.status = 'open' order by r.deadline, r.id"))


def open_recommendations_of_unit(db: Database, unit_id: int) -> list[dict]:
    return list(
        db.query(_REC_SELECT + " where r.status = 'open' and r.unit_id = ? order by r.deadline, r.id", [unit_id])
    )


def recommendations_of_inspector(db: Database, user_id: int, since: str, until: str) -> list[dict]:
    return list(
        db.query(
            _REC_SELECT + " where r.inspector_id = ? and r.deadline >= ? and r.deadline <= ? order by r.deadline",
            [user_id, since, until],
        )
    )


def insert_followup(db: Database, row: dict) -> int:
    return db.table("followups").insert(row).last_pk


def followups(db: Database, rec_ids: list[int]) -> dict[int, list[dict]]:
    result: dict[int, list[dict]] = {i: [] for i in rec_ids}
    if not rec_ids:
        return result
    clause, params = _in("r", rec_ids)
    for row in db.query(
        "select f.*, u.full_name as author from followups f left join users u on u.id = f.created_by"  # noqa: S608 (placeholders only)
        f" where f.recommendation_id in {clause} order by f.on_date, f.id",
        params,
    ):
        result[row["recommendation_id"]].append(row)
    return result


# --- holiday overrides -----------------------------------------------------


def overrides(db: Database) -> list[dict]:
    return list(db.query("select * from holiday_overrides order by day"))


def override_on(db: Database, day: str) -> dict | None:
    return _one(db, "select * from holiday_overrides where day = ?", [day])


def upsert_override(db: Database, row: dict) -> int:
    existing = override_on(db, row["day"])
    if existing:
        db.table("holiday_overrides").update(existing["id"], row)
        return existing["id"]
    return db.table("holiday_overrides").insert(row).last_pk


def delete_override(db: Database, day: str) -> None:
    db.execute("delete from holiday_overrides where day = ?", [day])


# --- calendar tokens -------------------------------------------------------

_TOKEN_SELECT = (
    "select c.*, u.username, u.full_name, u.role as user_role, u.active as user_active"
    " from calendar_tokens c join users u on u.id = c.user_id"
)


def insert_token(db: Database, row: dict) -> int:
    return db.table("calendar_tokens").insert(row).last_pk


def update_token(db: Database, token_id: int, changes: dict) -> None:
    db.table("calendar_tokens").update(token_id, changes)


def token_row(db: Database, token_id: int) -> dict | None:
    return _one(db, _TOKEN_SELECT + " where c.id = ?", [token_id])


def token_by_hash(db: Database, token_hash: str) -> dict | None:
    return _one(db, _TOKEN_SELECT + " where c.token_hash = ?", [token_hash])


def tokens(db: Database, user_id: int | None = None) -> list[dict]:
    if user_id is None:
        return list(db.query(_TOKEN_SELECT + " order by u.username, c.id"))
    return list(db.query(_TOKEN_SELECT + " where c.user_id = ? order by c.id", [user_id]))


def touch_token(db: Database, token_id: int, when: str) -> None:
    db.execute("update calendar_tokens set last_used_at = ? where id = ?", [when, token_id])


# --- calendar feeds -----------------------------------------------------------


def feed_state(db: Database) -> dict | None:
    """The stored feed version and its last change (Unix seconds), or None when a trigger
    that keeps it is missing (a later migration rebuilt a table): then it proves nothing."""
    clause, params = _in("t", list(FEED_TRIGGERS))
    row = _one(
        db,
        "select version, changed_at, (select count(*) from sqlite_master"  # noqa: S608 (placeholders only)
        f" where type = 'trigger' and name in {clause}) as triggers from calendar_feed_state where id = 1",
        params,
    )
    if row is None or row.pop("triggers") != len(FEED_TRIGGERS):
        return None
    return row


def feed_inspections(
    db: Database, starts_from: str, starts_before: str, *, user_id: int | None = None, unit_id: int | None = None
) -> list[dict]:
    """Inspections starting in [starts_from, starts_before) with their unit's name, their team
    (JSON: role, full_name, username) and checklist (JSON: position, title) — one query.
    `user_id`: only those whose team the user is on; `unit_id`: only that unit's."""
    where, params = ["i.starts_at >= :since", "i.starts_at < :until"], {"since": starts_from, "until": starts_before}
    if user_id is not None:
        where.append("i.id in (select inspection_id from inspection_team where user_id = :user_id)")
        params["user_id"] = user_id
    if unit_id is not None:
        where.append("i.unit_id = :unit_id")
        params["unit_id"] = unit_id
    sql = (
        "select i.id, i.uid, i.kind, i.status, i.place, i.starts_at, i.ends_at, i.sequence, i.created_at,"  # noqa: S608 (placeholders only)
        " i.updated_at, i.cancelled_at, u.name as unit_name,"
        " (select json_group_array(json_object('role', t.role, 'full_name', us.full_name, 'username', us.username))"
        "  from inspection_team t join users us on us.id = t.user_id where t.inspection_id = i.id) as team,"
        " (select json_group_array(json_object('position', it.position, 'title', it.title))"
        "  from inspection_items it where it.inspection_id = i.id) as items"
        " from inspections i join units u on u.id = i.unit_id"
        f" where {' and '.join(where)} order by i.starts_at, i.id"
    )
    return list(db.query(sql, params))


def inspection_at(db: Database, unit_id: int, starts_at: str) -> dict | None:
    """The inspection of `unit_id` starting at `starts_at` (the demo's natural key)."""
    return _one(db, "select * from inspections where unit_id = ? and starts_at = ?", [unit_id, starts_at])


# --- read-only figures for reports (read through inspections.report_data) ---


def _last_local_day(utc_to: str) -> str:
    return periods.last_local_day(utc_to).isoformat()


def _as_of_end(day: str) -> str:
    return periods.day_end_utc(day)


def inspections_between(db: Database, utc_from: str, utc_to: str, as_of: str | None = None) -> list[dict]:
    """Inspections starting in [utc_from, utc_to) with their unit and counts of findings
    (strengths, shortcomings) and recommendations (open, closed), as they stood at the end of
    `as_of` (default: the window's last day): an inspection is done only once it had ended,
    a recommendation closed only if it was closed by then."""
    day = as_of or _last_local_day(utc_to)
    return list(
        db.query(
            """
            select i.id, i.starts_at,
                   case when i.status = 'done' and i.ends_at > :end then 'confirmed' else i.status end as status,
                   i.kind, case when i.conclusion_on <= :day then i.conclusion_number end as conclusion_number,
                   u.name as unit_name,
                   (select count(*) from findings f where f.inspection_id = i.id and f.kind = 'strength') as strengths,
                   (select count(*) from findings f where f.inspection_id = i.id and f.kind = 'shortcoming')
                       as shortcomings,
                   (select count(*) from recommendations r where r.inspection_id = i.id) as recommendations,
                   (select count(*) from recommendations r where r.inspection_id = i.id and r.status =
                       'closed' and r.closed_on <= :day) as closed
            from inspections i join units u on u.id = i.unit_id
            where i.starts_at >= :start and i.starts_at < :stop
            order by i.starts_at, i.id
            """,
            {"start": utc_from, "stop": utc_to, "day": day, "end": _as_of_end(day)},
        )
    )


def findings_by_area(db: Database, utc_from: str, utc_to: str) -> list[dict]:
    """Findings of inspections starting in the window, counted per content area and kind."""
    return list(
        db.query(
            """
            select coalesce(it.title, '') as area, min(coalesce(it.position, 9999)) as position,
                   sum(f.kind = 'strength') as strengths, sum(f.kind = 'shortcoming') as shortcomings
            from findings f join inspections i on i.id = f.inspection_id
            left join inspection_items it on it.id = f.item_id
            where i.starts_at >= ? and i.starts_at < ?
            group by coalesce(it.title, '') order by position, area
            """,
            [utc_from, utc_to],
        )
    )


def recommendations_between(db: Database, utc_from: str, utc_to: str, as_of: str | None = None) -> list[dict]:
    """Recommendations of inspections starting in the window, with the responsible unit,
    the inspected unit and whether a remedy report was filed — as they stood at the end of
    `as_of` (default: the window's last day): closed only if closed by then, a remedy report
    only if filed by then."""
    day = as_of or _last_local_day(utc_to)
    return list(
        db.query(
            """
            select r.id, r.text, r.deadline,
                   case when r.status = 'closed' and r.closed_on <= :day then 'closed' else 'open' end as status,
                   case when r.closed_on <= :day then r.closed_on end as closed_on,
                   u.name as unit_name, iu.name as inspected_unit_name,
                   exists(select 1 from followups f where f.recommendation_id = r.id and f.kind = 'remedy_report'
                          and f.on_date <= :day) as remedy_reported
            from recommendations r join inspections i on i.id = r.inspection_id
            join units u on u.id = r.unit_id join units iu on iu.id = i.unit_id
            where i.starts_at >= :start and i.starts_at < :stop
            order by r.deadline, r.id
            """,
            {"start": utc_from, "stop": utc_to, "day": day},
        )
    )


_STATUS_AS_OF = "case when r.status = 'closed' and r.closed_on <= :day then 'closed' else 'open' end"


def recommendations_as_of(db: Database, as_of: str, *, open_only: bool = False) -> list[dict]:
    """Every recommendation of an inspection begun by the end of `as_of`, with its status as it
    stood then (closed only if closed by then) and its responsible unit; with `open_only`,
    those whose status was then open."""
    return list(
        db.query(
            f"""
            select r.id, r.deadline, r.unit_id, u.name as unit_name, {_STATUS_AS_OF} as status
            from recommendations r join units u on u.id = r.unit_id join inspections i on i.id = r.inspection_id
            where i.starts_at < :end {f"and {_STATUS_AS_OF} = 'open'" if open_only else ""}
            order by r.deadline, r.id
            """,  # noqa: S608 - fixed text
            {"day": as_of, "end": _as_of_end(as_of)},
        )
    )


def all_inspections(db: Database) -> list[dict]:
    return list(
        db.query(
            """
            select i.id, i.starts_at, i.ends_at, i.kind, i.status, i.place, u.name as unit_name, p.number as
                plan_number,
                   i.conclusion_number, i.conclusion_on,
                   (select count(*) from findings f where f.inspection_id = i.id) as findings,
                   (select count(*) from recommendations r where r.inspection_id = i.id) as recommendations
            from inspections i join units u on u.id = i.unit_id left join inspection_plans p on p.id = i.plan_id
            order by i.starts_at, i.id
            """
        )
    )


def all_recommendations(db: Database) -> list[dict]:
    return list(
        db.query(
            """
            select r.id, iu.name as inspected_unit_name, i.starts_at, r.text, u.name as unit_name, r.deadline,
                   r.status, r.closed_on
            from recommendations r join inspections i on i.id = r.inspection_id
            join units u on u.id = r.unit_id join units iu on iu.id = i.unit_id
            order by r.deadline, r.id
            """
        )
    )
