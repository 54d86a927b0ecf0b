"""SQL of the services slice: monthly results, targets, desk satisfaction and the QĐ 766
service index (its groups are rows, seeded here, not constants in code).

Months are stored as "YYYY-MM". Figures are whole numbers; optional columns are null
when the office's file did not give them."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("services")

# The one-stop system's columns, in the order of its export.
REQUIRED = (
    "received",
    "carried_over",
    "online",
    "in_person",
    "resolved",
    "ahead",
    "on_time",
    "late",
    "pending",
    "pending_within",
    "pending_overdue",
)
OPTIONAL = ("apologies", "full_online", "partial_online", "paid_online", "digitised", "withdrawn")
FIGURES = REQUIRED + OPTIONAL

# QĐ 766/QĐ-TTg (23/6/2022): the five groups of the service index, 100 points in all.
_QD766_GROUPS = [
    ("cong_khai", "Công khai, minh bạch", "Openness and transparency", 18),
    ("tien_do", "Tiến độ, kết quả giải quyết", "Progress and results of handling", 20),
    ("so_hoa", "Số hóa hồ sơ", "Digitisation of files", 22),
    ("truc_tuyen", "Cung cấp dịch vụ trực tuyến", "Online service provision", 22),
    ("hai_long", "Mức độ hài lòng", "Satisfaction", 18),
]


@migrations()
def m001_results_targets_index(db: Database) -> None:
    db.table("service_results").create(
        {
            "id": int,
            "month": str,
            "unit_id": int,
            **{name: int for name in FIGURES},
            "source": str,
            "updated_at": str,
            "updated_by": str,
        },
        pk="id",
        not_null={"month", "unit_id", *REQUIRED},
        foreign_keys=[("unit_id", "units", "id")],
    )
    db.table("service_results").create_index(["month", "unit_id"], unique=True)
    db.table("service_results").create_index(["unit_id", "month"])
    db.table("service_targets").create(
        {"year": int, "indicator": str, "value": float, "example": int},
        pk=("year", "indicator"),
        not_null={"value"},
        defaults={"example": 0},
    )
    db.table("service_satisfaction").create(
        {"month": str, "unit_id": int, "very_satisfied": int, "satisfied": int, "dissatisfied": int},
        pk=("month", "unit_id"),
        not_null={"very_satisfied", "satisfied", "dissatisfied"},
        foreign_keys=[("unit_id", "units", "id")],
    )
    db.table("service_index_groups").create(
        {"framework": str, "code": str, "name_vi": str, "name_en": str, "max": float, "position": int},
        pk=("framework", "code"),
        not_null={"name_vi", "name_en", "max"},
    )
    db.table("service_index_groups").insert_all(
        {"framework": "qd766", "code": code, "name_vi": vi, "name_en": en, "max": top, "position": i}
        for i, (code, vi, en, top) in enumerate(_QD766_GROUPS, start=1)
    )
    db.table("service_index_scores").create(
        {"month": str, "unit_id": int, "framework": str, "group_code": str, "score": float},
        pk=("month", "unit_id", "framework", "group_code"),
        not_null={"score"},
        foreign_keys=[("unit_id", "units", "id")],
    )


@migrations()
def m002_settings(db: Database) -> None:
    db.table("service_settings").create({"key": str, "value": str}, pk="key", not_null={"value"})


# --- results ---------------------------------------------------------------


def results_for_month(db: Database, month: str) -> list[dict]:
    return list(
        db.query(
            "select r.*, u.code, u.name, u.kind from service_results r join units u on u.id = r.unit_id"
            " where r.month = ? order by u.kind, u.name",
            [month],
        )
    )


def result_row(db: Database, month: str, unit_id: int) -> dict | None:
    rows = list(db.query("select * from service_results where month = ? and unit_id = ?", [month, unit_id]))
    return rows[0] if rows else None


def delete_month(db: Database, month: str) -> int:
    return db.execute("delete from service_results where month = ?", [month]).rowcount


def insert_results(db: Database, rows: Iterable[dict]) -> None:
    db.table("service_results").insert_all(rows, batch_size=500)


def insert_result(db: Database, row: dict) -> int:
    return db.table("service_results").insert(row).last_pk


def update_result(db: Database, result_id: int, changes: dict) -> None:
    db.table("service_results").update(result_id, changes)


def delete_result(db: Database, result_id: int) -> None:
    db.execute("delete from service_results where id = ?", [result_id])


def upsert_result(db: Database, row: dict) -> None:
    existing = result_row(db, row["month"], row["unit_id"])
    if existing:
        db.table("service_results").update(existing["id"], row)
    else:
        db.table("service_results").insert(row)


def months(db: Database) -> list[str]:
    return [r[0] for r in db.execute("select distinct month from service_results order by month")]


def sums_by_unit(db: Database, first: str, last: str) -> list[dict]:
    """Each unit's figures added up over the months first..last (inclusive)."""
    sums = ", ".join(f"sum({c}) as {c}" for c in FIGURES)
    return list(
        db.query(
            f"select u.id as unit_id, u.code, u.name, u.kind, count(*) as months, {sums}"  # noqa: S608 - column names are constants
            " from service_results r join units u on u.id = r.unit_id"
            " where r.month between ? and ? group by u.id order by u.kind, u.name",
            [first, last],
        )
    )


def city_months(db: Database, first: str, last: str) -> list[dict]:
    """The city's figures of each month first..last (inclusive) that has any: each figure
    added up over the units that reported the month (null where no unit gave it), with the
    number of units."""
    sums = ", ".join(f"sum({c}) as {c}" for c in FIGURES)
    return list(
        db.query(
            f"select month, count(*) as units, {sums} from service_results"  # noqa: S608 - column names are constants
            " where month between ? and ? group by month order by month",
            [first, last],
        )
    )


