"""How a full-text search is read, decided once per search: which ids of the search index
to read (a date range turned into id bounds when it is narrow), how far relevance ranks
(the newest RANK_WINDOW matches that pass the filters), and, by date, whether walking the
newest-stored matches first settles a page or a count. The store runs the queries; this
module only decides which, with named arguments.

`filters` holds the search page's criteria (theme_id, source_id, review, tone, date_from
and date_to as UTC ISO, date_to exclusive, relevant_only) and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlite_utils import Database

from media import store

ORDERS = ("date", "rank")
RANK_WINDOW = 1000  # relevance ranks the newest this many stored matches of the terms
COUNT_WALK = 5000  # a filtered count reads this many newest matches before it reads them all
RANGE_SCAN_SHARE = 8  # a date range is turned into id bounds when it holds at most 1/8 of the ids

IdRange = tuple[int, int]


@dataclass(frozen=True)
class Plan:
    """One search as it will be read. `order` is "rank" only with terms; `id_range` bounds
    the ids of the search index read (None: all of them; (1, 0): none); `rank_floor` is the
    smallest id relevance ranks (0: every match)."""

    match: str | None
    filters: dict[str, Any]
    order: str
    id_range: IdRange | None
    rank_floor: int

    @property
    def rank_window_full(self) -> bool:
        """True when the terms match more stored articles (that pass the filters) than relevance ranks."""
        return self.order == "rank" and self.rank_floor > 0


def id_bounds(db: Database, filters: dict[str, Any]) -> IdRange | None:
    """The smallest and largest article id published in the date filters' range (an empty
    range gives (1, 0)), so the search index is read only between them instead of from the
    newest match down; None without a date filter or when the range holds too many articles
    to be worth reading (more than 1/RANGE_SCAN_SHARE of the ids). Ids need not follow dates:
    the bounds are read from the date index, not assumed."""
    if not (filters.get("date_from") or filters.get("date_to")):
        return None
    cap = store.max_article_id(db) // RANGE_SCAN_SHARE + 1
    found, low, high = store.published_id_bounds(db, filters, cap)
    if found >= cap:
        return None
    return (low, high) if found else (1, 0)


def rank_floor(db: Database, match: str, filters: dict[str, Any], id_range: IdRange | None) -> int:
    """The smallest article id among the RANK_WINDOW newest stored matches that pass the
    filters (0: all of them). The window is taken after the filters: taken before, a
    search narrowed to an earlier period would rank none of its own matches."""
    return store.newest_match_id(db, match, filters, id_range, RANK_WINDOW - 1) or 0


def plan(db: Database, match: str | None, filters: dict[str, Any], order: str = "rank") -> Plan:
    """The plan of a search for an FTS5 expression (None: no terms) and filters, worked out
    once for its page, its count and its note on the relevance window. "rank": best FTS
    rank first among the RANK_WINDOW newest matches (ranking every match of a common word
    costs a fifth of a second at 250.000 articles); "date", and always without terms:
    newest first."""
    order = "rank" if match and order == "rank" else "date"
    id_range = id_bounds(db, filters) if match else None
    floor = rank_floor(db, match, filters, id_range) if order == "rank" else 0
    return Plan(match, dict(filters), order, id_range, floor)


def _newest_first_pays(plan: Plan) -> bool:
    """Whether reading the newest-stored matches first can settle a page or a count: not
    when a date range ends in the past and is too wide for id bounds, because that walk
    would first cross every match stored after the range (the date index serves it better)."""
    return plan.match is not None and (not plan.filters.get("date_to") or plan.id_range is not None)


def _since_page_floor(db: Database, plan: Plan, depth: int) -> Plan:
    """`plan` narrowed, for a page by date ending `depth` rows down, to the articles
    published since the oldest of the `depth` newest-stored matches that pass its filters:
    those are `depth` matches, so the page's rows are no older. The narrowed range gives id
    bounds, and the search index is read only for the recent ids instead of for every match."""
    found, oldest = store.oldest_of_newest_matches(db, plan.match, plan.filters, plan.id_range, depth)
    if found < depth or (plan.filters.get("date_from") or "") >= oldest:
        return plan
    narrowed = {**plan.filters, "date_from": oldest}
    return replace(plan, filters=narrowed, id_range=id_bounds(db, narrowed))


def rows(db: Database, plan: Plan, limit: int = 100, offset: int = 0) -> list[dict]:
    """One page of the search's articles, in the plan's order."""
    if plan.order == "rank":
        return store.search_ranked(db, plan.match, plan.filters, plan.id_range, plan.rank_floor, limit, offset)
    if _newest_first_pays(plan):
        plan = _since_page_floor(db, plan, offset + limit)
    return store.search_by_date(db, plan.match, plan.filters, plan.id_range, limit, offset)


def _count_newest(db: Database, plan: Plan, cap: int) -> int | None:
    """The count of matches that pass the filters, up to `cap` + 1, read from the
    COUNT_WALK newest-stored matches only; None when those do not settle it (fewer pass
    and there are more matches), and the count must read every match."""
    found = store.count_passing_among_newest(db, plan.match, plan.filters, plan.id_range, COUNT_WALK, cap + 1)
    if found > cap:
        return found
    matches = store.count_matches(db, plan.match, plan.id_range, COUNT_WALK + 1)
    return found if matches <= COUNT_WALK else None


def count(db: Database, plan: Plan, cap: int = 1000) -> int:
    """How many articles `rows` can page through, counted up to `cap` + 1 (so "more than
    cap" shows without counting a hundred thousand matches)."""
    if plan.order == "rank":
        return store.count_ranked(db, plan.match, plan.filters, plan.id_range, plan.rank_floor, cap + 1)
    if plan.match and not store.has_filters(plan.filters):
        return store.count_matches(db, plan.match, None, cap + 1)
    found = _count_newest(db, plan, cap) if _newest_first_pays(plan) else None
    if found is not None:
        return found
    return store.count_by_date(db, plan.match, plan.filters, plan.id_range, cap + 1)
