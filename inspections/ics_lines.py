"""RFC 5545 content lines written directly: TEXT escaping, line folding, date-times.

A feed of a thousand events spends most of its time in icalendar's objects, so the
events are written here instead, byte for byte as icalendar writes them (the tests
compare the two): TEXT escaped (backslash, semicolon, comma, newlines), lines folded
before 75 octets without splitting a UTF-8 sequence or a backslash escape, CRLF."""

from __future__ import annotations

from datetime import UTC, date, datetime

from core.i18n import TZ

CRLF = b"\r\n"
FOLD = b"\r\n "
LINE_OCTETS = 74  # the longest segment icalendar writes; with the fold's space a line stays within 75


def escape(text: str) -> str:
    """A TEXT value escaped as RFC 5545 §3.3.11 asks. As icalendar does, except that a
    backslash before "N" stays a backslash (icalendar turns a typed "\\N" into a line break)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def fold(line: bytes) -> bytes:
    """`line` split into segments of at most 74 octets joined by CRLF + space, never inside a
    UTF-8 sequence and never right after a backslash (an escape stays on one line)."""
    if len(line) <= LINE_OCTETS:
        return line
    parts = []
    start, end = 0, len(line)
    while end - start > LINE_OCTETS:
        cut = start + LINE_OCTETS
        while line[cut] & 0xC0 == 0x80:  # a continuation byte: the character starts earlier
            cut -= 1
        if line[cut - 1] in b"\\^" and cut - 1 > start:
            cut -= 1
        parts.append(line[start:cut])
        start = cut
    parts.append(line[start:])
    return FOLD.join(parts)


def text(name: str, value: str) -> bytes:
    """A TEXT property as one folded content line (with its CRLF)."""
    return fold(f"{name}:{escape(value)}".encode()) + CRLF


def raw(name: str, value: str) -> bytes:
    """A property whose value needs no escaping (integers, URIs, keywords), folded."""
    return fold(f"{name}:{value}".encode()) + CRLF


def utc_stamp(value: datetime) -> str:
    """'20260310T010000Z' for an aware moment."""
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local_time(name: str, value: datetime) -> bytes:
    """DTSTART/DTEND of a Hà Nội time: NAME;TZID=Asia/Ho_Chi_Minh:20260310T080000."""
    return f"{name};TZID={TZ.key}:{value.astimezone(TZ).strftime('%Y%m%dT%H%M%S')}".encode() + CRLF


def all_day(name: str, value: date) -> bytes:
    return f"{name};VALUE=DATE:{value.strftime('%Y%m%d')}".encode() + CRLF
