"""Fixtures of the media tests: a database with a 2021 plan whose themes carry rules."""

from __future__ import annotations

import pytest

from core.permissions import SYSTEM
from plans import plans
from plans.themes import add_theme


@pytest.fixture
def themed_db(db):
    """The empty database plus the 2021 annual plan with three themes and their rules."""
    plan = plans.create_plan(db, SYSTEM, year=2021, number="105/KH-UBND", title="Kế hoạch 2021", status="in_force")
    add_theme(
        db,
        SYSTEM,
        plan["id"],
        code="ND3",
        title="Thủ tục hành chính",
        keywords=["thủ tục hành chính", "một cửa", "-xổ số"],
    )
    add_theme(
        db,
        SYSTEM,
        plan["id"],
        code="ND5",
        title="Chính quyền số",
        keywords=['"dịch vụ công trực tuyến"', "chính quyền số", "+Hà Nội"],
    )
    add_theme(db, SYSTEM, plan["id"], code="ND6", title="Chỉ số", keywords=["PAPI", "SIPAS", "báo"])
    return db


@pytest.fixture
def feed_dir(tmp_path):
    folder = tmp_path / "feeds"
    folder.mkdir()
    return folder


@pytest.fixture
def feed_server():
    from tests.media.media_server import FeedServer

    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def fetching(monkeypatch, db, users, feed_server):
    """Network fetching switched on, the local feed server (127.0.0.1 on its port) on the allow-list."""
    from media import sources

    monkeypatch.setenv("CCHC_FETCH_ENABLED", "1")
    sources.allow_host(db, users["admin"], feed_server.base.removeprefix("http://"))
    return db
