"""One unit's page: its months, its QĐ 766 groups, its inspections and recommendations."""

import pandas as pd
import streamlit as st

from core.i18n import fmt_date, fmt_number, fmt_percent
from core.periods import month_label as label
from core.ui import attempt, current_lang, db, require_user, tr
from services import indicators, unit_view

user = require_user()
lang = current_lang()
st.title(tr("services.unit.title"))

months = indicators.available_months(db(), user)
if not months:
    st.info(tr("services.dash.no_data"))
    st.stop()
years = sorted({int(m[:4]) for m in months}, reverse=True)
c1, c2 = st.columns([1, 3])
year = c1.selectbox(tr("services.unit.year"), years, key="services_unit_year")
choices = {u["unit_id"]: u["name"] for u in unit_view.reporting_units(db(), user, year)}
unit_id = c2.selectbox(tr("services.unit.pick"), list(choices), format_func=choices.get, key="services_unit_pick")
view = attempt(unit_view.unit_view, db(), user, unit_id, year)
if not view:
    st.stop()

st.subheader(tr("services.unit.months"))
st.dataframe(
    pd.DataFrame(
        [
            {
                tr("services.col.month"): label(m["month"]),
                tr("services.col.received"): m["received"],
                tr("services.col.resolved"): m["resolved"],
                tr("services.col.late"): m["late"],
                tr("services.ind.on_time_rate"): fmt_percent(m["on_time_rate"], lang, 2),
                tr("services.ind.online_rate"): fmt_percent(m["online_rate"], lang, 2),
                tr("services.ind.satisfaction_rate"): fmt_percent(m["satisfaction_rate"], lang, 2),
                tr("services.ind.pending_overdue"): m["pending_overdue"],
                tr("services.ind.index_score"): fmt_number(m["index_score"], lang, 2),
            }
            for m in view["months"]
        ]
    ),
    hide_index=True,
    width="stretch",
    key="services_unit_months",
)

st.subheader(tr("services.unit.groups"))
scored = sorted({m for g in view["groups"] for m in g["scores"]})
if scored:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("services.unit.group"): g[f"name_{lang}"],
                    tr("services.unit.max"): fmt_number(g["max"], lang, 0),
                    **{label(m): fmt_number(g["scores"].get(m), lang, 2) for m in scored},
                }
                for g in view["groups"]
            ]
        ),
        hide_index=True,
        width="stretch",
        key="services_unit_groups",
    )
else:
    st.caption(tr("services.unit.no_scores"))

st.subheader(tr("services.unit.inspections"))
if view["inspections"]:
    st.dataframe(
        pd.DataFrame(
            [
                {tr("services.unit.day"): fmt_date(i["day"]), tr("services.unit.inspection"): i["label"][lang]}
                for i in view["inspections"]
            ]
        ),
        hide_index=True,
        width="stretch",
        key="services_unit_inspections",
    )
else:
    st.caption(tr("services.unit.no_inspections"))

st.subheader(tr("services.unit.recommendations"))
if view["recommendations"]:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("services.unit.text"): r["text"],
                    tr("services.unit.deadline"): fmt_date(r["deadline"]),
                    tr("services.unit.days_overdue"): r["days_overdue"],
                }
                for r in view["recommendations"]
            ]
        ),
        hide_index=True,
        width="stretch",
        key="services_unit_recommendations",
    )
else:
    st.caption(tr("services.unit.no_recommendations"))
