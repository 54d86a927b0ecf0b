"""SQL of the indices slice: indices (PAR Index, SIPAS, PAPI, PCI, the city's own),
their frameworks per period as a tree of nodes, published results per year and
subject, node scores, and the lead agency of each node (effective-dated). Points
lost are derived, never stored. Only this module of `indices` writes SQL."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("indices")

# Until the indices had a slice of their own, the plans slice created these tables in
# its migration m101. A database that applied it keeps its tables and data: the first
# indices migration then takes over that record instead of creating them again.
OLD_SET, OLD_NAME = "plans", "m101_indices_frameworks_results"

INDEX_SUBJECT_KINDS = ("city", "department", "commune")
FRAMEWORK_UNITS = ("points", "percent")
FRAMEWORK_AGGREGATIONS = ("sum", "independent")


def _took_over_plans_m101(db: Database) -> bool:
    """Remove the plans slice's record of m101 if this database applied it; True if so.
    Runs in the migration's transaction, which records the indices migration instead."""
    if not db.table("_sqlite_migrations").exists():
        return False
    cursor = db.execute("delete from _sqlite_migrations where migration_set = ? and name = ?", [OLD_SET, OLD_NAME])
    return cursor.rowcount > 0


@migrations()
def m001_indices_frameworks_results(db: Database) -> None:
    if _took_over_plans_m101(db):
        return
    db.table("reform_indices").create(
        {
            "id": int,
            "code": str,
            "name_vi": str,
            "name_en": str,
            "subject_kind": str,
            "publisher": str,
            "position": int,
        },
        pk="id",
        not_null={"code", "name_vi", "subject_kind"},
    )
    db.table("reform_indices").create_index(["code"], unique=True)
    db.table("index_frameworks").create(
        {
            "id": int,
            "index_id": int,
            "code": str,  # e.g. QĐ 876/QĐ-BNV
            "title": str,
            "from_year": int,
            "to_year": int,  # null: open-ended
            "unit": str,  # points | percent
            "aggregation": str,  # sum: a parent's score is its children's sum | independent
            "max_total": float,
            "note": str,  # e.g. "maxima are examples"
            "created_at": str,
        },
        pk="id",
        not_null={"index_id", "code", "from_year", "unit", "aggregation", "max_total"},
        foreign_keys=[("index_id", "reform_indices", "id")],
    )
    db.table("index_frameworks").create_index(["index_id", "code"], unique=True)
    db.table("index_nodes").create(
        {
            "id": int,
            "framework_id": int,
            "parent_id": int,
            "code": str,
            "depth": int,  # 1 field/dimension, 2 criterion, 3 sub-criterion
            "name_vi": str,
            "name_en": str,
            "max_points": float,
            "position": int,
        },
        pk="id",
        not_null={"framework_id", "code", "depth", "name_vi", "max_points", "position"},
        foreign_keys=[("framework_id", "index_frameworks", "id"), ("parent_id", "index_nodes", "id")],
    )
    db.table("index_nodes").create_index(["framework_id", "code"], unique=True)
    db.table("index_results").create(
        {
            "id": int,
            "index_id": int,
            "framework_id": int,
            "year": int,
            "subject_unit_id": int,
            "total_score": float,  # as published; null: derived from the fields
            "rank": int,
            "ranked_of": int,
            "rank_change": int,  # places up (+) or down (-) on the previous year
            "source": str,
            "published_on": str,
            "note": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"index_id", "framework_id", "year", "subject_unit_id"},
        foreign_keys=[
            ("index_id", "reform_indices", "id"),
            ("framework_id", "index_frameworks", "id"),
            ("subject_unit_id", "units", "id"),
        ],
    )
    db.table("index_results").create_index(["index_id", "year", "subject_unit_id"], unique=True)
    db.table("index_scores").create(
        {
            "result_id": int,
            "node_id": int,
            "score": float,  # final (appraised/published) score
            "self_score": float,
            "appraised_score": float,
            "evidence": str,
            "rank": int,
            "rank_change": int,
            "note": str,
        },
        pk=("result_id", "node_id"),
        foreign_keys=[("result_id", "index_results", "id"), ("node_id", "index_nodes", "id")],
    )
    db.table("index_scores").create_index(["node_id"])
    db.table("index_leads").create(
        {"id": int, "node_id": int, "unit_id": int, "valid_from": str, "valid_to": str, "note": str},
        pk="id",
        not_null={"node_id", "unit_id", "valid_from"},
        foreign_keys=[("node_id", "index_nodes", "id"), ("unit_id", "units", "id")],
    )
    db.table("index_leads").create_index(["node_id", "valid_from"])


@migrations()
def m002_unit_remedies(db: Database) -> None:
    """Remedial tasks given to a unit that other slices flag (e.g. services: below target
    two months running), with the grounds it was flagged on. The task itself is a plan
    activity led by the unit."""
    db.table("unit_remedies").create(
        {
            "activity_id": int,
            "unit_id": int,
            "basis_month": str,  # the last month of the grounds, YYYY-MM
            "indicators": str,  # JSON list of the indicators missed
            "reason_vi": str,
            "reason_en": str,
            "created_at": str,
        },
        pk="activity_id",
        not_null={"unit_id", "reason_vi", "created_at"},
        foreign_keys=[("activity_id", "activities", "id"), ("unit_id", "units", "id")],
    )
    db.table("unit_remedies").create_index(["unit_id", "basis_month"])


