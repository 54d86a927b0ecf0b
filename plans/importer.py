"""Import a plan's appendix table from the Word plan (DOCX) or a spreadsheet (XLSX).

Two steps, so a person sees what will happen before anything is written: `read_file`
returns a preview (themes, activities, unit names it could not match); `commit` writes
it all in one transaction, with the units a reviewer chose for the unmatched names.
A malformed file raises a ValidationError listing each bad row and column."""

from __future__ import annotations

import re
from datetime import date

from sqlite_utils import Database

from core import office_files
from core.errors import ValidationError
from core.permissions import User, require
from core.text import clean_line, fold, nfc
from core.units import unit_matcher
from plans import activities, plans, rules, store, unit_names
from plans.themes import add_theme

# Column -> folded phrases that name it, tried in this order (time before lead: "thời gian thực hiện").
HEADER_WORDS = [
    ("stt", ("stt", "tt", "so tt", "so thu tu", "thu tu")),
    ("time", ("thoi gian", "thoi han", "tien do thuc hien")),
    ("coord", ("phoi hop",)),
    ("lead", ("chu tri", "don vi thuc hien", "co quan thuc hien", "don vi thuc hien chinh")),
    ("output", ("san pham", "ket qua du kien", "ket qua")),
    ("budget", ("kinh phi", "du toan", "ngan sach")),
    ("title", ("noi dung", "nhiem vu", "hoat dong", "ten cong viec", "cong viec")),
]
ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
    "xi": 11,
    "xii": 12,
}
_SECTION = re.compile(r"^\s*([IVXLivxl]{1,5})\s*[.)/:-]\s*(.+)$", re.S)
_ROMAN_ONLY = re.compile(r"^\s*([IVXivx]{1,5})\s*\.?\s*$")
_DATE = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
_TARGET = re.compile(r"(\d+(?:[.,]\d+)?)\s+([^\d;,.()\n]{1,30})")


def _norm(text) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w/ ]+", " ", fold(str(text or "")))).strip()


def _plain(text) -> str:
    """Folded text with its punctuation kept (dashes unified), for values rather than headers."""
    return re.sub(r"\s+", " ", fold(str(text or "")).replace("–", "-").replace("—", "-")).strip()


def match_header(text) -> str | None:
    """Which column a header cell names (diacritics, case and punctuation ignored)."""
    value = _norm(text)
    if not value:
        return None
    for key, words in HEADER_WORDS:
        for word in words:
            if value == word or re.search(rf"(^|[ /]){re.escape(word)}($|[ /])", value):
                return key
    return None


def _header_map(cells: list) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = match_header(cell)
        if key and key not in found:
            found[key] = index
    return found if "title" in found and len(found) >= 3 else {}


# --- time expressions --------------------------------------------------------


def _quarter_number(token: str) -> int | None:
    token = token.strip().lower()
    if token.isdigit():
        return int(token) if 1 <= int(token) <= 4 else None
    return ROMAN.get(token) if ROMAN.get(token, 9) <= 4 else None


