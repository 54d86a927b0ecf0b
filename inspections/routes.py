"""HTTP routes of the inspections slice (the calendar feed), served by `st.App`.

`GET /calendar/{token}.ics`: the feed of a live token, with ETag and Last-Modified from
the stored feed version (`ics_feed.validator`) and Cache-Control: private. A matching
If-None-Match (or, without one, an If-Modified-Since not older than Last-Modified) gets
304 before any event is read. A wrong, revoked or malformed token gets the same 404 body
as any other, whatever validators the request carries."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from core.db import get_db
from core.settings import get_settings
from inspections import feed_tokens, ics_feed

MEDIA_TYPE = "text/calendar; charset=utf-8"
NOT_FOUND = "Not Found"


def _matches(if_none_match: str, tag: str) -> bool:
    """Whether an If-None-Match header names `tag` (weak or strong) or is "*"; garbage never matches."""
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == tag:
            return True
    return False


def _not_modified_since(if_modified_since: str, modified: datetime | None) -> bool:
    """Whether an If-Modified-Since date is not older than `modified`; garbage never is."""
    if modified is None or not if_modified_since:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return modified <= since


def _not_modified(request: Request, check: ics_feed.Validator) -> bool:
    """RFC 9110 §13.2.2: If-None-Match when present, else If-Modified-Since."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return _matches(if_none_match, check.etag)
    return _not_modified_since(request.headers.get("if-modified-since", ""), check.last_modified)


def _headers(check: ics_feed.Validator) -> dict[str, str]:
    headers = {"ETag": check.etag, "Cache-Control": "private, max-age=0"}
    if check.last_modified is not None:
        headers["Last-Modified"] = ics_feed.http_date(check.last_modified)
    return headers


def calendar_feed(request: Request) -> Response:
    db = get_db()
    token = feed_tokens.resolve(db, request.path_params.get("token", ""))
    if token is None:
        return PlainTextResponse(NOT_FOUND, status_code=404, headers={"Cache-Control": "no-store"})
    base_url = get_settings().base_url
    now = datetime.now(UTC)
    stored = ics_feed.validator(db, token, base_url=base_url, now=now)
    if stored is not None and _not_modified(request, stored):
        return Response(status_code=304, headers=_headers(stored))
    body, check = ics_feed.feed(db, token, base_url=base_url, now=now, check=stored)
    if stored is None and _not_modified(request, check):  # no stored version: the body is the validator
        return Response(status_code=304, headers=_headers(check))
    return Response(body, media_type=MEDIA_TYPE, headers=_headers(check))


ROUTES: list = [Route("/calendar/{token}.ics", calendar_feed, methods=["GET"])]
