"""Benchmark: annual reports over 2.000 activities, 600 inspections and 250.000 articles
(the inspections and articles only when those slices' tables exist).

For each report kind, prints medians of several repetitions of (a) the whole report —
figures, charts, Decree 30 layout, numbering, register, file — and (b) python-docx
alone writing the same tables through its public API (add_table / add_row /
cell.text), measured in the same run, and their ratio (target: ≤ 1,5×).

    python bench/exports_bench.py [--activities 2000] [--inspections 600] [--articles 250000] [--repeat 5]
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
        rows.append(
            {
                "id": start_id + i + 1,
                "plan_id": plan_id,
                "theme_id": rng.choice(themes),
                "position": i + 100,
                "title": f"Hoạt động tuyên truyền CCHC số {i + 1}: tin, bài, phóng sự về thủ tục hành chính",
                "lead_unit_id": rng.choice(units),
                "period_kind": "dates",
                "planned_start": start.isoformat(),
                "planned_end": end.isoformat(),
                "deadline": end.isoformat(),
                "target": rng.randint(1, 50),
                "target_unit": "tin bài",
                "budget": budget,
                "budget_used": rng.randint(0, budget),
                "status": rng.choices(statuses, [5, 4, 2, 1, 1])[0],
                "recurrence": "none",
                "created_at": "2021-01-01T00:00:00+00:00",
                "updated_at": "2021-01-01T00:00:00+00:00",
            }
        )
        progress.append(
            {
                "activity_id": start_id + i + 1,
                "on_date": end.isoformat(),
                "percent": rng.randint(0, 100),
                "count": rng.randint(0, 50),
                "created_at": "2021-01-01T00:00:00+00:00",
            }
        )
    with db.atomic():
        db.table("activities").insert_all(rows)
        db.table("progress_updates").insert_all(progress)


AREAS = [
    "Công tác chỉ đạo, điều hành CCHC",
    "Cải cách thủ tục hành chính, một cửa",
    "Kỷ luật, kỷ cương hành chính",
    "Chính quyền điện tử, chuyển đổi số",
    "Tài chính công, tài sản công",
    "Tổ chức bộ máy, công vụ",
]
OUTLETS = [
    "Hà Nội Mới",
    "Nhân Dân",
    "VnExpress",
    "Tuổi Trẻ",
    "Vietnamplus",
    "Báo Chính phủ",
    "Kinh tế & Đô thị",
    "Tiền Phong",
    "Lao Động",
    "Pháp luật Việt Nam",
    "VTV",
    "Đài PT-TH Hà Nội",
]


def build_inspections(db, count: int) -> None:
    """`count` inspections in 2021 with checklist areas, findings, recommendations and follow-ups."""
    rng = random.Random(11)
    units = [r[0] for r in db.execute("select id from units")]
    base = db.execute("select coalesce(max(id), 0) from inspections").fetchone()[0]
    inspections, items, findings, recs = [], [], [], []
    item_id = db.execute("select coalesce(max(id), 0) from inspection_items").fetchone()[0]
    for i in range(count):
        iid = base + i + 1
        day = date(2021, 1, 5) + timedelta(days=rng.randint(0, 330))
        status = rng.choices(["done", "planned", "postponed", "cancelled"], [6, 2, 1, 1])[0]
        inspections.append(
            {
                "id": iid,
                "uid": f"bench-{iid}@cchc",
                "unit_id": rng.choice(units),
                "kind": "scheduled",
                "starts_at": f"{day.isoformat()}T01:00:00+00:00",
                "ends_at": f"{day.isoformat()}T09:00:00+00:00",
                "status": status,
                "sequence": 0,
                "updated_at": "2021-01-01T00:00:00+00:00",
            }
        )
        for position, area in enumerate(AREAS, start=1):
            item_id += 1
            items.append(
                {"id": item_id, "inspection_id": iid, "position": position, "code": f"ND{position}", "title": area}
            )
            if status == "done":
                for _ in range(rng.randint(0, 2)):
                    findings.append(
                        {
                            "inspection_id": iid,
                            "item_id": item_id,
                            "kind": rng.choice(["strength", "shortcoming"]),
                            "text": "Nhận xét của đoàn kiểm tra",
                            "created_at": "2021-01-01T00:00:00+00:00",
                        }
                    )
        if status == "done":
            for _ in range(rng.randint(1, 4)):
                deadline = day + timedelta(days=30)
                closed = rng.random() < 0.6
                recs.append(
                    {
                        "inspection_id": iid,
                        "text": "Khắc phục tồn tại trong giải quyết thủ tục hành chính",
                        "unit_id": rng.choice(units),
                        "deadline": deadline.isoformat(),
                        "status": "closed" if closed else "open",
                        "closed_on": (deadline + timedelta(days=rng.randint(-10, 10))).isoformat() if closed else None,
                        "created_at": "2021-01-01T00:00:00+00:00",
                        "updated_at": "2021-01-01T00:00:00+00:00",
                    }
                )
    with db.atomic():
        db.table("inspections").insert_all(inspections)
        db.table("inspection_items").insert_all(items)
        db.table("findings").insert_all(findings)
        db.table("recommendations").insert_all(recs)
    rec_ids = [r[0] for r in db.execute("select id from recommendations where status = 'closed'")]
    with db.atomic():
        db.table("followups").insert_all(
            {
                "recommendation_id": r,
                "on_date": "2021-12-01",
                "kind": "remedy_report",
                "created_at": "2021-12-01T00:00:00+00:00",
            }
            for r in rec_ids
        )


def build_articles(db, count: int) -> None:
    """`count` articles of 2021 from a dozen outlets, tagged with the plan's themes, some linked to activities."""
    rng = random.Random(13)
    plan_id = db.execute("select id from plans where number = '105/KH-UBND'").fetchone()[0]
    themes = [r[0] for r in db.execute("select id from themes where plan_id = ?", [plan_id])]
    activities = [r[0] for r in db.execute("select id from activities where plan_id = ?", [plan_id])]
    story_base = db.execute("select coalesce(max(id), 0) from media_stories").fetchone()[0]
    stories = count // 3
    base = db.execute("select coalesce(max(id), 0) from articles").fetchone()[0]
    with db.atomic():
        db.table("media_stories").insert_all(
            (
                {"id": story_base + s + 1, "title": f"Sự kiện {s}", "published_at": "2021-06-01T00:00:00+00:00"}
                for s in range(stories)
            ),
            batch_size=5000,
        )

        def articles():
            for i in range(count):
                when = date(2021, 1, 1) + timedelta(days=rng.randint(0, 360))
                yield {
                    "id": base + i + 1,
                    "entry_key": f"bench-{i}",
                    "title": f"Cải cách hành chính: tin số {i}",
                    "published_at": f"{when.isoformat()}T02:00:00+00:00",
                    "story_id": story_base + rng.randint(1, stories),
                    "outlet": rng.choice(OUTLETS),
                    "medium": "online",
                    "origin": "feed",
                    "relevance": 0.9,
                    "relevant": 1 if rng.random() < 0.8 else 0,
                    "review": rng.choice(["new", "confirmed", "confirmed"]),
                    "tone": rng.choices(["positive", "neutral", "negative"], [3, 6, 1])[0],
                    "created_at": "2021-01-01T00:00:00+00:00",
                }

        db.table("articles").insert_all(articles(), batch_size=5000)
        db.table("article_themes").insert_all(
            ({"article_id": base + i + 1, "theme_id": rng.choice(themes), "origin": "rule"} for i in range(count)),
            batch_size=5000,
        )
        db.table("article_activity_links").insert_all(
            (
                {
                    "article_id": base + i + 1,
                    "activity_id": rng.choice(activities),
                    "linked_at": "2021-12-01T00:00:00+00:00",
                }
                for i in range(0, count, 100)
            ),
            batch_size=5000,
        )


