"""Writes by a person besides the import: the correction grid, targets, desk satisfaction
and QĐ 766 index scores. Each checks the permission, keeps the rules, and is audited."""

from __future__ import annotations

from sqlite_utils import Database

from core import audit, units
from core.errors import ValidationError
from core.i18n import utc_now_iso
from core.periods import first_day, parse_month
from core.permissions import User, require
from services import checks, store
from services.store import FIGURES, REQUIRED

KINDS = ("department", "commune")  # the units that report monthly results
# Indicators a year's targets may set (percentages).
TARGETED = ("on_time_rate", "online_rate", "full_online_rate", "digitised_rate", "satisfaction_rate")


def reporting_units(db: Database, month: str) -> list[dict]:
    """Departments, communes and wards that exist on the month's first day."""
    return units.units_on(db, first_day(parse_month(month)), KINDS)


def month_grid(db: Database, user: User, month: str) -> list[dict]:
    """One row per reporting unit with its figures for the month (None where none yet),
    for the entry and correction grid."""
    require(user, "services.view")
    month = parse_month(month)
    have = {r["unit_id"]: r for r in store.results_for_month(db, month)}
    rows = []
    for unit in reporting_units(db, month):
        found = have.pop(unit["id"], {})
        rows.append({"code": unit["code"], "name": unit["name"], **{f: found.get(f) for f in FIGURES}})
    for left in have.values():  # a unit that no longer exists keeps its row visible
        rows.append({"code": left["code"], "name": left["name"], **{f: left[f] for f in FIGURES}})
    return rows


def _whole(value):
    if value is None or value == "":
        return None
    if isinstance(value, float) and value != value:  # NaN from an emptied grid cell
        return None
    number = float(value)
    if not number.is_integer():
        raise ValueError(value)
    return int(number)


def save_month(db: Database, actor: User, month: str, rows: list[dict]) -> dict:
    """Write the grid's rows for `month`: rows with no figure at all are left out; any row
    that breaks a rule refuses the whole save. Returns {"saved", "unchanged"}."""
    require(actor, "services.edit")
    month = parse_month(month)
    errors, clean = [], []
    for position, raw in enumerate(rows, start=1):
        label = raw.get("name") or raw.get("code")
        try:
            figures = {f: _whole(raw.get(f)) for f in FIGURES}
        except (TypeError, ValueError):
            errors.append({"row": position, "key": "services.flag.not_whole", "params": {"column": label, "value": ""}})
            continue
        if all(figures[f] is None for f in REQUIRED):
            continue
        for key, params in checks.problems(figures):
            errors.append({"row": position, "key": key, "params": {**params}, "unit": label})
        clean.append((units.get_unit(db, raw["code"]), figures))
    if errors:
        raise ValidationError("services.error.entry_rejected", errors=errors, n=len(errors))
    saved = unchanged = 0
    now = utc_now_iso()
    with db.atomic():
        for unit, figures in clean:
            before = store.result_row(db, month, unit["id"])
            if before and all(before[f] == figures[f] for f in FIGURES):
                unchanged += 1
                continue
            row = {"month": month, "unit_id": unit["id"], **figures, "updated_at": now, "updated_by": actor.username}
            store.upsert_result(db, {**row, "source": "manual"} if before is None else row)
            audit.record(
                db,
                actor,
                "update" if before else "create",
                "service_results",
                f"{month}/{unit['code']}",
                {f: before[f] for f in FIGURES} if before else None,
                figures,
            )
            saved += 1
    return {"saved": saved, "unchanged": unchanged}


# --- targets ---------------------------------------------------------------


def targets(db: Database, year: int) -> dict[str, float]:
    """The year's targets, indicator -> percentage."""
    return {r["indicator"]: r["value"] for r in store.targets(db, year)}


def target_rows(db: Database, year: int) -> list[dict]:
    return store.targets(db, year)


def set_targets(db: Database, actor: User, year: int, values: dict[str, float | None], example: bool = False) -> dict:
    """Set (or, with None, clear) the year's targets in one transaction, audited."""
    require(actor, "services.edit")
    for indicator, value in values.items():
        if indicator not in TARGETED:
            raise ValidationError("services.error.unknown_indicator", indicator=indicator)
        if value is not None and not 0 <= float(value) <= 100:
            raise ValidationError("services.error.bad_target", indicator=indicator)
    before = targets(db, year)
    with db.atomic():
        for indicator, value in values.items():
            if value is None:
                store.delete_target(db, year, indicator)
            else:
                store.put_target(
                    db, {"year": year, "indicator": indicator, "value": float(value), "example": int(example)}
                )
        after = targets(db, year)
        if after != before:
            audit.record(db, actor, "update", "service_targets", year, before, after)
    return after


# --- satisfaction and the service index -------------------------------------


def set_satisfaction(
    db: Database, actor: User, month: str, code: str, very_satisfied: int, satisfied: int, dissatisfied: int
) -> None:
    """The desk's counts for one unit and month (rất hài lòng / hài lòng / không hài lòng)."""
    require(actor, "services.edit")
    month = parse_month(month)
    unit = units.get_unit(db, code)
    counts = {"very_satisfied": very_satisfied, "satisfied": satisfied, "dissatisfied": dissatisfied}
    for name, value in counts.items():
        if value is None or int(value) < 0:
            raise ValidationError("services.flag.negative", column=name, value=value)
    with db.atomic():
        store.put_satisfaction(db, {"month": month, "unit_id": unit["id"], **{k: int(v) for k, v in counts.items()}})
        audit.record(db, actor, "update", "service_satisfaction", f"{month}/{code}", None, counts)


def unit_month_extras(db: Database, user: User, month: str, code: str) -> dict:
    """A unit's desk satisfaction counts and QĐ 766 group scores for the month (for the form)."""
    require(user, "services.view")
    month = parse_month(month)
    unit = units.get_unit(db, code)
    votes = store.satisfaction_row(db, month, unit["id"]) or {}
    return {
        "satisfaction": {k: votes.get(k) for k in ("very_satisfied", "satisfied", "dissatisfied")},
        "scores": store.index_scores(db, month, unit["id"]),
    }


def index_groups(db: Database) -> list[dict]:
    """The QĐ 766 groups with their maxima (data seeded by a migration)."""
    return store.index_groups(db)


def set_index_scores(db: Database, actor: User, month: str, code: str, scores: dict[str, float]) -> None:
    """One unit's QĐ 766 group scores for a month; each within its group's maximum."""
    require(actor, "services.edit")
    month = parse_month(month)
    unit = units.get_unit(db, code)
    groups = {g["code"]: g for g in store.index_groups(db)}
    for group, score in scores.items():
        if group not in groups:
            raise ValidationError("services.error.unknown_indicator", indicator=group)
        if score is None or not 0 <= float(score) <= groups[group]["max"]:
            raise ValidationError("services.error.bad_score", group=groups[group]["name_vi"], max=groups[group]["max"])
    with db.atomic():
        before = store.index_scores(db, month, unit["id"])
        for group, score in scores.items():
            store.put_index_score(
                db, {"month": month, "unit_id": unit["id"], "framework": "qd766", "group_code": group, "score": score}
            )
        audit.record(db, actor, "update", "service_index_scores", f"{month}/{code}", before, dict(scores))


def save_unit_extras(
    db: Database, actor: User, month: str, code: str, votes: dict[str, int], scores: dict[str, float]
) -> None:
    """A unit's satisfaction counts and index scores for the month, together or not at all."""
    require(actor, "services.edit")
    with db.atomic():
        set_satisfaction(db, actor, month, code, **votes)
        set_index_scores(db, actor, month, code, scores)
