"""Feed documents built by the tests themselves (no fixtures on disk)."""

from __future__ import annotations

from xml.sax.saxutils import escape


def rss2(items: list[dict], title: str = "Báo Thử nghiệm", version: str = "2.0", encoding: str = "utf-8") -> str:
    parts = []
    for it in items:
        fields = []
        if "title" in it:
            fields.append(f"<title>{escape(it['title'])}</title>")
        if "link" in it:
            fields.append(f"<link>{escape(it['link'])}</link>")
        if "guid" in it:
            fields.append(f'<guid isPermaLink="false">{escape(it["guid"])}</guid>')
        if "description" in it:
            fields.append(f"<description>{escape(it['description'])}</description>")
        if "date" in it:
            fields.append(f"<pubDate>{it['date']}</pubDate>")
        parts.append("<item>" + "".join(fields) + "</item>")
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="{version}"><channel><title>{escape(title)}</title>'
        f"<link>https://bao.example.vn/</link><description>Tin tức</description>{''.join(parts)}</channel></rss>"
    )


def rss1(items: list[dict]) -> str:
    body = "".join(
        f'<item rdf:about="{escape(it["link"])}"><title>{escape(it["title"])}</title><link>{escape(it["link"])}</link>'
        f"<description>{escape(it.get('description', ''))}</description><dc:date>{it['date']}</dc:date></item>"
        for it in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="https://bao.example.vn/"><title>RSS 1.0</title><link>https://bao.example.vn/</link>'
        f"<description>d</description></channel>{body}</rdf:RDF>"
    )


def atom10(items: list[dict]) -> str:
    body = "".join(
        f'<entry><title>{escape(it["title"])}</title><link href="{escape(it["link"])}"/>'
        f"<id>{escape(it.get('guid', it['link']))}</id>"
        f'<updated>{it["date"]}</updated><summary type="html">{escape(it.get("description", ""))}</summary></entry>'
        for it in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom 1.0</title>'
        f"<id>urn:test</id><updated>2026-01-01T00:00:00Z</updated>{body}</feed>"
    )


def atom03(items: list[dict]) -> str:
    body = "".join(
        f"<entry><title>{escape(it['title'])}</title>"
        f'<link rel="alternate" type="text/html" href="{escape(it["link"])}"/>'
        f"<id>{escape(it.get('guid', it['link']))}</id><issued>{it['date']}</issued><modified>{it['date']}</modified>"
        f'<summary type="text/html" mode="escaped">{escape(it.get("description", ""))}</summary></entry>'
        for it in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed version="0.3" xmlns="http://purl.org/atom/ns#">'
        f"<title>Atom 0.3</title><modified>2026-01-01T00:00:00Z</modified>{body}</feed>"
    )


def item(n: int, title: str | None = None, text: str | None = None, **extra) -> dict:
    text = text or f"Bài {n}: nội dung số {n * 7919} về cải cách hành chính tại Hà Nội, mã {n * 104729}."
    row = {
        "title": title or f"Tin số {n} về cải cách hành chính",
        "link": f"https://bao.example.vn/tin-{n}.html",
        "guid": f"guid-{n}",
        "description": f"<p>{text}</p>",
        "date": "Mon, 05 Jan 2026 08:30:00 +0700",
    }
    row.update(extra)
    return row
