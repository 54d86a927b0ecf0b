"""Generated press coverage: feed sources of the real outlets, and each year's articles as
ingestion stores them (media/ingest.py): entry key, normalised URL, title fingerprint, band
keys, the rules' verdict (relevance, matched terms, units, themes), a story per original,
syndicated copies on other outlets joined to it, exact duplicates dropped; the search index;
then staff review (confirmed, rejected, tone) and links to the plan's activities."""

from __future__ import annotations

import bisect
from datetime import date, datetime, timedelta

from bench import corpus
from bench.rows import SETUP_AT, TODAY, escape, insert_rows

SYNDICATED = 0.10  # share of stored articles that are copies of another outlet's story
DUPLICATES = 0.03  # share of entries that repeat one already stored (dropped by ingestion)
BATCH = 5_000


def build_media(world) -> None:
    db, rng = world.db, world.rng("media")
    sources = _sources(world)
    hanoi = [u["name"] for u in world.units if u["kind"] in ("department", "commune", "district")]
    totals: dict[int, int] = {}
    ids = {"article": 0, "story": 0}
    for year in world.scale.years:
        entries = _entries(world, rng, sources, hanoi, year)
        for first in range(0, len(entries), BATCH):
            _store(world, rng, entries[first : first + BATCH], ids, totals)
    with db.atomic():
        for source_id, total in totals.items():
            db.execute("update media_sources set items_total = ? where id = ?", [total, source_id])


def _sources(world) -> list[dict]:
    count = max(3, round(60 * world.scale.factor))
    feeds = [(o, host, kind, section) for o, host, kind, sections in corpus.OUTLETS for section in sections]
    rows = []
    fetched = f"{TODAY.isoformat()}T01:30:00+00:00"
    for i in range(count):
        outlet, host, kind, section = feeds[i % len(feeds)]
        round_ = i // len(feeds)
        suffix = "" if round_ == 0 else f" ({round_ + 1})"
        path = f"rss/{section}" if host == "hanoimoi.vn" else f"rss/{section}.rss"
        rows.append(
            {
                "id": i + 1,
                "name": f"{outlet} – {section}{suffix}",
                "url": f"https://{host}/{path}" + (f"?p={round_ + 1}" if round_ else ""),
                "outlet": outlet,
                "kind": kind,
                "active": 1,
                "unique_by": "guid",
                "last_fetch_at": fetched,
                "last_status": "ok",
                "last_success_at": fetched,
                "consecutive_errors": 0,
                "items_total": 0,
                "created_at": SETUP_AT,
                "updated_at": fetched,
                "host": host,
            }
        )
    with world.db.atomic():
        insert_rows(world.db, "media_sources", [{k: v for k, v in r.items() if k != "host"} for r in rows])
    return rows


def _published(rng, year: int) -> datetime:
    last = min(date(year, 12, 31), TODAY)
    day = date(year, 1, 1) + timedelta(days=rng.randint(0, (last - date(year, 1, 1)).days))
    return datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))


def _headline(rng, hanoi: list[str], when: datetime) -> tuple[str, str, bool]:
    """(title, text, about reform) of one original article."""
    month, year = when.month, when.year
    if rng.random() < 0.25:
        title = corpus.fill(rng, rng.choice(corpus.OTHER_HEADLINES), hanoi, year, month)
        body = [corpus.fill(rng, s, hanoi, year, month) for s in rng.sample(corpus.OTHER_SENTENCES, 3)]
        about = False
    else:
        subject = corpus.fill(rng, rng.choice(corpus.SUBJECTS), hanoi, year, month)
        tail = corpus.fill(rng, rng.choice(corpus.TAILS), hanoi, year, month)
        title = f"{subject} {rng.choice(corpus.VERBS)} {rng.choice(corpus.OBJECTS)}{tail}"
        title = title[0].upper() + title[1:]
        body = [corpus.fill(rng, s, hanoi, year, month) for s in rng.sample(corpus.SENTENCES, rng.randint(3, 6))]
        about = True
    lead = f"Ngày {when.day:02d}/{when.month:02d}/{when.year}, {title[0].lower() + title[1:]}."
    return title, " ".join([lead, *body]), about


