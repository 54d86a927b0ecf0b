"""Sign-in through the /session routes and the cookie session behind them."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from core import auth, sessions
from core.server import routes
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def client(users):
    return TestClient(Starlette(routes=routes()), follow_redirects=False)


def form_token(client, path: str = "/session/login", **params) -> str:
    """Open a form as a browser would (which sets the pre-session cookie); its CSRF token."""
    page = client.get(path, params=params).text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def post_login(client, username: str, password: str, **params):
    token = form_token(client, **params)
    data = {"username": username, "password": password, "csrf_token": token}
    return client.post("/session/login", params=params, data=data)


def test_login_form_is_vietnamese_by_default_and_english_on_request(client):
    page = client.get("/session/login").text
    assert "Tên đăng nhập" in page and "Mật khẩu" in page and 'lang="vi"' in page
    assert "Username" in client.get("/session/login?lang=en").text


def test_right_password_sets_an_httponly_cookie_that_resumes_the_session(client, db, users):
    response = post_login(client, "u_staff", TEST_PASSWORD)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(sessions.COOKIE_NAME + "=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    token = response.cookies[sessions.COOKIE_NAME]
    assert sessions.resume(db, token).username == "u_staff"
    assert token not in str(db.execute("select * from sessions").fetchall())  # only the hash is stored


@pytest.mark.parametrize("username,password", [("u_staff", "wrong"), ("ghost", "whatever"), ("", "")])
def test_wrong_credentials_get_the_form_again_with_a_message_and_no_cookie(client, db, username, password):
    response = post_login(client, username, password)
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu." in response.text
    assert sessions.COOKIE_NAME not in response.cookies
    assert db.execute("select count(*) from sessions").fetchone()[0] == 0


def test_message_is_escaped(client):
    response = post_login(client, "<script>x</script>", "p")
    assert "<script>x</script>" not in response.text and "&lt;script&gt;" in response.text


def test_logout_is_a_post_from_the_sign_out_form_and_ends_the_session(client, db):
    token = post_login(client, "u_staff", TEST_PASSWORD).cookies[sessions.COOKIE_NAME]
    client.cookies.set(sessions.COOKIE_NAME, token)
    page = client.get("/session/logout")  # a GET only shows the button
    assert page.status_code == 200 and 'method="post" action="/session/logout"' in page.text
    assert "Đăng xuất" in page.text and sessions.resume(db, token) is not None
    csrf = form_token(client, "/session/logout")
    response = client.post("/session/logout", data={"csrf_token": csrf})
    assert response.status_code == 303
    assert sessions.resume(db, token) is None


def test_a_sign_out_without_the_form_token_ends_nothing(client, db):
    token = post_login(client, "u_staff", TEST_PASSWORD).cookies[sessions.COOKIE_NAME]
    client.cookies.set(sessions.COOKIE_NAME, token)
    response = client.post("/session/logout", data={})
    assert response.status_code == 403
    assert sessions.resume(db, token) is not None


def test_login_csrf_a_post_without_the_form_cookie_is_refused(client, db):
    """Another site's page posting the attacker's credentials: no pre-session cookie, no token."""
    response = client.post("/session/login", data={"username": "u_staff", "password": TEST_PASSWORD})
    assert response.status_code == 403
    assert "không được gửi từ trang này" in response.text
    assert sessions.COOKIE_NAME not in response.cookies
    assert db.execute("select count(*) from sessions").fetchone()[0] == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
        {"origin": "https://evil.example"},
        {"origin": "null"},
    ],
)
def test_login_csrf_a_cross_site_post_is_refused_even_with_a_token(client, db, headers):
    token = form_token(client)
    data = {"username": "u_staff", "password": TEST_PASSWORD, "csrf_token": token}
    response = client.post("/session/login", data=data, headers=headers)
    assert response.status_code == 403
    assert db.execute("select count(*) from sessions").fetchone()[0] == 0


def test_a_token_that_does_not_match_the_cookie_is_refused(client, db):
    form_token(client)
    data = {"username": "u_staff", "password": TEST_PASSWORD, "csrf_token": "x" * 43}
    assert client.post("/session/login", data=data).status_code == 403


def test_same_origin_headers_from_a_real_browser_are_accepted(client):
    token = form_token(client)
    data = {"username": "u_staff", "password": TEST_PASSWORD, "csrf_token": token}
    headers = {"sec-fetch-site": "same-origin", "origin": "http://testserver"}
    assert client.post("/session/login", data=data, headers=headers).status_code == 303


def test_the_session_cookie_is_secure_when_the_app_is_served_over_https(client, monkeypatch):
    monkeypatch.setenv("CCHC_BASE_URL", "https://cchc.example.gov.vn")
    response = post_login(client, "u_staff", TEST_PASSWORD)
    assert "secure" in response.headers["set-cookie"].lower()
    monkeypatch.setenv("CCHC_BASE_URL", "http://localhost:8501")
    assert "secure" not in post_login(client, "u_staff", TEST_PASSWORD).headers["set-cookie"].lower()


def test_session_expires_when_idle_and_slides_when_used(db, users):
    start = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    token = sessions.start(db, users["staff"], now=start)
    assert sessions.resume(db, token, now=start + timedelta(hours=11)) is not None  # slides to 11h + 12h
    assert sessions.resume(db, token, now=start + timedelta(hours=22)) is not None
    assert sessions.resume(db, token, now=start + timedelta(hours=35)) is None


@pytest.mark.parametrize("token", [None, "", "not-a-token", "x" * 500])
def test_garbage_tokens_resume_nothing(db, users, token):
    assert sessions.resume(db, token) is None


def test_disabling_or_resetting_password_ends_sessions(db, users):
    token = sessions.start(db, users["staff"])
    auth.reset_password(db, users["admin"], "u_staff", "Brand@new123")
    assert sessions.resume(db, token) is None
    token = sessions.start(db, users["leader"])
    auth.set_active(db, users["admin"], "u_leader", False)
    assert sessions.resume(db, token) is None


@pytest.mark.parametrize(
    "asked,landed",
    [
        ("/inspection?id=3", "/inspection?id=3"),
        (None, "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/x", "/"),
        ("javascript:alert(1)", "/"),
        ("/\\evil.example", "/"),
    ],
)
def test_sign_in_returns_to_the_page_asked_for_on_this_site_only(client, asked, landed):
    query = {"next": asked} if asked else {}
    form = client.get("/session/login", params=query).text
    assert 'action="/session/login?lang=vi&amp;next=' in form
    response = post_login(client, "u_staff", TEST_PASSWORD, **query)
    assert response.status_code == 303 and response.headers["location"] == landed


def test_the_other_language_link_keeps_where_to_go(client):
    page = client.get("/session/login", params={"next": "/inspection?id=7"}).text
    assert '<a href="?lang=en&amp;next=%2Finspection%3Fid%3D7">English</a>' in page
    english = client.get("/session/login", params={"lang": "en", "next": "/inspection?id=7"}).text
    assert '<a href="?lang=vi&amp;next=%2Finspection%3Fid%3D7">Tiếng Việt</a>' in english
