"""Coverage analysis: articles and stories per theme per month, per outlet, per tone;
activity targets against linked coverage; CSV/XLSX exports.

A story (one event syndicated by several outlets) counts once per theme; reach counts
every outlet's copy. Only relevant coverage that was not rejected is counted."""

from __future__ import annotations

from sqlite_utils import Database

from core.i18n import t
from core.periods import year_months_utc
from core.permissions import User, require
from core.tabular import Column, to_csv, to_xlsx
from media import store
from plans.activities import list_activities
from plans.plans import annual_plan_for
from plans.themes import find_theme


def coverage_counts(db: Database, year: int) -> dict[str, list[dict]]:
    """The counts of `year` (Hà Nội time) as `store.coverage_counts` gives them."""
    return store.coverage_counts(db, year_months_utc(year))


def coverage(db: Database, user: User, year: int) -> dict:
    """Figures for `year` (local time): by_theme_month, by_outlet, by_tone, targets, totals.
    A pure read, so a page may keep it with `core.ui.cached`."""
    require(user, "media.view")
    counts = coverage_counts(db, year)
    codes: dict[int, str] = {}
    for row in counts["by_theme_month"]:
        if row["theme_id"] not in codes:
            codes[row["theme_id"]] = (find_theme(db, row["theme_id"]) or {"code": "?"})["code"]
    by_theme_month = sorted(
        (
            {"theme": codes[r["theme_id"]], "month": r["month"], "articles": r["articles"], "stories": r["stories"]}
            for r in counts["by_theme_month"]
        ),
        key=lambda r: (r["theme"], r["month"]),
    )
    totals = counts["totals"][0] if counts["totals"] else {"articles": 0, "stories": 0}
    targets = []
    plan = annual_plan_for(db, year)
    if plan is not None:
        activities = list_activities(db, plan["id"])
        linked = store.linked_counts(db, [a["id"] for a in activities])
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
    return {
        "year": year,
        "totals": {"articles": totals["articles"], "stories": totals["stories"]},
        "by_theme_month": by_theme_month,
        "by_outlet": [dict(r) for r in counts["by_outlet"]],
        "by_tone": [dict(r) for r in counts["by_tone"]],
        "targets": targets,
    }


def _sheets(figures: dict, lang: str) -> list[tuple[str, list[Column], list[dict]]]:
    counts = [
        Column("articles", t("media.col.articles", lang), "int", 12),
        Column("stories", t("media.col.stories", lang), "int", 12),
    ]
    tones = [{**r, "tone": t(f"media.tone.{r['tone']}", lang)} for r in figures["by_tone"]]
    return [
        (
            t("media.sheet.theme_month", lang),
            [
                Column("theme", t("media.col.theme", lang), width=10),
                Column("month", t("media.col.month", lang), width=10),
                *counts,
            ],
            figures["by_theme_month"],
        ),
        (
            t("media.sheet.outlet", lang),
            [Column("outlet", t("media.col.outlet", lang), width=30), *counts],
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