def parse_time(text, year: int) -> dict:
    """Dates of a "Thời gian thực hiện" cell: Quý II, Tháng 5, Cả năm, Năm 2021, Hằng tháng,
    6 tháng đầu năm, dd/mm/yyyy (a deadline) or a dd/mm/yyyy – dd/mm/yyyy range.
    Raises ValueError when the text says none of these."""
    raw = clean_line(str(text or ""))
    value = _plain(raw).rstrip(" .")
    year_match = re.search(r"(?:nam\s*|/)\s*(\d{4})\b", value)
    y = int(year_match.group(1)) if year_match else year

    def span(kind, start: date, end: date, recurrence="none"):
        return {
            "period_kind": kind,
            "planned_start": start.isoformat(),
            "planned_end": end.isoformat(),
            "deadline": end.isoformat(),
            "recurrence": recurrence,
        }

    dates = [date(int(yy), int(mm), int(dd)) for dd, mm, yy in _DATE.findall(raw)]
    if len(dates) >= 2:
        if dates[1] < dates[0]:
            raise ValueError("range reversed")
        return span("dates", dates[0], dates[1])
    if len(dates) == 1:
        return {
            "period_kind": "dates",
            "planned_start": None,
            "planned_end": dates[0].isoformat(),
            "deadline": dates[0].isoformat(),
            "recurrence": "none",
        }
    if (
        not value
        or value in ("ca nam", "trong nam", "thuong xuyen", "nam", "hang nam", "hang nam")
        or re.fullmatch(r"(ca nam|trong nam|nam)\s*\d{4}|\d{4}|thuong xuyen.*|ca nam.*", value)
    ):
        return span("year", date(y, 1, 1), date(y, 12, 31))
    if re.search(r"\b(hang|hang) thang\b", value):
        return span("year", date(y, 1, 1), date(y, 12, 31), "monthly")
    if re.search(r"\b(hang|hang) quy\b", value):
        return span("year", date(y, 1, 1), date(y, 12, 31), "quarterly")
    if re.search(r"6 thang dau nam", value):
        return span("dates", date(y, 1, 1), date(y, 6, 30))
    if re.search(r"6 thang cuoi nam", value):
        return span("dates", date(y, 7, 1), date(y, 12, 31))
    quarters = re.findall(r"quy\s*([ivx]+|\d)\b", value)
    if quarters:
        extra = re.findall(r"(?:-|,|va|den)\s*(?:quy\s*)?([ivx]+|\d)\b", value[value.index("quy") :])
        numbers = [_quarter_number(q) for q in quarters + extra]
        numbers = [n for n in numbers if n]
        if not numbers:
            raise ValueError("quarter")
        first, last = min(numbers), max(numbers)
        start, end = rules.quarter_bounds(y, first)[0], rules.quarter_bounds(y, last)[1]
        return span("quarter" if first == last else "dates", start, end)
    months = re.findall(r"thang\s*(\d{1,2})\b", value)
    if months:
        extra = re.findall(r"(?:-|,|va|den)\s*(?:thang\s*)?(\d{1,2})\b(?!\s*/?\s*\d{4})", value[value.index("thang") :])
        numbers = sorted({int(m) for m in months + extra if 1 <= int(m) <= 12})
        if not numbers or any(not 1 <= int(m) <= 12 for m in months):
            raise ValueError("month")
        start, end = rules.month_bounds(y, numbers[0])[0], rules.month_bounds(y, numbers[-1])[1]
        return span("month" if len(numbers) == 1 else "dates", start, end)
    raise ValueError(raw)


