"""Media benchmarks: ingestion through the full pipeline next to bare feedparser, a
concurrent fetch of 200 sources against a sequential one, and FTS search at 250.000
stored articles. Prints medians of several repetitions, measured in one run.

    ./.venv/bin/python bench/media_bench.py [--files 200 --items 50 --sources 200 --articles 250000]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import feedparser  # noqa: E402

from core.db import connect, migrate  # noqa: E402
from core.permissions import SYSTEM  # noqa: E402
from core.text import fold  # noqa: E402

WORDS = (
    "cải cách hành chính thủ tục một cửa liên thông dịch vụ công trực tuyến người dân doanh nghiệp Hà Nội "
    "thành phố phường xã hồ sơ giải quyết đúng hạn chính quyền số Đề án 06 đăng ký khai sinh thường trú "
    "kiểm tra công vụ kỷ luật kỷ cương cán bộ công chức sự hài lòng SIPAS PAPI chỉ số năng lực cạnh tranh "
    "giao thông giá vàng thời tiết bão mưa lớn bóng đá văn hóa du lịch lễ hội giáo dục y tế bệnh viện"
).split()


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def feed_bytes(rng: random.Random, f: int, items: int) -> bytes:
    body = []
    for i in range(items):
        title = sentence(rng, 10).capitalize() + f" {f}-{i}"
        image = f'<img src="https://bao.vn/anh/{f}-{i}.jpg"/>'
        html = f"<p>{image}{escape(sentence(rng, 60))}</p><p>{escape(sentence(rng, 40))}</p>"
        body.append(
            f"<item><title>  {escape(title)}  </title><link> https://bao{f % 7}.vn/tin/{f}-{i}.html </link>"
            f"<guid>bao-{f}-{i}</guid><description>{escape(html)}</description>"
            f"<pubDate>Mon, {1 + i % 28:02d} Mar 2021 08:{i % 60:02d}:00 +0700</pubDate></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Báo {f}</title>'
        f"<link>https://bao.vn/</link><description>d</description>{''.join(body)}</channel></rss>"
    ).encode()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def fresh_db(folder: Path, name: str):
    db = connect(folder / f"{name}.db")
    migrate(db)
    return db


COMMUNES = (
    "An Khánh Bình Minh Cổ Loa Dương Hòa Gia Lâm Hồng Vân Kim Anh Liên Minh Mê Linh Nội Bài Phù Đổng "
    "Quảng Oai Sơn Tây Thạch Thất Thanh Trì Thường Tín Tùng Thiện Ứng Hòa Vân Đình Xuân Mai Yên Bài"
).split()


def rules_template(folder: Path) -> Path:
    """A database with the rules a real office matches against: Hà Nội's units (the demo's
    departments, districts and communes, plus 126 more communes so the unit list has the
    city's size) and the 2021 plan with its themes and keywords (the feeds are of March 2021)."""
    from core import demo, units
    from plans import demo as plans_demo

    db = fresh_db(folder, "rules")
    demo._build_units(db)
    rng = random.Random(3)
    for n in range(126):
        name = f"{rng.choice(('Phường', 'Xã'))} {rng.choice(COMMUNES)} {rng.choice(COMMUNES)} {n}"
        units.add_unit(
            db,
            SYSTEM,
            code=f"C{n:03d}",
            name=name,
            short_name=name,
            kind="commune",
            parent_code="HN",
            valid_from="2025-07-01",
        )
    plans_demo.build(db, SYSTEM)
    db.conn.close()
    return folder / "rules.db"


def copy_db(template: Path, folder: Path, name: str):
    import sqlite3

    target = folder / f"{name}.db"
    source = sqlite3.connect(template)
    copy = sqlite3.connect(target)
    source.backup(copy)
    source.close()
    copy.close()
    db = connect(target)
    migrate(db)
    return db


