"""The first step of a services import: a month's export of the one-stop system (XLSX or
CSV) read into a preview, nothing written.

The export has a title row (often naming the month), two header rows with merged cells,
one row per unit and a total row. Columns are found by their folded header text, so
case, diacritics, punctuation and the usual variants do not matter; a layout nothing
places is placed by a person's column mapping. Every row is checked (broken totals,
negatives, formulas, counts too large, rates its counts do not give), and the preview
says what committing it would change (`changes`)."""

from __future__ import annotations

import re
import time
import unicodedata

from sqlite_utils import Database

from core import office_files, units
from core.errors import ValidationError
from core.i18n import today_local
from core.periods import first_day, of_date, parse_month
from core.permissions import User, require
from core.text import clean_line
from services import checks, store
from services.store import FIGURES, REQUIRED

ROW_CAP = 5_000  # unit rows of a month's export: the city has a few hundred units
HEADER_SEARCH_ROWS = 15
MAX_FIGURE = 10**9  # a count in one cell: more is a typing error or a hostile file
RATE_TOLERANCE = 0.5  # percentage points a printed rate may differ from its counts by rounding
BUDGET_SECONDS = 60.0  # an import stops itself after this long, whatever the file
_SPACES = re.compile(r"[^a-z0-9]+")
_TITLE_MONTH = re.compile(r"thang\s*(\d{1,2})\s*(?:nam|/|-|\.)\s*(\d{4})")
_NUMBER = re.compile(r"-?\d{1,3}(?:[.,]\d{3})+|-?\d+")


def header_key(value) -> str:
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


def _blank(value):
    return None if isinstance(value, str) and not value.strip() else value


def read_sheets(
    filename: str, data: bytes, max_bytes: int | None = None, max_rows: int | None = None
) -> list[list[list]]:
    """Each sheet's rows (a CSV is one sheet) as lists of cell values, read by the guarded
    office reader under the upload limit and `max_rows` (the reader's own cap by default).
    In an XLSX, merged ranges are filled with their top-left value and formulas are kept as
    text ("=SUM(C5:C9)") so they can be flagged, not silently taken."""
    cap = check_size(data, max_bytes)
    limits = office_files.limits_for(cap, **({"max_rows": max_rows} if max_rows else {}))
    name = filename.lower()
    if name.endswith(".csv"):
        try:
            return [[[_blank(cell) for cell in row] for row in office_files.csv_rows(data, limits)]]
        except ValidationError as exc:
            if exc.key == "error.csv_not_utf8":
                raise ValidationError("services.error.csv_not_utf8") from None
            raise
    if not name.endswith((".xlsx", ".xlsm")):
        raise ValidationError("services.error.file_kind", name=filename)
    try:
        sheets = office_files.xlsx_sheets(data, fill_merged=True, limits=limits, formulas=True)
    except office_files.DamagedFile:
        raise ValidationError("services.error.bad_file") from None
    return [[[_blank(cell) for cell in row] for row in sheet.rows] for sheet in sheets] or [[]]


def read_grid(filename: str, data: bytes, max_bytes: int | None = None, max_rows: int | None = None) -> list[list]:
    """The rows of the file's first sheet (see `read_sheets`)."""
    return read_sheets(filename, data, max_bytes, max_rows)[0]


# --- finding the columns ---------------------------------------------------


def column_field(group: str, sub: str) -> str | None:
    """Which figure a column holds, from its two folded header cells (group and sub-header;
    equal when the column's header spans both rows)."""
    text = group if sub == group else f"{group} {sub}"
    words = text.split()
    if group in ("stt", "tt", "so tt", "so thu tu"):
        return "stt"
    if "ty le" in text:  # a rate the file prints: only cross-checked against its counts
        if "truc tuyen" in text:
            return "rate_online"
        return "rate_on_time" if "dung han" in text or "truoc han" in text else None
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
        "resolved": (("truoc han", "ahead"), ("som han", "ahead"), ("dung han", "on_time"), ("qua han", "late"),
                     ("tre han", "late")),
        "pending": (("trong han", "pending_within"), ("chua den han", "pending_within"), ("con han", "pending_within"),
                    ("qua han", "pending_overdue"), ("tre han", "pending_overdue")),
    }[section]  # fmt: skip
    for needle, field in rules:
        if needle in sub.split() or (" " in needle and needle in sub):
            return field
    return None


