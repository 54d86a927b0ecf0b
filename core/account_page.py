"""The signed-in person's own account: who they are, and a new password."""

import streamlit as st

from core import account
from core.markup import md_escape
from core.ui import db, require_user, save, tr

user = require_user()
st.title(tr("account.title"))
st.markdown(f"**{md_escape(user.display_name)}** — {md_escape(user.username)} — {tr('role.' + user.role)}")
with st.form("account_password_form", clear_on_submit=True):
    st.subheader(tr("account.change_password"))
    old = st.text_input(tr("account.old_password"), type="password")
    new = st.text_input(tr("account.new_password"), type="password")
    again = st.text_input(tr("account.confirm_password"), type="password")
    if st.form_submit_button(tr("account.save")):
        save(account.change_password, db(), user, old, new, again, success=tr("account.password_changed"), rerun=False)
