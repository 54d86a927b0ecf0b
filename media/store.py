"""SQL of the media slice (sources, articles, stories, themes, links, rules, search
index). Only this module of `media` writes SQL."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("media")

SOURCE_KINDS = ("national_press", "city_press", "government_portal", "other")
UNIQUE_BY = ("guid", "link", "title_date")
REVIEW_STATES = ("new", "confirmed", "rejected")
TONES = ("positive", "neutral", "negative")
MEDIA_KINDS = ("online", "print", "tv", "radio", "portal")


@migrations()
def m001_sources_articles_stories(db: Database) -> None:
    db.table("media_sources").create(
        {
            "id": int,
            "name": str,
            "url": str,
            "outlet": str,
            "kind": str,
            "active": int,
            "unique_by": str,
            "etag": str,
            "last_modified": str,
            "body_hash": str,
            "last_fetch_at": str,
            "last_status": str,
            "last_success_at": str,
            "last_error": str,
            "last_error_at": str,
            "consecutive_errors": int,
            "next_fetch_at": str,
            "items_total": int,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"name", "kind", "active", "unique_by"},
        defaults={"active": 0, "unique_by": "guid", "consecutive_errors": 0, "items_total": 0, "kind": "other"},
    )
    db.table("media_sources").create_index(["name"], unique=True)
    db.table("media_allowed_hosts").create(
        {"host": str, "added_by": int, "created_at": str}, pk="host", foreign_keys=[("added_by", "users", "id")]
    )
    db.table("media_stories").create({"id": int, "title": str, "published_at": str}, pk="id")
    db.table("articles").create(
        {
            "id": int,
            "source_id": int,
            "entry_key": str,
            "guid": str,
            "url": str,
            "url_norm": str,
            "title": str,
            "summary_html": str,
            "text": str,
            "published_at": str,
            "date_missing": int,
            "fetched_at": str,
            "title_hash": str,
            "story_id": int,
            "outlet": str,
            "medium": str,
            "origin": str,
            "relevance": float,
            "relevant": int,
            "matched": str,
            "units": str,
            "themes_manual": int,
            "review": str,
            "tone": str,
            "note": str,
            "reviewed_by": int,
            "reviewed_at": str,
            "created_by": int,
            "created_at": str,
        },
        pk="id",
        not_null={"title", "published_at", "review", "origin", "medium"},
        defaults={
            "review": "new",
            "origin": "feed",
            "medium": "online",
            "relevance": 0,
            "relevant": 0,
            "date_missing": 0,
            "themes_manual": 0,
        },
        foreign_keys=[
            ("source_id", "media_sources", "id"),
            ("story_id", "media_stories", "id"),
            ("reviewed_by", "users", "id"),
            ("created_by", "users", "id"),
        ],
    )
    db.table("articles").create_index(["source_id", "entry_key"], unique=True)
    db.table("articles").create_index(["url_norm"])
    db.table("articles").create_index(["title_hash"])
    db.table("articles").create_index(["story_id"])
    db.table("articles").create_index(["published_at"])
    db.table("articles").create_index(["review", "relevant"])
    db.table("article_bands").create({"band": str, "article_id": int}, foreign_keys=[("article_id", "articles", "id")])
    db.table("article_bands").create_index(["band"])
    db.table("article_themes").create(
        {"article_id": int, "theme_id": int, "origin": str},
        pk=("article_id", "theme_id"),
        foreign_keys=[("article_id", "articles", "id"), ("theme_id", "themes", "id")],
    )
    db.table("article_themes").create_index(["theme_id"])
    db.table("article_activity_links").create(
        {"article_id": int, "activity_id": int, "linked_by": int, "linked_at": str},
        pk=("article_id", "activity_id"),
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("activity_id", "activities", "id"),
            ("linked_by", "users", "id"),
        ],
    )
    db.table("article_activity_links").create_index(["activity_id"])
    db.table("media_rule_sets").create({"name": str, "terms": str, "updated_at": str}, pk="name")
    db.execute("create virtual table articles_fts using fts5(title, text, tokenize = 'unicode61 remove_diacritics 2')")


@migrations()
def m002_contentless_search_index(db: Database) -> None:
    """The search index keeps only its index, not a second copy of every title and text:
    search reads rows from `articles` and highlights the original text itself. Rows are
    re-indexed in the form `index_form` gives (đ/Đ as d/D), the same words as before."""
    db.execute(
        "create virtual table articles_fts_new using fts5(title, text, content = '',"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    db.execute(
        "insert into articles_fts_new (rowid, title, text) select id,"
        " replace(replace(title, 'đ', 'd'), 'Đ', 'D'), replace(replace(coalesce(text, ''), 'đ', 'd'), 'Đ', 'D')"
        " from articles"
    )
    db.execute("drop table articles_fts")
    db.execute("alter table articles_fts_new rename to articles_fts")


@migrations()
def m003_integer_band_keys(db: Database) -> None:
    """Band keys as integers in one clustered B-tree (WITHOUT ROWID) instead of text keys
    in a table plus an index: about a third of the bytes, one tree to update per key.
    Stored "band:first-second" keys are converted, not recomputed."""
    from media.vntext import band_key

    db.execute(
        "create table article_bands_new (band integer not null, article_id integer not null"
        " references articles(id), primary key (band, article_id)) without rowid"
    )

    def converted():
        for key, article_id in db.conn.execute("select band, article_id from article_bands"):
            band, _sep, minima = key.partition(":")
            first, _sep, second = minima.partition("-")
            yield band_key(int(band), int(first), int(second)), article_id

    db.conn.executemany("insert or ignore into article_bands_new (band, article_id) values (?, ?)", converted())
    db.execute("drop table article_bands")
    db.execute("alter table article_bands_new rename to article_bands")


@migrations()
def m004_read_indexes(db: Database) -> None:
    """What the pages read at 250.000 articles without scanning them: the review queue in
    its order, the reviewed list, filters by source, state and relevance in date order,
    articles of a theme (index-only). Indexes only: no stored row changes."""
    db.execute("drop index if exists idx_articles_review_relevant")
    db.execute("create index articles_review_queue on articles (review, relevant, relevance, published_at)")
    db.execute("create index articles_review_published on articles (review, published_at)")
    db.execute("create index articles_relevant_published on articles (relevant, published_at)")
    db.execute("create index articles_source_published on articles (source_id, published_at)")
    db.execute("create index articles_reviewed_at on articles (reviewed_at)")
    db.execute("drop index if exists idx_article_themes_theme_id")
    db.execute("create index article_themes_theme_article on article_themes (theme_id, article_id)")


@migrations()
def m005_coverage_index(db: Database) -> None:
    """Coverage counts (analysis page, reports) read the window's relevant articles from one
    index holding every column they count by, without visiting the rows: 2,5 M articles
    are too many to fetch a year of them row by row. It starts with (relevant,
    published_at), so the index of m004 on those two columns is dropped as redundant."""
    db.execute("create index articles_coverage on articles (relevant, published_at, review, story_id, tone, outlet)")
    db.execute("drop index if exists articles_relevant_published")


@migrations()
def m006_band_keys_unversioned(db: Database) -> None:
    """Band keys are written only with their article, whose own trigger moves the data
    version; their per-row version triggers (four per article) are dropped, and
    `core.store.UNVERSIONED` keeps them from coming back."""
    for event in ("insert", "update", "delete"):
        db.execute(f'drop trigger if exists "dv_article_bands_{event}"')


@migrations()
def m007_stories_unversioned(db: Database) -> None:
    """A story row is written only by ingestion, just before the first article that tells
    it and in the same transaction (whose trigger moves the data version), and never
    changed: its own version trigger, one more per new story, is dropped like the band
    keys' (m006), and `core.store.UNVERSIONED` keeps it from coming back."""
    for event in ("insert", "update", "delete"):
        db.execute(f'drop trigger if exists "dv_media_stories_{event}"')


