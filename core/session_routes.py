"""The sign-in and sign-out routes (served by `st.App` beside the UI).

Signing in happens on a small HTML form rather than inside the Streamlit page so
that the server can set an HttpOnly session cookie; the page then resumes the
session from that cookie on every load (core.sessions).

Both forms carry a CSRF token bound to a pre-session cookie (double submit), and a
POST another site sends (Sec-Fetch-Site: cross-site, or a foreign Origin) is refused:
another web page can neither sign the browser in as someone else nor sign it out.
Signing out is a POST; its GET shows the button."""

from __future__ import annotations

import secrets
from html import escape
from urllib.parse import parse_qs, urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from core import auth, sessions
from core.bootstrap import ensure_ready
from core.errors import AppError
from core.i18n import t
from core.settings import get_settings

MAX_FORM_BYTES = 4096
CSRF_COOKIE = "cchc_csrf"
CSRF_FIELD = "csrf_token"

_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: "Source Sans Pro", "Segoe UI", Arial, sans-serif; background: #f4f1ec; color: #1f1f1f;
       margin: 0; }}
main {{ max-width: 420px; margin: 8vh auto; background: #fff; padding: 2rem 2.2rem; border-radius: 10px;
       box-shadow: 0 2px 12px rgba(0,0,0,.08); }}
