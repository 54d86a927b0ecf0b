"""HTTP routes of the inspections slice (the calendar feed), served by `st.App`.

`GET /calendar/{token}.ics`: the feed of a live token, with ETag (from the body),
Last-Modified and Cache-Control: private; a matching If-None-Match gets 304. A wrong,
revoked or malformed token gets the same 404 body as any other."""

from __future__ import annotations

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


def calendar_feed(request: Request) -> Response:
    db = get_db()
    token = feed_tokens.resolve(db, request.path_params.get("token", ""))
    if token is None:
        return PlainTextResponse(NOT_FOUND, status_code=404, headers={"Cache-Control": "no-store"})
    body, modified = ics_feed.token_feed(db, token, base_url=get_settings().base_url)
    tag = ics_feed.etag(body)
    headers = {"ETag": tag, "Last-Modified": ics_feed.http_date(modified), "Cache-Control": "private, max-age=0"}
    if _matches(request.headers.get("if-none-match", ""), tag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=MEDIA_TYPE, headers=headers)


ROUTES: list = [Route("/calendar/{token}.ics", calendar_feed, methods=["GET"])]
