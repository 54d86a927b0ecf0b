"""Benchmark of the plans slice: a generated plan of 2.000 activities with 20.000 progress
updates; the dashboard's script-run time (AppTest) and the import time of a 2.000-row DOCX.

Run from the project root: ./.venv/bin/python bench/plans_bench.py [--runs 5]"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ACTIVITIES = 2_000
UPDATES = 20_000


def median_time(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def generate(db, actor, year: int) -> int:
    """A plan of ACTIVITIES activities over 6 themes and 20 units, UPDATES progress updates."""
    from core import units
    from plans import plans, store
    from plans.themes import add_theme

    rng = random.Random(2026)
    unit_ids = [
        units.add_unit(db, actor, code=f"U{i:02d}", name=f"Đơn vị thử {i:02d}", kind="department")["id"]
        for i in range(20)
    ]
    plan = plans.create_plan(db, actor, year=year, title=f"Kế hoạch thử năm {year}", status="in_force")
    themes = [add_theme(db, actor, plan["id"], code=f"ND{i}", title=f"Nội dung {i}")["id"] for i in range(1, 7)]
    statuses = ("not_started", "in_progress", "done", "postponed", "cancelled")
    with db.atomic():
        for n in range(ACTIVITIES):
            month = rng.randint(1, 12)
            store.insert_activity(
                db,
                {
                    "plan_id": plan["id"],
                    "theme_id": rng.choice(themes),
                    "position": n + 1,
                    "title": f"Nhiệm vụ thử số {n + 1}",
                    "lead_unit_id": rng.choice(unit_ids),
                    "period_kind": "dates",
                    "planned_start": f"{year}-{month:02d}-01",
                    "planned_end": f"{year}-{month:02d}-28",
                    "deadline": f"{year}-{month:02d}-28",
                    "target": 20,
                    "budget": rng.randint(1, 100) * 1_000_000,
                    "budget_used": rng.randint(0, 50) * 1_000_000,
                    "status": rng.choice(statuses),
                    "recurrence": "none",
                    "created_at": "2026-01-01T00:00:00+00:00",
                },
            )
        ids = [r[0] for r in db.execute("select id from activities where plan_id = ?", [plan["id"]])]
        for _n in range(UPDATES):
            store.insert_progress(
                db,
                {
                    "activity_id": rng.choice(ids),
                    "on_date": f"{year}-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
                    "percent": rng.randint(0, 100),
                    "created_at": "2026-01-01T00:00:00+00:00",
                },
            )
    return plan["id"]


def docx_plan(rows: int) -> bytes:
    """A Word plan whose appendix table has `rows` activities under 6 section rows."""
    from docx import Document

    doc = Document()
    table = doc.add_table(rows=1, cols=7)
    for cell, text in zip(
        table.rows[0].cells,
        [
            "STT",
            "Nội dung/nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian thực hiện",
            "Sản phẩm",
            "Kinh phí",
        ],
        strict=True,
    ):
        cell.text = text
    per_theme = rows // 6
    romans = ["I", "II", "III", "IV", "V", "VI"]
    times = ["Quý I", "Quý II", "Tháng 5", "Cả năm", "01/03/2026 - 30/06/2026", "Hằng tháng"]
    for t in range(6):
        cells = table.add_row().cells
        cells[0].text = romans[t] + "."
        cells[1].text = f"Tuyên truyền nội dung {t + 1}"
        count = per_theme if t < 5 else rows - per_theme * 5
        for n in range(count):
            cells = table.add_row().cells
            for cell, text in zip(
                cells,
                [
                    str(n + 1),
                    f"Nhiệm vụ {t + 1}.{n + 1}",
                    f"Đơn vị thử {n % 20:02d}",
                    "Đơn vị thử 01",
                    times[n % 6],
                    f"{n % 30 + 1} tin bài",
                    f"{(n % 50 + 1) * 1_000_000}",
                ],
                strict=True,
            ):
                cell.text = text
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = max(5, parser.parse_args().runs)
    folder = tempfile.mkdtemp(prefix="plans-bench-")
    os.environ.update(CCHC_DATA_DIR=folder, CCHC_DEMO="0", CCHC_FETCH_ENABLED="0")

    from streamlit.testing.v1 import AppTest

    from core import auth, sessions
    from core.db import get_db
    from core.i18n import today_local
    from core.permissions import SYSTEM
    from core.ui import LANG_KEY, TOKEN_KEY
    from plans import dashboard, importer

    db = get_db()
    staff = auth.create_user(db, SYSTEM, username="bench", password="Bench@12345", role="staff", full_name="Bench")
    year = today_local().year
    start = time.perf_counter()
    generate(db, SYSTEM, year)
    print(f"generated {ACTIVITIES} activities, {UPDATES} updates in {time.perf_counter() - start:.1f} s")

    figures = median_time(lambda: dashboard.figures(db, staff, year), runs)

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.session_state[TOKEN_KEY] = sessions.start(db, staff)
    at.session_state[LANG_KEY] = "vi"
    at.run()  # the dashboard is the staff landing page; this first run also warms imports
    assert not at.exception, at.exception
    assert at.title[0].value == "Tiến độ kế hoạch tuyên truyền CCHC", at.title[0].value
    page = median_time(at.run, runs)

    data = docx_plan(ACTIVITIES)
    parse = median_time(lambda: importer.read_file(db, staff, "bench.docx", data, 2040), runs)
    years = iter(range(2041, 2041 + runs))

    def full_import():
        y = next(years)
        importer.commit(db, staff, importer.read_file(db, staff, "bench.docx", data, y), skip_unmatched=True)

    full = median_time(full_import, runs)
    print(f"runs per figure: {runs} (median)")
    print(f"dashboard figures (plain function), 2.000 activities / 20.000 updates: {figures * 1000:.0f} ms")
    print(f"dashboard page script run (AppTest): {page * 1000:.0f} ms")
    print(f"DOCX import, 2.000 rows, read + preview: {parse:.2f} s")
    print(f"DOCX import, 2.000 rows, read + commit (validation, audit): {full:.2f} s")
    print(f"ratio page run / figures: {page / figures:.1f}x; commit / preview: {full / parse:.1f}x")


if __name__ == "__main__":
    main()
