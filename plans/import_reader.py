"""The first step of a plan import: a DOCX or XLSX file read into a preview (themes,
activities, the unit names it could not match, problems), nothing written. The table is found
by its header, each row classified (part, theme, item, sub-item, total, note), each cell read
by plans/import_cells.py, the year settled, the stated totals checked against the rows."""

from __future__ import annotations

import itertools
import re
from datetime import date

from sqlite_utils import Database

from core import office_files
from core.errors import ValidationError
from core.i18n import fmt_money, t
from core.permissions import User, require
from core.text import clean_line, fold, nfc
from core.units import unit_matcher
from plans import plans, unit_names
from plans.import_cells import (
    ROMAN,
    cell_text,
    header_map,
    header_scale,
    make_flag,
    norm,
    parse_target,
    parse_time,
    plain,
    read_money,
)

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


def _find_table(tables) -> tuple[list, int, dict[str, int]]:
    for table in tables:
        for index, row in enumerate(table[:8]):
            columns = header_map([cell_text(c) for c in row])
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


# --- the table's structure -------------------------------------------------------

_ROMAN_STT = re.compile(r"^\s*((?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))\s*[.)\-–:]?\s*$")
_ROMAN_INLINE = re.compile(r"^\s*((?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))\s*[.)\-–:]\s*(\S.*)$", re.S)
_LETTER_STT = re.compile(r"^\s*([A-H])\s*[.)\-–:]?\s*$")
_NUMBER_STT = re.compile(r"^\s*(\d{1,3})\s*[.)]?\s*$")
_DOTTED_STT = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})+)\s*[.)]?\s*$")
_SUB_STT = re.compile(r"^\s*([a-zđ])\s*[.)]\s*$|^\s*([-+•*])\s*$")
_GRAND_TOTAL = re.compile(r"(tong cong|tong kinh phi|tong du toan)( [a-z0-9]+){0,4}|tong so|tong( [ivx]+)*")
_SUBTOTAL = re.compile(r"(cong|tieu cong|tong)( muc| phan| noi dung| nd)?( [ivx]+| [a-h]| \d{1,2})*")
_NOTE = re.compile(r"(ghi chu|luu y|chu thich|chu y)\b|\(?\*")


def _classify(texts: list[str], columns: dict[str, int]) -> dict:
    """What one table row is: numbering, part (A, B), theme (I, II), total, note, item, or skip."""

    def at(key):
        index = columns.get(key)
        return texts[index] if index is not None and index < len(texts) else ""

    filled = [t for t in texts if t]
    if not filled or all(re.fullmatch(r"\(?\d{1,2}\)?", t) for t in filled):
        return {"kind": "skip"}  # empty rows and the "(1) (2) (3)" numbering row under the header
    stt, title = at("stt"), at("title")
    others = [t for i, t in enumerate(texts) if t and i not in (columns.get("stt"), columns.get("budget"))]
    heading = title or (others[0] if others else "")
    only_heading = all(t == heading for t in others)  # other cells empty or repeating the title (merged)
    inline = _ROMAN_INLINE.match(stt) or (_ROMAN_INLINE.match(filled[0]) if len(set(filled)) == 1 else None)
    roman = _ROMAN_STT.match(stt)
    if roman and heading:
        return {"kind": "theme", "numeral": roman.group(1), "title": heading}
    if inline and (only_heading or len(set(filled)) == 1):
        return {"kind": "theme", "numeral": inline.group(1), "title": clean_line(inline.group(2))}
    letter = _LETTER_STT.match(re.sub(r"(?i)^ph[aầ]n\s+", "", stt))
    if letter and heading and only_heading:
        return {"kind": "part", "numeral": letter.group(1), "title": heading}
    label = norm(heading) if not re.search(r"\d", stt) else ""  # "Tổng cộng", "Cộng mục I", "Cộng (I)"
    if label and (_GRAND_TOTAL.fullmatch(label) or _SUBTOTAL.fullmatch(label)):
        return {"kind": "total", "label": heading, "grand": bool(_GRAND_TOTAL.fullmatch(label))}
    if not stt and _NOTE.match(plain(heading)):
        return {"kind": "note"}
    return {"kind": "item", "stt": stt, "title": title}


