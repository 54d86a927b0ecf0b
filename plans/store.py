"""SQL of the plans slice (plans, themes, activities, progress, evidence). Only this
module of `plans` writes SQL."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("plans")

PLAN_STATUSES = ("draft", "in_force", "closed")
ACTIVITY_STATUSES = ("not_started", "in_progress", "done", "postponed", "cancelled")
PERIOD_KINDS = ("dates", "month", "quarter", "year")
RECURRENCES = ("none", "monthly", "quarterly")


@migrations()
def m001_plans_themes_activities(db: Database) -> None:
    db.table("plans").create(
        {
            "id": int,
            "year": int,
            "end_year": int,  # five-year plans: 2021..2025
            "kind": str,  # annual | five_year
            "number": str,  # e.g. 105/KH-UBND
            "issued_on": str,
            "issuer": str,
            "title": str,
            "status": str,
            "parent_id": int,  # the five-year plan an annual plan derives from
            "created_at": str,
        },
        pk="id",
        not_null={"year", "kind", "title", "status"},
        foreign_keys=[("parent_id", "plans", "id")],
    )
    db.table("themes").create(
        {
            "id": int,
            "plan_id": int,
            "position": int,
            "code": str,
            "title": str,
            "description": str,
            "keywords": str,  # JSON list of rule strings; media tagging reads them
        },
        pk="id",
        not_null={"plan_id", "position", "code", "title"},
        foreign_keys=[("plan_id", "plans", "id")],
    )
    db.table("themes").create_index(["plan_id", "code"], unique=True)
    db.table("channels").create(
        {"id": int, "code": str, "name_vi": str, "name_en": str, "position": int, "active": int},
        pk="id",
        not_null={"code", "name_vi"},
        defaults={"active": 1},
    )
    db.table("channels").create_index(["code"], unique=True)
    db.table("activities").create(
        {
            "id": int,
            "plan_id": int,
            "theme_id": int,
            "position": int,
            "title": str,
            "description": str,
            "lead_unit_id": int,
            "period_kind": str,
            "planned_start": str,
            "planned_end": str,
            "deadline": str,
            "actual_start": str,
            "actual_end": str,
            "output": str,  # sản phẩm
            "target": float,  # numeric target of the output, e.g. 24 news items
            "target_unit": str,
            "budget": int,  # VND
            "budget_used": int,
            "status": str,
            "recurrence": str,
            "index_node_id": int,  # set for remedial tasks created from a reform-index node
            "expected_effect": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"plan_id", "title", "status", "period_kind", "recurrence"},
        defaults={"status": "not_started", "period_kind": "dates", "recurrence": "none"},
        foreign_keys=[("plan_id", "plans", "id"), ("theme_id", "themes", "id"), ("lead_unit_id", "units", "id")],
    )
    db.table("activities").create_index(["plan_id", "theme_id"])
    db.table("activity_units").create(
        {"activity_id": int, "unit_id": int},
        pk=("activity_id", "unit_id"),
        foreign_keys=[("activity_id", "activities", "id"), ("unit_id", "units", "id")],
    )
    db.table("activity_channels").create(
        {"activity_id": int, "channel_id": int},
        pk=("activity_id", "channel_id"),
        foreign_keys=[("activity_id", "activities", "id"), ("channel_id", "channels", "id")],
    )
    db.table("progress_updates").create(
        {
            "id": int,
            "activity_id": int,
            "on_date": str,
            "percent": float,
            "count": float,
            "note": str,
            "author_id": int,
            "created_at": str,
        },
        pk="id",
        not_null={"activity_id", "on_date"},
        foreign_keys=[("activity_id", "activities", "id"), ("author_id", "users", "id")],
    )
    db.table("progress_updates").create_index(["activity_id", "on_date"])
    db.table("evidence").create(
        {
            "id": int,
            "activity_id": int,
            "progress_id": int,
            "kind": str,  # link | file
            "url": str,
            "file_name": str,
            "stored_name": str,
            "mime": str,
            "size": int,
            "note": str,
            "created_by": int,
            "created_at": str,
        },
        pk="id",
        not_null={"activity_id", "kind"},
        foreign_keys=[
            ("activity_id", "activities", "id"),
            ("progress_id", "progress_updates", "id"),
            ("created_by", "users", "id"),
        ],
    )


@migrations()
def m002_saved_views(db: Database) -> None:
    db.table("plan_views").create(
        {"id": int, "user_id": int, "name": str, "filters": str, "created_at": str},
        pk="id",
        not_null={"user_id", "name", "filters"},
        foreign_keys=[("user_id", "users", "id")],
    )
    db.table("plan_views").create_index(["user_id", "name"], unique=True)


@migrations()
def m003_activities_by_index_node(db: Database) -> None:
    # Remedial tasks are activities tagged with a reform-index node. The index used to be
    # made by the indices' migration (then plans m101), so older databases have it already.
    db.table("activities").create_index(["index_node_id"], if_not_exists=True)


@migrations()
def m004_activity_review_note(db: Database) -> None:
    """Why an imported activity needs a second look ("cần xem lại"); empty once it has had one."""
    db.table("activities").add_column("review_note", str)


@migrations()
def m005_activity_history(db: Database) -> None:
    """Dated history of what reports count (status, budget used), so a report states them as
    they stood at its cut-off. Existing activities are back-filled from their actual dates."""
    db.table("activity_history").create(
        {
            "id": int,
            "activity_id": int,
            "on_date": str,  # the day the state took effect
            "status": str,
            "budget_used": int,
            "reason": str,  # why an activity was postponed, cancelled or is late
            "cause": str,  # objective | subjective (khách quan / chủ quan), chosen by staff
            "author_id": int,
            "recorded_at": str,
        },
        pk="id",
        not_null={"activity_id", "on_date", "status", "recorded_at"},
        foreign_keys=[("activity_id", "activities", "id"), ("author_id", "users", "id")],
    )
    db.table("activity_history").create_index(["activity_id", "on_date"])
    for row in list(db.query("select * from activities")):
        for entry in backfill_history(row):
            db.table("activity_history").insert(entry)


def backfill_history(row: dict) -> list[dict]:
    """The history rows an activity written before the history existed implies: started on
    its actual start, finished (with its budget used) on its actual end, any other state
    since it was last changed."""
    recorded = row.get("updated_at") or row.get("created_at") or ""
    last_day = (recorded or row.get("actual_end") or row.get("actual_start") or "")[:10]
    status, used = row["status"], row.get("budget_used")
    entries = []
    if row.get("actual_start") and status != "not_started":
        entries.append((row["actual_start"], "in_progress", used if status == "in_progress" else None))
    if status == "done":
        entries.append((row.get("actual_end") or last_day, "done", used))
    elif status in ("postponed", "cancelled") or (status == "not_started" and used):
        entries.append((last_day, status, used))
    return [
        {
            "activity_id": row["id"],
            "on_date": day[:10],
            "status": state,
            "budget_used": amount,
            "recorded_at": recorded or day,
        }
        for day, state, amount in entries
        if day
    ]


def insert_history(db: Database, row: dict) -> int:
    return db.table("activity_history").insert(row).last_pk


def activity_history(db: Database, activity_id: int) -> list[dict]:
    return list(db.query("select * from activity_history where activity_id = ? order by on_date, id", [activity_id]))


def activities_as_of(db: Database, plan_id: int, day: str) -> list[dict]:
    """Every activity of a plan as it stood at the end of `day` (ISO): status, budget used and
    the reason from the latest history row on or before it (not started, nothing used, when
    none), the actual end only if it had happened, the latest progress update's percent by
    then and the latest count reported by then (a later update in percent keeps the count)."""
    return list(
        db.query(
            """
            select a.id, a.plan_id, a.theme_id, a.position, a.title, a.description, a.lead_unit_id,
                   a.period_kind, a.planned_start, a.planned_end, a.deadline, a.output, a.target,
                   a.target_unit, a.budget, a.recurrence, a.index_node_id, a.expected_effect,
                   case when a.actual_start <= :day then a.actual_start end as actual_start,
                   case when s.status = 'done' then coalesce(
                       case when a.actual_end <= :day then a.actual_end end, s.on_date) end as actual_end,
                   coalesce(s.status, 'not_started') as status,
                   coalesce(s.budget_used, 0) as budget_used,
                   s.on_date as status_since,
                   rh.reason, rh.cause,
                   t.code as theme_code, t.title as theme_title, t.position as theme_position,
                   u.name as lead_unit_name,
                   (select p.percent from progress_updates p where p.activity_id = a.id and p.on_date <= :day
                    order by p.on_date desc, p.id desc limit 1) as progress_percent,
                   (select p.count from progress_updates p where p.activity_id = a.id and p.on_date <= :day
                      and p.count is not null order by p.on_date desc, p.id desc limit 1) as progress_count
            from activities a
            -- the latest history row by then (the status), and the latest that gave a reason
            left join activity_history s on s.id = (
                select h2.id from activity_history h2 where h2.activity_id = a.id and h2.on_date <= :day
                order by h2.on_date desc, h2.id desc limit 1)
            left join activity_history rh on rh.id = (
                select h3.id from activity_history h3 where h3.activity_id = a.id and h3.on_date <= :day
                  and h3.reason is not null order by h3.on_date desc, h3.id desc limit 1)
            left join themes t on t.id = a.theme_id
            left join units u on u.id = a.lead_unit_id
            where a.plan_id = :plan
            order by coalesce(t.position, 999), a.position, a.id
            """,
            {"plan": plan_id, "day": day},
        )
    )


@migrations()
def m006_activity_unit_groups(db: Database) -> None:
    """A plan names many units at once ("Các sở, ban, ngành" as lead, "UBND các xã, phường"
    coordinating): the activity keeps the group (core's unit_groups), which stands for its
    members on the activity's dates."""
    db.table("activity_unit_groups").create(
        {"activity_id": int, "group_id": int, "role": str},
        pk=("activity_id", "group_id"),
        not_null={"role"},
        foreign_keys=[("activity_id", "activities", "id"), ("group_id", "unit_groups", "id")],
    )


# --- plans -----------------------------------------------------------------


def plan_row(db: Database, plan_id: int) -> dict | None:
    rows = list(db.query("select * from plans where id = ?", [plan_id]))
    return rows[0] if rows else None


def list_plans(db: Database) -> list[dict]:
    return list(db.query("select * from plans order by year desc, kind, id"))


def plan_by_number(db: Database, year: int, number: str) -> dict | None:
    """The plan numbered `number` in `year` (year first, as everywhere: plans and inspection plans)."""
    rows = list(db.query("select * from plans where year = ? and number = ?", [year, number]))
    return rows[0] if rows else None


def annual_plan_for(db: Database, year: int) -> dict | None:
    rows = list(
        db.query(
            "select * from plans where kind = 'annual' and year = ? order by status = 'in_force' desc, id desc limit 1",
            [year],
        )
    )
    return rows[0] if rows else None


def insert_plan(db: Database, row: dict) -> int:
    return db.table("plans").insert(row).last_pk


def update_plan(db: Database, plan_id: int, changes: dict) -> None:
    db.table("plans").update(plan_id, changes)


# --- themes ----------------------------------------------------------------


def _theme(row: dict) -> dict:
    return {**row, "keywords": json.loads(row["keywords"] or "[]")}


def list_themes(db: Database, plan_id: int) -> list[dict]:
    return [_theme(r) for r in db.query("select * from themes where plan_id = ? order by position", [plan_id])]


def theme_row(db: Database, theme_id: int) -> dict | None:
    rows = list(db.query("select * from themes where id = ?", [theme_id]))
    return _theme(rows[0]) if rows else None


def insert_theme(db: Database, row: dict) -> int:
    row = {**row, "keywords": json.dumps(row.get("keywords") or [], ensure_ascii=False)}
    return db.table("themes").insert(row).last_pk


def update_theme(db: Database, theme_id: int, changes: dict) -> None:
    if "keywords" in changes:
        changes = {**changes, "keywords": json.dumps(changes["keywords"] or [], ensure_ascii=False)}
    db.table("themes").update(theme_id, changes)


# --- channels --------------------------------------------------------------


def list_channels(db: Database, *, active_only: bool = True) -> list[dict]:
    """The channels to choose from (active ones unless `active_only` is False), in list order."""
    where = " where active = 1" if active_only else ""
    sql = f"select * from channels{where} order by position, id"  # noqa: S608 (a fixed clause)
    return list(db.query(sql))


def channel_by_code(db: Database, code: str) -> dict | None:
    rows = list(db.query("select * from channels where code = ?", [code]))
    return rows[0] if rows else None


def insert_channel(db: Database, row: dict) -> int:
    return db.table("channels").insert(row).last_pk


# --- activities ------------------------------------------------------------


def activity_row(db: Database, activity_id: int) -> dict | None:
    rows = list(db.query("select * from activities where id = ?", [activity_id]))
    return rows[0] if rows else None


def list_activities(db: Database, plan_id: int) -> list[dict]:
    return list(db.query("select * from activities where plan_id = ? order by theme_id, position, id", [plan_id]))


def activity_links(db: Database, activity_id: int) -> dict:
    groups = list(
        db.query(
            "select group_id, role from activity_unit_groups where activity_id = ? order by group_id", [activity_id]
        )
    )
    return {
        "lead_group_id": next((g["group_id"] for g in groups if g["role"] == "lead"), None),
        "coordinating_group_ids": [g["group_id"] for g in groups if g["role"] == "coordinating"],
        "coordinating_unit_ids": [
            r[0]
            for r in db.execute(
                "select unit_id from activity_units where activity_id = ? order by unit_id", [activity_id]
            )
        ],
        "channel_ids": [
            r[0]
            for r in db.execute(
                "select channel_id from activity_channels where activity_id = ? order by channel_id", [activity_id]
            )
        ],
    }


def insert_activity(db: Database, row: dict) -> int:
    return db.table("activities").insert(row).last_pk


def update_activity(db: Database, activity_id: int, changes: dict) -> None:
    db.table("activities").update(activity_id, changes)


def set_activity_links(db: Database, activity_id: int, unit_ids: list[int], channel_ids: list[int]) -> None:
    db.execute("delete from activity_units where activity_id = ?", [activity_id])
    db.execute("delete from activity_channels where activity_id = ?", [activity_id])
    for unit_id in sorted(set(unit_ids)):
        db.execute("insert into activity_units (activity_id, unit_id) values (?, ?)", [activity_id, unit_id])
    for channel_id in sorted(set(channel_ids)):
        db.execute("insert into activity_channels (activity_id, channel_id) values (?, ?)", [activity_id, channel_id])


def set_activity_groups(db: Database, activity_id: int, lead_group_id: int | None, group_ids: list[int]) -> None:
    db.execute("delete from activity_unit_groups where activity_id = ?", [activity_id])
    rows = [{"activity_id": activity_id, "group_id": g, "role": "coordinating"} for g in sorted(set(group_ids))]
    rows = [r for r in rows if r["group_id"] != lead_group_id]
    if lead_group_id:
        rows.append({"activity_id": activity_id, "group_id": lead_group_id, "role": "lead"})
    db.table("activity_unit_groups").insert_all(rows)


def next_position(db: Database, plan_id: int, theme_id: int | None) -> int:
    row = db.execute(
        "select coalesce(max(position), 0) + 1 from activities where plan_id = ? and theme_id is ?", [plan_id, theme_id]
    ).fetchone()
    return row[0]


def activity_overview(db: Database, plan_id: int) -> list[dict]:
    """Every activity of a plan with its theme, lead unit, latest progress, channels and
    coordinating units — in one query, for the grid, the dashboard and the export."""
    return list(
        db.query(
            """
            with chans as materialized (
                select ac.activity_id, group_concat(c.code, ';') as channel_codes,
                       group_concat(c.name_vi, '; ') as channel_names
                from activity_channels ac join channels c on c.id = ac.channel_id
                join activities a on a.id = ac.activity_id where a.plan_id = :plan
                group by ac.activity_id
            ),
            coord as materialized (
                select au.activity_id, group_concat(u.name, '; ') as coordinating_units
                from activity_units au join units u on u.id = au.unit_id
                join activities a on a.id = au.activity_id where a.plan_id = :plan
                group by au.activity_id
            )
            select a.*, t.code as theme_code, t.title as theme_title, t.position as theme_position,
                   u.name as lead_unit_name, l.percent as last_percent,
                   (select p.count from progress_updates p where p.activity_id = a.id and p.count is not null
                    order by p.on_date desc, p.id desc limit 1) as last_count,
                   l.on_date as last_update_on, ch.channel_codes, ch.channel_names, co.coordinating_units
            from activities a
            left join themes t on t.id = a.theme_id
            left join units u on u.id = a.lead_unit_id
            left join progress_updates l on l.id = (
                select p.id from progress_updates p where p.activity_id = a.id
                order by p.on_date desc, p.id desc limit 1)
            left join chans ch on ch.activity_id = a.id
            left join coord co on co.activity_id = a.id
            where a.plan_id = :plan
            order by t.position, a.position, a.id
            """,
            {"plan": plan_id},
        )
    )


def plans_of_year(db: Database, year: int) -> list[dict]:
    return list(db.query("select * from plans where year = ? order by kind, id", [year]))


def plan_years(db: Database) -> list[int]:
    return [r[0] for r in db.execute("select distinct year from plans where kind = 'annual' order by year desc")]


def progress_row(db: Database, progress_id: int) -> dict | None:
    rows = list(db.query("select * from progress_updates where id = ?", [progress_id]))
    return rows[0] if rows else None


def list_progress_with_authors(db: Database, activity_id: int) -> list[dict]:
    return list(
        db.query(
            "select p.*, coalesce(nullif(u.full_name, ''), u.username) as author from progress_updates p"
            " left join users u on u.id = p.author_id where p.activity_id = ? order by p.on_date desc, p.id desc",
            [activity_id],
        )
    )


# --- evidence --------------------------------------------------------------


def insert_evidence(db: Database, row: dict) -> int:
    return db.table("evidence").insert(row).last_pk


def list_evidence(db: Database, activity_id: int) -> list[dict]:
    return list(
        db.query("select * from evidence where activity_id = ? order by created_at desc, id desc", [activity_id])
    )


def evidence_row(db: Database, evidence_id: int) -> dict | None:
    rows = list(db.query("select * from evidence where id = ?", [evidence_id]))
    return rows[0] if rows else None


# --- channels (admin-extensible) -------------------------------------------


def next_channel_position(db: Database) -> int:
    return db.execute("select coalesce(max(position), 0) + 1 from channels").fetchone()[0]


# --- saved views -----------------------------------------------------------


def list_views(db: Database, user_id: int) -> list[dict]:
    return [
        {**r, "filters": json.loads(r["filters"])}
        for r in db.query("select * from plan_views where user_id = ? order by name", [user_id])
    ]


def upsert_view(db: Database, user_id: int, name: str, filters: dict, now: str) -> int:
    existing = list(db.query("select id from plan_views where user_id = ? and name = ?", [user_id, name]))
    data = json.dumps(filters, ensure_ascii=False, sort_keys=True)
    if existing:
        db.table("plan_views").update(existing[0]["id"], {"filters": data})
        return existing[0]["id"]
    return db.table("plan_views").insert({"user_id": user_id, "name": name, "filters": data, "created_at": now}).last_pk


def delete_view(db: Database, user_id: int, view_id: int) -> int:
    return db.execute("delete from plan_views where id = ? and user_id = ?", [view_id, user_id]).rowcount


# --- progress --------------------------------------------------------------


def insert_progress(db: Database, row: dict) -> int:
    return db.table("progress_updates").insert(row).last_pk


def list_progress(db: Database, activity_id: int) -> list[dict]:
    return list(db.query("select * from progress_updates where activity_id = ? order by on_date, id", [activity_id]))


def latest_progress(db: Database, plan_id: int) -> dict[int, dict[str, Any]]:
    """activity_id -> its latest progress update (by date, then id)."""
    rows = db.query(
        """
        select p.* from progress_updates p
        join activities a on a.id = p.activity_id
        where a.plan_id = ?
          and p.id = (select p2.id from progress_updates p2 where p2.activity_id = p.activity_id
                      order by p2.on_date desc, p2.id desc limit 1)
        """,
        [plan_id],
    )
    return {r["activity_id"]: r for r in rows}


_WITH_PLAN = (  # activities with their plan's year, number and title
    "select a.*, p.year as plan_year, p.number as plan_number, p.title as plan_title"
    " from activities a join plans p on p.id = a.plan_id"
)


def index_node_activities(db: Database, node_ids: list[int] | None = None) -> list[dict]:
    """Plan activities tagged with a reform-index node, with their plan's year."""
    sql = f"{_WITH_PLAN} where a.index_node_id is not null"
    params: list = []
    if node_ids is not None:
        if not node_ids:
            return []
        sql += " and a.index_node_id in (" + ",".join("?" for _ in node_ids) + ")"
        params = list(node_ids)
    return list(db.query(sql + " order by p.year, a.deadline, a.id", params))


def activities_with_plan(db: Database, activity_ids: list[int]) -> list[dict]:
    """The activities of `activity_ids` with their plan's year, number and title."""
    if not activity_ids:
        return []
    marks = ",".join("?" for _ in activity_ids)
    sql = f"{_WITH_PLAN} where a.id in ({marks}) order by p.year, a.deadline, a.id"  # noqa: S608
    return list(db.query(sql, list(activity_ids)))


def activities_with_progress(db: Database, plan_id: int, until: str) -> list[dict]:
    """Every activity of a plan with its theme and lead unit, and the latest progress
    update on or before `until` (ISO date): percent and count achieved so far."""
    return list(
        db.query(
            """
            select a.*, t.code as theme_code, t.title as theme_title, t.position as theme_position,
                   u.name as lead_unit_name,
                   (select p.percent from progress_updates p where p.activity_id = a.id and p.on_date <= :until
                    order by p.on_date desc, p.id desc limit 1) as progress_percent,
                   (select p.count from progress_updates p where p.activity_id = a.id and p.on_date <= :until
                    order by p.on_date desc, p.id desc limit 1) as progress_count
            from activities a
            left join themes t on t.id = a.theme_id
            left join units u on u.id = a.lead_unit_id
            where a.plan_id = :plan
            order by coalesce(t.position, 999), a.position, a.id
            """,
            {"plan": plan_id, "until": until},
        )
    )


def all_activities(db: Database) -> list[dict]:
    """Every activity with its plan, theme and lead unit, for the spreadsheet export."""
    return list(
        db.query(
            """
            select p.year as plan_year, p.number as plan_number, t.code as theme_code, t.title as theme_title,
                   a.id, a.title, u.name as lead_unit_name, a.planned_start, a.planned_end, a.deadline,
                   a.actual_end, a.output, a.target, a.target_unit,
                   (select pu.count from progress_updates pu where pu.activity_id = a.id
                    order by pu.on_date desc, pu.id desc limit 1) as achieved,
                   (select pu.percent from progress_updates pu where pu.activity_id = a.id
                    order by pu.on_date desc, pu.id desc limit 1) as percent,
                   a.budget, a.budget_used, a.status
            from activities a
            join plans p on p.id = a.plan_id
            left join themes t on t.id = a.theme_id
            left join units u on u.id = a.lead_unit_id
            order by p.year, p.id, coalesce(t.position, 999), a.position, a.id
            """
        )
    )


def plan_units(db: Database, plan_id: int) -> list[str]:
    """The names of the units and unit groups a plan's activities lead or co-operate in, unit
    groups first, then units by name, each once."""
    rows = db.execute(
        """
        select 0 as o, g.name from activity_unit_groups ag join unit_groups g on g.id = ag.group_id
          join activities a on a.id = ag.activity_id where a.plan_id = :plan
        union
        select 1, u.name from activities a join units u on u.id = a.lead_unit_id where a.plan_id = :plan
        union
        select 1, u.name from activity_units au join units u on u.id = au.unit_id
          join activities a on a.id = au.activity_id where a.plan_id = :plan
        order by 1, 2
        """,
        {"plan": plan_id},
    ).fetchall()
    return [name for _order, name in rows]


@migrations()
def m007_progress_cause(db: Database) -> None:
    """Why an activity is behind, as staff record it with a progress update ("cause"), and
    whether that cause is objective or subjective ("cause_kind": khách quan / chủ quan)."""
    db.table("progress_updates").add_column("cause", str)
    db.table("progress_updates").add_column("cause_kind", str)


@migrations()
def m008_progress_causes_index(db: Database) -> None:
    """The progress updates that record a cause, by activity and day: a report looks up each
    activity's latest one (progress_causes_as_of), which read every update of the activity
    without it (1,1 ms → 0,1 ms a plan of 400 activities with 18.551 updates)."""
    db.execute(
        "create index if not exists progress_updates_cause on progress_updates (activity_id, on_date)"
        " where coalesce(cause, '') != ''"
    )


def progress_causes_as_of(db: Database, plan_id: int, day: str) -> list[dict]:
    """Per activity of the plan, the latest progress update on or before `day` (ISO) that
    records a cause: the cause, its kind and the day it was recorded. One look-up per
    activity of the plan (its latest update with a cause), not one per update."""
    return list(
        db.query(
            """
            select p.activity_id, p.on_date, p.cause, p.cause_kind, a.title, u.name as lead_unit_name
            from activities a join progress_updates p on p.id = (
                select p2.id from progress_updates p2 where p2.activity_id = a.id
                  and p2.on_date <= :day and coalesce(p2.cause, '') != ''
                order by p2.on_date desc, p2.id desc limit 1)
            left join units u on u.id = a.lead_unit_id
            where a.plan_id = :plan
            order by a.position, a.id
            """,
            {"plan": plan_id, "day": day},
        )
    )
