import streamlit as st

from core import auth
from core.ui import attempt, db, require_user, tr

user = require_user()
st.title(tr("account.title"))
st.write(f"**{user.display_name}** — {user.username} — {tr('role.' + user.role)}")
with st.form("account_password_form", clear_on_submit=True):
    st.subheader(tr("account.change_password"))
    old = st.text_input(tr("account.old_password"), type="password")
    new = st.text_input(tr("account.new_password"), type="password")
    again = st.text_input(tr("account.confirm_password"), type="password")
    submitted = st.form_submit_button(tr("account.save"))
if submitted:
    if new != again:
        st.error(tr("account.password_mismatch"))
    else:
        attempt(auth.change_password, db(), user, old, new, success=tr("account.password_changed"))
