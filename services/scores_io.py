"""The QĐ 766 index table as the national public-service portal publishes it, and desk
satisfaction counts, read from one XLSX/CSV per month: a header row with "Đơn vị" and
any of the index groups (by their name in the framework, e.g. "Công khai, minh bạch")
and "Rất hài lòng", "Hài lòng", "Không hài lòng"; one row per unit. Preview first;
the commit writes every row or none."""

from __future__ import annotations

from sqlite_utils import Database

from core import units
from core.errors import ValidationError
from core.periods import first_day, parse_month
from core.permissions import User, require
from core.text import clean_line
from services import import_reader, results, store

VOTES = {"rat hai long": "very_satisfied", "hai long": "satisfied", "khong hai long": "dissatisfied"}


def _columns(db: Database, header: list) -> dict[str, int]:
    groups = {import_reader.header_key(g["name_vi"]): g["code"] for g in store.index_groups(db)}
    found: dict[str, int] = {}
    for column, cell in enumerate(header):
        key = import_reader.header_key(cell)
        field = "unit" if key in ("don vi", "ten don vi", "co quan") else groups.get(key) or VOTES.get(key)
        if field and field not in found:
            found[field] = column
    return found


def read_file(db: Database, actor: User, filename: str, data: bytes, month: str, max_bytes: int | None = None) -> dict:
    """Check a month's index and satisfaction table; writes nothing."""
    require(actor, "services.edit")
    month = parse_month(month)
    grid = import_reader.read_grid(filename, data, max_bytes)
    head = grid[: import_reader.HEADER_SEARCH_ROWS]
    top = next((i for i, row in enumerate(head) if "unit" in _columns(db, row)), None)
    columns = _columns(db, grid[top]) if top is not None else {}
    maxima = {g["code"]: g["max"] for g in store.index_groups(db)}
    if "unit" not in columns or len(columns) < 2:
        wanted = ["Đơn vị"] + [g["name_vi"] for g in store.index_groups(db)] + ["Rất hài lòng", "Hài lòng"]
        raise ValidationError("services.error.columns_missing", columns="; ".join(wanted))
    votes_found = [v for v in VOTES.values() if v in columns]
    if votes_found and len(votes_found) < len(VOTES):
        names = {"very_satisfied": "Rất hài lòng", "satisfied": "Hài lòng", "dissatisfied": "Không hài lòng"}
        missing = [names[v] for v in VOTES.values() if v not in columns]
        raise ValidationError("services.error.columns_missing", columns="; ".join(missing))
    match = units.unit_matcher(db, first_day(month))
    rows, flagged, unmatched = [], [], []
    for index in range(top + 1, len(grid)):
        cells = grid[index]
        name = clean_line(str(cells[columns["unit"]] or "")) if columns["unit"] < len(cells) else ""
        if not name or import_reader.is_total(name):
            continue
        row = {"row": index + 1, "name": name, "scores": {}, "votes": {}}
        for field, column in columns.items():
            if field == "unit":
                continue
            value = cells[column] if column < len(cells) else None
            is_vote = field in VOTES.values()
            number, problem = import_reader.cell_number(value) if is_vote else _score(value)
            if problem or (number is not None and (number < 0 or (not is_vote and number > maxima[field]))):
                flagged.append({"row": index + 1, "unit": name, "key": problem or "services.error.bad_score",
                                "params": {"column": str(grid[top][column]), "value": str(value),
                                           "group": str(grid[top][column]), "max": maxima.get(field, "")}})  # fmt: skip
            elif number is not None or is_vote:
                row["votes" if is_vote else "scores"][field] = number or 0
        unit = match(name)
        row["code"] = unit["code"] if unit else None
        if unit is None:
            unmatched.append(name)
        rows.append(row)
    return {"month": month, "rows": rows, "unmatched_units": unmatched, "flagged": flagged}


def _score(value) -> tuple[float | None, str | None]:
    if value is None or str(value).strip() == "":
        return None, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), None
    text = str(value).strip()
    if text.startswith("="):
        return None, "services.flag.formula"
    try:
        return float(text.replace(",", ".")), None
    except ValueError:
        return None, "services.flag.not_number"


def commit(db: Database, actor: User, preview: dict) -> dict:
    """Write the previewed scores and counts in one transaction (each write audited)."""
    require(actor, "services.edit")
    if preview["flagged"]:
        raise ValidationError("services.error.flagged", errors=preview["flagged"], n=len(preview["flagged"]))
    if preview["unmatched_units"]:
        raise ValidationError("services.error.unmatched", names=", ".join(preview["unmatched_units"]))
    written = 0
    with db.atomic():
        for row in preview["rows"]:
            if row["scores"]:
                results.set_index_scores(db, actor, preview["month"], row["code"], row["scores"])
            if row["votes"]:
                results.set_satisfaction(db, actor, preview["month"], row["code"], **row["votes"])
            written += 1
    return {"month": preview["month"], "rows": written}
