"""Full-text search: folding, phrases, prefixes, filters, snippets, the command line."""

from __future__ import annotations

import json
import unicodedata

import pytest

from core.permissions import SYSTEM
from media import store
from media.__main__ import main
from media.ingest import Pipeline, offline_source
from media.parse import parse_feed
from media.search import highlight, parse_query, search, snippet
from tests.media.media_feeds import item, rss2

ARTICLES = [
    (
        "Hà Nội đẩy mạnh cải cách hành chính",
        "Thành phố tiếp tục cải cách hành chính và đơn giản hóa thủ tục.",
        "Mon, 05 Apr 2021 08:30:00 +0700",
    ),
    (
        "Hướng dẫn đăng ký khai sinh trực tuyến",
        "Người dân có thể đăng ký khai sinh qua Cổng dịch vụ công.",
        "Tue, 06 Apr 2021 08:30:00 +0700",
    ),
    (
        "Cơn bão số 2 gây mưa lớn",
        "Bão đổ bộ vào đất liền, các tỉnh chủ động ứng phó.",
        "Wed, 07 Jul 2021 08:30:00 +0700",
    ),
    (
        unicodedata.normalize("NFD", "Chính quyền số phục vụ người dân"),
        "Ứng dụng dịch vụ công trực tuyến mức độ 4 tại Hà Nội.",
        "Mon, 05 Jan 2026 08:30:00 +0700",
    ),
]


@pytest.fixture
def search_db(db):
    src = offline_source(db, "Báo S")
    items = [item(n, title=t, description=f"<p>{x}</p>", date=d) for n, (t, x, d) in enumerate(ARTICLES, start=1)]
    Pipeline(db).add_feed(src, parse_feed(rss2(items).encode(), {}), "2026-02-01T00:00:00+00:00")
    return db


def _titles(rows):
    return [r["title"] for r in rows]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("cai cach hanh chinh", [0]),
        ("cải cách hành chính", [0]),
        ("dang ky", [1]),
        ("ĐĂNG KÝ", [1]),
        ('"khai sinh truc tuyen"', [1]),
        ('"truc tuyen khai sinh"', []),
        ("chinh quyen so", [3]),
        ("bao", [2]),  # a search box folds: "bão" is found by "bao"
        ("dich vu cong", [1, 3]),
        ("khai*", [1]),
        ("thu tuc", [0]),
        ("tuc*", [0]),
    ],
)
def test_folded_phrase_and_prefix_queries(search_db, users, query, expected):
    found = _titles(search(search_db, users["leader"], query))
    assert sorted(found) == sorted(unicodedata.normalize("NFC", ARTICLES[i][0]) for i in expected)


@pytest.mark.parametrize("query", ['"', "AND", "NOT OR", "a:b", "col:title", "(", "*", "^x", "NEAR(a b)"])
def test_fts_syntax_in_the_box_is_only_text(search_db, users, query):
    assert isinstance(search(search_db, users["leader"], query), list)


def test_filters(search_db, users):
    assert len(search(search_db, users["leader"], "", date_from="2026-01-01")) == 1
    assert len(search(search_db, users["leader"], "", date_to="2021-04-05")) == 1
    assert len(search(search_db, users["leader"], "", review="new")) == 4
    assert search(search_db, users["leader"], "", review="confirmed") == []
    relevant = _titles(search(search_db, users["leader"], "", relevant_only=True))
    assert "Cơn bão số 2 gây mưa lớn" not in relevant and len(relevant) == 3
    src = offline_source(search_db, "Báo S")
    assert len(search(search_db, users["leader"], "ha noi", source_id=src["id"])) == 2


def test_snippets_highlight_original_words_and_escape_markdown(search_db, users):
    row = search(search_db, users["leader"], "dang ky")[0]
    assert "**đăng ký**" in row["snippet"]
    assert row["title_hl"] == "Hướng dẫn **đăng ký** khai sinh trực tuyến"
    assert highlight("Giá *vàng* [link](x)", parse_query("vang")[1]) == r"Giá \***vàng**\* \[link\]\(x\)"