@migrations()
def m008_review_history(db: Database) -> None:
    """The reviewed state of an article (decision, tone, note, relevance, themes, activity
    links) dated each time a person changes it, so a report for a past cut-off reads the
    state of that day. An article a person never touched has no rows: its stored row is its
    state since publication. Existing articles are backfilled from what they store: a feed
    article stood as ingested (new, no tone, no note, no links, its present themes) from
    its publication; its present decision, tone, note and themes date from its stored review
    time (`reviewed_at`) and each link from its own `linked_at`. An article entered by hand
    starts at its creation, as stored today. Earlier decisions overwritten before this
    history existed are not recovered."""
    db.execute(
        "create table article_review_history (id integer primary key, article_id integer not null"
        " references articles(id), at text not null, review text not null, tone text, note text,"
        " relevant integer not null, theme_ids text not null, activity_ids text not null,"
        " actor_id integer references users(id))"
    )
    db.execute("create index article_review_history_article on article_review_history (article_id, at)")
    db.execute("create index article_review_history_at on article_review_history (at)")
    touched = (
        "select a.id from articles a where a.review != 'new' or a.themes_manual = 1 or a.origin != 'feed'"
        " or exists (select 1 from article_activity_links l where l.article_id = a.id)"
    )
    themes = (
        "coalesce((select json_group_array(theme_id) from (select theme_id from article_themes"
        " where article_id = a.id order by theme_id)), '[]')"
    )
    db.execute(
        "insert into article_review_history (article_id, at, review, tone, note, relevant, theme_ids, activity_ids)"  # noqa: S608
        f" select a.id, a.published_at, 'new', null, null, a.relevant, {themes}, '[]' from articles a"
        f" where a.origin = 'feed' and a.id in ({touched})"
    )
    moments = (
        "select a.id as article_id, coalesce(a.reviewed_at, a.created_at) as at from articles a"  # noqa: S608
        f" where a.id in ({touched}) and (a.review != 'new' or a.origin != 'feed' or a.themes_manual = 1)"
        " union select l.article_id, l.linked_at from article_activity_links l where l.linked_at is not null"
    )
    db.execute(
        "insert into article_review_history (article_id, at, review, tone, note, relevant, theme_ids, activity_ids,"  # noqa: S608
        " actor_id)"
        " select a.id, m.at,"
        " case when a.reviewed_at is null or a.reviewed_at <= m.at or a.origin != 'feed' then a.review else 'new' end,"
        " case when a.reviewed_at is null or a.reviewed_at <= m.at or a.origin != 'feed' then a.tone end,"
        " case when a.reviewed_at is null or a.reviewed_at <= m.at or a.origin != 'feed' then a.note end,"
        f" a.relevant, {themes},"
        " coalesce((select json_group_array(activity_id) from (select activity_id from article_activity_links"
        " where article_id = a.id and (linked_at is null or linked_at <= m.at) order by activity_id)), '[]'),"
        " a.reviewed_by"
        f" from ({moments}) m join articles a on a.id = m.article_id where m.at is not null order by m.at, a.id"
    )


@migrations()
def m009_coverage_index_source(db: Database) -> None:
    """The coverage index also holds each article's source, so counting per press agency
    (whose name comes from the source) reads no article row: fetching a year of rows one
    by one for their source was most of a coverage page's first run after a write."""
    db.execute("drop index if exists articles_coverage")
    db.execute(
        "create index articles_coverage on articles (relevant, published_at, review, story_id, tone, outlet, source_id)"
    )