def charts_drawn(build):
    """Run `build()` and return (its result, every chart it drew): each call to
    vl-convert's `vegalite_to_png` as (Vega-Lite JSON, args, kwargs), whichever module
    made it, so a baseline can draw the very same charts."""
    import vl_convert

    drawn = []
    original = vl_convert.vegalite_to_png

    def recording(spec, *args, **kwargs):
        drawn.append((spec, args, kwargs))
        return original(spec, *args, **kwargs)

    vl_convert.vegalite_to_png = recording
    try:
        result = build()
    finally:
        vl_convert.vegalite_to_png = original
    return result, drawn


def python_docx_tables(tables, charts=()) -> bytes:
    """A report's bare baseline through public APIs only: python-docx writing the same
    tables (add_table, add_row, cell.text) and vl-convert drawing the same charts (from
    `charts_drawn`), placed as pictures 15 cm wide."""
    import vl_convert
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    for spec, args, kwargs in charts:
        doc.add_picture(io.BytesIO(vl_convert.vegalite_to_png(spec, *args, **kwargs)), width=Cm(15))
    for table in tables:
        doc.add_paragraph(table.caption)
        t = doc.add_table(rows=1, cols=len(table.columns))
        t.style = "Table Grid"
        for cell, title in zip(t.rows[0].cells, table.columns, strict=False):
            cell.text = title
        for row in table.rows:
            cells = t.add_row().cells
            for cell, value in zip(cells, row, strict=False):
                cell.text = value
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=2000)
    parser.add_argument("--inspections", type=int, default=600)
    parser.add_argument("--articles", type=int, default=250_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="exports-bench-")
    os.environ["CCHC_DATA_DIR"] = folder
    os.environ["CCHC_DEMO"] = "0"
    from core.db import get_db
    from core.periods import parse_period
    from core.permissions import SYSTEM
    from core.settings import Settings
    from exports import kinds, register
    from exports.decree30 import Table

    db = get_db(Path(folder) / "cchc.db")
    settings = Settings(data_dir=Path(folder))
    t0 = time.perf_counter()
    build_data(db, args.activities)
    if db.table("inspections").exists():
        build_inspections(db, args.inspections)
    if db.table("articles").exists():
        build_articles(db, args.articles)
    counts = {
        name: db.execute(f"select count(*) from {name}").fetchone()[0]  # noqa: S608 - fixed names
        for name in ("activities", "inspections", "articles")
        if db.table(name).exists()
    }
    print(f"data: {counts} (built in {time.perf_counter() - t0:.1f} s); repetitions: {args.repeat}; medians")
    print(f"{'report kind':<12} {'rows':>6} {'report s':>9} {'no charts s':>12} {'docx+vl s':>14} {'ratio':>6}")
    totals = [0.0, 0.0]
    for kind in kinds.BUILDERS:
        content, drawn = charts_drawn(lambda k=kind: kinds.build(db, SYSTEM, k, parse_period("2021")))
        tables = [b for b in content.blocks if isinstance(b, Table)]
        rows = sum(len(t.rows) for t in tables)
        register.issue(db, SYSTEM, kind, "2021", settings=settings)  # warm-up: imports, chart renderer start-up
        report_times, no_chart_times, docx_times = [], [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            register.issue(db, SYSTEM, kind, "2021", settings=settings)
            report_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            register.issue(db, SYSTEM, kind, "2021", with_charts=False, settings=settings)
            no_chart_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            python_docx_tables(tables, drawn)
            docx_times.append(time.perf_counter() - t0)
        report, plain, alone = (statistics.median(x) for x in (report_times, no_chart_times, docx_times))
        totals[0] += report
        totals[1] += alone
        print(f"{kind:<12} {rows:>6} {report:>9.3f} {plain:>12.3f} {alone:>14.3f} {report / alone:>5.2f}x")
    print(f"{'all kinds':<12} {'':>6} {totals[0]:>9.3f} {'':>12} {totals[1]:>14.3f} {totals[0] / totals[1]:>5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
