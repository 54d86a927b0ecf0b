"""What every page shares: the signed-in user, the language, the database, and a
uniform way to show refused actions. The Streamlit side of `core`; pages call it."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from html import escape
from typing import Any
from urllib.parse import urlencode, urlsplit

import streamlit as st
from streamlit.elements import vega_charts as _vega_charts

from core import auth, sessions
from core.bootstrap import ensure_ready
from core.errors import AppError, ValidationError
from core.i18n import chart_locale, t
from core.permissions import User, can
from core.settings import Settings, get_settings

USER_KEY = "shell_user_id"
TOKEN_KEY = "shell_session_token"  # the session token when the browser sent no cookie (page tests)
LANG_KEY = "shell_lang"
FLASH_KEY = "shell_flash"  # the outcome of a write, shown after the rerun that follows it
_ALTAIR_LOCK = getattr(_vega_charts, "_altair_globals_lock", None) or threading.Lock()


def db():
    """This script thread's database connection (migrated; demo built on first start)."""
    return ensure_ready()


@st.cache_data(max_entries=512, ttl=3600, show_spinner=False)
def _cached_call(_fn: Callable[..., Any], _database, name: str, where: str, version: int, day: str, args, kwargs):
    return _fn(_database, *args, **kwargs)


def cached(fn: Callable[..., Any], database, *args, **kwargs) -> Any:
    """`fn(database, *args, **kwargs)` for a pure read, kept between script runs until any
    committed write moves the data version (core.db.data_version: triggers on every table,
    so a write by any connection or process is seen) or the day changes. The arguments,
    the signed-in user among them, are part of the key, so one user's answer is never
    shown to another; results come back as copies, so a page cannot change what is kept."""
    from core.db import data_version
    from core.i18n import today_local

    where = database.execute("pragma database_list").fetchone()[2]  # the file: one cache per database
    return _cached_call(
        fn, database, f"{fn.__module__}.{fn.__qualname__}", where, data_version(database), today_local().isoformat(),
        args, kwargs,
    )  # fmt: skip


def app_settings() -> Settings:
    """The settings this page runs with, read at the edge and passed into plain functions."""
    return get_settings()


def current_lang() -> str:
    return st.session_state.get(LANG_KEY) or app_settings().lang


def tr(key: str, **params) -> str:
    return t(key, current_lang(), **params)


def _session_cookie() -> str | None:
    try:
        value = st.context.cookies.get(sessions.COOKIE_NAME)
    except Exception:  # no browser context (bare mode)
        return None
    return value if isinstance(value, str) else None


def current_user() -> User | None:
    """The signed-in user, checked against the server on every script run: the browser's
    session token (its cookie), else a single-sign-on identity mapped to a local account.
    A sign-out, a password reset or a disabled account elsewhere ends this tab at its
    next run; nothing kept in this websocket's state is trusted on its own."""
    token = _session_cookie() or st.session_state.get(TOKEN_KEY)
    user = sessions.resume(db(), token)
    if user is None and sso_configured() and getattr(st.user, "is_logged_in", False):
        try:
            user = auth.user_for_sso_email(db(), st.user.get("email", ""))
        except AppError as exc:
            show_error(exc)
    if user is None:
        sign_out()
        return None
    sign_in(user)
    return user


def require_user() -> User:
    """The signed-in user; stops the page when nobody is (the router shows the login).
    Also shows the outcome of a write made on the previous run (see `save`)."""
    user = current_user()
    if user is None:
        st.stop()
    show_flash()
    return user


def pick(label: str, labels: dict, key: str, default: Any = None, container=st) -> Any:
    """A selectbox over the keys of `labels` (shown by their labels), starting at `default`."""
    options = list(labels)
    index = options.index(default) if default in labels else 0
    return container.selectbox(label, options, index=index, format_func=labels.get, key=key)


def record_keys(prefix: str, record_id: Any) -> Callable[[str], str]:
    """Widget keys of an edit form for one record: `keys("status")` is
    "<prefix>_status_<record_id>". Switching to another record gives every widget a new
    key, so no widget keeps the previous record's value (Streamlit keeps state by key)."""
    return lambda name: f"{prefix}_{name}_{record_id}"


def sign_in(user: User) -> None:
    """Remember who this run's user is (shown, not trusted: every run re-checks the
    session); the user's language applies unless this tab already chose one."""
    st.session_state[USER_KEY] = user.id
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = user.lang or current_lang()


