"""Inspection plans and inspections: the unit, kind, checklist, time span, place, team and
status, and the scheduling rules checked before saving and enforced on save.

Rules that refuse: an end before the start, a weekend or public holiday (see
`inspections.workdays`), a team member already in another inspection at an overlapping
time, a team member who is neither an inspector nor staff, a team without exactly one
head. Rules that only warn: the unit is inspected twice in one year, or the unit does
not exist on that date (the 2025 reorganisation)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from sqlite_utils import Database

from core import audit, paging, uploads
from core import units as core_units
from core.auth import get_user
from core.errors import NotFound, PermissionDenied, ValidationError
from core.i18n import fmt_date, today_local, utc_now_iso
from core.periods import local, month_utc, to_utc_iso
from core.permissions import User, can, require
from core.settings import Settings
from core.text import clean_line, nfc, visible_line
from core.units import unit_by_id
from inspections import store, workdays

TEAM_USER_ROLES = ("inspector", "staff")
ACTIVE_STATUSES = ("planned", "confirmed", "done")

# The PAR Index fields (QĐ 876/QĐ-BNV) and the office's own items: the default checklist,
# copied into each inspection where it can be edited.
DEFAULT_CHECKLIST: list[tuple[str, str]] = [
    ("PAR1", "Công tác chỉ đạo, điều hành CCHC"),
    ("PAR2", "Cải cách thể chế"),
    ("PAR3", "Cải cách thủ tục hành chính"),
    ("PAR4", "Cải cách tổ chức bộ máy hành chính nhà nước"),
    ("PAR5", "Cải cách chế độ công vụ"),
    ("PAR6", "Cải cách tài chính công"),
    ("PAR7", "Xây dựng và phát triển chính quyền điện tử, chính quyền số"),
    ("PAR8", "Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH"),
    ("VP1", "Thực hiện cơ chế một cửa, một cửa liên thông tại bộ phận tiếp nhận và trả kết quả"),
    ("VP2", "Kỷ luật, kỷ cương hành chính và văn hóa công vụ"),
    ("VP3", "Thông tin, tuyên truyền về CCHC"),
]


@dataclass(frozen=True)
class Draft:
    """What a person enters for an inspection, before the rules are checked."""

    unit_id: int
    day: date
    start: time
    end: time
    kind: str = "scheduled"
    place: str = ""
    status: str = "planned"
    team: tuple[tuple[int, str], ...] = ()  # (user_id, head|member|secretary)
    inspection_plan_id: int | None = None
    note: str = ""


# --- inspection plans -------------------------------------------------------------------


def create_inspection_plan(
    db: Database,
    actor: User,
    *,
    year: int,
    number: str,
    title: str,
    issued_on: date | str | None = None,
    decision_number: str = "",
    decision_issued_on: date | str | None = None,
) -> dict:
    """An annual inspection plan, e.g. 12/KH-SNV of 2026; the number is unique within its year.
    The decision forming its team may be recorded with it when it was issued outside the app."""
    require(actor, "inspections.edit")
    number, title = clean_line(number), visible_line(title)
    if not title or not number:
        raise ValidationError("inspections.error.inspection_plan_incomplete")
    if not 2000 <= int(year) <= 2100:
        raise ValidationError("inspections.error.inspection_plan_year", year=year)
    if store.inspection_plan_by_number(db, int(year), number):
        raise ValidationError("inspections.error.inspection_plan_number_taken", number=number, year=year)
    row = {
        "year": int(year),
        "number": number,
        "title": title,
        "issued_on": issued_on.isoformat() if isinstance(issued_on, date) else issued_on,
        "created_at": utc_now_iso(),
        **_decision_fields(decision_number, decision_issued_on),
    }
    with db.atomic():
        inspection_plan_id = store.insert_inspection_plan(db, row)
        audit.record(db, actor, "create", "inspection_plans", inspection_plan_id, None, row)
    return store.inspection_plan_row(db, inspection_plan_id)


def _optional_day(value: date | str | None) -> date | None:
    """A day as picked (a date) or typed (ISO), or None when left empty."""
    if value in (None, ""):
        return None
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError("inspections.error.date_invalid", value=str(value)) from None


def _issue_day(value: date | str | None) -> date | None:
    """A document's issue date as typed or picked: none, or a real day not after today."""
    day = _optional_day(clean_line(value) or value if isinstance(value, str) else value)
    if day is not None and day > today_local():
        raise ValidationError("inspections.error.issued_in_future", day=fmt_date(day))
    return day


