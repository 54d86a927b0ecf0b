import re
import string
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from core import i18n
from core.i18n import catalogue, fmt_date, fmt_datetime, fmt_money, fmt_number, fmt_percent, t
from core.text import clean_line, fold, nfc, unify_tones
from tests.core.slice_graph import SKIPPED_TOP, python_files, source

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "fn,args,expected",
    [
        (fmt_number, (1234567,), "1.234.567"),
        (fmt_number, (1234567, "en"), "1,234,567"),
        (fmt_money, (1234567,), "1.234.567 đồng"),
        (fmt_percent, (87.11,), "87,11 %"),
        (fmt_date, (date(2026, 1, 5),), "05/01/2026"),
        (fmt_date, ("2021-04-19",), "19/04/2021"),
        (fmt_date, (None,), ""),
    ],
)
def test_vietnamese_formats(fn, args, expected):
    assert fn(*args).replace("\u202f", "\u00a0") == expected


def test_datetimes_are_shown_in_hanoi_time():
    assert fmt_datetime(datetime(2026, 11, 22, 20, 30, tzinfo=UTC)) == "23/11/2026 03:30"
    assert fmt_datetime("2026-11-22T20:30:00+00:00") == "23/11/2026 03:30"


def test_every_string_has_both_languages_and_matching_placeholders():
    fields = string.Formatter()
    for key, (vi, en) in catalogue().items():
        assert vi.strip() and en.strip(), key
        names_vi = {f for _, f, _, _ in fields.parse(vi) if f}
        names_en = {f for _, f, _, _ in fields.parse(en) if f}
        assert names_vi == names_en, key


def test_vietnamese_strings_are_nfc():
    for key, (vi, _en) in catalogue().items():
        assert nfc(vi) == vi, key


def test_every_key_used_in_code_exists():
    pattern = re.compile(
        r"""(?:\btr|\bt|Error|Denied|NotFound|AuthError)\(\s*["']((?:error|warning|nav|[a-z_]+)\.[a-z0-9_.]+)["']"""
    )
    missing = set()
    for path in python_files(ROOT, frozenset(SKIPPED_TOP)):
        for key in pattern.findall(source(path)):
            if not key.endswith(".") and key not in catalogue():  # "prefix." + value is built at run time
                missing.add(f"{path.relative_to(ROOT)}: {key}")
    assert not missing, sorted(missing)


def test_unknown_key_is_visible_not_fatal():
    assert t("no.such.key") == "no.such.key"
    assert t("error.login_failed", "en") == "Wrong username or password."


@pytest.mark.parametrize(
    "text,folded",
    [("Cải cách hành chính", "cai cach hanh chinh"), ("Đăng ký", "dang ky"), ("ĐỀ ÁN 06", "de an 06"), ("", "")],
)
def test_fold(text, folded):
    assert fold(text) == folded
    assert fold(__import__("unicodedata").normalize("NFD", text)) == folded


def test_tone_placement_unified():
    assert unify_tones("hoà thuận, thuỷ lợi") == "hòa thuận, thủy lợi"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hoa\u0300 bi\u0300nh", "Hoà bình"),
        ("a\x00b\x08c\x7fd", "abcd"),
        ("dòng 1\ndòng 2\tx\r", "dòng 1\ndòng 2\tx\r"),
        ("a\x0bb\x0cc\x1fd", "abcd"),
        ("\u00a0giữ\u3000", "\u00a0giữ\u3000"),
        ("", ""),
        (None, ""),
    ],
)
def test_nfc_removes_control_characters_but_keeps_line_breaks_and_tabs(text, expected):
    assert nfc(text) == expected


