import streamlit as st

from core import auth
from core.i18n import fmt_datetime
from core.permissions import ROLES
from core.roles import LEAST_PRIVILEGE
from core.ui import current_lang, db, pick, record_keys, require_user, save, tr

user = require_user()
ROLE_LABELS = {r: tr(f"role.{r}") for r in ROLES}


def _label(row: dict) -> str:
    return f"{row['username']} — {row['full_name']}" if row["full_name"] else row["username"]


def _outcome(username: str, changed: list[str]) -> str:
    if not changed:
        return tr("users.unchanged", username=username)
    return tr("users.updated", username=username, what=", ".join(tr(f"users.changed.{c}") for c in changed))


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
    role = pick(tr("users.role"), ROLE_LABELS, "users_add_role", LEAST_PRIVILEGE)
    password = st.text_input(tr("users.password"), type="password")
    if st.form_submit_button(tr("common.save"), type="primary"):
        save(
            auth.create_user,
            db(),
            user,
            username=username,
            password=password,
            role=role,
            full_name=full_name,
            email=email,
            success=lambda created: tr("users.created", username=created.username),
        )

with right:
    st.subheader(tr("users.change"))
    target = pick(tr("users.pick"), {r["username"]: _label(r) for r in rows}, "users_change_pick")
    current = next((r for r in rows if r["username"] == target), None)
if current:
    key = record_keys("users_change", current["username"])  # every widget below belongs to this user
    with right.form(key("form")):
        new_role = pick(tr("users.role"), ROLE_LABELS, key("role"), current["role"])
        active = st.checkbox(tr("users.active"), value=bool(current["active"]), key=key("active"))
        new_password = st.text_input(tr("users.reset_password"), type="password", key=key("password"))
        if st.form_submit_button(tr("users.apply")):
            save(
                auth.change_user,
                db(),
                user,
                target,
                role=new_role,
                active=active,
                new_password=new_password,
                success=lambda done: _outcome(target, done[1]),
            )
