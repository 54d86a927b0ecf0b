"""One side of the ingestion benchmark as a whole process, for timing from outside
(e.g. `/usr/bin/time -v`, or alternating the two sides several times):

    ./.venv/bin/python bench/media_ingest_once.py prepare DIR   # 200 feed files + rules database
    ./.venv/bin/python bench/media_ingest_once.py pipeline DIR  # `python -m media ingest` on a fresh copy
    ./.venv/bin/python bench/media_ingest_once.py bare DIR      # bare feedparser.parse on the same files

Both sides import the same modules first, so their start-up costs cancel in a ratio."""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import feedparser  # noqa: E402
from media_bench import copy_db, feed_bytes, rules_template  # noqa: E402

from core.permissions import SYSTEM  # noqa: E402
from media.ingest import ingest_paths  # noqa: E402


def main(mode: str, folder: Path) -> None:
    feeds = folder / "feeds"
    if mode == "prepare":
        feeds.mkdir(parents=True, exist_ok=True)
        rng = random.Random(7)
        for n in range(200):
            (feeds / f"feed{n:03d}.xml").write_bytes(feed_bytes(rng, n, 50))
        rules_template(folder)
    elif mode == "bare":
        for path in sorted(feeds.iterdir()):
            feedparser.parse(io.BytesIO(path.read_bytes()))
    elif mode == "pipeline":
        for path in folder.glob("run.db*"):
            path.unlink()
        db = copy_db(folder / "rules.db", folder, "run")
        summary = ingest_paths(db, SYSTEM, [feeds], "bench")
        assert summary["new"] == 10_000 and not summary["errors"], summary
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
