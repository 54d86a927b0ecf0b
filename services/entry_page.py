import pandas as pd
import streamlit as st

from core.i18n import today_local
from core.shell_page import attempt, db, require_user, tr
from services import checks, results
from services.months import label, shift
from services.store import FIGURES

user = require_user()
st.title(tr("services.entry.title"))

last_month = shift(today_local().isoformat()[:7], -1)
month = st.selectbox(
    tr("services.dash.month"), [shift(last_month, -i) for i in range(13)], format_func=label, key="services_entry_month"
)
rows = results.month_grid(db(), user, month)
config = {f: st.column_config.NumberColumn(checks.LABELS[f], min_value=0, step=1) for f in FIGURES}
config["name"] = st.column_config.TextColumn(tr("services.col.unit"), disabled=True)
config["code"] = st.column_config.TextColumn(tr("services.col.code"), disabled=True)
edited = st.data_editor(
    pd.DataFrame(rows), column_config=config, hide_index=True, width="stretch", key=f"services_entry_grid_{month}"
)
if st.button(tr("services.entry.save"), type="primary", key="services_entry_save"):
    done = attempt(results.save_month, db(), user, month, edited.to_dict("records"))
    if done:
        st.success(tr("services.entry.saved", **done))
