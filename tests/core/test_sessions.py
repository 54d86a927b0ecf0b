"""Sign-in through the /session routes and the cookie session behind them."""

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


def test_login_form_is_vietnamese_by_default_and_english_on_request(client):
    page = client.get("/session/login").text
    assert "Tên đăng nhập" in page and "Mật khẩu" in page and 'lang="vi"' in page
    assert "Username" in client.get("/session/login?lang=en").text


def test_right_password_sets_an_httponly_cookie_that_resumes_the_session(client, db, users):
    response = client.post("/session/login", data={"username": "u_staff", "password": TEST_PASSWORD})
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(sessions.COOKIE_NAME + "=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    token = response.cookies[sessions.COOKIE_NAME]
    assert sessions.resume(db, token).username == "u_staff"
    assert token not in str(db.execute("select * from sessions").fetchall())  # only the hash is stored


@pytest.mark.parametrize("username,password", [("u_staff", "wrong"), ("ghost", "whatever"), ("", "")])
def test_wrong_credentials_get_the_form_again_with_a_message_and_no_cookie(client, db, username, password):
    response = client.post("/session/login", data={"username": username, "password": password})
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu." in response.text
    assert "set-cookie" not in response.headers
    assert db.execute("select count(*) from sessions").fetchone()[0] == 0


def test_message_is_escaped(client):
    response = client.post("/session/login", data={"username": "<script>x</script>", "password": "p"})
    assert "<script>x</script>" not in response.text and "&lt;script&gt;" in response.text


def test_logout_ends_the_session(client, db):
    token = client.post("/session/login", data={"username": "u_staff", "password": TEST_PASSWORD}).cookies[
        sessions.COOKIE_NAME
    ]
    client.cookies.set(sessions.COOKIE_NAME, token)
    response = client.get("/session/logout")
    assert response.status_code == 303
    assert sessions.resume(db, token) is None


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
    response = client.post("/session/login", params=query, data={"username": "u_staff", "password": TEST_PASSWORD})
    assert response.status_code == 303 and response.headers["location"] == landed


def test_the_other_language_link_keeps_where_to_go(client):
    page = client.get("/session/login", params={"next": "/inspection?id=7"}).text
    assert '<a href="?lang=en&amp;next=%2Finspection%3Fid%3D7">English</a>' in page
    english = client.get("/session/login", params={"lang": "en", "next": "/inspection?id=7"}).text
    assert '<a href="?lang=vi&amp;next=%2Finspection%3Fid%3D7">Tiếng Việt</a>' in english
