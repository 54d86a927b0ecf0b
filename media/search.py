"""Full-text search over stored coverage: SQLite FTS5 on folded title and text, so
"cai cach hanh chinh" finds "cải cách hành chính" and "dang ky" finds "đăng ký";
quoted phrases and prefix* queries; filters; snippets highlighted in the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlite_utils import Database

from core import paging
from core.markup import md_escape
from core.permissions import User, require
from core.text import fold
from media import search_plan
from media.vntext import fold_aligned

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")
# What a query is read up to: a person types a few words; a 100 kB query of 12.500 terms
# made FTS5 and the snippet matcher work for 30 s. Longer queries are cut, repeated
# terms count once.
MAX_QUERY_CHARS = 500
MAX_TERMS = 24


Terms = list[tuple[list[str], bool]]


@dataclass(frozen=True)
class Query:
    """A typed query as it is read: the FTS5 expression (None: no terms), its terms (words,
    is_prefix) for highlighting, and `read_up_to`, the typed text that was read when the query
    was longer than MAX_QUERY_CHARS characters or MAX_TERMS distinct terms (None: all of it)."""

    match: str | None
    terms: Terms
    read_up_to: str | None = None


def read_query(query: str) -> Query:
    """The query read up to its bounds (the first MAX_QUERY_CHARS characters and MAX_TERMS
    distinct terms; a phrase of more words keeps its first MAX_TERMS). Every term is quoted,
    so FTS syntax typed by a user is only text."""
    query = query or ""
    parts, terms = [], []
    cut, end = len(query) > MAX_QUERY_CHARS, 0
    for token in _TOKEN.finditer(query[:MAX_QUERY_CHARS]):
        phrase, word = token.groups()
        if phrase:
            words = _WORD.findall(fold(phrase))
            cut |= len(words) > MAX_TERMS
            found = [(words[:MAX_TERMS], False)]
        else:
            found = [([t], word.endswith("*")) for t in _WORD.findall(fold(word))]
        for tokens, prefix in found:
            if not tokens or (tokens, prefix) in terms:
                continue
            if len(terms) == MAX_TERMS:
                cut = True
                break
            parts.append('"' + " ".join(tokens) + '"' + ("*" if prefix else ""))
            terms.append((tokens, prefix))
            end = token.end()
    return Query(" ".join(parts) or None, terms, query[:end].strip() if cut else None)


def parse_query(query: str) -> tuple[str | None, Terms]:
    """The FTS5 expression for a typed query, and its terms (words, is_prefix) for
    highlighting, read up to the bounds of `read_query`."""
    read = read_query(query)
    return read.match, read.terms


def snippet(text: str, terms: list[tuple[list[str], bool]], width: int = 220) -> tuple[str, list[tuple[int, int]]]:
    """A window of `text` around the first hit (with "…" where it is cut) and the hits
    in it, as (start, end) offsets into the returned string. Plain text, no markup."""
    text = text or ""
    folded = fold_aligned(text)
    spans = []
    for tokens, prefix in terms:
        pattern = r"(?<!\w)" + r"\W+".join(re.escape(t) for t in tokens) + (r"\w*" if prefix else r"(?!\w)")
        spans += [(m.start(), m.end()) for m in re.finditer(pattern, folded)]
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1] + 1 and not text[merged[-1][1] : s].strip():
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    start = max(0, merged[0][0] - width // 3) if merged else 0
    end = min(len(text), start + width)
    lead = "…" if start > 0 else ""
    shift = len(lead) - start
    hits, cursor = [], start
    for s, e in merged:
        if s < cursor or e > end:
            continue
        hits.append((s + shift, e + shift))
        cursor = e
    return lead + text[start:end] + ("…" if end < len(text) else ""), hits


def highlight(text: str, terms: list[tuple[list[str], bool]], width: int = 220) -> str:
    """`snippet` for a page: hits in **bold**, everything else escaped for Markdown (feed
    text is never rendered as HTML or Markdown)."""
    return bold_hits(*snippet(text, terms, width))


def bold_hits(window: str, hits: list[tuple[int, int]]) -> str:
    """A `snippet` as Markdown: hits in **bold**, everything else escaped."""
    out, cursor = [], 0
    for s, e in hits:
        out.append(escape_markdown(window[cursor:s]))
        out.append("**" + escape_markdown(window[s:e]) + "**")
        cursor = e
    out.append(escape_markdown(window[cursor:]))
    return "".join(out)


escape_markdown = md_escape  # one escape for every slice (core.markup)


def _filters(theme_id, source_id, review, tone, date_from, date_to, relevant_only) -> dict:
    if isinstance(date_to, date):
        date_to = (date_to + timedelta(days=1)).isoformat()
    elif isinstance(date_to, str) and date_to:
        date_to = (date.fromisoformat(date_to[:10]) + timedelta(days=1)).isoformat()
    return {
        "theme_id": theme_id,
        "source_id": source_id,
        "review": review,
        "tone": tone,
        "date_from": date_from.isoformat() if isinstance(date_from, date) else date_from,
        "date_to": date_to,
        "relevant_only": relevant_only,
    }


def _with_snippets(rows: list[dict], terms) -> list[dict]:
    for row in rows:
        row["title_hl"] = highlight(row["title"], terms, width=1000)
        row["snippet_text"], row["snippet_hits"] = snippet(row["text"] or "", terms)
        row["snippet"] = bold_hits(row["snippet_text"], row["snippet_hits"])
        row.pop("summary_html", None)
    return rows


def search(
    db: Database,
    user: User,
    query: str = "",
    *,
    theme_id: int | None = None,
    source_id: int | None = None,
    review: str | None = None,
    tone: str | None = None,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
    relevant_only: bool = False,
    limit: int = 100,
    order: str = "rank",
) -> list[dict]:
    """Matching articles, best first (see `search_plan.plan` for "rank" and "date"), each with
    `title_hl` and `snippet` (Markdown-safe, for pages) and `snippet_text` with
    `snippet_hits` (plain text and hit offsets, for files)."""
    require(user, "media.view")
    match, terms = parse_query(query)
    filters = _filters(theme_id, source_id, review, tone, date_from, date_to, relevant_only)
    return _with_snippets(search_plan.rows(db, search_plan.plan(db, match, filters, order), limit), terms)


PAGE_SIZES = (10, 20, 50, 100)
COUNT_CAP = 1000  # totals are counted up to here; beyond, a page says "more than 1.000"


def search_page(
    db: Database,
    user: User,
    query: str = "",
    *,
    theme_id: int | None = None,
    source_id: int | None = None,
    review: str | None = None,
    tone: str | None = None,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
    relevant_only: bool = False,
    order: str = "date",
    page: int = 1,
    page_size: int = 20,
) -> dict:
    """One page of `search` for the search page: {"rows", "total" (counted up to COUNT_CAP),
    "more" (True when there are more than that), "page", "pages", "page_size", "order",
    "ranked_window" (True when relevance ranked only the newest search_plan.RANK_WINDOW matches),
    "shortened" (the typed text that was read, when the query was longer than its bounds, else None)}.
    Snippets are made for the rows of the page only; a page past the end shows the last."""
    require(user, "media.view")
    if order not in search_plan.ORDERS:
        order = "date"
    page_size = max(1, min(int(page_size), max(PAGE_SIZES)))
    read = read_query(query)
    match, terms = read.match, read.terms
    filters = _filters(theme_id, source_id, review, tone, date_from, date_to, relevant_only)
    plan = search_plan.plan(db, match, filters, order)
    counted = search_plan.count(db, plan, COUNT_CAP)
    total, more = min(counted, COUNT_CAP), counted > COUNT_CAP
    pages = paging.page_count(total, page_size)
    page = paging.clamp(page, total, page_size)
    rows = search_plan.rows(db, plan, page_size, paging.offset(page, page_size)) if total else []
    return {
        "rows": _with_snippets(rows, terms),
        "total": total,
        "more": more,
        "page": page,
        "pages": pages,
        "page_size": page_size,
        "order": order if match else "date",
        "ranked_window": plan.rank_window_full,
        "shortened": read.read_up_to,
    }
