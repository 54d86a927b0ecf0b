"""`python -m bench run [--scale 1 --scale 5 ...]`: one benchmark run over generated data
at each scale, written as a table to bench/RESULTS.md.

For each scale the database is generated once (`python -m bench generate`) into the
cache folder (`--data`, default /tmp/cchc-bench) and reused by later runs. Each scale is
measured in a child process of its own, on a copy of that database, so peak memory is
the scale's own and nothing one scale wrote is seen by the next. The child measures:

- the script run of every page for its main role (Streamlit's AppTest, signed in as that
  role; the first run warms up, the median of `--repeat` runs is reported);
- search as the search page asks it (a page of results, snippets, the total), one line
  per query shape, newest first and most relevant;
- feed ingestion into the scale's database next to bare feedparser on the same bytes;
- report drafts next to their bare baseline (wall and CPU time): python-docx writing the same tables and
  vl-convert drawing the same charts, through their public APIs;
- the office's calendar feed of every inspection (in its window, past 60 / next 365 days):
  cold build next to bare icalendar building the same events, and GET 200 / 304 through
  the route;
- the services import of one month for every unit next to reading the file with openpyxl;
- the child's peak resident memory.

Every ratio is computed from timings taken in the same child, interleaved where they are
compared. Benchmarks are run by hand; the test suite asserts no timings.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench.results_table import RESULTS, render, write_results

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(tempfile.gettempdir()) / "cchc-bench"
MAIN_ROLE_ORDER = ("staff", "inspector", "leader", "admin")
SEARCHES = {  # query shape -> (query, filters)
    "one word": ("cải cách", {}),
    "two words": ("thủ tục hành chính", {}),
    "phrase": ('"dịch vụ công"', {}),
    "word, not folded": ("chuyen doi so", {}),
    "word + date range": ("cải cách", {"date_from": "2026-01-01", "date_to": "2026-06-30"}),
    "word + review state": ("cải cách", {"review": "new"}),
    "no words, newest": ("", {}),
    "rare word": ("Kim Liên", {}),
}


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main_role(spec) -> str | None:
    """The role a page is measured for: of staff, inspector, leader and admin, the first
    it is the landing page of, else the first that may open it; None for a page of none of
    them (a unit liaison's page)."""
    landing = [r for r in MAIN_ROLE_ORDER if r in spec.default_for and r in spec.roles]
    return landing[0] if landing else next((r for r in MAIN_ROLE_ORDER if r in spec.roles), None)


# --- measurements (run in the child, with CCHC_DATA_DIR set to the copy) ---------------


def measure_pages(db, repeat: int, after_writes: bool = False, only: str | None = None) -> list[dict]:
    """Each page's script run (`only`: the pages whose path holds it); with `after_writes`
    also the median of `repeat` first runs after a write (the data version moved)."""
    from streamlit.testing.v1 import AppTest

    from core import auth, sessions
    from core.nav import all_pages
    from core.ui import LANG_KEY, TOKEN_KEY

    users = {}
    for role in MAIN_ROLE_ORDER:
        row = db.execute("select id from users where role = ? and active = 1 order by id limit 1", [role]).fetchone()
        users[role] = auth.get_user(db, row[0]) if row else None
    out = []
    for spec in sorted(all_pages(), key=lambda p: p.path):
        if only and only not in spec.path:
            continue
        role = main_role(spec)
        if role is None or users[role] is None:
            out.append({"page": spec.path, "role": role or "/".join(spec.roles), "error": "no user of this role"})
            continue
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=600)
        at.session_state[TOKEN_KEY] = sessions.start(db, users[role])
        at.session_state[LANG_KEY] = "vi"
        at.run()
        start = time.perf_counter()
        at.switch_page(spec.path).run()
        first = (time.perf_counter() - start) * 1000
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            at.run()
            runs.append((time.perf_counter() - start) * 1000)
        after_write = []  # the first run after a write: every kept read of the page is stale
        for _ in range(repeat if after_writes else 0):
            with db.conn:
                db.execute("update data_version set version = random() where id = 1")  # what any write does
            start = time.perf_counter()
            at.run()
            after_write.append((time.perf_counter() - start) * 1000)
        error = str(at.exception[0].message)[:120] if at.exception else None
        out.append(
            {"page": spec.path, "role": role, "first_ms": first, "median_ms": statistics.median(runs), "error": error}
            | ({"after_write_ms": statistics.median(after_write)} if after_write else {})
        )
    return out


