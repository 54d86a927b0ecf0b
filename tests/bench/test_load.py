"""The load benchmark (`python -m bench load`) runs end to end: a real server, real
browser sessions signed in as their roles, every page of their walk settled, the table
written. It asserts no timings (those are read by hand in bench/RESULTS.md)."""

from __future__ import annotations

import json
import shutil

import pytest

from bench import load
from bench.__main__ import main

pytestmark = pytest.mark.browser

if not shutil.which("chromium") and not shutil.which("chromium-browser"):
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)


def test_two_sessions_walk_every_page_without_errors(tmp_path, capsys):
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\nEarlier figures.\n", encoding="utf-8")
    argv = ["load", "--sessions", "2", "--minutes", "0.05", "--rounds", "1", "--think", "0", "--scale", "0.02",
            "--timeout", "240",  # a shared machine can take a minute over one page; errors are what is checked
            "--data", str(tmp_path / "data"), "--results", str(results), "--json"]  # fmt: skip
    assert main(argv) == 0
    figures = json.loads(capsys.readouterr().out)

    walked = [load.SIGN_IN, *load.routes("staff"), *load.routes("inspector")]
    assert {"plans", "media-review", "my-inspections", "inspection"} <= set(walked)  # the usual pages are in the menus
    pages = {p["page"]: p for p in figures["pages"]}
    assert set(walked) <= set(pages)
    for name in walked:
        assert pages[name]["errors"] == 0, pages[name]
        assert pages[name]["loads"] >= 1 and pages[name]["median_ms"] > 0, pages[name]
        assert pages[name]["p95_ms"] >= pages[name]["median_ms"]
    assert figures["mix"] == "1 staff, 1 inspector"
    assert figures["server"]["rss_peak_mb"] > 0 and figures["server"]["cpu_mean_pct"] > 0

    table = results.read_text(encoding="utf-8")
    assert table.startswith("# Benchmark results\n") and "Earlier figures." in table
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| page")]
    assert {row.split(" | ")[0].removeprefix("| ") for row in rows} >= set(walked)
    assert (tmp_path / "data" / "scale-0.02-seed-2026" / "cchc.db").exists()  # generated once, kept for the next run
