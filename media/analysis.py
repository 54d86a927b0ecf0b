"""Coverage analysis: articles and stories per theme per month, per outlet, per tone;
activity targets against linked coverage; CSV/XLSX exports.

A story (one event syndicated by several outlets) counts once per theme; reach counts
every outlet's copy. Only relevant coverage that was not rejected is counted."""

from __future__ import annotations

from collections import defaultdict

from sqlite_utils import Database

from core.i18n import t, to_local
from core.permissions import User, require
from core.tabular import Column, to_csv, to_xlsx
from media import store
from plans.activities import list_activities
from plans.plans import annual_plan_for
from plans.themes import find_theme


def _month(published_at: str) -> str:
    from datetime import datetime

    return to_local(datetime.fromisoformat(published_at)).strftime("%Y-%m")


def coverage(db: Database, user: User, year: int) -> dict:
    """Figures for `year` (local time): by_theme_month, by_outlet, by_tone, targets, totals."""
    require(user, "media.view")
    rows = store.coverage_rows(db, f"{year - 1}-12-31T17:00:00", f"{year}-12-31T17:00:00")  # Asia/Ho_Chi_Minh year
    theme_names: dict[int, dict] = {}

    def theme(theme_id):
        if theme_id not in theme_names:
            theme_names[theme_id] = find_theme(db, theme_id) or {"code": "?", "title": ""}
        return theme_names[theme_id]

    per_theme: dict[tuple, dict[str, set]] = defaultdict(lambda: {"articles": set(), "stories": set()})
    per_outlet: dict[str, dict[str, set]] = defaultdict(lambda: {"articles": set(), "stories": set()})
    per_tone: dict[str, dict[str, set]] = defaultdict(lambda: {"articles": set(), "stories": set()})
    articles, stories = set(), set()
    for row in rows:
        articles.add(row["id"])
        stories.add(row["story_id"])
        if row["theme_id"] is not None:
            key = (theme(row["theme_id"])["code"], _month(row["published_at"]))
            per_theme[key]["articles"].add(row["id"])
            per_theme[key]["stories"].add(row["story_id"])
        for bucket, name in ((per_outlet, row["outlet"] or "—"), (per_tone, row["tone"] or "none")):
            bucket[name]["articles"].add(row["id"])
            bucket[name]["stories"].add(row["story_id"])

    def flat(bucket, *names):
        out = []
        for key, sets in sorted(bucket.items()):
            key = key if isinstance(key, tuple) else (key,)
            out.append(
                {
                    **dict(zip(names, key, strict=True)),
                    "articles": len(sets["articles"]),
                    "stories": len(sets["stories"]),
                }
            )
        return out

    targets = []
    plan = annual_plan_for(db, year)
    if plan is not None:
        linked = store.linked_counts(db)
        for activity in list_activities(db, plan["id"]):
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
        "totals": {"articles": len(articles), "stories": len(stories)},
        "by_theme_month": flat(per_theme, "theme", "month"),
        "by_outlet": sorted(flat(per_outlet, "outlet"), key=lambda r: (-r["articles"], r["outlet"])),
        "by_tone": flat(per_tone, "tone"),
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
    return to_xlsx(_sheets(coverage(db, user, year), lang))


def export_csv(db: Database, user: User, year: int, table: str = "by_theme_month", lang: str = "vi") -> bytes:
    figures = coverage(db, user, year)
    index = ["by_theme_month", "by_outlet", "by_tone", "targets"].index(table)
    _title, columns, rows = _sheets(figures, lang)[index]
    return to_csv(columns, rows)
