"""RFC 5545 calendars of inspections (icalendar), for subscription feeds and one-off files.

The body depends only on the data and the day, never on the moment of the request:
DTSTAMP is the record's last change, so an unchanged schedule gives the same bytes,
the same ETag and a 304. Times carry TZID Asia/Ho_Chi_Minh with its VTIMEZONE."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime

import icalendar
from sqlite_utils import Database

from core.i18n import TZ, fmt_date, t
from core.permissions import User, require
from core.text import clean_line
from inspections import schedule, store

PAST_DAYS = 60
FUTURE_DAYS = 365
CANCELLED_KEEP_DAYS = 30
PRODID = "-//So Noi vu Ha Noi//CCHC planner//VI"
CACHE_SIZE = 64
_cache: OrderedDict[str, tuple[bytes, datetime]] = OrderedDict()
_cache_lock = threading.Lock()
_ICS_STATUS = {
    "planned": "TENTATIVE",
    "postponed": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "done": "CONFIRMED",
    "cancelled": "CANCELLED",
}


def window(today: date) -> tuple[str, str]:
    """UTC bounds of the feed: the past 60 days to the next 365 days (Hà Nội calendar days)."""
    return (
        schedule.to_utc_iso(today - timedelta(days=PAST_DAYS), time(0)),
        schedule.to_utc_iso(today + timedelta(days=FUTURE_DAYS + 1), time(0)),
    )


def _utc(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


def _keep(row: dict, now: datetime) -> bool:
    """Cancelled inspections stay 30 days after cancellation (so calendars remove them), then drop."""
    if row["status"] != "cancelled":
        return True
    cancelled = _utc(row["cancelled_at"] or row["updated_at"])
    return now - cancelled <= timedelta(days=CANCELLED_KEEP_DAYS)


def link(inspection_id: int, base_url: str) -> str:
    return f"{base_url}/inspection?id={inspection_id}"


def summary(row: dict) -> str:
    """'Kiểm tra theo kế hoạch: Sở Tư pháp' — always Vietnamese (the feed's language)."""
    text = f"{t('inspections.kind.' + row['kind'], 'vi')}: {row['unit_name']}"
    if row["status"] in ("postponed", "cancelled"):
        text = f"[{t('inspections.status.' + row['status'], 'vi')}] {text}"
    return text


def description(row: dict, team: list[dict], items: list[dict], base_url: str) -> str:
    lines = [f"Trạng thái: {t('inspections.status.' + row['status'], 'vi')}", "", "Đoàn kiểm tra:"]
    lines += [f"- {t('inspections.role.' + m['role'], 'vi')}: {m['full_name'] or m['username']}" for m in team] or [
        "- (chưa phân công)"
    ]
    if items:
        lines += ["", "Nội dung kiểm tra:"] + [f"{i}. {item['title']}" for i, item in enumerate(items, start=1)]
    lines += ["", f"Chi tiết: {link(row['id'], base_url)}"]
    return "\n".join(lines)


def _alarm(text: str) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", timedelta(days=-1))
    return alarm


def inspection_event(row: dict, team: list[dict], items: list[dict], alarms: bool, base_url: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", row["uid"])
    event.add("dtstamp", _utc(row["updated_at"]))
    event.add("last-modified", _utc(row["updated_at"]))
    event.add("created", _utc(row["created_at"] or row["updated_at"]))
    event.add("sequence", row["sequence"])
    event.add("summary", summary(row))
    event.add("dtstart", schedule.local(row["starts_at"]))
    event.add("dtend", schedule.local(row["ends_at"]))
    if row["place"]:
        event.add("location", row["place"])
    event.add("description", description(row, team, items, base_url))
    event.add("url", link(row["id"], base_url))
    event.add("status", _ICS_STATUS[row["status"]])
    event.add("categories", ["Kiểm tra CCHC"])
    if alarms and row["status"] != "cancelled":
        event.add_component(_alarm(summary(row)))
    return event


def deadline_event(rec: dict, alarms: bool, base_url: str) -> icalendar.Event:
    """A recommendation's deadline as an all-day event in the follow-up inspector's feed."""
    due = date.fromisoformat(rec["deadline"])
    event = icalendar.Event()
    event.add("uid", f"recommendation-{rec['id']}-{rec['inspection_uid']}")
    event.add("dtstamp", _utc(rec["updated_at"] or rec["created_at"]))
    event.add("sequence", 1 if rec["status"] == "closed" else 0)
    done = " (đã hoàn thành)" if rec["status"] == "closed" else ""
    event.add("summary", f"Hạn khắc phục kiến nghị: {rec['unit_name']}{done}")
    event.add("dtstart", due)
    event.add("dtend", due + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add(
        "description",
        f"Kiến nghị sau kiểm tra {rec['inspected_unit_name']}:\n{rec['text']}\n\n"
        f"Hạn: {fmt_date(due)}\nChi tiết: {link(rec['inspection_id'], base_url)}",
    )
    event.add("url", link(rec["inspection_id"], base_url))
    if alarms and rec["status"] == "open":
        event.add_component(_alarm(f"Hạn khắc phục kiến nghị: {rec['unit_name']}"))
    return event


def build_calendar(
    db: Database,
    name: str,
    inspections: list[dict],
    recommendations: list[dict] = (),
    *,
    base_url: str,
    alarms: bool = False,
    now: datetime | None = None,
) -> tuple[bytes, datetime]:
    """The calendar as bytes, and its last modification (for Last-Modified).

    The body is a pure function of the rows it is made of, so it is memoised by a hash
    of them: an unchanged schedule costs the queries, not the serialisation (fast 304s)."""
    now = now or datetime.now(UTC)
    rows = sorted((r for r in inspections if _keep(r, now)), key=lambda r: (r["starts_at"], r["id"]))
    recs = sorted(recommendations, key=lambda r: (r["deadline"], r["id"]))
    ids = [r["id"] for r in rows]
    teams = {r["id"]: r["team"] for r in rows} if all("team" in r for r in rows) else store.teams_for(db, ids)
    items = store.items_for(db, ids)
    key = hashlib.sha256(repr((name, bool(alarms), base_url, rows, teams, items, recs)).encode()).hexdigest()
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = clean_line(name)  # a property value is one line; a name is never a reason to fail
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    modified = [datetime(2000, 1, 1, tzinfo=UTC)]
    for row in rows:
        cal.add_component(inspection_event(row, teams[row["id"]], items[row["id"]], alarms, base_url))
        modified.append(_utc(row["updated_at"]))
    for rec in recs:
        cal.add_component(deadline_event(rec, alarms, base_url))
        modified.append(_utc(rec["updated_at"] or rec["created_at"]))
    cal.add_missing_timezones(first_date=date(2000, 1, 1), last_date=date(2040, 1, 1))
    result = (cal.to_ical(), max(modified))
    with _cache_lock:
        _cache[key] = result
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def token_feed(db: Database, token: dict, *, base_url: str, now: datetime | None = None) -> tuple[bytes, datetime]:
    """The feed a resolved token asks for: "mine" (inspections whose team the owner is on,
    and the deadlines they follow up) or "all" (optionally one unit's or one member's).
    Event links point at `base_url` (the app's public address, CCHC_BASE_URL)."""
    now = now or datetime.now(UTC)
    today = now.astimezone(TZ).date()
    since, until = window(today)
    if token["scope"] == "mine":
        rows = schedule.list_inspections(db, user_id=token["user_id"], starts_from=since, starts_before=until)
        recs = store.recommendations_of_inspector(
            db,
            token["user_id"],
            (today - timedelta(days=PAST_DAYS)).isoformat(),
            (today + timedelta(days=FUTURE_DAYS)).isoformat(),
        )
        name = f"Lịch kiểm tra CCHC – {token['full_name'] or token['username']}"
    else:
        rows = schedule.list_inspections(
            db, unit_id=token["filter_unit_id"], user_id=token["filter_user_id"], starts_from=since, starts_before=until
        )
        recs = []
        name = "Lịch kiểm tra CCHC – Sở Nội vụ"
    return build_calendar(db, name, rows, recs, base_url=base_url, alarms=bool(token["alarms"]), now=now)


def user_feed(db: Database, actor: User, *, base_url: str, now: datetime | None = None) -> bytes:
    """The "my inspections" feed of `actor` (what `python -m inspections ics --user` prints)."""
    require(actor, "inspections.view")
    token = {
        "scope": "mine",
        "user_id": actor.id,
        "full_name": actor.full_name,
        "username": actor.username,
        "alarms": 0,
    }
    return token_feed(db, token, base_url=base_url, now=now)[0]


def download(db: Database, actor: User, inspections: list[dict], name: str, *, base_url: str) -> bytes:
    """A one-off .ics file of a list the person filtered on the page (no window, cancelled kept)."""
    require(actor, "inspections.view")
    far = datetime(1970, 1, 1, tzinfo=UTC)  # keeps every cancelled inspection of the list
    return build_calendar(db, name, inspections, base_url=base_url, now=far)[0]


def etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def http_date(value: datetime) -> str:
    return format_datetime(value.astimezone(UTC).replace(microsecond=0), usegmt=True)
