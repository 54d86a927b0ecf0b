"""What keeps the media pages fast must not change their answers: paging equals the
unpaged answer, SQL counts equal a count in Python, and every write changes the data
version that page caches are keyed by."""

from __future__ import annotations

import random
import sqlite3
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest

from core import paging
from core.db import data_version
from core.i18n import to_local
from core.permissions import SYSTEM
from media import analysis, review, search, search_plan, store
from media.vntext import index_form


@pytest.fixture
def many_db(themed_db):
    """150 articles from 3 sources over 2021, with states, tones, stories and themes."""
    db = themed_db
    rng = random.Random(5)
    sources = [
        store.insert_source(db, {"name": f"Nguồn {n}", "outlet": f"Báo {n}", "kind": "city_press"}) for n in range(3)
    ]
    themes = [r[0] for r in db.execute("select id from themes order by id").fetchall()]
    words = "cải cách hành chính thủ tục một cửa dịch vụ công trực tuyến giá vàng bão".split()
    rows, fts, tags = [], [], []
    with db.atomic():
        for i in range(1, 151):
            day = (datetime(2021, 1, 1, tzinfo=UTC) + timedelta(hours=rng.randrange(365 * 24))).isoformat()
            title = " ".join(rng.choice(words) for _ in range(6))
            text = " ".join(rng.choice(words) for _ in range(30))
            state = rng.choice(store.REVIEW_STATES)
            rows.append(
                {
                    "id": i,
                    "source_id": sources[i % 3],
                    "entry_key": f"k{i}",
                    "title": title,
                    "text": text,
                    "published_at": day,
                    "review": state,
                    "tone": rng.choice((None, *store.TONES)),
                    "reviewed_at": None if state == "new" else day,
                    "origin": "feed",
                    "medium": "online",
                    "relevance": rng.choice((1.0, 2.0, 3.0)),
                    "relevant": int(rng.random() < 0.7),
                    "story_id": store.insert_story(db, title, day) if i % 3 else None,
                    "outlet": rng.choice(("Báo 0", "Báo 1", "", None)),
                    "url": f"https://bao.vn/{i}",
                    "matched": "[]",
                    "units": "[]",
                }
            )
            fts.append((i, index_form(title), index_form(text)))
            tags += [(i, t) for t in {rng.choice(themes), rng.choice(themes)}]
    store.bulk_load(db, rows, fts)
    with db.atomic():
        store.insert_article_parts(db, [], tags, [])
    return db


def _ids(rows):
    return [r["id"] for r in rows]


@pytest.mark.parametrize(
    "query, criteria",
    [
        ("", {}),
        ("thu tuc", {}),
        ("cai cach", {"relevant_only": True}),
        ('"dich vu cong"', {"review": "new"}),
        ("mot*", {"source_id": 2, "date_from": "2021-03-01", "date_to": "2021-09-30"}),
        ("gia vang", {"tone": "negative"}),
        ("", {"theme_id": 1}),
        ("chinh", {"theme_id": 2, "order": "rank"}),
        ("hanh chinh", {"order": "rank"}),
    ],
)
@pytest.mark.parametrize("page_size", [1, 7, 20])
def test_pages_put_together_are_the_unpaged_answer(many_db, query, criteria, page_size):
    whole = search.search(many_db, SYSTEM, query, limit=10_000, order=criteria.get("order", "date"), **_plain(criteria))
    first = search.search_page(many_db, SYSTEM, query, page_size=page_size, **criteria)
    assert first["total"] == len(whole) and not first["more"]
    paged = []
    for page in range(1, first["pages"] + 1):
        got = search.search_page(many_db, SYSTEM, query, page=page, page_size=page_size, **criteria)
        assert len(got["rows"]) <= page_size
        paged += got["rows"]
    assert _ids(paged) == _ids(whole)
    assert all("snippet" in r for r in paged)


