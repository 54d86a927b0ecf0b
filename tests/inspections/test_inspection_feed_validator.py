"""The calendar feed's stored validator: a 304 is answered from the stored feed version
without building the feed; every write a feed shows changes the ETag (never a stale 304),
writes no feed shows do not; the Hà Nội day is part of it; If-Modified-Since is honoured
only for a settled state."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from core import auth, periods, units
from core.permissions import SYSTEM
from inspections import feed_tokens, followup, ics_feed, schedule, store, workdays
from inspections.routes import ROUTES

BASE_URL = "http://localhost:8501"


@pytest.fixture
def client(db):
    with TestClient(Starlette(routes=ROUTES)) as c:
        yield c


@pytest.fixture
def upcoming(db, users, make_inspection):
    day = schedule.next_free_slot(db, [users["inspector"].id], after=date.today() + timedelta(days=3))
    return make_inspection(day=day)


@pytest.fixture
def feed_url(db, users, upcoming):
    _row, secret = feed_tokens.create_token(db, users["inspector"], "điện thoại")
    return f"/calendar/{secret}.ics"


@pytest.fixture
def builds(monkeypatch):
    """Counts feed builds; `builds.refuse = True` makes any build (or its row query) fail."""

    class Builds:
        count = 0
        refuse = False

    real_feed, real_rows = ics_feed.token_feed, store.feed_inspections

    def token_feed(*args, **kwargs):
        if Builds.refuse:
            raise AssertionError("the feed was built")
        Builds.count += 1
        return real_feed(*args, **kwargs)

    def feed_inspections(*args, **kwargs):
        if Builds.refuse:
            raise AssertionError("the feed's rows were read")
        return real_rows(*args, **kwargs)

    monkeypatch.setattr(ics_feed, "token_feed", token_feed)
    monkeypatch.setattr(store, "feed_inspections", feed_inspections)
    return Builds


def _version(db) -> int:
    return db.execute("select version from calendar_feed_state").fetchone()[0]


# --- answering from the stored validator ---------------------------------------------


def test_304_without_building_and_200_after_a_change_builds(client, db, users, upcoming, feed_url, builds):
    first = client.get(feed_url)
    assert first.status_code == 200 and builds.count == 1
    builds.refuse = True
    again = client.get(feed_url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.headers["etag"] == first.headers["etag"]
    assert client.get(feed_url).content == first.content  # the memoised body, not rebuilt
    builds.refuse = False
    schedule.set_status(db, users["staff"], upcoming["id"], "confirmed")
    changed = client.get(feed_url, headers={"If-None-Match": first.headers["etag"]})
    assert changed.status_code == 200 and builds.count == 2
    assert changed.headers["etag"] != first.headers["etag"] and b"STATUS:CONFIRMED" in changed.content


def test_same_content_same_etag_even_rebuilt(client, db, upcoming, feed_url):
    first = client.get(feed_url)
    ics_feed._cache.clear()
    second = client.get(feed_url)
    assert second.headers["etag"] == first.headers["etag"] and second.content == first.content


def test_revoked_token_is_404_even_with_a_matching_etag(client, db, users, upcoming):
    row, secret = feed_tokens.create_token(db, users["inspector"], "điện thoại")
    tag = client.get(f"/calendar/{secret}.ics").headers["etag"]
    feed_tokens.revoke_token(db, users["inspector"], row["id"])
    for headers in ({"If-None-Match": tag}, {"If-None-Match": "*"}, {}):
        response = client.get(f"/calendar/{secret}.ics", headers=headers)
        assert response.status_code == 404 and "etag" not in response.headers


def test_wrong_token_is_404_with_any_validator(client, db, upcoming, feed_url):
    tag = client.get(feed_url).headers["etag"]
    wrong = feed_url[:-5] + ("A" if feed_url[-5] != "A" else "B") + ".ics"
    assert client.get(wrong, headers={"If-None-Match": tag}).status_code == 404


# --- every write a feed shows changes the validator -------------------------------------


def _second_inspection(db, users, unit_ids, upcoming):
    day = schedule.next_free_slot(db, [users["inspector"].id], after=date.today() + timedelta(days=20))
    draft = schedule.Draft(
        unit_id=unit_ids["SYT"], day=day, start=time(8), end=time(11), team=((users["inspector"].id, "head"),)
    )
    schedule.create_inspection(db, users["staff"], draft)


def _edit(db, users, unit_ids, upcoming, **changes):
    draft = schedule.draft_of(schedule.get_inspection(db, upcoming["id"]))
    schedule.update_inspection(db, users["staff"], upcoming["id"], schedule.Draft(**{**draft.__dict__, **changes}))


def _recommend(db, users, unit_ids, upcoming):
    schedule.set_conclusion(db, users["staff"], upcoming["id"], periods.local(upcoming["starts_at"]).date())
    followup.add_recommendation(db, users["staff"], upcoming["id"], text="Niêm yết TTHC")


WRITES = {
    "create": _second_inspection,
    "edit place": lambda db, users, unit_ids, row: _edit(db, users, unit_ids, row, place="Hội trường tầng 2"),
    "reschedule": lambda db, users, unit_ids, row: _edit(db, users, unit_ids, row, start=time(13), end=time(16)),
    "cancel": lambda db, users, unit_ids, row: schedule.set_status(db, users["staff"], row["id"], "cancelled"),
    "team": lambda db, users, unit_ids, row: _edit(
        db, users, unit_ids, row, team=((users["inspector"].id, "head"), (users["staff"].id, "member"))
    ),
    "checklist": lambda db, users, unit_ids, row: schedule.set_checklist(
        db, users["staff"], row["id"], [("A", "Công tác chỉ đạo")]
    ),
    "recommendation": _recommend,
    "unit rename": lambda db, users, unit_ids, row: units.update_unit(db, SYSTEM, "STP", name="Sở Tư pháp Hà Nội"),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_every_feed_write_changes_the_etag(client, db, users, unit_ids, upcoming, feed_url, write):
    first = client.get(feed_url)
    WRITES[write](db, users, unit_ids, upcoming)
    after = client.get(feed_url, headers={"If-None-Match": first.headers["etag"]})
    assert after.status_code == 200 and after.headers["etag"] != first.headers["etag"]


def test_person_renamed_changes_the_etag(client, db, users, upcoming, feed_url):
    first = client.get(feed_url)
    db.execute("update users set full_name = 'Nguyễn Văn A' where id = ?", [users["inspector"].id])
    after = client.get(feed_url, headers={"If-None-Match": first.headers["etag"]})
    assert after.status_code == 200 and b"Nguy\xe1\xbb\x85n V\xc4\x83n A" in after.content


@pytest.mark.parametrize("source", store.FEED_SOURCES, ids=lambda s: f"{s[0]}-{s[1]}")
def test_each_trigger_bumps_the_version(db, users, upcoming, source):
    """Each watched table and kind of write, by raw SQL (as any write path would do it)."""
    table, event, columns = source
    row = store.inspection_row(db, upcoming["id"])
    unit = units.add_unit(db, SYSTEM, code="TMP", name="Đơn vị tạm", kind="commune")
    spare = auth.create_user(db, SYSTEM, username="u_spare", password="Test@12345", role="inspector")
    token, _secret = feed_tokens.create_token(db, spare, "tạm")
    target = {
        "inspections": ("id", row["id"]),
        "inspection_team": ("inspection_id", row["id"]),
        "inspection_items": ("inspection_id", row["id"]),
        "recommendations": ("inspection_id", row["id"]),
        "units": ("id", unit["id"]),
        "users": ("id", spare.id),
        "calendar_tokens": ("id", token["id"]),
    }[table]
    if table == "recommendations":
        schedule.set_conclusion(db, users["staff"], row["id"], periods.local(row["starts_at"]).date())
        followup.add_recommendation(db, users["staff"], row["id"], text="Niêm yết TTHC")
    before = _version(db)
    db.conn.execute("pragma foreign_keys = off")
    try:
        if event == "insert":
            copy = db.execute(f"select * from {table} where {target[0]} = ? limit 1", [target[1]]).fetchone()  # noqa: S608
            cols = [d[0] for d in db.execute(f"select * from {table} limit 0").description]  # noqa: S608
            values = dict(zip(cols, copy, strict=True))
            values.pop("id", None)
            if table == "inspections":
                values["uid"] = "copy"
            if table == "inspection_team":
                values["user_id"] = spare.id
            db.table(table).insert(values)
        elif event == "update":
            column = (
                columns[0]
                if columns
                else {"inspection_team": "role"}.get(table, "created_at" if table != "inspection_items" else "title")
            )
            db.execute(
                f"update {table} set {column} = 'x' || coalesce({column}, '') where {target[0]} = ?",  # noqa: S608
                [target[1]],
            )
        else:
            db.execute(f"delete from {table} where {target[0]} = ?", [target[1]])  # noqa: S608
    finally:
        db.conn.execute("pragma foreign_keys = on")
    assert _version(db) != before


# --- writes no feed shows leave it alone --------------------------------------------------


def _media_article(db, users):
    from media import review

    review.add_manual(db, users["admin"], title="Hà Nội đẩy mạnh CCHC", published="2026-03-01", outlet="VTV")


UNRELATED = {
    "media article": _media_article,
    "holiday override": lambda db, users: workdays.set_override(db, users["admin"], "2026-04-29", "day_off", "Nghỉ bù"),
    "token touched": lambda db, users: db.execute(
        "update calendar_tokens set last_used_at = '2000-01-01T00:00:00+00:00'"
    ),
    "new token": lambda db, users: feed_tokens.create_token(db, users["staff"], "Outlook"),
    "sign-in": lambda db, users: auth.login(db, "u_inspector", "Test@12345"),
    "role change": lambda db, users: auth.set_role(db, users["admin"], "u_leader", "staff"),
    "new unit": lambda db, users: units.add_unit(db, SYSTEM, code="XYZ", name="Xã Yên Z", kind="commune"),
    "unit saved unchanged": lambda db, users: units.update_unit(db, SYSTEM, "STP", name="Sở Tư pháp"),
}


@pytest.mark.parametrize("write", list(UNRELATED))
def test_unrelated_writes_keep_the_etag(client, db, users, upcoming, feed_url, builds, write):
    first = client.get(feed_url)
    UNRELATED[write](db, users)
    builds.refuse = True
    again = client.get(feed_url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_a_finding_is_not_in_the_feed_and_keeps_the_version(db, users, upcoming):
    before = _version(db)
    db.table("findings").insert({"inspection_id": upcoming["id"], "kind": "strength", "text": "Tốt"})
    assert _version(db) == before


# --- the day, the address, the token's choices ------------------------------------------


def _live_token(db, users):
    _row, secret = feed_tokens.create_token(db, users["inspector"], "điện thoại")
    return feed_tokens.resolve(db, secret, touch=False)


def test_hanoi_midnight_changes_the_etag(db, users, upcoming):
    token = _live_token(db, users)
    evening = datetime(2026, 3, 10, 16, 59, tzinfo=UTC)  # 23:59 in Hà Nội
    check = ics_feed.validator(db, token, base_url=BASE_URL, now=evening)
    assert ics_feed.validator(db, token, base_url=BASE_URL, now=evening - timedelta(hours=15)).etag == check.etag
    assert ics_feed.validator(db, token, base_url=BASE_URL, now=evening + timedelta(minutes=2)).etag != check.etag


def test_cancelled_event_drops_on_a_day_boundary_only(db, users, make_inspection):
    row = make_inspection(day=date(2026, 3, 10))
    db.execute(
        "update inspections set status = 'cancelled', cancelled_at = ? where id = ?",
        ["2026-03-10T03:00:00+00:00", row["id"]],
    )
    token = {"scope": "mine", "user_id": users["inspector"].id, "full_name": "", "username": "u", "alarms": 0}
    last_day = datetime(2026, 4, 9, 16, 58, tzinfo=UTC)  # 23:58 in Hà Nội, 30 days later
    early, _ = ics_feed.token_feed(db, token, base_url=BASE_URL, now=last_day - timedelta(hours=16))
    late, _ = ics_feed.token_feed(db, token, base_url=BASE_URL, now=last_day)
    assert early == late and row["uid"].encode() in late
    gone, _ = ics_feed.token_feed(db, token, base_url=BASE_URL, now=last_day + timedelta(minutes=3))
    assert row["uid"].encode() not in gone


def test_address_and_alarms_are_part_of_the_etag(db, users, upcoming):
    token = _live_token(db, users)
    now = datetime.now(UTC)
    check = ics_feed.validator(db, token, base_url=BASE_URL, now=now)
    assert ics_feed.validator(db, token, base_url="https://cchc.example.vn", now=now).etag != check.etag
    assert ics_feed.validator(db, {**token, "alarms": 1}, base_url=BASE_URL, now=now).etag != check.etag


def test_a_missing_trigger_falls_back_to_the_body(client, db, users, upcoming, feed_url):
    db.execute(f"drop trigger {store.FEED_TRIGGERS[0]}")
    assert store.feed_state(db) is None
    first = client.get(feed_url)
    assert first.status_code == 200 and first.headers["etag"] == ics_feed.etag(first.content)
    assert client.get(feed_url, headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    schedule.set_status(db, users["staff"], upcoming["id"], "confirmed")
    assert client.get(feed_url, headers={"If-None-Match": first.headers["etag"]}).status_code == 200


# --- If-Modified-Since ----------------------------------------------------------------------


@pytest.fixture
def settled(db, monkeypatch):
    """The feed's data last changed an hour ago and the process is older than that."""
    monkeypatch.setattr(ics_feed, "_STARTED", datetime(2000, 1, 1, tzinfo=UTC))
    monkeypatch.setattr(ics_feed, "SETTLE", timedelta(0))

    def settle():
        db.execute("update calendar_feed_state set changed_at = changed_at - 3600")

    return settle