def parse_budget(value, unit: int = 1) -> int | None:
    """VND from a "Kinh phí" cell: 120.000.000, 120 triệu, 1,2 tỷ, or a number cell.
    Text without digits (e.g. "Ngân sách thường xuyên") is no amount. Raises ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        amount = float(value) * unit
    else:
        text = _plain(value)
        number = re.search(r"-?\d[\d.,]*", text)
        if number is None:
            return None
        raw = number.group(0).rstrip(".,")
        scale = 1_000_000_000 if re.search(r"\bty\b", text) else 1_000_000 if "trieu" in text else unit
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", raw):
            raw = raw.replace(".", "")
        elif re.fullmatch(r"-?\d{1,3}(,\d{3})+", raw) and scale == 1:
            raw = raw.replace(",", "")
        else:
            raw = raw.replace(".", "").replace(",", ".") if "," in raw else raw
        amount = float(raw) * scale
    if amount < 0:
        raise ValueError("negative")
    return int(round(amount))


def parse_target(output: str) -> tuple[float | None, str | None]:
    """A numeric target in the output text ("24 tin, bài" -> 24, "tin"), if there is one."""
    found = _TARGET.search(output or "")
    if not found:
        return None, None
    return float(found.group(1).replace(".", "").replace(",", ".")), found.group(2).strip() or None


# --- reading the files -------------------------------------------------------


def _docx_tables(data: bytes) -> list[list[list[str]]]:
    try:
        return office_files.docx_tables(data)
    except office_files.DamagedFile as exc:
        raise ValidationError("error.import_unreadable") from exc


def _xlsx_tables(data: bytes) -> list[list[list]]:
    """Each sheet's rows, merged ranges filled with their top-left value (clipped to the
    cells in use by the guarded reader)."""
    try:
        sheets = office_files.xlsx_sheets(data)
    except office_files.DamagedFile as exc:
        raise ValidationError("error.import_unreadable") from exc
    return [[[nfc(v).strip() if isinstance(v, str) else v for v in row] for row in sheet.rows] for sheet in sheets]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_line(str(value))


def _find_table(tables) -> tuple[list, int, dict[str, int]]:
    for table in tables:
        for index, row in enumerate(table[:8]):
            columns = _header_map([_text(c) for c in row])
            if columns:
                return table, index, columns
    raise ValidationError("error.import_no_table")


def _split_units(db: Database, text: str, day: str, cache: dict) -> list[tuple[str, int | None]]:
    """Unit names in a cell, each with its matched unit id (None when unknown). Names are
    separated by new lines or semicolons; commas split only where the whole does not match."""
    result = []
    for part in re.split(r"[;\n]+", text or ""):
        pieces = [p.strip(" .-+") for p in part.split(",")]
        pending: list[str] = []  # consecutive pieces that match nothing stay one name
        i = 0
        while i < len(pieces):
            for j in range(len(pieces), i, -1):
                name = ", ".join(p for p in pieces[i:j] if p)
                if name and name not in cache:
                    match = cache.get(None) or cache.setdefault(None, unit_matcher(db, day))  # built once a file
                    cache[name] = match(name)
                unit = cache.get(name) if name else None
                if unit:
                    if pending:
                        result.append((clean_line(", ".join(pending)), None))
                        pending = []
                    result.append((clean_line(name), unit["id"]))
                    i = j
                    break
            else:
                if pieces[i]:
                    pending.append(pieces[i])
                i += 1
        if pending:
            result.append((clean_line(", ".join(pending)), None))
    return result


def read_file(db: Database, actor: User, file_name: str, data: bytes, year: int) -> dict:
    """Parse a DOCX or XLSX plan into a preview; nothing is written. Raises ValidationError
    with every bad row and column, or when no table has the plan's columns."""
    require(actor, "plans.edit")
    kind = "xlsx" if str(file_name).lower().endswith((".xlsx", ".xlsm")) else "docx"
    tables = _xlsx_tables(data) if kind == "xlsx" else _docx_tables(data)
    table, header_index, columns = _find_table(tables)
    headers = [_text(c) for c in table[header_index]]
    budget_unit = 1_000_000 if "budget" in columns and "trieu" in _norm(headers[columns["budget"]]) else 1
    day = f"{int(year)}-01-01"
    themes: list[dict] = []
    items: list[dict] = []
    errors: list[dict] = []
    seen: dict[tuple, int] = {}
    matched: dict = {}  # unit name -> unit (names repeat from row to row)

    def cell(row, key):
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    def fail(row_number, key, message, **params):
        errors.append(
            {
                "row": row_number,
                "key": message,
                "params": {"column": headers[columns[key]] if key in columns else key, **params},
            }
        )

    for offset, row in enumerate(table[header_index + 1 :], start=header_index + 2):
        texts = [_text(v) for v in row]
        filled = [t for t in texts if t]
        if not filled or all(re.fullmatch(r"\(?\d{1,2}\)?", t) for t in filled):
            continue  # empty rows and the "(1) (2) (3)" numbering row under the header
        stt, title = _text(cell(row, "stt")), _text(cell(row, "title"))
        section = _SECTION.match(stt + (" " + title if _ROMAN_ONLY.match(stt) else "")) if stt else None
        if section is None and len(set(filled)) == 1:
            section = _SECTION.match(filled[0])
        if section and section.group(1).lower() in ROMAN:
            number = ROMAN[section.group(1).lower()]
            themes.append({"code": f"ND{number}", "title": clean_line(section.group(2)), "position": len(themes) + 1})
            continue
        if not title:
            fail(offset, "title", "error.import_title_missing")
            continue
        try:
            when = parse_time(cell(row, "time"), int(year))
        except ValueError:
            fail(offset, "time", "error.import_time_invalid", value=_text(cell(row, "time")))
            continue
        try:
            budget = parse_budget(cell(row, "budget"), budget_unit)
        except ValueError:
            fail(offset, "budget", "error.import_budget_invalid", value=_text(cell(row, "budget")))
            continue
        theme_code = themes[-1]["code"] if themes else None
        key = (theme_code, fold(title))
        if key in seen:
            fail(offset, "title", "error.import_duplicate", first=seen[key])
            continue
        seen[key] = offset
        leads = _split_units(db, _text(cell(row, "lead")), day, matched)
        coordinating = _split_units(db, _text(cell(row, "coord")), day, matched) + leads[1:]
        output = _text(cell(row, "output"))
        target, target_unit = parse_target(output)
        budget_text = _text(cell(row, "budget"))
        items.append(
            {
                "row": offset,
                "theme_code": theme_code,
                "title": title,
                **when,
                "lead_name": leads[0][0] if leads else None,
                "lead_unit_id": leads[0][1] if leads else None,
                "coordinating": coordinating,
                "output": output or None,
                "target": target,
                "target_unit": target_unit,
                "budget": budget,
                "description": None if budget is not None or not budget_text else f"Kinh phí: {budget_text}",
            }
        )
    if errors:
        raise ValidationError("error.import_invalid", errors=errors)
    if not items:
        raise ValidationError("error.import_no_rows")
    unmatched = sorted(
        {i["lead_name"] for i in items if i["lead_name"] and i["lead_unit_id"] is None}
        | {name for i in items for name, unit in i["coordinating"] if unit is None}
    )
    groups = unit_names.groups_among(db, unmatched, day)  # collective names: recorded as unit groups
    unmatched = [name for name in unmatched if name not in groups]
    return {
        "source": kind,
        "year": int(year),
        "themes": themes,
        "activities": items,
        "unmatched_units": unmatched,
        "unit_groups": groups,
    }


