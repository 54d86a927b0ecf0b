"""De-duplication layers and story clustering, through the real pipeline."""

from __future__ import annotations

import zlib

import pytest

from media import store
from media.ingest import Pipeline, entry_key, offline_source
from media.parse import parse_feed
from media.urls import normalise_url
from tests.media.media_feeds import item, rss2

DATE = "Mon, 05 Apr 2021 08:30:00 +0700"


@pytest.mark.parametrize(
    "a, b",
    [
        ("HTTPS://WWW.Bao.VN/tin/a.html", "https://bao.vn/tin/a.html"),
        ("https://bao.vn/tin/a.html?utm_source=fb&utm_medium=x", "https://bao.vn/tin/a.html"),
        ("https://bao.vn/tin/a.html?fbclid=IwAR0", "https://bao.vn/tin/a.html"),
        ("https://bao.vn/tin/a.html#binh-luan", "https://bao.vn/tin/a.html"),
        ("https://bao.vn/tin/a/", "https://bao.vn/tin/a"),
        ("http://bao.vn:80/tin/a", "https://bao.vn/tin/a"),
        ("https://bao.vn/a?b=2&a=1", "https://bao.vn/a?a=1&b=2"),
        ("https://www.google.com/url?q=https://bao.vn/tin/a.html&sa=U", "https://bao.vn/tin/a.html"),
        (
            "https://news.google.com/rss/articles/CBMiG2h0dHBzOi8vYmFvLnZuL3Rpbi9hLmh0bWzSAQA?oc=5",
            "https://bao.vn/tin/a.html",
        ),
    ],
)
def test_equivalent_urls_normalise_alike(a, b):
    assert normalise_url(a) == normalise_url(b)


@pytest.mark.parametrize(
    "a, b", [("https://bao.vn/tin/a", "https://bao.vn/tin/b"), ("https://bao.vn/a?id=1", "https://bao.vn/a?id=2")]
)
def test_different_articles_stay_apart(a, b):
    assert normalise_url(a) != normalise_url(b)


def test_the_quick_path_for_plain_links_gives_what_taking_them_apart_gives():
    """Plain links skip `urlsplit`; across schemes, hosts and paths (plain or not) the
    result must be what the full normalisation gives."""
    from media import urls

    schemes = ["http://", "https://", "HTTPS://", "https://www.", "http://WWW.", "https://www", "http://www.."]
    hosts = [
        "bao.vn",
        "Bao.VN",
        "x-y.gov.vn",
        "a",
        "1.2.3.4",
        "[::1]",
        "h.vn:8080",
        "h.vn:443",
        "u@h.vn",
        "h_.vn",
        "h.vn.",
        "",
        "-x.vn",
        "xn--bo-xja.vn",
    ]
    paths = [
        "",
        "/",
        "/a/",
        "/tin/1.html",
        "/a//",
        "/%C3%A1",
        "/á b",
        "/a?utm_source=x&b=1",
        "/a#frag",
        "/a?",
        "/a/?x=1#y",
        "/a\\b",
        "/a\tb",
        " /x",
        "/a;p",
        "//",
        "/tin/bài-viết.html",
    ]
    quick = 0
    for scheme in schemes:
        for host in hosts:
            for path in paths:
                url = scheme + host + path
                quick += bool(urls._PLAIN_URL.fullmatch(url.strip()))
                assert normalise_url(url) == urls._normalised(url.strip()), url
    assert quick > 100  # the quick path was taken, not only the full one


def test_a_link_with_a_broken_port_is_kept_as_it_is(db):
    assert normalise_url("https://bao.vn:80x/tin/a.html") == "https://bao.vn:80x/tin/a.html"
    assert normalise_url(" https://bao.vn:8080 /tin ") == "https://bao.vn:8080 /tin"
    # it used to raise, and the whole feed was refused
    counts = _run(
        db, _source(db, "Báo A"), [item(1, link="https://bao.vn:80x/tin/a.html", date=DATE), item(2, date=DATE)]
    )
    assert counts["new"] == 2


def _source(db, name, unique_by="guid", outlet=None):
    src = offline_source(db, name)
    store.update_source(db, src["id"], {"unique_by": unique_by, "outlet": outlet or name})
    return store.source_row(db, src["id"])


