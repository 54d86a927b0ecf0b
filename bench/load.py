"""`python -m bench load --sessions 20`: many people at once on one instance.

The real server (`streamlit run` on a free 127.0.0.1 port) on a generated database
(`--scale`, default 5, cached under `--data` as `python -m bench run` does); N browser
sessions (Playwright driving Debian's Chromium, as the browser journeys do), each signed in
as a staff member, a leader or an inspector in turn, walk their role's usual pages again and
again for `--minutes`. For every page load: the time from asking for the address until the
page has settled (no script run in progress and nothing left stale from the previous run,
twice in a row, polled every 100 ms), and whether it failed (Streamlit's exception box,
"Page not found", or no settling within a minute). Every second the server's CPU time and
resident memory are read from /proc. Prints one table: per page, loads, median and p95
settle time, errors; then the server's mean and peak CPU and its peak memory.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CCHC_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
PASSWORD = {"staff": "Canbo@2026", "leader": "Lanhdao@2026", "inspector": "Kiemtra@2026"}
ACCOUNT = {"staff": "canbo", "leader": "lanhdao", "inspector": "kiemtra1"}
# Each role's usual pages, in the order a working day visits them.
ROUTES = {
    "staff": ["/plans-dashboard", "/plans", "/plan-activity", "/inspections", "/media-review", "/services"],
    "leader": ["/plans-dashboard", "/inspections", "/services", "/media-analysis", "/indices"],
    "inspector": ["/my-inspections", "/inspection", "/inspections", "/plans-dashboard"],
}
ROLES = ("staff", "leader", "inspector")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database(scale: float, cache: Path) -> Path:
    """The generated database of `scale`, made once into the cache and copied for this run."""
    from bench import generate

    folder = cache / f"scale-{scale:g}-seed-2026"  # the cache of `python -m bench run`
    if not (folder / generate.DB_NAME).exists():
        generate.generate(folder, scale, 2026, overwrite=True)
    run = cache / f"load-{scale:g}"
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir(parents=True)
    shutil.copy2(folder / generate.DB_NAME, run / generate.DB_NAME)
    return run


def _start(data: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "CCHC_DATA_DIR": str(data), "CCHC_DEMO": "0", "CCHC_FETCH_ENABLED": "0"}
    log = open(data / "server.log", "w")  # noqa: SIM115 - open for the server's lifetime
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port)]
        + ["--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as resp:
                if resp.status == 200:
                    return proc, base
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the server did not start:\n" + (data / "server.log").read_text())


def _proc_sample(pid: int) -> tuple[float, int]:
    """(CPU seconds used so far, resident bytes) of the server process and its children."""
    ticks = os.sysconf("SC_CLK_TCK")
    page = os.sysconf("SC_PAGE_SIZE")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / ticks
    rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
    return cpu, rss


async def _settled(page) -> bool:
    quiet = 0
    for _ in range(600):
        busy = await page.evaluate(
            '() => document.querySelectorAll(\'[data-testid="stStatusWidget"], [data-stale="true"]\').length'
        )
        quiet = quiet + 1 if busy == 0 else 0
        if quiet == 2:
            return True
        await asyncio.sleep(0.1)
    return False


async def _session(browser, base: str, role: str, until: float, results: list) -> None:
    context = await browser.new_context(locale="vi-VN", viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(120_000)
    await page.goto(f"{base}/session/login?next=/", wait_until="domcontentloaded")
    await page.get_by_label("Tên đăng nhập").fill(ACCOUNT[role])
    await page.get_by_label("Mật khẩu").fill(PASSWORD[role])
    await page.get_by_role("button", name="Đăng nhập").click()
    await page.get_by_text("Đang đăng nhập:").first.wait_for()
    await _settled(page)
    step = 0
    while time.monotonic() < until:
        path = ROUTES[role][step % len(ROUTES[role])]
        step += 1
        started = time.monotonic()
        try:
            await page.goto(base + path, wait_until="domcontentloaded")
            await page.get_by_text("Đang đăng nhập:").first.wait_for()
            ok = await _settled(page)
            errors = await page.evaluate(
                "() => document.querySelectorAll('[data-testid=\"stException\"]').length"
                " + (document.body.innerText.includes('Page not found') ? 1 : 0)"
            )
            ok = ok and errors == 0
        except Exception:  # noqa: BLE001 - a load that failed counts as an error
            ok = False
        results.append((role, path, time.monotonic() - started, ok))
    await context.close()


async def _drive(base: str, sessions: int, minutes: float, pid: int) -> tuple[list, list]:
    from playwright.async_api import async_playwright

    results: list = []
    samples: list = []
    until = time.monotonic() + minutes * 60

    async def sample() -> None:
        while time.monotonic() < until:
            samples.append((time.monotonic(), *_proc_sample(pid)))
            await asyncio.sleep(1)

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        await asyncio.gather(
            sample(), *(_session(browser, base, ROLES[i % len(ROLES)], until, results) for i in range(sessions))
        )
        await browser.close()
    return results, samples


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def table(results: list, samples: list, sessions: int, minutes: float, scale: float) -> str:
    lines = [
        f"Load: {sessions} browser sessions for {minutes:g} min on scale {scale:g}, one server ({os.cpu_count()} CPUs)",
        "",
        "| role | page | loads | median s | p95 s | errors |",
        "|---|---|---:|---:|---:|---:|",
    ]
    pages = sorted({(r, p) for r, p, _t, _ok in results})
    for role, path in pages:
        times = [t for r, p, t, _ok in results if (r, p) == (role, path)]
        errors = sum(not ok for r, p, _t, ok in results if (r, p) == (role, path))
        lines.append(
            f"| {role} | {path} | {len(times)} | {statistics.median(times):.2f} | {_p95(times):.2f} | {errors} |"
        )
    every = [t for _r, _p, t, _ok in results]
    if every:
        lines.append(
            f"| all | | {len(every)} | {statistics.median(every):.2f} | {_p95(every):.2f} | "
            f"{sum(not ok for *_x, ok in results)} |"
        )
    if len(samples) > 1:
        spans = [(b[1] - a[1]) / (b[0] - a[0]) * 100 for a, b in zip(samples, samples[1:], strict=False) if b[0] > a[0]]
        lines += [
            "",
            f"Server CPU: mean {statistics.mean(spans):.0f} %, peak {max(spans):.0f} % of one core; "
            f"peak memory {max(s[2] for s in samples) / 2**20:.0f} MB",
        ]
    return "\n".join(lines)


def main(sessions: int, minutes: float, scale: float, cache: Path) -> str:
    if not CHROMIUM:
        raise SystemExit("Chromium is not installed (apt-get install chromium)")
    data = _database(scale, cache)
    proc, base = _start(data)
    try:
        results, samples = asyncio.run(_drive(base, sessions, minutes, proc.pid))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    return table(results, samples, sessions, minutes, scale)
