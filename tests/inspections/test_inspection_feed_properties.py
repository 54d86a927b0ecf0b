"""Whatever the schedule holds, the calendar the feed serves parses with two independent
parsers (icalendar and vobject) and keeps every event and its text (Hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from core.db import connect, migrate
from inspections import ics_feed, store

NOW = datetime(2026, 3, 1, tzinfo=UTC)
BASE_URL = "https://cchc.example.vn"
# Text as the app stores it: any characters but surrogates; the builder must survive the rest.
TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
MOMENT = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)).map(
    lambda moment: moment.replace(microsecond=0)  # stored to the second
)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    database = connect(tmp_path_factory.mktemp("feed-properties") / "cchc.db")
    migrate(database)
    yield database
    database.conn.close()


@st.composite
def inspections(draw, number: int):
    start = draw(MOMENT)
    updated = draw(MOMENT)
    member = {"role": draw(st.sampled_from(store.TEAM_ROLES)), "full_name": draw(TEXT), "username": draw(TEXT)}
    return {
        "id": number,
        "uid": f"inspection-{number}@cchc",
        "kind": draw(st.sampled_from(store.KINDS)),
        "status": draw(st.sampled_from(sorted(ics_feed._ICS_STATUS))),
        "unit_name": draw(TEXT),
        "place": draw(TEXT),
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=draw(st.integers(1, 72)))).isoformat(),
        "created_at": None,
        "updated_at": updated.isoformat(),
        "cancelled_at": NOW.isoformat(),
        "sequence": draw(st.integers(0, 10_000)),
        "team": draw(st.lists(st.just(member), max_size=2)),
    }


@st.composite
def recommendations(draw, number: int):
    return {
        "id": number,
        "inspection_id": number,
        "inspection_uid": f"inspection-{number}@cchc",
        "deadline": draw(
            st.dates(min_value=datetime(2025, 1, 1).date(), max_value=datetime(2027, 12, 31).date())
        ).isoformat(),
        "status": draw(st.sampled_from(["open", "closed"])),
        "unit_name": draw(TEXT),
        "inspected_unit_name": draw(TEXT),
        "text": draw(TEXT),
        "created_at": draw(MOMENT).isoformat(),
        "updated_at": None,
    }


@settings(max_examples=60, deadline=None, database=None)
@given(data=st.data(), count=st.integers(0, 3), recs=st.integers(0, 2), alarms=st.booleans(), name=TEXT)
def test_every_calendar_parses_with_both_parsers(db, data, count, recs, alarms, name):
    rows = [data.draw(inspections(i + 1)) for i in range(count)]
    deadlines = [data.draw(recommendations(i + 1)) for i in range(recs)]
    body, _modified = ics_feed.build_calendar(db, name, rows, deadlines, base_url=BASE_URL, alarms=alarms, now=NOW)

    calendar = icalendar.Calendar.from_ical(body)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {r["uid"] for r in rows} | {
        f"recommendation-{r['id']}-{r['inspection_uid']}" for r in deadlines
    }
    for row in rows:
        assert int(events[row["uid"]]["SEQUENCE"]) == row["sequence"]
        assert events[row["uid"]]["DTSTART"].dt == datetime.fromisoformat(row["starts_at"])
    parsed = vobject.readOne(body.decode("utf-8"))
    assert sorted(e.uid.value for e in parsed.contents.get("vevent", [])) == sorted(events)


def test_a_calendar_name_over_several_lines_becomes_one_line(db):
    body, _ = ics_feed.build_calendar(db, "Lịch kiểm tra\r\nCCHC", [], base_url=BASE_URL, now=NOW)
    assert str(icalendar.Calendar.from_ical(body)["X-WR-CALNAME"]) == "Lịch kiểm tra CCHC"


AWKWARD = [
    "Sở Tư pháp",
    "a, b; c \\ d",
    "dòng một\ndòng hai",
    "C:\\New\\Nam",  # a backslash before N stays a backslash
    "trailing backslash \\",
    "emoji 🎉🇻🇳 giữa chữ",
    "x" * 70 + "Đ" + "ệ" * 30,  # a two- and three-octet character at the fold
    "y" * 71 + "🎉" * 10,  # four-octet characters at the fold
    "z" * 72 + "\\;" + "," * 40,  # escapes at the fold
    "Phường Hoàn Kiếm" * 12,
    "tổ hợp: e\u0301 o\u0302\u0301",  # combining marks (NFD) kept as given
]


@pytest.mark.parametrize("value", AWKWARD)
def test_awkward_text_parses_back_to_the_same_value(db, value):
    row = {
        "id": 1,
        "uid": "inspection-1@cchc",
        "kind": "scheduled",
        "status": "planned",
        "unit_name": value,
        "place": value,
        "starts_at": "2026-03-10T01:00:00+00:00",
        "ends_at": "2026-03-10T04:30:00+00:00",
        "created_at": None,
        "updated_at": "2026-03-01T01:00:00+00:00",
        "cancelled_at": None,
        "sequence": 0,
        "team": [{"role": "head", "full_name": value, "username": "u"}],
        "items": [{"title": value}],
    }
    body, _ = ics_feed.build_calendar(db, "Lịch", [row], base_url=BASE_URL, alarms=True, now=NOW)
    lines = body.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in body.replace(b"\r\n", b"")
    for line in lines:
        assert len(line) <= 75
        line.decode("utf-8")  # no UTF-8 sequence is split by a fold
    event = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == value
    assert str(event["SUMMARY"]) == f"Kiểm tra theo kế hoạch: {value}"
    assert f"Trưởng đoàn: {value}\n" in str(event["DESCRIPTION"])
    assert f"1. {value}\n" in str(event["DESCRIPTION"])
    assert str(event.walk("VALARM")[0]["DESCRIPTION"]) == f"Kiểm tra theo kế hoạch: {value}"
    parsed = vobject.readOne(body.decode("utf-8")).vevent
    assert parsed.location.value == value and parsed.summary.value.endswith(value)