def test_if_modified_since_only_for_a_settled_state(client, db, users, upcoming, feed_url, settled, monkeypatch):
    settled()
    first = client.get(feed_url)
    modified = first.headers["last-modified"]
    assert client.get(feed_url, headers={"If-Modified-Since": modified}).status_code == 304
    older = ics_feed.http_date(
        datetime.strptime(modified, "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=UTC) - timedelta(seconds=1)
    )
    assert client.get(feed_url, headers={"If-Modified-Since": older}).status_code == 200
    assert client.get(feed_url, headers={"If-Modified-Since": "garbage"}).status_code == 200
    both = {"If-Modified-Since": modified, "If-None-Match": '"other"'}  # If-None-Match wins
    assert client.get(feed_url, headers=both).status_code == 200
    # a real settling window again: however slow the machine, the change below is younger
    monkeypatch.setattr(ics_feed, "SETTLE", timedelta(minutes=5))
    schedule.set_status(db, users["staff"], upcoming["id"], "confirmed")
    after = client.get(feed_url, headers={"If-Modified-Since": modified})
    assert after.status_code == 200 and "last-modified" not in after.headers  # too fresh to be dated


def test_last_modified_not_claimed_for_a_fresh_change(db, users, upcoming):
    token = _live_token(db, users)
    now = datetime.now(UTC)
    assert ics_feed.validator(db, token, base_url=BASE_URL, now=now).last_modified is None
    later = ics_feed.validator(db, token, base_url=BASE_URL, now=now + timedelta(days=1, minutes=5))
    assert later.last_modified is not None and later.last_modified <= now + timedelta(days=1, minutes=5)
