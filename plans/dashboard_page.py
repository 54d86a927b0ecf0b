import altair as alt
import pandas as pd
import streamlit as st

from core.i18n import fmt_date, fmt_money, fmt_number, fmt_percent, today_local
from core.ui import current_lang, db, require_user, show_chart, tr
from plans import dashboard

user = require_user()
lang = current_lang()
st.title(tr("plans.dash.title"))

years = dashboard.years(db())
if not years:
    st.info(tr("plans.dash.no_plan"))
    st.stop()
this_year = today_local().year
year = st.selectbox(
    tr("plans.dash.year"), years, index=years.index(this_year) if this_year in years else 0, key="plans_dash_year"
)
data = dashboard.figures(db(), user, year)
plan = data["plan"]
st.caption(
    " — ".join(x for x in (plan["number"], plan["title"]) if x) + f" ({tr('plans.plan_status.' + plan['status'])})"
)

totals = data["totals"]
# Figures as wide as their text, wrapping onto the next line on a narrow screen (800 px, a
# projector) instead of being cut to "57,…" in fixed columns.
figures = st.container(horizontal=True, wrap=True, key="plans_dash_figures")
for label, value in (
    (tr("plans.dash.activities"), fmt_number(totals["activities"], lang)),
    (tr("plans.dash.done"), fmt_number(totals["done"], lang)),
    (tr("plans.dash.progress"), fmt_percent(totals["progress"], lang, 1)),
    (tr("plans.dash.overdue"), fmt_number(totals["overdue"], lang)),
    (tr("plans.dash.at_risk"), fmt_number(data["at_risk_count"], lang)),
    (tr("plans.dash.budget"), fmt_money(totals["budget"], lang)),
    (tr("plans.dash.budget_used"), fmt_money(totals["budget_used"], lang)),
):
    figures.metric(label, value, width="content", border=True)


def bar(frame: pd.DataFrame, label: str, title: str):
    """A horizontal bar chart of progress (0–100 %) per group."""
    return (
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            x=alt.X("progress:Q", title=tr("plans.dash.progress"), scale=alt.Scale(domain=[0, 100])),
            y=alt.Y(f"{label}:N", sort=None, title=None),
            tooltip=[label, "progress", "activities", "done", "overdue"],
        )
    )


themes = pd.DataFrame([{**g, "label": f"{g['code']}. {g['title'][:60]}"} for g in data["by_theme"]])
units = pd.DataFrame([{**g, "label": g["name"] or tr("plans.dash.no_unit")} for g in data["by_unit"]])
quarters = pd.DataFrame(
    [
        {**g, "label": tr("plans.quarter", n=g["name"]) if g["name"] else tr("plans.dash.no_date")}
        for g in data["by_quarter"]
    ]
)
left, right = st.columns(2)
show_chart(left, bar(themes, "label", tr("plans.dash.by_theme")), width="stretch")
show_chart(right, bar(units, "label", tr("plans.dash.by_unit")), width="stretch")
show_chart(left, bar(quarters, "label", tr("plans.dash.by_quarter")), width="stretch")
budget = pd.DataFrame(
    [{"label": g["code"], "kind": tr("plans.dash.budget"), "amount": g["budget"]} for g in data["by_theme"]]
    + [{"label": g["code"], "kind": tr("plans.dash.budget_used"), "amount": g["budget_used"]} for g in data["by_theme"]]
)
show_chart(
    right,
    # Horizontal bars, one row per theme and the legend above: readable at any width
    # (vertical grouped bars collapsed to one bar with the legend cut off at 800 px).
    alt.Chart(budget, title=tr("plans.dash.budget_chart"))
    .mark_bar()
    .encode(
        y=alt.Y("label:N", title=None),
        yOffset="kind:N",
        x=alt.X("amount:Q", title=tr("plans.dash.million"), axis=alt.Axis(format="~s", labelExpr="datum.value / 1e6")),
        color=alt.Color("kind:N", title=None, legend=alt.Legend(orient="top", direction="vertical")),
        tooltip=["label", "kind", alt.Tooltip("amount:Q", format=",")],
    ),
    width="stretch",
)


def table(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                tr("plans.col.title"): r["title"],
                tr("plans.col.theme"): r["theme_code"],
                tr("plans.col.lead_unit"): r["lead_unit_name"],
                tr("plans.col.deadline"): fmt_date(r["deadline"] or r["planned_end"], lang),
                tr("plans.col.status"): tr("plans.status." + r["status"]),
                tr("plans.col.progress"): fmt_percent(r["progress"], lang, 0),
            }
            for r in rows
        ]
    )


st.subheader(tr("plans.dash.overdue_list", n=len(data["overdue"])))
if data["overdue"]:
    st.dataframe(table(data["overdue"]), hide_index=True, width="stretch", key="plans_dash_overdue")
else:
    st.caption(tr("common.none"))
st.subheader(tr("plans.dash.at_risk_list", n=len(data["at_risk"])))
if data["at_risk"]:
    st.dataframe(table(data["at_risk"]), hide_index=True, width="stretch", key="plans_dash_at_risk")
else:
    st.caption(tr("common.none"))
summary = pd.DataFrame(
    [
        {
            tr("plans.col.theme"): g["code"],
            tr("plans.dash.activities"): g["activities"],
            tr("plans.dash.done"): g["done"],
            tr("plans.dash.progress"): fmt_percent(g["progress"], lang, 1),
            tr("plans.dash.budget"): fmt_money(g["budget"], lang),
            tr("plans.dash.budget_used"): fmt_money(g["budget_used"], lang),
        }
        for g in data["by_theme"]
    ]
)
st.subheader(tr("plans.dash.by_theme"))
st.dataframe(summary, hide_index=True, width="stretch", key="plans_dash_themes")
