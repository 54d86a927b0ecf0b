"""SQL of the exports slice: the register of issued reports, uploaded templates, and the
read-only queries the report builders need. Only this module of `exports` writes SQL."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("exports")


@migrations()
def m001_register_templates(db: Database) -> None:
    db.table("report_register").create(
        {
            "id": int,
            "kind": str,  # progress, cchc, ...
            "doc_type": str,  # BC
            "year": int,  # year of issue; numbering restarts every year
            "number": int,
            "symbol": str,  # 05/BC-SNV
            "period_code": str,
            "period_start": str,
            "period_end": str,
            "issued_on": str,
            "title": str,
            "author_id": int,
            "author": str,
            "created_at": str,
            "sha256": str,
            "stored_name": str,
            "size": int,
            "template_sha256": str,  # set when an uploaded template was used
            "narrative": str,  # JSON of the staff text that went into the report
        },
        pk="id",
        not_null={"kind", "doc_type", "year", "number", "symbol", "sha256", "stored_name", "created_at"},
        foreign_keys=[("author_id", "users", "id")],
    )
    # The rule behind "no duplicate numbers": one number per document type and year.
    db.table("report_register").create_index(["doc_type", "year", "number"], unique=True)
    db.table("report_templates").create(
        {
            "id": int,
            "kind": str,
            "file_name": str,
            "stored_name": str,
            "sha256": str,
            "size": int,
            "active": int,
            "uploaded_by": int,
            "uploaded_at": str,
        },
        pk="id",
        not_null={"kind", "stored_name", "sha256", "active", "uploaded_at"},
        foreign_keys=[("uploaded_by", "users", "id")],
    )
    db.table("report_templates").create_index(["kind", "active"])


# --- register --------------------------------------------------------------

@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """A write transaction that takes SQLite's write lock at once (BEGIN IMMEDIATE), so
    two people numbering reports at the same moment queue instead of reading the same max."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    else:
        db.conn.commit()


def next_number(db: Database, doc_type: str, year: int) -> int:
    row = db.execute(
        "select coalesce(max(number), 0) + 1 from report_register where doc_type = ? and year = ?", [doc_type, year]
    ).fetchone()
    return row[0]


def number_taken(db: Database, doc_type: str, year: int, number: int) -> bool:
    return db.execute(
        "select 1 from report_register where doc_type = ? and year = ? and number = ?", [doc_type, year, number]
    ).fetchone() is not None


def insert_register(db: Database, row: dict) -> int:
    return db.table("report_register").insert(row).last_pk


def register_row(db: Database, report_id: int) -> dict | None:
    rows = list(db.query("select * from report_register where id = ?", [report_id]))
    return rows[0] if rows else None


def list_register(db: Database, limit: int = 500) -> list[dict]:
    return list(db.query("select * from report_register order by year desc, number desc, id desc limit ?", [limit]))


# --- templates -------------------------------------------------------------

def active_template(db: Database, kind: str) -> dict | None:
    rows = list(db.query("select * from report_templates where kind = ? and active = 1 order by id desc limit 1", [kind]))
    return rows[0] if rows else None


def deactivate_templates(db: Database, kind: str) -> int:
    return db.execute("update report_templates set active = 0 where kind = ? and active = 1", [kind]).rowcount


def insert_template(db: Database, row: dict) -> int:
    return db.table("report_templates").insert(row).last_pk


def list_templates(db: Database) -> list[dict]:
    return list(db.query("select * from report_templates order by kind, id desc"))


# --- read-only queries for the report builders -----------------------------

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


def plan_themes(db: Database, plan_id: int) -> list[dict]:
    return list(db.query("select id, code, title, position from themes where plan_id = ? order by position", [plan_id]))


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
