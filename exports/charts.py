"""Altair charts for reports and pages, and their offline PNG rendering (vl-convert).

The same chart objects are shown on the Reports page and embedded in the DOCX, so the
figures a leader sees on screen and on paper come from one definition."""

from __future__ import annotations

import altair as alt
import vl_convert

from core.i18n import chart_locale, t
from plans.activities import status_label

FONT = "Liberation Serif"  # metric-compatible with Times New Roman, has Vietnamese glyphs


def bar_chart(
    rows: list[dict],
    category: str,
    value: str,
    *,
    category_title: str,
    value_title: str,
    color: str | None = None,
    color_title: str = "",
    lang: str = "vi",
) -> alt.Chart:
    """A horizontal bar chart (stacked when `color` is given) of plain dict rows."""
    encoding = {
        "y": alt.Y(f"{category}:N", title=category_title, sort=None, axis=alt.Axis(labelLimit=260)),
        "x": alt.X(f"sum({value}):Q", title=value_title),
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=color_title, legend=alt.Legend(orient="bottom"))
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(**encoding)
        .properties(width=420, height=max(60, 28 * len({r[category] for r in rows})))
        .configure(font=FONT, locale=chart_locale(lang))
    )


def grouped_bars(
    rows: list[dict],
    category: str,
    series: str,
    value: str,
    *,
    category_title: str,
    value_title: str,
    series_title: str,
    lang: str = "vi",
) -> alt.Chart:
    """Bars of several series side by side per category (e.g. target vs achieved)."""
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X(f"{category}:N", title=category_title, sort=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset(f"{series}:N", sort=None),
            y=alt.Y(f"{value}:Q", title=value_title),
            color=alt.Color(f"{series}:N", title=series_title, sort=None, legend=alt.Legend(orient="bottom")),
        )
        .properties(width=440, height=220)
        .configure(font=FONT, locale=chart_locale(lang))
    )


def to_png(chart: alt.Chart, scale: float = 2.0) -> bytes:
    """Render offline to PNG bytes (no browser, no network)."""
    return vl_convert.vegalite_to_png(chart.to_json(), scale=scale)


def status_chart(figures: dict, lang: str = "vi") -> alt.Chart:
    """Activities by theme and status: the chart of the page and of the report."""
    rows = [
        {"theme": th["code"] or th["title"], "status": status_label(key, lang), "n": th[key]}
        for th in figures["themes"]
        for key in ("done", "in_progress", "not_started", "postponed", "cancelled")
        if th[key]
    ]
    return bar_chart(
        rows,
        "theme",
        "n",
        category_title=t("exports.chart.theme", lang),
        value_title=t("exports.chart.activities", lang),
        color="status",
        color_title=t("exports.chart.status", lang),
        lang=lang,
    )
