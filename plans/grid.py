"""What the activities grid needs: filtered rows with derived state, edits applied through
the plain write functions (never SQL from the grid), and each user's saved views."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from core.errors import ValidationError
from core.i18n import today_local, utc_now_iso
from core.permissions import User, require
from core.text import clean_line
from plans import activities, progress, report_data, store

FILTER_KEYS = ("theme_ids", "lead_unit_ids", "channel_codes", "statuses", "quarters", "overdue_only")


def clean_filters(filters: dict | None) -> dict:
    """Only the known filter keys, as lists (and a bool for overdue_only)."""
    filters = filters or {}
    result = {k: sorted(filters.get(k) or []) for k in FILTER_KEYS if k != "overdue_only"}
    result["overdue_only"] = bool(filters.get("overdue_only"))
    return result


def rows(db: Database, user: User, plan_id: int, filters: dict | None = None, today: date | None = None) -> list[dict]:
    """The plan's activities with progress, overdue and at-risk flags, narrowed by filters:
    theme, lead unit, channel, status, quarter of the deadline, overdue only."""
    require(user, "plans.view")
    f = clean_filters(filters)
    result = []
    for row in report_data.plan_rows(db, plan_id, today or today_local()):
        codes = (row["channel_codes"] or "").split(";") if row["channel_codes"] else []
        if f["theme_ids"] and row["theme_id"] not in f["theme_ids"]:
            continue
        if f["lead_unit_ids"] and row["lead_unit_id"] not in f["lead_unit_ids"]:
            continue
        if f["channel_codes"] and not set(codes) & set(f["channel_codes"]):
            continue
        if f["statuses"] and row["status"] not in f["statuses"]:
            continue
        if f["quarters"] and row["quarter"] not in f["quarters"]:
            continue
        if f["overdue_only"] and not row["overdue"]:
            continue
        result.append(row)
    return result


def apply_edits(db: Database, actor: User, edits: dict[int, dict], on_date=None) -> int:
    """Apply the grid's changed cells: ``{activity_id: {"status": ..., "progress": percent,
    "review_note": text or None}}`` (an emptied review note means the row has been reviewed).

    Each goes through `activities.change_status` / `progress.add_progress` (validation,
    permission, audit); all of them commit together or not at all. Returns how many activities were edited."""
    require(actor, "plans.edit")
    with db.atomic():
        for activity_id, change in edits.items():
            activity_id = int(activity_id)
            if change.get("progress") is not None:
                progress.add_progress(db, actor, activity_id, on_date=on_date, percent=change["progress"])
            status = change.get("status")
            if status and status != activities.get_activity(db, activity_id)["status"]:
                activities.change_status(db, actor, activity_id, status, on_date)
            if "review_note" in change:
                activities.update_activity(db, actor, activity_id, review_note=change["review_note"])
    return len(edits)


def save_view(db: Database, user: User, name: str, filters: dict) -> dict:
    """Keep a named set of filters for this user (saving under an existing name replaces it)."""
    require(user, "plans.view")
    name = clean_line(name)
    if not name:
        raise ValidationError("error.view_name_missing")
    view_id = store.upsert_view(db, user.id, name, clean_filters(filters), utc_now_iso())
    return next(v for v in store.list_views(db, user.id) if v["id"] == view_id)


def list_views(db: Database, user: User) -> list[dict]:
    require(user, "plans.view")
    return store.list_views(db, user.id)


def delete_view(db: Database, user: User, view_id: int) -> bool:
    """Remove one of this user's own views (another user's view is left alone)."""
    require(user, "plans.view")
    return store.delete_view(db, user.id, view_id) > 0


def changed_cells(before: list[dict], after: list[dict]) -> dict[int, dict]:
    """The grid's edits as ``{activity_id: {"status": ..., "progress": ..., "review_note": ...}}``:
    only the status, progress and review cells a person actually changed."""
    old = {int(r["id"]): r for r in before}
    edits: dict[int, dict] = {}
    for row in after:
        previous = old.get(int(row["id"]))
        if previous is None:
            continue
        change = {}
        if row.get("status") and row["status"] != previous["status"]:
            change["status"] = row["status"]
        new_progress = row.get("progress")
        is_number = new_progress is not None and new_progress == new_progress  # NaN: an emptied cell
        if is_number and abs(float(new_progress) - float(previous["progress"])) > 1e-9:
            change["progress"] = float(new_progress)
        if "review" in row:
            note = row["review"].strip() if isinstance(row["review"], str) and row["review"].strip() else None
            if note != (previous.get("review_note") or None):
                change["review_note"] = note
        if change:
            edits[int(row["id"])] = change
    return edits
