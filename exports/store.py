"""SQL of the exports slice: the register of issued reports, uploaded templates, and the
read-only queries the report builders need. Only this module of `exports` writes SQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from core.i18n import utc_now_iso
from core.permissions import SYSTEM
from services.publishing import record_issued
from services.report_data import publication_options

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


@migrations()
def m002_document_settings(db: Database) -> None:
    # Data the office edits for its documents: the CCHC report outline, the legal bases of a decision.
    db.table("document_settings").create(
        {"key": str, "body": str, "updated_by": int, "updated_at": str},
        pk="key",
        not_null={"body", "updated_at"},
        foreign_keys=[("updated_by", "users", "id")],
    )


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


_SERIES = "doc_type = ? and year = ? and substr(symbol, instr(symbol, '/') + 1) = ?"


def next_number(db: Database, doc_type: str, year: int, series: str) -> int:
    """The next number of the series of `doc_type` in `year`; `series` is what follows the
    number in the symbol ("BC-SNV", "BC-UBND", "SNV-CCHC" for an official letter)."""
    row = db.execute(
        f"select coalesce(max(number), 0) + 1 from report_register where {_SERIES}",  # noqa: S608 (constant)
        [doc_type, year, series],
    ).fetchone()
    return row[0]


def number_taken(db: Database, doc_type: str, year: int, number: int, series: str) -> bool:
    return (
        db.execute(
            f"select 1 from report_register where {_SERIES} and number = ?",  # noqa: S608 (constant)
            [doc_type, year, series, number],
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


# --- document settings (outline, legal bases) --------------------------------


def document_setting(db: Database, key: str) -> dict | None:
    rows = list(db.query("select * from document_settings where key = ?", [key]))
    return rows[0] if rows else None


def put_document_setting(db: Database, row: dict) -> None:
    db.table("document_settings").upsert(row, pk="key")


def delete_document_setting(db: Database, key: str) -> None:
    db.execute("delete from document_settings where key = ?", [key])


@migrations()
def m003_register_subject_replaces(db: Database) -> None:
    # What an issued document is about ("plan:3", "inspection:12", "2026-Q3"), so the page and
    # the command line serve the stored file instead of rebuilding it; and the document a
    # correction replaces (by its register id).
    db.table("report_register").add_column("subject", str)
    db.table("report_register").add_column("replaces_id", int)
    db.table("report_register").create_index(["kind", "subject"])


@migrations()
def m004_series_per_issuer(db: Database) -> None:
    # Numbers run per document type and issuer in a year: the Sở's BC-SNV and the city's
    # BC-UBND it drafts are two series. The symbol ("05/BC-SNV") holds all three, so one
    # symbol per year is the rule now.
    db.execute("drop index if exists idx_report_register_doc_type_year_number")
    db.table("report_register").create_index(["year", "symbol"], unique=True)


def issued_for(db: Database, kind: str, subject: str) -> dict | None:
    """The latest issued document of `kind` about `subject` that no later one replaces."""
    rows = list(
        db.query(
            "select * from report_register r where kind = ? and subject = ?"
            " and not exists (select 1 from report_register n where n.replaces_id = r.id)"
            " order by id desc limit 1",
            [kind, subject],
        )
    )
    return rows[0] if rows else None


def replacement_of(db: Database, report_id: int) -> dict | None:
    rows = list(db.query("select * from report_register where replaces_id = ? order by id limit 1", [report_id]))
    return rows[0] if rows else None


@migrations()
def m005_register_attachment(db: Database) -> None:
    # A document issued with another one attached as it was sent (the Tờ trình with the draft
    # report it submits): the attached file's stored name and SHA-256, frozen with it.
    db.table("report_register").add_column("attachment_name", str)
    db.table("report_register").add_column("attachment_sha256", str)


@migrations()
def m006_issued_months_to_services(db: Database) -> None:
    # Services keeps its own list of issued months now (it used to ask this slice): every
    # month already issued in the register is recorded there once, through services' public
    # function, so the portal keeps showing it. The plan activity issued months are evidence
    # of moves here from services' options, where it was chosen before.
    seen: set[str] = set()
    for row in db.query("select * from report_register where kind = 'services-monthly' order by id"):
        if row["period_code"] in seen:
            continue
        seen.add(row["period_code"])
        record_issued(
            db,
            SYSTEM,
            row["period_code"],
            register_id=row["id"],
            symbol=row["symbol"],
            issued_on=row["issued_on"],
            sha256=row["sha256"],
        )
    chosen = publication_options(db).get("evidence_activity_id")
    if chosen is not None and document_setting(db, "services_evidence_activity") is None:
        db.table("document_settings").insert(
            {"key": "services_evidence_activity", "body": json.dumps(chosen), "updated_at": utc_now_iso()}
        )
