"""SQL of the outreach slice: requests to units, liaison accounts, submissions, unit heads'
addresses and the log of every e-mail. Only this module of `outreach` writes SQL."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("outreach")

REQUEST_STATUSES = ("open", "closed")
SUBMISSION_STATUSES = ("submitted", "accepted", "returned")
MESSAGE_STATUSES = ("delivered", "refused", "failed")


@migrations()
def m001_requests_liaisons_submissions_messages(db: Database) -> None:
    db.table("outreach_requests").create(
        {
            "id": int,
            "kind": str,  # outreach.rules.REQUEST_KINDS
            "title": str,
            "period": str,  # a period code (2026-Q4, 2026-11) or empty
            "due_on": str,  # ISO date: the last day a submission is on time
            "note": str,
            "source": str,  # what the request is about: "activity:12", "recommendation:4", "inspection:3"
            "status": str,
            "created_by": int,
            "created_at": str,
        },
        pk="id",
        not_null={"kind", "title", "due_on", "status", "created_at"},
        foreign_keys=[("created_by", "users", "id")],
    )
    db.table("outreach_request_units").create(
        {"request_id": int, "unit_id": int},
        pk=("request_id", "unit_id"),
        foreign_keys=[("request_id", "outreach_requests", "id"), ("unit_id", "units", "id")],
    )
    db.table("outreach_request_units").create_index(["unit_id"])
    db.table("outreach_attachments").create(
        {"id": int, "request_id": int, "file_name": str, "stored_name": str, "mime": str, "size": int},
        pk="id",
        not_null={"request_id", "file_name", "stored_name"},
        foreign_keys=[("request_id", "outreach_requests", "id")],
    )
    db.table("outreach_liaisons").create(
        {"user_id": int, "unit_id": int, "created_at": str},
        pk="user_id",
        not_null={"unit_id"},
        foreign_keys=[("user_id", "users", "id"), ("unit_id", "units", "id")],
    )
    db.table("outreach_liaisons").create_index(["unit_id"])
    db.table("outreach_unit_heads").create(
        {"unit_id": int, "name": str, "email": str, "updated_at": str},
        pk="unit_id",
        not_null={"email"},
        foreign_keys=[("unit_id", "units", "id")],
    )
    db.table("outreach_submissions").create(
        {
            "id": int,
            "request_id": int,
            "unit_id": int,
            "submitted_at": str,  # UTC ISO time
            "submitted_on": str,  # the day in Hà Nội: what on time is judged by
            "submitted_by": int,
            "note": str,
            "fields": str,  # JSON: the request's fields as the unit filled them
            "file_name": str,
            "stored_name": str,
            "mime": str,
            "size": int,
            "status": str,
            "reviewed_by": int,
            "reviewed_at": str,
            "review_comment": str,
            "applied": str,  # what acceptance wrote into the owning slice, e.g. "progress_updates:41"
        },
        pk="id",
        not_null={"request_id", "unit_id", "submitted_at", "submitted_on", "status"},
        foreign_keys=[
            ("request_id", "outreach_requests", "id"),
            ("unit_id", "units", "id"),
            ("submitted_by", "users", "id"),
        ],
    )
    db.table("outreach_submissions").create_index(["request_id", "unit_id"])
    db.table("outreach_messages").create(
        {
            "id": int,
            "day": str,  # the Hà Nội day the message is for: at most one per address and day
            "email": str,
            "cc": str,
            "subject": str,
            "body": str,
            "items": str,  # JSON: [[request_id, unit_id, rung], ...] the message reminds of
            "status": str,
            "answer": str,  # the server's answer, or the error
            "sent_at": str,
        },
        pk="id",
        not_null={"day", "email", "subject", "status", "sent_at"},
    )
    db.table("outreach_messages").create_index(["day", "email"])
    # One row per (request, unit, rung, address) delivered: the ladder never sends a rung twice.
    db.table("outreach_reminded").create(
        {"request_id": int, "unit_id": int, "rung": str, "email": str, "message_id": int},
        pk=("request_id", "unit_id", "rung", "email"),
        foreign_keys=[("request_id", "outreach_requests", "id"), ("message_id", "outreach_messages", "id")],
    )


@migrations()
def m002_report_deliveries(db: Database) -> None:
    """Issued reports e-mailed to the people who receive them: one row per report and address."""
    db.table("outreach_report_deliveries").create(
        {"report_id": int, "email": str, "message_id": int},
        pk=("report_id", "email"),
        foreign_keys=[("message_id", "outreach_messages", "id")],
    )
    # Drafts of a period's report sent before its deadline: one row per period and address.
    db.table("outreach_draft_deliveries").create(
        {"period": str, "email": str, "message_id": int},
        pk=("period", "email"),
        foreign_keys=[("message_id", "outreach_messages", "id")],
    )


def _one(rows) -> dict | None:
    rows = list(rows)
    return rows[0] if rows else None


# --- requests ----------------------------------------------------------------


def insert_request(db: Database, row: dict, unit_ids: list[int]) -> int:
    request_id = db.table("outreach_requests").insert(row).last_pk
    db.table("outreach_request_units").insert_all([{"request_id": request_id, "unit_id": u} for u in unit_ids])
    return request_id


def update_request(db: Database, request_id: int, changes: dict) -> None:
    db.table("outreach_requests").update(request_id, changes)


def request_row(db: Database, request_id: int) -> dict | None:
    return _one(db.query("select * from outreach_requests where id = ?", [request_id]))


def list_requests(db: Database, status: str | None = None, unit_id: int | None = None) -> list[dict]:
    where, params = [], []
    if status:
        where.append("r.status = ?")
        params.append(status)
    if unit_id is not None:
        where.append("r.id in (select request_id from outreach_request_units where unit_id = ?)")
        params.append(unit_id)
    sql = "select r.* from outreach_requests r"
    if where:
        sql += " where " + " and ".join(where)
    return list(db.query(sql + " order by r.due_on, r.id", params))


def request_units(db: Database, request_id: int) -> list[dict]:
    return list(
        db.query(
            "select u.* from outreach_request_units ru join units u on u.id = ru.unit_id"
            " where ru.request_id = ? order by u.name",
            [request_id],
        )
    )


def request_unit_pairs(db: Database, status: str = "open") -> list[dict]:
    """Every (request, unit) of the requests with `status`, with the request's fields."""
    return list(
        db.query(
            "select r.id as request_id, r.kind, r.title, r.period, r.due_on, r.source, ru.unit_id,"
            " u.name as unit_name, u.code as unit_code"
            " from outreach_requests r join outreach_request_units ru on ru.request_id = r.id"
            " join units u on u.id = ru.unit_id where r.status = ? order by r.due_on, r.id, u.name",
            [status],
        )
    )


