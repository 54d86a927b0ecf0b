import streamlit as st

from core import auth
from core.i18n import fmt_datetime
from core.permissions import ROLES
from core.ui import attempt, current_lang, db, require_user, tr

user = require_user()
st.title(tr("users.title"))
rows = auth.list_users(db(), user)
lang = current_lang()
st.dataframe(
    [
        {
            tr("users.username"): r["username"],
            tr("users.full_name"): r["full_name"],
            tr("users.email"): r["email"],
            tr("users.role"): tr(f"role.{r['role']}"),
            tr("users.active"): tr("common.yes") if r["active"] else tr("common.no"),
            tr("users.last_login"): fmt_datetime(r["last_login_at"], lang),
        }
        for r in rows
    ],
    hide_index=True,
    width="stretch",
)

left, right = st.columns(2)
with left.form("users_add_form", clear_on_submit=True):
    st.subheader(tr("users.add"))
    username = st.text_input(tr("users.username"))
    full_name = st.text_input(tr("users.full_name"))
    email = st.text_input(tr("users.email"))
    role = st.selectbox(tr("users.role"), ROLES, format_func=lambda r: tr(f"role.{r}"))
    password = st.text_input(tr("users.password"), type="password")
    if st.form_submit_button(tr("common.save"), type="primary"):
        created = attempt(
            auth.create_user,
            db(),
            user,
            username=username,
            password=password,
            role=role,
            full_name=full_name,
            email=email,
        )
        if created:
            st.success(tr("users.created", username=created.username))

with right.form("users_change_form"):
    st.subheader(tr("users.change"))
    names = [r["username"] for r in rows]
    target = st.selectbox(tr("users.pick"), names)
    current = next((r for r in rows if r["username"] == target), None)
    new_role = st.selectbox(
        tr("users.role"),
        ROLES,
        index=ROLES.index(current["role"]) if current else 0,
        format_func=lambda r: tr(f"role.{r}"),
    )
    active = st.checkbox(tr("users.active"), value=bool(current["active"]) if current else True)
    new_password = st.text_input(tr("users.reset_password"), type="password")
    if st.form_submit_button(tr("users.apply")) and current:
        ok = True
        if new_role != current["role"]:
            ok = attempt(auth.set_role, db(), user, target, new_role) is not None
        if ok and active != bool(current["active"]):
            ok = attempt(auth.set_active, db(), user, target, active) is not None
        if ok and new_password:
            ok = attempt(auth.reset_password, db(), user, target, new_password) is not None
        if ok:
            st.success(tr("users.updated", username=target))