def test_cli_search_json(search_db, capsys):
    assert main(["search", "cai cach hanh chinh", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["title"] for r in out] == [ARTICLES[0][0]]
    text, hits = out[0]["snippet"], out[0]["hits"]
    assert text == "Thành phố tiếp tục cải cách hành chính và đơn giản hóa thủ tục."  # plain: no Markdown escapes
    assert [text[s:e] for s, e in hits] == ["cải cách hành chính"]


def test_cli_search_plain_output_shows_the_snippet(search_db, capsys):
    assert main(["search", "dang ky"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("Hướng dẫn đăng ký khai sinh trực tuyến")
    assert lines[1].strip() == "Người dân có thể đăng ký khai sinh qua Cổng dịch vụ công."


def test_cli_search_says_on_stderr_that_a_long_query_was_shortened(search_db, capsys):
    assert main(["search", "dang ky " * 80, "--json"]) == 0
    captured = capsys.readouterr()
    assert [r["title"] for r in json.loads(captured.out)] == ["Hướng dẫn đăng ký khai sinh trực tuyến"]
    assert "rút gọn" in captured.err and "“dang ky”" in captured.err
    assert main(["search", "dang ky"]) == 0 and capsys.readouterr().err == ""


def test_snippet_offsets_point_at_the_hits_after_a_cut():
    text = "Mở đầu. " * 40 + "Người dân đăng ký khai sinh trực tuyến. " + "Kết thúc. " * 40
    window, hits = snippet(text, parse_query("dang ky")[1], width=120)
    assert window.startswith("…") and window.endswith("…") and len(window) == 122
    assert [window[s:e] for s, e in hits] == ["đăng ký"]
    assert highlight(text, parse_query("dang ky")[1], width=120).count("**đăng ký**") == 1


def test_cli_ingest_reports_counts_and_keeps_going(db, feed_dir, capsys):
    (feed_dir / "a.xml").write_text(rss2([item(1), item(2)]), encoding="utf-8")
    (feed_dir / "b.xml").write_bytes(b"<rss><channel><item><title>Broken")
    (feed_dir / "c.rss").write_text(
        rss2([item(2), item(3, title="Giá vàng", description="<p>Vàng tăng</p>")]), encoding="utf-8"
    )
    (feed_dir / "d.xml").write_bytes(b"<html><body>Just a moment</body></html>")
    assert main(["ingest", str(feed_dir), "--source", "Lưu trữ", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {k: out[k] for k in ("files", "entries", "new", "duplicates", "relevant")} == {
        "files": 4,
        "entries": 4,
        "new": 3,
        "duplicates": 1,
        "relevant": 2,
    }
    assert sorted(e["file"].rsplit("/", 1)[1] for e in out["errors"]) == ["b.xml", "d.xml"]
    assert store.source_by_name(db, "Lưu trữ") is not None


def test_cli_ingest_of_a_missing_path_exits_2_naming_it_and_ingests_nothing(db, feed_dir, capsys):
    """Issue 23: `python -m media ingest /nonexistent.xml` exited 0 with the error inside its JSON."""
    (feed_dir / "a.xml").write_text(rss2([item(1)]), encoding="utf-8")
    missing = feed_dir / "khong-co.xml"
    assert main(["ingest", str(feed_dir), str(missing), "--json"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["exit"] == 2 and str(missing) in out["problems"][0]
    assert db.execute("select count(*) from articles").fetchone()[0] == 0
    assert main(["ingest", "/nonexistent.xml"]) == 2
    assert "/nonexistent.xml" in capsys.readouterr().err


@pytest.mark.parametrize("group_entries", [1, 3, 2000])
def test_ingest_a_file_that_fails_to_store_is_rolled_back_alone(db, feed_dir, monkeypatch, group_entries):
    """Files share transactions (GROUP_ENTRIES entries each); a file whose rows fail
    half-way leaves nothing behind and the others are kept (its group is written again
    with a savepoint per file)."""
    from media import ingest

    for n, name in enumerate(("a.xml", "b.xml", "c.xml")):
        (feed_dir / name).write_text(rss2([item(10 * n + 1), item(10 * n + 2)]), encoding="utf-8")
    monkeypatch.setattr(ingest, "GROUP_ENTRIES", group_entries)
    real_parts = store.insert_article_parts

    def failing_second_file(db_, bands, themes, fts):
        if any(title.startswith("Tin số 11 ") for _id, title, _text in fts):
            raise ValueError("disk says no")  # b.xml: its articles are inserted, then this fails
        real_parts(db_, bands, themes, fts)

    monkeypatch.setattr(store, "insert_article_parts", failing_second_file)
    summary = ingest.ingest_paths(db, SYSTEM, [feed_dir])
    assert summary["errors"] == [{"file": str(feed_dir / "b.xml"), "error": "disk says no"}]
    assert (summary["files"], summary["new"]) == (3, 4)
    guids = [r[0] for r in db.execute("select guid from articles order by guid").fetchall()]
    assert guids == ["guid-1", "guid-2", "guid-21", "guid-22"]
    assert db.execute("select count(*) from article_bands").fetchone()[0] == 4 * 4
    assert not db.conn.in_transaction


@pytest.mark.parametrize(
    "text",
    [
        "Đăng ký khai sinh",
        "CẢI CÁCH HÀNH CHÍNH",
        "Thuỷ lợi, hoà giải — “một cửa”!",
        "Ứng dụng   số\tđa nền tảng",
        "Café déjà vu",
    ],
)
def test_fast_fold_equals_the_shared_fold(text):
    from core.text import fold
    from media.vntext import fast_fold

    assert fast_fold(unicodedata.normalize("NFC", text)) == fold(text)


def test_search_index_upgraded_to_contentless_finds_the_same(data_dir, users):
    """m002 rebuilds a search index made by m001 (which kept fully folded copies of titles
    and texts) as an index without copies; the same queries find the same articles."""
    from core import db as core_db
    from core.text import fold

    path = data_dir / "old.db"
    old = core_db.connect(path)
    for migrations in core_db.migration_sets():
        migrations.apply(old, stop_before="m002_contentless_search_index" if migrations.name == "media" else None)
    src = offline_source(old, "Báo S")
    items = [item(n, title=t, description=f"<p>{x}</p>", date=d) for n, (t, x, d) in enumerate(ARTICLES, start=1)]
    Pipeline(old).add_feed(src, parse_feed(rss2(items).encode(), {}), "2026-02-01T00:00:00+00:00")
    with old.atomic():  # what m001-era ingestion stored: folded copies (and text band keys, not wanted here)
        old.execute("delete from article_bands")
        old.execute("delete from articles_fts")
        for row in old.query("select id, title, text from articles"):
            old.execute(
                "insert into articles_fts (rowid, title, text) values (?, ?, ?)",
                [row["id"], fold(row["title"]), fold(row["text"])],
            )
    assert old.execute("select count(*) from articles_fts_content").fetchone()[0] == len(ARTICLES)
    old.conn.close()

    db = core_db.get_db(path)
    try:
        assert db.execute("select count(*) from sqlite_master where name = 'articles_fts_content'").fetchone()[0] == 0
        assert db.execute("select title, text from articles_fts limit 1").fetchone() == (None, None)
        leader = users["leader"]
        assert _titles(search(db, leader, "dang ky")) == ["Hướng dẫn đăng ký khai sinh trực tuyến"]
        assert _titles(search(db, leader, '"cai cach hanh chinh"')) == ["Hà Nội đẩy mạnh cải cách hành chính"]
        assert sorted(_titles(search(db, leader, "dich vu cong"))) == sorted(
            unicodedata.normalize("NFC", ARTICLES[i][0]) for i in (1, 3)
        )
    finally:
        core_db.forget(path)


@pytest.mark.parametrize(
    "query",
    [
        "thủ tục " * 12_500,  # 100 kB of one word repeated
        " ".join(f"tu{n}*" for n in range(20_000)),  # 100 kB of distinct prefixes
        '"' + "dân " * 25_000 + '"',  # one 100 kB phrase
        "khai sinh " + "x" * 100_000,  # a real query, then 100 kB of noise
    ],
    ids=["repeated-word", "distinct-prefixes", "one-phrase", "query-then-noise"],
)
def test_a_100_kb_query_is_read_up_to_its_bounds_and_still_answers(search_db, query):
    """Issue 23 probe: a 100 kB query took 31 s of CPU and 405 MB on 30 articles (one FTS5
    term and one snippet pattern per word). Only the first characters and distinct terms count."""
    from media.search import MAX_QUERY_CHARS, MAX_TERMS

    match, terms = parse_query(query)
    assert len(terms) <= MAX_TERMS and sum(len(t) for t, _ in terms) <= MAX_QUERY_CHARS
    assert len(match) <= 4 * MAX_QUERY_CHARS
    if query.startswith("khai sinh"):
        assert terms[:2] == [(["khai"], False), (["sinh"], False)]
    assert isinstance(search(search_db, SYSTEM, query, limit=100), list)
    assert _titles(search(search_db, SYSTEM, "khai sinh " * 5_000, limit=100)) == [ARTICLES[1][0]]


@pytest.mark.parametrize(
    "query, read_up_to",
    [
        ("thủ tục hành chính", None),
        ("khai sinh " * 60, "khai sinh"),  # 600 characters, two distinct terms: cut, read up to them
        (" ".join(f"phường{n}" for n in range(30)), " ".join(f"phường{n}" for n in range(24))),
        ('"' + "dân " * 30 + '"', '"' + "dân " * 30 + '"'),  # a phrase of 30 words keeps 24
        ("đăng ký " * 3 + "x" * 600, ("đăng ký " * 3 + "x" * 600)[:500]),  # the noise is read up to the cut
    ],
    ids=["short", "long-repeated", "thirty-terms", "long-phrase", "query-then-noise"],
)
def test_a_query_past_its_bounds_says_what_was_read(query, read_up_to):
    from media.search import MAX_QUERY_CHARS, MAX_TERMS, read_query

    read = read_query(query)
    assert read.read_up_to == (read_up_to.strip() if read_up_to else None)
    assert (read.match, read.terms) == parse_query(query)
    assert len(read.terms) <= MAX_TERMS and len(read.read_up_to or "") <= MAX_QUERY_CHARS
    if read.read_up_to:
        assert read_query(read.read_up_to).terms == read.terms

