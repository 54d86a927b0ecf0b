"""The second step of a services import: a checked preview written as one import batch,
in one transaction, audited (the unit names a reviewer mapped remembered as aliases, the
column mapping of a new layout kept); the list of past imports and their undo."""

from __future__ import annotations

from sqlite_utils import Database

from core import audit, batches, units
from core.errors import ValidationError
from core.i18n import utc_now_iso
from core.permissions import User, require
from services import store
from services.import_reader import MAX_FIGURE, held_figures
from services.store import FIGURES


def commit(
    db: Database,
    actor: User,
    preview: dict,
    mapping: dict[str, str] | None = None,
    replace_month: bool = False,
) -> dict:
    """Write a checked preview as one import batch, in one transaction, audited: the figures
    of the units the file names are added or replace theirs for the month; every other unit
    of the month is left alone, unless `replace_month` (an explicit choice) removes them.
    `mapping` names the unit (by code) for names that matched none; each is remembered as an
    alias. Refuses flagged rows and names still unmatched. The batch can be undone (`undo`)."""
    require(actor, "services.edit")
    if preview["flagged"]:
        raise ValidationError("services.error.flagged", errors=preview["flagged"], n=len(preview["flagged"]))
    mapping = {name: code for name, code in (mapping or {}).items() if code}
    still = [name for name in preview["unmatched_units"] if name not in mapping]
    if still:
        raise ValidationError("services.error.unmatched", names=", ".join(still) or "—")
    mapped = {name: units.get_unit(db, code) for name, code in mapping.items() if name in preview["unmatched_units"]}
    rows, seen = [], {}
    now = utc_now_iso()
    for row in preview["rows"]:
        if any(row[f] is not None and abs(row[f]) > MAX_FIGURE for f in FIGURES):  # a preview made elsewhere
            raise ValidationError("services.error.flagged", n=1, errors=[
                {"row": row["row"], "key": "services.flag.too_big", "params": {"column": "", "value": ""}}
            ])  # fmt: skip
        unit_id = row["unit_id"] or mapped[row["name"]]["id"]
        if unit_id in seen:
            raise ValidationError("services.error.flagged", n=1, errors=[
                {"row": row["row"], "key": "services.flag.duplicate", "params": {"first": seen[unit_id]}}
            ])  # fmt: skip
        seen[unit_id] = row["row"]
        rows.append({"month": preview["month"], "unit_id": unit_id, **{f: row[f] for f in FIGURES}})
    month = preview["month"]
    stamp = {"source": preview["filename"], "updated_at": now, "updated_by": actor.username}
    counts = {"added": 0, "changed": 0, "unchanged": 0, "removed": 0}
    held = held_figures(preview)
    with db.atomic():
        existing = {r["unit_id"]: r for r in store.results_for_month(db, month)}
        batch = batches.begin(
            db, actor, slice_name="services", permission="services.edit", file_name=preview["filename"]
        )
        for row in rows:
            old = existing.get(row["unit_id"])
            if old is None:
                batches.added(db, batch, "service_results", {"id": store.insert_result(db, {**row, **stamp})})
                counts["added"] += 1
            elif any(old[f] != row[f] for f in held):
                batches.changing(db, batch, "service_results", {"id": old["id"]})
                store.update_result(db, old["id"], {**{f: row[f] for f in held}, **stamp})
                counts["changed"] += 1
            else:
                counts["unchanged"] += 1
        if replace_month:
            for unit_id, old in existing.items():
                if unit_id not in seen:
                    batches.changing(db, batch, "service_results", {"id": old["id"]})
                    store.delete_result(db, old["id"])
                    counts["removed"] += 1
        units.note_aliases_used(db, batch, [row["name"] for row in preview["rows"] if row["unit_id"]])
        for name, unit in mapped.items():  # part of the batch: its undo forgets them
            units.remember_alias(db, actor, name, unit["code"], batch=batch)
        if preview.get("column_map"):  # the layout a person mapped is read so next time
            remember_mapping(db, actor, preview["shape"], preview["column_map"])
        audit.record(
            db,
            actor,
            "replace" if existing else "import",
            "service_results",
            month,
            {"rows": len(existing), "received": sum(r["received"] for r in existing.values())} if existing else None,
            {"batch": batch, **counts, "source": preview["filename"], "replace_month": replace_month},
        )
        batches.finish(db, batch, counts)
    return {
        "month": month,
        "rows": len(rows),
        "replaced": counts["changed"] + counts["removed"],
        "aliases": len(mapped),
        "batch": batch,
        **counts,
    }


def remember_mapping(db: Database, actor: User, shape: str, column_map: dict) -> None:
    """Keep a person's column mapping for files of this shape (audited)."""
    require(actor, "services.edit")
    key = f"column_map:{shape}"
    before = store.settings(db).get(key)
    clean = {"columns": dict(column_map.get("columns") or {})}
    if column_map.get("first_row"):
        clean["first_row"] = int(column_map["first_row"])
    if before != clean:
        store.put_setting(db, key, clean)
        audit.record(db, actor, "update", "service_settings", key, before, clean)


def import_batches(db: Database, user: User, limit: int = 20) -> list[dict]:
    """The services imports, newest first (number, who, when, file, counts, undone or not)."""
    return batches.list_batches(db, user, slice_name="services", limit=limit)


def undo(db: Database, actor: User, batch_id: int) -> dict:
    """Undo one services import whole: the figures it added are deleted, those it changed or
    removed put back. Refused, naming the unit's record, when one was changed since."""
    require(actor, "services.edit")
    return batches.undo(db, actor, batch_id, slice_name="services")