def insert_attachment(db: Database, row: dict) -> int:
    return db.table("outreach_attachments").insert(row).last_pk


def attachments(db: Database, request_id: int) -> list[dict]:
    return list(db.query("select * from outreach_attachments where request_id = ? order by id", [request_id]))


def attachment_row(db: Database, attachment_id: int) -> dict | None:
    return _one(db.query("select * from outreach_attachments where id = ?", [attachment_id]))


# --- liaisons and unit heads -------------------------------------------------


def insert_liaison(db: Database, row: dict) -> None:
    db.table("outreach_liaisons").insert(row)


def liaison_unit_id(db: Database, user_id: int) -> int | None:
    row = _one(db.query("select unit_id from outreach_liaisons where user_id = ?", [user_id]))
    return row["unit_id"] if row else None


def liaisons_of_unit(db: Database, unit_id: int) -> list[dict]:
    return list(
        db.query(
            "select u.id, u.username, u.full_name, u.email, l.unit_id from outreach_liaisons l"
            " join users u on u.id = l.user_id where l.unit_id = ? and u.active = 1 order by u.username",
            [unit_id],
        )
    )


def list_liaisons(db: Database) -> list[dict]:
    return list(
        db.query(
            "select u.id, u.username, u.full_name, u.email, u.active, l.unit_id, n.name as unit_name,"
            " n.code as unit_code from outreach_liaisons l join users u on u.id = l.user_id"
            " join units n on n.id = l.unit_id order by n.name, u.username"
        )
    )


