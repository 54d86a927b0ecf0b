import pandas as pd
import streamlit as st

from core.i18n import fmt_number, today_local
from core.periods import month_label as label
from core.periods import shift
from core.ui import attempt, current_lang, db, require_user, tr
from services import checks, results
from services.store import FIGURES

user = require_user()
lang = current_lang()
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

st.subheader(tr("services.entry.extras"))
names = {r["code"]: r["name"] for r in rows}
code = st.selectbox(tr("services.entry.unit"), list(names), format_func=names.get, key="services_entry_unit")
if code:
    extras = results.unit_month_extras(db(), user, month, code)
    cols = st.columns(3)
    votes = {
        k: cols[i].number_input(
            tr(f"services.entry.{k}"), min_value=0, value=extras["satisfaction"][k] or 0, key=f"services_vote_{k}"
        )
        for i, k in enumerate(("very_satisfied", "satisfied", "dissatisfied"))
    }
    groups = results.index_groups(db())
    cols = st.columns(len(groups))
    scores = {
        g["code"]: cols[i].number_input(
            tr(
                "services.entry.group",
                name=g["name_en" if lang == "en" else "name_vi"],
                max=fmt_number(g["max"], lang),
            ),
            min_value=0.0,
            max_value=float(g["max"]),
            value=float(extras["scores"].get(g["code"], 0.0)),
            step=0.25,
            key=f"services_score_{g['code']}",
        )
        for i, g in enumerate(groups)
    }
    if st.button(tr("services.entry.save_extras"), key="services_entry_save_extras"):
        attempt(
            results.save_unit_extras,
            db(),
            user,
            month,
            code,
            votes,
            scores,
            success=tr("services.entry.extras_saved", unit=names[code]),
        )
