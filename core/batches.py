"""Import batches: every import records what it added, changed and removed, so it can be
listed and undone whole.

An import opens a batch inside its own transaction (`begin`), notes each record it adds
(`added`, after the insert) and each record it is about to change or delete (`changing`,
before the write), and closes the batch (`finish`) before its transaction ends. `finish`
takes the values the import left, and also notes every row that points at a record the
batch added (its links, its history): those rows are new with it, so they are the batch's.

An import may also note a record it relied on without writing it (`used`: the unit alias
that read a name of its file). A record a batch added and a later import (not undone) used
is kept when the batch is undone: the later import still stands on it.

`undo` puts everything back in one transaction, or refuses naming the record: one changed
again since the import (its values differ from what the batch wrote), deleted since, or
pointed at by a row the batch did not create. It never deletes what the batch did not
create, and it is audited; an undone batch stays listed, marked undone."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from core import audit, store
from core.errors import NotFound, ValidationError
from core.i18n import fmt_date, t, utc_now_iso
from core.permissions import User, require

ADDED, CHANGED, REMOVED, USED = "added", "changed", "removed", "used"
_LABEL_FIELDS = ("code", "number", "title", "name", "username", "month", "alias")


class UndoRefused(ValidationError):
    """An undo that would overwrite or lose later work; names the record in the reader's language."""

    def __init__(self, key: str, *, batch: int, table_name: str, row: dict | None, record_key: dict):
        super().__init__(key, batch=batch)
        self.table_name, self.row, self.record_key = table_name, row, record_key

    def message(self, lang: str = "vi") -> str:
        record = describe_record(self.table_name, self.row, self.record_key, lang)
        return t(self.key, lang, batch=self.params["batch"], record=record)


def describe_record(table_name: str, row: dict | None, key: dict, lang: str = "vi") -> str:
    """A record as a person recognises it: its kind, its number and its name ("Nhiệm vụ #12 «Tọa đàm»")."""
    kind = audit.word("audit.kind", table_name, lang)
    number = ", ".join(str(v) for v in key.values())
    name = next((str(row[f]) for f in _LABEL_FIELDS if row and row.get(f) not in (None, "")), "")
    return f"{kind} #{number}" + (f" «{name[:60]}»" if name else "")


def describe_kept(kept: list[dict], lang: str = "vi") -> list[str]:
    """The records an undo kept (its ``kept``), each as a person recognises it."""
    return [describe_record(k["table_name"], k["row"], k["key"], lang) for k in kept]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def _same(row: dict | None, snapshot: str | None) -> bool:
    """Whether a row still holds the values the batch recorded (compared as JSON, as they were stored)."""
    return row is not None and snapshot is not None and json.loads(_dumps(row)) == json.loads(snapshot)


def _key(db: Database, table_name: str, row: dict) -> dict:
    return {column: row[column] for column in store.primary_key(db, table_name)}


def begin(db: Database, actor: User, *, slice_name: str, permission: str, file_name: str = "") -> int:
    """Open a batch for an import by `actor` (who needs `permission`, the import's own);
    call it inside the import's transaction. Returns the batch number."""
    require(actor, permission)
    row = {
        "slice": slice_name,
        "permission": permission,
        "file_name": file_name or "",
        "actor_id": actor.id,
        "actor": actor.username,
        "created_at": utc_now_iso(),
    }
    batch_id = store.insert_batch(db, row)
    audit.record(db, actor, "import", "import_batches", batch_id, None, row)
    return batch_id


def added(db: Database, batch_id: int, table_name: str, key: dict) -> None:
    """Note a record the import has just inserted (`key`: its primary-key columns)."""
    _note(db, batch_id, ADDED, table_name, key, None)