def sign_out() -> None:
    for key in (USER_KEY, TOKEN_KEY):
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


def save(
    fn: Callable[..., Any],
    *args,
    success: str | Callable[[Any], str] | None = None,
    rerun: bool = True,
    clear: tuple[str, ...] = (),
    **kwargs,
) -> Any:
    """Call a plain write function and tell the user what happened: `success` (default
    "Saved."; a function of the result for a message that counts what was done) in the UI
    language, or the refusal. With `rerun` the page runs again at
    once and the message is shown on that run (a message shown just before
    `st.rerun()` would be lost); the widgets keyed `clear` start empty again, so what was
    just saved cannot be saved twice by accident. Returns the function's result, or None
    when refused."""
    try:
        result = fn(*args, **kwargs)
    except AppError as exc:
        show_error(exc)
        return None
    message = (success(result) if callable(success) else success) or tr("common.saved")
    for key in clear:
        st.session_state.pop(key, None)
    if rerun:
        st.session_state[FLASH_KEY] = message
        st.rerun()
    st.success(message)
    return result


def show_flash() -> None:
    """The outcome of the write that made this run happen, once."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message)
        st.toast(message, icon=":material/check_circle:")  # seen too by someone scrolled down to the button


def allowed(action: str) -> bool:
    return can(current_user(), action)


def sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def _here() -> str:
    """The path and query the visitor asked for, so sign-in can bring them back to it
    (`/inspection?id=7` from a calendar event stays that, not `/inspection`)."""
    try:
        url = st.context.url
        query = st.query_params.to_dict()
    except Exception:  # no browser context (bare mode)
        return "/"
    parts = urlsplit(url if isinstance(url, str) else "/")
    query_text = urlencode(query) if query else parts.query
    return (parts.path or "/") + (f"?{query_text}" if query_text else "")


def refused_page(title: str) -> Callable[[], None]:
    """A page the signed-in user may not open: says so, in their language, instead of
    Streamlit's English "Page not found" and a silent jump to another page."""

    def view() -> None:
        show_flash()
        st.title(title)
        st.error(tr("shell.not_permitted", page=title))

    view.__name__ = "refused"
    return view


# Values, statuses, chips and buttons wrap onto a second line rather than end in "…" (a cut
# "120.000.000 …" or "Đang thực h…" reads as another number or another status).
_STYLE = """<style>
[data-testid="stMetricValue"], [data-testid="stMetricValue"] *,
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: anywhere;
}
[data-testid="stMetricValue"] { font-size: clamp(1.3rem, 2.4vw, 2.25rem); line-height: 1.25; }
.stButton button, .stDownloadButton button, .stFormSubmitButton button, .stLinkButton a,
[data-testid="stPopover"] button { height: auto; min-height: 2.5rem; max-width: 100%; }
.stButton button *, .stDownloadButton button *, .stFormSubmitButton button *, .stLinkButton a *,
[data-testid="stPopover"] button * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: anywhere;
}
[data-baseweb="tag"] { height: auto; max-width: 100%; }
[data-baseweb="tag"] span { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; }
[data-baseweb="select"] > div { flex-wrap: wrap; }
[data-testid="stCaptionContainer"], [data-testid="stMarkdownContainer"] p { overflow-wrap: anywhere; }
</style>"""


def _uploader_texts() -> str:
    """The file uploader's own English ("Upload", "10MB per file") in the UI language: its
    texts are drawn by Streamlit with no parameter to change them, so the style hides them
    and shows the catalogue's words in their place (the accepted types are in each label)."""

    def css_text(key: str, **params) -> str:
        return '"' + tr(key, **params).replace("\\", "\\\\").replace('"', '\\"') + '"'

    zone = '[data-testid="stFileUploaderDropzone"]'
    return (
        f"{zone} button {{ font-size: 0 !important; }}\n"
        f"{zone} button * {{ display: none !important; }}\n"
        f"{zone} button::after {{ content: {css_text('shell.widget.upload_button')}; font-size: 1rem; }}\n"
        f'{zone} [data-testid="stFileUploaderDropzoneInstructions"] * {{ font-size: 0 !important; }}\n'
        f'{zone} [data-testid="stFileUploaderDropzoneInstructions"]::after {{'
        f" content: {css_text('shell.widget.upload_limit', mb=UPLOAD_MAX_MB)}; font-size: .875rem; }}\n"
    )