def _item_level(stt: str) -> tuple[str, str | None]:
    """("top", None) for "1", ("sub", parent) for "1.1" (parent "1"), ("sub", None) for "a)" or "-"."""
    if _DOTTED_STT.match(stt):
        return "sub", _DOTTED_STT.match(stt).group(1).rsplit(".", 1)[0]
    if _SUB_STT.match(stt):
        return "sub", None
    return "top", None


def message(problem: dict, lang: str = "vi") -> str:
    """One flag or problem as a sentence, amounts written as money, prefixed with the STT
    the user sees (and the theme's numeral) when it belongs to a row."""
    params = {
        k: fmt_money(v, lang) if k in ("amount", "stated", "computed") else v for k, v in problem["params"].items()
    }
    text = t(problem["key"], lang, **params)
    if problem.get("stt"):
        where = "plans.import.ref_theme" if problem.get("theme") else "plans.import.ref"
        return f"{t(where, lang, stt=problem['stt'], theme=problem.get('theme'))}: {text}"
    return text


def review_note(flags: list[dict]) -> str | None:
    """The "cần xem lại" note stored on an activity: its flags in Vietnamese, the office's language."""
    return "; ".join(message({"key": f["key"], "params": f["params"]}) for f in flags) or None


def _records(table: list, header_index: int, columns: dict[str, int]) -> list[dict]:
    """The rows under the header, classified; each item knows its level, its parent and the
    STT the user sees ("1", "1.1", "2.a")."""
    records, top, bullets = [], None, 0
    for row in table[header_index + 1 :]:
        texts = [cell_text(v) for v in row]
        record = {**_classify(texts, columns), "texts": texts}
        if record["kind"] == "skip":
            continue
        if record["kind"] in ("theme", "part"):
            top = None
        if record["kind"] == "item":
            level, parent = _item_level(record["stt"])
            record["parent"] = None
            if level == "top":
                top, bullets = record, 0
                number = _NUMBER_STT.match(record["stt"])
                record["label"] = number.group(1) if number else record["stt"].strip(" .)")
            else:
                owner = top if top is not None and (parent is None or parent == top["label"]) else None
                record["parent"] = owner
                bullets += 1
                letter = _SUB_STT.match(record["stt"])
                own = _DOTTED_STT.match(record["stt"])
                record["label"] = (
                    own.group(1)
                    if own
                    else f"{owner['label']}.{letter.group(1) or bullets}"
                    if owner and owner["label"]
                    else (letter.group(1) or str(bullets))
                )
                if owner is not None:
                    owner.setdefault("children", []).append(record)
        records.append(record)
    return records


def _read_time(text: str, year: int) -> dict:
    """`parse_time`, with an unreadable cell read as the whole year and flagged instead of refused."""
    try:
        return parse_time(text, year)
    except (ValueError, ArithmeticError):
        return {**parse_time("", year), "flag": make_flag("plans.import.flag.time_unread", value=text, year=year)}


def _months(when: dict, year: int) -> int:
    """How many calendar months a row's window touches (a deadline alone counts from January)."""
    start = date.fromisoformat(when["planned_start"]) if when["planned_start"] else date(year, 1, 1)
    end = date.fromisoformat(when["planned_end"])
    return max((end.year - start.year) * 12 + end.month - start.month + 1, 1)


def unit_flags(item: dict, groups: dict[str, int], choices: dict | None = None) -> list[dict]:
    """Flags for names that match no unit, no unit group and no reviewer's choice; marked
    ``unit`` so a commit recomputes them with the reviewer's choices. The preview and the
    commit both ask here, so a name the preview flags is one the commit leaves unlinked."""
    choices = choices or {}
    flags = []
    name = item["lead_name"]
    if name and item["lead_unit_id"] is None and choices.get(name) is None and name not in groups:
        flags.append({**make_flag("plans.import.flag.lead_unmatched", name=name), "unit": True})
    unknown = [n for n, unit in item["coordinating"] if unit is None and choices.get(n) is None and n not in groups]
    if unknown:
        flags.append({**make_flag("plans.import.flag.coord_unmatched", names="; ".join(unknown)), "unit": True})
    return flags


# --- the plan's year -------------------------------------------------------------

