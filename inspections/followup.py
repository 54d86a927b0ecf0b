"""Findings by content area, recommendations (kiến nghị) with the responsible unit and a
deadline, and the follow-up trail until the unit's remedy report closes them.

Office staff may write on any inspection; an inspector only on inspections whose team
they are on (checked here, after the role check)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlite_utils import Database

from core import audit, periods
from core.errors import NotFound, ValidationError
from core.i18n import t, today_local, utc_now_iso
from core.permissions import User, require
from core.text import nfc
from core.units import unit_by_id
from inspections import schedule, store

REMEDY_DAYS = 15  # the unit reports its remedies within 15 days of the conclusion notice


def _day(value: date | str | None, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError("inspections.error.date_invalid", value=str(value)) from None


def default_deadline(conclusion_on: date | str | None, today: date | None = None) -> date | None:
    """15 days after the conclusion notice, or None while there is no notice yet. Given
    `today`, a deadline that would already have passed is 15 days from today instead: a
    suggested deadline is never one the recommendation misses the moment it is saved."""
    day = _day(conclusion_on, "conclusion_on")
    if day is None:
        return None
    due = day + timedelta(days=REMEDY_DAYS)
    return today + timedelta(days=REMEDY_DAYS) if today is not None and due <= today else due


# --- findings ------------------------------------------------------------------


def list_findings(db: Database, inspection_id: int) -> list[dict]:
    return store.findings(db, inspection_id)


def open_for_results(inspection: dict) -> bool:
    """Whether findings and recommendations may be written: not on a cancelled inspection
    (it did not take place)."""
    return inspection["status"] != "cancelled"


def _refuse_if_cancelled(inspection: dict) -> None:
    if not open_for_results(inspection):
        raise ValidationError("inspections.error.cancelled_results")


def _cause(kind: str, cause: str | None, cause_kind: str | None) -> dict:
    """A shortcoming's cause and its kind, checked: only a shortcoming has one, a kind needs
    the cause's text, and the kind is objective or subjective (or not said)."""
    cause = nfc(cause or "").strip() or None
    cause_kind = cause_kind or None
    if cause_kind is not None and cause_kind not in store.CAUSE_KINDS:
        raise ValidationError("inspections.error.cause_kind", value=cause_kind)
    if cause is None and cause_kind is not None:
        raise ValidationError("inspections.error.cause_empty")
    if cause is not None and kind != "shortcoming":
        raise ValidationError("inspections.error.cause_on_strength")
    return {"cause": cause, "cause_kind": cause_kind}


def add_finding(
    db: Database,
    actor: User,
    inspection_id: int,
    *,
    item_id: int | None,
    kind: str | None,
    text: str,
    cause: str | None = None,
    cause_kind: str | None = None,
) -> dict:
    """A strength or shortcoming found in one content area of the checklist; a shortcoming
    may carry its cause, objective (khách quan) or subjective (chủ quan)."""
    schedule.require_findings(db, actor, inspection_id)
    inspection = schedule.get_inspection(db, inspection_id)
    _refuse_if_cancelled(inspection)
    text = nfc(text).strip()
    if not kind:
        raise ValidationError("inspections.error.finding_kind_needed")
    if kind not in store.FINDING_KINDS:
        raise ValidationError("inspections.error.finding_kind", kind=kind)
    if not text:
        raise ValidationError("inspections.error.finding_empty")
    if item_id is not None and item_id not in {i["id"] for i in inspection["items"]}:
        raise ValidationError("inspections.error.item_unknown", item=item_id)
    row = {
        "inspection_id": inspection_id,
        "item_id": item_id,
        "kind": kind,
        "text": text,
        **_cause(kind, cause, cause_kind),
        "created_by": actor.id,
        "created_at": utc_now_iso(),
    }
    with db.atomic():
        finding_id = store.insert_finding(db, row)
        audit.record(db, actor, "create", "findings", finding_id, None, row)
    return store.finding_row(db, finding_id)


