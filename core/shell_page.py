"""What every page shares: the signed-in user, the language, the database, and a
uniform way to show refused actions. The Streamlit side of `core`; pages call it."""

from __future__ import annotations

from typing import Any, Callable

import streamlit as st

from core import auth
from core.bootstrap import ensure_ready
from core.errors import AppError, ValidationError
from core.i18n import t
from core.permissions import User, can
from core.settings import get_settings

USER_KEY = "shell_user_id"
LANG_KEY = "shell_lang"


def db():
    """This script thread's database connection (migrated; demo built on first start)."""
    return ensure_ready()


def current_lang() -> str:
    return st.session_state.get(LANG_KEY) or get_settings().lang


def tr(key: str, **params) -> str:
    return t(key, current_lang(), **params)


def current_user() -> User | None:
    user_id = st.session_state.get(USER_KEY)
    if user_id is None:
        return None
    user = auth.get_user(db(), user_id)
    if user is None or not user.active:
        st.session_state.pop(USER_KEY, None)
        return None
    return user


def require_user() -> User:
    """The signed-in user; stops the page when nobody is (the router shows the login)."""
    user = current_user()
    if user is None:
        st.stop()
    return user


def sign_in(user: User) -> None:
    st.session_state[USER_KEY] = user.id
    st.session_state[LANG_KEY] = user.lang or current_lang()


def sign_out() -> None:
    for key in (USER_KEY,):
        st.session_state.pop(key, None)


def show_error(exc: AppError) -> None:
    """A refused action, in the user's language, with each listed problem on its own line."""
    lang = current_lang()
    lines = [exc.message(lang)]
    if isinstance(exc, ValidationError):
        for err in exc.errors:
            prefix = t("common.row", lang, row=err["row"]) + ": " if err.get("row") else ""
            lines.append(f"- {prefix}{t(err['key'], lang, **{**err.get('params', {}), 'row': ''}).strip()}")
    st.error("\n".join(lines))


def attempt(fn: Callable[..., Any], *args, success: str | None = None, **kwargs) -> Any:
    """Call a plain write function; show its refusal instead of a traceback.

    Returns the function's result, or None when it was refused."""
    try:
        result = fn(*args, **kwargs)
    except AppError as exc:
        show_error(exc)
        return None
    if success:
        st.success(success)
    return result


def allowed(action: str) -> bool:
    return can(current_user(), action)


def sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def login_view() -> None:
    """The sign-in page: local account, and single sign-on when configured."""
    st.title(tr("app.title"))
    st.caption(tr("app.office"))
    if sso_configured():
        if getattr(st.user, "is_logged_in", False):
            try:
                sign_in(auth.user_for_sso_email(db(), st.user.get("email", "")))
                st.rerun()
            except AppError as exc:
                show_error(exc)
        elif st.button(tr("login.sso"), key="login_sso"):
            st.login()
    with st.form("login_form"):
        st.subheader(tr("login.title"))
        username = st.text_input(tr("login.username"), key="login_username")
        password = st.text_input(tr("login.password"), type="password", key="login_password")
        submitted = st.form_submit_button(tr("login.submit"), type="primary")
    if submitted:
        user = attempt(auth.login, db(), username, password)
        if user is not None:
            sign_in(user)
            st.rerun()
    if get_settings().demo:
        st.caption(tr("login.demo_hint"))


def language_switch() -> None:
    options = {"vi": "Tiếng Việt", "en": "English"}
    lang = st.sidebar.segmented_control(
        tr("shell.language"), list(options), format_func=options.get, default=current_lang(), key="shell_lang_choice"
    )
    if lang and lang != current_lang():
        st.session_state[LANG_KEY] = lang
        user = current_user()
        if user is not None:
            auth.set_language(db(), user, lang)
        st.rerun()


def user_box(user: User) -> None:
    st.sidebar.caption(tr("shell.signed_in_as", name=user.display_name, role=tr(f"role.{user.role}")))
    if st.sidebar.button(tr("shell.logout"), key="shell_logout"):
        sign_out()
        if getattr(st.user, "is_logged_in", False):
            st.logout()
        st.rerun()
