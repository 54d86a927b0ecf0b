import altair as alt
import pandas as pd
import streamlit as st

from core import ui
from core.i18n import fmt_number, fmt_percent
from core.periods import month_label as label
from core.ui import allowed, cached, current_lang, db, require_user, show_chart, tr
from services import indicators, publication, results

user = require_user()
lang = current_lang()
st.title(tr("services.dash.title"))

months = cached(indicators.available_months, db(), user)
if not months:
    st.info(tr("services.dash.no_data"))
    st.stop()
cols = st.columns([1, 1, 2])
month = cols[0].selectbox(tr("services.dash.month"), months, format_func=label, key="services_dash_month")
ytd = cols[1].toggle(tr("services.dash.ytd"), key="services_dash_ytd")
city = cached(indicators.city, db(), user, month, ytd)
goals = city["targets"]


def metric(container, key: str, value) -> None:
    target = goals.get(key)
    delta = None if value is None or target is None else round(value - target, 1)
    help_text = tr("services.dash.target", target=fmt_percent(target, lang, 0)) if target is not None else None
    container.metric(tr(f"services.ind.{key}"), fmt_percent(value, lang, 1), delta=delta, help=help_text)


cols = st.columns(6)
cols[0].metric(tr("services.dash.received"), fmt_number(city.get("received"), lang))
cols[1].metric(tr("services.dash.resolved"), fmt_number(city.get("resolved"), lang))
metric(cols[2], "on_time_rate", city.get("on_time_rate"))
metric(cols[3], "online_rate", city.get("online_rate"))
metric(cols[4], "satisfaction_rate", city.get("satisfaction_rate"))
cols[5].metric(tr("services.ind.pending_overdue"), fmt_number(city.get("pending_overdue"), lang))
if any(t["example"] for t in cached(results.target_rows, db(), int(month[:4]))):
    st.caption(tr("services.dash.example_targets", year=month[:4]))

st.subheader(tr("services.dash.ranking", month=label(month)))
ranked = cached(indicators.ranking, db(), user, month)
heads = {
    k: tr(k)
    for k in (
        "services.col.rank",
        "services.col.unit",
        "services.col.resolved",
        "services.ind.on_time_rate",
        "services.ind.online_rate",
        "services.ind.index_score",
        "services.col.index_rank",
        "services.col.rank_change",
        "services.col.reasons",
        "services.col.kind",
        "services.dash.received",
    )
}
st.dataframe(
    pd.DataFrame(
        [
            {
                heads["services.col.rank"]: r["rank"],
                heads["services.col.unit"]: r["name"],
                heads["services.col.resolved"]: r["resolved"],
                heads["services.ind.on_time_rate"]: fmt_percent(r["on_time_rate"], lang, 2),
                heads["services.ind.online_rate"]: fmt_percent(r["online_rate"], lang, 2),
                heads["services.ind.index_score"]: fmt_number(r["index_score"], lang, 2),
                heads["services.col.index_rank"]: r["index_rank"],
                heads["services.col.rank_change"]: r["rank_change"],
            }
            for r in ranked
        ]
    ),
    hide_index=True,
    width="stretch",
    key="services_dash_ranking",
)
if allowed("services.publish"):
    st.download_button(
        tr("services.dash.xlsx"),
        lambda: publication.ranking_xlsx(ui.db(), user, month, lang),  # built when clicked
        file_name=f"xep-hang-tthc-{month}.xlsx",
        key="services_dash_xlsx",
    )

st.subheader(tr("services.dash.candidates"))
candidates = cached(indicators.below_target, db(), user, month)
if candidates:
    st.dataframe(
        pd.DataFrame(
            [
                {heads["services.col.unit"]: c["name"], heads["services.col.reasons"]: c[f"reason_{lang}"]}
                for c in candidates
            ]
        ),
        hide_index=True,
        width="stretch",
        key="services_dash_candidates",
    )
else:
    st.caption(tr("common.none"))

st.subheader(tr("services.dash.by_kind"))
kinds = indicators.grouped(cached(indicators.unit_figures, db(), user, month, ytd), "kind")
st.dataframe(
    pd.DataFrame(
        [
            {
                heads["services.col.kind"]: tr(f"services.kind.{g['group']}"),
                heads["services.dash.received"]: g["received"],
                heads["services.ind.on_time_rate"]: fmt_percent(g["on_time_rate"], lang, 2),
                heads["services.ind.online_rate"]: fmt_percent(g["online_rate"], lang, 2),
            }
            for g in kinds
        ]
    ),
    hide_index=True,
    width="stretch",
    key="services_dash_kinds",
)

WORST = 9
year_rows = cached(indicators.unit_figures, db(), user, month, ytd=True)
series = cached(indicators.monthly_series, db(), user, int(month[:4]), indicators.worst_units(year_rows, WORST))
shown = {k: tr(f"services.ind.{k}") for k in ("on_time_rate", "online_rate")}
frame = pd.DataFrame(
    [{"unit": s["name"], "month": s["month"], "indicator": shown[k], "rate": s[k]} for s in series for k in shown]
)
if not frame.empty:
    chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title=None),
            y=alt.Y("rate:Q", title="%", scale=alt.Scale(zero=False)),
            color=alt.Color("indicator:N", title=None),
            # Channel objects, not strings: Altair turns each string into a channel through a
            # lookup it rebuilds every time (~20 ms apiece).
            tooltip=[
                alt.Tooltip("unit"),
                alt.Tooltip("month"),
                alt.Tooltip("indicator"),
                alt.Tooltip("rate:Q", format=".1f"),
            ],
        )
        .properties(width=220, height=140)
        .facet(facet=alt.Facet("unit:N", title=None), columns=3)
        .properties(title=tr("services.dash.chart", n=len({s["name"] for s in series})))
    )
    show_chart(st, chart)