def _decision_fields(number: str | None, issued_on: date | str | None) -> dict:
    """The QĐ forming the team as recorded: its number ('25' or '25/QĐ-SNV') and its date."""
    day = _issue_day(issued_on)
    return {"decision_number": visible_line(number) or None, "decision_issued_on": day.isoformat() if day else None}


def set_plan_references(
    db: Database,
    actor: User,
    inspection_plan_id: int,
    *,
    number: str,
    issued_on: date | str | None,
    decision_number: str = "",
    decision_issued_on: date | str | None = None,
) -> dict:
    """Record or correct the number and date of the round's plan (KH) and of the decision
    forming its team (QĐ), as issued outside the app: the round's documents cite them instead
    of blanks. The plan's number stays unique within its year; dates are not in the future.
    One audited write; on a refusal nothing changes."""
    require(actor, "inspections.edit")
    before = store.inspection_plan_row(db, inspection_plan_id)
    if before is None:
        raise NotFound("inspections.error.inspection_plan_not_found", plan=inspection_plan_id)
    number = visible_line(number)
    if not number:
        raise ValidationError("inspections.error.inspection_plan_incomplete")
    other = store.inspection_plan_by_number(db, before["year"], number)
    if other and other["id"] != inspection_plan_id:
        raise ValidationError("inspections.error.inspection_plan_number_taken", number=number, year=before["year"])
    day = _issue_day(issued_on)
    changes = {"number": number, "issued_on": day.isoformat() if day else None}
    changes |= _decision_fields(decision_number, decision_issued_on)
    with db.atomic():
        store.update_inspection_plan(db, inspection_plan_id, changes)
        audit.record(
            db, actor, "update", "inspection_plans", inspection_plan_id, {k: before.get(k) for k in changes}, changes
        )
    return store.inspection_plan_row(db, inspection_plan_id)


def list_inspection_plans(db: Database) -> list[dict]:
    return store.list_inspection_plans(db)


HONORIFICS = ("Ông", "Bà")


def set_inspector_profile(
    db: Database, actor: User, user_id: int, *, honorific: str, position: str, work_unit: str
) -> dict:
    """What the round's documents print of a team member: "Ông/Bà", position and unit (audited)."""
    require(actor, "inspections.edit")
    if get_user(db, user_id) is None:
        raise NotFound("inspections.error.user_not_found", user=user_id)
    honorific, position, work_unit = clean_line(honorific), clean_line(position), clean_line(work_unit)
    if honorific not in HONORIFICS or not position or not work_unit:
        raise ValidationError("inspections.error.inspector_profile_incomplete")
    before = store.inspector_profile(db, user_id)
    row = {
        "user_id": user_id,
        "honorific": honorific,
        "position": position,
        "work_unit": work_unit,
        "updated_at": utc_now_iso(),
    }
    with db.atomic():
        store.put_inspector_profile(db, row)
        audit.record(db, actor, "update", "inspector_profiles", user_id, before, row)
    return row


def set_self_report_due(db: Database, actor: User, inspection_plan_id: int, day: date | str | None) -> dict:
    """The day by which the units of a plan send their self-inspection report (audited)."""
    require(actor, "inspections.edit")
    before = store.inspection_plan_row(db, inspection_plan_id)
    if before is None:
        raise NotFound("inspections.error.inspection_plan_not_found", plan=inspection_plan_id)
    value = _optional_day(day)
    with db.atomic():
        store.set_self_report_due(db, inspection_plan_id, value.isoformat() if value else None)
        after = store.inspection_plan_row(db, inspection_plan_id)
        audit.record(db, actor, "update", "inspection_plans", inspection_plan_id, before, after)
    return after


def inspection_plan_by_number(db: Database, year: int, number: str) -> dict | None:
    return store.inspection_plan_by_number(db, year, number)


# --- eligible team members ------------------------------------------------------


def eligible_members(db: Database) -> list[User]:
    """Active users who may sit on an inspection team: inspectors and staff."""
    from core.auth import users_with_role

    members = [u for role in TEAM_USER_ROLES for u in users_with_role(db, role)]
    return sorted(members, key=lambda u: u.display_name)


# --- the rules ---------------------------------------------------------------


def _problem(key: str, **params) -> dict:
    return {"key": key, "params": params}


