"""A month's export of the one-stop system (XLSX or CSV): read, check, preview, then write
all or nothing.

The export has a title row (often naming the month), two header rows with merged cells,
one row per unit and a total row. Columns are found by their folded header text, so
case, diacritics, punctuation and the usual variants do not matter. Nothing is written
until `commit`, which refuses a preview with flagged rows or unknown units."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile

from sqlite_utils import Database

from core import audit, units
from core.errors import ValidationError
from core.i18n import utc_now_iso
from core.periods import first_day, parse_month
from core.permissions import User, require
from core.text import clean_line
from services import checks, store
from services.store import FIGURES, REQUIRED

UNZIP_RATIO = 20  # an XLSX may unpack to this many times the size cap, no more
HEADER_SEARCH_ROWS = 15
_SPACES = re.compile(r"[^a-z0-9]+")
_TITLE_MONTH = re.compile(r"thang\s*(\d{1,2})\s*(?:nam|/|-|\.)\s*(\d{4})")
_NUMBER = re.compile(r"-?\d{1,3}(?:[.,]\d{3})+|-?\d+")


def _key(value) -> str:
    """Header or label text folded for matching: "Số hồ sơ\nđã giải quyết" -> "so ho so da giai quyet"."""
    return " ".join(_SPACES.sub(" ", units.unit_key(str(value) if value is not None else "")).split())


# --- reading the file into a grid -----------------------------------------


# The default of the setting CCHC_UPLOAD_MAX_MB; pages and the command line pass the
# configured `settings.upload_max_bytes`.
MAX_BYTES = 10 * 1024 * 1024


def check_size(data: bytes, max_bytes: int | None = None) -> int:
    """Refuse a file over the size cap (the upload limit); return the cap."""
    cap = max_bytes or MAX_BYTES
    if len(data) > cap:
        raise ValidationError("services.error.too_large", size=len(data), limit=cap)
    return cap


def check_xlsx_archive(data: bytes, max_bytes: int) -> None:
    """Refuse an XLSX whose zip directory promises more than UNZIP_RATIO × the cap once
    unpacked (a zip bomb), before openpyxl inflates anything. One function, so a shared
    guarded reader can replace it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError("services.error.bad_file") from None
    if unpacked > UNZIP_RATIO * max_bytes:
        raise ValidationError("services.error.too_large_unpacked", size=unpacked, limit=UNZIP_RATIO * max_bytes)


def _xlsx_grid(data: bytes) -> list[list]:
    """The first sheet's cells, merged ranges filled with their top-left value; formulas
    are kept as text ("=SUM(C5:C9)") so they can be flagged, not silently taken."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ValidationError("services.error.bad_file") from None
    sheet = workbook.worksheets[0]
    grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        top = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
            for c in range(merged.min_col - 1, min(merged.max_col, len(grid[r]))):
                grid[r][c] = top
    workbook.close()
    return grid


def _csv_grid(data: bytes) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("services.error.csv_not_utf8") from None
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[cell if cell.strip() else None for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def read_grid(filename: str, data: bytes, max_bytes: int | None = None) -> list[list]:
    """The file's rows as lists of cell values, after the size checks."""
    cap = check_size(data, max_bytes)
    if filename.lower().endswith(".csv"):
        return _csv_grid(data)
    if not filename.lower().endswith((".xlsx", ".xlsm")):
        raise ValidationError("services.error.file_kind", name=filename)
    check_xlsx_archive(data, cap)
    return _xlsx_grid(data)


# --- finding the columns ---------------------------------------------------


def column_field(group: str, sub: str) -> str | None:
    """Which figure a column holds, from its two folded header cells (group and sub-header;
    equal when the column's header spans both rows)."""
    text = group if sub == group else f"{group} {sub}"
    words = text.split()
    if group in ("stt", "tt", "so tt", "so thu tu"):
        return "stt"
    for needle, field in (
        ("xin loi", "apologies"),
        ("toan trinh", "full_online"),
        ("mot phan", "partial_online"),
        ("thanh toan", "paid_online"),
        ("so hoa", "digitised"),
        ("tra lai", "withdrawn"),
    ):
        if needle in text:
            return field
    if "rut" in words:
        return "withdrawn"
    if "don vi" in group or "co quan" in group or "dia phuong" in group:
        return "unit"
    if "dang giai quyet" in group or "chua giai quyet" in group or "dang xu ly" in group:
        section = "pending"
    elif "giai quyet" in group or "da xu ly" in group:
        section = "resolved"
    elif "tiep nhan" in group:
        section = "received"
    else:
        return None
    if sub == group or sub.startswith("tong") or sub == "cong":
        return section
    rules = {
        "received": (("ky truoc", "carried_over"), ("chuyen sang", "carried_over"), ("ton", "carried_over"),
                     ("truc tuyen", "online"), ("qua mang", "online"), ("truc tiep", "in_person"),
                     ("buu chinh", "in_person")),
        "resolved": (("truoc han", "ahead"), ("dung han", "on_time"), ("qua han", "late"), ("tre han", "late")),
        "pending": (("trong han", "pending_within"), ("chua den han", "pending_within"),
                    ("qua han", "pending_overdue")),
    }[section]  # fmt: skip
    for needle, field in rules:
        if needle in sub.split() or (" " in needle and needle in sub):
            return field
    return None