def _plain(criteria):
    return {k: v for k, v in criteria.items() if k != "order"}


def test_date_order_is_newest_first_and_complete(many_db):
    rows = search.search(many_db, SYSTEM, "", limit=10_000, order="date")
    assert len(rows) == 150
    assert [(r["published_at"], r["id"]) for r in rows] == sorted(
        ((r["published_at"], r["id"]) for r in rows), reverse=True
    )


def test_totals_are_counted_up_to_the_cap(many_db, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 40)
    got = search.search_page(many_db, SYSTEM, "", page=99, page_size=10)
    assert (got["total"], got["more"], got["pages"], got["page"]) == (40, True, 4, 4)


def test_relevance_ranks_only_the_newest_matches(many_db, monkeypatch):
    every = {r["id"] for r in search.search(many_db, SYSTEM, "chinh", limit=10_000, order="date")}
    monkeypatch.setattr(search_plan, "RANK_WINDOW", 10)
    got = search.search_page(many_db, SYSTEM, "chinh", order="rank", page_size=100)
    assert got["ranked_window"] and got["total"] == 10
    assert set(_ids(got["rows"])) == set(sorted(every)[-10:])


def test_a_filtered_search_by_relevance_ranks_its_own_newest_matches(many_db, monkeypatch):
    """The window is taken after the filters: the newest matches of the terms are all in the
    second half of the year, and a search of the first half still finds its own."""
    first_half = {
        r["id"]
        for r in search.search(many_db, SYSTEM, "chinh", date_from="2021-01-01", date_to="2021-06-30", order="date",
                               limit=10_000)
    }  # fmt: skip
    assert len(first_half) > 10
    monkeypatch.setattr(search_plan, "RANK_WINDOW", 10)
    got = search.search_page(
        many_db, SYSTEM, "chinh", date_from="2021-01-01", date_to="2021-06-30", order="rank", page_size=100
    )
    assert got["ranked_window"] and got["total"] == 10
    assert set(_ids(got["rows"])) == set(sorted(first_half)[-10:])


# Read the search index between a date range's ids (ids of many_db do not follow dates),
# or not at all: RANGE_SCAN_SHARE 1 always reads the bounds, 10**9 never does.
BOUNDS = pytest.mark.parametrize("share", [1, 10**9], ids=["id bounds", "no id bounds"])
PERIODS = [("2021-01-01", "2021-03-31"), ("2021-05-10", "2021-05-31"), (None, "2021-02-28"), ("2021-11-02", None)]


def _matches(db, match, date_from=None, date_to=None):
    """(published_at, id) of every match in [date_from, date_to] (whole days, both
    included), read without the search module: the contract written out."""
    rows = db.execute(
        "select a.published_at, a.id from articles a where a.id in"
        " (select rowid from articles_fts where articles_fts match ?)",
        [match],
    ).fetchall()
    return [(p, i) for p, i in rows if (date_from or "") <= p[:10] <= (date_to or "9999")]


def _ranked(db, ids):
    """`ids` in relevance order (FTS rank, then newest id), by SQL of the test's own."""
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"select rowid from articles_fts where articles_fts match 'chinh' and rowid in ({marks})"  # noqa: S608
        " order by rank, rowid desc",
        list(ids),
    ).fetchall()
    return [r[0] for r in rows]


