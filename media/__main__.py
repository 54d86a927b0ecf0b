"""Command line of the media slice: fetch feeds, ingest archived feed files, search,
re-apply the rules. `python -m media --help`."""

from __future__ import annotations

import argparse
import json
import sys

from core.bootstrap import ensure_ready
from core.errors import AppError
from core.permissions import SYSTEM


def _print(value, as_json: bool) -> None:
    if as_json:
        print(json.dumps(value, ensure_ascii=False, indent=2, default=str))
    elif isinstance(value, list):
        for row in value:
            print(f"{row['published_at'][:10]}  {row.get('outlet') or ''}  {row['title']}")
            if row.get("snippet"):
                print(f"    {row['snippet']}")
    else:
        for key, item in value.items():
            print(f"{key}: {item}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m media", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_fetch = sub.add_parser("fetch", help="fetch the active sources that are due (needs CCHC_FETCH_ENABLED=1)")
    p_fetch.add_argument("--all", action="store_true", help="ignore back-off and fetch every active source")
    p_fetch.add_argument("--json", action="store_true")
    p_ingest = sub.add_parser("ingest", help="read feed files or folders through the pipeline")
    p_ingest.add_argument("paths", nargs="+")
    p_ingest.add_argument("--source", help="source name the articles are filed under")
    p_ingest.add_argument("--json", action="store_true")
    p_search = sub.add_parser("search", help="full-text search of stored coverage")
    p_search.add_argument("query")
    p_search.add_argument("--limit", type=int, default=20)
    p_search.add_argument("--json", action="store_true")
    p_reapply = sub.add_parser("reapply", help="re-apply the relevance and theme rules to stored articles")
    p_reapply.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    db = ensure_ready()
    try:
        if args.command == "fetch":
            from media.fetch import fetch_sources

            result = fetch_sources(db, SYSTEM, force=args.all)
        elif args.command == "ingest":
            from media.ingest import ingest_paths

            result = ingest_paths(db, SYSTEM, args.paths, args.source)
        elif args.command == "search":
            from media.search import search

            rows = search(db, SYSTEM, args.query, limit=args.limit)
            keep = ("id", "title", "url", "outlet", "published_at", "review", "tone", "relevance")
            result = [
                {**{k: r.get(k) for k in keep}, "snippet": r["snippet_text"], "hits": r["snippet_hits"]} for r in rows
            ]
        else:
            from media.rules import reapply

            result = reapply(db, SYSTEM)
    except AppError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    _print(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