def unit_head(db: Database, unit_id: int) -> dict | None:
    return _one(db.query("select * from outreach_unit_heads where unit_id = ?", [unit_id]))


def put_unit_head(db: Database, row: dict) -> None:
    db.table("outreach_unit_heads").insert(row, replace=True)


# --- submissions -------------------------------------------------------------


def insert_submission(db: Database, row: dict) -> int:
    return db.table("outreach_submissions").insert(row).last_pk


def update_submission(db: Database, submission_id: int, changes: dict) -> None:
    db.table("outreach_submissions").update(submission_id, changes)


def submission_row(db: Database, submission_id: int) -> dict | None:
    return _one(db.query("select * from outreach_submissions where id = ?", [submission_id]))


def submissions_of(db: Database, request_id: int, unit_id: int | None = None) -> list[dict]:
    if unit_id is None:
        return list(db.query("select * from outreach_submissions where request_id = ? order by id", [request_id]))
    return list(
        db.query(
            "select * from outreach_submissions where request_id = ? and unit_id = ? order by id", [request_id, unit_id]
        )
    )


def submissions_to_review(db: Database) -> list[dict]:
    return list(
        db.query(
            "select s.*, r.title, r.kind, r.due_on, u.name as unit_name from outreach_submissions s"
            " join outreach_requests r on r.id = s.request_id join units u on u.id = s.unit_id"
            " where s.status = 'submitted' order by s.submitted_at, s.id"
        )
    )


def all_submissions(db: Database) -> list[dict]:
    return list(db.query("select * from outreach_submissions order by id"))


# --- messages ----------------------------------------------------------------


def insert_message(db: Database, row: dict) -> int:
    row = {**row, "items": json.dumps(row.get("items") or [])}
    return db.table("outreach_messages").insert(row).last_pk


def delivered_to_on(db: Database, email: str, day: str) -> bool:
    row = _one(
        db.query(
            "select 1 from outreach_messages where lower(email) = lower(?) and day = ? and status = 'delivered'",
            [email, day],
        )
    )
    return row is not None


def reminded(db: Database) -> set[tuple[int, int, str, str]]:
    return {
        (r["request_id"], r["unit_id"], r["rung"], r["email"].lower())
        for r in db.query("select * from outreach_reminded")
    }


def insert_reminded(db: Database, rows: list[dict]) -> None:
    db.table("outreach_reminded").insert_all(rows, ignore=True)


def delivered_reports(db: Database) -> set[tuple[int, str]]:
    return {(r["report_id"], r["email"].lower()) for r in db.query("select * from outreach_report_deliveries")}


def insert_report_deliveries(db: Database, rows: list[dict]) -> None:
    db.table("outreach_report_deliveries").insert_all(rows, ignore=True)


def delivered_drafts(db: Database) -> set[tuple[str, str]]:
    return {(r["period"], r["email"].lower()) for r in db.query("select * from outreach_draft_deliveries")}


def insert_draft_deliveries(db: Database, rows: list[dict]) -> None:
    db.table("outreach_draft_deliveries").insert_all(rows, ignore=True)


def list_messages(db: Database, limit: int = 200) -> list[dict]:
    rows = list(db.query("select * from outreach_messages order by id desc limit ?", [limit]))
    for row in rows:
        row["items"] = _loads(row["items"])
    return rows


def _loads(value: Any) -> Any:
    try:
        return json.loads(value or "[]")
    except ValueError:
        return []