def check(
    db: Database, draft: Draft, inspection_id: int | None = None, today: date | None = None
) -> dict[str, list[dict]]:
    """Check `draft` against every scheduling rule without saving anything (a planned or
    confirmed day before `today` is flagged as past, whatever else it is).

    Returns {"errors": [...], "warnings": [...]}, each item {"key", "params"} — the same
    shape ValidationError carries, so a page can show them before the person saves."""
    errors: list[dict] = []
    warnings: list[dict] = []
    if draft.kind not in store.KINDS:
        errors.append(_problem("inspections.error.kind_unknown", kind=draft.kind))
    if draft.status not in store.STATUSES:
        errors.append(_problem("inspections.error.status_unknown", status=draft.status))
    unit = unit_by_id(db, draft.unit_id) if draft.unit_id else None
    if unit is None:
        errors.append(_problem("inspections.error.unit_unknown", unit=draft.unit_id))
    if draft.end <= draft.start:
        errors.append(
            _problem(
                "inspections.error.end_before_start",
                start=draft.start.strftime("%H:%M"),
                end=draft.end.strftime("%H:%M"),
            )
        )
    errors.extend(_team_problems(db, draft.team))
    if draft.status in ("planned", "confirmed") and draft.day < (today or date.today()):
        warnings.append(_problem("inspections.warn.past_day", day=fmt_date(draft.day)))
    if draft.status in ACTIVE_STATUSES:
        working, reason = workdays.day_status(db, draft.day)
        if not working:
            key = "inspections.error.weekend" if reason == "weekend" else "inspections.error.holiday"
            errors.append(_problem(key, day=fmt_date(draft.day), name=reason or ""))
        if draft.end > draft.start and draft.team:
            starts_at, ends_at = to_utc_iso(draft.day, draft.start), to_utc_iso(draft.day, draft.end)
            for row in store.overlapping(db, [u for u, _r in draft.team], starts_at, ends_at, inspection_id):
                errors.append(
                    _problem(
                        "inspections.error.overlap",
                        name=row["full_name"] or row["username"],
                        unit=row["unit_name"],
                        day=fmt_date(local(row["starts_at"]).date()),
                        start=local(row["starts_at"]).strftime("%H:%M"),
                        end=local(row["ends_at"]).strftime("%H:%M"),
                    )
                )
    if unit is not None:
        if not core_units.exists_on(unit, draft.day):
            successors = ", ".join(
                s["name"] for s in core_units.current_successors(db, unit["code"], draft.day) if s["id"] != unit["id"]
            )
            warnings.append(
                _problem(
                    "inspections.warn.unit_gone",
                    unit=unit["name"],
                    day=fmt_date(draft.day),
                    successors=successors or "—",
                )
            )
        if draft.status != "cancelled":
            others = store.unit_inspections_in_year(db, unit["id"], draft.day.year, inspection_id)
            if others:
                warnings.append(
                    _problem(
                        "inspections.warn.twice_in_year",
                        unit=unit["name"],
                        year=draft.day.year,
                        days=", ".join(fmt_date(local(o["starts_at"]).date()) for o in others),
                    )
                )
    return {"errors": errors, "warnings": warnings}


def _team_problems(db: Database, team: tuple[tuple[int, str], ...]) -> list[dict]:
    problems = []
    seen = set()
    for user_id, role in team:
        member = get_user(db, user_id)
        if member is None or not member.active:
            problems.append(_problem("inspections.error.member_unknown", user=user_id))
            continue
        if member.role not in TEAM_USER_ROLES:
            problems.append(_problem("inspections.error.member_not_inspector", name=member.display_name))
        if role not in store.TEAM_ROLES:
            problems.append(_problem("inspections.error.team_role_unknown", role=role))
        if user_id in seen:
            problems.append(_problem("inspections.error.member_twice", name=member.display_name))
        seen.add(user_id)
    if team:
        heads = sum(1 for _u, r in team if r == "head")
        if heads != 1:
            problems.append(_problem("inspections.error.one_head", n=heads))
        if sum(1 for _u, r in team if r == "secretary") > 1:
            problems.append(_problem("inspections.error.one_secretary"))
    return problems


def _refuse_if(problems: dict[str, list[dict]]) -> None:
    if problems["errors"]:
        raise ValidationError("inspections.error.rules", errors=problems["errors"], n=len(problems["errors"]))


# --- reading -----------------------------------------------------------------


