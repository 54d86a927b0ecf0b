"""The desk rating device's export — one row per rating: unit, time, rating — counted
into a month's satisfaction per unit (rất hài lòng / hài lòng / không hài lòng).

Columns are found by their header (folded: "Đơn vị", "Thời gian", "Đánh giá", and the
usual variants). A rating is the level's name in Vietnamese or English, or its number on
the device (3 rất hài lòng, 2 hài lòng, 1 không hài lòng). Times are Hà Nội time unless
they carry an offset. Rows of another month, unreadable rows and unknown units are shown,
not silently taken; the commit writes every unit's counts or none."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from sqlite_utils import Database

from core import units
from core.errors import ValidationError
from core.i18n import TZ
from core.periods import first_day, parse_month
from core.permissions import User, require
from core.text import clean_line
from services import import_reader, results

HEADERS = {
    "unit": ("don vi", "ten don vi", "co quan", "bo phan mot cua", "unit"),
    "time": ("thoi gian", "thoi diem", "ngay gio", "ngay danh gia", "thoi gian danh gia", "ngay", "time", "timestamp"),
    "rating": ("danh gia", "muc do hai long", "ket qua danh gia", "ket qua", "rating"),
}
LEVELS = {
    "rat hai long": "very_satisfied",
    "very satisfied": "very_satisfied",
    "3": "very_satisfied",
    "hai long": "satisfied",
    "satisfied": "satisfied",
    "2": "satisfied",
    "khong hai long": "dissatisfied",
    "chua hai long": "dissatisfied",
    "dissatisfied": "dissatisfied",
    "not satisfied": "dissatisfied",
    "1": "dissatisfied",
}
_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M")


def _columns(row: list) -> dict[str, int]:
    found: dict[str, int] = {}
    for column, cell in enumerate(row):
        key = import_reader.header_key(cell)
        for field, names in HEADERS.items():
            if key in names and field not in found:
                found[field] = column
    return found


def parse_time(value) -> datetime | None:
    """A rating's time in Hà Nội, from a spreadsheet date or text (dd/mm/yyyy hh:mm or ISO)."""
    if isinstance(value, datetime):
        return value.astimezone(TZ) if value.tzinfo else value.replace(tzinfo=TZ)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=TZ)
    text = str(value or "").strip()
    for pattern in _FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=TZ)
        except ValueError:
            pass
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(TZ) if moment.tzinfo else moment.replace(tzinfo=TZ)


def _level(value) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return LEVELS.get(import_reader.header_key(value))


def read_file(db: Database, actor: User, filename: str, data: bytes, month: str, max_bytes: int | None = None) -> dict:
    """Count a month's ratings per unit; writes nothing. Returns {"month", "ratings",
    "counts": [{"name", "code", "very_satisfied", "satisfied", "dissatisfied"}],
    "unmatched_units", "flagged"}."""
    require(actor, "services.edit")
    month = parse_month(month)
    grid = import_reader.read_grid(filename, data, max_bytes)
    top = next((i for i, row in enumerate(grid[: import_reader.HEADER_SEARCH_ROWS]) if len(_columns(row)) == 3), None)
    if top is None:
        raise ValidationError("services.error.columns_missing", columns="Đơn vị; Thời gian; Đánh giá")
    columns = _columns(grid[top])
    match = units.unit_matcher(db, first_day(month))
    counts: dict[str, Counter] = {}
    codes: dict[str, str | None] = {}
    flagged, ratings = [], 0
    for index in range(top + 1, len(grid)):
        cells = grid[index] + [None] * 3
        name = clean_line(str(cells[columns["unit"]] or ""))
        when, rating = cells[columns["time"]], cells[columns["rating"]]
        if not name and when is None and rating is None:
            continue
        moment, level = parse_time(when), _level(rating)
        problem = None
        formula = next((f for f in ("time", "rating") if str(cells[columns[f]] or "").strip().startswith("=")), None)
        if formula:
            problem = (
                "services.flag.formula",
                {"column": str(grid[top][columns[formula]]), "value": cells[columns[formula]]},
            )
        elif not name:
            problem = ("services.flag.missing", {"column": str(grid[top][columns["unit"]])})
        elif moment is None:
            problem = ("services.flag.bad_time", {"value": str(when)})
        elif level is None:
            problem = ("services.flag.bad_rating", {"value": str(rating)})
        elif f"{moment:%Y-%m}" != month:
            problem = ("services.flag.other_month", {"value": f"{moment:%d/%m/%Y %H:%M}", "month": month})
        if problem:
            flagged.append({"row": index + 1, "unit": name, "key": problem[0], "params": problem[1]})
            continue
        if name not in codes:
            unit = match(name)
            codes[name] = unit["code"] if unit else None
        counts.setdefault(name, Counter())[level] += 1
        ratings += 1
    return {
        "month": month,
        "ratings": ratings,
        "counts": [
            {"name": name, "code": codes[name], **{k: c[k] for k in ("very_satisfied", "satisfied", "dissatisfied")}}
            for name, c in counts.items()
        ],
        "unmatched_units": [name for name, code in codes.items() if code is None],
        "flagged": flagged,
    }


def commit(db: Database, actor: User, preview: dict) -> dict:
    """Write each unit's counts for the month in one transaction (each audited), replacing
    the month's earlier counts of those units. Several names of one unit are added up."""
    require(actor, "services.edit")
    if preview["flagged"]:
        raise ValidationError("services.error.flagged", errors=preview["flagged"], n=len(preview["flagged"]))
    if preview["unmatched_units"]:
        raise ValidationError("services.error.unmatched", names=", ".join(preview["unmatched_units"]))
    per_unit: dict[str, Counter] = {}
    for row in preview["counts"]:
        per_unit.setdefault(row["code"], Counter()).update(
            {k: row[k] for k in ("very_satisfied", "satisfied", "dissatisfied")}
        )
    with db.atomic():
        for code, c in per_unit.items():
            results.set_satisfaction(
                db, actor, preview["month"], code, c["very_satisfied"], c["satisfied"], c["dissatisfied"]
            )
    return {"month": preview["month"], "units": len(per_unit), "ratings": preview["ratings"]}
