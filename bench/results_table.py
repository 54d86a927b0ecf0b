"""The scale run's table in bench/RESULTS.md: one column per scale, written between two
markers so the rest of the file (earlier single-feature results, the reading of the run)
stays as it is."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
START, END = "<!-- scale:start -->", "<!-- scale:end -->"


def _ms(value) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}".replace(",", ".") if value >= 100 else f"{value:.1f}".replace(".", ",")


def _x(value) -> str:
    return "–" if value is None else f"{value:.2f}×".replace(".", ",")


def render(results: dict[str, dict], repeat: int, when: str) -> str:
    """The Markdown table of one run: one column per scale."""
    scales = list(results)
    head = "| | " + " | ".join(f"scale {s}" for s in scales) + " |"
    rule = "|---|" + "---|" * len(scales)
    lines = [START, "## Scale: every page, search, feed, report and import at each scale", ""]
    lines.append(
        f"Command: `./.venv/bin/python -m bench run {' '.join('--scale ' + s for s in scales)} --repeat {repeat}`,"
        f" {when}, on the development machine (2 cores). Times are medians in ms of {repeat} runs"
        " (page script runs: AppTest, after one warm-up run); ratios are taken in the same child process."
    )
    lines += ["", "### Data", "", head, rule]
    keys = sorted({k for r in results.values() for k in r.get("counts", {})})
    for key in keys:
        lines.append(
            f"| {key} | " + " | ".join(f"{results[s]['counts'].get(key, 0):,}".replace(",", ".") for s in scales) + " |"
        )
    lines.append("| database (MB) | " + " | ".join(f"{results[s]['db_mb']:.0f}" for s in scales) + " |")
    lines.append(
        "| peak memory of the run (MB) | " + " | ".join(f"{results[s]['peak_rss_mb']:.0f}" for s in scales) + " |"
    )

    lines += [
        "",
        "### Page script runs (ms: median of the runs after the first; in brackets the first run,"
        " which fills the page's kept reads, as the first run after any write does)",
        "",
        head + " medians, last / first scale |",
        rule + "---|",
    ]
    pages = {}
    for s in scales:
        for p in results[s].get("pages", []) if isinstance(results[s].get("pages"), list) else []:
            pages.setdefault((p["page"], p["role"]), {})[s] = p
    for (page, role), per in sorted(pages.items()):
        cells = []
        for s in scales:
            p = per.get(s)
            if p is None or p.get("error"):
                cells.append("–" if p is None else f"error: {p['error']}")
            else:
                cells.append(f"{_ms(p['median_ms'])} ({_ms(p['first_ms'])})")
        first, last = per.get(scales[0]), per.get(scales[-1])
        ratio = (
            last["median_ms"] / first["median_ms"]
            if first and last and not first.get("error") and not last.get("error") and len(scales) > 1
            else None
        )
        lines.append(f"| `{page}` ({role}) | " + " | ".join(cells) + f" | {_x(ratio)} |")

    lines += [
        "",
        "### Search as the search page asks it: one page of results with snippets and the total counted",
        "",
        "ms, median: newest first (the page's default) / most relevant; in brackets the matches counted (up to 1.001).",
        "",
        head,
        rule,
    ]
    shapes = [r["shape"] for r in results[scales[0]].get("search", []) if isinstance(r, dict) and "shape" in r]
    for shape in shapes:
        cells = []
        for s in scales:
            r = next((x for x in results[s].get("search", []) if isinstance(x, dict) and x.get("shape") == shape), None)
            cells.append("–" if r is None else f"{_ms(r['median_ms'])} / {_ms(r.get('rank_ms'))} ({r['hits']})")
        query = next(r["query"] for r in results[scales[0]]["search"] if r["shape"] == shape)
        lines.append(f"| {shape}: `{query}` | " + " | ".join(cells) + " |")

    def row(label: str, section: str, key: str, fmt=_ms) -> None:
        values = []
        for s in scales:
            part = results[s].get(section) or {}
            values.append(fmt(part.get(key)) if "error" not in part else f"error: {part['error'][:60]}")
        lines.append(f"| {label} | " + " | ".join(values) + " |")

    lines += ["", "### Calendar feed of every inspection (the office's feed, past 60 / next 365 days)", "", head, rule]
    row("events in the feed", "calendar", "events", lambda v: "–" if v is None else str(v))
    row("cold build (ms)", "calendar", "cold_ms")
    row("bare icalendar, same events (ms)", "calendar", "bare_ms")
    row("cold / bare icalendar", "calendar", "ratio", _x)
    row("GET 200 (ms)", "calendar", "get200_ms")
    row("GET 304 (ms)", "calendar", "get304_ms")

    lines += ["", "### Feed ingestion (into the scale's database) and services import", "", head, rule]
    row("items ingested per run", "ingest", "items", lambda v: "–" if v is None else str(v))
    row("ingestion (ms)", "ingest", "pipeline_ms")
    row("bare feedparser, same bytes (ms)", "ingest", "bare_ms")
    row("ingestion / feedparser", "ingest", "ratio", _x)
    row("the same in CPU time", "ingest", "cpu_ratio", _x)
    row("services: units in the month's file", "services", "units", lambda v: "–" if v is None else str(v))
    row("openpyxl alone (ms)", "services", "bare_ms")
    row("read and check (ms)", "services", "read_ms")
    row("read, check and commit (ms)", "services", "commit_ms")
    row("commit / openpyxl", "services", "commit_ratio", _x)
    row("ranking of one month (ms)", "services", "ranking_ms")

    baseline = "python-docx writing the same tables and vl-convert drawing the same charts"
    lines += ["", f"### Report drafts (ms, median) next to their bare baseline: {baseline}", "", head, rule]
    kinds = [r["kind"] for r in results[scales[0]].get("reports", []) if isinstance(r, dict) and "kind" in r]
    for kind in kinds:
        cells = []
        for s in scales:
            r = next((x for x in results[s].get("reports", []) if isinstance(x, dict) and x.get("kind") == kind), None)
            cells.append(
                "–"
                if r is None
                else f"{_ms(r['report_ms'])} vs {_ms(r['python_docx_ms'])} ({_x(r['ratio'])}, {r['rows']} rows"
                + (f", {r['charts']} charts)" if "charts" in r else ")")
            )
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    lines += ["", END]
    return "\n".join(lines)


def write_results(text: str, path: Path = RESULTS) -> None:
    """Replace the scale section of RESULTS.md (or put it first)."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if START in old and END in old:
        new = old[: old.index(START)] + text + old[old.index(END) + len(END) :]
    else:
        title, _, rest = old.partition("\n")
        new = f"{title}\n\n{text}\n{rest}"
    path.write_text(new, encoding="utf-8")