h1 {{ font-size: 1.35rem; margin: 0 0 .2rem; }} p.office {{ color: #666; margin: 0 0 1.4rem; }}
label {{ display: block; margin: .9rem 0 .3rem; font-weight: 600; }}
input {{ width: 100%; box-sizing: border-box; padding: .6rem; border: 1px solid #ccc; border-radius: 6px;
        font-size: 1rem; }}
button {{ margin-top: 1.3rem; width: 100%; padding: .7rem; background: #b3261e; color: #fff; border: 0;
         border-radius: 6px; font-size: 1rem; cursor: pointer; }}
.error {{ background: #fdecea; color: #8a1c14; padding: .7rem; border-radius: 6px; margin-bottom: .8rem; }}
.hint {{ color: #666; font-size: .85rem; margin-top: 1rem; }} nav {{ text-align: right; font-size: .9rem; }}
</style></head>
<body><main>
<nav><a href="?{other_query}">{other_label}</a></nav>
<h1>{title}</h1><p class="office">{office}</p>
{error}
{body}
</main></body></html>"""

_LOGIN_FORM = """<form method="post" action="/session/login?{query}">
<input type="hidden" name="csrf_token" value="{csrf}">
<label for="username">{username_label}</label>
<input id="username" name="username" autocomplete="username" value="{username}" required autofocus>
<label for="password">{password_label}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">{submit}</button>
</form>
{hint}"""

_LOGOUT_FORM = """<p>{confirm}</p>
<form method="post" action="/session/logout">
<input type="hidden" name="csrf_token" value="{csrf}">
<button type="submit">{submit}</button>
</form>
<p class="hint"><a href="/">{cancel}</a></p>"""


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang") or get_settings().lang
    return lang if lang in ("vi", "en") else "vi"


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a path on this site only (never another host)."""
    if not value:
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def _secure() -> bool:
    return get_settings().base_url.startswith("https://")


def _csrf_token(request: Request) -> str:
    """The browser's pre-session CSRF token, or a new one when it has none."""
    token = request.cookies.get(CSRF_COOKIE) or ""
    return token if 20 <= len(token) <= 100 and token.replace("-", "").replace("_", "").isalnum() else ""


def _with_csrf_cookie(response: Response, token: str) -> Response:
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/session", secure=_secure())
    return response


def same_site_post(request: Request, form: dict[str, list[str]]) -> bool:
    """True when a POST comes from this site's own form: not marked cross-site by the
    browser, no foreign Origin, and the form's token equals the pre-session cookie's."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is not None:
        own = {f"{request.url.scheme}://{request.url.netloc}", get_settings().base_url}
        if origin not in own:
            return False
    cookie = _csrf_token(request)
    sent = (form.get(CSRF_FIELD) or [""])[0]
    return bool(cookie) and secrets.compare_digest(cookie.encode(), sent.encode())


def _render(
    lang: str, body: str, csrf: str, error: str = "", status_code: int = 200, next_path: str = "/"
) -> HTMLResponse:
    """The sign-in/sign-out page around `body`, with the CSRF cookie its form's token belongs to."""
    other = "en" if lang == "vi" else "vi"
    html = _PAGE.format(
        lang=lang,
        other_query=escape(urlencode({"lang": other, "next": next_path})),  # the other language keeps `next`
        other_label="English" if other == "en" else "Tiếng Việt",
        title=escape(t("app.title", lang)),
        office=escape(t("app.office", lang)),
        error=f'<div class="error" role="alert">{escape(error)}</div>' if error else "",
        body=body,
    )
    response = HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})
    return _with_csrf_cookie(response, csrf)


def render_login(
    lang: str,
    error: str = "",
    username: str = "",
    status_code: int = 200,
    next_path: str = "/",
    csrf: str = "",
) -> HTMLResponse:
    csrf = csrf or secrets.token_urlsafe(32)
    body = _LOGIN_FORM.format(
        query=escape(urlencode({"lang": lang, "next": next_path})),
        csrf=escape(csrf),
        username_label=escape(t("login.username", lang)),
        password_label=escape(t("login.password", lang)),
        submit=escape(t("login.submit", lang)),
        username=escape(username),
        hint=f'<p class="hint">{escape(t("login.demo_hint", lang))}</p>' if get_settings().demo else "",
    )
    return _render(lang, body, csrf, error, status_code, next_path)


def render_logout(lang: str, csrf: str = "", status_code: int = 200, error: str = "") -> HTMLResponse:
    csrf = csrf or secrets.token_urlsafe(32)
    body = _LOGOUT_FORM.format(
        confirm=escape(t("logout.confirm", lang)),
        csrf=escape(csrf),
        submit=escape(t("logout.submit", lang)),
        cancel=escape(t("logout.cancel", lang)),
    )
    return _render(lang, body, csrf, error, status_code)


async def _form(request: Request) -> dict[str, list[str]] | None:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return None
    return parse_qs(body.decode("utf-8", errors="replace"))


def _client(request: Request) -> str:
    """The peer address the sign-in throttle counts by (the proxy's own, behind one)."""
    return request.client.host if request.client else ""


async def login(request: Request) -> Response:
    lang = _lang(request)
    next_path = safe_next(request.query_params.get("next"))
    csrf = _csrf_token(request)
    if request.method == "GET":
        return render_login(lang, next_path=next_path, csrf=csrf)
    form = await _form(request)
    if form is None:
        return render_login(lang, t("error.login_failed", lang), status_code=400, next_path=next_path, csrf=csrf)
    username = (form.get("username") or [""])[0]
    if not same_site_post(request, form):
        return render_login(lang, t("login.csrf_failed", lang), username=username, status_code=403, next_path=next_path)
    password = (form.get("password") or [""])[0]
    db = ensure_ready()
    try:
        user = auth.login(db, username, password, client=_client(request))
    except AppError as exc:
        return render_login(lang, exc.message(lang), username=username, status_code=401, next_path=next_path, csrf=csrf)
    token = sessions.start(db, user)
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(sessions.COOKIE_NAME, token, httponly=True, samesite="lax", path="/", secure=_secure())
    return response


async def logout(request: Request) -> Response:
    """GET shows the sign-out button; its POST (same site, with the token) ends the session."""
    lang = _lang(request)
    csrf = _csrf_token(request)
    if request.method == "GET":
        return render_logout(lang, csrf)
    form = await _form(request)
    if form is None or not same_site_post(request, form):
        return render_logout(lang, status_code=403, error=t("login.csrf_failed", lang))
    sessions.end(ensure_ready(), request.cookies.get(sessions.COOKIE_NAME))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(sessions.COOKIE_NAME, path="/")
    return response


ROUTES = [
    Route("/session/login", login, methods=["GET", "POST"]),
    Route("/session/logout", logout, methods=["GET", "POST"]),
]