def _run(db, source, items):
    return Pipeline(db).add_feed(source, parse_feed(rss2(items).encode(), {}), "2021-04-06T00:00:00+00:00")


def test_same_guid_twice_in_one_feed_and_across_runs(db):
    src = _source(db, "Báo A")
    assert _run(
        db, src, [item(1, date=DATE), item(2, guid="guid-1", link="https://a.vn/x", title="Khác hẳn", date=DATE)]
    ) == {"entries": 2, "new": 1, "duplicates": 1, "relevant": 1}
    assert _run(db, src, [item(1, date=DATE)])["duplicates"] == 1
    assert store.count_articles(db) == 1


@pytest.mark.parametrize("unique_by, new", [("guid", 1), ("link", 3), ("title_date", 3)])
def test_per_source_uniqueness_rule_for_a_feed_with_one_guid_for_everything(db, unique_by, new):
    src = _source(db, "Báo B", unique_by)
    assert _run(db, src, [item(n, guid="1", date=DATE) for n in range(1, 4)])["new"] == new


def test_title_date_rule_tells_same_title_on_other_days_apart(db):
    src = _source(db, "Báo B2", "title_date")
    first = item(1, guid="1", date=DATE)
    assert _run(db, src, [first])["new"] == 1
    assert _run(db, src, [{**first, "link": "https://bao.example.vn/tin-1.html?sid=9"}])["duplicates"] == 1


def test_entry_key_falls_back_when_the_field_is_missing():
    entry = {"guid": None, "url": "https://a.vn/1", "title": "Tin", "published_at": "2021-01-01T00:00:00+00:00"}
    assert entry_key(entry, "guid").startswith("url:")
    assert entry_key({**entry, "url": None}, "link").startswith("title_date:")


def test_same_url_in_two_feeds_is_one_article(db):
    a, b = _source(db, "Mục thời sự", outlet="Báo C"), _source(db, "Trang chủ", outlet="Báo C")
    _run(db, a, [item(1, date=DATE, link="https://c.vn/tin-1.html?utm_source=rss")])
    assert _run(db, b, [item(1, date=DATE, guid="khac", link="https://www.c.vn/tin-1.html#top")])["duplicates"] == 1


def test_same_title_same_outlet_is_a_duplicate_other_outlet_a_copy(db):
    a, b = _source(db, "Báo D"), _source(db, "Báo E")
    _run(db, a, [item(1, date=DATE)])
    assert _run(db, a, [item(1, date=DATE, guid="g-new", link="https://d.vn/x")])["duplicates"] == 1
    assert _run(db, b, [item(1, date=DATE, guid="e1", link="https://e.vn/x")])["new"] == 1
    stories = {r["story_id"] for r in db.query("select story_id from articles")}
    assert store.count_articles(db) == 2 and len(stories) == 1


def test_syndicated_copy_with_edited_title_joins_the_story(db):
    text = (
        "Sáng 5/4, UBND thành phố Hà Nội tổ chức hội nghị đánh giá kết quả cải cách hành chính quý I, trong đó "
        "tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,8% và số dịch vụ công trực tuyến toàn trình tăng mạnh so với cùng kỳ."
    )
    a, b, c = _source(db, "Báo F"), _source(db, "Báo G"), _source(db, "Báo H")
    _run(db, a, [item(1, title="Hà Nội: Tỷ lệ hồ sơ đúng hạn đạt 99,8%", description=f"<p>{text}</p>", date=DATE)])
    _run(
        db,
        b,
        [item(2, title="Tỷ lệ hồ sơ đúng hạn tại Hà Nội đạt 99,8% (video)", description=f"<p>{text}</p>", date=DATE)],
    )
    _run(
        db,
        c,
        [
            item(
                3,
                title="Hà Nội khai mạc lễ hội hoa xuân",
                date=DATE,
                description="<p>Lễ hội hoa xuân diễn ra tại công viên với hàng trăm loài hoa.</p>",
            )
        ],
    )
    rows = list(db.query("select outlet, story_id from articles order by id"))
    assert rows[0]["story_id"] == rows[1]["story_id"] != rows[2]["story_id"]
    article = store.article_row(db, 1)
    assert article["copies"] == 2