def _entries(world, rng, sources: list[dict], hanoi: list[str], year: int) -> list[dict]:
    """The year's stored articles in publication order: originals and syndicated copies."""
    from media.vntext import match_words, title_hash

    count = world.scale.per_year(50_000, minimum=20)
    by_outlet: dict[str, list[dict]] = {}
    for source in sources:
        by_outlet.setdefault(source["outlet"], []).append(source)
    outlets = sorted(by_outlet)
    seen: dict[str, tuple[int, str]] = {}  # title hash -> (entry index, outlet)
    entries: list[dict] = []
    originals: list[int] = []
    while len(entries) < count:
        if originals and rng.random() < SYNDICATED:
            original = entries[rng.choice(originals[-500:])]
            outlet = rng.choice([o for o in outlets if o != original["outlet"]] or outlets)
            title = original["title"]
            if rng.random() < 0.4:  # a copy retitled by its outlet: same text, joined by near-duplicate
                title = f"Hà Nội: {title}" if not title.startswith("Hà Nội") else title.replace("Hà Nội ", "Thủ đô ", 1)
            key = title_hash(match_words(title))
            if key in seen and (seen[key][1] == outlet or key != original["title_hash"]):
                world.duplicates_dropped += 1  # the same outlet again: ingestion keeps the first
                continue
            when = original["when"] + timedelta(minutes=rng.randint(30, 48 * 60))
            entry = {
                **original,
                "title": title,
                "title_hash": key,
                "outlet": outlet,
                "when": when,
                "copy_of": original["key"],
            }
        else:
            when = _published(rng, year)
            title, text, about = _headline(rng, hanoi, when)
            outlet = rng.choice(outlets)
            key = title_hash(match_words(title))
            if key in seen:
                if seen[key][1] == outlet:
                    world.duplicates_dropped += 1
                continue  # another outlet's identical headline would be a copy, not a new story
            entry = {"title": title, "text": text, "title_hash": key, "outlet": outlet, "when": when, "copy_of": None}
            originals.append(len(entries))
        if when.date() > TODAY:
            continue
        entry["index"], entry["key"] = len(entries), (year, len(entries))
        entry["source"] = rng.choice(by_outlet[outlet])
        seen.setdefault(key, (entry["index"], outlet))
        entries.append(entry)
        if rng.random() < DUPLICATES:  # the same item again in the next fetch: dropped as a duplicate
            world.duplicates_dropped += 1
    entries.sort(key=lambda e: (e["when"], e["index"]))
    return entries