_TITLE_YEAR = re.compile(r"\bnam (\d{4})\b(?!\s*(?:-|den)\s*\d{4})")
_ATTACHED_DAY = re.compile(r"\bngay\s*\d{1,2}\s*(?:[/.-]\s*\d{1,2}\s*[/.-]|thang\s*\d{1,2}\s*nam)\s*(\d{4})\b")
_CELL_YEAR = re.compile(r"(?:/|\bnam\s*|\bquy\s*[ivx]+\s*/\s*)(\d{4})\b(?!\s*(?:-|den)\s*(?:nam\s*)?\d{4})")


def _title_lines(kind: str, data: bytes, table: list, header_index: int) -> list[str]:
    """The lines a person reads above the table: the document's paragraphs (DOCX) and the
    rows over the header (both kinds)."""
    lines = [" ".join(cell_text(c) for c in row if cell_text(c)) for row in table[:header_index]]
    if kind == "docx":
        lines = [p.text for p in office_files.open_docx(data).paragraphs if p.text.strip()] + lines
    return [nfc(line).strip() for line in lines if line and line.strip()]


def document_year(lines: list[str], time_cells: list) -> dict | None:
    """The year the document itself gives, with where it says so: its title ("… năm 2027"),
    else the dates of its rows (the year most of them name), else the date of the plan it is
    attached to ("Kèm theo Kế hoạch số 25/KH-UBND ngày 15/12/2026", which may be the year
    before). The signing date ("Hà Nội, ngày 15 tháng 12 năm 2026") and the legal bases
    ("Căn cứ …") are not the plan's year. None when the document names no year."""
    attached = None
    for line in lines:
        folded = plain(line)
        if "kem theo" in folded:
            match = _ATTACHED_DAY.search(folded)
            if match and attached is None:
                attached = {"year": int(match.group(1)), "source": "attached", "text": clean_line(line)}
            continue
        if folded.startswith(("can cu", "thuc hien")) or _ATTACHED_DAY.search(folded):
            continue  # the legal bases, and the date the document was signed ("Hà Nội, ngày 15 tháng 12 năm 2026")
        match = _TITLE_YEAR.search(folded)
        if match and 2000 <= int(match.group(1)) <= 2100:
            return {"year": int(match.group(1)), "source": "title", "text": clean_line(line)}
    years: dict[int, int] = {}
    for value in time_cells:
        if hasattr(value, "year") and not isinstance(value, str):
            found = [value.year]
        else:
            found = [int(y) for y in _CELL_YEAR.findall(plain(cell_text(value)))]
        for y in found:
            if 2000 <= y <= 2100:
                years[y] = years.get(y, 0) + 1
    if years:
        best = max(years, key=lambda y: (years[y], y))
        return {"year": best, "source": "dates", "text": str(best)}
    return attached


def _settle_year(given: int | None, found: dict | None, confirmed: bool) -> int:
    """The year to read the plan in: the one given, unless the document says another and the
    person has not confirmed it; the document's when none is given."""
    if given is None:
        if found is None:
            raise ValidationError("error.import_year_unknown")
        return found["year"]
    if found and found["year"] != int(given) and not confirmed:
        source = t(f"plans.import.year_source.{found['source']}")
        raise ValidationError(
            "error.import_year_contradicts", year=int(given), found=found["year"], source=source, text=found["text"]
        )
    return int(given)


# --- the document's own totals -----------------------------------------------------

_SCOPE_WORD = re.compile(r"^(?:cong|tieu cong|tong)(?: (?:muc|phan|noi dung|nd))?((?: [a-z0-9]+)*)$")


def _total_scopes(label: str, part: str | None, theme: dict | None, themes: list[dict], totalled: set) -> list:
    """Which rows a subtotal row adds up, most likely first: "Cộng mục A" the letter group A,
    "Cộng mục II" the theme II (of the current group), a bare "Cộng" the innermost group not
    yet added up (then the one around it)."""
    match = _SCOPE_WORD.match(norm(label))
    words = match.group(1).split() if match else []
    for word in words:
        if re.fullmatch(r"[a-h]", word):  # a letter group, or the theme it is when there are no Roman ones
            lettered = [th for th in themes if th["numeral"] == word.upper() and th["part"] is None]
            return [("theme", lettered[-1]["code"])] if lettered else [("part", word.upper())]
        if word in ROMAN:
            named = [th for th in themes if th["numeral"] == word.upper() and th["part"] == part] or [
                th for th in themes if th["numeral"] == word.upper()
            ]
            if named:
                return [("theme", named[-1]["code"])]
    scopes = []
    if theme is not None and ("theme", theme["code"]) not in totalled:
        scopes.append(("theme", theme["code"]))
    if part is not None and ("part", part) not in totalled:
        scopes.append(("part", part))
    return scopes + [("all",)]


