"""The one pipeline every article goes through — fetched feeds, archived feed files,
the demo, manual entries: parse, de-duplicate in layers, judge relevance, store.

De-duplication layers, cheapest first: the entry key within its source (GUID, link or
title+date, as the source is configured); the normalised URL; the normalised-title
fingerprint (same outlet: a duplicate; another outlet: a syndicated copy of the story);
near-duplicate text across outlets (MinHash bands, then Jaccard) — copies are kept and
joined to one story, so a story counts once per theme while its reach counts every outlet."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from core.errors import AppError
from core.i18n import utc_now_iso
from core.permissions import User, require
from core.text import clean_line, fold
from media import store
from media.parse import ParsedFeed, parse_feed
from media.rules import RuleBooks
from media.urls import normalise_url
from media.vntext import band_keys, fast_fold, jaccard, shingles, title_hash

NEAR_DUPLICATE_AT = 0.5
OFFLINE_SOURCE = "Tệp lưu trữ"
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".feed", ""}


def entry_key(entry: dict, unique_by: str) -> str:
    """The identity of an entry within its source, per the source's uniqueness rule;
    falls back along guid → link → title+date when the preferred field is missing."""
    order = {"guid": ("guid", "url", "title_date"), "link": ("url", "title_date"), "title_date": ("title_date",)}[unique_by]
    for kind in order:
        if kind == "title_date":
            raw = f"{fold(entry['title'])}|{'' if entry.get('date_missing') else entry['published_at'][:10]}"
        else:
            raw = entry.get(kind) or ""
        if raw:
            return f"{kind}:{hashlib.sha1(raw.encode()).hexdigest()[:24]}"
    return "none:" + hashlib.sha1(repr(sorted(entry.items())).encode()).hexdigest()[:24]


class Pipeline:
    """Stores entries of one run; keeps rule books so each year's rules compile once."""

    def __init__(self, db: Database):
        self.db = db
        self.books = RuleBooks(db)

    def place(self, source_id: int | None, outlet: str, entry: dict, key: str) -> tuple[str, int | None]:
        """('duplicate', existing id) or ('new', story id or None for a new story)."""
        db = self.db
        existing = store.article_by_key(db, source_id, key)
        if existing:
            return "duplicate", existing
        url_norm = entry.get("url_norm")
        if url_norm:
            existing = store.article_by_url(db, url_norm)
            if existing:
                return "duplicate", existing
        if entry.get("title_hash"):
            same_title = store.articles_by_title_hash(db, entry["title_hash"])
            for row in same_title:
                if row["outlet"] == outlet:
                    return "duplicate", row["id"]
            if same_title:
                return "new", same_title[0]["story_id"]
        for candidate in store.band_candidates(db, entry["bands"]):
            if candidate["outlet"] != outlet and jaccard(
                entry["shingles"], shingles(candidate["title"], candidate["text"])
            ) >= NEAR_DUPLICATE_AT:
                return "new", candidate["story_id"]
        return "new", None

    def add(self, source: dict | None, entry: dict, fetched_at: str, **extra) -> dict:
        """Store one parsed entry unless it is a duplicate. Returns {"status", "id", "relevant"}."""
        source_id = source["id"] if source else None
        outlet = clean_line(extra.pop("outlet", None) or (source and (source["outlet"] or source["name"])) or "") or None
        key = extra.pop("entry_key", None) or entry_key(entry, source["unique_by"] if source else "link")
        folded_title, folded_text = fast_fold(entry["title"]), fast_fold(entry["text"])
        entry = {**entry, "url_norm": normalise_url(entry.get("url")), "title_hash": title_hash(folded_title, True),
                 "shingles": shingles(folded_title, folded_text, folded=True)}
        entry["bands"] = band_keys(entry["shingles"])
        status, ref = self.place(source_id, outlet, entry, key)
        if status == "duplicate":
            return {"status": "duplicate", "id": ref, "relevant": False}
        verdict = self.books.for_date(entry["published_at"]).evaluate(entry["title"], entry["text"], entry["published_at"])
        story_id = ref or store.insert_story(self.db, entry["title"], entry["published_at"])
        row = {
            "source_id": source_id, "entry_key": key, "guid": entry.get("guid"), "url": entry.get("url"),
            "url_norm": entry["url_norm"], "title": entry["title"], "summary_html": entry.get("summary_html"),
            "text": entry["text"], "published_at": entry["published_at"], "date_missing": entry.get("date_missing", 0),
            "fetched_at": fetched_at, "title_hash": entry["title_hash"], "story_id": story_id, "outlet": outlet,
            "relevance": verdict.relevance, "relevant": int(verdict.relevant), "matched": verdict.matched,
            "units": verdict.units, "review": "new", "created_at": fetched_at, **extra,
        }
        row.setdefault("medium", "online")
        row.setdefault("origin", "feed")
        article_id = store.insert_article(
            self.db, row, entry["bands"], verdict.theme_ids, (folded_title, folded_text)
        )
        return {"status": "new", "id": article_id, "relevant": verdict.relevant}

    def add_feed(self, source: dict, feed: ParsedFeed, fetched_at: str) -> dict:
        """Store a parsed feed's entries in one transaction; return counts."""
        counts = {"entries": len(feed.entries), "new": 0, "duplicates": 0, "relevant": 0}
        with self.db.atomic():
            for entry in feed.entries:
                result = self.add(source, entry, fetched_at)
                if result["status"] == "new":
                    counts["new"] += 1
                    counts["relevant"] += int(result["relevant"])
                else:
                    counts["duplicates"] += 1
        return counts


def offline_source(db: Database, name: str | None) -> dict:
    """The source that archived files are filed under (created, without a URL, if new)."""
    name = clean_line(name) or OFFLINE_SOURCE
    row = store.source_by_name(db, name)
    if row is None:
        now = utc_now_iso()
        with db.atomic():
            store.insert_source(db, {"name": name, "url": None, "outlet": name, "kind": "other", "active": 0,
                                     "unique_by": "guid", "created_at": now, "updated_at": now})
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
    broken file is recorded in `errors` and never stops the others."""
    require(actor, "media.fetch")
    source = offline_source(db, source_name)
    pipeline = Pipeline(db)
    summary = {"files": 0, "entries": 0, "new": 0, "duplicates": 0, "relevant": 0, "errors": []}
    for path in _feed_files(paths):
        summary["files"] += 1
        try:
            data = path.read_bytes()
            fetched_at = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).replace(microsecond=0).isoformat()
            feed = parse_feed(data, {}, fetched_at)
            if feed.status != "ok":
                summary["errors"].append({"file": str(path), "error": f"{feed.status}: {feed.error or 'no items'}"})
                continue
            counts = pipeline.add_feed(source, feed, fetched_at)
        except (OSError, AppError, ValueError) as exc:
            summary["errors"].append({"file": str(path), "error": str(exc)})
            continue
        for key in ("entries", "new", "duplicates", "relevant"):
            summary[key] += counts[key]
    return summary
