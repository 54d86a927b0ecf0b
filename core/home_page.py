import streamlit as st

from core.db import schema_version
from core.i18n import fmt_number, today_local
from core.markup import md_escape
from core.ui import current_lang, db, require_user, tr
from core.units import units_on

user = require_user()
st.title(tr("home.title"))
st.markdown(tr("home.welcome", name=md_escape(user.display_name)))
cols = st.columns(2)
cols[0].metric(tr("home.units_now"), fmt_number(len(units_on(db(), today_local())), current_lang()))
cols[1].metric(tr("home.schema"), schema_version(db()))