def set_finding_cause(db: Database, actor: User, finding_id: int, *, cause: str | None, cause_kind: str | None) -> dict:
    """Record (or clear, with an empty text) the cause of a shortcoming already written down:
    the causes are often known only after the visit, when the notice is drafted."""
    require(actor, "inspections.findings")  # the role first: a refused caller learns nothing of the record
    row = store.finding_row(db, finding_id)
    if row is None:
        raise NotFound("inspections.error.finding_not_found", id=finding_id)
    schedule.require_findings(db, actor, row["inspection_id"])
    _refuse_if_cancelled(schedule.get_inspection(db, row["inspection_id"]))
    changes = _cause(row["kind"], cause, cause_kind)
    with db.atomic():
        store.update_finding(db, finding_id, changes)
        audit.record(db, actor, "update", "findings", finding_id, row, {**row, **changes})
    return store.finding_row(db, finding_id)


def delete_finding(db: Database, actor: User, finding_id: int) -> None:
    require(actor, "inspections.findings")  # the role first: a refused caller learns nothing of the record
    row = store.finding_row(db, finding_id)
    if row is None:
        raise NotFound("inspections.error.finding_not_found", id=finding_id)
    schedule.require_findings(db, actor, row["inspection_id"])
    with db.atomic():
        store.delete_finding(db, finding_id)
        audit.record(db, actor, "delete", "findings", finding_id, row, None)


# --- recommendations -------------------------------------------------------------


def list_recommendations(db: Database, inspection_id: int) -> list[dict]:
    """Recommendations of one inspection, each with its follow-up trail."""
    recs = store.recommendations(db, inspection_id)
    trails = store.followups(db, [r["id"] for r in recs])
    for rec in recs:
        rec["followups"] = trails[rec["id"]]
    return recs


def add_recommendation(
    db: Database,
    actor: User,
    inspection_id: int,
    *,
    text: str,
    unit_id: int | None = None,
    deadline: date | str | None = None,
    inspector_id: int | None = None,
    finding_id: int | None = None,
) -> dict:
    """A recommendation to a responsible unit (default: the inspected unit) with a deadline
    (default: 15 days after the conclusion notice) and the inspector who follows it up
    (default: the head of the team)."""
    schedule.require_findings(db, actor, inspection_id)
    inspection = schedule.get_inspection(db, inspection_id)
    _refuse_if_cancelled(inspection)
    text = nfc(text).strip()
    if not text:
        raise ValidationError("inspections.error.recommendation_empty")
    unit_id = unit_id or inspection["unit_id"]
    if unit_by_id(db, unit_id) is None:
        raise ValidationError("inspections.error.unit_unknown", unit=unit_id)
    due = _day(deadline, "deadline") or default_deadline(inspection["conclusion_on"])
    if due is None:
        raise ValidationError("inspections.error.deadline_needed")
    if due < periods.local(inspection["starts_at"]).date():
        raise ValidationError("inspections.error.deadline_before_visit")
    team = {m["user_id"]: m for m in inspection["team"]}
    if inspector_id is None:
        heads = [m["user_id"] for m in inspection["team"] if m["role"] == "head"]
        inspector_id = heads[0] if heads else None
    elif inspector_id not in team:
        raise ValidationError("inspections.error.inspector_not_on_team")
    if finding_id is not None:
        finding = store.finding_row(db, finding_id)
        if finding is None or finding["inspection_id"] != inspection_id:
            raise ValidationError("inspections.error.finding_not_found", id=finding_id)
    now = utc_now_iso()
    row = {
        "inspection_id": inspection_id,
        "finding_id": finding_id,
        "text": text,
        "unit_id": unit_id,
        "inspector_id": inspector_id,
        "deadline": due.isoformat(),
        "status": "open",
        "created_at": now,
        "updated_at": now,
    }
    with db.atomic():
        rec_id = store.insert_recommendation(db, row)
        store.update_inspection(db, inspection_id, {"updated_at": now})
        audit.record(db, actor, "create", "recommendations", rec_id, None, row)
    return store.recommendation_row(db, rec_id)


