"""Altair charts for reports and pages, and their offline PNG rendering (vl-convert).

The same chart objects are shown on the Reports page and embedded in the DOCX, so the
figures a leader sees on screen and on paper come from one definition. This module owns
the one palette of activity statuses: each status has one colour everywhere, chosen so the
statuses stay apart in grey print too (distinct lightness), and bars carry their numbers."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import vl_convert

from core.i18n import chart_locale, t
from plans.report_data import status_label

# Times New Roman where it is installed; Liberation Serif (metric-compatible, Vietnamese
# glyphs) otherwise.
FONT = "Times New Roman, Liberation Serif, serif"
FONT_DIRS = ("/usr/share/fonts/truetype/liberation", "/usr/share/fonts/truetype/msttcorefonts")
STATUSES = ("done", "in_progress", "not_started", "postponed", "cancelled")
# Dark to light, so grey printing keeps them apart; text on each is black or white to match.
STATUS_COLOURS = {
    "done": "#1b5e20",
    "cancelled": "#111111",
    "in_progress": "#1e88e5",
    "postponed": "#ffb300",
    "not_started": "#eeeeee",
}
LABEL_COLOURS = {"done": "white", "cancelled": "white", "in_progress": "white", "postponed": "black"}
SERIES_COLOURS = ("#9e9e9e", "#212121")  # planned vs used: light and dark grey
_fonts_ready = False


def _register_fonts() -> None:
    """Make the serif fonts known to vl-convert once (it does not read fontconfig by itself)."""
    global _fonts_ready
    if not _fonts_ready:
        for folder in FONT_DIRS:
            if Path(folder).is_dir():
                vl_convert.register_font_directory(folder)
        _fonts_ready = True


def _configure(chart, lang: str):
    return chart.configure(font=FONT, locale=chart_locale(lang)).configure_view(stroke=None)


def _count_axis(title: str) -> alt.Axis:
    """Counts have whole ticks: 0, 1, 2 — never 0,5."""
    return alt.Axis(title=title, tickMinStep=1, format="d")


def bar_chart(
    rows: list[dict],
    category: str,
    value: str,
    *,
    category_title: str,
    value_title: str,
    lang: str = "vi",
) -> alt.Chart:
    """Horizontal bars of counts, each labelled with its number."""
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y(f"{category}:N", title=category_title, sort=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X(f"{value}:Q", axis=_count_axis(value_title)),
    )
    bars = base.mark_bar(color=SERIES_COLOURS[1])
    labels = base.mark_text(align="left", dx=3, color="black").encode(text=alt.Text(f"{value}:Q", format="d"))
    height = max(60, 28 * len({r[category] for r in rows}))
    return _configure(alt.layer(bars, labels).properties(width=380, height=height), lang)


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
    """Bars of several series side by side per category (e.g. planned vs used), light and
    dark grey so they survive grey printing, each labelled with its value."""
    names = list(dict.fromkeys(r[series] for r in rows))
    colour = alt.Color(
        f"{series}:N",
        title=series_title,
        sort=None,
        scale=alt.Scale(domain=names, range=list(SERIES_COLOURS[: len(names)]) or None),
        legend=alt.Legend(orient="bottom"),
    )
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X(f"{category}:N", title=category_title, sort=None, axis=alt.Axis(labelAngle=0, labelLimit=110)),
        xOffset=alt.XOffset(f"{series}:N", sort=None),
        y=alt.Y(f"{value}:Q", title=value_title),
    )
    bars = base.mark_bar(stroke="black", strokeWidth=0.5).encode(color=colour)
    labels = base.mark_text(dy=-5, fontSize=9, color="black").encode(text=alt.Text(f"{value}:Q"))
    return _configure(alt.layer(bars, labels).properties(width=440, height=220), lang)


def to_png(chart: alt.Chart, scale: float = 2.0) -> bytes:
    """Render offline to PNG bytes (no browser, no network)."""
    _register_fonts()
    return vl_convert.vegalite_to_png(chart.to_json(), scale=scale)


def theme_name(theme: dict, limit: int = 48) -> str:
    """A theme as a reader knows it: its title (shortened when long), not its code."""
    title = theme.get("title") or theme.get("code") or ""
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def status_chart(figures: dict, lang: str = "vi") -> alt.Chart:
    """Activities by theme and status: the chart of the page and of the report. Stacked bars
    in the status palette, each part labelled with its count."""
    rows = []
    for th in figures["themes"]:
        start = 0
        for key in STATUSES:
            if th[key]:
                rows.append(
                    {
                        "theme": theme_name(th),
                        "key": key,
                        "status": status_label(key, lang),
                        "n": th[key],
                        "x0": start,
                        "x1": start + th[key],
                        "mid": start + th[key] / 2,
                    }
                )
                start += th[key]
    shown = [k for k in STATUSES if any(r["key"] == k for r in rows)]
    colour = alt.Color(
        "status:N",
        title=t("exports.chart.status", lang),
        scale=alt.Scale(domain=[status_label(k, lang) for k in shown], range=[STATUS_COLOURS[k] for k in shown]),
        legend=alt.Legend(orient="bottom"),
    )
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("theme:N", title=t("exports.chart.theme", lang), sort=None, axis=alt.Axis(labelLimit=320))
    )
    bars = base.mark_bar(stroke="black", strokeWidth=0.5).encode(
        x=alt.X("x0:Q", axis=_count_axis(t("exports.chart.activities", lang))), x2="x1:Q", color=colour
    )
    labels = base.mark_text(fontSize=10).encode(
        x="mid:Q",
        text=alt.Text("n:Q", format="d"),
        color=alt.Color(
            "key:N",
            scale=alt.Scale(domain=list(STATUSES), range=[LABEL_COLOURS.get(k, "black") for k in STATUSES]),
            legend=None,
        ),
    )
    height = max(60, 28 * len({r["theme"] for r in rows}))
    layered = alt.layer(bars, labels).resolve_scale(color="independent").properties(width=380, height=height)
    return _configure(layered, lang)
