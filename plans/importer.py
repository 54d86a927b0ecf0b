"""Import a plan's appendix table from the Word plan (DOCX) or a spreadsheet (XLSX).

Two steps, so a person sees what will happen before anything is written: `read_file`
returns a preview (themes, activities, unit names it could not match, problems); `commit`
writes it all in one transaction, with the units a reviewer chose for the unmatched names.
Plans are read the way offices write them: doubtful rows (a vague time, a range or
per-period amount, an unknown unit) are imported and marked for review, never refused;
only a file without a recognisable plan table is refused. Messages name the STT the user sees."""

from __future__ import annotations

import itertools
import re
from datetime import date
from decimal import Decimal

from sqlite_utils import Database

from core import batches, office_files, units
from core.errors import ValidationError
from core.i18n import fmt_money, t
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

# Phrases that name no period ("Theo kế hoạch"): the whole year, the text kept and the row flagged.
VAGUE_TIMES = (
    "theo ke hoach",
    "khi co yeu cau",
    "theo yeu cau",
    "dinh ky",
    "theo chi dao",
    "khi co chi dao",
    "khi co van ban",
    "theo tien do",
    "theo lich",
)
_DAY_MONTH = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?(?![\d/])")
_YEARS = re.compile(r"(?:giai doan|nam|tu nam)?\s*(\d{4})\s*(?:-|den)\s*(?:nam\s*)?(\d{4})")


def _quarter_number(token: str) -> int | None:
    token = token.strip().lower()
    if token.isdigit():
        return int(token) if 1 <= int(token) <= 4 else None
    return ROMAN.get(token) if ROMAN.get(token, 9) <= 4 else None


def _flag(key: str, **params) -> dict:
    return {"key": key, "params": params}


def _gaps(numbers: list[int], tail: str) -> bool:
    """Whether listed quarters or months leave one out ("Quý I, III", not "Quý I - III"): the
    row's window spans them all, and its text is kept so the gap is not lost."""
    listed = not re.search(r"-|\bden\b", tail)
    return listed and len(set(numbers)) > 1 and len(set(numbers)) < max(numbers) - min(numbers) + 1


