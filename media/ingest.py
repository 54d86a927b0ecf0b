"""The one pipeline every article goes through — fetched feeds, archived feed files,
the demo, manual entries: parse, de-duplicate in layers, judge relevance, store.

De-duplication layers, cheapest first: the entry key within its source (GUID, link or
title+date, as the source is configured); the normalised URL; the normalised-title
fingerprint (same outlet: a duplicate; another outlet: a syndicated copy of the story);
near-duplicate text across outlets (MinHash bands, then Jaccard) — copies are kept and
joined to one story, so a story counts once per theme while its reach counts every outlet."""

from __future__ import annotations

import contextlib
import hashlib
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from core import audit
from core.errors import AppError
from core.i18n import utc_now_iso
from core.permissions import User, require
from core.text import clean_line, fold
from media import store
from media.parse import ParsedFeed, parse_feed
from media.rules import RuleBooks
from media.urls import normalise_url
from media.vntext import band_keys_of, index_form, jaccard, lead_match_words, match_words, shingles, title_hash

NEAR_DUPLICATE_AT = 0.5
GROUP_ENTRIES = 2_000  # entries stored per transaction by `ingest_paths`
CANDIDATES = 20  # most recent articles sharing a band key that are compared in full
OFFLINE_SOURCE = "Tệp lưu trữ"
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".feed", ""}


def entry_key(entry: dict, unique_by: str) -> str:
    """The identity of an entry within its source, per the source's uniqueness rule;
    falls back along guid → link → title+date when the preferred field is missing."""
    order = {"guid": ("guid", "url", "title_date"), "link": ("url", "title_date"), "title_date": ("title_date",)}[
        unique_by
    ]
    for kind in order:
        if kind == "title_date":
            raw = f"{fold(entry['title'])}|{'' if entry.get('date_missing') else entry['published_at'][:10]}"
        else:
            raw = entry.get(kind) or ""
        if raw:
            return f"{kind}:{hashlib.sha1(raw.encode()).hexdigest()[:24]}"
    return "none:" + hashlib.sha1(repr(sorted(entry.items())).encode()).hexdigest()[:24]


class _Batch:
    """De-duplication state of one batch of entries (a feed, or one manual entry): what
    the database already holds for them, read in a few queries, plus the batch's own new
    articles as they are stored. Their band, theme and search-index rows are written
    together by `flush`, inside the caller's transaction."""

    def __init__(self, db: Database, source_id: int | None, entries: list[dict]):
        self.db = db
        self.by_key = store.article_ids_by_keys(db, source_id, [e["entry_key"] for e in entries])
        self.by_url = store.article_ids_by_urls(db, [e["url_norm"] for e in entries])
        self.by_title = store.articles_by_title_hashes(db, [e["title_hash"] for e in entries])
        self.by_band = store.article_ids_by_bands(db, [b for e in entries for b in e["bands"]], CANDIDATES)
        self.briefs: dict[int, list] = {}  # id -> [outlet, story id, shingles]
        self.band_rows: list[tuple[int, int]] = []
        self.theme_rows: list[tuple[int, int]] = []
        self.fts_rows: list[tuple[int, str, str]] = []

    def place(self, outlet: str | None, entry: dict) -> tuple[str, int | None]:
        """('duplicate', existing id) or ('new', story id or None for a new story)."""
        existing = self.by_key.get(entry["entry_key"]) or self.by_url.get(entry["url_norm"])
        if existing:
            return "duplicate", existing
        same_title = self.by_title.get(entry["title_hash"], ())
        for article_id, other_outlet, _story in same_title:
            if other_outlet == outlet:
                return "duplicate", article_id
        if same_title:
            return "new", same_title[0][2]
        candidates = sorted({i for band in entry["bands"] for i in self.by_band.get(band, ())}, reverse=True)
        candidates = candidates[:CANDIDATES]
        for article_id in candidates:
            brief = self._brief(article_id, candidates)
            if brief[0] != outlet and jaccard(entry["shingles"], self._shingles(article_id)) >= NEAR_DUPLICATE_AT:
                return "new", brief[1]
        return "new", None

    def _brief(self, article_id: int, wanted: list[int]) -> list:
        """[outlet, story id, shingles or (title, text) until they are needed]"""
        if article_id not in self.briefs:
            missing = [i for i in wanted if i not in self.briefs]
            for i, (title, text, outlet, story_id) in store.article_briefs(self.db, missing).items():
                self.briefs[i] = [outlet, story_id, (title, text)]
        return self.briefs[article_id]

    def _shingles(self, article_id: int) -> set[str]:
        brief = self.briefs[article_id]
        if isinstance(brief[2], tuple):
            title, text = brief[2]
            brief[2] = shingles(match_words(title), lead_match_words(text))  # only the text's lead counts
        return brief[2]

    def stored(
        self,
        article_id: int,
        outlet: str | None,
        story_id: int,
        entry: dict,
        theme_ids: list[int],
        fts: tuple[str, str],
    ) -> None:
        """Remember a new article, so later entries of the batch are compared with it."""
        self.by_key.setdefault(entry["entry_key"], article_id)
        if entry["url_norm"]:
            self.by_url.setdefault(entry["url_norm"], article_id)
        if entry["title_hash"]:
            self.by_title.setdefault(entry["title_hash"], []).append((article_id, outlet, story_id))
        for band in entry["bands"]:
            self.by_band.setdefault(band, []).append(article_id)
        self.briefs[article_id] = [outlet, story_id, entry["shingles"]]
        self.band_rows += [(band, article_id) for band in entry["bands"]]
        self.theme_rows += [(article_id, theme_id) for theme_id in theme_ids]
        self.fts_rows.append((article_id, *fts))

    def flush(self) -> None:
        store.insert_article_parts(self.db, self.band_rows, self.theme_rows, self.fts_rows)
        self.band_rows, self.theme_rows, self.fts_rows = [], [], []


