"""Unit names in an imported plan, read through core's catalogue: one unit ("Sở TT&TT",
"UBND phường Hoàn Kiếm"), or a unit group for a collective name ("Các sở, ban, ngành"),
and a reviewer's mapping of an unknown name remembered for the next file."""

from __future__ import annotations

from sqlite_utils import Database

from core import units
from core.permissions import User


def groups_among(db: Database, names, day: str) -> dict[str, int]:
    """The names (left unmatched as units) that are collective names of a group existing on
    `day`, each with its group id."""
    match = units.group_matcher(db, day)
    found = {name: match(name) for name in names}
    return {name: group["id"] for name, group in found.items() if group}


def remember_choices(db: Database, actor: User, choices: dict[str, int | None], batch: int | None = None) -> int:
    """Remember each name a reviewer mapped to a unit as that unit's alias, so the next
    import reads it by itself (audited; part of the caller's transaction and of its import
    `batch`, whose undo forgets them). Returns how many."""
    remembered = 0
    for name, unit_id in choices.items():
        unit = units.unit_by_id(db, unit_id) if unit_id else None
        if unit and units.unit_key(name):
            units.remember_alias(db, actor, name, unit["code"], batch=batch)
            remembered += 1
    return remembered
