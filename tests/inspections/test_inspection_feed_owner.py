"""Probe (issue 23): a calendar URL whose owner has been disabled, or has lost the rights
its scope needs, answers exactly like a wrong token, writes nothing (no "last used"
stamp), and the owner's other ways in stay closed while disabled."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from core import auth
from core.db import data_version
from inspections import feed_tokens, schedule
from inspections.routes import ROUTES
from tests.inspections.conftest import make_inspection, unit_ids  # noqa: F401  (fixtures)


@pytest.fixture
def client(db):
    with TestClient(Starlette(routes=ROUTES)) as c:
        yield c


@pytest.fixture
def upcoming(db, users, make_inspection):  # noqa: F811
    day = schedule.next_free_slot(db, [users["inspector"].id], after=date.today() + timedelta(days=3))
    return make_inspection(day=day)


def _wrong(secret: str) -> str:
    return secret[:-1] + ("A" if secret[-1] != "A" else "B")


@pytest.mark.parametrize("change", ["disabled", "demoted"])
def test_a_feed_whose_owner_is_disabled_or_demoted_answers_like_a_wrong_token_and_writes_nothing(
    client, db, users, upcoming, change
):
    owner = users["staff"]
    row, secret = feed_tokens.create_token(db, owner, "lịch cơ quan", scope="all")
    assert client.get(f"/calendar/{secret}.ics").status_code == 200
    used = db.execute("select last_used_at from calendar_tokens where id = ?", [row["id"]]).fetchone()[0]
    if change == "disabled":
        auth.set_active(db, users["admin"], owner.username, False)
    else:  # an office-wide feed needs staff or admin rights
        auth.set_role(db, users["admin"], owner.username, "inspector")
    before = data_version(db)
    closed, wrong = client.get(f"/calendar/{secret}.ics"), client.get(f"/calendar/{_wrong(secret)}.ics")
    assert (closed.status_code, closed.content, dict(closed.headers)) == (404, wrong.content, dict(wrong.headers))
    assert data_version(db) == before
    assert db.execute("select last_used_at from calendar_tokens where id = ?", [row["id"]]).fetchone()[0] == used
    assert feed_tokens.resolve(db, secret) is None
    if change == "disabled":
        with pytest.raises(auth.AuthError):
            auth.login(db, owner.username, "Test@12345")