def find_header(grid: list[list]) -> tuple[int, dict[str, int]]:
    """The index of the first header row and the column of each figure found. Raises
    with the columns that were not found when the layout is not the export's."""
    best: tuple[int, dict[str, int]] = (-1, {})
    for top in range(min(HEADER_SEARCH_ROWS, max(len(grid) - 1, 0))):
        upper, lower = grid[top], grid[top + 1] if top + 1 < len(grid) else []
        width = max(len(upper), len(lower))
        groups = [_key(upper[c]) if c < len(upper) else "" for c in range(width)]
        subs = [_key(lower[c]) if c < len(lower) else "" for c in range(width)]
        for c in range(1, width):  # a merged group cell read from a CSV: blank right of its start
            if not groups[c] and subs[c]:
                groups[c] = groups[c - 1]
        found: dict[str, int] = {}
        for c in range(width):
            field = column_field(groups[c], subs[c] or groups[c]) if groups[c] else None
            if field and field not in found:
                found[field] = c
        if len(found) > len(best[1]):
            best = (top, found)
    top, found = best
    missing = [checks.LABELS[f] for f in ("unit", *REQUIRED) if f not in found]
    if missing:
        raise ValidationError("services.error.columns_missing", columns="; ".join(missing))
    return top, found


def title_month(grid: list[list], header_row: int) -> str | None:
    """The month a title above the header names ("tháng 10 năm 2026", "THÁNG 10/2026")."""
    for row in grid[:header_row]:
        for cell in row:
            match = _TITLE_MONTH.search(units.fold(" ".join(str(cell).split()))) if cell else None
            if match and 1 <= int(match.group(1)) <= 12:
                return f"{match.group(2)}-{int(match.group(1)):02d}"
    return None


# --- reading rows ----------------------------------------------------------


