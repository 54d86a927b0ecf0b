"""Every HTTP route of every installed slice, asked by every kind of caller: signed out,
signed in as each role, and with a wrong token (a forged session cookie, a made-up
calendar token, a form token that is not the browser's). Each answer is the expected
status and nothing else changes. A route added without a row here fails the first test."""

from __future__ import annotations

import re
import secrets

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from core import sessions
from core.permissions import ROLES, SYSTEM
from core.server import middleware, routes
from exports import services_publication
from inspections import feed_tokens
from services import publishing
from tests.conftest import TEST_PASSWORD

ACTORS = ("signed_out", *ROLES, "wrong_token")
MONTH = "2026-10"

# Every (method, path) the slices serve; the tests below call each of them as every actor.
COVERED = {
    ("GET", "/healthz"),
    ("GET", "/session/login"),
    ("POST", "/session/login"),
    ("GET", "/session/logout"),
    ("POST", "/session/logout"),
    ("GET", "/calendar/{token}.ics"),
    ("GET", "/public/services/{month}.html"),
}


def test_every_route_of_every_slice_is_in_this_matrix():
    served = {(method, route.path) for route in routes() for method in route.methods if method != "HEAD"}
    assert served == COVERED


@pytest.fixture
def client_for(db, users):
    """A browser for `actor`: with the session cookie of that role, a forged one, or none."""
    app = Starlette(routes=routes(), middleware=middleware())

    def make(actor: str) -> tuple[TestClient, str | None]:
        client = TestClient(app, follow_redirects=False)
        token = None
        if actor in ROLES:
            token = sessions.start(db, users[actor])
        elif actor == "wrong_token":
            token = secrets.token_urlsafe(32)
        if token:
            client.cookies.set(sessions.COOKIE_NAME, token)
        return client, token

    return make


def _form_token(client: TestClient, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def _sessions(db) -> int:
    return db.execute("select count(*) from sessions").fetchone()[0]


@pytest.mark.parametrize("actor", ACTORS)
def test_health_and_the_forms_answer_everyone(client_for, actor):
    client, _token = client_for(actor)
    assert client.get("/healthz").status_code == 200
    assert client.get("/session/login").status_code == 200
    assert client.get("/session/logout").status_code == 200


@pytest.mark.parametrize("actor", ACTORS)
def test_sign_in_needs_the_right_password_and_this_sites_form(client_for, db, users, actor):
    client, _token = client_for(actor)
    username = users[actor].username if actor in ROLES else "u_staff"
    password = TEST_PASSWORD if actor in ROLES else "Wrong@12345"
    before = _sessions(db)

    # another site's POST (no form cookie of ours), even with the right password
    foreign = TestClient(client.app, follow_redirects=False)
    sent = {"username": username, "password": TEST_PASSWORD, "csrf_token": secrets.token_urlsafe(32)}
    assert foreign.post("/session/login", data=sent, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert foreign.post("/session/login", data=sent).status_code == 403  # token not the browser's
    assert _sessions(db) == before

    csrf = _form_token(client, "/session/login")
    response = client.post("/session/login", data={"username": username, "password": password, "csrf_token": csrf})
    if actor in ROLES:
        assert response.status_code == 303 and response.cookies.get(sessions.COOKIE_NAME)
        assert _sessions(db) == before + 1
    else:
        assert response.status_code == 401 and sessions.COOKIE_NAME not in response.cookies
        assert _sessions(db) == before


@pytest.mark.parametrize("actor", ACTORS)
def test_sign_out_is_a_post_of_this_sites_form(client_for, db, actor):
    client, token = client_for(actor)
    live = sessions.resume(db, token) if token else None
    assert (live is not None) == (actor in ROLES)

    response = client.post("/session/logout", data={"csrf_token": secrets.token_urlsafe(32)})
    assert response.status_code == 403  # a token that is not the browser's form token
    assert (sessions.resume(db, token) is not None if token else False) == (actor in ROLES)

    csrf = _form_token(client, "/session/logout")
    response = client.post("/session/logout", data={"csrf_token": csrf})
    assert response.status_code == 303
    assert token is None or sessions.resume(db, token) is None


@pytest.mark.parametrize("actor", ACTORS)
def test_a_calendar_answers_its_own_token_only(client_for, db, users, actor):
    client, _session = client_for(actor)
    # the session cookie grants nothing here: a made-up, well-formed token is 404 for everyone
    made_up = f"/calendar/{secrets.token_urlsafe(32)}.ics"
    assert client.get(made_up).status_code == 404
    assert client.get("/calendar/..%2F..%2Fetc%2Fpasswd.ics").status_code == 404
    if actor in ROLES:
        _row, secret = feed_tokens.create_token(db, users[actor], "điện thoại")
        response = client.get(f"/calendar/{secret}.ics")
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
        assert "private" in response.headers["cache-control"]
        # the same URL works without any session: the token is the credential, so revoking ends it
        feed_tokens.revoke_token(db, users[actor], _row["id"])
        assert TestClient(client.app).get(f"/calendar/{secret}.ics").status_code == 404


@pytest.fixture
def issued_month(demo_db, users, settings):
    services_publication.issue(demo_db, users["staff"], MONTH, confirm_late=True, settings=settings)
    return MONTH


def test_the_public_page_is_404_for_everyone_until_turned_on_then_200_for_everyone(
    client_for, demo_db, users, issued_month
):
    clients = [client_for(actor)[0] for actor in ACTORS]
    for client in clients:
        assert client.get(f"/public/services/{issued_month}.html").status_code == 404
    publishing.set_public_page(demo_db, SYSTEM, True)
    for client in clients:
        assert client.get(f"/public/services/{issued_month}.html").status_code == 200
        assert client.get("/public/services/2019-01.html").status_code == 404  # not issued
        assert client.get("/public/services/..%2Fcchc.db.html").status_code == 404