def get_inspection(db: Database, inspection_id: int) -> dict:
    """One inspection with its team and checklist."""
    row = store.inspection_row(db, inspection_id)
    if row is None:
        raise NotFound("inspections.error.not_found", id=inspection_id)
    row["team"] = store.team(db, inspection_id)
    row["items"] = store.items(db, inspection_id)
    return row


def draft_of(row: dict) -> Draft:
    """The Draft that reproduces a stored inspection (a starting point for an edit)."""
    start, end = local(row["starts_at"]), local(row["ends_at"])
    return Draft(
        unit_id=row["unit_id"],
        day=start.date(),
        start=start.time().replace(tzinfo=None),
        end=end.time().replace(tzinfo=None),
        kind=row["kind"],
        place=row["place"] or "",
        status=row["status"],
        team=tuple((m["user_id"], m["role"]) for m in row.get("team") or []),
        inspection_plan_id=row["plan_id"],
        note=row["note"] or "",
    )


def team_of(head: int | None, members: list[int], secretary: int | None) -> tuple[tuple[int, str], ...]:
    """The team as (user_id, role) pairs from what a person picked: a head, members, a secretary."""
    team = [(head, "head")] if head else []
    team += [(m, "member") for m in members]
    return tuple(team + ([(secretary, "secretary")] if secretary else []))


def is_changed(current: Draft, edited: Draft) -> bool:
    """Whether an edit changes anything (the team compared as a set, in any order)."""
    return replace(current, team=tuple(sorted(current.team))) != replace(edited, team=tuple(sorted(edited.team)))


def _filters(
    unit_id: int | None,
    user_id: int | None,
    status: str | None,
    month: str | None,
    year: int | None,
    starts_from: str | None,
    starts_before: str | None,
) -> dict:
    """The store's filters for the schedule's: a month ('YYYY-MM', Hà Nội time) or a year
    narrows `starts_from`/`starts_before` (both apply when both are given)."""
    bounds = []
    if month:
        bounds.append(month_utc(month))
    if year:
        bounds.append((to_utc_iso(date(year, 1, 1), time(0)), to_utc_iso(date(year + 1, 1, 1), time(0))))
    for since, until in bounds:
        starts_from = max(starts_from, since) if starts_from else since
        starts_before = min(starts_before, until) if starts_before else until
    return {
        "unit_ids": [unit_id] if unit_id else None,
        "user_id": user_id,
        "statuses": [status] if status else None,
        "starts_from": starts_from,
        "starts_before": starts_before,
    }


def _with_teams(db: Database, rows: list[dict]) -> list[dict]:
    teams = store.teams_for(db, [r["id"] for r in rows])
    for row in rows:
        row["team"] = teams[row["id"]]
    return rows


def list_inspections(
    db: Database,
    *,
    unit_id: int | None = None,
    user_id: int | None = None,
    status: str | None = None,
    month: str | None = None,
    year: int | None = None,
    starts_from: str | None = None,
    starts_before: str | None = None,
) -> list[dict]:
    """Inspections matching the filters (month 'YYYY-MM' in Hà Nội time), each with its team."""
    filters = _filters(unit_id, user_id, status, month, year, starts_from, starts_before)
    return _with_teams(db, store.query_inspections(db, **filters))


def inspection_page(
    db: Database,
    *,
    page: int = 1,
    page_size: int = 50,
    unit_id: int | None = None,
    user_id: int | None = None,
    status: str | None = None,
    month: str | None = None,
    year: int | None = None,
) -> dict:
    """One page of `list_inspections` (same filters, same order): {"rows" (with their team),
    "total" (of every page), "page", "pages", "page_size"}. Only the page is read from the
    database; a page past the end shows the last."""
    filters = _filters(unit_id, user_id, status, month, year, None, None)
    total = store.count_inspections(db, **filters)
    page_size = max(1, int(page_size))
    page = paging.clamp(page, total, page_size)
    rows = store.query_inspections(db, **filters, limit=page_size, offset=paging.offset(page, page_size))
    return {
        "rows": _with_teams(db, rows) if total else [],
        "total": total,
        "page": page,
        "pages": paging.page_count(total, page_size),
        "page_size": page_size,
    }


def count_inspections(
    db: Database,
    *,
    unit_id: int | None = None,
    user_id: int | None = None,
    status: str | None = None,
    month: str | None = None,
    year: int | None = None,
) -> int:
    """How many inspections `list_inspections` gives for the same filters, counted in the database."""
    return store.count_inspections(db, **_filters(unit_id, user_id, status, month, year, None, None))