def _header_columns(grid: list[list]) -> tuple[int, dict[str, int]]:
    """The header row (its upper line) that places the most figures, and their columns."""
    best: tuple[int, dict[str, int]] = (-1, {})
    for top in range(min(HEADER_SEARCH_ROWS, max(len(grid) - 1, 0))):
        upper, lower = grid[top], grid[top + 1] if top + 1 < len(grid) else []
        width = max(len(upper), len(lower))
        groups = [header_key(upper[c]) if c < len(upper) else "" for c in range(width)]
        subs = [header_key(lower[c]) if c < len(lower) else "" for c in range(width)]
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
    return best


def _missing(found: dict[str, int]) -> list[str]:
    """The required columns not placed; new online files may come as toàn trình + một phần."""
    split_online = "full_online" in found and "partial_online" in found
    return [f for f in ("unit", *REQUIRED) if f not in found and not (f == "online" and split_online)]


def _unplaced(refused: ValidationError, grid: list[list]) -> ValidationError:
    """The refusal of a layout not recognised, carrying what a person needs to map it: the
    file's columns (letter and header words) and its shape."""
    top, found = _header_columns(grid)
    head = grid[max(top, 0) : max(top, 0) + 2] if grid else []
    if len(head) == 2 and not _digit_free(head[1]):
        head = head[:1]  # a one-line header: the next line is a unit's
    width = max((len(r) for r in grid[:HEADER_SEARCH_ROWS]), default=0)
    from openpyxl.utils.cell import get_column_letter

    columns = []
    for c in range(width):
        words = " / ".join(str(r[c]) for r in head if c < len(r) and r[c] not in (None, ""))
        columns.append({"column": get_column_letter(c + 1), "header": words[:80]})
    refused.params.update(shape=shape_key(grid), file_columns=columns, found=found)
    return refused


def find_header(grid: list[list]) -> tuple[int, dict[str, int]]:
    """The index of the first header row and the column of each figure found. Raises
    with the columns that were not found when the layout is not the export's."""
    top, found = _header_columns(grid)
    missing = _missing(found)
    if missing:
        raise ValidationError("services.error.columns_missing", columns="; ".join(checks.LABELS[f] for f in missing))
    return top, found


_LETTERS = re.compile(r"^[A-Za-z]{1,3}$")


def _digit_free(row: list) -> bool:
    return not any(isinstance(v, (int, float)) or any(ch.isdigit() for ch in str(v or "")) for v in row)


def shape_key(grid: list[list]) -> str:
    """What files of one layout share: the words of the header lines (and the title, without
    its digits — months, counts), folded; their hash names a remembered column mapping."""
    import hashlib

    top = max(_header_columns(grid)[0], 0)
    head = grid[: top + 1] + (grid[top + 1 : top + 2] if top + 1 < len(grid) and _digit_free(grid[top + 1]) else [])
    words = [header_key(c) for row in head for c in row if isinstance(c, str) and not any(ch.isdigit() for ch in c)]
    return hashlib.sha256("|".join(w for w in words if w).encode()).hexdigest()[:16]


def _column_index(ref) -> int | None:
    """A column named by letter ("C") or by its 1-based number."""
    from openpyxl.utils.cell import column_index_from_string

    if isinstance(ref, int) and not isinstance(ref, bool):
        return ref - 1 if 1 <= ref <= office_files.LIMITS.max_cols else None
    text = str(ref or "").strip()
    if _LETTERS.match(text):
        index = column_index_from_string(text.upper())
        return index - 1 if index <= office_files.LIMITS.max_cols else None
    return int(text) - 1 if text.isdigit() and 1 <= int(text) <= office_files.LIMITS.max_cols else None


