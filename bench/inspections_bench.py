"""Benchmark: a calendar feed of 1.000 inspections — time to build it, against bare
icalendar building the same events from rows already in memory (same run), to answer it
(200) and to answer a matching If-None-Match (304) through the Starlette route.

Run: ./.venv/bin/python bench/inspections_bench.py [--n 1000] [--repeat 7]"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time as clock
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE_URL = "http://localhost:8501"  # links inside the feed; the value does not change the timing


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = clock.perf_counter()
        fn()
        times.append((clock.perf_counter() - start) * 1000)
    return statistics.median(times)


def populate(db, n: int) -> tuple[int, str]:
    """n inspections of one inspector spread over the feed window; returns (user id, token)."""
    from core import auth, periods, units
    from core.permissions import SYSTEM
    from inspections import feed_tokens, schedule, store

    user = auth.create_user(
        db, SYSTEM, username="bench", password="Bench@12345", role="inspector", full_name="Kiểm tra viên"
    )
    unit_ids = [units.add_unit(db, SYSTEM, code=f"U{i}", name=f"Đơn vị {i}", kind="commune")["id"] for i in range(50)]
    today = date.today()
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    checklist = [{"code": c, "title": t} for c, t in schedule.DEFAULT_CHECKLIST]
    with db.atomic():
        for i in range(n):
            day = today - timedelta(days=59) + timedelta(days=i * 420 // n)
            start = time(8 + (i % 2) * 5, 0)
            inspection_id = store.insert_inspection(
                db,
                {
                    "uid": f"inspection-{uuid.uuid4()}@cchc-planner",
                    "unit_id": unit_ids[i % 50],
                    "kind": "scheduled",
                    "starts_at": periods.to_utc_iso(day, start),
                    "ends_at": periods.to_utc_iso(day, time(start.hour + 3, 30)),
                    "place": f"Trụ sở đơn vị {i % 50}",
                    "status": ("planned", "confirmed", "done")[i % 3],
                    "sequence": i % 4,
                    "created_at": now,
                    "updated_at": now,
                },
            )
            store.replace_team(db, inspection_id, [{"user_id": user.id, "role": "head"}])
            store.replace_items(db, inspection_id, checklist)
    _row, secret = feed_tokens.create_token(db, user, "bench")
    return user.id, secret


def bare_events(db, token: dict) -> list[list[tuple[str, object]]]:
    """The properties of the feed's events, computed once from the database (not timed)."""
    from core import periods
    from core.i18n import TZ
    from inspections import ics_feed, schedule, store

    since, until = ics_feed.window(datetime.now(UTC).astimezone(TZ).date())
    rows = schedule.list_inspections(db, user_id=token["user_id"], starts_from=since, starts_before=until)
    items = store.items_for(db, [r["id"] for r in rows])
    events = []
    for row in rows:
        stamp = datetime.fromisoformat(row["updated_at"]).astimezone(UTC)
        props = [
            ("uid", row["uid"]),
            ("dtstamp", stamp),
            ("last-modified", stamp),
            ("created", datetime.fromisoformat(row["created_at"]).astimezone(UTC)),
            ("sequence", row["sequence"]),
            ("summary", ics_feed.summary(row)),
            ("dtstart", periods.local(row["starts_at"])),
            ("dtend", periods.local(row["ends_at"])),
            ("location", row["place"]),
            ("description", ics_feed.description(row, row["team"], items[row["id"]], BASE_URL)),
            ("url", ics_feed.link(row["id"], BASE_URL)),
            ("status", "CONFIRMED"),
            ("categories", ["Kiểm tra CCHC"]),
        ]
        events.append(props)
    return events


def bare_icalendar(events: list[list[tuple[str, object]]]) -> bytes:
    """The same events through icalendar objects alone: the yardstick of the cold build."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//bench//bench//VI")
    cal.add("version", "2.0")
    for props in events:
        event = icalendar.Event()
        for name, value in props:
            event.add(name, value)
        cal.add_component(event)
    cal.add_missing_timezones(first_date=date(2000, 1, 1), last_date=date(2040, 1, 1))
    return cal.to_ical()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CCHC_DATA_DIR"] = folder
        os.environ["CCHC_DEMO"] = "0"
        import icalendar
        from starlette.applications import Starlette
        from starlette.testclient import TestClient

        from core.db import get_db
        from inspections import feed_tokens, ics_feed
        from inspections.routes import ROUTES

        db = get_db()
        _user_id, secret = populate(db, args.n)
        token = feed_tokens.resolve(db, secret, touch=False)
        body, _ = ics_feed.token_feed(db, token, base_url=BASE_URL)
        events = len(icalendar.Calendar.from_ical(body).walk("VEVENT"))

        def cold():
            ics_feed._cache.clear()
            ics_feed.feed(db, token, base_url=BASE_URL)

        build = median_ms(cold, args.repeat)
        prepared = bare_events(db, token)
        bare = median_ms(lambda: bare_icalendar(prepared), args.repeat)
        warm = median_ms(lambda: ics_feed.feed(db, token, base_url=BASE_URL), args.repeat)
        with TestClient(Starlette(routes=ROUTES)) as client:
            url = f"/calendar/{secret}.ics"
            tag = client.get(url).headers["etag"]
            full = median_ms(lambda: client.get(url), args.repeat)

            def cold_get():
                ics_feed._cache.clear()
                client.get(url)

            full_cold = median_ms(cold_get, args.repeat)
            not_modified = median_ms(lambda: client.get(url, headers={"If-None-Match": tag}), args.repeat)
            assert client.get(url, headers={"If-None-Match": tag}).status_code == 304
            missing = median_ms(lambda: client.get("/calendar/" + "x" * 43 + ".ics"), args.repeat * 5)
            malformed = median_ms(lambda: client.get("/calendar/abc%3C.ics"), args.repeat * 5)
        print(
            f"inspections: {args.n}, events in feed: {events}, body: {len(body) / 1024:.0f} KiB,"
            f" repetitions: {args.repeat}"
        )
        print(f"build feed, cold (median):  {build:8.1f} ms")
        print(f"bare icalendar, same events:{bare:8.1f} ms  (ratio cold/bare: {build / bare:.2f})")
        print(f"build feed, unchanged data: {warm:8.1f} ms  (memoised body)")
        print(f"GET 200 via route (median): {full:8.1f} ms")
        print(f"GET 200, body not in memory:{full_cold:8.1f} ms")
        print(f"GET 304 via route (median): {not_modified:8.1f} ms  (ratio 304/200: {not_modified / full:.2f})")
        print(f"GET 404 wrong token:        {missing:8.1f} ms")
        print(f"GET 404 malformed token:    {malformed:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
