"""Services benchmarks at city size: import 12 monthly one-stop exports of 156 units
(126 communes and wards + 30 departments), next to reading the same files with openpyxl
alone; the ranking query and the dashboard's figures on the 12 months. Prints medians.

    ./.venv/bin/python bench/services_bench.py [--units-commune 126 --units-department 30 --repeat 5]
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import load_workbook  # noqa: E402

from bench.one_stop_exports import office_xlsx  # noqa: E402
from core import units  # noqa: E402
from core.db import connect, migrate  # noqa: E402
from core.periods import shift  # noqa: E402
from core.permissions import SYSTEM  # noqa: E402
from services import importer, indicators  # noqa: E402
from services.demo import month_figures  # noqa: E402


def timed(fn, repeat: int) -> tuple[float, object]:
    runs, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), result


def export_lines(rng: random.Random, catalogue: list[tuple[str, str]]) -> list[list]:
    lines = []
    for i, (name, kind) in enumerate(catalogue, start=1):
        f = month_figures(rng, kind, rng.randint(20, 120), 0.95, 0.85)
        lines.append([i, name, f["received"], f["carried_over"], f["online"], f["in_person"], f["resolved"],
                      f["ahead"], f["on_time"], f["late"], f["pending"], f["pending_within"], f["pending_overdue"],
                      f["apologies"], f["digitised"]])  # fmt: skip
    sums = [sum(line[c] for line in lines) for c in range(2, len(lines[0]))]
    return [*lines, [None, "Tổng cộng", *sums]]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units-commune", type=int, default=126)
    parser.add_argument("--units-department", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(17)
    with tempfile.TemporaryDirectory() as folder:
        db = connect(Path(folder) / "bench.db")
        migrate(db)
        catalogue = []
        for i in range(args.units_department):
            units.add_unit(db, SYSTEM, code=f"S{i:02d}", name=f"Sở Chuyên ngành số {i}", kind="department")
            catalogue.append((f"Sở Chuyên ngành số {i}", "department"))
        for i in range(args.units_commune):
            units.add_unit(db, SYSTEM, code=f"P{i:03d}", name=f"Phường Số {i}", kind="commune")
            catalogue.append((f"UBND phường Số {i}", "commune"))
        months = [shift("2026-01", m) for m in range(12)]
        files = {m: office_xlsx(export_lines(rng, catalogue), f"THÁNG {int(m[5:])}/{m[:4]}") for m in months}
        size = statistics.median(len(f) for f in files.values())

        def openpyxl_alone():
            for data in files.values():
                wb = load_workbook(io.BytesIO(data), data_only=False)
                list(wb.worksheets[0].iter_rows(values_only=True))
                wb.close()

        def read_all():
            return [importer.read_file(db, SYSTEM, "t.xlsx", files[m], m) for m in months]

        def import_all():
            for m in months:
                importer.commit(db, SYSTEM, importer.read_file(db, SYSTEM, "t.xlsx", files[m], m))

        bare, _ = timed(openpyxl_alone, args.repeat)
        checked, previews = timed(read_all, args.repeat)
        assert all(not p["flagged"] and not p["unmatched_units"] for p in previews)
        full, _ = timed(import_all, args.repeat)
        rows = db.execute("select count(*) from service_results").fetchone()[0]
        ranking, ranked = timed(lambda: indicators.ranking(db, SYSTEM, "2026-12"), args.repeat)
        dashboard, _ = timed(
            lambda: (
                indicators.city(db, SYSTEM, "2026-12"),
                indicators.city(db, SYSTEM, "2026-12", ytd=True),
                indicators.ranking(db, SYSTEM, "2026-12"),
                indicators.below_target(db, SYSTEM, "2026-12"),
                indicators.monthly_series(
                    db, SYSTEM, 2026, indicators.worst_units(indicators.unit_figures(db, SYSTEM, "2026-12", True), 9)
                ),
            ),
            args.repeat,
        )
        units_n = len(catalogue)
        print(f"12 files × {units_n} units (median {size / 1024:.0f} KiB); {rows} rows stored; median of {args.repeat}")
        print(f"openpyxl alone, 12 files:             {bare * 1000:8.0f} ms")
        print(f"read + check (preview), 12 files:     {checked * 1000:8.0f} ms  ({checked / bare:.2f}× openpyxl)")
        print(f"import (preview + commit), 12 files:  {full * 1000:8.0f} ms  ({full / bare:.2f}× openpyxl)")
        print(f"ranking query, one month:             {ranking * 1000:8.1f} ms  ({len(ranked)} units)")
        print(f"dashboard figures, one month:         {dashboard * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
