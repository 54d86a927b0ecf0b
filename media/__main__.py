"""Command line of the media slice: fetch feeds, ingest archived feed files, search,
re-apply the rules. `python -m media --help`."""

from __future__ import annotations

import json
import sys

from core import cli
from core.bootstrap import ensure_ready
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


def _fetch(args, settings) -> None:
    from media.fetch import fetch_sources

    _print(fetch_sources(ensure_ready(settings), SYSTEM, force=args.all), args.json)


def _ingest(args, settings) -> None:
    from media.ingest import ingest_paths

    _print(ingest_paths(ensure_ready(settings), SYSTEM, args.paths, args.source), args.json)


def _search(args, settings) -> None:
    from core.i18n import fmt_number, t
    from media.search import MAX_QUERY_CHARS, MAX_TERMS, read_query, search

    shortened = read_query(args.query).read_up_to
    if shortened:  # said on standard error, so --json output stays the list of results
        chars = fmt_number(MAX_QUERY_CHARS, settings.lang)
        print(t("media.search.shortened", settings.lang, read=shortened, chars=chars, terms=MAX_TERMS), file=sys.stderr)
    rows = search(ensure_ready(settings), SYSTEM, args.query, limit=args.limit)
    keep = ("id", "title", "url", "outlet", "published_at", "review", "tone", "relevance")
    result = [{**{k: r.get(k) for k in keep}, "snippet": r["snippet_text"], "hits": r["snippet_hits"]} for r in rows]
    _print(result, args.json)


def _reapply(args, settings) -> None:
    from media.rules import reapply

    _print(reapply(ensure_ready(settings), SYSTEM), args.json)


def parser() -> cli.Parser:
    parser = cli.Parser(prog="python -m media", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_fetch = sub.add_parser("fetch", help="fetch the active sources that are due (needs CCHC_FETCH_ENABLED=1)")
    p_fetch.add_argument("--all", action="store_true", help="ignore back-off and fetch every active source")
    p_fetch.add_argument("--json", action="store_true")
    p_fetch.set_defaults(handler=_fetch)
    p_ingest = sub.add_parser("ingest", help="read feed files or folders through the pipeline")
    # A missing or broken file is reported in the result's errors and never stops the others.
    p_ingest.add_argument("paths", nargs="+", type=cli.existing_path)
    p_ingest.add_argument("--source", help="source name the articles are filed under")
    p_ingest.add_argument("--json", action="store_true")
    p_ingest.set_defaults(handler=_ingest)
    p_search = sub.add_parser("search", help="full-text search of stored coverage")
    p_search.add_argument("query")
    p_search.add_argument("--limit", type=cli.bounded_int(1, 1000), default=20)
    p_search.add_argument("--json", action="store_true")
    p_search.set_defaults(handler=_search)
    p_reapply = sub.add_parser("reapply", help="re-apply the relevance and theme rules to stored articles")
    p_reapply.add_argument("--json", action="store_true")
    p_reapply.set_defaults(handler=_reapply)
    return parser


def main(argv: list[str] | None = None) -> int:
    return cli.run(parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
