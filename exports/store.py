"""SQL of the exports slice: the register of issued reports, uploaded templates, and the
read-only queries the report builders need. Only this module of `exports` writes SQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
    return (
        db.execute(
            "select 1 from report_register where doc_type = ? and year = ? and number = ?", [doc_type, year, number]
        ).fetchone()
        is not None
    )


def insert_register(db: Database, row: dict) -> int:
    return db.table("report_register").insert(row).last_pk


def register_row(db: Database, report_id: int) -> dict | None:
    rows = list(db.query("select * from report_register where id = ?", [report_id]))
    return rows[0] if rows else None


def list_register(db: Database, limit: int = 500) -> list[dict]:
    return list(db.query("select * from report_register order by year desc, number desc, id desc limit ?", [limit]))


# --- templates -------------------------------------------------------------


def active_template(db: Database, kind: str) -> dict | None:
    rows = list(
        db.query("select * from report_templates where kind = ? and active = 1 order by id desc limit 1", [kind])
    )
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


# --- inspections (read-only, for the inspection report) --------------------


def inspections_between(db: Database, utc_from: str, utc_to: str) -> list[dict]:
    """Inspections starting in [utc_from, utc_to) with their unit and counts of findings
    (strengths, shortcomings) and recommendations (open, closed)."""
    return list(
        db.query(
            """
            select i.id, i.starts_at, i.status, i.kind, i.conclusion_number, u.name as unit_name,
                   (select count(*) from findings f where f.inspection_id = i.id and f.kind = 'strength') as strengths,
                   (select count(*) from findings f where f.inspection_id = i.id and f.kind = 'shortcoming') as shortcomings,
                   (select count(*) from recommendations r where r.inspection_id = i.id) as recommendations,
                   (select count(*) from recommendations r where r.inspection_id = i.id and r.status = 'closed') as closed
            from inspections i join units u on u.id = i.unit_id
            where i.starts_at >= ? and i.starts_at < ?
            order by i.starts_at, i.id
            """,
            [utc_from, utc_to],
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


def recommendations_between(db: Database, utc_from: str, utc_to: str) -> list[dict]:
    """Recommendations of inspections starting in the window, with the responsible unit,
    the inspected unit and whether a remedy report was filed."""
    return list(
        db.query(
            """
            select r.id, r.text, r.deadline, r.status, r.closed_on, u.name as unit_name, iu.name as inspected_unit_name,
                   exists(select 1 from followups f where f.recommendation_id = r.id and f.kind = 'remedy_report')
                       as remedy_reported
            from recommendations r join inspections i on i.id = r.inspection_id
            join units u on u.id = r.unit_id join units iu on iu.id = i.unit_id
            where i.starts_at >= ? and i.starts_at < ?
            order by r.deadline, r.id
            """,
            [utc_from, utc_to],
        )
    )


def overdue_recommendations_by_unit(db: Database, as_of: str) -> list[dict]:
    """Open recommendations past their deadline on `as_of`, counted per responsible unit."""
    return list(
        db.query(
            """
            select u.name as unit_name, count(*) as overdue, min(r.deadline) as oldest
            from recommendations r join units u on u.id = r.unit_id
            where r.status = 'open' and r.deadline < ?
            group by u.id order by overdue desc, u.name
            """,
            [as_of],
        )
    )


def all_inspections(db: Database) -> list[dict]:
    return list(
        db.query(
            """
            select i.id, i.starts_at, i.ends_at, i.kind, i.status, i.place, u.name as unit_name, p.number as plan_number,
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


# --- press coverage (read-only, for the progress report) -------------------


def coverage_by_theme(db: Database, plan_id: int, utc_from: str, utc_to: str) -> list[dict]:
    """Relevant, not rejected articles and distinct stories per theme of a plan in the window."""
    return list(
        db.query(
            """
            select t.id as theme_id, t.code, t.title, count(distinct a.id) as articles, count(distinct a.story_id) as stories,
                   count(distinct case when a.tone = 'negative' then a.id end) as negative
            from themes t join article_themes at on at.theme_id = t.id join articles a on a.id = at.article_id
            where t.plan_id = ? and a.relevant = 1 and a.review != 'rejected'
              and a.published_at >= ? and a.published_at < ?
            group by t.id order by t.position
            """,
            [plan_id, utc_from, utc_to],
        )
    )


def coverage_by_outlet(db: Database, utc_from: str, utc_to: str, limit: int = 10) -> list[dict]:
    return list(
        db.query(
            """
            select coalesce(a.outlet, '') as outlet, count(*) as articles, count(distinct a.story_id) as stories
            from articles a
            where a.relevant = 1 and a.review != 'rejected' and a.published_at >= ? and a.published_at < ?
            group by coalesce(a.outlet, '') order by articles desc, outlet limit ?
            """,
            [utc_from, utc_to, limit],
        )
    )


def coverage_totals(db: Database, utc_from: str, utc_to: str) -> dict:
    row = db.execute(
        """
        select count(*), count(distinct story_id), coalesce(sum(tone = 'negative'), 0)
        from articles where relevant = 1 and review != 'rejected' and published_at >= ? and published_at < ?
        """,
        [utc_from, utc_to],
    ).fetchone()
    return {"articles": row[0], "stories": row[1], "negative": row[2]}


def notable_coverage(db: Database, utc_from: str, utc_to: str, limit: int = 10) -> list[dict]:
    """Confirmed articles linked to plan activities as evidence, newest first."""
    return list(
        db.query(
            """
            select a.id, a.title, a.outlet, a.published_at, a.url, count(l.activity_id) as activities
            from articles a join article_activity_links l on l.article_id = a.id
            where a.review = 'confirmed' and a.published_at >= ? and a.published_at < ?
            group by a.id order by a.published_at desc, a.id desc limit ?
            """,
            [utc_from, utc_to, limit],
        )
    )


def negative_coverage(db: Database, utc_from: str, utc_to: str, limit: int = 20) -> list[dict]:
    """Relevant negative articles with the staff note on how each was handled."""
    return list(
        db.query(
            """
            select a.id, a.title, a.outlet, a.published_at, a.review, a.note
            from articles a
            where a.relevant = 1 and a.review != 'rejected' and a.tone = 'negative'
              and a.published_at >= ? and a.published_at < ?
            order by a.published_at desc, a.id desc limit ?
            """,
            [utc_from, utc_to, limit],
        )
    )


def all_coverage(db: Database) -> list[dict]:
    """Relevant, not rejected articles with their theme codes, newest first."""
    return list(
        db.query(
            """
            select a.published_at, a.outlet, a.title, a.tone, a.review, a.url,
                   (select group_concat(t.code, '; ') from article_themes at join themes t on t.id = at.theme_id
                    where at.article_id = a.id) as themes
            from articles a where a.relevant = 1 and a.review != 'rejected'
            order by a.published_at desc, a.id desc
            """
        )
    )