# --- sources ----------------------------------------------------------------


def list_sources(db: Database, active_only: bool = False) -> list[dict]:
    where = " where active = 1" if active_only else ""
    return list(db.query(f"select * from media_sources{where} order by name"))  # noqa: S608 - fixed fragment


def source_row(db: Database, source_id: int) -> dict | None:
    rows = list(db.query("select * from media_sources where id = ?", [source_id]))
    return rows[0] if rows else None


def source_by_name(db: Database, name: str) -> dict | None:
    rows = list(db.query("select * from media_sources where name = ?", [name]))
    return rows[0] if rows else None


def source_by_url(db: Database, url: str) -> dict | None:
    rows = list(db.query("select * from media_sources where url = ?", [url]))
    return rows[0] if rows else None


def insert_source(db: Database, row: dict) -> int:
    result = db.table("media_sources").insert(row).last_pk
    return result


def update_source(db: Database, source_id: int, changes: dict) -> None:
    db.table("media_sources").update(source_id, changes)


def due_sources(db: Database, now_iso: str) -> list[dict]:
    return list(
        db.query(
            "select * from media_sources where active = 1 and url is not null"
            " and (next_fetch_at is null or next_fetch_at <= ?) order by id",
            [now_iso],
        )
    )


def allowed_hosts(db: Database) -> set[str]:
    return {r["host"] for r in db.query("select host from media_allowed_hosts")}


def insert_allowed_host(db: Database, row: dict) -> None:
    db.table("media_allowed_hosts").insert(row, replace=True)


def delete_allowed_host(db: Database, host: str) -> None:
    db.execute("delete from media_allowed_hosts where host = ?", [host])


# --- articles: de-duplication look-ups and ingestion writes ------------------
# Ingestion reads what the database holds for a whole batch of entries at once (a few
# queries per feed instead of several per item) and writes its rows with executemany.

_CHUNK = 500  # well under SQLite's limit on bound parameters


def _chunks(values: Iterable) -> Iterable[list]:
    values = list(dict.fromkeys(v for v in values if v is not None))
    for first in range(0, len(values), _CHUNK):
        yield values[first : first + _CHUNK]


def _marks(values: list) -> str:
    return ",".join("?" for _ in values)


def article_by_url(db: Database, url_norm: str) -> int | None:
    row = db.conn.execute("select id from articles where url_norm = ? limit 1", [url_norm]).fetchone()
    return row[0] if row else None


def article_ids_by_keys(db: Database, source_id: int | None, keys: Iterable[str]) -> dict[str, int]:
    found = {}
    for chunk in _chunks(keys):
        found.update(
            db.conn.execute(
                f"select entry_key, id from articles where source_id is ? and entry_key in ({_marks(chunk)})",  # noqa: S608
                [source_id, *chunk],
            ).fetchall()
        )
    return found


