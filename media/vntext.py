"""Vietnamese text forms the media slice compares: the matching form for rules (NFC,
one tone placement, lower case — diacritics kept), the folded form for search boxes,
title fingerprints and the shingles that find the same story told by several outlets."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from functools import lru_cache

from core.text import fold, unify_tones

_WORD = re.compile(r"\w+")
_BANDS, _ROWS = 4, 2
# One CRC32 per shingle, permuted by XOR with fixed masks: cheap MinHash for candidate
# look-up (candidates are then verified with the exact Jaccard similarity).
_MASKS = [(i * 2654435761 + 0x9E3779B9) & 0xFFFFFFFF for i in range(1, _BANDS * _ROWS + 1)]
# Title words outlets add or drop when they syndicate a story.
_STOP = {"ha", "noi", "tp", "video", "anh", "clip", "infographic", "tin", "moi"}


def match_form(text: str | None) -> str:
    """The text rules are matched against: NFC, new-style tone marks, lower case."""
    return unify_tones(text or "").lower()


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0]
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


def _fold_table() -> dict[int, str]:
    table = {}
    for code in range(0x80, 0x2000):
        char = chr(code)
        folded = fold(char)
        if len(folded) == 1 and folded != char:
            table[code] = folded
    return table


_FOLD_TABLE = _fold_table()
_SPACES = re.compile(r"\s+")


def fast_fold(text: str | None) -> str:
    """`core.text.fold` for NFC text, by one translation table (ingestion folds every
    title and text twice: the search index and the fingerprints)."""
    if not text:
        return ""
    return _SPACES.sub(" ", text.translate(_FOLD_TABLE).lower()).strip()


def fold_aligned(text: str) -> str:
    """`fold` character by character, so offsets in the result are offsets in `text` (NFC)."""
    return "".join(_fold_char(c) for c in text)


def words(text: str | None, folded: bool = False) -> list[str]:
    return _WORD.findall(text if folded else fast_fold(text))


def title_hash(title: str | None, folded: bool = False) -> str | None:
    """Fingerprint of a title that ignores case, diacritics, punctuation and spacing."""
    key = " ".join(words(title, folded))
    return hashlib.sha1(key.encode()).hexdigest()[:20] if key else None


def shingles(title: str | None, text: str | None, lead_words: int = 30, folded: bool = False) -> set[str]:
    """Word pairs of the title and the start of the text: syndicated copies share most."""
    tokens = [w for w in words(title, folded) if w not in _STOP] + words(text, folded)[:lead_words]
    if len(tokens) < 2:
        return set(tokens)
    return {f"{a} {b}" for a, b in zip(tokens, tokens[1:])}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def band_keys(shingle_set: set[str]) -> list[str]:
    """MinHash locality-sensitive bands: stories sharing a band key are candidates."""
    if not shingle_set:
        return []
    hashes = [zlib.crc32(s.encode()) for s in shingle_set]
    signature = [min(map(mask.__xor__, hashes)) for mask in _MASKS]
    return [
        f"{band}:{'-'.join(str(v) for v in signature[band * _ROWS:(band + 1) * _ROWS])}" for band in range(_BANDS)
    ]
