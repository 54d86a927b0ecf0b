"""RFC 5545 calendars of inspections, for subscription feeds and one-off files.

The body depends only on the data, the token and the Hà Nội day, never on the moment of
the request: DTSTAMP is the record's last change, so an unchanged schedule gives the
same bytes. icalendar writes the calendar; times carry TZID Asia/Ho_Chi_Minh with its
VTIMEZONE, made once per process.

A feed's validator (ETag, Last-Modified) comes from the stored feed version (see
`store.FEED_SOURCES`), not from the body: a conditional request is answered without
building anything, and the body is memoised under its validator."""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime

import icalendar
from sqlite_utils import Database

from core import periods
from core.i18n import TZ, fmt_date, t
from core.permissions import User, require
from core.text import clean_line
from inspections import store

PAST_DAYS = 60
FUTURE_DAYS = 365
CANCELLED_KEEP_DAYS = 30
PRODID = "-//So Noi vu Ha Noi//CCHC planner//VI"
FEED_FORMAT = 2  # bump when what a feed selects changes (its shape is fingerprinted by itself)
SETTLE = timedelta(minutes=2)  # a Last-Modified is only claimed for a state this old (see `validator`)
CACHE_SIZE = 64
_cache: OrderedDict[str, tuple[bytes, Validator]] = OrderedDict()
_cache_lock = threading.Lock()
_STARTED = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1)
_ICS_STATUS = {
    "planned": "TENTATIVE",
    "postponed": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "done": "CONFIRMED",
    "cancelled": "CANCELLED",
}
_ROLE_ORDER = {"head": 0, "member": 1}


@dataclass(frozen=True)
class Validator:
    """What a conditional request is compared with. `last_modified` is None while the
    feed's data changed too recently to be named by a date (then only the ETag counts)."""

    etag: str
    last_modified: datetime | None


def window(today: date) -> tuple[str, str]:
    """UTC bounds of the feed: the past 60 days to the next 365 days (Hà Nội calendar days)."""
    return (
        periods.to_utc_iso(today - timedelta(days=PAST_DAYS), time(0)),
        periods.to_utc_iso(today + timedelta(days=FUTURE_DAYS + 1), time(0)),
    )


def _utc(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


def _keep(row: dict, today: date) -> bool:
    """Cancelled inspections stay 30 days after the (Hà Nội) day of cancellation, so calendars
    remove them, then drop. Whole days: the feed changes only with the data or the day."""
    if row["status"] != "cancelled":
        return True
    cancelled = _utc(row["cancelled_at"] or row["updated_at"]).astimezone(TZ).date()
    return (today - cancelled).days <= CANCELLED_KEEP_DAYS


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


class _Text(icalendar.vText):
    r"""icalendar's TEXT value, except that a typed backslash before "N" stays a backslash:
    icalendar's writer takes "\N" in a value for a line break, which would change a name like
    "C:\Nam" (RFC 5545 §3.3.11 escapes the backslash itself). Each part between is icalendar's."""

    def to_ical(self) -> bytes:
        return b"\\\\N".join(icalendar.vText(part).to_ical() for part in self.split("\\N"))


def _alarm(text: str) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _Text(text))
    alarm.add("trigger", timedelta(days=-1))
    return alarm


def inspection_event(row: dict, team: list[dict], items: list[dict], alarms: bool, base_url: str) -> icalendar.Event:
    """One VEVENT of an inspection: its times in Hà Nội time, stamped with the record's last change."""
    stamp = _utc(row["updated_at"])
    title = summary(row)
    event = icalendar.Event()
    event.add("uid", _Text(row["uid"]))
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("created", _utc(row["created_at"]) if row["created_at"] else stamp)
    event.add("sequence", int(row["sequence"]))
    event.add("summary", _Text(title))
    event.add("dtstart", datetime.fromisoformat(row["starts_at"]).astimezone(TZ))
    event.add("dtend", datetime.fromisoformat(row["ends_at"]).astimezone(TZ))
    if row["place"]:
        event.add("location", _Text(row["place"]))
    event.add("description", _Text(description(row, team, items, base_url)))
    event.add("url", link(row["id"], base_url))
    event.add("status", _ICS_STATUS[row["status"]])
    event.add("categories", ["Kiểm tra CCHC"])
    if alarms and row["status"] != "cancelled":
        event.add_component(_alarm(title))
    return event