def job_tabs(user: User | None, url_path: str) -> None:
    """The steps of the job the page belongs to, as a row of tabs above it (the menu holds
    one entry per job); nothing for a page that is a job of its own."""
    from core.nav import job_steps

    steps = job_steps(user.role, url_path) if user is not None else []
    if len(steps) < 2:
        return
    row = st.container(horizontal=True, key="shell_job_tabs", gap="small")
    for spec in steps:
        row.page_link(spec.path, label=tr(spec.title_key), icon=spec.icon, width="content")


def page_style() -> None:
    """The app's few style rules (values and buttons wrap) and, on a narrow screen, a closed sidebar."""
    from core.page_scripts import NARROW_SIDEBAR

    st.html(_STYLE.replace("</style>", _uploader_texts() + "</style>"))
    st.sidebar.html(f"<script>{NARROW_SIDEBAR}</script>", unsafe_allow_javascript=True)


def _go_to(page) -> Callable[[], None]:
    """The page behind the bare address "/": it hands over to the role's landing page,
    keeping the query, so the landing page answers at its own address too."""

    def start() -> None:
        st.switch_page(page, query_params=st.query_params.to_dict())

    start.__name__ = "start"
    return start


def app_pages(user: User | None) -> dict[str, list]:
    """The router's pages for `user`, by menu section. Every page's own address is
    registered whoever asks, so a bookmark, a link in an e-mail or sign-in's `next=` never
    meets Streamlit's English "Page not found" and a jump to "/": signed out each address
    shows the sign-in (keeping path and query); signed in without the right it says so.
    No page of the menu is Streamlit's default page (that one is served only at "/",
    its own address unknown): a hidden "start" page at "/" hands over to the landing page."""
    from core.nav import all_pages, default_page, menu_for, pages_for

    if user is None:
        login = [st.Page(login_view, title=tr("login.title"), url_path="login", default=True)]
        hidden = [
            st.Page(login_view, title=tr("login.title"), url_path=spec.url_path, visibility="hidden")
            for spec in all_pages()
        ]
        return {"": login + hidden}
    landing_spec = default_page(user.role)
    mine = pages_for(user.role)
    menu = {spec.url_path: job for spec, job in menu_for(user.role)}  # one entry per job
    sections: dict[str, list] = {}
    landing = None
    for spec in mine:
        entry = spec.url_path in menu
        title = tr(f"nav.job.{menu[spec.url_path]}") if entry and menu[spec.url_path] else tr(spec.title_key)
        page = st.Page(
            spec.path,
            title=title,
            icon=spec.icon,
            url_path=spec.url_path,
            visibility="visible" if entry else "hidden",  # a step of a job: a tab of its first page
        )
        landing = page if spec == landing_spec else landing
        sections.setdefault(tr(spec.section), []).append(page)
    hidden = [
        st.Page(refused_page(tr(s.title_key)), title=tr(s.title_key), url_path=s.url_path, visibility="hidden")
        for s in all_pages()
        if s not in mine
    ]
    hidden.append(
        st.Page(_go_to(landing), title=tr(landing_spec.title_key), url_path="start", default=True, visibility="hidden")
    )
    sections.setdefault(tr(landing_spec.section), []).extend(hidden)
    return sections


UPLOAD_MAX_MB = 10  # the app's limit for an uploaded file; .streamlit/config.toml's maxUploadSize matches
_WIDGETS = ("selectbox", "multiselect", "file_uploader", "dataframe", "data_editor")