def cell_number(value) -> tuple[int | None, str | None]:
    """(the whole number in a cell, or the message key of what is wrong with it)."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, "services.flag.not_number"
    if isinstance(value, int):
        return value, None
    if isinstance(value, float):
        return (int(value), None) if value.is_integer() else (None, "services.flag.not_whole")
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None, None
    if text.startswith("="):
        return None, "services.flag.formula"
    if _NUMBER.fullmatch(text):
        return int(text.replace(".", "").replace(",", "")), None
    return None, "services.flag.not_number"


def _is_total(label: str) -> bool:
    """A total row's label: "Tổng cộng", "Tổng số", "Tổng", "Cộng" (also without
    diacritics). "Cộng" is told from "Công" by its diacritics, so "Công an Thành phố" is a
    unit, not a total; without diacritics only a bare "Cong" is taken as a total."""
    key = _key(label)
    if key in ("tong", "cong", "tong cong", "tong so") or key.startswith(("tong cong", "tong so")):
        return True
    word = clean_line(label).lower().split(" ", 1)[0].rstrip(":.")
    return unicodedata.normalize("NFC", word) == "cộng"


def read_file(
    db: Database, actor: User, filename: str, data: bytes, month: str | None = None, max_bytes: int | None = None
) -> dict:
    """Check a month's export and return the preview; writes nothing.

    The preview lists every unit row with its matched unit, the names that matched no
    unit, and the flagged rows (broken totals, negatives, formulas, a unit twice, a total
    row that is not the sum). A title month that differs from `month` is refused."""
    require(actor, "services.edit")
    asked = parse_month(month) if month else None
    grid = read_grid(filename, data, max_bytes)
    header, columns = find_header(grid)
    in_title = title_month(grid, header)
    if asked and in_title and in_title != asked:
        raise ValidationError("services.error.month_mismatch", file_month=in_title, month=asked)
    month = asked or in_title
    if not month:
        raise ValidationError("services.error.month_missing")
    match = units.unit_matcher(db, first_day(month))
    rows, flagged, unmatched, total = [], [], [], None
    seen: dict[str, int] = {}
    unreadable: set[str] = set()  # columns with a cell that is not a number: their sum means nothing
    for index in range(header + 2, len(grid)):
        cells = grid[index]

        def cell(field: str, cells=cells):
            column = columns.get(field)
            return cells[column] if column is not None and column < len(cells) else None

        name = clean_line(str(cell("unit") or ""))
        label = name or clean_line(str(cell("stt") or ""))
        raw = {f: cell(f) for f in FIGURES}
        if all(raw[f] in (None, "") for f in REQUIRED):
            continue  # blank line or a section heading ("I. Các sở, ban, ngành")
        figures, row_flags = {}, []
        for field in FIGURES:
            value, problem = cell_number(raw[field])
            if problem:
                if not _is_total(label):
                    unreadable.add(field)
                row_flags.append((problem, {"column": checks.LABELS[field], "value": str(raw[field])}))
            figures[field] = 0 if value is None and field in REQUIRED and not problem else value
        if _is_total(label):
            # The total row is compared, never taken: a SUM formula there is usual and harmless,
            # so such a column is only left out of the comparison.
            total = {"row": index + 1, **figures}
            flagged += [
                {"row": index + 1, "unit": label, "key": k, "params": p}
                for k, p in row_flags
                if k != "services.flag.formula"
            ]
            continue
        if not row_flags:
            row_flags = checks.problems(figures)
        unit = match(name) if name else None
        identity = f"id:{unit['id']}" if unit else f"name:{_key(name)}"
        if identity in seen:
            row_flags.append(("services.flag.duplicate", {"first": seen[identity]}))
        else:
            seen[identity] = index + 1
        if unit is None and name not in unmatched:
            unmatched.append(name)
        rows.append(
            {
                "row": index + 1,
                "name": name,
                "unit_id": unit["id"] if unit else None,
                "code": unit["code"] if unit else None,
                "unit_name": unit["name"] if unit else None,
                **figures,
            }
        )
        flagged += [{"row": index + 1, "unit": name, "key": k, "params": p} for k, p in row_flags]
    if not rows:
        raise ValidationError("services.error.no_rows")
    if total is not None:
        for field in REQUIRED:
            added = sum(r[field] or 0 for r in rows)
            if field not in unreadable and total[field] is not None and total[field] != added:
                flagged.append(
                    {
                        "row": total["row"],
                        "unit": "",
                        "key": "services.flag.total",
                        "params": {"column": checks.LABELS[field], "total": total[field], "sum": added},
                    }
                )
    return {
        "month": month,
        "filename": filename,
        "rows": rows,
        "units": sum(1 for r in rows if r["unit_id"]),
        "unmatched_units": unmatched,
        "flagged": flagged,
        "optional_columns": [f for f in FIGURES if f not in REQUIRED and f in columns],
        "total_row": total is not None,
    }


def commit(db: Database, actor: User, preview: dict, mapping: dict[str, str] | None = None) -> dict:
    """Write a checked preview: the month's rows replace any it had, in one transaction,
    audited. `mapping` names the unit (by code) for names that matched none; each is
    remembered as an alias. Refuses flagged rows and names still unmatched."""
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
        unit_id = row["unit_id"] or mapped[row["name"]]["id"]
        if unit_id in seen:
            raise ValidationError("services.error.flagged", n=1, errors=[
                {"row": row["row"], "key": "services.flag.duplicate", "params": {"first": seen[unit_id]}}
            ])  # fmt: skip
        seen[unit_id] = row["row"]
        rows.append(
            {
                "month": preview["month"],
                "unit_id": unit_id,
                **{f: row[f] for f in FIGURES},
                "source": preview["filename"],
                "updated_at": now,
                "updated_by": actor.username,
            }
        )
    month = preview["month"]
    with db.atomic():
        before = store.results_for_month(db, month)
        store.delete_month(db, month)
        store.insert_results(db, rows)
        for name, unit in mapped.items():
            units.remember_alias(db, actor, name, unit["code"])
        audit.record(
            db,
            actor,
            "replace" if before else "import",
            "service_results",
            month,
            {"rows": len(before), "received": sum(r["received"] for r in before)} if before else None,
            {"rows": len(rows), "received": sum(r["received"] for r in rows), "source": preview["filename"]},
        )
    return {"month": month, "rows": len(rows), "replaced": len(before), "aliases": len(mapped)}