def inspection_months(db: Database) -> list[str]:
    """Every month ('YYYY-MM', Hà Nội time) from the first inspection's to the last one's,
    oldest first: what a picker narrows the inspections by. Empty when there are none."""
    span = store.inspection_span(db)
    if span is None:
        return []
    first, last = (local(x).date().replace(day=1) for x in span)
    months = []
    while first <= last:
        months.append(first.strftime("%Y-%m"))
        first = (first + timedelta(days=32)).replace(day=1)
    return months


def month_to_show(db: Database, today: date, inspection_id: int | None = None) -> str | None:
    """The month a picker of inspections opens on: that of `inspection_id` when it exists,
    else that of the next inspection from `today`, else that of the last one (None: none)."""
    row = store.inspection_row(db, inspection_id) if inspection_id is not None else None
    start = row["starts_at"] if row else store.next_start(db, to_utc_iso(today, time(0)))
    if start is None:
        span = store.inspection_span(db)
        start = span[1] if span else None
    return local(start).strftime("%Y-%m") if start else None


def my_inspections(db: Database, user: User, *, upcoming_only: bool = False) -> list[dict]:
    """The inspections whose team `user` is on, soonest first."""
    require(user, "inspections.view")
    since = to_utc_iso(date.today() - timedelta(days=1), time(0)) if upcoming_only else None
    return list_inspections(db, user_id=user.id, starts_from=since)


def can_edit_findings(db: Database, user: User, inspection_id: int) -> bool:
    """Office staff on any inspection; inspectors only on inspections whose team they are on."""
    if not can(user, "inspections.findings"):
        return False
    if user.role == "inspector":
        return store.is_on_team(db, inspection_id, user.id)
    return True


def require_findings(db: Database, user: User, inspection_id: int) -> None:
    require(user, "inspections.findings")
    if not can_edit_findings(db, user, inspection_id):
        raise PermissionDenied("inspections.error.not_on_team")


# --- writing -----------------------------------------------------------------


def create_inspection(db: Database, actor: User, draft: Draft, checklist: list[tuple[str, str]] | None = None) -> dict:
    """Save a new inspection after every rule passes; the checklist defaults to DEFAULT_CHECKLIST."""
    require(actor, "inspections.edit")
    draft = _clean(draft)
    _refuse_if(check(db, draft))
    if draft.inspection_plan_id is not None and store.inspection_plan_row(db, draft.inspection_plan_id) is None:
        raise ValidationError("inspections.error.inspection_plan_unknown", plan=draft.inspection_plan_id)
    now = utc_now_iso()
    row = {
        "uid": f"inspection-{uuid.uuid4()}@cchc-planner",
        **_draft_fields(draft),
        "sequence": 0,
        "cancelled_at": now if draft.status == "cancelled" else None,
        "created_at": now,
        "updated_at": now,
    }
    checklist = DEFAULT_CHECKLIST if checklist is None else checklist
    with db.atomic():
        inspection_id = store.insert_inspection(db, row)
        store.replace_team(db, inspection_id, [{"user_id": u, "role": r} for u, r in draft.team])
        store.replace_items(db, inspection_id, [{"code": c, "title": t} for c, t in _clean_checklist(checklist)])
        audit.record(db, actor, "create", "inspections", inspection_id, None, {**row, "team": list(draft.team)})
    return get_inspection(db, inspection_id)


def _draft_fields(draft: Draft) -> dict:
    """The stored columns a draft sets (shared by create and update)."""
    return {
        "plan_id": draft.inspection_plan_id,
        "unit_id": draft.unit_id,
        "kind": draft.kind,
        "starts_at": to_utc_iso(draft.day, draft.start),
        "ends_at": to_utc_iso(draft.day, draft.end),
        "place": draft.place or None,
        "status": draft.status,
        "note": draft.note or None,
    }