def changing(db: Database, batch_id: int, table_name: str, key: dict) -> None:
    """Note a record the import is about to change or delete, with its values now. A record
    the batch added itself, or noted already, keeps its first note."""
    row = store.row_by_key(db, table_name, key)
    if row is None:
        raise NotFound("error.batch_record_missing", table=table_name)
    _note(db, batch_id, CHANGED, table_name, key, _dumps(row))


def used(db: Database, batch_id: int, table_name: str, key: dict) -> None:
    """Note a record the import relied on and left as it was (an alias that read a name): an
    earlier batch that added it keeps it when undone. A record the batch wrote keeps that note."""
    _note(db, batch_id, USED, table_name, key, None)


def _note(db: Database, batch_id: int, action: str, table_name: str, key: dict, before: str | None) -> None:
    record_key = _dumps(key)
    if store.batch_record(db, batch_id, table_name, record_key) is None:
        store.insert_batch_record(
            db,
            {
                "batch_id": batch_id,
                "action": action,
                "table_name": table_name,
                "record_key": record_key,
                "before": before,
            },
        )


def finish(db: Database, batch_id: int, counts: dict | None = None) -> dict:
    """Close a batch in the import's transaction: record the values the import left on every
    noted record (a changed one now gone is `removed`), note the rows that point at added
    records, and keep `counts` for the list. Returns the batch as `get_batch` shows it."""
    seen = {(r["table_name"], r["record_key"]) for r in store.batch_records(db, batch_id)}
    queue = [r for r in store.batch_records(db, batch_id) if r["action"] == ADDED]
    incoming = store.foreign_keys(db)
    while queue:  # rows pointing at what the batch added are new with it
        record = queue.pop(0)
        parent = store.row_by_key(db, record["table_name"], json.loads(record["record_key"]))
        if parent is None:
            continue
        for child, values in _pointing(db, incoming, record["table_name"], parent):
            for row in store.rows_where(db, child, values):
                record_key = _dumps(_key(db, child, row))
                if (child, record_key) not in seen:
                    seen.add((child, record_key))
                    row_id = store.insert_batch_record(
                        db, {"batch_id": batch_id, "action": ADDED, "table_name": child, "record_key": record_key}
                    )
                    queue.append({"id": row_id, "table_name": child, "record_key": record_key})
    for record in store.batch_records(db, batch_id):
        row = store.row_by_key(db, record["table_name"], json.loads(record["record_key"]))
        if row is None and record["action"] in (ADDED, USED):
            store.delete_batch_record(db, record["id"])  # added (or relied on) and deleted within the import
        elif row is None:
            store.update_batch_record(db, record["id"], {"action": REMOVED, "after": None})
        else:
            store.update_batch_record(db, record["id"], {"after": _dumps(row)})
    store.update_batch(db, batch_id, {"counts": _dumps(counts or {})})
    return _batch(db, batch_id)


def _batch(db: Database, batch_id: int) -> dict:
    row = store.batch_row(db, batch_id)
    if row is None:
        raise NotFound("error.batch_not_found", batch=batch_id)
    return _shown(row)


def _shown(row: dict) -> dict:
    return {**row, "counts": json.loads(row["counts"] or "{}"), "undone": bool(row["undone_at"])}


def get_batch(db: Database, user: User, batch_id: int) -> dict:
    """One batch with its counts; the reader needs the permission its import needed."""
    batch = _batch(db, batch_id)
    require(user, batch["permission"])
    return batch


def list_batches(db: Database, user: User, slice_name: str | None = None, limit: int = 50) -> list[dict]:
    """Past imports, newest first: number, who, when, which file, counts, undone or not."""
    require(user, "imports.undo")
    return [_shown(row) for row in store.list_batches(db, slice_name, limit)]