@pytest.mark.parametrize(
    "text, line",
    [
        ("  Cải cách\thành chính \n", "Cải cách hành chính"),
        ("a\u00a0b\u3000c\u2028d\x85e\x1cf", "a b c d ef"),
        ("a  b", "a b"),
        (" a", "a"),
        ("a ", "a"),
        ("Đã gọn", "Đã gọn"),
        ("", ""),
        (None, ""),
        ("x\x00y", "xy"),
        ("Hoa\u0300", "Hoà"),
    ],
)
def test_clean_line(text, line):
    assert clean_line(text) == line


def test_clean_line_equals_splitting_on_every_white_space_character():
    """The shortcut for text that is already one line must agree with split/join on every
    character Python counts as white space, alone and in runs, at the ends and inside."""
    import sys

    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    for space in spaces:
        for text in (f"a{space}b", f"{space}a", f"a{space}", f"a {space}b", f"a{space} b", f"a{space}{space}b"):
            assert clean_line(text) == " ".join(nfc(text).split()), repr(text)


def test_timezone_is_hanoi():
    assert str(i18n.TZ) == "Asia/Ho_Chi_Minh"


def test_chart_locale_follows_babel_for_each_language():
    from core.i18n import chart_locale

    vi, en = chart_locale("vi"), chart_locale("en")
    assert (vi["number"]["decimal"], vi["number"]["thousands"]) == (",", ".")
    assert (en["number"]["decimal"], en["number"]["thousands"]) == (".", ",")
    assert (
        vi["time"]["months"][0] == "tháng 1"
        and vi["time"]["days"][0] == "Chủ Nhật"
        and len(vi["time"]["shortDays"]) == 7
    )
    assert vi["time"]["date"] == en["time"]["date"] == "%d/%m/%Y"


_BABEL_VALUES = [
    0, -0.0, 0.5, 1.5, 2.5, 2.675, -2.675, 99.995, 12.345, 1e-9, -1e-9, -0.004, -0.005, 0.125, 0.135,
    123456789.125, 1e16, 12345678901234567890, -1234.5, 7, -7, 3.14159e-5, Decimal("1.005"), Decimal("-0.0"),
]  # fmt: skip


@pytest.mark.parametrize("lang, locale", [("vi", "vi_VN"), ("en", "en_GB")])
def test_numbers_and_percentages_read_as_babel_writes_them(lang, locale):
    """fmt_number and fmt_percent format without Babel for speed; the text stays Babel's."""
    import random

    from babel.numbers import format_decimal, format_percent

    pick = random.Random(2026)
    values = _BABEL_VALUES + [pick.uniform(-1e7, 1e7) for _ in range(2000)]
    values += [round(pick.uniform(-100, 100), pick.randint(0, 4)) for _ in range(2000)]
    values += [pick.randint(-(10**9), 10**9) for _ in range(500)]
    for value in values:
        for digits in (0, 1, 2, 3):
            decimals = "." + "0" * digits if digits else ""
            assert fmt_number(value, lang, digits) == format_decimal(value, "#,##0" + decimals, locale=locale), value
            if not isinstance(value, Decimal):
                expected = format_percent(value / 100, "#,##0" + decimals + " %", locale=locale)
                assert fmt_percent(value, lang, digits) == expected, value


@pytest.mark.parametrize("lang, locale", [("vi", "vi_VN"), ("en", "en_GB")])
def test_dates_read_as_babel_writes_them(lang, locale):
    """fmt_date and fmt_datetime format without Babel for speed; the text stays Babel's."""
    from datetime import timedelta

    from babel.dates import format_date, format_datetime

    day = date(1, 1, 1)
    while day < date(2200, 1, 1):
        assert fmt_date(day, lang) == format_date(day, "dd/MM/yyyy", locale=locale)
        day += timedelta(days=97)
    moment = datetime(1999, 12, 31, 16, 59, tzinfo=UTC)
    for _ in range(500):
        expected = format_datetime(i18n.to_local(moment), "dd/MM/yyyy HH:mm", locale=locale)
        assert fmt_datetime(moment, lang) == expected
        moment += timedelta(hours=7, minutes=13)