def update_inspection(db: Database, actor: User, inspection_id: int, draft: Draft) -> dict:
    """Replace time, place, status, kind, unit, team and note; SEQUENCE goes up when the
    time, the place or the status changed (calendar apps then replace their copy)."""
    require(actor, "inspections.edit")
    before = get_inspection(db, inspection_id)
    draft = _clean(draft)
    _refuse_if(check(db, draft, inspection_id))
    changes = _draft_fields(draft)
    if any(changes[k] != before[k] for k in ("starts_at", "ends_at", "place", "status")):
        changes["sequence"] = before["sequence"] + 1
    if draft.status == "cancelled" and before["status"] != "cancelled":
        changes["cancelled_at"] = utc_now_iso()
    elif draft.status != "cancelled":
        changes["cancelled_at"] = None
    new_team = [{"user_id": u, "role": r} for u, r in draft.team]
    team_changed = sorted((m["user_id"], m["role"]) for m in before["team"]) != sorted(draft.team)
    if not team_changed and all(changes[k] == before[k] for k in changes):
        return before
    changes["updated_at"] = utc_now_iso()
    with db.atomic():
        store.update_inspection(db, inspection_id, changes)
        if team_changed:
            store.replace_team(db, inspection_id, new_team)
        audit.record(
            db,
            actor,
            "update",
            "inspections",
            inspection_id,
            {**{k: before[k] for k in changes}, "team": [(m["user_id"], m["role"]) for m in before["team"]]},
            {**changes, "team": list(draft.team)},
        )
    return get_inspection(db, inspection_id)


def set_status(db: Database, actor: User, inspection_id: int, status: str) -> dict:
    """Change only the status (confirm, mark done, postpone, cancel), keeping everything else."""
    require(actor, "inspections.edit")  # the role first: a refused caller learns nothing of the record
    current = get_inspection(db, inspection_id)
    draft = draft_of(current)
    return update_inspection(db, actor, inspection_id, Draft(**{**draft.__dict__, "status": status}))


def checklist_text(items: list[dict]) -> str:
    """The checklist as editable text: one "code | title" line per content area."""
    return "\n".join(f"{i['code'] or ''} | {i['title']}" for i in items)


def parse_checklist(text: str) -> list[tuple[str, str]]:
    """Lines of "code | title" (or a title alone) as (code, title) pairs; blank lines skipped.
    The inverse of `checklist_text`; a title may itself contain "|" after the first one."""
    pairs = []
    for line in (text or "").splitlines():
        code, title = line.split("|", 1) if "|" in line else ("", line)
        if title.strip():
            pairs.append((code.strip(), title.strip()))
    return pairs


def set_checklist(db: Database, actor: User, inspection_id: int, checklist: str | list[tuple[str, str]]) -> list[dict]:
    """Replace the content areas of one inspection (pairs, or text as `parse_checklist` reads
    it); findings keep pointing at unchanged items."""
    require(actor, "inspections.edit")
    before = get_inspection(db, inspection_id)
    clean = _clean_checklist(parse_checklist(checklist) if isinstance(checklist, str) else checklist)
    if not clean:
        raise ValidationError("inspections.error.checklist_empty")
    with db.atomic():
        store.replace_items(db, inspection_id, [{"code": c, "title": t} for c, t in clean])
        store.update_inspection(db, inspection_id, {"updated_at": utc_now_iso()})
        audit.record(
            db,
            actor,
            "update",
            "inspection_items",
            inspection_id,
            {"items": [i["title"] for i in before["items"]]},
            {"items": [t for _c, t in clean]},
        )
    return store.items(db, inspection_id)


def record_self_report(
    db: Database,
    actor: User,
    inspection_id: int,
    received_on: date | str,
    filename: str = "",
    data: bytes | None = None,
    *,
    settings: Settings | None = None,
) -> dict:
    """Note that the unit's self-inspection report arrived (date, and the file when given:
    a PDF, DOCX, PNG or JPEG checked by its structure, core.uploads; `settings` then says
    where it goes and how large it may be). The file exists only if the change is saved."""
    require(actor, "inspections.edit")
    before = get_inspection(db, inspection_id)
    try:
        day = received_on if isinstance(received_on, date) else date.fromisoformat(str(received_on))
    except ValueError:
        raise ValidationError("inspections.error.date_invalid", value=str(received_on)) from None
    changes = {"self_report_on": day.isoformat(), "updated_at": utc_now_iso()}
    if data is None:
        with db.atomic():
            _save_self_report(db, actor, inspection_id, before, changes)
        return get_inspection(db, inspection_id)
    if settings is None:
        raise TypeError("record_self_report needs the settings to store a file")
    checked = uploads.check(data, filename, max_bytes=settings.upload_max_bytes)
    folder = settings.uploads_dir / "inspections" / str(inspection_id)
    with uploads.keep(checked, folder, prefix="self-report-") as stored, db.atomic():
        changes["self_report_file"] = stored.path.relative_to(settings.data_dir).as_posix()
        _save_self_report(db, actor, inspection_id, before, changes)
    return get_inspection(db, inspection_id)


