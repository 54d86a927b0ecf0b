"""Feed parsing on bytes: feedparser for the formats, nh3 for the HTML, our own rules
for text, dates and what counts as a usable feed. No network, no database."""

from __future__ import annotations

import html
import io
import re
from calendar import timegm
from dataclasses import dataclass, field
from datetime import UTC, datetime

import feedparser
import nh3

from core.text import clean_line, nfc
from media.urls import web_url

# What a sanitised summary may keep: text structure, links and images, no scripts/styles.
ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"}}
URL_SCHEMES = {"http", "https", "mailto"}
_CLEANER = nh3.Cleaner(  # built once: passing the sets on every call costs as much as the cleaning
    tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, clean_content_tags={"script", "style"}
)

_MARKUP = re.compile(r"<[A-Za-z/!?]")
_SERIALISED_TAG = re.compile(r'<[^>"]*(?:"[^"]*"[^>"]*)*>')
_HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype\s+html|<html)", re.I | re.S)
_CHALLENGE_MARKERS = (
    b"just a moment",
    b"cf-browser-verification",
    b"challenge-platform",
    b"captcha",
    b"attention required",
    b"ddos protection",
    b"checking your browser",
    b"enable javascript",
)
_XML_DECL_ENCODING = re.compile(rb"^(\s*<\?xml[^>]*?encoding=)([\"'])([^\"']+)\2", re.I)


@dataclass
class ParsedFeed:
    """The outcome of one parse. `status` is ok, empty (a feed with no items), html (a web
    page, e.g. a bot challenge, instead of a feed) or invalid (nothing recoverable)."""

    status: str
    entries: list[dict] = field(default_factory=list)
    title: str = ""
    bozo: bool = False
    error: str = ""


def sanitize_html(fragment: str) -> str:
    """Feed HTML made safe to show: no script, style, event handlers or javascript: links."""
    if not fragment:
        return ""
    return _CLEANER.clean(nfc(fragment)).strip()


def plain_text(safe_html: str) -> str:
    """The visible text of HTML that `sanitize_html` produced, one line, NFC — what
    matching and search read. The sanitiser's output is serialised HTML (every `<` in
    text escaped, attribute values double-quoted, no script or style left), so a tag is
    exactly a `<…>` run outside quotes; each becomes a space, so words never run together."""
    if not safe_html:
        return ""
    return clean_line(html.unescape(_SERIALISED_TAG.sub(" ", safe_html)))


def text_field(value: str | None, content_type: str = "") -> str:
    """A feed's text field (title, author, category) as plain text, one line, NFC. Marked up
    text — declared html/xhtml, or anything that still contains a tag, escaped once or twice
    — goes through the summaries' sanitiser: tags stripped, script and style dropped with
    their content, entities unescaped. Plain text only has its entities unescaped."""
    if not value:
        return ""
    if "html" in (content_type or "") or _MARKUP.search(value):
        value = plain_text(sanitize_html(value))
    else:
        value = clean_line(html.unescape(value))
    for _ in range(3):  # markup hidden behind another level of escaping
        if not _MARKUP.search(value):
            break
        value = plain_text(sanitize_html(value))
    return value


def looks_like_html_page(data: bytes, headers: dict) -> bool:
    """A web page rather than a feed: declared text/html, or the document starts as HTML."""
    content_type = {k.lower(): v for k, v in (headers or {}).items()}.get("content-type", "").lower()
    head = data[:2048]
    return bool(_HTML_START.match(head)) or (
        "text/html" in content_type and b"<rss" not in head and b"<feed" not in head and b"<rdf" not in head.lower()
    )


def is_bot_challenge(data: bytes) -> bool:
    head = data[:20000].lower()
    return any(marker in head for marker in _CHALLENGE_MARKERS)


def _utc_iso(parsed) -> str | None:
    """feedparser already turns dates into UTC struct_time (offsets applied)."""
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(timegm(parsed), tz=UTC).replace(microsecond=0).isoformat()
    except (OverflowError, ValueError, TypeError):
        return None


def _entry(raw: dict, fetched_at: str) -> dict | None:
    # Plain dict look-ups: feedparser stores every value under its canonical key (title,
    # link, summary, id…); its own `get` first resolves aliases such as "description",
    # which costs more than the rest of this function's reading.
    get = dict.get
    title = text_field(get(raw, "title"), (get(raw, "title_detail") or {}).get("type", ""))
    link = web_url(clean_line(get(raw, "link") or ""))  # http(s) only: never a javascript: link
    summary = ""
    if get(raw, "content"):
        summary = max((c.get("value") or "" for c in raw["content"]), key=len)
    if len(get(raw, "summary") or "") > len(summary):
        summary = get(raw, "summary") or ""
    safe = sanitize_html(summary)
    text = plain_text(safe)
    if not title and text:
        title = text[:120].rsplit(" ", 1)[0] if len(text) > 120 else text
    if not title and not link:
        return None
    published = _utc_iso(get(raw, "published_parsed") or get(raw, "updated_parsed") or get(raw, "created_parsed"))
    guid = clean_line(get(raw, "id") or "") or None
    return {
        "guid": guid,
        "url": link,
        "title": title or link,
        "summary_html": safe or None,
        "text": text,
        "published_at": published or fetched_at,
        "date_missing": 0 if published else 1,
        "author": text_field(get(raw, "author")) or None,
    }


def _fix_declared_encoding(data: bytes) -> bytes | None:
    """When the XML declaration names an encoding the bytes are not in but they are valid
    UTF-8, say UTF-8 instead (a common server mistake feedparser cannot undo)."""
    match = _XML_DECL_ENCODING.match(data)
    if not match or match.group(3).lower().replace(b"-", b"") == b"utf8":
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not re.search(rb"[\xc3-\xe1][\x80-\xbf]", data):  # no multi-byte text: the declaration does no harm
        return None
    return data[: match.start(3)] + b"utf-8" + data[match.end(3) :]


def parse_feed(data: bytes, headers: dict | None = None, fetched_at: str | None = None) -> ParsedFeed:
    """Parse feed bytes (with the HTTP response headers, if any). Never touches the network:
    feedparser only ever sees an in-memory stream. Entries carry NFC text, sanitised HTML,
    a plain-text version and UTC dates; a missing date is the fetch time, flagged."""
    fetched_at = fetched_at or datetime.now(UTC).replace(microsecond=0).isoformat()
    headers = dict(headers or {})
    if not data or not data.strip():
        return ParsedFeed("invalid", error="empty response")
    fixed = _fix_declared_encoding(data)
    if fixed is not None:
        data = fixed
        headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    if looks_like_html_page(data, headers):
        challenge = is_bot_challenge(data)
        return ParsedFeed("html", error="bot challenge page" if challenge else "HTML page instead of a feed")
    parsed = feedparser.parse(
        io.BytesIO(data), response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    entries = [e for e in (_entry(raw, fetched_at) for raw in parsed.entries) if e is not None]
    bozo = bool(parsed.get("bozo"))
    error = str(parsed.get("bozo_exception") or "") if bozo else ""
    title = text_field(parsed.feed.get("title"), (parsed.feed.get("title_detail") or {}).get("type", ""))
    if entries:
        return ParsedFeed("ok", entries, title, bozo, error)
    if parsed.get("version") or parsed.feed:
        if bozo and not parsed.get("version"):
            return ParsedFeed("invalid", [], title, bozo, error or "not a feed")
        return ParsedFeed("empty", [], title, bozo, error)
    return ParsedFeed("invalid", [], title, bozo, error or "not a feed")
