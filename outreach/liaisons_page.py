"""Liaison accounts: one by one or from a CSV (username, unit, email)."""

import streamlit as st

from core import units
from core.i18n import today_local
from core.ui import attempt, cached, db, require_user, tr
from outreach import liaisons

user = require_user()
st.title(tr("nav.outreach_admin"))
st.dataframe(cached(liaisons.list_liaisons, db(), user), hide_index=True, width="stretch")

st.subheader(tr("outreach.liaison_new"))
with st.form("outreach_liaison_new"):
    username = st.text_input(tr("outreach.field.username"))
    unit_names = {u["code"]: u["name"] for u in units.units_on(db(), today_local())}
    unit = st.selectbox(tr("outreach.field.units"), list(unit_names), format_func=unit_names.get)
    email = st.text_input(tr("outreach.field.email"))
    password = st.text_input(tr("outreach.field.password"), type="password")
    if st.form_submit_button(tr("common.save")):
        made = attempt(
            liaisons.create_liaison, db(), user, username=username, unit=unit or "", email=email,
            password=password or None,
        )  # fmt: skip
        if made:
            st.success(tr("outreach.liaison_made", username=made[0].username, password=made[1]))

st.subheader(tr("outreach.liaison_csv"))
upload = st.file_uploader(tr("outreach.liaison_csv"), type=["csv"], key="outreach_liaison_csv")
if upload is not None and st.button(tr("common.save"), key="outreach_liaison_csv_save"):
    for row in attempt(liaisons.import_csv, db(), user, upload.getvalue()) or []:
        st.success(tr("outreach.liaison_made", username=row["username"], password=row["password"]))