class Pipeline:
    """Stores entries of one run; keeps rule books so each year's rules compile once."""

    def __init__(self, db: Database):
        self.db = db
        self.books = RuleBooks(db)

    @staticmethod
    def _prepare(source: dict | None, entries: list[dict], key: str | None = None) -> list[dict]:
        """The entries with what de-duplication compares: each one's key within the source
        (`key`, when given, for a single entry), normalised URL, title fingerprint, shingles
        and band keys."""
        prepared = []
        for entry in entries:
            title_words, text_words = match_words(entry["title"]), match_words(entry["text"])
            own_key = key or entry_key(entry, source["unique_by"] if source else "link")
            prepared.append(
                {
                    **entry,
                    "entry_key": own_key,
                    "url_norm": normalise_url(entry.get("url")),
                    "words": title_words + text_words,
                    "title_hash": title_hash(title_words),
                    "shingles": shingles(title_words, text_words),
                }
            )
        for entry, bands in zip(prepared, band_keys_of([e["shingles"] for e in prepared]), strict=True):
            entry["bands"] = bands
        return prepared

    def _store(
        self, batch: _Batch, source: dict | None, outlet: str | None, entry: dict, fetched_at: str, extra: dict
    ) -> dict:
        status, ref = batch.place(outlet, entry)
        if status == "duplicate":
            return {"status": "duplicate", "id": ref, "relevant": False}
        verdict = self.books.for_date(entry["published_at"]).evaluate(
            entry["title"], entry["text"], entry["published_at"], entry["words"]
        )
        story_id = ref or store.insert_story(self.db, entry["title"], entry["published_at"])
        row = {
            "source_id": source["id"] if source else None,
            "entry_key": entry["entry_key"],
            "guid": entry.get("guid"),
            "url": entry.get("url"),
            "url_norm": entry["url_norm"],
            "title": entry["title"],
            "summary_html": entry.get("summary_html"),
            "text": entry["text"],
            "published_at": entry["published_at"],
            "date_missing": entry.get("date_missing", 0),
            "fetched_at": fetched_at,
            "title_hash": entry["title_hash"],
            "story_id": story_id,
            "outlet": outlet,
            "relevance": verdict.relevance,
            "relevant": int(verdict.relevant),
            "matched": verdict.matched,
            "units": verdict.units,
            "review": "new",
            "created_at": fetched_at,
            "medium": "online",
            "origin": "feed",
            **extra,
        }
        article_id = store.insert_article(self.db, row)
        batch.stored(
            article_id,
            outlet,
            story_id,
            entry,
            verdict.theme_ids,
            (index_form(entry["title"]), index_form(entry["text"])),
        )
        return {"status": "new", "id": article_id, "relevant": verdict.relevant}

    def add(self, source: dict | None, entry: dict, fetched_at: str, **extra) -> dict:
        """Store one parsed entry unless it is a duplicate (call inside a transaction).
        `extra` sets other article fields (outlet, review state, …). Returns {"status", "id", "relevant"}."""
        outlet = _outlet(source, extra.pop("outlet", None))
        [entry] = self._prepare(source, [entry], extra.pop("entry_key", None))
        batch = _Batch(self.db, source["id"] if source else None, [entry])
        result = self._store(batch, source, outlet, entry, fetched_at, extra)
        batch.flush()
        return result

    def add_feed(self, source: dict, feed: ParsedFeed, fetched_at: str, savepoint: bool = True) -> dict:
        """Store a parsed feed's entries in one transaction (a savepoint inside the caller's);
        return counts. `savepoint=False`, inside a transaction, writes straight into it: a
        failure then leaves the feed half-stored, so the caller must roll back the whole
        transaction."""
        counts = {"entries": len(feed.entries), "new": 0, "duplicates": 0, "relevant": 0}
        outlet = _outlet(source, None)
        entries = self._prepare(source, feed.entries)
        if not savepoint and not self.db.conn.in_transaction:
            raise RuntimeError("add_feed(savepoint=False) needs an open transaction")
        with self.db.atomic() if savepoint else contextlib.nullcontext():
            batch = _Batch(self.db, source["id"], entries)
            for entry in entries:
                result = self._store(batch, source, outlet, entry, fetched_at, {})
                if result["status"] == "new":
                    counts["new"] += 1
                    counts["relevant"] += int(result["relevant"])
                else:
                    counts["duplicates"] += 1
            batch.flush()
        return counts


