import pandas as pd
import streamlit as st

from core.i18n import fmt_money, fmt_number, fmt_percent, today_local
from core.ui import cached, current_lang, db, require_user, tr
from plans import dashboard, dashboard_view

user = require_user()
lang = current_lang()
st.title(tr("plans.dash.title"))

years = cached(dashboard.years, db())
if not years:
    st.info(tr("plans.dash.no_plan"))
    st.stop()
this_year = today_local().year
year = st.selectbox(
    tr("plans.dash.year"), years, index=years.index(this_year) if this_year in years else 0, key="plans_dash_year"
)
shown = cached(dashboard_view.content, db(), user, year, lang)
data = shown["figures"]
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

# What is late and at risk, and who answers for it, before any chart: a director sees it at once.
for name, key in (("overdue", "plans_dash_overdue"), ("at_risk", "plans_dash_at_risk")):
    st.subheader(tr(f"plans.dash.{name}_list", n=len(data[name])))
    if shown[name]:
        st.dataframe(pd.DataFrame(shown[name]), hide_index=True, width="stretch", key=key)
    else:
        st.caption(tr("common.none"))

# By theme, by unit (left, right), by quarter, budget: specs built once per data version.
st.subheader(tr("plans.dash.charts"))
left, right = st.columns(2)
for column, spec in zip((left, right, left, right), shown["charts"], strict=True):
    column.vega_lite_chart(spec, width="stretch")

st.subheader(tr("plans.dash.by_theme"))
st.dataframe(pd.DataFrame(shown["themes"]), hide_index=True, width="stretch", key="plans_dash_themes")
