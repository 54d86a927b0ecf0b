"""Security headers on every response of the real app (st.App in process): the health
check, the sign-in route, a calendar feed and Streamlit's own page."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from core.server import content_security_policy, security_headers

ROOT = Path(__file__).resolve().parents[2]


# The real st.App, served in a child process (Streamlit's runtime is one per process, and
# AppTest in this process must not meet it): sign-in form, health, a live calendar feed,
# a refused one, the sign-out form and Streamlit's page, each response's status and headers.
_SERVE = """
import json, sys
from starlette.testclient import TestClient
from core import auth
from core.db import get_db
from core.permissions import SYSTEM
from inspections import feed_tokens
user = auth.create_user(get_db(), SYSTEM, username="kt", password="Test@12345", role="inspector")
_row, secret = feed_tokens.create_token(get_db(), user, "phone")
from streamlit_app import app
paths = ["/", "/healthz", "/session/login", "/session/logout", f"/calendar/{secret}.ics", "/calendar/nope.ics"]
out = {}
with TestClient(app, follow_redirects=False) as client:
    for path in paths:
        r = client.get(path)
        key = "/calendar/<token>.ics" if secret in path else path
        out[key] = {"status": r.status_code, "headers": dict(r.headers), "text": r.text[:20000]}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> dict:
    env = {**os.environ, "CCHC_DATA_DIR": str(tmp_path_factory.mktemp("headers")), "CCHC_DEMO": "0"}
    result = subprocess.run(
        [sys.executable, "-c", _SERVE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_route_and_the_page_carry_the_security_headers(served):
    assert set(served) == {"/", "/healthz", "/session/login", "/session/logout", "/calendar/<token>.ics"} | {
        "/calendar/nope.ics"
    }
    for path, response in served.items():
        headers = response["headers"]
        assert response["status"] < 500, path
        assert headers["x-frame-options"] == "DENY", path
        assert headers["referrer-policy"] == "same-origin", path
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["content-security-policy"] == content_security_policy(), path
    assert served["/calendar/<token>.ics"]["status"] == 200
    assert served["/calendar/<token>.ics"]["headers"]["content-type"].startswith("text/calendar")
    assert "<title>Streamlit</title>" in served["/"]["text"]  # Streamlit's page itself, not a route of ours


def test_the_policy_forbids_framing_plugins_eval_and_foreign_scripts():
    policy = dict(item.split(" ", 1) for item in content_security_policy().split("; "))
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert policy["script-src"].startswith("'self'")
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert "http" not in policy["script-src"] and policy["connect-src"] == "'self'"
    assert policy["form-action"] == "'self'"


def test_streamlit_inline_script_is_allowed_by_its_hash(served):
    """Each inline script of the page Streamlit serves must match a hash in script-src, or
    the page would break after a Streamlit upgrade; the hashes are computed from its file."""
    inline = re.findall(r"<script>(.*?)</script>", served["/"]["text"], flags=re.DOTALL)
    assert inline
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in content_security_policy()


def test_a_route_that_sets_its_own_header_keeps_it():
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from core.server import SecurityHeaders

    def own(request):
        return PlainTextResponse("x", headers={"Referrer-Policy": "no-referrer"})

    app = Starlette(routes=[Route("/own", own)], middleware=[Middleware(SecurityHeaders)])
    response = TestClient(app).get("/own")
    assert response.headers.get_list("referrer-policy") == ["no-referrer"]
    assert response.headers["x-frame-options"] == security_headers()["X-Frame-Options"]