def commit(
    db: Database,
    actor: User,
    preview: dict,
    *,
    unit_choices: dict[str, int | None] | None = None,
    skip_unmatched: bool = False,
    number: str = "",
    title: str = "",
) -> dict:
    """Write a preview: into the year's annual plan if there is one, else a new draft plan.

    Every unmatched unit name needs a choice in `unit_choices` (a unit id, or None to leave
    it out) unless `skip_unmatched`. All or nothing: any refusal leaves the database as it was."""
    require(actor, "plans.edit")
    choices = dict(unit_choices or {})
    missing = [n for n in preview["unmatched_units"] if n not in choices]
    if missing and not skip_unmatched:
        raise ValidationError("error.import_units_unmatched", names="; ".join(missing))
    year = preview["year"]
    with db.atomic():
        plan = store.annual_plan_for(db, year) or plans.create_plan(
            db,
            actor,
            year=year,
            number=number,
            title=title or f"Kế hoạch thông tin, tuyên truyền cải cách hành chính năm {year}",
        )
        existing = {t["code"]: t for t in store.list_themes(db, plan["id"])}
        theme_ids, added_themes = {}, 0
        for theme in preview["themes"]:
            if theme["code"] not in existing:
                existing[theme["code"]] = add_theme(db, actor, plan["id"], code=theme["code"], title=theme["title"])
                added_themes += 1
            theme_ids[theme["code"]] = existing[theme["code"]]["id"]
        titles = {(a["theme_id"], fold(a["title"])) for a in store.list_activities(db, plan["id"])}
        errors = []
        for item in preview["activities"]:
            theme_id = theme_ids.get(item["theme_code"])
            if (theme_id, fold(item["title"])) in titles:
                errors.append({"row": item["row"], "key": "error.import_exists", "params": {"title": item["title"]}})
                continue
            lead = item["lead_unit_id"] or (choices.get(item["lead_name"]) if item["lead_name"] else None)
            coordinating = {unit or choices.get(name) for name, unit in item["coordinating"]} - {None, lead}
            groups = preview.get("unit_groups", {})
            lead_group = groups.get(item["lead_name"]) if item["lead_unit_id"] is None else None
            group_ids = sorted({groups[name] for name, unit in item["coordinating"] if unit is None and name in groups})
            activities.create_activity(
                db,
                actor,
                plan["id"],
                theme_id=theme_id,
                title=item["title"],
                description=item["description"],
                lead_unit_id=lead,
                coordinating_unit_ids=sorted(coordinating),
                lead_group_id=lead_group,
                coordinating_group_ids=group_ids,
                period_kind=item["period_kind"],
                recurrence=item["recurrence"],
                planned_start=item["planned_start"],
                planned_end=item["planned_end"],
                deadline=item["deadline"],
                output=item["output"],
                target=item["target"],
                target_unit=item["target_unit"],
                budget=item["budget"],
            )
        if errors:
            raise ValidationError("error.import_invalid", errors=errors)
        unit_names.remember_choices(db, actor, choices)  # the next file reads these names by itself
    return {
        "plan": plans.get_plan(db, plan["id"]),
        "themes": added_themes,
        "activities": len(preview["activities"]),
        "unmatched_units": missing,
    }