class _RetryCarefully(Exception):
    """A file of an ingest group failed to store without savepoints; the group's
    transaction was rolled back and is written again, a savepoint per file."""


def _outlet(source: dict | None, outlet: str | None) -> str | None:
    return clean_line(outlet or (source and (source["outlet"] or source["name"])) or "") or None


def offline_source(db: Database, name: str | None) -> dict:
    """The source that archived files are filed under (created, without a URL, if new)."""
    name = clean_line(name) or OFFLINE_SOURCE
    row = store.source_by_name(db, name)
    if row is None:
        now = utc_now_iso()
        with db.atomic():
            store.insert_source(
                db,
                {
                    "name": name,
                    "url": None,
                    "outlet": name,
                    "kind": "other",
                    "active": 0,
                    "unique_by": "guid",
                    "created_at": now,
                    "updated_at": now,
                },
            )
        row = store.source_by_name(db, name)
    return row


def _feed_files(paths: list[str | Path]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FEED_SUFFIXES))
        else:
            files.append(path)
    return files


def ingest_paths(db: Database, actor: User, paths: list[str | Path], source_name: str | None = None) -> dict:
    """Feed files (or folders of them) through the same pipeline as fetched feeds. One
    broken file is recorded in `errors` and never stops the others.

    Files are stored in groups of about GROUP_ENTRIES entries per transaction: committing
    once per group instead of once per file writes each index page once per group. A file
    that fails to store is left out alone (its group is written again with a savepoint per
    file). Each group's audit row (who ingested which files, how many new) commits with
    its articles."""
    require(actor, "media.fetch")
    source = offline_source(db, source_name)
    pipeline = Pipeline(db)
    summary = {"files": 0, "entries": 0, "new": 0, "duplicates": 0, "relevant": 0, "errors": []}
    group: list[tuple[Path, ParsedFeed, str]] = []
    grouped = 0  # entries in `group`

    def store_files(careful: bool) -> tuple[dict, list[dict]]:
        """The group in one transaction: the counts and the files that failed. Not
        `careful`: no savepoint per file, and a failing file raises `_RetryCarefully`
        (the transaction is rolled back whole)."""
        totals = {"entries": 0, "new": 0, "duplicates": 0, "relevant": 0}
        failed = []
        with db.atomic():
            stored = {"files": [], "new": 0}
            for path, feed, fetched_at in group:
                try:
                    counts = pipeline.add_feed(source, feed, fetched_at, savepoint=careful)
                except (AppError, ValueError) as exc:
                    if not careful:
                        raise _RetryCarefully from exc
                    failed.append({"file": str(path), "error": str(exc)})
                    continue
                for key in totals:
                    totals[key] += counts[key]
                stored["files"].append(path.name)
                stored["new"] += counts["new"]
            if stored["files"]:
                audit.record(db, actor, "ingest", "media_sources", source["id"], None, stored)
        return totals, failed

    def store_group() -> None:
        """Most groups store without a failure: they are written without per-file
        savepoints (inside a savepoint every row's data-version trigger costs about twice
        as much, and each release its own pass); a group where a file fails is rolled
        back and written again with a savepoint per file, so that file alone is left out."""
        nonlocal grouped
        try:
            totals, failed = store_files(careful=False)
        except _RetryCarefully:
            totals, failed = store_files(careful=True)
        for key, value in totals.items():
            summary[key] += value
        summary["errors"] += failed
        group.clear()
        grouped = 0

    for path in _feed_files(paths):
        summary["files"] += 1
        try:
            data = path.read_bytes()
            fetched_at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).replace(microsecond=0).isoformat()
            feed = parse_feed(data, {}, fetched_at)
        except (OSError, ValueError) as exc:
            summary["errors"].append({"file": str(path), "error": str(exc)})
            continue
        if feed.status != "ok":
            summary["errors"].append({"file": str(path), "error": f"{feed.status}: {feed.error or 'no items'}"})
            continue
        group.append((path, feed, fetched_at))
        grouped += len(feed.entries)
        if grouped >= GROUP_ENTRIES:
            store_group()
    if group:
        store_group()
    return summary
