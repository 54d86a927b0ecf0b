"""Coverage analysis: articles and stories per theme per month, per press agency, per tone;
activity targets against linked coverage; CSV/XLSX exports.

The counts are `media.report_data`'s (their one owner, the same the reports print): relevant
articles staff reviewed (confirmed), with the relevant ones not yet reviewed counted apart;
per press agency as the source names it; read as they stand today (a dashboard), while a
report reads them as at its cut-off. A story (one event syndicated by several outlets)
counts once per theme; articles count every outlet's copy."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from core.i18n import t, today_local
from core.periods import Period, day_end_utc, parse_period
from core.permissions import User, require
from core.tabular import Column, to_csv, to_xlsx
from media import report_data, store
from plans.activities import list_activities
from plans.plans import annual_plan_for
from plans.themes import find_theme


def year_period(year: int) -> Period:
    """The calendar year the page shows, as a period (1 January to 31 December, local days)."""
    return parse_period(f"{int(year):04d}-01-01:{int(year):04d}-12-31")


def coverage(db: Database, user: User, year: int, today: date | None = None) -> dict:
    """Figures for `year` (local time) as they stand at the end of `today` (default the local
    date): totals (reviewed articles, stories, negative, unreviewed), by_theme_month,
    by_outlet, by_tone (reviewed articles), targets. A pure read, so a page may keep it with
    `core.ui.cached`."""
    require(user, "media.view")
    today = today or today_local()
    period = year_period(year)
    utc_from, utc_to = period.utc_window()
    at = day_end_utc(today)  # today's state, also for a past year
    codes: dict[int, str] = {}
    by_month = report_data.coverage_by_month(db, period, at)
    for row in by_month:
        if row["theme_id"] not in codes:
            codes[row["theme_id"]] = (find_theme(db, row["theme_id"]) or {"code": "?"})["code"]
    by_theme_month = sorted(
        (
            {
                "theme": codes[r["theme_id"]],
                "month": r["month"],
                "articles": r["articles"],
                "stories": r["stories"],
                "unreviewed": r["unreviewed"],
            }
            for r in by_month
        ),
        key=lambda r: (r["theme"], r["month"]),
    )
    return {
        "year": year,
        "as_at": at,
        "totals": report_data.coverage_totals(db, utc_from, utc_to, at),
        "by_theme_month": by_theme_month,
        "by_outlet": [
            {
                "outlet": r["outlet"] or "—",
                "articles": r["articles"],
                "stories": r["stories"],
                "unreviewed": r["unreviewed"],
            }
            for r in report_data.coverage_by_outlet(db, utc_from, utc_to, at, limit=None)
        ],
        "by_tone": report_data.coverage_by_tone(db, utc_from, utc_to, at),
        "targets": _targets(db, year),
    }


def _targets(db: Database, year: int) -> list[dict]:
    """Each activity of the year's plan with its target and the coverage linked to it."""
    plan = annual_plan_for(db, year)
    if plan is None:
        return []
    activities = list_activities(db, plan["id"])
    linked = store.linked_counts(db, [a["id"] for a in activities])
    targets = []
    for activity in activities:
        got = linked.get(activity["id"], {"articles": 0, "stories": 0})
        targets.append(
            {
                "activity_id": activity["id"],
                "title": activity["title"],
                "target": activity["target"],
                "target_unit": activity["target_unit"],
                "articles": got["articles"],
                "stories": got["stories"],
                "percent": round(100 * got["articles"] / activity["target"], 1) if activity["target"] else None,
            }
        )
    return targets


def _sheets(figures: dict, lang: str) -> list[tuple[str, list[Column], list[dict]]]:
    counts = [
        Column("articles", t("media.col.articles", lang), "int", 12),
        Column("stories", t("media.col.stories", lang), "int", 12),
    ]
    unreviewed = Column("unreviewed", t("media.col.unreviewed", lang), "int", 12)
    tones = [{**r, "tone": t(f"media.tone.{r['tone']}", lang)} for r in figures["by_tone"]]
    return [
        (
            t("media.sheet.theme_month", lang),
            [
                Column("theme", t("media.col.theme", lang), width=10),
                Column("month", t("media.col.month", lang), width=10),
                *counts,
                unreviewed,
            ],
            figures["by_theme_month"],
        ),
        (
            t("media.sheet.outlet", lang),
            [Column("outlet", t("media.col.outlet", lang), width=30), *counts, unreviewed],
            figures["by_outlet"],
        ),
        (t("media.sheet.tone", lang), [Column("tone", t("media.col.tone", lang), width=16), *counts], tones),
        (
            t("media.sheet.targets", lang),
            [
                Column("title", t("media.col.activity", lang), width=60),
                Column("target", t("media.col.target", lang), "number", 10),
                Column("target_unit", t("media.col.target_unit", lang), width=12),
                *counts,
                Column("percent", t("media.col.percent", lang), "percent", 10),
            ],
            figures["targets"],
        ),
    ]


def export_xlsx(db: Database, user: User, year: int, lang: str = "vi") -> bytes:
    """The analysis of `year` as a workbook, one sheet per table (formula-safe cells)."""
    return figures_xlsx(coverage(db, user, year), lang)


def figures_xlsx(figures: dict, lang: str = "vi") -> bytes:
    """`coverage` figures already computed, as the workbook `export_xlsx` gives."""
    return to_xlsx(_sheets(figures, lang))


def export_csv(db: Database, user: User, year: int, table: str = "by_theme_month", lang: str = "vi") -> bytes:
    return figures_csv(coverage(db, user, year), table, lang)


def figures_csv(figures: dict, table: str = "by_theme_month", lang: str = "vi") -> bytes:
    """One table of `coverage` figures already computed, as the CSV `export_csv` gives."""
    index = ["by_theme_month", "by_outlet", "by_tone", "targets"].index(table)
    _title, columns, rows = _sheets(figures, lang)[index]
    return to_csv(columns, rows)
