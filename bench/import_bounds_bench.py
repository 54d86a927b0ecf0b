"""Import bounds: the time and peak memory to refuse hostile XLSX files through the services
import and the guarded reader, and the time to read a large one-stop CSV export. Each case
runs in its own child process under an address-space cap (so a file that would take the
host's memory ends there instead) and a wall-clock timeout; prints one line per case.

    ./.venv/bin/python bench/import_bounds_bench.py [--rows 100000] [--cap-mb 3000] [--timeout 120]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def hostile_files() -> dict[str, bytes]:
    """The files of issue 23's failures 4 and 6, built on an office-shaped export."""
    from bench.hostile_xlsx import BILLION_LAUGHS, with_far_cell, with_merge, with_sheet
    from bench.one_stop_exports import office_xlsx

    base = office_xlsx()
    tiny_far = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'
        b'<row r="900000"><c r="B900000" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
    )
    return {
        "far_cell_XFD1048576": with_far_cell(base, "XFD1048576"),
        "merge_A2_XFD1048576": with_merge(base, "A2:XFD1048576"),
        "billion_laughs": with_sheet(base, BILLION_LAUGHS),
        "row_900000_1kb": with_sheet(base, tiny_far),
    }


def big_csv(rows: int) -> bytes:
    """A one-stop export as CSV with `rows` unit lines (names repeat the catalogue's few units
    under numbered variants, so most are unmatched, as in a wrong file)."""
    from bench.one_stop_exports import office_csv, table

    lines = table()[:-1]
    many = []
    for i in range(rows):
        line = list(lines[i % len(lines)])
        line[0] = i + 1
        line[1] = f"{line[1]} {i}"
        many.append(line)
    return office_csv(many)


def child(kind: str, path: str, filename: str) -> None:
    """Run one import in this process and print what happened as JSON."""
    from bench.one_stop_exports import UNITS
    from core import units
    from core.db import get_db
    from core.errors import AppError
    from core.permissions import SYSTEM
    from services import importer

    folder = tempfile.mkdtemp()
    db = get_db(Path(folder) / "cchc.db")
    for code, name, short, unit_kind in UNITS:
        units.add_unit(db, SYSTEM, code=code, name=name, short_name=short, kind=unit_kind)
    data = Path(path).read_bytes()
    start = time.perf_counter()
    try:
        preview = importer.read_file(db, SYSTEM, filename, data, "2026-10", max_bytes=20 * 1024 * 1024)
        outcome = f"read {len(preview['rows'])} rows"
    except AppError as exc:
        outcome = f"refused: {exc.key}: {exc.message('vi')[:90]}"
    except Exception as exc:  # what the bench is there to find
        outcome = f"crashed: {type(exc).__name__}: {str(exc)[:90]}"
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(elapsed, 2), "peak_mb": round(peak), "outcome": outcome}, ensure_ascii=False))


def run_case(name: str, data: bytes, filename: str, cap_mb: int, timeout: int) -> None:
    with tempfile.NamedTemporaryFile(suffix=Path(filename).suffix, delete=False) as handle:
        handle.write(data)

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (cap_mb * 1024 * 1024, cap_mb * 1024 * 1024))

    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", handle.name, "--filename", filename],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=limit,
            cwd=ROOT,
        )
        line = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
        result = (
            json.loads(line) if line.startswith("{") else {"outcome": f"exit {done.returncode}: {done.stderr[-160:]}"}
        )
    except subprocess.TimeoutExpired:
        result = {"outcome": f"not done in {timeout} s"}
    finally:
        Path(handle.name).unlink()
    wall = time.perf_counter() - start
    print(f"{name:<24} {len(data):>10} B  {result.get('seconds', wall):>7} s  "
          f"{result.get('peak_mb', '?'):>6} MB  {result['outcome']}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cap-mb", type=int, default=3000, help="address-space cap of each child")
    parser.add_argument("--timeout", type=int, default=120)
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    parser.add_argument("--child")
    parser.add_argument("--filename")
    args = parser.parse_args()
    if args.child:
        child("import", args.child, args.filename)
        return
    print(f"{'case':<24} {'size':>12}  {'time':>9}  {'peak':>9}  outcome")
    cases = [(name, data, f"{name}.xlsx") for name, data in hostile_files().items()]
    cases.append((f"csv_{args.rows}_rows", big_csv(args.rows), "big.csv"))
    for name, data, filename in cases:
        if args.only in name:
            run_case(name, data, filename, args.cap_mb, args.timeout)


if __name__ == "__main__":
    main()
