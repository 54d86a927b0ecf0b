"""Vietnamese text forms the media slice compares: the matching form for rules (NFC,
one tone placement, lower case — diacritics kept), the folded form for search boxes,
title fingerprints and the shingles that find the same story told by several outlets."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from functools import lru_cache
from itertools import chain

import numpy

from core.text import unify_tones

_WORD = re.compile(r"\w+")
_BANDS, _ROWS = 4, 2
# One CRC32 per shingle, permuted by XOR with fixed masks: cheap MinHash for candidate
# look-up (candidates are then verified with the exact Jaccard similarity).
_MASKS = [(i * 2654435761 + 0x9E3779B9) & 0xFFFFFFFF for i in range(1, _BANDS * _ROWS + 1)]
_MASK_COLUMN = numpy.array(_MASKS, dtype=numpy.uint32)[:, None]
_KEY_MASK = (1 << 59) - 1
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


_MARKS = re.compile("[\u0300-\u036f]+")
_SPACES = re.compile(r"\s+")


def fast_fold(text: str | None) -> str:
    """`core.text.fold` for NFC Vietnamese text, in C-speed passes (decompose, drop the
    combining marks, lower-case); `fold_words` uses it once per new word."""
    if not text:
        return ""
    return _SPACES.sub(" ", _MARKS.sub("", unicodedata.normalize("NFD", text)).lower().replace("đ", "d")).strip()


def index_form(text: str | None) -> str:
    """The form of a text the search index stores. Its tokenizer (unicode61,
    remove_diacritics 2) already drops every Vietnamese diacritic and lower-cases, but
    đ is a letter of its own to it, so only đ/Đ are mapped here: a folded query then
    finds the text ("dang ky" finds "đăng ký")."""
    return (text or "").replace("đ", "d").replace("Đ", "D")


def fold_aligned(text: str) -> str:
    """`fold` character by character, so offsets in the result are offsets in `text` (NFC)."""
    return "".join(_fold_char(c) for c in text)


def match_words(text: str | None) -> list[str]:
    """The words of a text in its matching form: what rules look up, and (folded) what
    fingerprints and shingles are made of. Computed once per article."""
    tokens = match_form(text).split()  # most tokens are whole words: split() is far cheaper than \w+
    if "".join(tokens).isalnum():  # all of them are
        return tokens
    out: list[str] = []
    for token in tokens:
        if token.isalnum():
            out.append(token)
        else:
            out += _WORD.findall(token)
    return out


LEAD_WORDS = 30  # words of the text, after the title's, that shingles are made of
_BREAK = re.compile("[ \t\n]")  # whitespace the cleaning keeps: a word ends there in any text


def lead_match_words(text: str | None, count: int = LEAD_WORDS) -> list[str]:
    """`match_words(text)[:count]`, reading only as much of the text as they need: the text
    is cut at a space, tab or line break past about 12 characters a word (nothing on one
    side of such a break changes how the other side is cleaned, normalised or split), and
    read whole only when that start holds fewer than `count` words."""
    text = text or ""
    cut = _BREAK.search(text, count * 12) if len(text) > count * 12 else None
    if cut is not None:
        words = match_words(text[: cut.start()])
        if len(words) >= count:
            return words[:count]
    return match_words(text)[:count]


_FOLDED_WORDS: dict[str, str] = {}  # Vietnamese has a few thousand syllables: fold each once


def fold_words(words: list[str]) -> list[str]:
    """Words folded one by one, through a bounded cache (same result as folding the text:
    folding never moves a word boundary)."""
    cache = _FOLDED_WORDS
    known = list(map(cache.get, words))
    if None not in known:
        return known
    if len(cache) > 200_000:
        cache.clear()
    out = []
    for word in words:
        folded = cache.get(word)
        if folded is None:
            folded = cache[word] = fast_fold(word)
        out.append(folded)
    return out


def title_hash(title_words: list[str]) -> str | None:
    """Fingerprint of a title (its `match_words`) that ignores case, diacritics,
    punctuation and spacing."""
    key = " ".join(fold_words(title_words))
    return hashlib.sha1(key.encode()).hexdigest()[:20] if key else None


def shingles(title_words: list[str], text_words: list[str], lead_words: int = LEAD_WORDS) -> set[str]:
    """Folded word pairs of the title and the start of the text (their `match_words`):
    syndicated copies share most."""
    tokens = [w for w in fold_words(title_words) if w not in _STOP] + fold_words(text_words[:lead_words])
    if len(tokens) < 2:
        return set(tokens)
    return {f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def band_keys(shingle_set: set[str]) -> list[int]:
    """MinHash locality-sensitive bands: stories sharing a band key are candidates."""
    return band_keys_of([shingle_set])[0]


def band_keys_of(shingle_sets: list[set[str]]) -> list[list[int]]:
    """`band_keys` of many sets in one pass of array arithmetic (a feed's entries at once:
    the array set-up costs more than the arithmetic on one set's ~40 hashes)."""
    sizes = [len(s) for s in shingle_sets]
    filled = [size for size in sizes if size]
    if not filled:
        return [[] for _ in shingle_sets]
    total = sum(filled)
    hashes = numpy.fromiter(
        map(zlib.crc32, map(str.encode, chain.from_iterable(shingle_sets))), dtype=numpy.uint32, count=total
    )
    starts = numpy.cumsum([0, *filled[:-1]])
    # one minimum per mask and set: rows are sets, columns are masks
    signatures = iter(numpy.minimum.reduceat(hashes[None, :] ^ _MASK_COLUMN, starts, axis=1).T.tolist())
    out = []
    for size in sizes:
        if not size:
            out.append([])
            continue
        signature = next(signatures)
        out.append([band_key(band, *signature[band * _ROWS : (band + 1) * _ROWS]) for band in range(_BANDS)])
    return out


def band_key(band: int, first: int, second: int) -> int:
    """One band of a signature (its number and two 32-bit minima) as a 61-bit integer: a
    small key for the index. Rare collisions only add a candidate, which Jaccard rejects."""
    return (band << 59) | (((first << 27) ^ second) & _KEY_MASK)