def _store(world, rng, entries: list[dict], ids: dict, totals: dict) -> None:
    """One batch of entries as `Pipeline._store` would write them, in one transaction,
    through ingestion's own storage (`media.store.insert_story`, `insert_article` and
    `insert_article_parts`)."""
    from media import store
    from media.ingest import entry_key
    from media.rules import RuleBooks
    from media.urls import normalise_url
    from media.vntext import band_keys_of, index_form, match_words, shingles

    if not hasattr(world, "rule_books"):
        world.rule_books = RuleBooks(world.db)
        world.story_of = {}
    db = world.db
    prepared = []
    for entry in entries:
        title_words, text_words = match_words(entry["title"]), match_words(entry["text"])
        prepared.append((title_words, text_words, shingles(title_words, text_words)))
    bands = band_keys_of([p[2] for p in prepared])
    articles, stories, band_rows, theme_rows, fts_rows, links = [], [], [], [], [], []
    staff = world.staff
    for entry, (title_words, text_words, _sh), keys in zip(entries, prepared, bands, strict=True):
        ids["article"] += 1
        article_id = ids["article"]
        published = entry["when"].replace(microsecond=0).isoformat() + "+00:00"
        fetched = (entry["when"] + timedelta(minutes=rng.randint(5, 90))).isoformat() + "+00:00"
        source = entry["source"]
        slug = "-".join(w for w in title_words[:9] if w.isascii()) or "tin"
        url = f"https://{source['host']}/{slug}-{article_id * 7919 % 9_000_000 + 1_000_000}.htm"
        story = world.story_of.get(entry["copy_of"]) if entry["copy_of"] is not None else None
        if story is None:
            ids["story"] += 1
            story = ids["story"]
            stories.append({"id": story, "title": entry["title"], "published_at": published})
            if entry["copy_of"] is None:
                world.story_of[entry["key"]] = story
        verdict = world.rule_books.for_date(published).evaluate(
            entry["title"], entry["text"], published, title_words + text_words
        )
        review, reviewed_by, reviewed_at, tone = "new", None, None, None
        age = (TODAY - entry["when"].date()).days
        if verdict.relevant and age > 14:
            review = rng.choices(["confirmed", "rejected", "new"], [55, 10, 35])[0]
        elif not verdict.relevant and age > 14 and rng.random() < 0.05:
            review = "rejected"
        if review != "new":
            reviewed_by = rng.choice(staff)
            day = min(entry["when"].date() + timedelta(days=rng.randint(1, 10)), TODAY)
            reviewed_at = f"{day.isoformat()}T{rng.randint(1, 9):02d}:{rng.randint(0, 59):02d}:00+00:00"
            if review == "confirmed":
                tone = rng.choices(["positive", "neutral", "negative"], [30, 60, 10])[0]
        articles.append(
            {
                "id": article_id,
                "source_id": source["id"],
                "entry_key": entry_key(
                    {"guid": url, "url": url, "title": entry["title"], "published_at": published}, "guid"
                ),
                "guid": url,
                "url": url,
                "url_norm": normalise_url(url),
                "title": entry["title"],
                "summary_html": f"<p>{escape(entry['text'])}</p>",
                "text": entry["text"],
                "published_at": published,
                "date_missing": 0,
                "fetched_at": fetched,
                "title_hash": entry["title_hash"],
                "story_id": story,
                "outlet": entry["outlet"],
                "relevance": verdict.relevance,
                "relevant": int(verdict.relevant),
                "matched": verdict.matched,
                "units": verdict.units,
                "review": review,
                "tone": tone,
                "reviewed_by": reviewed_by,
                "reviewed_at": reviewed_at,
                "created_at": fetched,
                "medium": "online",
                "origin": "feed",
            }
        )
        totals[source["id"]] = totals.get(source["id"], 0) + 1
        band_rows += [(band, article_id) for band in keys]
        theme_rows += [(article_id, theme_id) for theme_id in verdict.theme_ids]
        fts_rows.append((article_id, index_form(entry["title"]), index_form(entry["text"])))
        if review == "confirmed" and verdict.theme_ids and rng.random() < 0.15:
            started = _started(world, entry["when"].year, verdict.theme_ids[0])
            candidates = started[max(0, bisect.bisect_right(started, (published[:10], 10**12)) - 200) :]
            candidates = [a for day, a in candidates if day <= published[:10]]
            if candidates:
                links.append(
                    {
                        "article_id": article_id,
                        "activity_id": rng.choice(candidates[-200:]),
                        "linked_by": reviewed_by,
                        "linked_at": reviewed_at,
                    }
                )
    with db.atomic():
        for story in stories:
            assert store.insert_story(db, story["title"], story["published_at"]) == story["id"]
        for article in articles:
            assert store.insert_article(db, article) == article["id"]
        store.insert_article_parts(db, sorted(band_rows), theme_rows, fts_rows)
        insert_rows(db, "article_activity_links", links)


def _started(world, year: int, theme_id: int) -> list[tuple[str, int]]:
    """(planned start, id) of the year's city-plan activities of a theme, by start."""
    cache = world.__dict__.setdefault("started_by_theme", {})
    if (year, theme_id) not in cache:
        acts = world.activities_by_year.get(year, [])
        cache[(year, theme_id)] = sorted((start, a) for a, t, start, _end in acts if t == theme_id)
    return cache[(year, theme_id)]
