"""What the dashboard page draws, as plain data in one language: the figures, the Vega-Lite
specs of its charts and the rows of its tables. The page keeps the result with
`core.ui.cached`, so a script run only draws it; altair builds and checks the charts once
per data version, not on every run."""

from __future__ import annotations

import altair as alt
import pandas as pd
from sqlite_utils import Database

from core.i18n import chart_locale, fmt_date, fmt_money, fmt_percent, t
from core.permissions import User
from plans import dashboard


def _bar(frame: pd.DataFrame, title: str, lang: str) -> alt.Chart:
    """A horizontal bar chart of progress (0–100 %) per group."""
    return (
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            x=alt.X("progress:Q", title=t("plans.dash.progress", lang), scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("label:N", sort=None, title=None),
            tooltip=["label", "progress", "activities", "done", "overdue"],
        )
    )


def _budget(by_theme: list[dict], lang: str) -> alt.Chart:
    planned, used = t("plans.dash.budget", lang), t("plans.dash.budget_used", lang)
    frame = pd.DataFrame(
        [{"label": g["code"], "kind": planned, "amount": g["budget"]} for g in by_theme]
        + [{"label": g["code"], "kind": used, "amount": g["budget_used"]} for g in by_theme]
    )
    # Horizontal bars, one row per theme and the legend above: readable at any width
    # (vertical grouped bars collapsed to one bar with the legend cut off at 800 px).
    return (
        alt.Chart(frame, title=t("plans.dash.budget_chart", lang))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None),
            yOffset="kind:N",
            x=alt.X(
                "amount:Q",
                title=t("plans.dash.million", lang),
                axis=alt.Axis(format="~s", labelExpr="datum.value / 1e6"),
            ),
            color=alt.Color("kind:N", title=None, legend=alt.Legend(orient="top", direction="vertical")),
            tooltip=["label", "kind", alt.Tooltip("amount:Q", format=",")],
        )
    )


def charts(data: dict, lang: str) -> list[dict]:
    """The four charts (by theme, by unit, by quarter, budget) as Vega-Lite specs with the
    reader's number and month formats."""
    themes = pd.DataFrame([{**g, "label": f"{g['code']}. {g['title'][:60]}"} for g in data["by_theme"]])
    no_unit, no_date = t("plans.dash.no_unit", lang), t("plans.dash.no_date", lang)
    units = pd.DataFrame([{**g, "label": g["name"] or no_unit} for g in data["by_unit"]])
    quarters = pd.DataFrame(
        [{**g, "label": t("plans.quarter", lang, n=g["name"]) if g["name"] else no_date} for g in data["by_quarter"]]
    )
    made = [
        _bar(themes, t("plans.dash.by_theme", lang), lang),
        _bar(units, t("plans.dash.by_unit", lang), lang),
        _bar(quarters, t("plans.dash.by_quarter", lang), lang),
        _budget(data["by_theme"], lang),
    ]
    locale = chart_locale(lang)
    return [chart.configure(locale=locale).to_dict() for chart in made]


def activity_table(rows: list[dict], lang: str, days_key: str) -> list[dict]:
    """The overdue or at-risk list, who answers for it first: activity, lead unit, days late
    (or left, `days_key`), then deadline, progress, status and theme (labels looked up once)."""
    title, lead, days, deadline, progress, status, theme = (
        t(k, lang)
        for k in (
            "plans.col.title",
            "plans.col.lead_unit",
            days_key,
            "plans.col.deadline",
            "plans.col.progress",
            "plans.col.status",
            "plans.col.theme",
        )
    )
    statuses: dict[str, str] = {}
    return [
        {
            title: r["title"],
            lead: r["lead_unit_name"],
            days: r["days"],
            deadline: fmt_date(r["deadline"] or r["planned_end"], lang),
            progress: fmt_percent(r["progress"], lang, 0),
            status: statuses.setdefault(r["status"], t("plans.status." + r["status"], lang)),
            theme: r["theme_code"],
        }
        for r in rows
    ]


def theme_table(by_theme: list[dict], lang: str) -> list[dict]:
    theme, count, done, progress, budget, used = (
        t(k, lang)
        for k in (
            "plans.col.theme",
            "plans.dash.activities",
            "plans.dash.done",
            "plans.dash.progress",
            "plans.dash.budget",
            "plans.dash.budget_used",
        )
    )
    return [
        {
            theme: g["code"],
            count: g["activities"],
            done: g["done"],
            progress: fmt_percent(g["progress"], lang, 1),
            budget: fmt_money(g["budget"], lang),
            used: fmt_money(g["budget_used"], lang),
        }
        for g in by_theme
    ]


def content(db: Database, user: User, year: int, lang: str) -> dict:
    """Everything the dashboard shows for `year` in `lang`: `figures` (dashboard.figures),
    and, when the year has a plan, `charts`, `overdue`, `at_risk` and `themes` tables."""
    data = dashboard.figures(db, user, year)
    if data["plan"] is None:
        return {"figures": data}
    return {
        "figures": data,
        "charts": charts(data, lang),
        "overdue": activity_table(data["overdue"], lang, "plans.dash.days_late"),
        "at_risk": activity_table(data["at_risk"], lang, "plans.dash.days_left"),
        "themes": theme_table(data["by_theme"], lang),
    }
