"""Figures of press coverage that reports and spreadsheets read (the exports slice):
read-only, no permission check of their own (the report that shows them checks). Theme
names come from the plans slice's own functions."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from core.i18n import t, today_local
from core.periods import Period, day_end_utc, month_utc, of_date, shift
from media import store
from plans.themes import find_theme, list_themes


def coverage_by_theme(db: Database, plan_id: int, utc_from: str, utc_to: str, at: str) -> list[dict]:
    """Per theme of a plan in the window, as tagged at `at`, in the plan's theme order
    (themes without coverage left out): reviewed articles, their distinct stories and the
    negative ones, and the relevant articles not yet reviewed (counted apart, never in the
    others)."""
    counts = {r["theme_id"]: r for r in store.coverage_by_theme_id(db, utc_from, utc_to, at)}
    return [
        {"theme_id": t["id"], "code": t["code"], "title": t["title"], **_figures(counts[t["id"]])}
        for t in list_themes(db, plan_id)
        if t["id"] in counts
    ]


def _figures(row: dict) -> dict:
    return {
        "articles": row["articles"],
        "stories": row["stories"],
        "negative": row["negative"],
        "unreviewed": row["unreviewed"],
    }


def coverage_by_outlet(db: Database, utc_from: str, utc_to: str, at: str, limit: int | None = 10) -> list[dict]:
    """Per press agency (a feed of one of its sections counts under the agency its source
    names), the most reviewed articles first: reviewed articles, stories, unreviewed articles,
    and the kind of the source (national press, city press, government portal, other).
    `limit` None: every agency."""
    return store.coverage_by_outlet(db, utc_from, utc_to, at, limit)


def coverage_totals(db: Database, utc_from: str, utc_to: str, at: str) -> dict:
    """Reviewed articles, their stories, the negative ones among them, and the relevant
    articles not yet reviewed: "no negative coverage" may be said only when that is 0."""
    return store.coverage_totals(db, utc_from, utc_to, at)


def coverage_by_tone(db: Database, utc_from: str, utc_to: str, at: str) -> list[dict]:
    """Reviewed articles and their stories per tone ("none": staff gave no tone)."""
    return store.coverage_by_tone(db, utc_from, utc_to, at)


def notable_coverage(db: Database, utc_from: str, utc_to: str, at: str, limit: int = 10) -> list[dict]:
    """Confirmed articles linked to plan activities as evidence at `at`, newest first."""
    return store.notable_coverage(db, utc_from, utc_to, at, limit)


def negative_coverage(db: Database, utc_from: str, utc_to: str, at: str, limit: int = 20) -> list[dict]:
    """Relevant negative articles with the staff note on how each was handled, at `at`."""
    return store.negative_coverage(db, utc_from, utc_to, at, limit)


def reading_instant(period: Period, today: date | None = None) -> str:
    """The instant a period's press figures are read at (UTC): the end of its cut-off day,
    or of `today` (default the local date) while the period runs, so a report drafted today
    for the current period reads today's state and one for a past period the state of its
    cut-off, whenever it is drafted."""
    return day_end_utc(period.as_of(today or today_local()))


def all_coverage(db: Database) -> list[dict]:
    """Relevant, not rejected articles with their theme codes ("ND1; ND3"), newest first."""
    codes: dict[int, str] = {}

    def code(theme_id: int) -> str:
        if theme_id not in codes:
            codes[theme_id] = (find_theme(db, theme_id) or {"code": "?"})["code"]
        return codes[theme_id]

    rows = []
    for row in store.all_coverage(db):
        ids = sorted(int(i) for i in row.pop("theme_ids").split(",")) if row["theme_ids"] else []
        row.pop("id")
        rows.append({**row, "themes": "; ".join(code(i) for i in ids) or None})
    return rows


def coverage_figures(db: Database, plan: dict | None, period: Period, today: date | None = None) -> dict:
    """Relevant coverage of the period (its local days) as it stood at the period's cut-off
    (`reading_instant`), reviewed and not yet reviewed apart: totals, per theme of the plan
    (`theme_sum`: the reviewed articles summed over themes, more than the articles when one
    is tagged with several), the plan's themes without any, per press agency, per tone,
    notable (confirmed and linked to activities) and negative items with how they were
    handled."""
    utc_from, utc_to = period.utc_window()
    at = reading_instant(period, today)
    by_theme = coverage_by_theme(db, plan["id"], utc_from, utc_to, at) if plan else []
    covered = {r["theme_id"] for r in by_theme}
    return {
        "as_at": at,
        "totals": coverage_totals(db, utc_from, utc_to, at),
        "by_theme": by_theme,
        "theme_sum": sum(r["articles"] for r in by_theme),
        "silent_themes": [t for t in list_themes(db, plan["id"]) if t["id"] not in covered] if plan else [],
        "by_outlet": coverage_by_outlet(db, utc_from, utc_to, at),
        "by_tone": coverage_by_tone(db, utc_from, utc_to, at),
        "notable": notable_coverage(db, utc_from, utc_to, at),
        "negative": negative_coverage(db, utc_from, utc_to, at),
    }


def _months(period: Period) -> list[tuple[str, str, str]]:
    """The local months the period touches: ("YYYY-MM", UTC start, UTC end)."""
    months, month = [], of_date(period.start)
    while month <= of_date(period.end):
        months.append((month, *month_utc(month)))
        month = shift(month, 1)
    return months


def coverage_by_month(db: Database, period: Period, at: str) -> list[dict]:
    """Per local month of the period (clipped to its days) and per tagged theme id, as at the
    instant `at`: reviewed articles and stories, unreviewed articles (the analysis page's
    bars). Months without coverage are left out."""
    utc_from, utc_to = period.utc_window()
    rows = []
    for month, month_from, month_to in _months(period):
        for r in store.coverage_by_theme_id(db, max(utc_from, month_from), min(utc_to, month_to), at):
            rows.append({"theme_id": r["theme_id"], "month": month, **_figures(r)})
    return rows


def review_label(review: str | None, lang: str = "vi") -> str:
    """A review decision as the review page names it (the slice's one catalogue)."""
    return t(f"media.review.{review}", lang) if review else ""


def tone_label(tone: str | None, lang: str = "vi") -> str:
    return t(f"media.tone.{tone or 'none'}", lang)


def kind_label(kind: str | None, lang: str = "vi") -> str:
    """A source's kind as the sources page names it (national press, government portal…)."""
    return t(f"media.kind.{kind or 'other'}", lang)