def test_pipeline_flags_relevance_and_stores_nothing_twice_on_rerun(db):
    src = _source(db, "Báo I")
    items = [item(n, date=DATE) for n in range(1, 6)] + [
        item(9, title="Giá vàng hôm nay", date=DATE, description="<p>Giá vàng tăng mạnh trên thị trường thế giới.</p>")
    ]
    first = _run(db, src, items)
    assert first == {"entries": 6, "new": 6, "duplicates": 0, "relevant": 5}
    assert _run(db, src, items) == {"entries": 6, "new": 0, "duplicates": 6, "relevant": 0}
    assert store.count_articles(db) == 6


FINGERPRINT_TEXTS = [
    "Hà Nội: Thủ tục hành chính được giải quyết đúng hạn 99,8%",
    "THỦ ĐÔ   đẩy mạnh “một cửa” — Đề án 06 (video)",
    "Hoà giải, thuỷ lợi và Quỹ hỗ trợ",
    "Café déjà vu 2026",
]


@pytest.mark.parametrize("text", FINGERPRINT_TEXTS)
def test_fingerprints_from_words_equal_those_of_the_folded_text(text):
    """Stored articles were fingerprinted from the folded text; words folded one by one
    must give the same title hash and shingles, or new copies would miss old stories."""
    import hashlib
    import re
    import zlib

    from core.text import fold
    from media.vntext import band_key, band_keys, match_words, shingles, title_hash

    folded = re.findall(r"\w+", fold(text))
    assert title_hash(match_words(text)) == hashlib.sha1(" ".join(folded).encode()).hexdigest()[:20]
    stop = {"ha", "noi", "tp", "video", "anh", "clip", "infographic", "tin", "moi"}
    tokens = [w for w in folded if w not in stop] + folded[:30]
    expected = {f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)}
    assert shingles(match_words(text), match_words(text)) == expected
    # band keys: per mask, the minimum of CRC32 XOR mask, two minima per band
    masks = [(i * 2654435761 + 0x9E3779B9) & 0xFFFFFFFF for i in range(1, 9)]
    hashes = [zlib.crc32(s.encode()) for s in expected]
    signature = [min(h ^ m for h in hashes) for m in masks]
    assert band_keys(expected) == [band_key(b, signature[2 * b], signature[2 * b + 1]) for b in range(4)]
    assert len(set(band_keys(expected))) == 4 and all(0 <= k < 2**63 for k in band_keys(expected))


def test_text_band_keys_of_older_databases_become_integers(data_dir):
    """m003 converts the "band:first-second" keys m001 stored, so copies ingested after
    the upgrade still find the stories stored before it."""
    from core import db as core_db
    from media.vntext import band_keys, match_words, shingles

    path = data_dir / "old.db"
    old = core_db.connect(path)
    for migrations in core_db.migration_sets():
        migrations.apply(old, stop_before="m003_integer_band_keys" if migrations.name == "media" else None)
    title, text = (
        "Hà Nội công bố Chỉ số cải cách hành chính năm 2025",
        "Thành phố xếp thứ 9 trên 63 tỉnh thành về PAR Index.",
    )
    first = shingles(match_words(title), match_words(text))
    masks = [(i * 2654435761 + 0x9E3779B9) & 0xFFFFFFFF for i in range(1, 9)]
    signature = [min(zlib.crc32(s.encode()) ^ m for s in first) for m in masks]
    with old.atomic():
        story_id = store.insert_story(old, title, "2025-12-01T00:00:00+00:00")
        article_id = old.conn.execute(
            "insert into articles (title, text, published_at, outlet, source_id, entry_key, story_id)"
            " values (?, ?, '2025-12-01T00:00:00+00:00', 'Báo A', null, 'k1', ?)",
            [title, text, story_id],
        ).lastrowid
        old.conn.executemany(
            "insert into article_bands (band, article_id) values (?, ?)",
            [(f"{b}:{signature[2 * b]}-{signature[2 * b + 1]}", article_id) for b in range(4)],
        )
    old.conn.close()

    db = core_db.get_db(path)
    try:
        stored = [r[0] for r in db.execute("select band from article_bands order by band").fetchall()]
        assert stored == sorted(band_keys(first))
        src = _source(db, "Báo B", outlet="Báo B")
        copy = item(
            1,
            title="Công bố Chỉ số cải cách hành chính năm 2025 của Hà Nội",
            description=f"<p>{text}</p>",
            date="Tue, 02 Dec 2025 08:00:00 +0700",
        )
        Pipeline(db).add_feed(src, parse_feed(rss2([copy]).encode(), {}), "2025-12-02T02:00:00+00:00")
        assert [r[0] for r in db.execute("select story_id from articles order by id").fetchall()] == [
            story_id,
            story_id,
        ]
    finally:
        core_db.forget(path)


