"""Script runs of the media pages (Streamlit's AppTest, as the page tests run them) on a
database with the demo plus generated articles (bench/media_bench.py's generator): the
first run of each page and the median of the runs after it.

    ./.venv/bin/python bench/media_pages_bench.py --template /tmp/media250k.db [--articles 250000 --runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# page, what is typed or chosen before timing (widget kind, key, value)
PAGES = [
    ("media/search_page.py", []),
    ("media/search_page.py", [("text_input", "media_search_query", "cai cach hanh chinh")]),
    ("media/review_page.py", []),
    ("media/analysis_page.py", [("number_input", "media_analysis_year", 2023)]),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--template", type=Path, required=True, help="kept database (built when missing)")
    parser.add_argument("--articles", type=int, default=250_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from media_bench import stored_copy

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        folder.mkdir()
        if not args.template.exists():
            stored_copy(args.template, Path(tmp), args.articles, "build").conn.close()
        shutil.copy(args.template, folder / "cchc.db")
        os.environ.update({"CCHC_DATA_DIR": str(folder), "CCHC_DEMO": "0", "CCHC_FETCH_ENABLED": "0"})
        from streamlit.testing.v1 import AppTest

        from core import auth, sessions
        from core.db import get_db
        from core.ui import LANG_KEY, TOKEN_KEY

        db = get_db()
        user = auth.get_user(db, db.execute("select id from users where username = 'canbo'").fetchone()[0])
        stored = db.execute("select count(*) from articles").fetchone()[0]
        print(f"{stored} articles; {args.runs} runs per page")
        for page, inputs in PAGES:
            at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300)
            at.session_state[TOKEN_KEY] = sessions.start(db, user)
            at.session_state[LANG_KEY] = "vi"
            at.run()
            at.switch_page(page).run()
            for kind, key, value in inputs:
                getattr(at, kind)(key=key).set_value(value)
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                at.run()
                times.append(time.perf_counter() - start)
                assert not at.exception, at.exception
            label = page + "".join(f" {key}={value!r}" for _kind, key, value in inputs)
            print(f"  {label:62} first {times[0]:6.2f} s  median of the rest {statistics.median(times[1:]):6.2f} s")


if __name__ == "__main__":
    main()