def article_ids_by_urls(db: Database, urls: Iterable[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(urls):
        for url, article_id in db.conn.execute(
            f"select url_norm, id from articles where url_norm in ({_marks(chunk)}) order by id",  # noqa: S608
            chunk,
        ):
            found.setdefault(url, article_id)
    return found


def articles_by_title_hashes(db: Database, hashes: Iterable[str]) -> dict[str, list[tuple[int, str | None, int]]]:
    """title hash -> [(id, outlet, story id)], oldest first."""
    found: dict[str, list] = {}
    for chunk in _chunks(hashes):
        for title_hash, *row in db.conn.execute(
            f"select title_hash, id, outlet, story_id from articles where title_hash in ({_marks(chunk)})"  # noqa: S608
            " order by id",
            chunk,
        ):
            found.setdefault(title_hash, []).append(tuple(row))
    return found


def article_ids_by_bands(db: Database, bands: Iterable[int], per_band: int) -> dict[int, list[int]]:
    """band key -> ids of the `per_band` most recent articles that have it, newest first.
    Each band is two seeks into the (band, article id) key: the `per_band`-th newest id,
    then the ids from it on, so a band shared by thousands of old articles reads no more
    rows than one shared by a few (a window over the band would read all of them)."""
    found: dict[int, list[int]] = {}
    for chunk in _chunks(bands):
        for band, article_id in db.conn.execute(
            "select w.value, a.article_id from json_each(?) w join article_bands a on a.band = w.value"
            " and a.article_id >= coalesce((select b.article_id from article_bands b where b.band = w.value"
            " order by b.article_id desc limit 1 offset ?), 0) order by w.key, a.article_id desc",
            [json.dumps(chunk), per_band - 1],
        ):
            found.setdefault(band, []).append(article_id)
    return found


def article_briefs(db: Database, ids: Iterable[int]) -> dict[int, tuple[str, str, str | None, int]]:
    """id -> (title, text, outlet, story id): what near-duplicate checks compare."""
    found = {}
    for chunk in _chunks(ids):
        for article_id, *row in db.conn.execute(  # one statement whatever the count: prepared once
            "select id, title, text, outlet, story_id from articles where id in (select value from json_each(?))",
            [json.dumps(chunk)],
        ):
            found[article_id] = tuple(row)
    return found


def insert_story(db: Database, title: str, published_at: str) -> int:
    """A new story; its first article follows in the same transaction (media m007)."""
    story_id = db.conn.execute(
        "insert into media_stories (title, published_at) values (?, ?)", [title, published_at]
    ).lastrowid
    return story_id


_JSON_COLUMNS = ("matched", "units")
_to_json = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps would build an encoder per call
_insert_statements: dict[tuple[str, ...], tuple[str, list[int]]] = {}  # columns -> SQL, JSON positions


def insert_article(db: Database, row: dict) -> int:
    """One article row; its band keys, themes and search-index row follow in `insert_article_parts`."""
    row = {"matched": None, "units": None, **row}
    columns = tuple(row)
    if columns not in _insert_statements:
        _insert_statements[columns] = (
            f"insert into articles ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",  # noqa: S608 - our own keys
            [columns.index(c) for c in _JSON_COLUMNS],
        )
    sql, json_positions = _insert_statements[columns]
    values = list(row.values())
    for position in json_positions:
        values[position] = _to_json(values[position] or [])
    article_id = db.conn.execute(sql, values).lastrowid
    return article_id


def insert_article_parts(
    db: Database, bands: list[tuple[int, int]], themes: list[tuple[int, int]], fts: list[tuple[int, str, str]]
) -> None:
    """Band keys (band, article id), rule themes (article id, theme id) and search-index
    rows (article id, title, text) of articles just inserted."""
    db.conn.executemany("insert into article_bands (band, article_id) values (?, ?)", bands)
    db.conn.executemany(
        "insert or ignore into article_themes (article_id, theme_id, origin) values (?, ?, 'rule')", themes
    )
    db.conn.executemany("insert into articles_fts (rowid, title, text) values (?, ?, ?)", fts)


def _article(row: dict) -> dict:
    return {**row, "matched": json.loads(row.get("matched") or "[]"), "units": json.loads(row.get("units") or "[]")}


def article_row(db: Database, article_id: int) -> dict | None:
    rows = list(
        db.query(
            "select a.*, s.name as source_name, (select count(*) from articles c where c.story_id = "
            "a.story_id) as copies"
            " from articles a left join media_sources s on s.id = a.source_id where a.id = ?",
            [article_id],
        )
    )
    return _article(rows[0]) if rows else None


def update_article(db: Database, article_id: int, changes: dict) -> None:
    for key in ("matched", "units"):
        if key in changes:
            changes = {**changes, key: json.dumps(changes[key], ensure_ascii=False)}
    db.table("articles").update(article_id, changes)


def all_article_texts(db: Database) -> Iterable[dict]:
    return db.query("select id, title, text, published_at, themes_manual from articles order by id")


def count_articles(db: Database) -> int:
    return db.execute("select count(*) from articles").fetchone()[0]


def article_themes(db: Database, article_ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {i: [] for i in article_ids}
    for chunk_start in range(0, len(article_ids), 500):
        chunk = article_ids[chunk_start : chunk_start + 500]
        marks = ",".join("?" for _ in chunk)
        for row in db.query(
            f"select article_id, theme_id from article_themes where article_id in ({marks}) order by theme_id",  # noqa: S608
            chunk,
        ):
            found[row["article_id"]].append(row["theme_id"])
    return found


def set_article_themes(db: Database, article_id: int, theme_ids: Iterable[int], origin: str) -> None:
    db.execute("delete from article_themes where article_id = ?", [article_id])
    db.conn.executemany(
        "insert or ignore into article_themes (article_id, theme_id, origin) values (?, ?, ?)",
        [(article_id, t, origin) for t in theme_ids],
    )


# The queue holds one card per story: the first article still to review stands for every
# outlet that told it (decided once for all, see media.review.review_article).
_QUEUE = (
    "a.review = 'new' and a.relevant = 1 and not exists (select 1 from articles c where c.story_id = a.story_id"
    " and c.review = 'new' and c.relevant = 1 and c.id < a.id)"
)


def _queue_where(year: int | None) -> tuple[str, list]:
    if year is None:
        return _QUEUE, []
    return _QUEUE + " and a.published_at >= ? and a.published_at < ?", [f"{int(year):04d}", f"{int(year) + 1:04d}"]


def review_queue(db: Database, limit: int = 200, offset: int = 0, year: int | None = None) -> list[dict]:
    where, params = _queue_where(year)
    return [
        _article(r)
        for r in db.query(
            "select a.*, s.name as source_name, (select count(*) from articles c where c.story_id = "  # noqa: S608
            "a.story_id) as copies, (select group_concat(coalesce(c.outlet, ''), ', ') from articles c"
            " where c.story_id = a.story_id) as outlets"
            " from articles a left join media_sources s on s.id = a.source_id"
            f" where {where} order by a.relevance desc, a.published_at desc, a.id desc"
            " limit ? offset ?",
            [*params, limit, offset],
        )
    ]


def count_review_queue(db: Database, year: int | None = None) -> int:
    where, params = _queue_where(year)
    return db.conn.execute(f"select count(*) from articles a where {where}", params).fetchone()[0]  # noqa: S608


def review_queue_years(db: Database) -> list[int]:
    """The years of the articles waiting in the queue, the latest first."""
    rows = db.conn.execute(
        "select distinct substr(published_at, 1, 4) from articles where review = 'new' and relevant = 1"
        " and published_at is not null order by 1 desc"
    ).fetchall()
    return [int(r[0]) for r in rows if r[0] and r[0].isdigit()]


def story_copies_to_review(db: Database, article_id: int) -> list[int]:
    """The other articles of `article_id`'s story still waiting for review."""
    rows = db.conn.execute(
        "select c.id from articles a join articles c on c.story_id = a.story_id and c.id != a.id"
        " where a.id = ? and c.review = 'new' order by c.id",
        [article_id],
    ).fetchall()
    return [r[0] for r in rows]


def count_reviewed(db: Database) -> int:
    return db.conn.execute("select count(*) from articles where review in ('confirmed', 'rejected')").fetchone()[0]


def reviewed_articles(db: Database, limit: int = 50, offset: int = 0) -> list[dict]:
    """Articles already confirmed or rejected, the most recently reviewed first."""
    return [
        _article(r)
        for r in db.query(
            "select a.*, s.name as source_name, (select count(*) from articles c where c.story_id = "
            "a.story_id) as copies"
            " from articles a left join media_sources s on s.id = a.source_id"
            " where +a.review in ('confirmed', 'rejected') order by a.reviewed_at desc, a.id desc limit ? offset ?",
            [limit, offset],
        )
    ]


# --- activity links (the evidence contract) -----------------------------------


def link_activity(db: Database, row: dict) -> None:
    db.table("article_activity_links").insert(row, replace=True)


def unlink_activity(db: Database, article_id: int, activity_id: int) -> None:
    db.execute("delete from article_activity_links where article_id = ? and activity_id = ?", [article_id, activity_id])


def linked_activity_ids(db: Database, article_id: int) -> list[int]:
    return [
        r[0]
        for r in db.execute(
            "select activity_id from article_activity_links where article_id = ? order by activity_id", [article_id]
        )
    ]


def coverage_for_activity(db: Database, activity_id: int) -> list[dict]:
    return list(
        db.query(
            "select a.id, a.title, a.url, a.outlet, a.published_at, a.medium, a.tone, a.review, a.story_id"
            " from article_activity_links l join articles a on a.id = l.article_id"
            " where l.activity_id = ? and a.review != 'rejected' order by a.published_at desc",
            [activity_id],
        )
    )


def linked_counts(db: Database, activity_ids: list[int]) -> dict[int, dict[str, int]]:
    """activity id -> linked articles and distinct stories (rejected articles left out), for
    `activity_ids` only (activities without links are absent)."""
    return {
        r["activity_id"]: {"articles": r["articles"], "stories": r["stories"]}
        for r in db.query(
            "select l.activity_id, count(*) as articles, count(distinct a.story_id) as stories"
            " from article_activity_links l join articles a on a.id = l.article_id"
            " where l.activity_id in (select value from json_each(?)) and a.review != 'rejected'"
            " group by l.activity_id",
            [json.dumps(activity_ids)],
        )
    }


# --- rules ----------------------------------------------------------------------


def rule_set(db: Database, name: str) -> list[str] | None:
    row = db.execute("select terms from media_rule_sets where name = ?", [name]).fetchone()
    return json.loads(row[0]) if row else None


def put_rule_set(db: Database, name: str, terms: list[str], updated_at: str) -> None:
    db.table("media_rule_sets").insert(
        {"name": name, "terms": json.dumps(terms, ensure_ascii=False), "updated_at": updated_at}, replace=True
    )


# --- search ---------------------------------------------------------------------


# The plan of a search (which id bounds, which order, how far relevance ranks) is made in
# `media.search_plan`; these functions read what it asks for. `filters` holds the search
# page's criteria (theme_id, source_id, review, tone, date_from, date_to, relevant_only);
# `id_range` (low, high) bounds the ids of the search index read; `floor` the smallest id.


def has_filters(filters: dict[str, Any]) -> bool:
    return any(filters.values())


def _date_where(filters: dict[str, Any], column: str) -> tuple[list[str], list]:
    """The date filters' conditions on `column`: from `date_from` (inclusive) to `date_to`
    (exclusive), both UTC ISO."""
    where, params = [], []
    if filters.get("date_from"):
        where.append(f"{column} >= ?")
        params.append(filters["date_from"])
    if filters.get("date_to"):
        where.append(f"{column} < ?")
        params.append(filters["date_to"])
    return where, params


def max_article_id(db: Database) -> int:
    return db.conn.execute("select max(id) from articles").fetchone()[0] or 0


def published_id_bounds(db: Database, filters: dict[str, Any], cap: int) -> tuple[int, int | None, int | None]:
    """(count, smallest id, largest id) of the articles published in the date filters' range,
    reading at most `cap` of them from the date index (the count stops at `cap`)."""
    where, params = _date_where(filters, "published_at")
    inside = " and ".join(where) or "1"
    return tuple(
        db.conn.execute(
            f"select count(*), min(id), max(id) from (select id from articles where {inside} limit ?)",  # noqa: S608
            [*params, cap],
        ).fetchone()
    )


def _search_where(
    match: str | None, filters: dict[str, Any], id_range: tuple[int, int] | None = None
) -> tuple[list[str], list]:
    """Conditions on `articles a` for the filters and, with terms, the FTS match. The match
    is a set the planner builds once (unary + keeps it from driving the query), so the
    query walks an index in the order asked for and stops at the page; with `id_range` the
    set holds only the matches between those ids."""
    where, params = [], []
    if filters.get("theme_id"):
        where.append("+a.id in (select article_id from article_themes where theme_id = ?)")
        params.append(filters["theme_id"])
    for key, column in (("source_id", "a.source_id"), ("review", "a.review"), ("tone", "a.tone")):
        if filters.get(key):
            where.append(f"{column} = ?")
            params.append(filters[key])
    date_where, date_params = _date_where(filters, "a.published_at")
    where += date_where
    params += date_params
    if filters.get("relevant_only"):
        where.append("a.relevant = 1")
    if match and id_range:
        where.append("+a.id in (select rowid from articles_fts where articles_fts match ? and rowid between ? and ?)")
        params += [match, *id_range]
    elif match:
        where.append("+a.id in (select rowid from articles_fts where articles_fts match ?)")
        params.append(match)
    return where, params


def _match_in_range(match: str, id_range: tuple[int, int] | None, floor: int) -> tuple[str, list]:
    """The conditions on `articles_fts f` for matches from id `floor` up (0: every match),
    inside `id_range`."""
    low, high = id_range if id_range else (0, None)
    if high is None:
        return "articles_fts match ? and f.rowid >= ?", [match, max(floor, low)]
    return "articles_fts match ? and f.rowid >= ? and f.rowid <= ?", [match, max(floor, low), high]


def _ranked_where(
    match: str, filters: dict[str, Any], id_range: tuple[int, int] | None, floor: int
) -> tuple[str, list]:
    """The conditions after "where" on `articles_fts f` joined to `articles a` for matches
    from `floor` up (0: every match) inside `id_range` that pass the filters."""
    sql, params = _match_in_range(match, id_range, floor)
    where, filter_params = _search_where(None, filters)
    return sql + "".join(f" and {w}" for w in where), [*params, *filter_params]


def _ranked_from(filters: dict[str, Any]) -> str:
    """The search index, joined to the articles only when a filter reads them."""
    join = " cross join articles a on a.id = f.rowid" if has_filters(filters) else ""
    return "articles_fts f" + join


def newest_match_id(
    db: Database, match: str, filters: dict[str, Any], id_range: tuple[int, int] | None, offset: int
) -> int | None:
    """The id of the match `offset` places below the newest stored match that passes the
    filters, inside `id_range`; None when there are not that many."""
    if not has_filters(filters):
        row = db.conn.execute(
            "select rowid from articles_fts where articles_fts match ? order by rowid desc limit 1 offset ?",
            [match, offset],
        ).fetchone()
    else:
        where, params = _ranked_where(match, filters, id_range, 0)
        row = db.conn.execute(
            f"select f.rowid from {_ranked_from(filters)} where {where} order by f.rowid desc limit 1 offset ?",  # noqa: S608
            [*params, offset],
        ).fetchone()
    return row[0] if row else None


def oldest_of_newest_matches(
    db: Database, match: str, filters: dict[str, Any], id_range: tuple[int, int] | None, depth: int
) -> tuple[int, str | None]:
    """(how many, the earliest publication date) of the `depth` newest-stored matches
    that pass the filters, inside `id_range`."""
    where, params = _ranked_where(match, filters, id_range, 0)
    return tuple(
        db.conn.execute(
            "select count(*), min(a.published_at) from ("  # noqa: S608 - our own fragments
            f"select f.rowid as id from {_ranked_from(filters)} where {where} order by f.rowid desc limit ?"
            ") c cross join articles a on a.id = c.id",
            [*params, depth],
        ).fetchone()
    )


def count_passing_among_newest(
    db: Database, match: str, filters: dict[str, Any], id_range: tuple[int, int] | None, walk: int, cap: int
) -> int:
    """How many of the `walk` newest-stored matches inside `id_range` pass the filters,
    counted up to `cap`."""
    fts, fts_params = _match_in_range(match, id_range, 0)
    where, params = _search_where(None, filters)
    passes = " and ".join(where) or "1"
    return db.conn.execute(
        f"select count(*) from (select 1 from (select f.rowid as id from articles_fts f where {fts}"  # noqa: S608
        f" order by f.rowid desc limit ?) c cross join articles a on a.id = c.id where {passes} limit ?)",
        [*fts_params, walk, *params, cap],
    ).fetchone()[0]


def count_matches(db: Database, match: str, id_range: tuple[int, int] | None, cap: int) -> int:
    """How many stored articles match the terms inside `id_range`, counted up to `cap`."""
    if id_range is None:
        sql, params = "articles_fts match ?", [match]
    else:
        sql, params = _match_in_range(match, id_range, 0)
    return db.conn.execute(
        f"select count(*) from (select 1 from articles_fts f where {sql} limit ?)",  # noqa: S608
        [*params, cap],
    ).fetchone()[0]


def search_ranked(
    db: Database,
    match: str,
    filters: dict[str, Any],
    id_range: tuple[int, int] | None,
    floor: int,
    limit: int,
    offset: int,
) -> list[dict]:
    """A page of the matches from id `floor` up that pass the filters, best FTS rank first.
    The matches are ranked on ids alone; only the page's rows are read whole."""
    where, params = _ranked_where(match, filters, id_range, floor)
    sql = (
        "select a.*, s.name as source_name, r.rank as rank from ("  # noqa: S608 - our own fragments
        f"select f.rowid as id, f.rank as rank from {_ranked_from(filters)}"
        f" where {where} order by f.rank, f.rowid desc limit ? offset ?"
        ") r cross join articles a on a.id = r.id left join media_sources s on s.id = a.source_id"
        " order by r.rank, a.id desc"
    )
    return [_article(r) for r in db.query(sql, [*params, limit, offset])]


def count_ranked(
    db: Database, match: str, filters: dict[str, Any], id_range: tuple[int, int] | None, floor: int, cap: int
) -> int:
    """How many matches `search_ranked` pages through, counted up to `cap`."""
    where, params = _ranked_where(match, filters, id_range, floor)
    sql = f"select count(*) from (select 1 from {_ranked_from(filters)} where {where} limit ?)"  # noqa: S608
    return db.conn.execute(sql, [*params, cap]).fetchone()[0]


def search_by_date(
    db: Database,
    match: str | None,
    filters: dict[str, Any],
    id_range: tuple[int, int] | None,
    limit: int,
    offset: int,
) -> list[dict]:
    """A page of the articles that pass the filters (and match the terms, inside
    `id_range`), newest first (ties by id)."""
    where, params = _search_where(match, filters, id_range)
    clause = (" where " + " and ".join(where)) if where else ""
    sql = (
        "select a.*, s.name as source_name from articles a left join media_sources s on s.id = a.source_id"  # noqa: S608
        f"{clause} order by a.published_at desc, a.id desc limit ? offset ?"
    )
    return [_article(r) for r in db.query(sql, [*params, limit, offset])]


def count_by_date(
    db: Database, match: str | None, filters: dict[str, Any], id_range: tuple[int, int] | None, cap: int
) -> int:
    """How many articles `search_by_date` pages through, counted up to `cap`."""
    where, params = _search_where(match, filters, id_range)
    clause = (" where " + " and ".join(where)) if where else ""
    sql = f"select count(*) from (select 1 from articles a{clause} limit ?)"  # noqa: S608
    return db.conn.execute(sql, [*params, cap]).fetchone()[0]


# --- analysis -------------------------------------------------------------------


def bulk_load(db: Database, rows: list[dict], fts_rows: list[tuple[int, str, str]]) -> None:
    """Many articles at once (benchmarks, archives): rows carry their ids; no dedupe, no rules."""
    columns = list(rows[0])
    with db.atomic():
        db.conn.executemany(
            f"insert into articles ({', '.join(columns)}) values ({', '.join('?' for _ in columns)})",  # noqa: S608
            [[r[c] for c in columns] for r in rows],
        )
        db.conn.executemany("insert into articles_fts (rowid, title, text) values (?, ?, ?)", fts_rows)


# --- review history: the reviewed state of each article, dated --------------------------

_THEME_IDS = (
    "coalesce((select json_group_array(theme_id) from (select theme_id from article_themes"
    " where article_id = a.id order by theme_id)), '[]')"
)
_ACTIVITY_IDS = (
    "coalesce((select json_group_array(activity_id) from (select activity_id from article_activity_links"
    " where article_id = a.id order by activity_id)), '[]')"
)


def open_review_history(db: Database, article_ids: Iterable[int]) -> None:
    """Before a person's first change to an article, its state until then: a feed article
    stood as stored (as ingested) since its publication. Articles with a history are left."""
    db.execute(
        "insert into article_review_history (article_id, at, review, tone, note, relevant, theme_ids, activity_ids)"  # noqa: S608
        f" select a.id, a.published_at, a.review, a.tone, a.note, a.relevant, {_THEME_IDS}, {_ACTIVITY_IDS}"
        " from articles a where a.id in (select value from json_each(?))"
        " and not exists (select 1 from article_review_history h where h.article_id = a.id)",
        [json.dumps(sorted({int(i) for i in article_ids}))],
    )


def record_review_state(db: Database, article_ids: Iterable[int], at: str, actor_id: int | None) -> None:
    """The articles' reviewed state as stored now, dated `at` (a change a person just made)."""
    db.execute(
        "insert into article_review_history (article_id, at, review, tone, note, relevant, theme_ids, activity_ids,"  # noqa: S608
        f" actor_id) select a.id, ?, a.review, a.tone, a.note, a.relevant, {_THEME_IDS}, {_ACTIVITY_IDS}, ?"
        " from articles a where a.id in (select value from json_each(?))",
        [at, actor_id, json.dumps(sorted({int(i) for i in article_ids}))],
    )


def with_review_history(db: Database, article_ids: Iterable[int]) -> list[int]:
    """Which of `article_ids` have a dated history (a person changed them)."""
    return [
        r[0]
        for r in db.execute(
            "select distinct article_id from article_review_history"
            " where article_id in (select value from json_each(?))",
            [json.dumps(sorted({int(i) for i in article_ids}))],
        )
    ]


def review_history(db: Database, article_id: int) -> list[dict]:
    """The dated states of one article, oldest first."""
    return list(db.query("select * from article_review_history where article_id = ? order by at, id", [article_id]))


def date_review_history(db: Database, article_ids: Iterable[int], at: str) -> None:
    """Date the changes recorded for `article_ids` at `at` (the demo's reviews, made when it is
    built, as an office would have made them: soon after publication)."""
    db.execute(
        "update article_review_history set at = ? where article_id in (select value from json_each(?))"
        " and at > ? and at > (select published_at from articles a where a.id = article_id)",
        [at, json.dumps(sorted({int(i) for i in article_ids})), at],
    )


# --- read-only figures for reports (read through media.report_data) ---
#
# Each reads the articles published in [utc_from, utc_to) as they stood at the instant `at`
# (a report's cut-off; now for today's figures). An article a person changed after `at` is
# read from its latest history row on or before `at` (left out when it has none: entered by
# hand afterwards); every other article from its stored row, which has not changed since.
# A relevant article is counted when staff confirmed it (reviewed: its themes and tone are a
# person's); one still "new" is counted apart as not yet reviewed; rejected ones never.

_STATE = """
late(id) as (
    select distinct article_id from article_review_history indexed by article_review_history_at where at > :at
),
covered as (
    select a.id, a.published_at, a.story_id, a.outlet, a.source_id, a.relevant, a.review, a.tone, null as h
    from articles a
    where a.relevant = 1 and a.published_at >= :utc_from and a.published_at < :utc_to
        and a.review != 'rejected' and a.id not in (select id from late)
    union all
    select a.id, a.published_at, a.story_id, a.outlet, a.source_id, h.relevant, h.review, h.tone, h.id as h
    from late join article_review_history h on h.id = (
            select h2.id from article_review_history h2 where h2.article_id = late.id and h2.at <= :at
            order by h2.at desc, h2.id desc limit 1)
        join articles a on a.id = h.article_id
    where a.published_at >= :utc_from and a.published_at < :utc_to and h.relevant = 1 and h.review != 'rejected'
)"""

_TAGGED = """,
tagged as (
    select c.*, t.theme_id from covered c join article_themes t on t.article_id = c.id where c.h is null
    union all
    select c.*, j.value as theme_id from covered c join article_review_history h on h.id = c.h,
        json_each(h.theme_ids) j
)"""

_LINKED = """,
linked as (
    select c.*, l.activity_id from covered c join article_activity_links l on l.article_id = c.id where c.h is null
    union all
    select c.*, j.value as activity_id from covered c join article_review_history h on h.id = c.h,
        json_each(h.activity_ids) j
)"""


def _window(utc_from: str, utc_to: str, at: str, **more) -> dict:
    return {"utc_from": utc_from, "utc_to": utc_to, "at": at, **more}


def coverage_by_outlet(db: Database, utc_from: str, utc_to: str, at: str, limit: int | None = 10) -> list[dict]:
    """Per press agency: reviewed articles and their distinct stories, and unreviewed articles.
    The agency is the feed source's outlet as it is now (a section's feed, "VnExpress – Thời
    sự", names its agency there), else the outlet written on the article (entered by hand)."""
    return list(
        db.query(
            f"""
            with {_STATE}
            select coalesce(nullif(trim(s.outlet), ''), c.outlet, '') as outlet,
                   min(coalesce(s.kind, 'other')) as kind,
                   sum(c.review = 'confirmed') as articles,
                   count(distinct case when c.review = 'confirmed' then coalesce(c.story_id, -c.id) end) as stories,
                   sum(c.review = 'new') as unreviewed
            from covered c left join media_sources s on s.id = c.source_id
            group by 1 order by articles desc, unreviewed desc, outlet limit :limit
            """,  # noqa: S608 - our own fragments
            _window(utc_from, utc_to, at, limit=-1 if limit is None else limit),
        )
    )


def coverage_totals(db: Database, utc_from: str, utc_to: str, at: str) -> dict:
    """Reviewed articles, their distinct stories and the negative ones; unreviewed articles."""
    row = db.execute(
        f"""
        with {_STATE}
        select coalesce(sum(c.review = 'confirmed'), 0),
               count(distinct case when c.review = 'confirmed' then coalesce(c.story_id, -c.id) end),
               coalesce(sum(c.review = 'confirmed' and c.tone = 'negative'), 0), coalesce(sum(c.review = 'new'), 0)
        from covered c
        """,  # noqa: S608 - our own fragments
        _window(utc_from, utc_to, at),
    ).fetchone()
    return {"articles": row[0], "stories": row[1], "negative": row[2], "unreviewed": row[3]}


def coverage_by_tone(db: Database, utc_from: str, utc_to: str, at: str) -> list[dict]:
    """Per tone ("none" when staff gave none) of the reviewed articles: articles and stories."""
    return list(
        db.query(
            f"""
            with {_STATE}
            select coalesce(c.tone, 'none') as tone, count(*) as articles,
                   count(distinct coalesce(c.story_id, -c.id)) as stories
            from covered c where c.review = 'confirmed' group by 1 order by tone
            """,  # noqa: S608 - our own fragments
            _window(utc_from, utc_to, at),
        )
    )


def notable_coverage(db: Database, utc_from: str, utc_to: str, at: str, limit: int = 10) -> list[dict]:
    """Confirmed articles linked to plan activities as evidence, newest first."""
    return list(
        db.query(
            f"""
            with {_STATE}{_LINKED}
            select a.id, a.title, a.outlet, a.published_at, a.url, count(l.activity_id) as activities
            from linked l join articles a on a.id = l.id
            where l.review = 'confirmed'
            group by a.id order by a.published_at desc, a.id desc limit :limit
            """,  # noqa: S608 - our own fragments
            _window(utc_from, utc_to, at, limit=limit),
        )
    )


def negative_coverage(db: Database, utc_from: str, utc_to: str, at: str, limit: int = 20) -> list[dict]:
    """Reviewed articles staff judged negative, with their note on how each was handled."""
    return list(
        db.query(
            f"""
            with {_STATE}
            select a.id, a.title, a.outlet, a.published_at, c.review,
                   case when c.h is null then a.note else (select h.note from article_review_history h
                   where h.id = c.h) end as note
            from covered c join articles a on a.id = c.id
            where c.review = 'confirmed' and c.tone = 'negative'
            order by a.published_at desc, a.id desc limit :limit
            """,  # noqa: S608 - our own fragments
            _window(utc_from, utc_to, at, limit=limit),
        )
    )


def coverage_by_theme_id(db: Database, utc_from: str, utc_to: str, at: str) -> list[dict]:
    """Per tagged theme id in the window: reviewed articles, their distinct stories and the
    negative ones, and unreviewed articles. An article is tagged with a theme once, so
    articles are counted as rows and only stories need a distinct count; an article tagged
    with two themes counts under each."""
    return list(
        db.query(
            f"""
            with {_STATE}{_TAGGED}
            select theme_id, coalesce(sum(review = 'confirmed'), 0) as articles,
                   count(distinct case when review = 'confirmed' then coalesce(story_id, -id) end) as stories,
                   coalesce(sum(review = 'confirmed' and tone = 'negative'), 0) as negative,
                   coalesce(sum(review = 'new'), 0) as unreviewed
            from tagged group by theme_id
            """,  # noqa: S608 - our own fragments
            _window(utc_from, utc_to, at),
        )
    )


def all_coverage(db: Database) -> list[dict]:
    """Relevant, not rejected articles with the ids of their themes, newest first."""
    return list(
        db.query(
            """
            select a.id, a.published_at, a.outlet, a.title, a.tone, a.review, a.url,
                   (select group_concat(at.theme_id) from article_themes at where at.article_id = a.id) as theme_ids
            from articles a where a.relevant = 1 and a.review != 'rejected'
            order by a.published_at desc, a.id desc
            """
        )
    )