def _one(db: Database, sql: str, params) -> dict | None:
    rows = list(db.query(sql, params))
    return rows[0] if rows else None


def list_indices(db: Database) -> list[dict]:
    return list(db.query("select * from reform_indices order by position, id"))


def index_row(db: Database, index_id: int) -> dict | None:
    return _one(db, "select * from reform_indices where id = ?", [index_id])


def index_by_code(db: Database, code: str) -> dict | None:
    return _one(db, "select * from reform_indices where code = ?", [code])


def insert_index(db: Database, row: dict) -> int:
    return db.table("reform_indices").insert(row).last_pk


def list_frameworks(db: Database, index_id: int | None = None) -> list[dict]:
    if index_id is None:
        return list(db.query("select * from index_frameworks order by index_id, from_year"))
    return list(db.query("select * from index_frameworks where index_id = ? order by from_year", [index_id]))


def framework_row(db: Database, framework_id: int) -> dict | None:
    return _one(db, "select * from index_frameworks where id = ?", [framework_id])


def framework_by_code(db: Database, index_id: int, code: str) -> dict | None:
    return _one(db, "select * from index_frameworks where index_id = ? and code = ?", [index_id, code])


def framework_for_year(db: Database, index_id: int, year: int) -> dict | None:
    return _one(
        db,
        "select * from index_frameworks where index_id = ? and from_year <= ? and (to_year is null or to_year >= ?)"
        " order by from_year desc limit 1",
        [index_id, year, year],
    )


def insert_framework(db: Database, row: dict) -> int:
    return db.table("index_frameworks").insert(row).last_pk


def list_nodes(db: Database, framework_id: int) -> list[dict]:
    return list(db.query("select * from index_nodes where framework_id = ? order by position, id", [framework_id]))


def node_row(db: Database, node_id: int) -> dict | None:
    return _one(db, "select * from index_nodes where id = ?", [node_id])


def insert_node(db: Database, row: dict) -> int:
    return db.table("index_nodes").insert(row).last_pk


def result_row(db: Database, result_id: int) -> dict | None:
    return _one(db, "select * from index_results where id = ?", [result_id])


def find_result(db: Database, index_id: int, year: int, subject_unit_id: int) -> dict | None:
    return _one(
        db,
        "select * from index_results where index_id = ? and year = ? and subject_unit_id = ?",
        [index_id, year, subject_unit_id],
    )


def list_results(db: Database, index_id: int | None = None, subject_unit_id: int | None = None) -> list[dict]:
    where, params = [], []
    if index_id is not None:
        where.append("index_id = ?")
        params.append(index_id)
    if subject_unit_id is not None:
        where.append("subject_unit_id = ?")
        params.append(subject_unit_id)
    sql = "select * from index_results" + (" where " + " and ".join(where) if where else "")  # noqa: S608
    return list(db.query(sql + " order by index_id, year, subject_unit_id", params))


def insert_result(db: Database, row: dict) -> int:
    return db.table("index_results").insert(row).last_pk


def update_result(db: Database, result_id: int, changes: dict) -> None:
    db.table("index_results").update(result_id, changes)


def list_scores(db: Database, result_id: int) -> list[dict]:
    return list(db.query("select * from index_scores where result_id = ?", [result_id]))


def scores_for_results(db: Database, result_ids: list[int]) -> list[dict]:
    if not result_ids:
        return []
    marks = ",".join("?" for _ in result_ids)
    return list(db.query(f"select * from index_scores where result_id in ({marks})", result_ids))  # noqa: S608


def replace_scores(db: Database, result_id: int, rows: list[dict]) -> None:
    db.execute("delete from index_scores where result_id = ?", [result_id])
    if rows:
        db.table("index_scores").insert_all([{**r, "result_id": result_id} for r in rows])


def leads_for_nodes(db: Database, node_ids: list[int]) -> list[dict]:
    if not node_ids:
        return []
    marks = ",".join("?" for _ in node_ids)
    sql = (
        "select l.*, u.code as unit_code, u.name as unit_name, u.short_name as unit_short_name"  # noqa: S608
        f" from index_leads l join units u on u.id = l.unit_id where l.node_id in ({marks})"
        " order by l.node_id, l.valid_from"
    )
    return list(db.query(sql, node_ids))


def lead_row(db: Database, lead_id: int) -> dict | None:
    return _one(db, "select * from index_leads where id = ?", [lead_id])


def insert_lead(db: Database, row: dict) -> int:
    return db.table("index_leads").insert(row).last_pk


def update_lead(db: Database, lead_id: int, changes: dict) -> None:
    db.table("index_leads").update(lead_id, changes)


def lead_unit_ids(db: Database) -> list[int]:
    """Units that lead (or led) at least one index node."""
    return [r[0] for r in db.execute("select distinct unit_id from index_leads order by unit_id")]


def insert_unit_remedy(db: Database, row: dict) -> None:
    db.table("unit_remedies").insert(row)


def unit_remedy_rows(db: Database, unit_id: int | None = None) -> list[dict]:
    """Remedial tasks given to flagged units (all, or one unit's), newest grounds first."""
    if unit_id is None:
        return list(db.query("select * from unit_remedies order by basis_month desc, activity_id desc"))
    sql = "select * from unit_remedies where unit_id = ? order by basis_month desc, activity_id desc"
    return list(db.query(sql, [unit_id]))