def bench_ingest(folder: Path, files: int, items: int, repeat: int) -> None:
    """`python -m media ingest FOLDER` (its function, on a copy of a database with the
    office's rules) against bare feedparser on the same bytes, both timed in full."""
    from media.ingest import ingest_paths
    from media.parse import parse_feed

    rng = random.Random(7)
    feeds = [feed_bytes(rng, f, items) for f in range(files)]
    total = files * items
    template = rules_template(folder)
    feed_dir = folder / "feeds"
    feed_dir.mkdir()
    for n, data in enumerate(feeds):
        (feed_dir / f"feed{n:03d}.xml").write_bytes(data)

    def bare():
        for data in feeds:
            feedparser.parse(io.BytesIO(data))

    def pipeline(run: int) -> tuple[float, float]:
        db = copy_db(template, folder, f"ingest{run}")
        start, cpu = time.perf_counter(), time.process_time()
        summary = ingest_paths(db, SYSTEM, [feed_dir], "bench")
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
        assert summary["new"] == total and not summary["errors"], summary
        db.conn.close()
        for path in folder.glob(f"ingest{run}.db*"):
            path.unlink()  # no run pays for writing back an earlier run's files
        return seconds, cpu_seconds

    def parse_only():
        for data in feeds:
            parse_feed(data, {}, "2021-03-30T00:00:00+00:00")

    def both_clocks(fn) -> tuple[float, float]:
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        return time.perf_counter() - start, time.process_time() - cpu

    bare_t, parse_t, pipe_t, ratios = [], [], [], []
    for run in range(repeat):  # interleaved, so all see the same machine conditions
        before = both_clocks(bare)
        parse_t.append(both_clocks(parse_only))
        pipe_t.append(pipeline(run))
        after = both_clocks(bare)
        bare_t += [before, after]
        # the pipeline against the mean of the bare runs just before and just after it:
        # a machine that speeds up or slows down during the repetition affects both sides
        ratios.append(tuple(pipe_t[-1][c] / ((before[c] + after[c]) / 2) for c in (0, 1)))
    print(f"ingest: {files} files x {items} items = {total} items, repetitions: {repeat}")
    for clock, name in ((0, "wall"), (1, "CPU")):
        b, q, p = (statistics.median(t[clock] for t in times) for times in (bare_t, parse_t, pipe_t))
        pair = sorted(r[clock] for r in ratios)
        print(f"  {name} time, medians:")
        print(f"    bare feedparser.parse:    {b:7.2f} s  {total / b:8.0f} items/s")
        print(f"    parse_feed only:          {q:7.2f} s  {total / q:8.0f} items/s  (parse_feed/bare: {q / b:.2f})")
        print(f"    full pipeline:            {p:7.2f} s  {total / p:8.0f} items/s  (pipeline/bare: {p / b:.2f})")
        print(
            f"    pipeline/bare per repetition (bare timed just before and after): "
            f"{', '.join(f'{r:.2f}' for r in pair)} (median {statistics.median(pair):.2f})"
        )


class SlowFeeds(BaseHTTPRequestHandler):
    latency = 0.2

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        time.sleep(self.latency)
        n = int(self.path.rsplit("/", 1)[1])
        body = feed_bytes(random.Random(n), n, 5)
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def bench_fetch(folder: Path, sources_n: int, repeat: int) -> None:
    from media import sources, store
    from media.fetch import FetchLimits, fetch_sources

    os.environ["CCHC_FETCH_ENABLED"] = "1"
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowFeeds)
    server.daemon_threads = True
    server.request_queue_size = 256
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    def run(name: str, limits: FetchLimits) -> float:
        db = fresh_db(folder, name)
        sources.allow_host(db, SYSTEM, base.removeprefix("http://"))  # the allow-list is per host and port
        for n in range(sources_n):
            sources.add_source(db, SYSTEM, name=f"S{n}", url=f"{base}/feed/{n}", active=True)
        seconds = timed(lambda: fetch_sources(db, SYSTEM, force=True, limits=limits))
        assert store.count_articles(db) == sources_n * 5
        db.conn.close()
        return seconds

    pooled = [run(f"fetch{r}", FetchLimits()) for r in range(repeat)]
    sequential = run("fetch_seq", FetchLimits(concurrency=1))
    server.shutdown()
    p = statistics.median(pooled)
    print(
        f"fetch: {sources_n} sources, {SlowFeeds.latency * 1000:.0f} ms latency each,"
        f" pool of {FetchLimits().concurrency}"
    )
    print(f"  concurrent (median of {repeat}): {p:6.2f} s")
    print(f"  sequential (1 run):          {sequential:6.2f} s  (speed-up {sequential / p:.1f}x)")


SOURCES = 60  # the city's press over five years: 60 sources
FIRST_DAY = datetime(2021, 1, 1, tzinfo=UTC)


def fill_articles(db, articles: int, first_id: int | None = None, seed: int = 11) -> None:
    """`articles` generated articles from SOURCES sources over 2021–2026, as a city office
    holds them: most new, some confirmed or rejected (with a tone), about two copies per
    story, one or two of the plans' themes on relevant ones, all in the search index."""
    from media import store

    rng = random.Random(seed)
    sources = []
    for n in range(SOURCES):
        name = f"Báo bench {n}"
        row = store.source_by_name(db, name)
        sources.append(
            row["id"] if row else store.insert_source(db, {"name": name, "outlet": f"Báo {n}", "kind": "city_press"})
        )
    themes = [r[0] for r in db.execute("select id from themes order by id").fetchall()]
    start = first_id or (db.execute("select coalesce(max(id), 0) from articles").fetchone()[0] + 1)
    batch = 25_000
    story = None
    for first in range(start, start + articles, batch):
        rows, fts, tags = [], [], []
        with db.atomic():
            for i in range(first, min(first + batch, start + articles)):
                title = sentence(rng, 10).capitalize()
                text = sentence(rng, 60)
                moment = FIRST_DAY + timedelta(seconds=rng.randrange(5 * 365 * 86400))  # five years, in no order
                day = moment.isoformat()
                review = "new" if i % 10 < 8 else "confirmed" if i % 10 == 8 else "rejected"
                story = store.insert_story(db, title, day) if i % 2 or story is None else story
                rows.append(
                    {
                        "id": i,
                        "source_id": sources[i % SOURCES],
                        "entry_key": f"b{i}",
                        "title": title,
                        "text": text,
                        "published_at": day,
                        "review": review,
                        "tone": None if review == "new" else ("positive", "neutral", "negative")[i % 3],
                        "reviewed_at": None if review == "new" else day,
                        "origin": "feed",
                        "medium": "online",
                        "relevance": round(rng.random() * 5, 2),
                        "relevant": i % 3 != 0,
                        "story_id": story,
                        "outlet": f"Báo {i % SOURCES}",
                        "url": f"https://bao.vn/{i}",
                        "matched": "[]",
                        "units": "[]",
                    }
                )
                fts.append((i, fold(title), fold(text)))
                if themes and i % 3:
                    tags += [(i, t) for t in {rng.choice(themes), rng.choice(themes)}]
        store.bulk_load(db, rows, fts)
        with db.atomic():
            store.insert_article_parts(db, [], tags, [])


