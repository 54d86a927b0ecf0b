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


# Category labels wrap at word boundaries into lines (never cut with "…"): the label holds
# "\n" between lines and the axis splits it.
WRAP_LABELS = "split(datum.label, '\\n')"


def wrap(text: str, width: int = 30) -> str:
    """`text` broken at spaces into lines of at most `width` characters, joined by "\n"."""
    lines: list[str] = []
    for word in (text or "").split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def whole_ticks(top: float, most: int = 8) -> list[int]:
    """Whole-number ticks from 0 past `top`, at most `most` of them: 0 1 2 …, or 0 5 10 …"""
    top = max(int(-(-top // 1)), 1)
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        step = candidate
        if top // candidate + 1 <= most:
            break
    return list(range(0, top + step, step))


def _count_axis(title: str, top: float | None = None) -> alt.Axis:
    """Counts have whole ticks: 0, 1, 2 — never 0,5, never a repeated 1 1 2 2; the title sits
    clear of the labels."""
    values = whole_ticks(top) if top is not None else alt.Undefined
    return alt.Axis(title=title, tickMinStep=1, format="d", values=values, titlePadding=12, labelPadding=4)


def _category_axis(title: str) -> alt.Axis:
    """Category labels wrapped on their own lines, never cut; the title clear of them."""
    return alt.Axis(title=title, labelExpr=WRAP_LABELS, labelLimit=0, titlePadding=14, labelPadding=6)


def _lines(rows: list[dict], category: str) -> int:
    return sum(max(1, str(v).count("\n") + 1) for v in dict.fromkeys(r[category] for r in rows))


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
    top = max((r[value] for r in rows), default=1)
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y(f"{category}:N", sort=None, axis=_category_axis(category_title)),
        x=alt.X(f"{value}:Q", axis=_count_axis(value_title, top), scale=alt.Scale(domain=[0, whole_ticks(top)[-1]])),
    )
    bars = base.mark_bar(color=SERIES_COLOURS[1])
    labels = base.mark_text(align="left", dx=3, color="black").encode(text=alt.Text(f"{value}:Q", format="d"))
    height = max(60, 18 * _lines(rows, category) + 8 * len({r[category] for r in rows}))
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
    """Horizontal bars of several series side by side per category (e.g. planned vs used),
    light and dark grey so they survive grey printing, each labelled with its value; the
    category labels wrapped on the left, never cut."""
    names = list(dict.fromkeys(r[series] for r in rows))
    colour = alt.Color(
        f"{series}:N",
        title=series_title,
        sort=None,
        scale=alt.Scale(domain=names, range=list(SERIES_COLOURS[: len(names)]) or None),
        legend=alt.Legend(orient="bottom"),
    )
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y(f"{category}:N", sort=None, axis=_category_axis(category_title)),
        yOffset=alt.YOffset(f"{series}:N", sort=None),
        x=alt.X(f"{value}:Q", axis=alt.Axis(title=value_title, titlePadding=12)),
    )
    bars = base.mark_bar(stroke="black", strokeWidth=0.5).encode(color=colour)
    labels = base.mark_text(align="left", dx=3, fontSize=9, color="black").encode(
        text=alt.Text(f"{value}:Q", format=",~f")  # the reader's separators: 2.250.000 / 2,250,000
    )
    height = max(80, 16 * _lines(rows, category) + 6 * len(rows))
    return _configure(alt.layer(bars, labels).properties(width=360, height=height), lang)


def spec(chart: alt.Chart) -> dict:
    """The chart's Vega-Lite spec, as `chart.to_dict()` gives it but not checked against the
    Vega-Lite schema on every use: the charts of this module are the same few shapes, each
    checked once by the tests, and the check cost more than building the chart."""
    return chart.to_dict(validate=False)


def to_png(chart: alt.Chart, scale: float = 2.0) -> bytes:
    """Render offline to PNG bytes (no browser, no network)."""
    _register_fonts()
    return vl_convert.vegalite_to_png(chart.to_json(validate=False), scale=scale)  # the spec as `spec` gives it


def theme_name(theme: dict, limit: int = 36) -> str:
    """A theme as a reader knows it: its whole title, not its code, wrapped into lines of at
    most `limit` characters (never cut with "…")."""
    return wrap(theme.get("title") or theme.get("code") or "", limit)


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
    top = max((r["x1"] for r in rows), default=1)
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("theme:N", sort=None, axis=_category_axis(t("exports.chart.theme", lang)))
    )
    bars = base.mark_bar(stroke="black", strokeWidth=0.5).encode(
        x=alt.X(
            "x0:Q",
            axis=_count_axis(t("exports.chart.activities", lang), top),
            scale=alt.Scale(domain=[0, whole_ticks(top)[-1]]),
        ),
        x2="x1:Q",
        color=colour,
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
    height = max(60, 18 * _lines(rows, "theme") + 8 * len({r["theme"] for r in rows}))
    layered = alt.layer(bars, labels).resolve_scale(color="independent").properties(width=380, height=height)
    return _configure(layered, lang)
