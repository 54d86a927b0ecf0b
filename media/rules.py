"""Relevance and theme tagging: explainable keyword rules matched on word boundaries.

A rule list holds terms: ``term`` or ``"quoted phrase"`` (include), ``+term`` (required)
and ``-term`` (excluded). Terms are matched in the article's matching form (NFC, one
tone placement, lower case) with their diacritics: "báo" never matches "bão". A term
never matches inside a longer word ("gia" is not found in "quốc gia"): Vietnamese
compounds are written as separate syllables, so a list of compounds guards them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress

from sqlite_utils import Database

from core import audit
from core.errors import ValidationError
from core.i18n import utc_now_iso
from core.permissions import User, require
from core.text import clean_line
from media import store
from media.vntext import match_form, match_words
from plans.themes import themes_of_year, update_theme

DEFAULT_GENERAL = [
    "cải cách hành chính",
    "CCHC",
    "thủ tục hành chính",
    "TTHC",
    "một cửa",
    "một cửa liên thông",
    "dịch vụ công trực tuyến",
    "dịch vụ công",
    "cổng dịch vụ công",
    "PAR Index",
    "Chỉ số CCHC",
    "Chỉ số cải cách hành chính",
    "SIPAS",
    "PAPI",
    "PCI",
    "chính quyền điện tử",
    "chính quyền số",
    "Đề án 06",
    "kiểm tra công vụ",
    "công vụ",
    "sự hài lòng của người dân",
    "bộ phận tiếp nhận và trả kết quả",
    "cắt giảm thủ tục",
    "đơn giản hóa thủ tục",
]
DEFAULT_LOCALITY = ["Hà Nội", "Thủ đô", "thành phố Hà Nội", "UBND thành phố", "Thành ủy Hà Nội"]
RULE_SETS = {"general": DEFAULT_GENERAL, "locality": DEFAULT_LOCALITY}
# Compounds whose syllables must not be matched on their own (data, extend as needed).
COMPOUNDS = [
    "quốc gia",
    "gia đình",
    "tham gia",
    "chuyên gia",
    "gia tăng",
    "gia hạn",
    "báo cáo",
    "báo chí",
    "thông báo",
    "cảnh báo",
    "dự báo",
    "công an",
    "công ty",
    "công nghệ",
    "công nghiệp",
    "công khai",
    "công bố",
    "công trình",
    "hành chính",
    "chính quyền",
    "chính sách",
    "chính phủ",
    "tài chính",
    "chính trị",
    "thủ tục",
    "dịch vụ",
    "nhà nước",
    "nước ngoài",
    "cửa hàng",
    "cửa khẩu",
    "điện tử",
    "kỹ thuật số",
    "đô thị",
    "thủ đô",
    "hà nội",
    "nội vụ",
    "nội dung",
    "nội bộ",
]
WEIGHTS = {"general": 2.0, "theme": 1.0, "locality": 1.0}
RELEVANT_AT = 2.0
_UNIT_PREFIXES = ("quận ", "huyện ", "phường ", "xã ", "thị xã ", "thị trấn ")


@dataclass(frozen=True)
class Rule:
    kind: str  # include | require | exclude
    term: str  # matching form


def parse_rule(text: str) -> Rule | None:
    raw = clean_line(text)
    kind = "include"
    if raw[:1] in "+-" and len(raw) > 1:
        kind = "require" if raw[0] == "+" else "exclude"
        raw = raw[1:].strip()
    raw = raw.strip('"“”').strip()
    return Rule(kind, match_form(raw)) if raw else None


def parse_rules(texts: list[str]) -> tuple[Rule, ...]:
    return tuple(r for r in (parse_rule(t) for t in texts or []) if r is not None)


_WORD = re.compile(r"\w+")


class Matcher:
    """Finds which of many terms occur in a text. Terms and text are split into words (so
    matches fall on word boundaries); the terms form a tree of words, walked from every
    word of the text that starts a term: one pass, whatever the number of terms. A term
    inside a listed compound does not count."""

    def __init__(self, terms: set[str], compounds: list[str]):
        by_key: dict[tuple[str, ...], list[str]] = {}
        for term in terms:
            key = tuple(_WORD.findall(term))
            if key:
                by_key.setdefault(key, []).append(term)
        # word -> [terms that end here, next words, the words so far]
        self.root: dict[str, list] = {}
        for key, found in by_key.items():
            level = self.root
            for depth, word in enumerate(key):
                node = level.setdefault(word, [(), {}, key[: depth + 1]])
                level = node[1]
            node[0] = tuple(sorted(found))
        # words of a run that is part of a longer compound -> [(compound, offset of the run)]
        runs: dict[tuple[str, ...], list[tuple[tuple[str, ...], int]]] = {}
        for compound in {tuple(_WORD.findall(c)) for c in compounds}:
            for length in range(1, len(compound)):
                for offset in range(len(compound) - length + 1):
                    runs.setdefault(compound[offset : offset + length], []).append((compound, offset))
        self.guards = {key: runs[key] for key in by_key if key in runs}

    def _guarded(self, key: tuple, words: list[str], start: int) -> bool:
        for compound, offset in self.guards[key]:
            begin = start - offset
            if begin >= 0 and tuple(words[begin : begin + len(compound)]) == compound:
                return True
        return False

    def find(self, text: str) -> set[str]:
        return self.find_words(_WORD.findall(text))

    def find_words(self, words: list[str]) -> set[str]:
        """The terms found in a text given as its words (in matching form)."""
        found: set[str] = set()
        root, guards = self.root, self.guards
        count = len(words)
        for start in compress(range(count), map(root.__contains__, words)):  # where a term can start
            level, position = root, start
            while position < count:
                node = level.get(words[position])
                if node is None:
                    break
                terms, level, key = node
                if terms and not (key in guards and self._guarded(key, words, start)):
                    found.update(terms)
                position += 1
        return found


@dataclass
class Verdict:
    relevance: float
    relevant: bool
    matched: list[dict] = field(default_factory=list)  # [{"set": "general"|"locality"|theme code, "term": ...}]
    theme_ids: list[int] = field(default_factory=list)
    units: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RuleBook:
    general: tuple[Rule, ...]
    locality: tuple[Rule, ...]
    themes: tuple[tuple[int, str, tuple[Rule, ...]], ...]  # (theme id, code, rules)
    units: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str, str], ...]  # code, names, short names, from, to

    @cached_property
    def _compiled(self) -> _CompiledBook:
        return _CompiledBook(self)

    def evaluate(self, title: str, text: str, published_at: str = "", words: list[str] | None = None) -> Verdict:
        """Judge an article. `words`, when given, are its title's and text's `match_words`
        (ingestion has them already)."""
        if words is None:
            words = match_words(title) + match_words(text)
        return self._compiled.evaluate(words, published_at)


class _CompiledBook:
    """A rule book turned into sets and look-up tables once, so that judging an article
    costs one pass over its words plus a few set operations."""

    def __init__(self, book: RuleBook):
        terms = {r.term for r in book.general + book.locality}
        for _id, _code, rules in book.themes:
            terms.update(r.term for r in rules)
        for _code, names, short_names, _f, _t in book.units:
            terms.update(names)
            terms.update(short_names)
        compounds = [match_form(c) for c in COMPOUNDS] + [n for unit in book.units for n in unit[1]]
        self.matcher = Matcher(terms, compounds)
        self.general = frozenset(r.term for r in book.general if r.kind == "include")
        self.locality = frozenset(r.term for r in book.locality)
        self.themes = [
            (
                theme_id,
                code,
                frozenset(r.term for r in rules if r.kind == "exclude"),
                frozenset(r.term for r in rules if r.kind == "require"),
                frozenset(r.term for r in rules if r.kind == "include"),
            )
            for theme_id, code, rules in book.themes
        ]
        # term -> [(position in the unit list, code, is a short name, valid from, valid to)]
        self.unit_terms: dict[str, list[tuple[int, str, bool, str, str]]] = {}
        for position, (code, names, short_names, valid_from, valid_to) in enumerate(book.units):
            for name in names:
                self.unit_terms.setdefault(name, []).append((position, code, False, valid_from, valid_to))
            for name in short_names:
                self.unit_terms.setdefault(name, []).append((position, code, True, valid_from, valid_to))

    def evaluate(self, words: list[str], published_at: str) -> Verdict:
        found = self.matcher.find_words(words)
        general = sorted(self.general & found)
        matched = [{"set": "general", "term": t} for t in general]
        score = WEIGHTS["general"] * len(general)
        theme_ids = []
        for theme_id, code, excludes, requires, includes in self.themes:
            if excludes & found or not requires <= found:
                continue
            included = includes & found
            if not included and (includes or not requires):
                continue
            hits = sorted(included | requires)
            theme_ids.append(theme_id)
            matched += [{"set": code, "term": t} for t in hits]
            score += WEIGHTS["theme"] * len(hits)
        local = sorted(self.locality & found)
        day = (published_at or "")[:10]
        named = set()
        for term in found:
            for position, code, short, valid_from, valid_to in self.unit_terms.get(term, ()):
                alive = (not valid_from or valid_from <= day) and (not valid_to or not day or valid_to >= day)
                if alive or not short:
                    named.add((position, code))
        units = [code for _position, code in sorted(named)]
        if local or units:
            matched += [{"set": "locality", "term": t} for t in local]
            score += WEIGHTS["locality"]
        return Verdict(score, score >= RELEVANT_AT, matched, theme_ids, units)


def _unit_forms(unit: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    name = match_form(unit["name"])
    names = {name}
    short = set()
    for prefix in _UNIT_PREFIXES:
        if name.startswith(prefix):
            stripped = name[len(prefix) :]
            if " " in stripped:
                short.add(stripped)
    return tuple(sorted(names)), tuple(sorted(short - names))


def rulebook(db: Database, year: int | None) -> RuleBook:
    """The rules in force for articles of `year`: the general and locality sets, the
    themes of that year's annual plan, and the city's units."""
    from core import units as core_units

    general = parse_rules(store.rule_set(db, "general") or DEFAULT_GENERAL)
    locality = parse_rules(store.rule_set(db, "locality") or DEFAULT_LOCALITY)
    themes = tuple((t["id"], t["code"], parse_rules(t["keywords"])) for t in themes_of_year(db, year)) if year else ()
    unit_rows = tuple(
        (u["code"], *_unit_forms(u), u["valid_from"] or "", u["valid_to"] or "")
        for u in core_units.list_units(db)
        if u["kind"] in ("district", "commune", "department")
    )
    return RuleBook(general, locality, themes, unit_rows)


class RuleBooks:
    """Rule books by year, built once per run (ingestion, re-application)."""

    def __init__(self, db: Database):
        self.db = db
        self._books: dict[int | None, RuleBook] = {}

    def for_date(self, published_at: str | None) -> RuleBook:
        year = int(published_at[:4]) if published_at and published_at[:4].isdigit() else None
        if year not in self._books:
            self._books[year] = rulebook(self.db, year)
        return self._books[year]


def get_rule_sets(db: Database) -> dict[str, list[str]]:
    return {name: store.rule_set(db, name) or list(default) for name, default in RULE_SETS.items()}


def set_rule_set(db: Database, actor: User, name: str, terms: list[str]) -> list[str]:
    """Replace the general or locality rule list (staff). Stored articles keep their tags
    until `reapply` runs."""
    require(actor, "media.review")
    if name not in RULE_SETS:
        raise ValidationError("media.error.rule_set_unknown", name=name)
    cleaned = [clean_line(t) for t in terms if clean_line(t)]
    if not parse_rules(cleaned):
        raise ValidationError("media.error.rules_empty")
    before = get_rule_sets(db)[name]
    with db.atomic():
        store.put_rule_set(db, name, cleaned, utc_now_iso())
        audit.record(db, actor, "update", "media_rule_sets", name, {"terms": before}, {"terms": cleaned})
    return cleaned


def set_theme_rules(db: Database, actor: User, theme_id: int, keywords: list[str]) -> dict:
    """Replace a plan theme's keyword rules. Themes belong to the plans slice, so this goes
    through its own function (same check, same audit record); stored articles keep their
    tags until `reapply` runs."""
    return update_theme(db, actor, theme_id, keywords=keywords)


def reapply(db: Database, actor: User) -> dict:
    """Re-run the rules over every stored article (relevance, matched terms, units, and
    rule themes unless a person set the themes). Returns counts."""
    require(actor, "media.review")
    books = RuleBooks(db)
    counts = {"articles": 0, "relevant": 0, "changed": 0}
    dated = []  # articles whose counted state (relevance, rule themes) changes
    with db.atomic():
        for row in list(store.all_article_texts(db)):
            verdict = books.for_date(row["published_at"]).evaluate(row["title"], row["text"] or "", row["published_at"])
            before = store.article_row(db, row["id"])
            changes = {
                "relevance": verdict.relevance,
                "relevant": int(verdict.relevant),
                "matched": verdict.matched,
                "units": verdict.units,
            }
            if any(before[k] != v for k, v in changes.items()):
                counts["changed"] += 1
            retag = not row["themes_manual"] and sorted(store.article_themes(db, [row["id"]])[row["id"]]) != sorted(
                set(verdict.theme_ids)
            )
            if retag or before["relevant"] != changes["relevant"]:
                # its state until now is kept, dated, so a report cut off earlier still reads it
                store.open_review_history(db, [row["id"]])
                dated.append(row["id"])
            store.update_article(db, row["id"], changes)
            if not row["themes_manual"]:
                store.set_article_themes(db, row["id"], verdict.theme_ids, "rule")
            counts["articles"] += 1
            counts["relevant"] += int(verdict.relevant)
        store.record_review_state(db, dated, utc_now_iso(), actor.id)
        audit.record(db, actor, "reapply_rules", "articles", None, None, counts)
    return counts
