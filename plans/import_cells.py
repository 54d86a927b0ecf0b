"""Reading one cell of a plan's table the way offices write it: which column a header names,
a time ("Quý II", "Theo kế hoạch", "15/3 - 30/6"), an amount of money ("50 triệu",
"5tr/tháng", a header "(triệu đồng)"), a numeric target ("24 tin, bài"). Doubtful readings
come back with flags, never as refusals; the reader (plans/import_reader.py) builds rows of them."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from core.text import clean_line, fold
from plans import rules

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


def norm(text) -> str:
    """Folded text with punctuation as spaces, for headers and titles compared loosely."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w/ ]+", " ", fold(str(text or "")))).strip()


def plain(text) -> str:
    """Folded text with its punctuation kept (dashes unified), for values rather than headers."""
    return re.sub(r"\s+", " ", fold(str(text or "")).replace("–", "-").replace("—", "-")).strip()


def cell_text(value) -> str:
    """A cell as text: blank for None, whole numbers without ".0", one clean line."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_line(str(value))


def match_header(text) -> str | None:
    """Which column a header cell names (diacritics, case and punctuation ignored)."""
    value = norm(text)
    if not value:
        return None
    for key, words in HEADER_WORDS:
        for word in words:
            if value == word or re.search(rf"(^|[ /]){re.escape(word)}($|[ /])", value):
                return key
    return None


def header_map(cells: list) -> dict[str, int]:
    """Column -> index of a header row, or {} when the row is not a plan's header."""
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


def make_flag(key: str, **params) -> dict:
    """A doubtful reading, as the preview lists it (a message key and its values)."""
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
    value = plain(raw).rstrip(" .")
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
            result["flag"] = make_flag("plans.import.flag.time_other_year", value=raw, year=year)
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
        return span("year", *whole_year, flag=make_flag("plans.import.flag.time_vague", value=raw, year=year))
    if re.search(r"\b(hang|moi) (tuan|ngay)\b", value):
        return span("year", *whole_year, flag=make_flag("plans.import.flag.time_weekly", value=raw, year=year))
    years = _YEARS.fullmatch(value)
    if years:
        first, last = int(years.group(1)), int(years.group(2))
        if first <= year <= last:
            return span("year", *whole_year)
        return span("year", *whole_year, flag=make_flag("plans.import.flag.time_other_year", value=raw, year=year))
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
    value = plain(text)
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
        raw, text, numeric = cell_text(value), None, True
    else:
        raw = clean_line(str(value))
        text, numeric = plain(raw).replace("–", "-"), False
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
                result["flags"].append(make_flag("plans.import.flag.money_invalid", value=raw))
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
                    return {**result, "note": raw, "flags": [make_flag("plans.import.flag.money_invalid", value=raw)]}
                amounts.append(((-1 if bare.group(1) else 1) * number * scale, None, None))
        leftover = re.sub(rf"{_NUMBER}|\b{_WORD}\b|[^a-z0-9]+", " ", _WORDED.sub(" ", text)).strip()
        if leftover or not amounts:
            result["note"] = raw if re.search(r"[^\W\d_]", raw) else None
    if not amounts:
        return result
    if any(low < 0 for low, _h, _p in amounts):
        return {**result, "note": raw, "flags": [make_flag("plans.import.flag.money_invalid", value=raw)]}
    low, high, per = amounts[0]
    amount = high if high is not None else low
    if high is not None:
        result["flags"].append(make_flag("plans.import.flag.money_range", value=raw, amount=int(round(high))))
    if len(amounts) > 1:
        amount = sum((h if h is not None else lo) for lo, h, _p in amounts)
        result["flags"].append(make_flag("plans.import.flag.money_several", value=raw, amount=int(round(amount))))
    if per and PER_PERIOD.get(per) != "year":  # "/năm" is what an annual plan counts anyway
        result["per"] = PER_PERIOD.get(per, "other")
        count = {"month": max(months, 1), "quarter": max(-(-months // 3), 1)}.get(result["per"], 1)
        amount = amount * count
        proposed = make_flag("plans.import.flag.money_per_period", value=raw, amount=int(round(amount)), count=count)
        result["flags"].append(proposed)
    amount = int(round(amount))
    if 0 < amount < SUSPECT_BELOW or amount >= 10**12:
        result["flags"].append(make_flag("plans.import.flag.money_unit", value=raw, amount=amount))
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


