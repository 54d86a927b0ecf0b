"""Activities of a plan (the appendix rows): validation, creation, updates.

Every write goes through here — the grid, the import, remedial tasks created from a
reform index — so the rules, the permission check and the audit row are never skipped."""

from __future__ import annotations

from sqlite_utils import Database

from core import audit
from core.dates import iso_date
from core.errors import NotFound, ValidationError
from core.i18n import t, today_local, utc_now_iso
from core.permissions import User, require
from core.text import nfc, number, visible_line
from core.units import unit_by_id
from plans import store
from plans.plans import get_plan

FIELDS = (
    "theme_id",
    "title",
    "description",
    "lead_unit_id",
    "period_kind",
    "planned_start",
    "planned_end",
    "deadline",
    "actual_start",
    "actual_end",
    "output",
    "target",
    "target_unit",
    "budget",
    "budget_used",
    "status",
    "recurrence",
    "index_node_id",
    "expected_effect",
    "review_note",  # why an imported row needs a second look ("cần xem lại"); None once reviewed
)
DATE_FIELDS = ("planned_start", "planned_end", "deadline", "actual_start", "actual_end")
STATUSES = store.ACTIVITY_STATUSES


def status_label(status: str | None, lang: str = "vi") -> str:
    """An activity status as people read it. The one catalogue of activity status labels
    (`plans.status.*`): pages, spreadsheets, charts and reports all ask here."""
    return t(f"plans.status.{status}", lang) if status in STATUSES else (status or "")


CAUSES = ("objective", "subjective")  # khách quan / chủ quan: how a report sorts the reasons
# A reason or cause is quoted word for word in reports: a long paragraph at most, never a book.
MAX_CAUSE = 1000


def cause_text(text: str | None) -> str | None:
    """A reason or cause as a report may quote it: one line of what it visibly says (no
    bidirectional override or zero-width character making it print otherwise than stored),
    at most MAX_CAUSE characters; None when empty."""
    text = visible_line(text)
    if len(text) > MAX_CAUSE:
        raise ValidationError("error.cause_too_long", limit=MAX_CAUSE, length=len(text))
    return text or None


def validate(db: Database, plan: dict, data: dict) -> tuple[dict, list[str]]:
    """Clean and check one activity's fields. Returns (row, warnings); raises on errors."""
    row = {k: data.get(k) for k in FIELDS if k in data}
    row["title"] = visible_line(row.get("title"))
    if not row["title"]:
        raise ValidationError("error.activity_title_missing")
    for key in ("description", "output", "target_unit", "expected_effect", "review_note"):
        if key in row:
            row[key] = nfc(row[key] or "").strip() or None
    for key in DATE_FIELDS:
        if key in row:
            row[key] = iso_date(row[key], key)
    if row.get("planned_start") and row.get("planned_end") and row["planned_end"] < row["planned_start"]:
        raise ValidationError("error.activity_end_before_start")
    if row.get("actual_start") and row.get("actual_end") and row["actual_end"] < row["actual_start"]:
        raise ValidationError("error.activity_end_before_start")
    for key in ("budget", "budget_used", "target"):
        if key in row:
            row[key] = number(row[key], key, integer=key != "target")
    status = row.setdefault("status", data.get("status") or "not_started")
    if status not in store.ACTIVITY_STATUSES:
        raise ValidationError("error.activity_status_unknown", status=status)
    if row.setdefault("period_kind", "dates") not in store.PERIOD_KINDS:
        raise ValidationError("error.activity_period_unknown", value=row["period_kind"])
    if row.setdefault("recurrence", "none") not in store.RECURRENCES:
        raise ValidationError("error.activity_recurrence_unknown", value=row["recurrence"])
    if row.get("theme_id") is not None:
        theme = store.theme_row(db, row["theme_id"])
        if theme is None or theme["plan_id"] != plan["id"]:
            raise ValidationError("error.theme_not_in_plan")
    if row.get("lead_unit_id") is not None and unit_by_id(db, row["lead_unit_id"]) is None:
        raise ValidationError("error.unit_unknown_id", unit=row["lead_unit_id"])
    warnings = []
    if row.get("deadline") and not (str(plan["year"]) <= row["deadline"][:4] <= str(plan["end_year"] or plan["year"])):
        warnings.append("warning.deadline_outside_year")
    return row, warnings