def stored_copy(template: Path | None, folder: Path, articles: int, name: str):
    """A migrated database with `articles` generated articles: a copy of `template` when
    given (built there first when the file does not exist yet), else built in `folder`."""
    if template is None:
        db = fresh_db(folder, name)
        fill_articles(db, articles)
        return db
    if not template.exists():
        from core.demo import build_demo

        db = fresh_db(template.parent, template.stem)
        build_demo(db)  # users, units, plans with themes and activities, the demo's own coverage
        fill_articles(db, articles)
        db.conn.close()
    start = time.perf_counter()
    db = copy_db(template, folder, name)
    print(f"  (copied and migrated {template.name} in {time.perf_counter() - start:.1f} s)")
    return db


# Query shapes of the search page: terms, diacritics, phrases, prefixes, filters, sorting.
SEARCHES = [
    ("cai cach hanh chinh", {}),
    ("cai cach hanh chinh", {"order": "rank"}),
    ('"dich vu cong truc tuyen"', {}),
    ("dang ky khai*", {}),
    ("sipas papi", {}),
    ("sipas papi", {"order": "rank"}),
    ("đề án 06", {}),
    ("thu tuc", {"relevant_only": True, "date_from": "2026-01-01"}),
    ("thủ tục hành chính", {"source_id": "Báo bench 7"}),
    ("giao thong", {"review": "confirmed"}),
    ("chinh quyen so", {"theme_id": 1}),
    ("ho so", {"date_from": "2023-03-01", "date_to": "2023-03-31"}),
    ("mot cua", {"order": "rank"}),
    ("thủ tục hành chính", {"source_id": "Báo bench 7", "order": "rank"}),
    ("giao thong", {"review": "confirmed", "order": "rank"}),
    ("", {}),
    ("", {"source_id": "Báo bench 7", "relevant_only": True}),
    ("", {"theme_id": 1}),
    ("", {"review": "confirmed", "tone": "negative"}),
    ("", {"date_from": "2024-06-01", "date_to": "2024-06-30"}),
]


def bench_search(folder: Path, articles: int, repeat: int, template: Path | None = None) -> None:
    from media import search as media_search

    start = time.perf_counter()
    db = stored_copy(template, folder, articles, "search")
    print(f"search: {articles} articles ready in {time.perf_counter() - start:.1f} s; {repeat} runs per query")
    from media import store

    shapes = [
        (q, {k: store.source_by_name(db, v)["id"] if k == "source_id" else v for k, v in f.items()})
        for q, f in SEARCHES
    ]
    page = media_search.search_page if hasattr(media_search, "search_page") else None
    for query, filters in shapes:
        label = (repr(query) if query else "(no terms)") + "".join(f" {k}={v}" for k, v in filters.items())
        label = label.replace(f"source_id={filters.get('source_id')}", "source_id=(one of 60)")
        if page is not None:
            times = [timed(lambda q=query, f=filters: page(db, SYSTEM, q, page_size=50, **f)) for _ in range(repeat)]
            found = page(db, SYSTEM, query, page_size=50, **filters)
            hits = f"{found['total']}{'+' if found['more'] else ''} matches"
        else:
            filters = {k: v for k, v in filters.items() if k != "order"}
            times = [
                timed(lambda q=query, f=filters: media_search.search(db, SYSTEM, q, limit=50, **f))
                for _ in range(repeat)
            ]
            hits = f"{len(media_search.search(db, SYSTEM, query, limit=50, **filters))} shown"
        print(f"  {label:58} median {statistics.median(times) * 1000:7.1f} ms  ({hits}, page of 50 with snippets)")
    db.conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--articles", type=int, default=250_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["ingest", "fetch", "search"])
    parser.add_argument(
        "--template",
        type=Path,
        help="search: keep the generated articles in this database file and copy it for each run"
        " (built when missing; a database of an older schema is migrated on the copy)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.only in (None, "ingest"):
            bench_ingest(folder, args.files, args.items, args.repeat)
        if args.only in (None, "fetch"):
            bench_fetch(folder, args.sources, args.repeat)
        if args.only in (None, "search"):
            bench_search(folder, args.articles, max(args.repeat, 9), args.template)


if __name__ == "__main__":
    main()