def _with_ui_texts(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    def widget(self, *args, **kwargs):
        if name in ("selectbox", "multiselect"):
            kwargs.setdefault("placeholder", tr(f"shell.widget.{name}"))
        if name == "multiselect":
            kwargs.setdefault("select_all", False)  # "Select all" has no translation
        if name == "file_uploader":
            kwargs.setdefault("max_upload_size", UPLOAD_MAX_MB)
            kwargs.setdefault("help", tr("shell.widget.upload_help", mb=UPLOAD_MAX_MB))
        if name in ("dataframe", "data_editor"):
            kwargs.setdefault("placeholder", "—")  # an empty cell, not "None"
        return original(self, *args, **kwargs)

    widget.ui_texts_original = original  # marks the wrapper, so it is installed once
    widget.__doc__ = original.__doc__
    return widget


def use_ui_texts() -> None:
    """The one place Streamlit's own English texts are replaced by the UI language: the
    placeholders of select boxes ("Choose an option"), "Select all", empty table cells
    ("None"), the uploader's limit ("25MB per file") and its help. Applied once per process
    to every container (st.*, st.sidebar, columns, forms); a page may still pass its own."""
    from streamlit.delta_generator import DeltaGenerator

    for name in _WIDGETS:
        original = getattr(DeltaGenerator, name)
        if not hasattr(original, "ui_texts_original"):
            setattr(DeltaGenerator, name, _with_ui_texts(name, original))
        setattr(st, name, getattr(st._main, name))


def login_view() -> None:
    """Shown to a visitor with no session: the way to the sign-in form (a server
    route, so the session can live in an HttpOnly cookie) and single sign-on."""
    st.title(tr("app.title"))
    st.caption(tr("app.office"))
    st.write(tr("login.intro"))
    same_tab_link(
        st, tr("login.submit"), "/session/login?" + urlencode({"lang": current_lang(), "next": _here()}), primary=True
    )
    if sso_configured() and st.button(tr("login.sso"), key="login_sso"):
        st.login()


_LINK_STYLE = (
    "display:inline-block;padding:.45rem .9rem;border-radius:.5rem;text-decoration:none;font-weight:500;"
    "border:1px solid #b3261e;{colours}"
)


def _named_dataset(data, datasets: dict) -> dict:
    """Altair data transformer: the chart's table is kept aside under a name of its
    content, for Streamlit to send in Arrow (as `st.altair_chart` does)."""
    import pandas as pd

    frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
    digest = hashlib.sha1(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    name = "data-" + digest.hexdigest()
    datasets[name] = frame
    return {"name": name}


def chart_spec(chart, lang: str) -> dict:
    """The Vega-Lite spec of an Altair chart with the reader's number and month formats
    (axis labels read 1.500.000 and 12,5 in Vietnamese), as `st.altair_chart` would send
    it but without validating it against the Vega-Lite JSON schema on every run (tens of
    milliseconds; the charts are built by our code and their page tests render them)."""
    import altair as alt

    alt.data_transformers.register("cchc_named_dataset", _named_dataset)
    datasets: dict = {}
    chart = chart.configure(locale=chart_locale(lang))
    # Altair's theme and data transformer are process-wide: Streamlit sets them for its
    # own charts under this lock, so the same lock keeps the two from mixing.
    with _ALTAIR_LOCK, alt.theme.enable("none"), alt.data_transformers.enable("cchc_named_dataset", datasets=datasets):
        spec = chart.to_dict(validate=False)
    if datasets:
        spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return spec


def show_chart(container, chart, **kwargs) -> None:
    """An Altair chart in the reader's number and month formats (see `chart_spec`)."""
    container.vega_lite_chart(chart_spec(chart, current_lang()), **kwargs)


def same_tab_link(container, label: str, href: str, primary: bool = False) -> None:
    """A button-like link that opens in this tab (st.link_button always opens a new one)."""
    colours = "background:#b3261e;color:#fff;" if primary else "background:transparent;color:#b3261e;"
    style = _LINK_STYLE.format(colours=colours)
    container.html(f'<a href="{escape(href, quote=True)}" target="_self" style="{style}">{escape(label)}</a>')


def _switch_language() -> None:
    """The switch was used: speak the chosen language from now on, and keep it for the account."""
    lang = st.session_state.get("shell_lang_choice")
    if lang and lang != current_lang():
        st.session_state[LANG_KEY] = lang
        user = current_user()
        if user is not None:
            auth.set_language(db(), user, lang)


def language_switch() -> None:
    """The language in use, shown selected (the account's saved choice once signed in);
    choosing the other one switches and saves it. Call it after `current_user()`."""
    options = {"vi": "Tiếng Việt", "en": "English"}
    if st.session_state.get("shell_lang_choice") != current_lang():
        st.session_state["shell_lang_choice"] = current_lang()
    st.sidebar.segmented_control(
        tr("shell.language"),
        list(options),
        format_func=options.get,
        required=True,
        key="shell_lang_choice",
        on_change=_switch_language,
    )


def user_box(user: User) -> None:
    st.sidebar.caption(tr("shell.signed_in_as", name=user.display_name, role=tr(f"role.{user.role}")))
    if sso_configured() and getattr(st.user, "is_logged_in", False):
        if st.sidebar.button(tr("shell.logout"), key="shell_logout"):
            sign_out()
            st.logout()
    else:
        # A full page load of the sign-out route ends the cookie session and this websocket's.
        same_tab_link(st.sidebar, tr("shell.logout"), "/session/logout?lang=" + current_lang())