def add_followup(
    db: Database,
    actor: User,
    rec_id: int,
    *,
    on_date: date | str,
    kind: str = "note",
    text: str = "",
    file: str = "",
) -> dict:
    """One dated entry of the trail: a note, the unit's remedy report, or the closing entry
    (which closes the recommendation). Nothing is added to a closed recommendation."""
    require(actor, "inspections.findings")  # the role first: a refused caller learns nothing of the record
    rec = store.recommendation_row(db, rec_id)
    if rec is None:
        raise NotFound("inspections.error.recommendation_not_found", id=rec_id)
    schedule.require_findings(db, actor, rec["inspection_id"])
    if kind not in store.FOLLOWUP_KINDS:
        raise ValidationError("inspections.error.followup_kind", kind=kind)
    if rec["status"] == "closed":
        raise ValidationError("inspections.error.recommendation_closed")
    day = _day(on_date, "on_date")
    if day is None:
        raise ValidationError("inspections.error.date_invalid", value="")
    text = nfc(text).strip()
    if kind == "note" and not text:
        raise ValidationError("inspections.error.followup_empty")
    now = utc_now_iso()
    row = {
        "recommendation_id": rec_id,
        "on_date": day.isoformat(),
        "kind": kind,
        "text": text or None,
        "file": nfc(file).strip() or None,
        "created_by": actor.id,
        "created_at": now,
    }
    with db.atomic():
        followup_id = store.insert_followup(db, row)
        audit.record(db, actor, "create", "followups", followup_id, None, row)
        if kind == "closed":
            changes = {"status": "closed", "closed_on": day.isoformat(), "updated_at": now}
            store.update_recommendation(db, rec_id, changes)
            audit.record(db, actor, "close", "recommendations", rec_id, {"status": rec["status"]}, changes)
    return store.recommendation_row(db, rec_id)


def is_overdue(rec: dict, day: date | str) -> bool:
    """The one definition of an overdue recommendation: still open at the end of `day` (its
    status as it stood then) and its deadline before `day`. A remedy report filed but not
    yet accepted does not stop the clock."""
    return rec["status"] == "open" and rec["deadline"] < str(day)


def follow_up_state(rec: dict, day: date | str) -> str:
    """Where a recommendation stands at the end of `day`: closed_on_time, closed_late,
    overdue, reported (a remedy report filed, within its deadline) or open."""
    if rec["status"] == "closed":
        return "closed_on_time" if (rec["closed_on"] or "") <= rec["deadline"] else "closed_late"
    if is_overdue(rec, day):
        return "overdue"
    return "reported" if rec.get("remedy_reported") else "open"


FOLLOW_UP_STATES = ("closed_on_time", "closed_late", "reported", "overdue", "open")


def overdue_recommendations(db: Database, on_date: date | None = None) -> list[dict]:
    """Open recommendations whose deadline has passed on `on_date` (default today in Hà Nội),
    oldest deadline first, each with `days_overdue` — for the dashboard and reports."""
    on_date = on_date or today_local()
    rows = [r for r in store.open_recommendations(db) if is_overdue(r, on_date)]
    for row in rows:
        row["days_overdue"] = (on_date - date.fromisoformat(row["deadline"])).days
    return rows


def unit_activity(db: Database, unit_id: int, on_date: date | None = None) -> dict:
    """Hook "units.activity": a unit's inspections (newest first: day, kind, status, a
    label per language, conclusion) and its open recommendations (text, deadline, days overdue on `on_date`),
    for other slices' unit pages. Readers are checked by the slice that shows them."""
    on_date = on_date or today_local()
    inspections = [
        {
            "id": r["id"],
            "day": periods.local(r["starts_at"]).date().isoformat(),
            "kind": r["kind"],
            "status": r["status"],
            "label": {
                lang: f"{t('inspections.kind.' + r['kind'], lang)} ({t('inspections.status.' + r['status'], lang)})"
                for lang in ("vi", "en")
            },
            "conclusion_on": r.get("conclusion_on"),
        }
        for r in reversed(schedule.list_inspections(db, unit_id=unit_id))
    ]
    recommendations = [
        {
            "id": r["id"],
            "text": r["text"],
            "deadline": r["deadline"],
            "days_overdue": max((on_date - date.fromisoformat(r["deadline"])).days, 0),
        }
        for r in store.open_recommendations_of_unit(db, unit_id)
    ]
    return {"inspections": inspections, "recommendations": recommendations}