def parse_time(text, year: int) -> dict:
    """Dates of a "Thời gian thực hiện" cell: Quý II, Q2/2021, Tháng 5, Tháng 10 - 12/2021, Cả năm,
    Năm 2021, Giai đoạn 2021-2025, Hằng tháng, 6 tháng đầu năm, Đầu năm (quarter I), Cuối năm (quarter IV),
    Quý I, III (the window spanning them, ``listed`` when one is left out), a deadline (30/6/2021, Trước ngày
    15/11) or a range (Từ 01/3 - 30/6/2021). Phrases that name no period ("Theo kế hoạch",
    "Định kỳ", "Hằng tuần") give the whole year with a ``flag`` for review. Raises ValueError when
    the text says none of these."""
    raw = clean_line(str(text or ""))
    value = _plain(raw).rstrip(" .")
    year_match = re.search(r"(?:nam\s*|/)\s*(\d{4})\b", value)
    y = int(year_match.group(1)) if year_match else year

    def span(kind, start: date, end: date, recurrence="none", flag=None):
        result = {
            "period_kind": kind,
            "planned_start": start.isoformat() if start else None,
            "planned_end": end.isoformat(),
            "deadline": end.isoformat(),
            "recurrence": recurrence,
            "flag": flag,
        }
        if flag is None and not (start or end).year <= year <= end.year:
            result["flag"] = _flag("plans.import.flag.time_other_year", value=raw, year=year)
        return result

    whole_year = (date(year, 1, 1), date(year, 12, 31))
    typed = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?: 00:00:00)?", value)  # a date cell of a workbook
    if typed:
        return span("dates", None, date(*map(int, typed.groups())))
    tokens = _DAY_MONTH.findall(value)
    if tokens:
        known = [int(yy) for _d, _m, yy in tokens if yy]
        fallback = known[-1] if known else year
        dates = [date(int(yy) if yy else fallback, int(mm), int(dd)) for dd, mm, yy in tokens]  # ValueError if bad
        if len(dates) >= 2:
            if dates[1] < dates[0]:
                raise ValueError("range reversed")
            return span("dates", dates[0], dates[1])
        if re.match(r"(tu|bat dau)\b", value):
            return span("dates", dates[0], date(dates[0].year, 12, 31))
        return span("dates", None, dates[0])
    if any(value.startswith(phrase) for phrase in VAGUE_TIMES):
        return span("year", *whole_year, flag=_flag("plans.import.flag.time_vague", value=raw, year=year))
    if re.search(r"\b(hang|moi) (tuan|ngay)\b", value):
        return span("year", *whole_year, flag=_flag("plans.import.flag.time_weekly", value=raw, year=year))
    years = _YEARS.fullmatch(value)
    if years:
        first, last = int(years.group(1)), int(years.group(2))
        if first <= year <= last:
            return span("year", *whole_year)
        return span("year", *whole_year, flag=_flag("plans.import.flag.time_other_year", value=raw, year=year))
    if (
        not value
        or value in ("ca nam", "trong nam", "thuong xuyen", "nam", "hang nam")
        or re.fullmatch(r"(ca nam|trong nam|nam)\s*\d{4}|\d{4}|thuong xuyen.*|ca nam.*", value)
    ):
        return span("year", date(y, 1, 1), date(y, 12, 31))
    if re.search(r"\bhang thang\b", value):
        return span("year", date(y, 1, 1), date(y, 12, 31), "monthly")
    if re.search(r"\bhang quy\b", value):
        return span("year", date(y, 1, 1), date(y, 12, 31), "quarterly")
    if re.fullmatch(r"(vao |trong )?(dau|cuoi) nam(\s*\d{4})?", value):  # "Đầu năm": quarter I; "Cuối năm": IV
        start, end = rules.quarter_bounds(y, 1 if "dau" in value else 4)
        return span("quarter", start, end)
    if re.search(r"6 thang dau nam", value):
        return span("dates", date(y, 1, 1), date(y, 6, 30))
    if re.search(r"6 thang cuoi nam", value):
        return span("dates", date(y, 7, 1), date(y, 12, 31))
    quarter = re.search(r"\b(?:quy|q)\s*([ivx]+|\d)\b", value)
    if quarter:
        tail = value[quarter.end() :]
        extra = re.findall(r"(?:-|,|va|den)\s*(?:quy\s*|q)?([ivx]+|\d)\b(?!\s*/\s*\d{1,2}\b)", tail)
        numbers = [n for n in (_quarter_number(q) for q in [quarter.group(1), *extra]) if n]
        if not numbers:
            raise ValueError("quarter")
        first, last = min(numbers), max(numbers)
        start, end = rules.quarter_bounds(y, first)[0], rules.quarter_bounds(y, last)[1]
        return {**span("quarter" if first == last else "dates", start, end), "listed": _gaps(numbers, tail)}
    month = re.search(r"\bthang\s*(\d{1,2})\b", value)
    if month:
        tail = value[month.end() :]
        extra = re.findall(r"(?:-|,|va|den)\s*(?:thang\s*)?(\d{1,2})\b(?!\s*/\s*\d{1,2}\b)", tail)
        numbers = [int(m) for m in [month.group(1), *extra]]
        if any(not 1 <= n <= 12 for n in numbers):
            raise ValueError("month")
        first, last = min(numbers), max(numbers)
        start, end = rules.month_bounds(y, first)[0], rules.month_bounds(y, last)[1]
        return {**span("month" if first == last else "dates", start, end), "listed": _gaps(numbers, tail)}
    raise ValueError(raw)


# --- money ---------------------------------------------------------------------

# Folded currency and scale words -> đồng; "đ" folds to "d".
MONEY_WORDS = {"ty": 10**9, "trieu": 10**6, "tr": 10**6, "nghin": 10**3, "ngan": 10**3, "dong": 1, "d": 1, "vnd": 1}
PER_PERIOD = {"thang": "month", "quy": "quarter", "nam": "year"}
_NUMBER = r"\d+(?:[.,]\d+)*"
_WORD = r"(?:ty|trieu|tr|nghin|ngan|dong|d|vnd)"
_WORDED = re.compile(
    rf"(?<![\d.,/])((?:^|(?<=[\s(]))-\s*(?=\d))?({_NUMBER})(?:\s*(?:-|den|toi)\s*({_NUMBER}))?\s*({_WORD})\b\.?(?:\s*(?:dong|d)\b)?"
    r"(?:\s*(?:/|moi|mot|cho moi)\s*([a-z]+))?"
)
# A number written with thousands separators ("180.000.000", "120,000,000"), not a document number ("1.234/QĐ").
_GROUPED = re.compile(
    r"(?<![\d.,/])((?:^|(?<=[\s(]))-\s*(?=\d))?(\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3}){2,})(?![\d/]|[.,]\d)"
)
_BARE = re.compile(r"(-\s*)?(\d+(?:[.,]\d+)?)")
SUSPECT_BELOW = 100_000  # a plan's budget line under 100.000 đồng is more likely a number in another unit