def measure_search(db, repeat: int) -> list[dict]:
    from core.permissions import SYSTEM
    from media import search

    size = search.PAGE_SIZES[1]  # the search page's default page size

    def run(query, filters, order):
        return search.search_page(db, SYSTEM, query, order=order, page_size=size, **filters)

    out = []
    for shape, (query, filters) in SEARCHES.items():
        hits = run(query, filters, "date")["total"]
        newest = median_ms(lambda q=query, f=filters: run(q, f, "date"), repeat)
        ranked = median_ms(lambda q=query, f=filters: run(q, f, "rank"), repeat)
        out.append({"shape": shape, "query": query, "hits": hits, "median_ms": newest, "rank_ms": ranked})
    return out


def measure_ingest(db, folder: Path, repeat: int, files: int = 10, items: int = 50) -> dict:
    """Ingest `files` × `items` new feed items into the scale's database (de-duplicated
    against everything it holds) next to bare feedparser on the same bytes; bare parsing
    is timed just before and after each run, and the ratio is taken against their mean."""
    import feedparser

    from bench.media_bench import feed_bytes
    from core.permissions import SYSTEM
    from media.ingest import ingest_paths

    pipeline, bare, ratios, cpu_ratios = [], [], [], []
    for run in range(repeat):
        rng = random.Random(1000 + run)
        feeds = [feed_bytes(rng, 900 + run * files + f, items) for f in range(files)]
        feed_dir = folder / f"feeds{run}"
        feed_dir.mkdir()
        for n, data in enumerate(feeds):
            (feed_dir / f"feed{n:03d}.xml").write_bytes(data)

        def parse_all(feeds=feeds):
            for data in feeds:
                feedparser.parse(io.BytesIO(data))

        cpu = time.process_time()
        before = median_ms(parse_all, 1)
        cpu_before, cpu = time.process_time() - cpu, time.process_time()
        start = time.perf_counter()
        summary = ingest_paths(db, SYSTEM, [feed_dir], "bench")
        pipeline.append((time.perf_counter() - start) * 1000)
        cpu_pipeline, cpu = time.process_time() - cpu, time.process_time()
        after = median_ms(parse_all, 1)
        cpu_after = time.process_time() - cpu
        bare += [before, after]
        ratios.append(pipeline[-1] / ((before + after) / 2))
        cpu_ratios.append(cpu_pipeline / ((cpu_before + cpu_after) / 2))
        if summary.get("errors"):
            raise RuntimeError(f"ingestion reported errors: {summary['errors'][:3]}")
    return {
        "items": files * items,
        "pipeline_ms": statistics.median(pipeline),
        "bare_ms": statistics.median(bare),
        "ratio": statistics.median(ratios),
        "cpu_ratio": statistics.median(cpu_ratios),  # CPU time of this process: less moved by a loaded machine
    }


