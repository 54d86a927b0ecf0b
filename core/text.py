"""Vietnamese text helpers shared by every slice.

Store NFC; fold (strip diacritics, map đ/Đ to d/D, lower-case) only for matching
what a person types into a search box — never for display, and never for rules
written with diacritics ("báo" and "bão" are different words)."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
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
    """NFC, control characters removed (tabs and newlines kept)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    return text if text.isprintable() else _CONTROL.sub("", text)  # printable: no control characters


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
