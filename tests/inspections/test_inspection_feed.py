"""Calendar feeds: tokens (shown once, hashed, revocable, rotatable), the RFC 5545 body
parsed back by icalendar and by vobject, the HTTP route (200/304/404, headers), the CLI."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
import vobject
from starlette.applications import Starlette
from starlette.testclient import TestClient

from core.errors import NotFound, PermissionDenied, ValidationError
from core.settings import load_settings
from inspections import feed_tokens, followup, ics_feed, schedule
from inspections.routes import ROUTES

BASE_URL = "http://localhost:8501"  # CCHC_BASE_URL's default: the links the tests expect

NOW = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)


def _token(db, user):
    return {"scope": "mine", "user_id": user.id, "full_name": user.full_name, "username": user.username, "alarms": 0}


def _events(body: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def _vobject_events(body: bytes) -> dict[str, object]:
    cal = vobject.readOne(body.decode("utf-8"))
    return {e.uid.value: e for e in cal.contents.get("vevent", [])}


# --- tokens -------------------------------------------------------------------


def test_token_created_shown_once_stored_hashed(db, users):
    row, secret = feed_tokens.create_token(db, users["inspector"], "điện thoại")
    assert "token_hash" not in row and row["name"] == "điện thoại"
    stored = db.execute("select token_hash from calendar_tokens").fetchone()[0]
    assert stored == feed_tokens.hash_token(secret) and secret not in stored
    urls = feed_tokens.feed_urls(secret, BASE_URL)
    assert urls["https"] == f"http://localhost:8501/calendar/{secret}.ics"
    assert urls["webcal"] == f"webcal://localhost:8501/calendar/{secret}.ics"
    assert [t["name"] for t in feed_tokens.list_tokens(db, users["inspector"])] == ["điện thoại"]
    assert feed_tokens.list_tokens(db, users["staff"]) == []


def test_base_url_setting_used(db, users):
    base_url = load_settings({"CCHC_BASE_URL": "https://cchc.example.gov.vn/"}).base_url
    _row, secret = feed_tokens.create_token(db, users["staff"], "Outlook cơ quan")
    assert feed_tokens.feed_urls(secret, base_url) == {
        "https": f"https://cchc.example.gov.vn/calendar/{secret}.ics",
        "webcal": f"webcal://cchc.example.gov.vn/calendar/{secret}.ics",
    }


@pytest.mark.parametrize(
    "secret_of",
    [
        lambda s: "",
        lambda s: "short",
        lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"),  # wrong
        lambda s: s + "x",  # too long
        lambda s: s[:-2] + "é!",  # malformed characters
        lambda s: "../" + s,
    ],
)
def test_resolve_refuses_bad_tokens(db, users, secret_of):
    _row, secret = feed_tokens.create_token(db, users["inspector"], "điện thoại")
    assert feed_tokens.resolve(db, secret_of(secret)) is None
    assert feed_tokens.resolve(db, secret)["user_id"] == users["inspector"].id


def test_revoke_rotate_and_last_used(db, users):
    row, secret = feed_tokens.create_token(db, users["inspector"], "điện thoại")
    assert feed_tokens.resolve(db, secret)
    assert feed_tokens.list_tokens(db, users["inspector"])[0]["last_used_at"]
    _row, new_secret = feed_tokens.rotate_token(db, users["inspector"], row["id"])
    assert feed_tokens.resolve(db, secret) is None and feed_tokens.resolve(db, new_secret)
    feed_tokens.revoke_token(db, users["inspector"], row["id"])
    assert feed_tokens.resolve(db, new_secret) is None
    assert feed_tokens.list_tokens(db, users["inspector"])[0]["revoked_at"]
    with pytest.raises(NotFound):
        feed_tokens.rotate_token(db, users["inspector"], row["id"])


@pytest.mark.parametrize(
    "role, may_revoke", [("admin", True), ("staff", False), ("inspector", False), ("leader", False)]
)
def test_revoke_other_users_token(db, users, inspector2, role, may_revoke):
    row, secret = feed_tokens.create_token(db, inspector2, "điện thoại")
    if may_revoke:
        feed_tokens.revoke_token(db, users[role], row["id"])
        assert feed_tokens.resolve(db, secret) is None
        assert any(t["revoked_at"] for t in feed_tokens.list_all_tokens(db, users[role]))
    else:
        with pytest.raises(PermissionDenied):
            feed_tokens.revoke_token(db, users[role], row["id"])
        with pytest.raises(NotFound):
            feed_tokens.rotate_token(db, users[role], row["id"])
        with pytest.raises(PermissionDenied):
            feed_tokens.list_all_tokens(db, users[role])
        assert feed_tokens.resolve(db, secret)


@pytest.mark.parametrize("role, may_all", [("admin", True), ("staff", True), ("inspector", False), ("leader", False)])
def test_token_scopes_by_role(db, users, role, may_all):
    feed_tokens.create_token(db, users[role], "Điện thoại")  # every role may have its own feed
    if may_all:
        feed_tokens.create_token(db, users[role], "Toàn bộ", scope="all")
    else:
        with pytest.raises(PermissionDenied):
            feed_tokens.create_token(db, users[role], "Toàn bộ", scope="all")
    with pytest.raises(ValidationError):
        feed_tokens.create_token(db, users[role], "   ")
    assert len(feed_tokens.list_tokens(db, users[role])) == (2 if may_all else 1)


# --- the calendar body ----------------------------------------------------------


def test_feed_parses_with_both_parsers(db, users, make_inspection):
    row = make_inspection(day=date(2026, 3, 10), place="Trụ sở Sở Tư pháp, 221 Trần Phú")
    body, modified = ics_feed.token_feed(db, _token(db, users["inspector"]), now=NOW, base_url=BASE_URL)
    cal = icalendar.Calendar.from_ical(body)
    assert str(cal["X-WR-CALNAME"]).startswith("Lịch kiểm tra CCHC") and cal["NAME"] == cal["X-WR-CALNAME"]
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in body.decode()
    assert "X-PUBLISHED-TTL:PT1H" in body.decode()
    event = _events(body)[row["uid"]]
    assert str(event["SUMMARY"]) == "Kiểm tra theo kế hoạch: Sở Tư pháp"
    assert str(event["LOCATION"]) == "Trụ sở Sở Tư pháp, 221 Trần Phú"
    assert "Trưởng đoàn: Người dùng inspector" in str(event["DESCRIPTION"])
    assert "Cải cách thủ tục hành chính" in str(event["DESCRIPTION"])
    assert f"/inspection?id={row['id']}" in str(event["DESCRIPTION"])
    assert event["DTSTART"].dt == datetime(2026, 3, 10, 8, 0, tzinfo=event["DTSTART"].dt.tzinfo)
    assert event["DTSTART"].dt.utcoffset() == timedelta(hours=7)
    assert "DTSTAMP" in event and int(event["SEQUENCE"]) == 0
    assert "VALARM" not in body.decode()
    assert modified == datetime.fromisoformat(row["updated_at"])
    v = _vobject_events(body)[row["uid"]]
    assert v.summary.value == "Kiểm tra theo kế hoạch: Sở Tư pháp"
    assert v.dtstart.value.astimezone(UTC) == datetime(2026, 3, 10, 1, 0, tzinfo=UTC)
    assert v.dtend.value.astimezone(UTC) == datetime(2026, 3, 10, 4, 30, tzinfo=UTC)


def test_vtimezone_for_every_tzid(db, users, make_inspection):
    make_inspection(day=date(2026, 3, 10))
    make_inspection(code="SYT", day=date(2026, 3, 12))
    body, _ = ics_feed.token_feed(db, _token(db, users["inspector"]), now=NOW, base_url=BASE_URL)
    cal = icalendar.Calendar.from_ical(body)
    tzids = {
        str(p.params["TZID"])
        for e in cal.walk("VEVENT")
        for k in ("DTSTART", "DTEND")
        for p in [e[k]]
        if "TZID" in p.params
    }
    assert tzids == {"Asia/Ho_Chi_Minh"}
    defined = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    assert tzids <= defined
    vcal = vobject.readOne(body.decode())
    assert [tz.tzid.value for tz in vcal.contents["vtimezone"]] == ["Asia/Ho_Chi_Minh"]


def test_uid_stable_and_body_identical_across_fetches(db, users, make_inspection):
    row = make_inspection()
    first, _ = ics_feed.token_feed(db, _token(db, users["inspector"]), now=NOW, base_url=BASE_URL)
    second, _ = ics_feed.token_feed(
        db, _token(db, users["inspector"]), now=NOW + timedelta(minutes=5), base_url=BASE_URL
    )
    assert first == second
    assert set(_events(first)) == set(_vobject_events(second)) == {row["uid"]}


def test_sequence_bumps_after_edit_and_cancel_then_drops(db, users, make_inspection):
    row = make_inspection(
        day=schedule.next_free_slot(db, [users["inspector"].id], after=date.today() + timedelta(days=3))
    )
    draft = schedule.draft_of(row)
    schedule.update_inspection(db, users["staff"], row["id"], schedule.Draft(**{**draft.__dict__, "start": time(9)}))
    body, _ = ics_feed.token_feed(db, _token(db, users["inspector"]), base_url=BASE_URL)
    assert int(_events(body)[row["uid"]]["SEQUENCE"]) == 1
    assert int(_vobject_events(body)[row["uid"]].sequence.value) == 1
    cancelled = schedule.set_status(db, users["staff"], row["id"], "cancelled")
    when = datetime.fromisoformat(cancelled["cancelled_at"])
    body, _ = ics_feed.token_feed(db, _token(db, users["inspector"]), now=when + timedelta(days=29), base_url=BASE_URL)
    event = _events(body)[row["uid"]]
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 2
    assert _vobject_events(body)[row["uid"]].status.value == "CANCELLED"
    body, _ = ics_feed.token_feed(db, _token(db, users["inspector"]), now=when + timedelta(days=31), base_url=BASE_URL)
    assert row["uid"] not in _events(body)


@pytest.mark.parametrize(
    "days_from_visit, inside",
    [(-366, False), (-365, True), (0, True), (60, True), (61, False)],
)
def test_feed_window(db, users, make_inspection, days_from_visit, inside):
    row = make_inspection(day=date(2026, 3, 10))
    today = date(2026, 3, 10) + timedelta(days=days_from_visit)
    now = datetime.combine(today, time(12), UTC)
    body, _ = ics_feed.token_feed(db, _token(db, users["inspector"]), now=now, base_url=BASE_URL)
    assert (row["uid"] in _events(body)) is inside
    assert (row["uid"] in _vobject_events(body)) is inside


def test_deadlines_all_day_in_responsible_inspectors_feed(db, users, inspector2, make_inspection):
    row = make_inspection(team=((users["inspector"].id, "head"), (inspector2.id, "member")))
    schedule.set_conclusion(db, users["staff"], row["id"], "2026-03-20")
    rec = followup.add_recommendation(db, users["staff"], row["id"], text="Niêm yết TTHC")
    mine, _ = ics_feed.token_feed(db, _token(db, users["inspector"]), now=NOW, base_url=BASE_URL)
    other, _ = ics_feed.token_feed(db, _token(db, inspector2), now=NOW, base_url=BASE_URL)
    uid = f"recommendation-{rec['id']}-{row['uid']}"
    event = _events(mine)[uid]
    assert event["DTSTART"].dt == date(2026, 4, 4) and not isinstance(event["DTSTART"].dt, datetime)
    assert "DTSTART;VALUE=DATE:20260404" in mine.decode()
    assert _vobject_events(mine)[uid].dtstart.value == date(2026, 4, 4)
    assert uid not in _events(other) and row["uid"] in _events(other)


def test_alarms_only_when_opted_in(db, users, make_inspection):
    make_inspection()
    token = {**_token(db, users["inspector"]), "alarms": 1}
    body, _ = ics_feed.token_feed(db, token, now=NOW, base_url=BASE_URL)
    alarms = icalendar.Calendar.from_ical(body).walk("VALARM")
    assert len(alarms) == 1 and alarms[0]["TRIGGER"].dt == timedelta(days=-1)


def test_staff_feed_all_filtered_by_unit_and_member(db, users, inspector2, unit_ids, make_inspection):
    a = make_inspection(code="STP")
    b = make_inspection(code="SYT", team=((inspector2.id, "head"),))
    base = {"scope": "all", "user_id": users["staff"].id, "full_name": "", "username": "u_staff", "alarms": 0}
    every, _ = ics_feed.token_feed(
        db, {**base, "filter_unit_id": None, "filter_user_id": None}, now=NOW, base_url=BASE_URL
    )
    assert set(_events(every)) == {a["uid"], b["uid"]}
    by_unit, _ = ics_feed.token_feed(
        db, {**base, "filter_unit_id": unit_ids["SYT"], "filter_user_id": None}, now=NOW, base_url=BASE_URL
    )
    assert set(_events(by_unit)) == {b["uid"]}
    by_member, _ = ics_feed.token_feed(
        db, {**base, "filter_unit_id": None, "filter_user_id": users["inspector"].id}, now=NOW, base_url=BASE_URL
    )
    assert set(_vobject_events(by_member)) == {a["uid"]}


def test_one_off_download_of_a_list(db, users, make_inspection):
    a = make_inspection(code="STP")
    b = make_inspection(code="SYT", day=date(2026, 3, 11))
    rows = schedule.list_inspections(db, month="2026-03")
    body = ics_feed.download(db, users["leader"], rows, "Lịch kiểm tra tháng 03/2026", base_url=BASE_URL)
    assert set(_vobject_events(body)) == {a["uid"], b["uid"]}


def test_cli_prints_feed(db, users, make_inspection, capsysbinary):
    from inspections.__main__ import main

    assert main(["ics", "--user", "u_inspector"]) == 0
    out = capsysbinary.readouterr().out
    assert icalendar.Calendar.from_ical(out)["X-WR-CALNAME"]
    assert main(["ics", "--user", "nobody"]) == 2


# --- the HTTP route ---------------------------------------------------------------


@pytest.fixture
def client(db):
    with TestClient(Starlette(routes=ROUTES)) as c:
        yield c


@pytest.fixture
def upcoming(db, users, make_inspection):
    day = schedule.next_free_slot(db, [users["inspector"].id], after=date.today() + timedelta(days=3))
    return make_inspection(day=day)


def test_route_200_headers_and_304(client, db, users, upcoming):
    _row, secret = feed_tokens.create_token(db, users["inspector"], "điện thoại")
    response = client.get(f"/calendar/{secret}.ics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["cache-control"].startswith("private")
    second = client.get(f"/calendar/{secret}.ics")  # same content, same validator
    assert second.content == response.content and second.headers["etag"] == response.headers["etag"]
    assert "last-modified" not in response.headers  # the data changed a moment ago: no date is claimed yet
    assert upcoming["uid"] in _events(response.content)
    again = client.get(f"/calendar/{secret}.ics", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == response.headers["etag"]
    weak = client.get(f"/calendar/{secret}.ics", headers={"If-None-Match": f'"x", W/{response.headers["etag"]}'})
    assert weak.status_code == 304


@pytest.mark.parametrize("garbage", ['"nope"', "garbage", "W/", ",,,", '"' * 50])
def test_route_garbage_if_none_match_gets_200(client, db, users, upcoming, garbage):
    _row, secret = feed_tokens.create_token(db, users["inspector"], "điện thoại")
    response = client.get(f"/calendar/{secret}.ics", headers={"If-None-Match": garbage})
    assert response.status_code == 200 and upcoming["uid"] in _events(response.content)


def test_route_sequence_bump_changes_etag(client, db, users, upcoming):
    _row, secret = feed_tokens.create_token(db, users["inspector"], "điện thoại")
    first = client.get(f"/calendar/{secret}.ics")
    schedule.set_status(db, users["staff"], upcoming["id"], "confirmed")
    second = client.get(f"/calendar/{secret}.ics", headers={"If-None-Match": first.headers["etag"]})
    assert second.status_code == 200
    assert int(_events(second.content)[upcoming["uid"]]["SEQUENCE"]) == 1


def test_route_404_same_body_for_wrong_revoked_malformed(client, db, users, upcoming):
    row, secret = feed_tokens.create_token(db, users["inspector"], "điện thoại")
    wrong = client.get(f"/calendar/{secret[:-1]}{'A' if secret[-1] != 'A' else 'B'}.ics")
    malformed = client.get("/calendar/%3Cscript%3E.ics")
    short = client.get("/calendar/abc.ics")
    feed_tokens.revoke_token(db, users["inspector"], row["id"])
    revoked = client.get(f"/calendar/{secret}.ics")
    responses = [wrong, malformed, short, revoked]
    assert {r.status_code for r in responses} == {404}
    assert len({r.content for r in responses}) == 1
    assert all("etag" not in r.headers for r in responses)


def test_route_404_when_owner_disabled(client, db, users, upcoming):
    from core import auth

    _row, secret = feed_tokens.create_token(db, users["inspector"], "điện thoại")
    auth.set_active(db, users["admin"], "u_inspector", False)
    assert client.get(f"/calendar/{secret}.ics").status_code == 404