def create_activity(
    db: Database,
    actor: User,
    plan_id: int,
    *,
    coordinating_unit_ids: list[int] = (),
    channel_ids: list[int] = (),
    lead_group_id: int | None = None,
    coordinating_group_ids: list[int] = (),
    **fields,
) -> dict:
    """Create one activity with its coordinating units and channels, and the unit groups that
    lead or coordinate it ("Các sở, ban, ngành"), in one transaction; the deadline defaults to
    the planned end. Returns the stored row plus ``warnings`` (message keys)."""
    require(actor, "plans.edit")
    plan = get_plan(db, plan_id)
    if not fields.get("deadline"):
        fields["deadline"] = fields.get("planned_end")  # an activity without a deadline is due when it ends
    row, warnings = validate(db, plan, fields)
    now = utc_now_iso()
    row.update(
        plan_id=plan_id, created_at=now, updated_at=now, position=store.next_position(db, plan_id, row.get("theme_id"))
    )
    with db.atomic():
        activity_id = store.insert_activity(db, row)
        store.set_activity_links(db, activity_id, list(coordinating_unit_ids), list(channel_ids))
        links = {"coordinating_unit_ids": sorted(coordinating_unit_ids), "channel_ids": sorted(channel_ids)}
        if lead_group_id or coordinating_group_ids:
            store.set_activity_groups(db, activity_id, lead_group_id, list(coordinating_group_ids))
            links |= {"lead_group_id": lead_group_id, "coordinating_group_ids": sorted(coordinating_group_ids)}
        if row["status"] != "not_started" or row.get("budget_used"):
            day = row.get("actual_end") or row.get("actual_start") or today_local().isoformat()
            _record_history(db, actor, activity_id, row, day, None, None)
        audit.record(db, actor, "create", "activities", activity_id, None, {**row, **links})
    return {**get_activity(db, activity_id), "warnings": warnings}


def find_activity(db: Database, activity_id: int) -> dict | None:
    """The activity row with this id, or None (press coverage links to activities)."""
    return store.activity_row(db, activity_id)


def get_activity(db: Database, activity_id: int) -> dict:
    row = store.activity_row(db, activity_id)
    if row is None:
        raise NotFound("error.activity_not_found", activity=activity_id)
    return {**row, **store.activity_links(db, activity_id)}


def update_activity(
    db: Database, actor: User, activity_id: int, *, effective_on=None, reason=None, cause=None, **changes
) -> dict:
    """Change some fields (and optionally the unit/channel links) of one activity. A change of
    status or budget used is also written, dated `effective_on` (default: the actual date the
    status implies, else today), to the activity's history with the optional reason and its
    cause (objective/subjective) — in the same transaction — so reports can state it as it
    stood at their cut-off."""
    require(actor, "plans.edit")
    before = get_activity(db, activity_id)
    plan = get_plan(db, before["plan_id"])
    unit_ids = changes.pop("coordinating_unit_ids", None)
    channel_ids = changes.pop("channel_ids", None)
    groups = {k: changes.pop(k) for k in ("lead_group_id", "coordinating_group_ids") if k in changes}
    merged = {k: before[k] for k in FIELDS} | changes
    row, warnings = validate(db, plan, merged)
    reason = cause_text(reason)
    if cause not in (None, "", *CAUSES):
        raise ValidationError("error.activity_cause_unknown", value=cause)
    row["updated_at"] = utc_now_iso()
    moved = row["status"] != before["status"] or (row.get("budget_used") or 0) != (before["budget_used"] or 0)
    with db.atomic():
        store.update_activity(db, activity_id, row)
        if unit_ids is not None or channel_ids is not None:
            store.set_activity_links(
                db,
                activity_id,
                list(before["coordinating_unit_ids"] if unit_ids is None else unit_ids),
                list(before["channel_ids"] if channel_ids is None else channel_ids),
            )
        if moved or reason:
            day = iso_date(effective_on, "effective_on") or _implied_day(row)
            _record_history(db, actor, activity_id, row, day, reason, cause or None)
        if groups:
            lead_group = groups.get("lead_group_id", before["lead_group_id"])
            store.set_activity_groups(
                db,
                activity_id,
                lead_group,
                list(groups.get("coordinating_group_ids", before["coordinating_group_ids"])),
            )
        after = get_activity(db, activity_id)
        audit.record(db, actor, "update", "activities", activity_id, before, after | _why(reason, cause))
    return {**after, "warnings": warnings}


