import streamlit as st

from core.i18n import fmt_percent, today_local
from core.ui import allowed, attempt, current_lang, db, require_user, tr
from services import results

user = require_user()
lang = current_lang()
st.title(tr("services.targets.title"))

this_year = today_local().year
year = st.selectbox(
    tr("services.targets.year"), list(range(this_year + 1, this_year - 5, -1)), index=1, key="services_targets_year"
)
current = results.targets(db(), year)
if any(r["example"] for r in results.target_rows(db(), year)):
    st.caption(tr("services.dash.example_targets", year=year))
if allowed("services.edit"):
    values = {}
    for indicator in results.TARGETED:
        values[indicator] = st.number_input(
            tr(f"services.ind.{indicator}") + " (%)",
            min_value=0.0,
            max_value=100.0,
            value=current.get(indicator),
            step=0.5,
            key=f"services_target_{year}_{indicator}",
        )
    if st.button(tr("services.targets.save"), type="primary", key="services_targets_save"):
        attempt(results.set_targets, db(), user, year, values, success=tr("services.targets.saved", year=year))
else:
    st.table(
        {
            tr("services.col.indicator"): [tr(f"services.ind.{k}") for k in results.TARGETED],
            tr("services.col.target"): [
                fmt_percent(current[k], lang, 1) if k in current else tr("services.targets.none")
                for k in results.TARGETED
            ],
        }
    )