def deadline_event(rec: dict, alarms: bool, base_url: str) -> icalendar.Event:
    """A recommendation's deadline as an all-day event in the follow-up inspector's feed."""
    due = date.fromisoformat(rec["deadline"])
    done = " (đã hoàn thành)" if rec["status"] == "closed" else ""
    url = link(rec["inspection_id"], base_url)
    text = (
        f"Kiến nghị sau kiểm tra {rec['inspected_unit_name']}:\n{rec['text']}\n\nHạn: {fmt_date(due)}\nChi tiết: {url}"
    )
    event = icalendar.Event()
    event.add("uid", _Text(f"recommendation-{rec['id']}-{rec['inspection_uid']}"))
    event.add("dtstamp", _utc(rec["updated_at"] or rec["created_at"]))
    event.add("sequence", 1 if rec["status"] == "closed" else 0)
    event.add("summary", _Text(f"Hạn khắc phục kiến nghị: {rec['unit_name']}{done}"))
    event.add("dtstart", due)
    event.add("dtend", due + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("description", _Text(text))
    event.add("url", url)
    if alarms and rec["status"] == "open":
        event.add_component(_alarm(f"Hạn khắc phục kiến nghị: {rec['unit_name']}"))
    return event


@functools.cache
def _vtimezone() -> icalendar.Timezone:
    """Asia/Ho_Chi_Minh as icalendar writes it for the calendars' range of dates (made once;
    the only time zone a calendar's events use)."""
    cal = icalendar.Calendar()
    event = icalendar.Event()
    event.add("dtstart", datetime(2026, 1, 1, tzinfo=TZ))
    cal.add_component(event)
    cal.add_missing_timezones(first_date=date(2000, 1, 1), last_date=date(2040, 1, 1))
    (timezone,) = cal.timezones
    return timezone


def _calendar(name: str) -> icalendar.Calendar:
    """The calendar's own properties."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = clean_line(name)  # a property value is one line; a name is never a reason to fail
    cal.add("name", _Text(name))
    cal.add("x-wr-calname", _Text(name))
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    return cal


def _team_and_items(db: Database | None, rows: list[dict]) -> tuple[dict[int, list[dict]], dict[int, list[dict]]]:
    """Each row's team and checklist: carried by the rows (lists, or JSON from
    `store.feed_inspections`), else read in one query each."""
    ids = [r["id"] for r in rows]
    if all(isinstance(r.get("team"), str) for r in rows):
        teams = {r["id"]: json.loads(r["team"]) for r in rows}
        for members in teams.values():
            members.sort(
                key=lambda m: (_ROLE_ORDER.get(m["role"], 2), m["full_name"] is not None, m["full_name"] or "")
            )
    elif all("team" in r for r in rows):
        teams = {r["id"]: r["team"] for r in rows}
    else:
        teams = store.teams_for(db, ids)
    if all(isinstance(r.get("items"), str) for r in rows):
        items = {r["id"]: sorted(json.loads(r["items"]), key=lambda i: i["position"]) for r in rows}
    elif all("items" in r for r in rows):
        items = {r["id"]: r["items"] for r in rows}
    else:
        items = store.items_for(db, ids)
    return teams, items


def build_calendar(
    db: Database | None,
    name: str,
    inspections: list[dict],
    recommendations: list[dict] = (),
    *,
    base_url: str,
    alarms: bool = False,
    now: datetime | None = None,
) -> tuple[bytes, datetime]:
    """The calendar as bytes, and the last change of what it shows. A pure function of the
    rows and the Hà Nội day of `now` (cancelled inspections drop by the day)."""
    today = (now or datetime.now(UTC)).astimezone(TZ).date()
    rows = sorted((r for r in inspections if _keep(r, today)), key=lambda r: (r["starts_at"], r["id"]))
    recs = sorted(recommendations, key=lambda r: (r["deadline"], r["id"]))
    teams, items = _team_and_items(db, rows)
    cal = _calendar(name)
    if rows:
        cal.add_component(_vtimezone())
    modified = [datetime(2000, 1, 1, tzinfo=UTC)]
    for row in rows:
        cal.add_component(inspection_event(row, teams[row["id"]], items[row["id"]], alarms, base_url))
        modified.append(_utc(row["updated_at"]))
    for rec in recs:
        cal.add_component(deadline_event(rec, alarms, base_url))
        modified.append(_utc(rec["updated_at"] or rec["created_at"]))
    return cal.to_ical(), max(modified)


def _today(now: datetime) -> date:
    return now.astimezone(TZ).date()


def token_feed(db: Database, token: dict, *, base_url: str, now: datetime | None = None) -> tuple[bytes, datetime]:
    """The feed a resolved token asks for: "mine" (inspections whose team the owner is on,
    and the deadlines they follow up) or "all" (optionally one unit's or one member's).
    Event links point at `base_url` (the app's public address, CCHC_BASE_URL). Always built."""
    now = now or datetime.now(UTC)
    today = _today(now)
    since, until = window(today)
    if token["scope"] == "mine":
        rows = store.feed_inspections(db, since, until, user_id=token["user_id"])
        recs = store.recommendations_of_inspector(
            db,
            token["user_id"],
            (today - timedelta(days=PAST_DAYS)).isoformat(),
            (today + timedelta(days=FUTURE_DAYS)).isoformat(),
        )
        name = f"Lịch kiểm tra CCHC – {token['full_name'] or token['username']}"
    else:
        rows = store.feed_inspections(
            db, since, until, unit_id=token["filter_unit_id"], user_id=token["filter_user_id"]
        )
        recs = []
        name = "Lịch kiểm tra CCHC – Sở Nội vụ"
    return build_calendar(db, name, rows, recs, base_url=base_url, alarms=bool(token["alarms"]), now=now)


@functools.cache
def _fingerprint() -> str:
    """A hash of a sample calendar that uses every status, kind, role and text of a feed, so a
    change of the code, the strings or icalendar changes every ETag (no stale 304 after an upgrade)."""
    team = [{"role": role, "full_name": f"Tên {role}", "username": role} for role in store.TEAM_ROLES]
    rows = [
        {
            "id": n,
            "uid": f"sample-{n}",
            "kind": store.KINDS[n % len(store.KINDS)],
            "status": status,
            "unit_name": "Đơn vị",
            "place": "Nơi",
            "starts_at": "2026-03-10T01:00:00+00:00",
            "ends_at": "2026-03-10T04:30:00+00:00",
            "created_at": "2026-03-01T01:00:00+00:00",
            "updated_at": "2026-03-01T01:00:00+00:00",
            "cancelled_at": "2026-03-01T01:00:00+00:00",
            "sequence": n,
            "team": team,
            "items": [{"position": 1, "title": "Nội dung"}],
        }
        for n, status in enumerate(store.STATUSES)
    ]
    recs = [
        {
            "id": n,
            "inspection_id": 1,
            "inspection_uid": "sample-1",
            "deadline": "2026-03-20",
            "status": status,
            "unit_name": "Đơn vị",
            "inspected_unit_name": "Đơn vị",
            "text": "Kiến nghị",
            "created_at": "2026-03-01T01:00:00+00:00",
            "updated_at": None,
        }
        for n, status in enumerate(("open", "closed"))
    ]
    when = datetime(2026, 3, 1, tzinfo=UTC)
    body, _ = build_calendar(None, "Mẫu", rows, recs, base_url="https://x", alarms=True, now=when)
    return hashlib.sha256(body).hexdigest()[:16]


def validator(db: Database, token: dict, *, base_url: str, now: datetime | None = None) -> Validator | None:
    """The feed's validator from the stored feed version, without reading a single event;
    None when the stored version cannot be trusted (then the body itself is the validator).

    The ETag names everything the body is made of: the feed version (bumped by every write
    a feed shows), the Hà Nội day (the window slides, cancelled events drop), the token's
    choices, the public address and the format. Last-Modified is the latest of the last
    change, the start of today and this process's start; it is only claimed once it is
    SETTLE old, so that a write still in flight (stamped earlier, committed later) can never
    hide behind a date a client already holds."""
    state = store.feed_state(db)
    if state is None:
        return None
    now = now or datetime.now(UTC)
    today = _today(now)
    key = (
        FEED_FORMAT,
        _fingerprint(),
        PAST_DAYS,
        FUTURE_DAYS,
        CANCELLED_KEEP_DAYS,
        state["version"],
        today.isoformat(),
        base_url,
        token["id"],
        token["scope"],
        token["user_id"],
        token.get("filter_unit_id"),
        token.get("filter_user_id"),
        bool(token["alarms"]),
        token["full_name"],
        token["username"],
    )
    tag = '"' + hashlib.sha256(repr(key).encode()).hexdigest()[:32] + '"'
    changed = datetime.fromtimestamp(state["changed_at"] + 1, UTC)
    midnight = datetime.combine(today, time(0), TZ).astimezone(UTC)
    modified = max(changed, midnight, _STARTED)
    return Validator(tag, modified if modified <= now - SETTLE else None)


def feed(
    db: Database, token: dict, *, base_url: str, now: datetime | None = None, check: Validator | None = None
) -> tuple[bytes, Validator]:
    """The body of a token's feed and its validator: from memory when this validator's body
    was built already, else built now (`check`: the validator the caller just read)."""
    now = now or datetime.now(UTC)
    check = check or validator(db, token, base_url=base_url, now=now)
    if check is None:
        body, _ = token_feed(db, token, base_url=base_url, now=now)
        return body, Validator(etag(body), None)
    with _cache_lock:
        if check.etag in _cache:
            _cache.move_to_end(check.etag)
            return _cache[check.etag][0], check
    # Read after the version: the body is at least as new as the version it is kept under,
    # and any later write bumps the version, so the key is never reused for older data.
    body, _ = token_feed(db, token, base_url=base_url, now=now)
    with _cache_lock:
        _cache[check.etag] = (body, check)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return body, check


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