def unit_ends(db: Database, first: str, last: str) -> dict[int, dict]:
    """Each unit's carry-over of its first month within first..last and its pending stocks
    (total, within time, overdue) at the end of its last month there."""
    rows = db.query(
        "select unit_id, month, carried_over, pending, pending_within, pending_overdue,"
        " row_number() over (partition by unit_id order by month) as from_start,"
        " row_number() over (partition by unit_id order by month desc) as from_end"
        " from service_results where month between ? and ?",
        [first, last],
    )
    ends: dict[int, dict] = {}
    for row in rows:
        end = ends.setdefault(row["unit_id"], {})
        if row["from_start"] == 1:
            end["carried_over"] = row["carried_over"]
        if row["from_end"] == 1:
            end.update({k: row[k] for k in ("pending", "pending_within", "pending_overdue")})
    return ends


def unit_months(db: Database, unit_ids: Iterable[int], first: str, last: str) -> list[dict]:
    ids = list(unit_ids)
    marks = ",".join("?" for _ in ids) or "null"
    sql = (
        "select r.*, u.code, u.name, u.kind from service_results r join units u on u.id = r.unit_id"  # noqa: S608 - placeholders only
        f" where r.unit_id in ({marks}) and r.month between ? and ? order by u.name, r.month"
    )
    return list(db.query(sql, [*ids, first, last]))


# --- targets ---------------------------------------------------------------


def targets(db: Database, year: int) -> list[dict]:
    return list(db.query("select * from service_targets where year = ? order by indicator", [year]))


def put_target(db: Database, row: dict) -> None:
    db.table("service_targets").insert(row, replace=True)


def delete_target(db: Database, year: int, indicator: str) -> None:
    db.execute("delete from service_targets where year = ? and indicator = ?", [year, indicator])


# --- satisfaction ----------------------------------------------------------


def put_satisfaction(db: Database, row: dict) -> None:
    db.table("service_satisfaction").insert(row, replace=True)


def satisfaction_row(db: Database, month: str, unit_id: int) -> dict | None:
    rows = list(db.query("select * from service_satisfaction where month = ? and unit_id = ?", [month, unit_id]))
    return rows[0] if rows else None


def satisfaction_by_unit(db: Database, first: str, last: str) -> dict[int, dict]:
    rows = db.query(
        "select unit_id, sum(very_satisfied) as very_satisfied, sum(satisfied) as satisfied,"
        " sum(dissatisfied) as dissatisfied from service_satisfaction where month between ? and ? group by unit_id",
        [first, last],
    )
    return {r["unit_id"]: r for r in rows}


# --- the service index -----------------------------------------------------


def index_groups(db: Database, framework: str = "qd766") -> list[dict]:
    return list(db.query("select * from service_index_groups where framework = ? order by position", [framework]))


def put_index_score(db: Database, row: dict) -> None:
    db.table("service_index_scores").insert(row, replace=True)


def index_totals(db: Database, month: str, framework: str = "qd766") -> dict[int, float]:
    """Each unit's index score for the month: the sum of its group scores."""
    rows = db.execute(
        "select unit_id, sum(score) from service_index_scores where month = ? and framework = ? group by unit_id",
        [month, framework],
    )
    return {unit_id: total for unit_id, total in rows}


def unit_index_scores(db: Database, unit_id: int, first: str, last: str, framework: str = "qd766") -> list[dict]:
    return list(
        db.query(
            "select month, group_code, score from service_index_scores"
            " where unit_id = ? and framework = ? and month between ? and ? order by month",
            [unit_id, framework, first, last],
        )
    )


def unit_satisfaction(db: Database, unit_id: int, first: str, last: str) -> dict[str, dict]:
    rows = db.query(
        "select * from service_satisfaction where unit_id = ? and month between ? and ?", [unit_id, first, last]
    )
    return {r["month"]: r for r in rows}


def index_scores(db: Database, month: str, unit_id: int, framework: str = "qd766") -> dict[str, float]:
    rows = db.execute(
        "select group_code, score from service_index_scores where month = ? and unit_id = ? and framework = ?",
        [month, unit_id, framework],
    )
    return dict(rows.fetchall())


# --- settings --------------------------------------------------------------


def settings(db: Database) -> dict:
    return {r["key"]: json.loads(r["value"]) for r in db.query("select * from service_settings")}


def put_setting(db: Database, key: str, value) -> None:
    db.table("service_settings").insert({"key": key, "value": json.dumps(value)}, replace=True)


@migrations()
def m003_issued_months(db: Database) -> None:
    # The months whose publication was issued, as the documents slice reported them when it
    # issued each one (services keeps its own list: its portal never asks another slice).
    db.table("service_issued_months").create(
        {
            "month": str,
            "register_id": int,  # the issued document's entry in the documents' register
            "symbol": str,  # 05/TB-SNV
            "issued_on": str,
            "sha256": str,
            "recorded_by": int,
            "recorded_at": str,
        },
        pk="month",
        not_null={"register_id", "symbol", "issued_on", "sha256", "recorded_at"},
    )


# --- issued months ---------------------------------------------------------


def issued_month_rows(db: Database) -> list[dict]:
    return list(db.query("select * from service_issued_months order by month"))


def insert_issued_month(db: Database, row: dict) -> None:
    db.table("service_issued_months").insert(row)