def _save_self_report(db: Database, actor: User, inspection_id: int, before: dict, changes: dict) -> None:
    store.update_inspection(db, inspection_id, changes)
    audit.record(db, actor, "self_report", "inspections", inspection_id, {k: before.get(k) for k in changes}, changes)


def self_report_file(db: Database, actor: User, inspection_id: int, *, settings: Settings) -> tuple[str, bytes] | None:
    """The stored self-inspection report of an inspection as (file name, bytes), or None."""
    require(actor, "inspections.view")
    row = get_inspection(db, inspection_id)
    if not row["self_report_file"]:
        return None
    path = settings.data_dir / row["self_report_file"]
    return (path.name, path.read_bytes()) if path.is_file() else None


def set_conclusion(db: Database, actor: User, inspection_id: int, conclusion_on: date | str, number: str = "") -> dict:
    """Record the conclusion notice (date and number); recommendation deadlines default from it."""
    require_findings(db, actor, inspection_id)
    before = get_inspection(db, inspection_id)
    try:
        day = conclusion_on if isinstance(conclusion_on, date) else date.fromisoformat(str(conclusion_on))
    except ValueError:
        raise ValidationError("inspections.error.date_invalid", value=str(conclusion_on)) from None
    if day < local(before["starts_at"]).date():
        raise ValidationError("inspections.error.conclusion_before_visit")
    changes = {
        "conclusion_on": day.isoformat(),
        "conclusion_number": clean_line(number) or None,
        "updated_at": utc_now_iso(),
    }
    with db.atomic():
        store.update_inspection(db, inspection_id, changes)
        audit.record(db, actor, "update", "inspections", inspection_id, {k: before.get(k) for k in changes}, changes)
    return get_inspection(db, inspection_id)


def _clean(draft: Draft) -> Draft:
    return Draft(
        **{
            **draft.__dict__,
            "place": clean_line(draft.place),
            "note": nfc(draft.note).strip(),
            "team": tuple((int(u), str(r)) for u, r in draft.team),
        }
    )


def _clean_checklist(checklist: list[tuple[str, str]]) -> list[tuple[str | None, str]]:
    out = []
    for code, title in checklist:
        title = visible_line(title)
        if title:
            out.append((clean_line(code) or None, title))
    return out


# --- next free slot ------------------------------------------------------------


def next_working_day(db: Database, today: date) -> date:
    """The first working day after `today`: the day a new inspection form starts on."""
    overrides = workdays.overrides_map(db)
    day = today + timedelta(days=1)
    while not workdays.is_working_day(db, day, overrides):
        day += timedelta(days=1)
    return day


def suggest_day(db: Database, draft: Draft) -> date | None:
    """The day to suggest for a draft: the next free slot of its team from its day at its
    hours; None when its hours are not a span (the draft's own check reports that)."""
    if draft.end <= draft.start:
        return None
    return next_free_slot(db, [m for m, _r in draft.team], after=draft.day, start=draft.start, end=draft.end)


def next_free_slot(
    db: Database,
    user_ids: list[int],
    *,
    after: date,
    start: time = time(8, 0),
    end: time = time(11, 30),
    exclude_id: int | None = None,
    horizon_days: int = 180,
) -> date | None:
    """The first working day on or after `after` when every member of the team is free
    from `start` to `end` (Hà Nội time); None when none within `horizon_days`."""
    if end <= start:
        raise ValidationError(
            "inspections.error.end_before_start", start=start.strftime("%H:%M"), end=end.strftime("%H:%M")
        )
    overrides = workdays.overrides_map(db)
    last = after + timedelta(days=horizon_days)
    busy = [
        b
        for b in store.busy_spans(
            db, list(user_ids), to_utc_iso(after, time(0)), to_utc_iso(last + timedelta(days=1), time(0))
        )
        if b["id"] != exclude_id
    ]
    day = after
    while day <= last:
        if workdays.is_working_day(db, day, overrides):
            s, e = to_utc_iso(day, start), to_utc_iso(day, end)
            if not any(b["starts_at"] < e and b["ends_at"] > s for b in busy):
                return day
        day += timedelta(days=1)
    return None
