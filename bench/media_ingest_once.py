"""One side of the ingestion benchmark as a whole process, for timing from outside
(e.g. `/usr/bin/time -v`, or alternating the two sides several times):

    ./.venv/bin/python bench/media_ingest_once.py prepare DIR       # 200 feed files + rules database
    ./.venv/bin/python bench/media_ingest_once.py pipeline DIR [N]  # `python -m media ingest` on a fresh copy
    ./.venv/bin/python bench/media_ingest_once.py bare DIR [N]      # bare feedparser.parse on the same files

N takes the first N files only (default: all 200). Both sides import the same modules
first, so their start-up costs cancel in a ratio.

Instruction counts are not disturbed by other work on a shared machine. The cost of one
more item on each side is the difference between 20 files and 10 (500 items), which also
leaves out one-off costs such as compiling the rules:

    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        ./.venv/bin/python bench/media_ingest_once.py pipeline DIR 20   # "Collected : …"
    (and with 10; the same two for `bare`): (Ir(20) - Ir(10)) / 500 per side"""

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


def main(mode: str, folder: Path, count: int | None = None) -> None:
    feeds = folder / "feeds"
    chosen = sorted(feeds.iterdir())[:count] if mode != "prepare" else []
    if mode == "prepare":
        feeds.mkdir(parents=True, exist_ok=True)
        rng = random.Random(7)
        for n in range(200):
            (feeds / f"feed{n:03d}.xml").write_bytes(feed_bytes(rng, n, 50))
        rules_template(folder)
    elif mode == "bare":
        for path in chosen:
            feedparser.parse(io.BytesIO(path.read_bytes()))
    elif mode == "pipeline":
        for path in folder.glob("run.db*"):
            path.unlink()
        db = copy_db(folder / "rules.db", folder, "run")
        summary = ingest_paths(db, SYSTEM, chosen, "bench")
        assert summary["new"] == 50 * len(chosen) and not summary["errors"], summary
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else None)
