"""One place for every visible string, and for Vietnamese formatting.

Each slice keeps its strings in `<slice>/strings.py` as ``STRINGS = {key: (vi, en)}``;
this module merges them and refuses duplicate keys. Dates are dd/mm/yyyy,
numbers use Vietnamese separators (Babel, locale ``vi``), times are Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

from babel.dates import get_day_names, get_month_names
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

LANGS = ("vi", "en")
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@cache
def catalogue() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    from core.slices import modules

    for module in modules("strings"):
        for key, pair in module.STRINGS.items():
            if key in merged:
                raise ValueError(f"duplicate i18n key {key!r} in {module.__name__}")
            merged[key] = pair
    return merged


def t(key: str, lang: str = "vi", **params) -> str:
    """The string for `key` in `lang`, with `{name}` placeholders filled.

    An unknown key returns the key itself, so a missing string is visible
    rather than fatal; a test checks that every key used in code exists."""
    pair = catalogue().get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**params) if params else text


def _locale(lang: str) -> str:
    return "en_GB" if lang == "en" else "vi_VN"


def fmt_date(value: date | datetime | str | None, lang: str = "vi") -> str:
    """dd/mm/yyyy in both languages (the office's convention)."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = to_local(value).date()
    # Babel's "dd/MM/yyyy" with the same digits in both languages, without its per-call cost.
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def fmt_datetime(value: datetime | str | None, lang: str = "vi") -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    local = to_local(value)
    return f"{local.day:02d}/{local.month:02d}/{local.year:04d} {local.hour:02d}:{local.minute:02d}"


def fmt_number(value: float | int | Decimal | None, lang: str = "vi", digits: int = 0) -> str:
    """1.234.567 in Vietnamese, 1,234,567 in English.

    The same text as Babel's `format_decimal` with the pattern "#,##0.00…" (the value
    read as its shortest decimal, rounded half to even), without Babel's per-call cost:
    tables format thousands of numbers. `tests/core/test_i18n.py` compares the two."""
    if value is None:
        return ""
    number = Decimal(value) if isinstance(value, (Decimal, int)) else Decimal(str(value))
    if not number.is_finite():
        return format_decimal(value, "#,##0" + ("." + "0" * digits if digits else ""), locale=_locale(lang))
    text = f"{number.quantize(_STEPS[digits] if digits < len(_STEPS) else Decimal(1).scaleb(-digits)):,f}"
    return text if lang == "en" else text.translate(_VI_SEPARATORS)


_STEPS = tuple(Decimal(1).scaleb(-d) for d in range(8))
_VI_SEPARATORS = str.maketrans({",": ".", ".": ","})


def fmt_money(value: float | int | Decimal | None, lang: str = "vi") -> str:
    """Whole đồng: '1.234.567 đồng' (VND has no minor unit in practice)."""
    if value is None:
        return ""
    return f"{fmt_number(round(value), lang)} đồng" if lang == "vi" else f"{fmt_number(round(value), lang)} VND"


NBSP = "\u00a0"


def fmt_percent(value: float | None, lang: str = "vi", digits: int = 2, *, in_text: bool = False) -> str:
    """`value` is a percentage (87.11 -> '87,11 %' in Vietnamese). `in_text` is how a
    document writes it inside a sentence or a table: no trailing decimal zeros ('25 %',
    '87,5 %') and the number kept on one line with its sign (a non-breaking space)."""
    if value is None:
        return ""
    share = value / 100
    if isinstance(share, float) and share == share and abs(share) != float("inf"):
        text = fmt_number(Decimal(str(share)).scaleb(2), lang, digits) + " %"  # what Babel does, faster
    else:
        pattern = "#,##0." + "0" * digits + " %" if digits else "#,##0 %"
        text = format_percent(share, pattern, locale=_locale(lang))
    if not in_text:
        return text
    number = text.removesuffix(" %")
    point = "," if lang == "vi" else "."
    if point in number:
        number = number.rstrip("0").rstrip(point)
    return f"{number}{NBSP}%"


def fmt_share(part: float, whole: float, lang: str = "vi") -> str:
    """`part` of `whole` as a percentage in a sentence ('0 %' of nothing)."""
    return fmt_percent(100.0 * part / whole if whole else 0.0, lang, in_text=True)


def chart_locale(lang: str = "vi") -> dict:
    """Number and time formats for Vega charts (Altair's `configure(locale=…)`), from
    Babel's data: axis labels read 1.500.000 and 12,5 in Vietnamese, and month names are
    Vietnamese. Dates keep the office's dd/mm/yyyy in both languages."""
    locale = _locale(lang)
    months = get_month_names("wide", locale=locale)
    short_months = get_month_names("abbreviated", locale=locale)
    days = get_day_names("wide", locale=locale)
    short_days = get_day_names("abbreviated", locale=locale)
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # Babel counts from Monday, Vega from Sunday
    return {
        "number": {
            "decimal": get_decimal_symbol(locale),
            "thousands": get_group_symbol(locale),
            "grouping": [3],
            "currency": ["", " đồng"] if lang == "vi" else ["", " VND"],
        },
        "time": {
            "dateTime": "%H:%M %d/%m/%Y",
            "date": "%d/%m/%Y",
            "time": "%H:%M:%S",
            "periods": ["SA", "CH"],
            "days": [days[i] for i in sunday_first],
            "shortDays": [short_days[i] for i in sunday_first],
            "months": [months[m] for m in range(1, 13)],
            "shortMonths": [short_months[m] for m in range(1, 13)],
        },
    }


def to_local(value: datetime) -> datetime:
    """A datetime in Asia/Ho_Chi_Minh; naive values are taken as UTC (how we store them)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(TZ)


def now_local() -> datetime:
    return datetime.now(TZ)


def today_local() -> date:
    return now_local().date()


def utc_now_iso() -> str:
    """The timestamp we store: ISO 8601 in UTC, seconds precision."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()