def measure_reports(db, folder: Path, repeat: int) -> list[dict]:
    from bench.exports_bench import charts_drawn, python_docx_tables
    from core.periods import parse_period
    from core.permissions import SYSTEM
    from core.settings import Settings
    from exports import kinds, register
    from exports.decree30 import Table

    settings = Settings(data_dir=folder)
    out = []
    for kind in kinds.BUILDERS:
        period = "2026-10" if kind == kinds.SERVICES_MONTHLY else "2026"  # a monthly publication
        content, drawn = charts_drawn(lambda k=kind, p=period: kinds.build(db, SYSTEM, k, parse_period(p)))
        tables = [b for b in content.blocks if isinstance(b, Table)]
        register.draft(db, SYSTEM, kind, period, settings=settings)  # warm-up: imports, chart renderer
        report, alone, report_cpu, alone_cpu = [], [], [], []
        for _ in range(repeat):
            wall, cpu = _timed(lambda k=kind, p=period: register.draft(db, SYSTEM, k, p, settings=settings))
            report.append(wall)
            report_cpu.append(cpu)
            wall, cpu = _timed(lambda t=tables, c=drawn: python_docx_tables(t, c))
            alone.append(wall)
            alone_cpu.append(cpu)
        r, a = statistics.median(report), statistics.median(alone)
        rc, ac = statistics.median(report_cpu), statistics.median(alone_cpu)
        out.append(
            {"kind": kind, "rows": sum(len(t.rows) for t in tables), "charts": len(drawn), "report_ms": r,
             "python_docx_ms": a, "ratio": r / a if a else None,
             # CPU time of this process: what a loaded machine moves less (vl-convert draws in this process too)
             "report_cpu_ms": rc, "python_docx_cpu_ms": ac, "cpu_ratio": rc / ac if ac else None}
        )  # fmt: skip
    return out


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _bare_icalendar(events: list) -> bytes:
    """The same events built and serialised with icalendar alone."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//bench//")
    cal.add("version", "2.0")
    for source in events:
        event = icalendar.Event()
        for name in ("uid", "summary", "location", "description", "dtstart", "dtend", "dtstamp", "status"):
            if name in source:
                event.add(name, source.decoded(name) if name.startswith("dt") else str(source[name]))
        cal.add_component(event)
    return cal.to_ical()


def measure_calendar(db, repeat: int) -> dict:
    import icalendar
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from core import auth
    from inspections import feed_tokens, ics_feed
    from inspections.routes import ROUTES

    row = db.execute("select id from users where role = 'staff' and active = 1 order by id limit 1").fetchone()
    if row is None:
        return {"error": "no staff account"}
    user = auth.get_user(db, row[0])
    _row, secret = feed_tokens.create_token(db, user, "bench", scope="all")  # the office's feed of every inspection
    token = feed_tokens.resolve(db, secret, touch=False)
    base_url = "http://127.0.0.1:8501"
    body, _ = ics_feed.token_feed(db, token, base_url=base_url)
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")

    def cold():
        ics_feed._cache.clear()  # no body kept from an earlier build
        ics_feed.token_feed(db, token, base_url=base_url)

    builds, bares, ratios = [], [], []
    for _ in range(repeat):
        before = median_ms(lambda: _bare_icalendar(events), 1)
        builds.append(median_ms(cold, 1))
        after = median_ms(lambda: _bare_icalendar(events), 1)
        bares += [before, after]
        ratios.append(builds[-1] / ((before + after) / 2))
    with TestClient(Starlette(routes=ROUTES)) as client:
        url = f"/calendar/{secret}.ics"
        tag = client.get(url).headers["etag"]
        full = median_ms(lambda: client.get(url), repeat)
        not_modified = median_ms(lambda: client.get(url, headers={"If-None-Match": tag}), repeat * 3)
        status = client.get(url, headers={"If-None-Match": tag}).status_code
    return {
        "events": len(events),
        "cold_ms": statistics.median(builds),
        "bare_ms": statistics.median(bares),
        "ratio": statistics.median(ratios),
        "get200_ms": full,
        "get304_ms": not_modified,
        "status_304": status,
    }


def measure_services(db, repeat: int) -> dict:
    """One month's export for every unit with figures (as the one-stop system writes it),
    read and checked, and read, checked and committed, next to openpyxl reading it."""
    from openpyxl import load_workbook

    from bench.services_bench import export_lines
    from core.periods import shift
    from core.permissions import SYSTEM
    from services import importer, indicators

    last = db.execute("select max(month) from service_results").fetchone()[0]
    if last is None:
        return {"error": "no service results"}
    names = [
        (r[0], r[1])
        for r in db.execute(
            "select u.name, u.kind from service_results s join units u on u.id = s.unit_id where s.month = ?"
            " and u.parent_id = (select id from units where code = 'HN') order by u.id",
            [last],  # Hà Nội's own file (at scale 50 other provinces report too, each in its own file)
        )
    ]
    from bench.one_stop_exports import office_xlsx

    month = shift(last, 1)
    data = office_xlsx(export_lines(random.Random(17), names), f"THÁNG {int(month[5:])}/{month[:4]}")

    def bare():
        wb = load_workbook(io.BytesIO(data), data_only=False)
        list(wb.worksheets[0].iter_rows(values_only=True))
        wb.close()

    reads, bares, commits = [], [], []
    for _ in range(repeat):
        bares.append(median_ms(bare, 1))
        start = time.perf_counter()
        preview = importer.read_file(db, SYSTEM, "t.xlsx", data, month)
        reads.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        importer.commit(db, SYSTEM, importer.read_file(db, SYSTEM, "t.xlsx", data, month))
        commits.append((time.perf_counter() - start) * 1000)
    ranking = median_ms(lambda: indicators.ranking(db, SYSTEM, last), repeat)
    b = statistics.median(bares)
    return {
        "units": len(names),
        "unmatched": len(preview["unmatched_units"]),
        "bare_ms": b,
        "read_ms": statistics.median(reads),
        "commit_ms": statistics.median(commits),
        "read_ratio": statistics.median(reads) / b,
        "commit_ratio": statistics.median(commits) / b,
        "ranking_ms": ranking,
    }


STEPS = ("search", "calendar", "services", "ingest", "reports", "pages")


def measure_one(
    folder: Path, repeat: int, only: list[str] | None = None, after_writes: bool = False, page: str | None = None
) -> dict:
    """Everything for one scale (or the steps in `only`), on the database in `folder`
    (a copy; it is written to)."""
    os.environ["CCHC_DATA_DIR"] = str(folder)
    os.environ["CCHC_DEMO"] = "0"
    os.environ.setdefault("CCHC_FETCH_ENABLED", "0")
    from core.db import get_db

    db = get_db(folder / "cchc.db")
    counts = {
        t: db.execute(f"select count(*) from {t}").fetchone()[0]  # noqa: S608 - fixed names
        for t in ("activities", "progress_updates", "inspections", "recommendations", "articles", "service_results")
        if db.table(t).exists()
    }
    result = {"counts": counts, "db_mb": (folder / "cchc.db").stat().st_size / 2**20}
    steps = {
        "search": lambda: measure_search(db, repeat),
        "calendar": lambda: measure_calendar(db, repeat),
        "services": lambda: measure_services(db, repeat),
        "ingest": lambda: measure_ingest(db, folder, max(3, repeat // 2)),
        "reports": lambda: measure_reports(db, folder, max(1, repeat // 3)),
        "pages": lambda: measure_pages(db, repeat, after_writes, page),
    }
    for name, step in steps.items():
        if only and name not in only:
            continue
        start = time.perf_counter()
        try:
            result[name] = step()
        except Exception as exc:  # a broken step is reported, the others still run
            result[name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        print(f"  {name}: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


# --- the parent: generate, run each scale in a child, write the table ------------------


def scale_label(scale: float) -> str:
    return f"{scale:g}"


def database_for(scale: float, data: Path, seed: int) -> Path:
    """The generated database of `scale` in the cache, generated if missing."""
    from bench.generate import generate

    folder = data / f"scale-{scale_label(scale)}-seed-{seed}"
    if not (folder / "cchc.db").exists():
        print(f"generating scale {scale_label(scale)} into {folder} …", file=sys.stderr, flush=True)
        tmp = folder.with_name(folder.name + ".partial")
        shutil.rmtree(tmp, ignore_errors=True)
        generate(tmp, scale, seed)
        tmp.rename(folder)
    return folder / "cchc.db"


def run_child(scale: float, source: Path, repeat: int, only: list[str] | None = None, extra: tuple = ()) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-scale-{scale_label(scale)}-") as tmp:
        shutil.copy2(source, Path(tmp) / "cchc.db")
        command = [sys.executable, "-m", "bench.run", "--child", tmp, "--repeat", str(repeat)]
        command += [f"--only={name}" for name in only or ()] + list(extra)
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
        sys.stderr.write(done.stderr[-4000:])
        if done.returncode != 0:
            raise RuntimeError(f"scale {scale_label(scale)} failed: {done.stderr[-2000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def summary(scale: str, result: dict) -> str:
    """The figures of a partial run (`--only`), a line each."""
    lines = []
    ingest = result.get("ingest")
    if ingest:
        lines.append(
            f"scale {scale} ingest: {ingest['error']}" if "error" in ingest else
            f"scale {scale} ingest of {ingest['items']} items: {ingest['pipeline_ms']:.0f} ms,"
            f" bare feedparser {ingest['bare_ms']:.0f} ms, ratio {ingest['ratio']:.2f}"
            f" (CPU time {ingest.get('cpu_ratio', float('nan')):.2f})"
        )  # fmt: skip
    for name in ("reports", "pages"):
        if isinstance(result.get(name), dict):  # the step failed
            lines.append(f"scale {scale} {name}: {result[name]['error']}")
    for report in result.get("reports") if isinstance(result.get("reports"), list) else []:
        lines.append(
            f"scale {scale} report {report['kind']}: {report['report_ms']:.0f} ms, baseline"
            f" {report['python_docx_ms']:.0f} ms, ratio {report['ratio']:.2f}"
            + (
                f" (CPU time {report['report_cpu_ms']:.0f} ms, {report['python_docx_cpu_ms']:.0f} ms,"
                f" ratio {report['cpu_ratio']:.2f})"
                if report.get("cpu_ratio") is not None
                else ""
            )
            + f", {report['rows']} rows, {report['charts']} charts"
        )
    for page in result.get("pages") if isinstance(result.get("pages"), list) else []:
        lines.append(
            f"scale {scale} page {page['page']} ({page['role']}): "
            + (f"error {page['error']}" if page.get("error") else
               f"median {page['median_ms']:.1f} ms, first {page['first_ms']:.1f} ms"
               + (f", first after a write {page['after_write_ms']:.1f} ms" if "after_write_ms" in page else ""))
        )  # fmt: skip
    for name in ("search", "calendar", "services"):
        if name in result:
            lines.append(f"scale {scale} {name}: {json.dumps(result[name], ensure_ascii=False)}")
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench run", description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", type=float, action="append", help="scale to measure (repeatable; default 1 and 5)")
    p.add_argument("--repeat", type=int, default=5, help="runs per measurement (median reported)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="cache folder of generated databases")
    p.add_argument("--results", type=Path, default=RESULTS, help="the Markdown file to update")
    p.add_argument("--json", action="store_true", help="also print the raw figures as JSON")
    p.add_argument(
        "--keep", action="store_true", help="reuse a scale's figures from an earlier run (results.json beside its data)"
    )
    p.add_argument(
        "--only",
        choices=STEPS,
        action="append",
        help="measure only this step (repeatable); the figures are printed, RESULTS.md is left as it is",
    )
    p.add_argument(
        "--after-writes",
        action="store_true",
        help="pages: also the median of --repeat first runs after a write (with --only)",
    )
    p.add_argument("--page", help="pages: only those whose path holds this text (with --only)")
    p.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.child:
        print(json.dumps(measure_one(args.child, args.repeat, args.only, args.after_writes, args.page)))
        return 0
    scales = args.scale or [1.0, 5.0]
    args.data.mkdir(parents=True, exist_ok=True)
    results = {}
    for scale in scales:
        source = database_for(scale, args.data, args.seed)
        kept = source.parent / "results.json"
        if args.keep and kept.exists():
            print(f"scale {scale_label(scale)}: figures kept from {kept}", file=sys.stderr, flush=True)
            results[scale_label(scale)] = json.loads(kept.read_text(encoding="utf-8"))
            continue
        print(f"measuring scale {scale_label(scale)} …", file=sys.stderr, flush=True)
        if args.only:  # a part of the run: printed, not written over the whole run's figures
            extra = (["--after-writes"] if args.after_writes else []) + ([f"--page={args.page}"] if args.page else [])
            results[scale_label(scale)] = run_child(scale, source, args.repeat, args.only, tuple(extra))
            print(summary(scale_label(scale), results[scale_label(scale)]))
            continue
        results[scale_label(scale)] = run_child(scale, source, args.repeat)
        kept.write_text(json.dumps(results[scale_label(scale)]), encoding="utf-8")
        # written after each scale, so a long run stopped at a larger scale keeps the smaller ones
        write_results(render(results, args.repeat, date.today().strftime("%d/%m/%Y")), args.results)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    if not args.only:
        print(f"written to {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