def undo(db: Database, actor: User, batch_id: int, *, slice_name: str | None = None) -> dict:
    """Undo a whole batch in one transaction: delete what it added, put back what it changed or
    removed. Refuses (UndoRefused, naming the record) when a record was changed or deleted
    since, or is pointed at by a row the batch did not create; refuses a batch already undone
    (or, given `slice_name`, another slice's). A record the batch added that a later import
    used (`used`) is kept. Returns the batch with ``reverted`` counts per action and ``kept``,
    the records kept ({table_name, key, row}; `describe_record` words one)."""
    require(actor, "imports.undo")
    with db.atomic():  # read and undone under the write lock: two undos of one batch never both run
        batch = _batch(db, batch_id)
        require(actor, batch["permission"])
        if slice_name and batch["slice"] != slice_name:
            raise NotFound("error.batch_not_found", batch=batch_id)
        if batch["undone"]:
            raise ValidationError("error.batch_already_undone", batch=batch_id, at=fmt_date(batch["undone_at"]))
        records = [r for r in store.batch_records(db, batch_id) if r["action"] != USED]
        kept = [r for r in records if r["action"] == ADDED and _used_since(db, batch_id, r)]
        records = [r for r in records if r not in kept]
        own = {(r["table_name"], r["record_key"]) for r in records}
        incoming = store.foreign_keys(db)
        for record in records:
            _check(db, batch_id, record, own, incoming)
        done = {ADDED: 0, CHANGED: 0, REMOVED: 0}
        store.defer_foreign_keys(db)  # rows put back in any order; the whole must hold at commit
        for record in reversed(records):
            key = json.loads(record["record_key"])
            if record["action"] == ADDED:
                store.delete_by_key(db, record["table_name"], key)
            elif record["action"] == CHANGED:
                before = json.loads(record["before"])
                store.update_by_key(db, record["table_name"], key, {k: v for k, v in before.items() if k not in key})
            else:
                store.insert_row(db, record["table_name"], json.loads(record["before"]))
            done[record["action"]] += 1
        now = utc_now_iso()
        store.update_batch(db, batch_id, {"undone_at": now, "undone_by": actor.username})
        audit.record(
            db, actor, "undo", "import_batches", batch_id, None,
            {"file_name": batch["file_name"], **done, "kept": len(kept)},
        )  # fmt: skip
    shown = [
        {"table_name": r["table_name"], "key": json.loads(r["record_key"]), "row": json.loads(r["after"] or "{}")}
        for r in kept
    ]
    return {**_batch(db, batch_id), "reverted": done, "kept": shown}


def _used_since(db: Database, batch_id: int, record: dict) -> bool:
    """Whether an import after `batch_id`, not undone, relied on the record the batch added."""
    return store.later_uses(db, batch_id, record["table_name"], record["record_key"]) > 0


def _pointing(db: Database, incoming: dict, table_name: str, row: dict) -> list[tuple[str, dict]]:
    """(child table, column values) of the rows that would point at `row` by each foreign key."""
    found = []
    for child, pairs in incoming.get(table_name, []):
        target_pk = store.primary_key(db, table_name)
        found.append((child, {column: row[target or target_pk[0]] for column, target in pairs}))
    return found


def _check(db: Database, batch_id: int, record: dict, own: set, incoming: dict) -> None:
    table_name, key = record["table_name"], json.loads(record["record_key"])
    row = store.row_by_key(db, table_name, key)

    def refuse(reason: str, shown: dict | None = None, table: str = table_name, shown_key: dict = key):
        raise UndoRefused(
            f"error.batch_undo_{reason}", batch=batch_id, table_name=table, row=shown, record_key=shown_key
        )

    if record["action"] == REMOVED:
        if row is not None:
            refuse("readded", row)
        return
    if row is None:
        refuse("deleted", json.loads(record["after"] or record["before"] or "{}"))
    if not _same(row, record["after"]):
        refuse("changed", row)
    if record["action"] == ADDED:
        for child, values in _pointing(db, incoming, table_name, row):
            for child_row in store.rows_where(db, child, values):
                child_key = _key(db, child, child_row)
                if (child, _dumps(child_key)) not in own:
                    refuse("referenced", child_row, child, child_key)
