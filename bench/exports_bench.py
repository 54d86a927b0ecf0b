"""Benchmark: an annual communication-plan report over 2.000 activities.

Prints medians of several repetitions of (a) the whole report — figures, charts,
Decree 30 layout, numbering, register, file — and (b) python-docx alone writing the
same tables through its public API (add_table / add_row / cell.text), measured in the
same run, and their ratio (target: report ≤ 1,5 × python-docx alone).

    python bench/exports_bench.py [--activities 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def build_data(db, activities: int) -> None:
    """A 2021 annual plan with six themes and `activities` activities with progress."""
    from core.demo import build_demo

    build_demo(db)
    plan_id = db.execute("select id from plans where number = '105/KH-UBND'").fetchone()[0]
    themes = [r[0] for r in db.execute("select id from themes where plan_id = ?", [plan_id])]
    units = [r[0] for r in db.execute("select id from units")]
    rng = random.Random(7)
    statuses = ["done", "in_progress", "not_started", "postponed", "cancelled"]
    rows, progress = [], []
    start_id = db.execute("select coalesce(max(id), 0) from activities").fetchone()[0]
    for i in range(activities):
        start = date(2021, 1, 1) + timedelta(days=rng.randint(0, 200))
        end = start + timedelta(days=rng.randint(10, 150))
        budget = rng.randint(1, 400) * 1_000_000
        rows.append({
            "id": start_id + i + 1, "plan_id": plan_id, "theme_id": rng.choice(themes), "position": i + 100,
            "title": f"Hoạt động tuyên truyền CCHC số {i + 1}: tin, bài, phóng sự về thủ tục hành chính",
            "lead_unit_id": rng.choice(units), "period_kind": "dates", "planned_start": start.isoformat(),
            "planned_end": end.isoformat(), "deadline": end.isoformat(), "target": rng.randint(1, 50),
            "target_unit": "tin bài", "budget": budget, "budget_used": rng.randint(0, budget),
            "status": rng.choices(statuses, [5, 4, 2, 1, 1])[0], "recurrence": "none",
            "created_at": "2021-01-01T00:00:00+00:00", "updated_at": "2021-01-01T00:00:00+00:00",
        })
        progress.append({"activity_id": start_id + i + 1, "on_date": end.isoformat(), "percent": rng.randint(0, 100),
                         "count": rng.randint(0, 50), "created_at": "2021-01-01T00:00:00+00:00"})
    with db.atomic():
        db.table("activities").insert_all(rows)
        db.table("progress_updates").insert_all(progress)


def python_docx_tables(tables) -> bytes:
    """The same tables through python-docx's public API only."""
    from docx import Document

    doc = Document()
    for table in tables:
        doc.add_paragraph(table.caption)
        t = doc.add_table(rows=1, cols=len(table.columns))
        t.style = "Table Grid"
        for cell, title in zip(t.rows[0].cells, table.columns):
            cell.text = title
        for row in table.rows:
            cells = t.add_row().cells
            for cell, value in zip(cells, row):
                cell.text = value
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="exports-bench-")
    os.environ["CCHC_DATA_DIR"] = folder
    os.environ["CCHC_DEMO"] = "0"
    from core.db import get_db
    from core.permissions import SYSTEM
    from exports import kinds, register
    from exports.decree30 import Table
    from exports.periods import parse_period

    db = get_db(Path(folder) / "cchc.db")
    build_data(db, args.activities)
    count = db.execute("select count(*) from activities").fetchone()[0]
    content = kinds.build(db, SYSTEM, "progress", parse_period("2021"), with_charts=False)
    tables = [b for b in content.blocks if isinstance(b, Table)]
    rows = sum(len(t.rows) for t in tables)
    register.generate(db, SYSTEM, "progress", "2021")  # warm-up: imports, chart renderer start-up
    report_times, no_chart_times, docx_times = [], [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        issued = register.generate(db, SYSTEM, "progress", "2021")
        report_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        register.generate(db, SYSTEM, "progress", "2021", with_charts=False)
        no_chart_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        python_docx_tables(tables)
        docx_times.append(time.perf_counter() - t0)
    report, plain, alone = (statistics.median(x) for x in (report_times, no_chart_times, docx_times))
    print(f"activities in the database: {count}; table rows in the report: {rows}; repetitions: {args.repeat}")
    print(f"report size: {len(issued.data) / 1024:.0f} KiB")
    print(f"annual report, median:                      {report:.3f} s")
    print(f"annual report without charts, median:       {plain:.3f} s")
    print(f"python-docx alone, same tables, median:     {alone:.3f} s")
    print(f"ratio report / python-docx alone:           {report / alone:.2f}x")
    print(f"ratio report without charts / python-docx:  {plain / alone:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