def apply_mapping(found: dict[str, int], mapping: dict) -> dict[str, int]:
    """The columns placed by their headers, completed (or corrected) by a person's mapping:
    {"columns": {field: "C" | 3}, "first_row": 5} (fields as in `store.FIGURES`, and "unit";
    `first_row`, optional, is the first unit row as the spreadsheet numbers it)."""
    placed = dict(found)
    for field, ref in (mapping.get("columns") or {}).items():
        if field not in ("unit", *FIGURES):
            raise ValidationError("services.error.mapping_field", field=str(field)[:40])
        index = _column_index(ref)
        if index is None:
            raise ValidationError("services.error.mapping_column", field=field, column=str(ref)[:20])
        placed[field] = index
    return placed


def find_table(sheets: list[list[list]]) -> tuple[list[list], int, dict[str, int]]:
    """The sheet holding the results table (a workbook may open with a cover note), its
    header row and columns: the first sheet where every required column is placed, else
    the refusal for the sheet that placed the most."""
    best: tuple[int, list[list]] | None = None
    for grid in sheets:
        top, found = _header_columns(grid)
        if not _missing(found):
            return grid, top, found
        if best is None or len(found) > best[0]:
            best = (len(found), grid)
    top, found = find_header(best[1] if best else [])
    return best[1], top, found  # pragma: no cover - find_header has raised


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
    """(the whole number in a cell, or the message key of what is wrong with it). Numbers
    stored as text with thousands dots or commas ("1.250") are read; a count beyond
    MAX_FIGURE (more files than the city handles in years) is refused, not stored."""
    number, problem = _whole(value)
    if number is not None and abs(number) > MAX_FIGURE:
        return None, "services.flag.too_big"
    return number, problem


def _whole(value) -> tuple[int | None, str | None]:
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
    if len(text) > 20:  # longer than any count: not parsed into a huge integer
        return None, "services.flag.too_big" if _NUMBER.fullmatch(text) else "services.flag.not_number"
    if _NUMBER.fullmatch(text):
        return int(text.replace(".", "").replace(",", "")), None
    return None, "services.flag.not_number"