@BOUNDS
@pytest.mark.parametrize("date_from, date_to", PERIODS)
def test_relevance_in_a_period_ranks_that_periods_newest_matches(many_db, monkeypatch, share, date_from, date_to):
    monkeypatch.setattr(search_plan, "RANGE_SCAN_SHARE", share)
    monkeypatch.setattr(search_plan, "RANK_WINDOW", 10)
    inside = _matches(many_db, "chinh", date_from, date_to)
    window = sorted(i for _p, i in inside)[-10:]
    got = search.search_page(
        many_db, SYSTEM, "chinh", date_from=date_from, date_to=date_to, order="rank", page_size=100
    )
    assert _ids(got["rows"]) == _ranked(many_db, window)
    assert (got["total"], got["more"], got["ranked_window"]) == (len(window), False, len(inside) > 10)
    paged = []
    for page in range(1, -(-len(window) // 3) + 1):
        paged += search.search_page(
            many_db, SYSTEM, "chinh", date_from=date_from, date_to=date_to, order="rank", page=page, page_size=3
        )["rows"]
    assert _ids(paged) == _ids(got["rows"])


@BOUNDS
@pytest.mark.parametrize("date_from, date_to", [*PERIODS, (None, None)])
@pytest.mark.parametrize("page_size", [1, 7, 20])
def test_newest_pages_with_terms_are_the_newest_matches(many_db, monkeypatch, share, date_from, date_to, page_size):
    """The date page reads the index only back to the oldest of its depth's newest-stored
    matches; ids do not follow dates here, so a wrong floor drops or misorders a row."""
    monkeypatch.setattr(search_plan, "RANGE_SCAN_SHARE", share)
    monkeypatch.setattr(search, "COUNT_CAP", 15)
    inside = sorted(_matches(many_db, "chinh", date_from, date_to), reverse=True)
    expected = [i for _p, i in inside]
    assert len(expected) > 2
    paged, page = [], 1
    while True:
        got = search.search_page(
            many_db, SYSTEM, "chinh", date_from=date_from, date_to=date_to, page=page, page_size=page_size
        )
        assert (got["total"], got["more"]) == (min(len(expected), 15), len(expected) > 15)
        paged += got["rows"]
        if page >= got["pages"]:
            break
        page += 1
    assert _ids(paged) == expected[: len(paged)] and len(paged) >= min(len(expected), 15)
    assert (
        _ids(search.search(many_db, SYSTEM, "chinh", date_from=date_from, date_to=date_to, limit=5, order="date"))
        == (expected[:5])
    )


@BOUNDS
@pytest.mark.parametrize("order", ["date", "rank"])
def test_a_period_without_articles_finds_nothing(many_db, monkeypatch, share, order):
    monkeypatch.setattr(search_plan, "RANGE_SCAN_SHARE", share)
    got = search.search_page(many_db, SYSTEM, "chinh", date_from="2024-01-01", date_to="2024-12-31", order=order)
    assert (got["rows"], got["total"], got["more"], got["ranked_window"]) == ([], 0, False, False)


@BOUNDS
@pytest.mark.parametrize("order", ["date", "rank"])
def test_period_bounds_are_whole_days_both_included(many_db, monkeypatch, share, order):
    """A match published at the first second of date_from and one at the last second of
    date_to are found; one a second before and one a second after are not."""
    monkeypatch.setattr(search_plan, "RANGE_SCAN_SHARE", share)
    first, last, before, after = [i for _p, i in _matches(many_db, "chinh")][:4]
    for article_id, published in (
        (first, "2021-04-10T00:00:00+00:00"),
        (last, "2021-04-12T23:59:59+00:00"),
        (before, "2021-04-09T23:59:59+00:00"),
        (after, "2021-04-13T00:00:00+00:00"),
    ):
        many_db.execute("update articles set published_at = ? where id = ?", [published, article_id])
    expected = {i for _p, i in _matches(many_db, "chinh", "2021-04-10", "2021-04-12")}
    got = search.search_page(many_db, SYSTEM, "chinh", date_from="2021-04-10", date_to="2021-04-12", order=order)
    assert {first, last} <= set(_ids(got["rows"])) == expected and not {before, after} & expected
    assert got["total"] == len(expected)


@pytest.mark.parametrize("walk", [3, 5000], ids=["count reads every match", "count settled by the newest"])
@pytest.mark.parametrize("cap", [5, 1000])
@pytest.mark.parametrize(
    "criteria",
    [{"review": "new"}, {"source_id": 2}, {"relevant_only": True, "tone": "negative"}, {"date_to": "2021-01-31"}],
)
def test_filtered_totals_by_date_are_counted_to_the_cap(many_db, monkeypatch, walk, cap, criteria):
    """A filtered count first reads the COUNT_WALK newest matches and stops there only
    when they settle it; either way the total is the matches that pass, up to the cap."""
    monkeypatch.setattr(search_plan, "COUNT_WALK", walk)
    monkeypatch.setattr(search, "COUNT_CAP", cap)
    matching = search.search(many_db, SYSTEM, "chinh", limit=10_000, order="date", **criteria)
    assert len(matching) > 5
    got = search.search_page(many_db, SYSTEM, "chinh", **criteria)
    assert (got["total"], got["more"]) == (min(len(matching), cap), len(matching) > cap)


def test_analysis_counts_equal_a_count_in_python(many_db):
    """Reviewed (confirmed) articles and stories per theme and month, per agency (the
    source's outlet), per tone, in total; the relevant ones not yet reviewed apart."""
    rows = list(
        many_db.query(
            "select a.*, coalesce(nullif(trim(s.outlet), ''), a.outlet) as agency from articles a"
            " left join media_sources s on s.id = a.source_id where a.relevant = 1 and a.review != 'rejected'"
        )
    )
    tags = defaultdict(list)
    for article_id, theme_id in many_db.execute("select article_id, theme_id from article_themes"):
        tags[article_id].append(theme_id)
    codes = {r[0]: r[1] for r in many_db.execute("select id, code from themes")}

    def story(r):
        return r["story_id"] if r["story_id"] is not None else -r["id"]

    def month(r):
        return to_local(datetime.fromisoformat(r["published_at"])).strftime("%Y-%m")

    groups = defaultdict(lambda: (set(), set()))
    unreviewed = sum(month(r)[:4] == "2021" and r["review"] == "new" for r in rows)
    for r in rows:
        if month(r)[:4] != "2021" or r["review"] != "confirmed":
            continue
        keys = [("total",), ("outlet", r["agency"] or "—"), ("tone", r["tone"] or "none")]
        keys += [("theme", codes[t], month(r)) for t in tags[r["id"]]]
        for key in keys:
            groups[key][0].add(r["id"])
            groups[key][1].add(story(r))
    expected = {k: (len(a), len(s)) for k, (a, s) in groups.items()}

    figures = analysis.coverage(many_db, SYSTEM, 2021)
    got = {("total",): (figures["totals"]["articles"], figures["totals"]["stories"])}
    got |= {("outlet", r["outlet"]): (r["articles"], r["stories"]) for r in figures["by_outlet"] if r["articles"]}
    got |= {("tone", r["tone"]): (r["articles"], r["stories"]) for r in figures["by_tone"]}
    got |= {
        ("theme", r["theme"], r["month"]): (r["articles"], r["stories"])
        for r in figures["by_theme_month"]
        if r["articles"]
    }
    assert got == expected and expected[("total",)][0] > 20
    assert figures["totals"]["unreviewed"] == unreviewed > 10


def test_analysis_months_are_ha_noi_months(themed_db):
    """An article belongs to the month of its Hà Nội time (UTC+7): 17:00 UTC on the last day
    of a month is already the next month, and the year starts at 17:00 UTC on 31/12."""
    src = store.insert_source(themed_db, {"name": "Nguồn", "kind": "other"})
    theme = themed_db.execute("select id from themes order by id").fetchone()[0]
    moments = {
        "2020-12-31T16:59:59+00:00": None,  # 23:59:59 on 31/12/2020 in Hà Nội
        "2020-12-31T17:00:00+00:00": "2021-01",
        "2021-01-31T16:59:59+00:00": "2021-01",
        "2021-01-31T17:00:00+00:00": "2021-02",
        "2021-12-31T16:59:59+00:00": "2021-12",
        "2021-12-31T17:00:00+00:00": None,  # 00:00 on 1/1/2022
    }
    with themed_db.atomic():
        for n, moment in enumerate(moments):
            article = store.insert_article(
                themed_db,
                {
                    "source_id": src,
                    "entry_key": f"k{n}",
                    "title": f"Tin {n}",
                    "published_at": moment,
                    "relevant": 1,
                    "review": "confirmed",
                },
            )
            store.insert_article_parts(themed_db, [], [(article, theme)], [])
    figures = analysis.coverage(themed_db, SYSTEM, 2021)
    expected = {"2021-01": 2, "2021-02": 1, "2021-12": 1}
    assert {r["month"]: r["articles"] for r in figures["by_theme_month"]} == expected
    assert figures["totals"]["articles"] == 4


def test_report_figures_equal_a_count_in_python(many_db):
    """The progress report's coverage figures of a window, counted in SQL, against a count
    of the rows in Python: reviewed articles (stories, negative) and unreviewed ones apart,
    per theme, totals, per agency (the source's outlet)."""
    from media import report_data
    from plans import plans

    utc_from, utc_to = "2021-03-31T17:00:00", "2021-09-30T17:00:00"
    rows = [
        r
        for r in many_db.query(
            "select a.*, s.outlet as source_outlet from articles a left join media_sources s on s.id = a.source_id"
            " where a.relevant = 1 and a.review != 'rejected'"
        )
        if utc_from <= r["published_at"] < utc_to
    ]
    by_id = {r["id"]: r for r in rows}
    tagged = defaultdict(list)
    for article_id, theme_id in many_db.execute("select article_id, theme_id from article_themes"):
        if article_id in by_id:
            tagged[theme_id].append(by_id[article_id])

    def figures(group):
        reviewed = [r for r in group if r["review"] == "confirmed"]
        stories = {r["story_id"] if r["story_id"] is not None else -r["id"] for r in reviewed}
        negative = sum(r["tone"] == "negative" for r in reviewed)
        return len(reviewed), len(stories), negative, sum(r["review"] == "new" for r in group)

    plan = plans.annual_plan_for(many_db, 2021)
    now = "9999-12-31T00:00:00+00:00"  # as they stand today
    got = report_data.coverage_by_theme(many_db, plan["id"], utc_from, utc_to, now)
    assert {r["theme_id"]: (r["articles"], r["stories"], r["negative"], r["unreviewed"]) for r in got} == {
        theme_id: figures(group) for theme_id, group in tagged.items()
    }
    totals = report_data.coverage_totals(many_db, utc_from, utc_to, now)
    assert (totals["articles"], totals["stories"], totals["negative"], totals["unreviewed"]) == figures(rows)
    assert totals["articles"] > 10 and totals["unreviewed"] > 10
    # negative tones set on articles nobody reviewed are not counted
    assert sum(r["tone"] == "negative" for r in rows) > totals["negative"]
    outlets = defaultdict(list)
    for r in rows:
        outlets[r["source_outlet"] or r["outlet"] or ""].append(r)
    got = report_data.coverage_by_outlet(many_db, utc_from, utc_to, now, limit=100)
    assert {r["outlet"]: (r["articles"], r["stories"], r["unreviewed"]) for r in got} == {
        outlet: (f[0], f[1], f[3]) for outlet, f in ((o, figures(g)) for o, g in outlets.items())
    }


def test_coverage_counts_read_the_window_from_the_covering_index(many_db):
    """Every coverage count of the analysis page and the report reads the window's articles
    from the covering index by (relevant, published_at), also on a database SQLite never
    analysed (as the app's own are): no plan reads the window through the date index,
    which would fetch every article row of a year; and the per-agency count fetches no
    article row for its source beyond the articles changed after the instant."""
    from media import report_data

    statements: list[str] = []
    many_db.conn.set_trace_callback(statements.append)
    try:
        analysis.coverage(many_db, SYSTEM, 2021)
        report_data.coverage_figures(many_db, None, analysis.year_period(2021))
    finally:
        many_db.conn.set_trace_callback(None)
    coverage = [sql for sql in statements if "covered as (" in sql]
    assert len(coverage) >= 16  # 12 months of themes, totals, agencies, tones (twice), notable, negative
    assert not many_db.execute("select count(*) from sqlite_master where name = 'sqlite_stat1'").fetchone()[0]
    for sql in coverage:
        plan = [row[3] for row in many_db.execute("explain query plan " + sql)]
        assert any(
            "COVERING INDEX articles_coverage (relevant=? AND published_at>? AND published_at<?)" in line
            for line in plan
        ), plan
        assert not any("idx_articles_published_at" in line for line in plan), plan
        if "media_sources" in sql:  # per agency: one look-up by id, in the branch of changed articles
            assert sum("SEARCH a USING INTEGER PRIMARY KEY" in line for line in plan) == 1, plan


def test_activity_targets_count_the_plans_own_links_in_sql(many_db, users):
    """Targets count linked, not rejected articles and distinct stories of the year's plan
    activities only; links to another plan's activity are not read into them."""
    from plans import activities, plans

    plan = plans.annual_plan_for(many_db, 2021)
    mine = [activities.create_activity(many_db, SYSTEM, plan["id"], title=f"Hoạt động {n}", target=5) for n in range(3)]
    other_plan = plans.create_plan(many_db, SYSTEM, year=2022, number="1/KH-UBND", title="Kế hoạch 2022")
    other = activities.create_activity(many_db, SYSTEM, other_plan["id"], title="Hoạt động năm sau", target=5)
    rng = random.Random(9)
    for activity in [*mine[:2], other]:  # the third of mine has no links
        review.link_activity(many_db, users["staff"], rng.sample(range(1, 151), 40), activity["id"])

    rows = many_db.execute(
        "select l.activity_id, a.id, a.story_id, a.review from article_activity_links l"
        " join articles a on a.id = l.article_id"
    ).fetchall()
    expected = {}
    for activity in mine:
        kept = [r for r in rows if r[0] == activity["id"] and r[3] != "rejected"]
        expected[activity["id"]] = (len(kept), len({r[2] for r in kept if r[2] is not None}))
    targets = analysis.coverage(many_db, SYSTEM, 2021)["targets"]
    assert {t["activity_id"]: (t["articles"], t["stories"]) for t in targets} == expected
    assert expected[mine[0]["id"]][0] > 0 and expected[mine[2]["id"]] == (0, 0)
    assert other["id"] in store.linked_counts(many_db, [other["id"]])  # its links exist, only elsewhere


def test_review_queue_pages_and_counts(many_db):
    whole = review.review_queue(many_db, SYSTEM, limit=10_000)
    counts = review.review_counts(many_db, SYSTEM)
    assert (
        counts["queue"]
        == len(whole)
        == many_db.execute(  # one card per story still waiting
            "select count(distinct coalesce(story_id, -id)) from articles where review = 'new' and relevant = 1"
        ).fetchone()[0]
    )
    pages = paging.page_count(counts["queue"], 6)
    paged = [r for n in range(pages) for r in review.review_queue(many_db, SYSTEM, 6, paging.offset(n + 1, 6))]
    assert _ids(paged) == _ids(whole)
    done = review.reviewed(many_db, SYSTEM, limit=10_000)
    assert counts["reviewed"] == len(done)
    pages = paging.page_count(counts["reviewed"], 4)
    paged = [r for n in range(pages) for r in review.reviewed(many_db, SYSTEM, 4, paging.offset(n + 1, 4))]
    assert _ids(paged) == _ids(done)


def _writes(db, users):
    from media import sources
    from plans.activities import list_activities
    from plans.plans import annual_plan_for

    activity = list_activities(db, annual_plan_for(db, 2021)["id"])
    staff = users["staff"]
    yield "review", lambda: review.set_review(db, staff, 1, "confirmed")
    yield "tone", lambda: review.set_tone(db, staff, 2, "negative")
    yield "themes", lambda: review.set_themes(db, staff, 3, [1])
    if activity:
        yield "link", lambda: review.link_activity(db, staff, 4, activity[0]["id"])
    yield (
        "manual",
        lambda: review.add_manual(db, staff, title="Tin mới về một cửa", published="2021-05-05", outlet="Báo X"),
    )
    yield "source", lambda: sources.add_source(db, users["admin"], name="Nguồn mới", url="https://baochinhphu.vn/rss")


def test_every_kind_of_write_changes_the_data_version(many_db, users):
    for name, write in _writes(many_db, users):
        before = data_version(many_db)
        write()
        assert data_version(many_db) != before, name
        assert not many_db.conn.in_transaction, name


def test_a_cached_read_shows_a_write_on_the_next_run(many_db, users):
    """The pages' pattern: core.ui.cached, kept until the data version moves."""
    import streamlit as st

    from core.ui import cached

    calls = []

    def figures(db, year: int) -> dict:
        calls.append(year)
        return analysis.coverage(db, SYSTEM, year)

    st.cache_data.clear()
    first = cached(figures, many_db, 2021)
    assert cached(figures, many_db, 2021) == first and len(calls) == 1  # a rerun reads the cache
    new = review.review_queue(many_db, SYSTEM, limit=1)[0]
    review.set_review(many_db, users["staff"], new["id"], "rejected")
    after = cached(figures, many_db, 2021)
    assert len(calls) == 2 and after == analysis.coverage(many_db, SYSTEM, 2021)
    if new["published_at"][:4] == "2021":
        assert after["totals"] != first["totals"]
    st.cache_data.clear()


def test_the_version_is_seen_by_another_connection(many_db, data_dir):
    other = sqlite3.connect(data_dir / "cchc.db")
    try:
        seen = other.execute("select version from data_version").fetchone()[0]
        assert seen == data_version(many_db)
        review.set_review(many_db, SYSTEM, 5, "rejected")
        assert other.execute("select version from data_version").fetchone()[0] != seen
    finally:
        other.close()


def test_m004_keeps_the_data_of_a_database_at_m003(data_dir):
    from core import db as core_db

    path = data_dir / "m003.db"
    old = core_db.connect(path)
    for migrations in core_db.migration_sets():
        migrations.apply(old, stop_before="m004_read_indexes" if migrations.name == "media" else None)
    src = store.insert_source(old, {"name": "Nguồn", "kind": "other"})
    with old.atomic():
        for i in range(1, 6):
            store.insert_article(
                old,
                {
                    "source_id": src,
                    "entry_key": f"k{i}",
                    "title": f"Thủ tục hành chính {i}",
                    "text": "một cửa",
                    "published_at": f"2021-0{i}-01T00:00:00+00:00",
                    "relevant": 1,
                },
            )
        store.insert_article_parts(old, [], [], [(i, f"thu tuc hanh chinh {i}", "mot cua") for i in range(1, 6)])
    before = [tuple(r) for r in old.execute("select * from articles order by id").fetchall()]
    old.conn.close()

    db = core_db.get_db(path)
    try:
        assert [tuple(r) for r in db.execute("select * from articles order by id").fetchall()] == before
        assert _ids(search.search_page(db, SYSTEM, "thu tuc", page_size=2, page=3)["rows"]) == [1]
        names = {r[0] for r in db.execute("select name from sqlite_master where type = 'index'")}
        assert {"articles_review_queue", "article_themes_theme_article"} <= names
        assert "idx_articles_review_relevant" not in names
    finally:
        core_db.forget(path)