def _why(reason, cause) -> dict:
    return {"reason": reason, "cause": cause or None} if reason else {}


def _implied_day(row: dict) -> str:
    """The day a state took effect when nobody said: finishing on the actual end, starting
    on the actual start, anything else today."""
    if row["status"] == "done" and row.get("actual_end"):
        return row["actual_end"]
    if row["status"] == "in_progress" and row.get("actual_start"):
        return row["actual_start"]
    return today_local().isoformat()


def _record_history(db: Database, actor: User, activity_id: int, row: dict, day: str, reason, cause) -> None:
    store.insert_history(
        db,
        {
            "activity_id": activity_id,
            "on_date": day,
            "status": row["status"],
            "budget_used": row.get("budget_used"),
            "reason": reason,
            "cause": cause,
            "author_id": actor.id,
            "recorded_at": utc_now_iso(),
        },
    )


def activity_history(db: Database, activity_id: int) -> list[dict]:
    """The dated states of one activity (status, budget used, reason, cause), oldest first."""
    return store.activity_history(db, activity_id)


def list_activities(db: Database, plan_id: int) -> list[dict]:
    return store.list_activities(db, plan_id)


def index_node_activities(db: Database, node_ids: list[int] | None = None) -> list[dict]:
    """Activities tagged with a reform-index node (remedial tasks; all of them, or those of
    `node_ids`), each with its plan's year, number and title, by year and deadline."""
    return store.index_node_activities(db, node_ids)


def activities_by_ids(db: Database, activity_ids: list[int]) -> list[dict]:
    """The activities of `activity_ids` (those that exist), each with its plan's year,
    number and title, by year and deadline."""
    return store.activities_with_plan(db, activity_ids)


def _status_changes(before: dict, status: str, on_date) -> dict:
    """The fields a move to `status` changes: starting work records the actual start,
    finishing records the actual end (both on `on_date`, default today), reopening clears the end."""
    day = iso_date(on_date, "on_date") or today_local().isoformat()
    changes: dict = {"status": status}
    if status in ("in_progress", "done") and not before["actual_start"]:
        changes["actual_start"] = day
    if status == "done" and not before["actual_end"]:
        changes["actual_end"] = day
    if status in ("not_started", "in_progress") and before["actual_end"]:
        changes["actual_end"] = None
    return changes


def change_status(
    db: Database, actor: User, activity_id: int, status: str, on_date=None, *, reason=None, cause=None
) -> dict:
    """Set an activity's status on `on_date` (default today), keeping actual dates (see
    `_status_changes`); `reason` says why it was postponed or cancelled and `cause` whether
    that was objective or subjective."""
    require(actor, "plans.edit")  # the role first: a refused caller learns nothing of the record
    before = get_activity(db, activity_id)
    day = iso_date(on_date, "on_date") or today_local().isoformat()
    return update_activity(
        db, actor, activity_id, effective_on=day, reason=reason, cause=cause, **_status_changes(before, status, day)
    )


def set_status_and_budget(
    db: Database, actor: User, activity_id: int, *, status: str, budget_used, on_date=None, reason=None, cause=None
) -> dict:
    """Save an activity's status and budget used together: one transaction, one audit row and
    one history row, all or nothing. Nothing is written when neither changed."""
    require(actor, "plans.edit")
    before = get_activity(db, activity_id)
    changes = _status_changes(before, status, on_date) if status != before["status"] else {}
    if (budget_used or 0) != (before["budget_used"] or 0):  # empty and zero are the same amount
        changes["budget_used"] = budget_used
    if not changes:
        return {**before, "warnings": []}
    return update_activity(db, actor, activity_id, effective_on=on_date, reason=reason, cause=cause, **changes)