def header_scale(text) -> int:
    """Đồng per number of a budget column from its header: "(triệu đồng)" 10^6, "(1.000 đồng)" 10^3."""
    value = _plain(text)
    if re.search(r"\bty\b", value):
        return 10**9
    if "trieu" in value:
        return 10**6
    if re.search(r"nghin|ngan|\b1[.,]000\s*(dong|d)\b", value):
        return 10**3
    return 1


def _decimal(raw: str, scaled: bool) -> Decimal:
    """A written number: dots group thousands ("1.200.000"), a comma is the decimal sign ("1,2");
    commas group thousands only in a plain đồng figure ("120,000,000")."""
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
        return Decimal(raw.replace(".", ""))
    if re.fullmatch(r"\d{1,3}(,\d{3}){2,}", raw) or (re.fullmatch(r"\d{1,3},\d{3}", raw) and not scaled):
        return Decimal(raw.replace(",", ""))
    if re.fullmatch(r"\d+[.,]\d+", raw):
        return Decimal(raw.replace(",", "."))
    if re.fullmatch(r"\d+", raw):
        return Decimal(raw)
    raise ValueError(raw)


def read_money(value, scale: int = 1, months: int = 12) -> dict:
    """Đồng in a "Kinh phí" cell, never silently wrong. Returns ``amount`` (int or None),
    ``note`` (the text when it says more than the amount: the funding note), ``flags`` (readings to
    review: ranges, per-period amounts, several amounts, a doubtful unit) and ``per``
    (month/quarter/year/other when the amount is per period). An amount is read only from a number
    with a currency word ("50 tr", "1,2 tỷ", "180.000.000đ"), a number with thousands separators,
    or a cell that is just a number (in the header's `scale`). A per-period amount is proposed
    for the row's window of `months` ("30 triệu/tháng" over 3 months: 90 triệu) and flagged."""
    result = {"amount": None, "note": None, "flags": [], "per": None}
    if value is None or (isinstance(value, str) and not value.strip()):
        return result
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, (int, float)):
        raw, text, numeric = _text(value), None, True
    else:
        raw = clean_line(str(value))
        text, numeric = _plain(raw).replace("–", "-"), False
    if numeric:
        amounts = [(Decimal(str(value)) * scale, None, None)]
    else:
        amounts = []
        for m in _WORDED.finditer(text):
            word_scale = MONEY_WORDS[m.group(4)]
            scaled = word_scale > 1
            sign = -1 if m.group(1) else 1
            low = sign * _safe_decimal(m.group(2), scaled)
            high = _safe_decimal(m.group(3), scaled) if m.group(3) else None
            if low is None or (m.group(3) and high is None):
                result["flags"].append(_flag("plans.import.flag.money_invalid", value=raw))
                return {**result, "note": raw}
            amounts.append((low * word_scale, high * word_scale if high is not None else None, m.group(5)))
        if not amounts:
            for m in _GROUPED.finditer(text):
                amounts.append(((-1 if m.group(1) else 1) * _decimal(m.group(2), scale > 1) * scale, None, None))
        if not amounts:
            bare = _BARE.fullmatch(text)
            if bare:
                number = _safe_decimal(bare.group(2), scale > 1)
                if number is None:
                    return {**result, "note": raw, "flags": [_flag("plans.import.flag.money_invalid", value=raw)]}
                amounts.append(((-1 if bare.group(1) else 1) * number * scale, None, None))
        leftover = re.sub(rf"{_NUMBER}|\b{_WORD}\b|[^a-z0-9]+", " ", _WORDED.sub(" ", text)).strip()
        if leftover or not amounts:
            result["note"] = raw if re.search(r"[^\W\d_]", raw) else None
    if not amounts:
        return result
    if any(low < 0 for low, _h, _p in amounts):
        return {**result, "note": raw, "flags": [_flag("plans.import.flag.money_invalid", value=raw)]}
    low, high, per = amounts[0]
    amount = high if high is not None else low
    if high is not None:
        result["flags"].append(_flag("plans.import.flag.money_range", value=raw, amount=int(round(high))))
    if len(amounts) > 1:
        amount = sum((h if h is not None else lo) for lo, h, _p in amounts)
        result["flags"].append(_flag("plans.import.flag.money_several", value=raw, amount=int(round(amount))))
    if per and PER_PERIOD.get(per) != "year":  # "/năm" is what an annual plan counts anyway
        result["per"] = PER_PERIOD.get(per, "other")
        count = {"month": max(months, 1), "quarter": max(-(-months // 3), 1)}.get(result["per"], 1)
        amount = amount * count
        proposed = _flag("plans.import.flag.money_per_period", value=raw, amount=int(round(amount)), count=count)
        result["flags"].append(proposed)
    amount = int(round(amount))
    if 0 < amount < SUSPECT_BELOW or amount >= 10**12:
        result["flags"].append(_flag("plans.import.flag.money_unit", value=raw, amount=amount))
    result["amount"] = amount
    return result


def _safe_decimal(raw: str, scaled: bool) -> Decimal | None:
    try:
        return _decimal(raw, scaled)
    except (ValueError, ArithmeticError):
        return None


def parse_budget(value, unit: int = 1) -> int | None:
    """The amount of a "Kinh phí" cell in đồng (see `read_money`); raises ValueError when the
    cell holds a malformed or negative amount."""
    money = read_money(value, unit)
    if any(f["key"] == "plans.import.flag.money_invalid" for f in money["flags"]):
        raise ValueError(value)
    return money["amount"]


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
    label = _norm(heading) if not re.search(r"\d", stt) else ""  # "Tổng cộng", "Cộng mục I", "Cộng (I)"
    if label and (_GRAND_TOTAL.fullmatch(label) or _SUBTOTAL.fullmatch(label)):
        return {"kind": "total", "label": heading, "grand": bool(_GRAND_TOTAL.fullmatch(label))}
    if not stt and _NOTE.match(_plain(heading)):
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
        texts = [_text(v) for v in row]
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
        return {**parse_time("", year), "flag": _flag("plans.import.flag.time_unread", value=text, year=year)}


def _months(when: dict, year: int) -> int:
    """How many calendar months a row's window touches (a deadline alone counts from January)."""
    start = date.fromisoformat(when["planned_start"]) if when["planned_start"] else date(year, 1, 1)
    end = date.fromisoformat(when["planned_end"])
    return max((end.year - start.year) * 12 + end.month - start.month + 1, 1)


def _unit_flags(item: dict, groups: dict[str, int], choices: dict | None = None) -> list[dict]:
    """Flags for names that match no unit, no unit group and no reviewer's choice; marked
    ``unit`` so a commit recomputes them with the reviewer's choices. The preview and the
    commit both ask here, so a name the preview flags is one the commit leaves unlinked."""
    choices = choices or {}
    flags = []
    name = item["lead_name"]
    if name and item["lead_unit_id"] is None and choices.get(name) is None and name not in groups:
        flags.append({**_flag("plans.import.flag.lead_unmatched", name=name), "unit": True})
    unknown = [n for n, unit in item["coordinating"] if unit is None and choices.get(n) is None and n not in groups]
    if unknown:
        flags.append({**_flag("plans.import.flag.coord_unmatched", names="; ".join(unknown)), "unit": True})
    return flags


# --- the plan's year -------------------------------------------------------------

_TITLE_YEAR = re.compile(r"\bnam (\d{4})\b(?!\s*(?:-|den)\s*\d{4})")
_ATTACHED_DAY = re.compile(r"\bngay\s*\d{1,2}\s*(?:[/.-]\s*\d{1,2}\s*[/.-]|thang\s*\d{1,2}\s*nam)\s*(\d{4})\b")
_CELL_YEAR = re.compile(r"(?:/|\bnam\s*|\bquy\s*[ivx]+\s*/\s*)(\d{4})\b(?!\s*(?:-|den)\s*(?:nam\s*)?\d{4})")


def _title_lines(kind: str, data: bytes, table: list, header_index: int) -> list[str]:
    """The lines a person reads above the table: the document's paragraphs (DOCX) and the
    rows over the header (both kinds)."""
    lines = [" ".join(_text(c) for c in row if _text(c)) for row in table[:header_index]]
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
        folded = _plain(line)
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
            found = [int(y) for y in _CELL_YEAR.findall(_plain(_text(value)))]
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
    match = _SCOPE_WORD.match(_norm(label))
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
            parent["flags"].append(_flag("plans.import.flag.parent_unsettled", **params))
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
    headers = [_text(c) for c in table[header_index]]
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
            flags.append(_flag("plans.import.flag.duplicate", first=seen[key]))
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
        item["flags"] += _unit_flags(item, groups)
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


def _theme_key(title: str) -> str:
    return _norm(title)


def commit(
    db: Database,
    actor: User,
    preview: dict,
    *,
    unit_choices: dict[str, int | None] | None = None,
    skip_unmatched: bool = False,
    merge: bool = False,
    number: str = "",
    title: str = "",
) -> dict:
    """Write a preview as one import batch (core.batches): into a new draft plan for its year,
    or, only when `merge` is chosen, into the year's plan already there, its themes matched by
    title (never by position).

    Every unmatched unit name needs a choice in `unit_choices` (a unit id, or None to leave
    it out) unless `skip_unmatched`. Flagged rows are written with the good ones and marked
    "cần xem lại" with their reasons; a lead or coordinating name left without a unit is kept
    in that note. All or nothing: any refusal leaves the database as it was. Returns the plan,
    the counts and the ``batch`` number that undoes it."""
    require(actor, "plans.edit")
    choices = dict(unit_choices or {})
    missing = [n for n in preview["unmatched_units"] if n not in choices]
    if missing and not skip_unmatched:
        raise ValidationError("error.import_units_unmatched", names="; ".join(missing))
    year = preview["year"]
    existing_plan = store.annual_plan_for(db, year)
    if existing_plan and not merge:
        raise ValidationError(
            "error.import_plan_exists", year=year, plan=existing_plan["number"] or existing_plan["title"]
        )
    groups = preview.get("unit_groups", {})
    flagged = 0
    with db.atomic():
        batch = batches.begin(
            db, actor, slice_name="plans", permission="plans.edit", file_name=preview.get("file_name", "")
        )
        plan = existing_plan
        if plan is None:
            plan = plans.create_plan(
                db,
                actor,
                year=year,
                number=number,
                title=title or f"Kế hoạch thông tin, tuyên truyền cải cách hành chính năm {year}",
            )
            batches.added(db, batch, "plans", {"id": plan["id"]})
        themes_there = store.list_themes(db, plan["id"])
        by_title = {_theme_key(th["title"]): th for th in themes_there}
        codes = {th["code"] for th in themes_there}
        theme_ids, added_themes = {}, 0
        for theme in preview["themes"]:
            found = by_title.get(_theme_key(theme["title"]))
            if found is None:
                code = theme["code"] if theme["code"] not in codes else _free_code(codes)
                found = add_theme(db, actor, plan["id"], code=code, title=theme["title"])
                batches.added(db, batch, "themes", {"id": found["id"]})
                by_title[_theme_key(theme["title"])] = found
                codes.add(code)
                added_themes += 1
            theme_ids[theme["code"]] = found["id"]
        titles = {(a["theme_id"], fold(a["title"])) for a in store.list_activities(db, plan["id"])}
        errors = []
        for item in preview["activities"]:
            theme_id = theme_ids.get(item["theme_code"])
            if (theme_id, fold(item["title"])) in titles:
                errors.append({"key": "error.import_exists", "params": {"stt": item["stt"], "title": item["title"]}})
                continue
            lead = item["lead_unit_id"] or (choices.get(item["lead_name"]) if item["lead_name"] else None)
            coordinating = {unit or choices.get(name) for name, unit in item["coordinating"]} - {None, lead}
            lead_group = groups.get(item["lead_name"]) if lead is None else None
            group_ids = sorted(
                {
                    groups[n]
                    for n, unit in item["coordinating"]
                    if unit is None and choices.get(n) is None and n in groups
                }
            )
            flags = [f for f in item["flags"] if not f.get("unit")] + _unit_flags(item, groups, choices)
            flagged += bool(flags)
            created = activities.create_activity(
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
                review_note=review_note(flags),
            )
            batches.added(db, batch, "activities", {"id": created["id"]})
        if errors:
            raise ValidationError("error.import_invalid", errors=errors)
        read = [item["lead_name"] for item in preview["activities"] if item["lead_unit_id"]]
        read += [name for item in preview["activities"] for name, unit in item["coordinating"] if unit]
        units.note_aliases_used(db, batch, read)
        unit_names.remember_choices(db, actor, choices, batch)  # the next file reads these names by itself
        counts = {"themes": added_themes, "activities": len(preview["activities"]), "flagged": flagged}
        batches.finish(db, batch, {**counts, "plan": plan["id"], "merged": existing_plan is not None})
    return {
        "plan": plans.get_plan(db, plan["id"]),
        "batch": batch,
        "merged": existing_plan is not None,
        **counts,
        "unmatched_units": missing,
    }


def _free_code(codes: set[str]) -> str:
    n = len(codes) + 1
    while f"ND{n}" in codes:
        n += 1
    return f"ND{n}"


def undo(db: Database, actor: User, batch_id: int) -> dict:
    """Take a plan import back whole (core.batches.undo): its activities, themes and the plan
    it made go; refused, naming the record, when any was changed or added to since."""
    return batches.undo(db, actor, batch_id, slice_name="plans")


def past_imports(db: Database, user: User, limit: int = 20) -> list[dict]:
    """The plan imports, newest first, for the import page's list."""
    return batches.list_batches(db, user, "plans", limit)


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