def test_band_look_up_reads_only_the_most_recent_articles_per_band(db):
    with db.atomic():
        ids = [
            store.insert_article(
                db, {"title": f"Tin {n}", "published_at": "2026-01-01T00:00:00+00:00", "entry_key": f"k{n}"}
            )
            for n in range(30)
        ]
        store.insert_article_parts(db, [(7, i) for i in ids] + [(9, ids[0])], [], [])
    found = store.article_ids_by_bands(db, [7, 9, 11], 20)
    assert sorted(found[7], reverse=True) == sorted(ids, reverse=True)[:20]
    assert found[9] == [ids[0]] and 11 not in found


def test_band_keys_have_no_version_trigger_of_their_own_yet_an_ingest_moves_the_version(db):
    from core.db import data_version

    triggers = {r[0] for r in db.execute("select name from sqlite_master where type = 'trigger'")}
    assert "dv_articles_insert" in triggers and not {t for t in triggers if t.startswith("dv_article_bands_")}
    before = data_version(db)
    assert _run(db, _source(db, "Báo K"), [item(1, date=DATE), item(2, date=DATE)])["new"] == 2
    assert db.execute("select count(*) from article_bands").fetchone()[0] > 0  # the keys were written
    assert data_version(db) != before  # by the articles' own trigger, in the same transaction


def test_older_databases_lose_the_band_keys_version_triggers(data_dir):
    from core import db as core_db
    from core.store import install_version_triggers

    path = data_dir / "cchc.db"
    database = core_db.connect(path)
    try:
        core_db.migrate(database)
        database.execute(  # as an older migrate put it on every table
            'create trigger "dv_article_bands_insert" after insert on "article_bands"'
            " begin update data_version set version = random() where id = 1; end"
        )
        database.execute("delete from _sqlite_migrations where migration_set = 'media' and name like 'm006%'")
        core_db.migrate(database)
        assert install_version_triggers(database) == 0
        names = [r[0] for r in database.execute("select name from sqlite_master where name like 'dv_article_bands%'")]
        assert names == []
    finally:
        database.conn.close()
        core_db.forget(path)


def test_stories_have_no_version_trigger_of_their_own_yet_a_new_story_moves_the_version(db):
    from core.db import data_version

    triggers = {r[0] for r in db.execute("select name from sqlite_master where type = 'trigger'")}
    assert "dv_articles_insert" in triggers and not {t for t in triggers if t.startswith("dv_media_stories_")}
    stories = db.execute("select count(*) from media_stories").fetchone()[0]
    before = data_version(db)
    assert _run(db, _source(db, "Báo L"), [item(3, date=DATE)])["new"] == 1
    assert db.execute("select count(*) from media_stories").fetchone()[0] == stories + 1
    assert data_version(db) != before  # by the article's own trigger, in the same transaction


def test_older_databases_lose_the_stories_version_triggers(data_dir):
    from core import db as core_db
    from core.store import install_version_triggers

    path = data_dir / "cchc.db"
    database = core_db.connect(path)
    try:
        core_db.migrate(database)
        for event in ("insert", "update", "delete"):  # as an older migrate put them on every table
            database.execute(
                f'create trigger "dv_media_stories_{event}" after {event} on "media_stories"'  # noqa: S608 - fixed names
                " begin update data_version set version = random() where id = 1; end"
            )
        database.execute("delete from _sqlite_migrations where migration_set = 'media' and name like 'm007%'")
        core_db.migrate(database)
        assert install_version_triggers(database) == 0
        names = [r[0] for r in database.execute("select name from sqlite_master where name like 'dv_media_stories%'")]
        assert names == []
    finally:
        database.conn.close()
        core_db.forget(path)