def cell_rate(value) -> float | None:
    """A percentage as a file writes it: 95.5, "95,5", "95,5%", or 0.955 in a cell formatted
    as a percentage (read back as a fraction by the caller's cross-check). None when unreadable."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value == value else None
    text = str(value).strip().rstrip("%").strip().replace(",", ".")
    if not text or len(text) > 20:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _rate_disagrees(written: float, part: int, whole: int) -> float | None:
    """The rate the counts give (in %), when the file's own rate differs from it by more
    than rounding; None when they agree or the counts give no rate."""
    if not whole:
        return None
    computed = 100 * part / whole
    if 0 <= written <= 1 and abs(100 * written - computed) < abs(written - computed):
        written *= 100  # a fraction in a cell formatted as a percentage
    return None if abs(written - computed) <= RATE_TOLERANCE else computed


_OTHER_CITIES = ("hai phong", "da nang", "ho chi minh", "can tho", "hue")
_PROVINCE = re.compile(r"\btỉnh\s+([^\d,;:()/\-–]{2,40})")


def other_province(grid: list[list], header_row: int) -> str | None:
    """The province or city a title above the header names, when it is not Hà Nội
    ("UBND TỈNH BẮC NINH", "THÀNH PHỐ HẢI PHÒNG"). "Tỉnh" is read with its diacritics, so
    "tình hình" in a title is not taken for it."""
    for row in grid[:header_row]:
        for cell in row:
            if not isinstance(cell, str) or not cell.strip():
                continue
            text = unicodedata.normalize("NFC", " ".join(cell.split())).lower()
            found = _PROVINCE.search(text)
            if found:
                return found.group(1).strip().title()
            folded = units.unit_key(text)
            for city in _OTHER_CITIES:
                if f"thanh pho {city}" in folded or f"tp {city}" in folded:
                    return city.title()
    return None


def is_total(label: str) -> bool:
    """A total row's label: "Tổng cộng", "Tổng số", "Tổng", "Cộng" (also without
    diacritics). "Cộng" is told from "Công" by its diacritics, so "Công an Thành phố" is a
    unit, not a total; without diacritics only a bare "Cong" is taken as a total."""
    key = header_key(label)
    if key in ("tong", "cong", "tong cong", "tong so") or key.startswith(("tong cong", "tong so")):
        return True
    word = clean_line(label).lower().split(" ", 1)[0].rstrip(":.")
    return unicodedata.normalize("NFC", word) == "cộng"


def read_file(
    db: Database,
    actor: User,
    filename: str,
    data: bytes,
    month: str | None = None,
    max_bytes: int | None = None,
    budget_seconds: float | None = None,
    column_map: dict | None = None,
) -> dict:
    """Check a month's export and return the preview; writes nothing.

    The preview lists every unit row with its matched unit, the names that matched no
    unit, and the flagged rows (broken totals, negatives, formulas, counts over
    MAX_FIGURE, a printed rate that its counts do not give, a unit twice, a total row that
    is not the sum). Refused: a title month that differs from `month`, a month after the
    current one, a title naming another province, and a file still being read after
    `budget_seconds` (BUDGET_SECONDS by default)."""
    require(actor, "services.edit")
    budget = BUDGET_SECONDS if budget_seconds is None else budget_seconds
    deadline = time.monotonic() + budget
    asked = parse_month(month) if month else None
    sheets = read_sheets(filename, data, max_bytes, ROW_CAP)
    if column_map is None:
        try:
            grid, header, columns = find_table(sheets)
        except ValidationError as refused:
            grid = sheets[0]
            remembered = store.settings(db).get(f"column_map:{shape_key(grid)}")
            if remembered is None:
                raise _unplaced(refused, grid) from None
            column_map = remembered
    if column_map is not None:
        grid = sheets[0] if len(sheets) == 1 else next((g for g in sheets if _header_columns(g)[1]), sheets[0])
        header, found = _header_columns(grid)
        columns = apply_mapping(found, column_map)
        if column_map.get("first_row"):  # the first unit row, 1-based, as the person sees it
            header = max(int(column_map["first_row"]) - 3, -2)
        missing = _missing(columns)
        if missing:
            raise ValidationError(
                "services.error.columns_missing", columns="; ".join(checks.LABELS[f] for f in missing)
            )
    province = other_province(grid, max(header, 0))
    if province:
        raise ValidationError("services.error.other_province", province=province)
    in_title = title_month(grid, max(header, 0))
    if asked and in_title and in_title != asked:
        raise ValidationError("services.error.month_mismatch", file_month=in_title, month=asked)
    month = asked or in_title
    if not month:
        raise ValidationError("services.error.month_missing")
    current = of_date(today_local())
    if month > current:
        raise ValidationError("services.error.month_future", month=month, current=current)
    match = units.unit_matcher(db, first_day(month))
    rows, flagged, unmatched, total = [], [], [], None
    seen: dict[str, int] = {}
    unmatched_seen: set[str] = set()
    ambiguous: dict[str, list[dict]] = {}  # names several units answer: the person chooses
    unreadable: set[str] = set()  # columns with a cell that is not a number: their sum means nothing
    for index in range(header + 2, len(grid)):
        if index % 256 == 0 and time.monotonic() > deadline:
            raise ValidationError("services.error.too_slow", seconds=round(budget))
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
                if not is_total(label):
                    unreadable.add(field)
                row_flags.append((problem, {"column": checks.LABELS[field], "value": str(raw[field])[:40]}))
            figures[field] = 0 if value is None and field in REQUIRED and not problem else value
        if "online" not in columns and not row_flags:  # online given as toàn trình + một phần
            figures["online"] = (figures["full_online"] or 0) + (figures["partial_online"] or 0)
        if is_total(label):
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
            row_flags = checks.problems(figures) + _rate_flags(figures, cell)
        unit = match(name) if name else None
        identity = f"id:{unit['id']}" if unit else f"name:{header_key(name)}"
        if identity in seen:
            row_flags.append(("services.flag.duplicate", {"first": seen[identity]}))
        else:
            seen[identity] = index + 1
        if unit is None and name not in unmatched_seen:
            unmatched_seen.add(name)
            unmatched.append(name)
            several = match.candidates(name)
            if len(several) > 1:
                ambiguous[name] = [{"code": u["code"], "name": u["name"]} for u in several]
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
    preview = {
        "month": month,
        "filename": filename,
        "rows": rows,
        "units": sum(1 for r in rows if r["unit_id"]),
        "unmatched_units": unmatched,
        "ambiguous_units": ambiguous,
        "flagged": flagged,
        "optional_columns": [f for f in FIGURES if f not in REQUIRED and f in columns],
        "total_row": total is not None,
        "column_map": column_map,
        "shape": shape_key(grid),
    }
    preview["changes"] = changes(db, preview)
    return preview


RATE_LABELS = {"rate_on_time": "Tỷ lệ giải quyết đúng hạn (%)", "rate_online": "Tỷ lệ hồ sơ trực tuyến (%)"}


def _rate_flags(figures: dict, cell) -> list[tuple[str, dict]]:
    """A printed rate that the row's own counts do not give: on time = (ahead + on time) /
    resolved; online = online / (online + in person) (DOMAIN.md)."""
    found = []
    for field, part, whole in (
        ("rate_on_time", figures["ahead"] + figures["on_time"], figures["resolved"]),
        ("rate_online", figures["online"], figures["online"] + figures["in_person"]),
    ):
        written = cell_rate(cell(field))
        computed = _rate_disagrees(written, part, whole) if written is not None else None
        if computed is not None:
            found.append(
                (
                    "services.flag.rate",
                    {"column": RATE_LABELS[field], "value": str(cell(field)), "computed": f"{computed:.2f}"},
                )
            )
    return found


def held_figures(preview: dict) -> tuple[str, ...]:
    """The figures the file has columns for: only these are written (a column the file does
    not have leaves the stored figure as it is)."""
    return (*REQUIRED, *preview.get("optional_columns", ()))


def changes(db: Database, preview: dict, mapping: dict[str, str] | None = None) -> dict:
    """What committing `preview` would do to its month, unit by unit: `added` (no figures
    yet), `changed` (with old -> new of each figure that differs), `unchanged`, and `kept`
    (units of the month the file does not name: left alone, unless the whole month is
    replaced, when they are `removed`); `unmapped` names still to be chosen."""
    mapping = {name: code for name, code in (mapping or {}).items() if code}
    existing = {r["unit_id"]: r for r in store.results_for_month(db, preview["month"])}
    named: set[int] = set()
    added, changed, unchanged, unmapped = [], [], [], []
    for row in preview["rows"]:
        unit = None
        if row["unit_id"]:
            unit = {"id": row["unit_id"], "code": row["code"], "name": row["unit_name"]}
        elif row["name"] in mapping:
            found = units.find_unit(db, mapping[row["name"]])
            unit = found and {"id": found["id"], "code": found["code"], "name": found["name"]}
        if unit is None:
            unmapped.append(row["name"])
            continue
        named.add(unit["id"])
        entry = {"row": row["row"], "unit": unit["name"], "code": unit["code"]}
        old = existing.get(unit["id"])
        if old is None:
            added.append(entry)
            continue
        differ = {f: [old[f], row[f]] for f in held_figures(preview) if old[f] != row[f]}
        (changed if differ else unchanged).append({**entry, **({"figures": differ} if differ else {})})
    kept = [{"unit": r["name"], "code": r["code"]} for uid, r in existing.items() if uid not in named]
    return {"added": added, "changed": changed, "unchanged": unchanged, "kept": kept, "unmapped": unmapped}