def _in_scope(item: dict, scope: tuple) -> bool:
    if scope[0] == "theme":
        return item["theme_code"] == scope[1]
    if scope[0] == "part":
        return item["part"] == scope[1]
    return True


def _sum(items, reading: dict) -> int:
    return sum(reading.get(id(i), i["budget"]) or 0 for i in items)


def _agrees(total: dict, items: list[dict], reading: dict) -> tuple | None:
    """The first scope of a total row under which the rows add up to its figure, or None."""
    for scope in total["scopes"]:
        if _sum([i for i in items if _in_scope(i, scope)], reading) == total["stated"]:
            return scope
    return None


def _settle_parents(items: list[dict], totals: list[dict]) -> list[dict]:
    """Decide, for each row whose figure sits above sub-rows that have figures too (6 above 6.1),
    whether that figure is the sum of its sub-rows or the row's own budget: the reading under
    which the document's total rows add up is chosen and said; when none does, the row is
    flagged and read as the sum. Without a total row over it, the row is read as the sum and
    compared with its sub-rows. Returns the problems to show."""
    problems = []
    parents = [i for i in items if i.get("sub_items")]
    covered = [p for p in parents if any(_in_scope(p, s) for tot in totals for s in tot["scopes"])]
    for parent in parents:
        if parent in covered:
            continue
        computed = sum(c["budget"] or 0 for c in parent["sub_items"])
        if parent["stated_budget"] != computed:
            params = {"label": f"{parent['stt']}. {parent['title']}", "stated": parent["stated_budget"]}
            problems.append({**_problem("plans.import.problem.total_differs", computed=computed, **params)})
    if not covered:
        return problems
    relevant = [tot for tot in totals if any(_in_scope(p, s) for p in covered for s in tot["scopes"])]
    choices = itertools.product((False, True), repeat=len(covered)) if len(covered) <= 10 else [[False] * len(covered)]
    agreeing = []
    for own in choices:
        reading = {id(p): p["stated_budget"] if mine else None for p, mine in zip(covered, own, strict=True)}
        sums_hold = all(
            mine or p["stated_budget"] == sum(c["budget"] or 0 for c in p["sub_items"])
            for p, mine in zip(covered, own, strict=True)
        )
        if sums_hold and all(_agrees(tot, items, reading) for tot in relevant):
            agreeing.append(own)
    for index, parent in enumerate(covered):
        children = sum(c["budget"] or 0 for c in parent["sub_items"])
        params = {
            "label": f"{parent['stt']}. {parent['title']}",
            "stated": parent["stated_budget"],
            "computed": children,
        }
        doubtful = parent["stated_budget"] != children  # a figure equal to its sub-rows' sum is their sum
        if agreeing:
            own = min(agreeing, key=sum)[index]  # the fewest rows read as their own budget
            parent["budget"] = parent["stated_budget"] if own else None
            parent["budget_reading"] = "own" if own else "sum"
            key = "plans.import.problem.parent_own" if own else "plans.import.problem.parent_sum"
            problems.append({**_problem(key, **params), "stt": parent["stt"], "theme": parent["ref"]["theme"]})
        elif doubtful:
            parent["flags"].append(make_flag("plans.import.flag.parent_unsettled", **params))
    return problems


def _problem(key: str, **params) -> dict:
    return {"stt": None, "theme": None, "key": key, "params": params}


def _total_problems(totals: list[dict], items: list[dict]) -> list[dict]:
    """A warning for each total, subtotal or heading row that states another amount than its rows add up to."""
    problems = []
    for total in totals:
        if _agrees(total, items, {}):
            continue
        computed = _sum([i for i in items if _in_scope(i, total["scopes"][0])], {})
        problems.append(
            _problem(
                "plans.import.problem.total_differs", label=total["label"], stated=total["stated"], computed=computed
            )
        )
    return problems


