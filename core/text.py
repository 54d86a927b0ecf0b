"""Vietnamese text helpers and the one validator of typed-in text and numbers, shared
by every slice.

Store NFC; fold (strip diacritics, map đ/Đ to d/D, lower-case) only for matching
what a person types into a search box — never for display, and never for rules
written with diacritics ("báo" and "bão" are different words). Names and titles drop
invisible characters (zero-width, bidirectional controls), so a title cannot be made
of nothing and a file name cannot hide its real extension."""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata

from core.errors import ValidationError

# What no stored text keeps (tab, line feed and carriage return excepted): C0 and C1
# control characters, DEL, unpaired surrogates, and the non-characters (U+FDD0–U+FDEF and
# the last two code points of every plane, U+FFFE and U+FFFF among them) — everything
# XML 1.0 forbids in a document (a DOCX is XML: one such character stops lxml writing it),
# and the code points Unicode reserves as never being text.
_NONCHARACTERS = "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef{_NONCHARACTERS}]")
_SPACES = re.compile(r"\s+")
# Old-style tone placement -> the form Vietnamese keyboards and the press now use.
_TONE_PLACEMENT = {
    "òa": "oà",
    "óa": "oá",
    "ỏa": "oả",
    "õa": "oã",
    "ọa": "oạ",
    "òe": "oè",
    "óe": "oé",
    "ỏe": "oẻ",
    "õe": "oẽ",
    "ọe": "oẹ",
    "ùy": "uỳ",
    "úy": "uý",
    "ủy": "uỷ",
    "ũy": "uỹ",
    "ụy": "uỵ",
}
_TONE_TO_NEW = {v: k for k, v in _TONE_PLACEMENT.items()}
_TONE_TO_NEW_ANY_CASE = {**_TONE_TO_NEW, **{old.capitalize(): new.capitalize() for old, new in _TONE_TO_NEW.items()}}
_OLD_TONES = re.compile("|".join(_TONE_TO_NEW_ANY_CASE))


def nfc(text: str | None) -> str:
    """The one cleaning rule for text that enters the app (forms, imports, feeds, command
    lines) and for text written into a document: control characters, unpaired surrogates
    and non-characters removed (tabs and newlines kept), then NFC."""
    if not text:
        return ""
    if not text.isprintable():  # printable: none of them (they are all Cc, Cs or Cn)
        text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_values(value):
    """`nfc` applied to every string inside `value` (dicts, lists, tuples, dataclasses),
    everything else as it is: what a document writer calls on what it is given, so a
    character stored before the rule (or restored from an old backup) never stops it."""
    if isinstance(value, str):
        return nfc(value) if not value.isprintable() else value
    if isinstance(value, dict):
        return {key: clean_values(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(clean_values(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: clean_values(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value


def clean_line(text: str | None) -> str:
    """NFC, one line, runs of white space collapsed, ends trimmed."""
    text = nfc(text)
    # Already one line: every white-space character but the space is a control or separator
    # character, which isprintable() refuses, so only doubled or end spaces are left to check.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())  # str.split() splits on what `\s` matches, and drops the ends


def unify_tones(text: str) -> str:
    """Map old tone placement ("hoà", "thuỷ") to the new ("hòa", "thủy") for matching."""
    return _OLD_TONES.sub(_new_tone, nfc(text))


def _new_tone(match: re.Match) -> str:
    return _TONE_TO_NEW_ANY_CASE[match.group()]


def fold(text: str | None) -> str:
    """Lower-case ASCII-ish form for search boxes: 'Đăng ký' -> 'dang ky'."""
    if not text:
        return ""
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


# Largest amount a number field takes (10^15: a thousand times a province's yearly budget
# in đồng, and far inside SQLite's 64-bit integers).
MAX_AMOUNT = 10**15


def visible(text: str | None) -> str:
    """NFC with control and invisible format characters (zero-width spaces and joiners,
    bidirectional overrides and isolates, the byte-order mark) removed."""
    text = nfc(text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf") if not text.isascii() else text


def visible_line(text: str | None) -> str:
    """`clean_line` of the visible characters: what a title or a name really says."""
    return clean_line(visible(text))


def has_hidden(text: str) -> bool:
    """True if the text holds a control, format (zero-width, bidi) or space-like character."""
    return any(unicodedata.category(c)[0] in ("C", "Z") for c in text)


def number(
    value, field: str, *, minimum: float = 0, maximum: float = MAX_AMOUNT, integer: bool = False
) -> float | int | None:
    """A number typed or imported into `field`, checked: empty is None; text that is not a
    number, NaN, infinity, below `minimum` or above `maximum` is refused with a message key."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError("error.number_invalid", field=field, value=value)
    try:
        result = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError("error.number_invalid", field=field, value=str(value)[:40]) from None
    if not math.isfinite(result):
        raise ValidationError("error.number_not_finite", field=field, value=str(value)[:40])
    if result < minimum:
        if minimum == 0:
            raise ValidationError("error.negative_amount", field=field)
        raise ValidationError("error.number_too_small", field=field, minimum=minimum)
    if result > maximum:
        raise ValidationError("error.number_too_large", field=field, maximum=f"{maximum:,.0f}".replace(",", "."))
    return int(round(result)) if integer else result