def read_file(
    db: Database, actor: User, file_name: str, data: bytes, year: int | None = None, *, confirm_year: bool = False
) -> dict:
    """Parse a DOCX or XLSX plan into a preview; nothing is written. The year is the document's
    own (its title, its dates, the plan it is attached to) unless `year` is given; a given year
    the document contradicts is refused unless `confirm_year`. Every row is read as well as it
    can be: doubtful readings are flagged (``flags`` on the row, all listed in ``problems``)
    instead of refused. Raises ValidationError only when no table has the plan's columns or
    the year is unknown or contradicted."""
    require(actor, "plans.edit")
    kind = "xlsx" if str(file_name).lower().endswith((".xlsx", ".xlsm")) else "docx"
    tables = _xlsx_tables(data) if kind == "xlsx" else _docx_tables(data)
    table, header_index, columns = _find_table(tables)
    time_cells = [
        row[columns["time"]] for row in table[header_index + 1 :] if "time" in columns and columns["time"] < len(row)
    ]
    found = document_year(_title_lines(kind, data, table, header_index), time_cells)
    year = _settle_year(year, found, confirm_year)
    headers = [cell_text(c) for c in table[header_index]]
    scale = header_scale(headers[columns["budget"]]) if "budget" in columns else 1
    day = f"{int(year)}-01-01"
    records = _records(table, header_index, columns)
    parts_are_themes = not any(r["kind"] == "theme" for r in records)
    themes: list[dict] = []
    items: list[dict] = []
    problems: list[dict] = []
    totals: list[dict] = []  # total rows: label, the figure stated, the scopes it may add up
    totalled: set = set()
    seen: dict[tuple, str] = {}
    matched: dict = {}  # unit name -> unit (names repeat from row to row)
    theme, part = None, None

    def cell(texts, key):
        index = columns.get(key)
        return texts[index] if index is not None and index < len(texts) else ""

    def stated_total(label, record, scopes):
        texts = record["texts"]
        stated = read_money(cell(texts, "budget"), scale)["amount"]
        if stated is not None and cell(texts, "budget") not in (record.get("title"), record.get("label")):
            totals.append({"label": label, "stated": stated, "scopes": scopes})
            totalled.add(scopes[0])

    for record in records:
        texts = record["texts"]
        if record["kind"] == "part" and not parts_are_themes:
            part, theme = record["numeral"], None
            stated_total(f"{record['numeral']}. {record['title']}", record, [("part", part)])
            continue
        if record["kind"] == "theme" or (record["kind"] == "part" and parts_are_themes):
            theme = {
                "code": f"ND{len(themes) + 1}",
                "title": clean_line(record["title"]),
                "position": len(themes) + 1,
                "numeral": record["numeral"],
                "part": part,
            }
            themes.append(theme)
            stated_total(record["title"], record, [("theme", theme["code"])])
            continue
        if record["kind"] == "total":
            scopes = [("all",)] if record["grand"] else _total_scopes(record["label"], part, theme, themes, totalled)
            stated_total(record["label"], record, scopes)
            continue
        if record["kind"] != "item":
            continue
        numeral = f"{part}.{theme['numeral']}" if theme and part else theme["numeral"] if theme else None
        ref = {"stt": record["label"] or None, "theme": numeral}  # "mục B.I" where groups repeat the numerals
        parent = record["parent"]
        children = record.get("children", [])
        own = [cell(texts, k) for k in ("lead", "coord", "time", "output", "budget")]
        if not record["title"]:
            text = " | ".join(t for t in texts if t)
            problems.append({**ref, "key": "plans.import.problem.row_skipped", "params": {"text": text}})
            continue
        if children and not any(own):
            record["heading"] = True  # "1. Tuyên truyền trên báo chí" above its a), b): context, not an activity
            continue

        # a sub-row without its own lead, partners or time takes its parent's
        inherited = {
            k: cell(texts, k) or (cell(parent["texts"], k) if parent is not None else "")
            for k in ("lead", "coord", "time")
        }
        time_text = inherited["time"]
        when = _read_time(time_text, int(year))
        time_flag = when.pop("flag")
        listed = when.pop("listed", False)
        flags = [time_flag] if time_flag else []
        money = read_money(cell(texts, "budget"), scale, _months(when, int(year)))
        flags += money["flags"]
        budget = money["amount"]
        over_subrows = bool(children and budget is not None and any(cell(c["texts"], "budget") for c in children))
        theme_code = theme["code"] if theme else None
        key = (theme_code, fold(record["title"]))
        if key in seen:
            flags.append(make_flag("plans.import.flag.duplicate", first=seen[key]))
        seen.setdefault(key, record["label"] or record["title"])
        leads = _split_units(db, inherited["lead"], day, matched)
        coordinating = _split_units(db, inherited["coord"], day, matched) + leads[1:]
        output = cell(texts, "output")
        target, target_unit = parse_target(output)
        notes = []
        if parent is not None and parent.get("heading"):
            notes.append(f"Thuộc nhiệm vụ {parent['label']}. {parent['title']}")
        if (time_flag or listed) and time_text:
            notes.append(f"Thời gian: {time_text}")  # kept after the review note is cleared
        if money["note"]:
            notes.append(f"Kinh phí: {money['note']}")
        record["item"] = item = {
            "stt": record["label"],
            "part": part,
            "theme_code": theme_code,
            "theme": theme["title"] if theme else None,
            "title": record["title"],
            **when,
            "time_text": time_text or None,
            "lead_name": leads[0][0] if leads else None,
            "lead_unit_id": leads[0][1] if leads else None,
            "coordinating": coordinating,
            "output": output or None,
            "target": target,
            "target_unit": target_unit,
            "budget": None if over_subrows else budget,  # read as the sum of its sub-rows until the totals decide
            "stated_budget": budget,
            "budget_reading": "sum" if over_subrows else None,
            "funding_note": money["note"],
            "description": "\n".join(notes) or None,
            "flags": flags,
            "ref": ref,
        }
        if over_subrows:
            item["sub_rows"] = children
        items.append(item)
    if not items:
        raise ValidationError("error.import_no_rows")
    for item in items:
        item["sub_items"] = [c["item"] for c in item.pop("sub_rows", []) if "item" in c]
    problems += _settle_parents(items, totals)
    problems += _total_problems(totals, items)
    names = {i["lead_name"] for i in items if i["lead_name"] and i["lead_unit_id"] is None} | {
        name for i in items for name, unit in i["coordinating"] if unit is None
    }
    groups = unit_names.groups_among(db, sorted(names), day)  # collective names: recorded as unit groups
    for item in items:
        item["flags"] += unit_flags(item, groups)
        item["unit_groups"] = sorted(
            {n for n, u in item["coordinating"] if u is None and n in groups}
            | ({item["lead_name"]} if item["lead_unit_id"] is None and item["lead_name"] in groups else set())
        )
        item.pop("sub_items")
    problems += [{**i["ref"], **f} for i in items for f in i["flags"]]
    for theme in themes:
        theme.pop("numeral", None)
    plan = plans.annual_plan_for(db, int(year))
    return {
        "source": kind,
        "file_name": str(file_name),
        "year": int(year),
        "document_year": found,
        "existing_plan": {k: plan[k] for k in ("id", "number", "title", "status")} if plan else None,
        "themes": themes,
        "activities": items,
        "unmatched_units": sorted(names - set(groups)),
        "problems": problems,
        "unit_groups": groups,
    }



def summary_rows(preview: dict, lang: str = "vi") -> list[dict]:
    """Every row as read, in the shape the command line prints with --json: dates ISO,
    budget in đồng (or null), flags as sentences."""
    return [
        {
            "stt": item["stt"],
            "theme": item["theme"],
            "title": item["title"],
            "lead_unit": item["lead_name"],
            "coordinating_units": [name for name, _unit in item["coordinating"]],
            "planned_start": item["planned_start"],
            "planned_end": item["planned_end"],
            "deadline": item["deadline"],
            "target": item["target"],
            "target_unit": item["target_unit"],
            "budget": item["budget"],
            "stated_budget": item["stated_budget"],
            "budget_reading": item["budget_reading"],
            "funding_note": item["funding_note"],
            "unit_groups": item["unit_groups"],
            "flags": [message(f, lang) for f in item["flags"]],
        }
        for item in preview["activities"]
    ]
