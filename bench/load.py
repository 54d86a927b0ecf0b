"""`python -m bench load --sessions 20 [--minutes 3] [--scale 5]`: many people at once.

Starts `streamlit run` on a free 127.0.0.1 port against a copy of the generated scale-N
database (generated once into `--data`, as `bench run` does, and reused), signs in
`--sessions` real browser sessions spread over the roles (staff, inspector, leader,
admin: the accounts of bench/generate.py) and lets each walk its role's usual pages
for `--minutes`, pausing `--think` seconds between pages as a person reads.

Browsers: one Chromium process (Debian's, driven by Playwright's async API) with one
context per session. A context is a separate person (own cookies, own Streamlit
session, own websocket) and Chromium gives each its own renderer process, so sessions
render in parallel; one browser instead of N saves a browser process's start-up and
memory per session, which the server would otherwise compete with on the same cores.

A page is reached as a person does: its link in the sidebar (the app's in-page
navigation; the address bar when the page has no link). Its time is from the click to
the moment the page has settled, the journeys' notion of idle made exact: the app's
script has run for this click and is not running (`data-test-script-state`), no status
widget, nothing stale on screen, connected, and it stays so for `QUIET_MS` (the time
reported is when the quiet began). Errors: exceptions drawn on the page, Streamlit's
"Page not found", a page that does not settle within `--timeout` (a lost connection
shows so), script errors in the browser. The server process's CPU and resident memory are read from
/proc once a second.

Run by hand on an idle machine; the test suite only checks that it runs (tests/bench).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.results_table import RESULTS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(tempfile.gettempdir()) / "cchc-bench"
START, END = "<!-- load:start -->", "<!-- load:end -->"
QUIET_MS = 300  # a page is settled once it has stayed idle this long
POLL_MS = 50
ROLE_CYCLE = ("staff", "inspector", "leader", "staff", "admin")  # who the sessions are, in turn
ACCOUNTS = {  # bench/generate.py's accounts: role -> (usernames, password)
    "staff": (("canbo", "canbo2"), "Canbo@2026"),
    "inspector": (("kiemtra1", "kiemtra2", "kiemtra3", "kiemtra4"), "Kiemtra@2026"),
    "leader": (("lanhdao",), "Lanhdao@2026"),
    "admin": (("admin",), "Admin@2026"),
}
ROUTES = {  # each role's usual pages (url paths), walked in this order round and round
    "staff": ("plans-dashboard", "plans", "plan-activity", "media-review", "media-search", "inspections", "services",
              "report-new"),
    "inspector": ("my-inspections", "inspection", "inspections", "plans-dashboard", "media-search"),
    "leader": ("plans-dashboard", "services", "indices", "inspections", "media-analysis", "exports"),
    "admin": ("plans-dashboard", "users", "audit", "units", "media-sources", "services-import"),
}  # fmt: skip
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]
SIGN_IN = "sign-in"

# In every page of a context: the script state's changes, with the page's clock.
RECORDER = """
window.__bench = {runs: [], quietSince: null, lastBusy: 0};
(function watch() {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) { setTimeout(watch, 10); return; }
  const note = () => window.__bench.runs.push([app.getAttribute('data-test-script-state'), performance.now()]);
  note();
  new MutationObserver(note).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
})();
"""
# Settled since when (page clock), or false; `t0` is the click on the page clock.
SETTLED = """
([t0, quietMs]) => {
  const w = window.__bench, app = document.querySelector('[data-testid="stApp"]');
  const now = performance.now();
  if (!w || !app) return false;
  const ran = w.runs.some(([s, t]) => s !== 'notRunning' && s !== 'initial' && t >= t0);
  const busy = !ran
    || app.getAttribute('data-test-script-state') !== 'notRunning'
    || app.getAttribute('data-test-connection-state') !== 'CONNECTED'
    || document.querySelector('[data-testid="stStatusWidget"]')
    || document.querySelector('[data-stale="true"]');
  if (busy) { w.quietSince = null; w.lastBusy = now; return false; }
  if (w.quietSince === null) {
    const ended = w.runs.filter(([s, t]) => s === 'notRunning' && t >= t0).map(([s, t]) => t);
    w.quietSince = Math.max(ended.length ? ended[ended.length - 1] : now, w.lastBusy > t0 ? w.lastBusy : 0);
  }
  return now - w.quietSince >= quietMs ? w.quietSince - t0 : false;
}
"""

# Just before a click: forget the last page's quiet, return the page clock.
CLICK = "window.__bench.quietSince = null, window.__bench.lastBusy = 0, performance.now()"


@dataclass
class Figures:
    times: dict[str, list[float]] = field(default_factory=dict)  # page -> ms until settled
    errors: dict[str, list[str]] = field(default_factory=dict)  # page -> what went wrong
    roles: dict[str, set] = field(default_factory=dict)  # page -> roles that walked it

    def time(self, page: str, role: str, ms: float) -> None:
        self.times.setdefault(page, []).append(ms)
        self.roles.setdefault(page, set()).add(role)

    def error(self, page: str, role: str, text: str) -> None:
        self.errors.setdefault(page, []).append(text[:200])
        self.roles.setdefault(page, set()).add(role)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium() -> str:
    found = os.environ.get("CCHC_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise SystemExit("Chromium is not installed (apt-get install chromium)")
    return found


def roles_of(sessions: int) -> list[str]:
    return [ROLE_CYCLE[i % len(ROLE_CYCLE)] for i in range(sessions)]


def routes(role: str) -> list[str]:
    """The role's usual pages that its menu holds (a page renamed or folded into another
    is left out rather than walked as a refusal)."""
    from core.nav import pages_for

    allowed = {p.url_path for p in pages_for(role)}
    return [path for path in ROUTES[role] if path in allowed]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[round(q * 100) - 1]


# --- the server ---------------------------------------------------------------------


class Server:
    """`streamlit run` on a free local port over a data folder; its CPU and memory
    sampled from /proc once a second."""

    def __init__(self, data: Path):
        self.data, self.port = data, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.samples: list[tuple[float, float, float]] = []  # (wall s, cpu s, rss MB)
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 180) -> None:
        env = {**os.environ, "CCHC_DATA_DIR": str(self.data), "CCHC_DEMO": "0", "CCHC_FETCH_ENABLED": "0"}
        self.log = open(self.data / "server.log", "w")  # noqa: SIM115 - closed in stop()
        command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(self.port),
                   "--server.address", "127.0.0.1", "--server.headless", "true"]  # fmt: skip
        self.proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)  # noqa: S603
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5) as resp:  # noqa: S310 - local
                    if resp.status == 200:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit("streamlit did not start:\n" + (self.data / "server.log").read_text()[-3000:])
            time.sleep(0.5)

    def sample(self) -> None:
        try:
            stat = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return
        cpu = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
        rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) / 1024
        self.samples.append((time.monotonic(), cpu, rss))

    async def sampling(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.sample()
            try:
                await asyncio.wait_for(stop.wait(), 1.0)
            except TimeoutError:
                pass
        self.sample()

    def usage(self) -> dict:
        """CPU in % of one core (mean over the walk, and the busiest 5 s), RSS in MB."""
        s = self.samples
        if len(s) < 2:
            return {}
        busiest = 0.0
        for i, (t, c, _) in enumerate(s):
            j = next((k for k in range(i, len(s)) if s[k][0] - t >= 5), None)
            if j is not None:
                busiest = max(busiest, (s[j][1] - c) / (s[j][0] - t) * 100)
        return {
            "cpu_mean_pct": (s[-1][1] - s[0][1]) / (s[-1][0] - s[0][0]) * 100,
            "cpu_busiest_5s_pct": busiest,
            "rss_start_mb": s[0][2],
            "rss_peak_mb": max(r for _, _, r in s),
            "rss_end_mb": s[-1][2],
        }

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if getattr(self, "log", None):
            self.log.close()


# --- one person ---------------------------------------------------------------------


async def settled(page, t0: float, timeout_s: float) -> float:
    """ms from `t0` (page clock) until the page settled."""
    handle = await page.wait_for_function(SETTLED, arg=[t0, QUIET_MS], polling=POLL_MS, timeout=timeout_s * 1000)
    return float(await handle.json_value())


async def problems(page, failures: list[str]) -> list[str]:
    """What went wrong on the page just settled: exceptions drawn, 'Page not found',
    script errors in the browser since the last look."""
    found = []
    for text in await page.locator('[data-testid="stException"]').all_inner_texts():
        found.append("exception: " + " ".join(text.split())[:160])
    if await page.get_by_text("Page not found").count():
        found.append("Page not found")
    found += failures
    failures.clear()
    return found


async def sign_in(page, base: str, username: str, password: str, timeout_s: float) -> float:
    """Open the app, follow the sign-in link, sign in; ms from the button to the landing
    page settled."""
    await page.goto(base + "/", wait_until="domcontentloaded")
    await page.get_by_role("link", name="Đăng nhập").click(timeout=timeout_s * 1000)
    await page.get_by_label("Tên đăng nhập").fill(username)
    await page.get_by_label("Mật khẩu").fill(password)
    t0 = await page.evaluate(CLICK)
    await page.get_by_role("button", name="Đăng nhập").click()
    await page.get_by_text("Đang đăng nhập:").first.wait_for(timeout=timeout_s * 1000)
    return await settled(page, t0, timeout_s)


async def go(page, base: str, path: str, landing: str, timeout_s: float) -> float:
    """Open `path` by its sidebar link (the landing page's link is the app's root), else
    by the address bar; ms until settled."""
    href = f"{base}/" if path == landing else f"{base}/{path}"
    link = page.locator(f'[data-testid="stSidebarNav"] a[href="{href}"]')
    if await link.count():
        t0 = await page.evaluate(CLICK)
        await link.first.click()
        return await settled(page, t0, timeout_s)
    await page.goto(f"{base}/{path}", wait_until="commit")
    return await settled(page, 0.0, timeout_s)  # a new document: its clock starts at the navigation


def default_page(role: str):
    from core.nav import default_page as landing

    return landing(role)


async def person(browser, base: str, index: int, role: str, until: float, args, figures: Figures) -> None:
    rng = random.Random(args.seed * 1000 + index)
    names, password = ACCOUNTS[role]
    username = names[index % len(names)]
    context = await browser.new_context(locale="vi-VN", viewport={"width": 1400, "height": 1000})
    await context.add_init_script(RECORDER)
    page = await context.new_page()
    failures: list[str] = []
    page.on("pageerror", lambda exc: failures.append(f"script error: {exc}"[:160]))
    try:
        try:
            figures.time(SIGN_IN, role, await sign_in(page, base, username, password, args.timeout))
        except Exception as exc:  # noqa: BLE001 - a failed sign-in is a figure, not a crash
            figures.error(SIGN_IN, role, f"{type(exc).__name__}: {exc}".splitlines()[0])
            return
        walk, landing = routes(role), default_page(role).url_path
        step = 0
        while time.monotonic() < until or step < args.rounds * len(walk):
            await asyncio.sleep(rng.uniform(*args.think))
            if time.monotonic() >= until and step >= args.rounds * len(walk):
                break
            path = walk[step % len(walk)]
            step += 1
            try:
                ms = await go(page, base, path, landing, args.timeout)
            except Exception as exc:  # noqa: BLE001 - a page that did not settle
                figures.error(path, role, f"not settled: {type(exc).__name__}".splitlines()[0])
                failures.clear()
                try:
                    await page.goto(f"{base}/{path}", wait_until="domcontentloaded")  # start afresh
                except Exception as again:  # noqa: BLE001 - the server is gone or swamped
                    figures.error(path, role, f"session ended: {type(again).__name__}")
                    return
                continue
            found = await problems(page, failures)
            for problem in found:
                figures.error(path, role, problem)
            if not found:
                figures.time(path, role, ms)
    finally:
        await context.close()


async def walk_all(base: str, args) -> tuple[Figures, float]:
    from playwright.async_api import async_playwright

    figures = Figures()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            ramp = min(10.0, args.minutes * 60 / 4)  # sign-ins spread over the first seconds
            start = time.monotonic()
            until = start + ramp + args.minutes * 60

            async def later(i, role):
                await asyncio.sleep(ramp * i / max(1, args.sessions))
                await person(browser, base, i, role, until, args, figures)

            await asyncio.gather(*(later(i, role) for i, role in enumerate(roles_of(args.sessions))))
        finally:
            await browser.close()
    return figures, time.monotonic() - start


# --- the table ----------------------------------------------------------------------


def report(figures: Figures, usage: dict, meta: dict) -> dict:
    pages = []
    order = [SIGN_IN] + [p for role in dict.fromkeys(roles_of(meta["sessions"])) for p in routes(role)]
    for page in dict.fromkeys(order):
        times, errors = figures.times.get(page, []), figures.errors.get(page, [])
        pages.append(
            {
                "page": page,
                "roles": sorted(figures.roles.get(page, ())),
                "loads": len(times) + len(errors),
                "median_ms": statistics.median(times) if times else None,
                "p95_ms": percentile(times, 0.95) if times else None,
                "max_ms": max(times) if times else None,
                "errors": len(errors),
                "error_kinds": sorted(set(errors))[:5],
            }
        )
    return {**meta, "pages": pages, "server": usage}


def _n(value, digits=0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def render(result: dict) -> str:
    s = result["server"]
    pinned = "" if result.get("server_cpu") is None else f" --server-cpu {result['server_cpu']}"
    lines = [
        START,
        f"## Load: {result['sessions']} browser sessions at scale {result['scale']:g}",
        "",
        f"Command: `./.venv/bin/python -m bench load --sessions {result['sessions']} --minutes {result['minutes']:g}"
        f" --scale {result['scale']:g}{pinned}`,"
        f" {result['when']}, {result['cpus']} cores, load average"
        f" {result['load_before']} before and {result['load_after']} after (1, 5, 15 min). Roles: {result['mix']};"
        f" {_n(result['think'][0], 1)}–{_n(result['think'][1], 1)} s between pages. Time until the page has settled"
        f" (ms, from the click on its link); {_n(result['walk_s'])} s of walking.",
        "",
        "| page | roles | loads | median | p95 | max | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in result["pages"]:
        kinds = f" ({'; '.join(p['error_kinds'])})" if p["errors"] else ""
        lines.append(
            f"| {p['page']} | {', '.join(p['roles'])} | {p['loads']} | {_n(p['median_ms'])} | {_n(p['p95_ms'])}"
            f" | {_n(p['max_ms'])} | {p['errors']}{kinds} |"
        )
    lines += [
        "",
        f"Server process: CPU {_n(s.get('cpu_mean_pct'))} % of one core on average, {_n(s.get('cpu_busiest_5s_pct'))} %"
        f" in the busiest 5 s; memory {_n(s.get('rss_start_mb'))} MB after sign-in start, peak"
        f" {_n(s.get('rss_peak_mb'))} MB, {_n(s.get('rss_end_mb'))} MB at the end.",
        END,
    ]
    return "\n".join(lines)


def write_results(text: str, path: Path) -> None:
    """Replace the load section of `path` (or add it after the scale section)."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if START in old and END in old:
        new = old[: old.index(START)] + text + old[old.index(END) + len(END) :]
    else:
        title, _, rest = old.partition("\n")
        new = f"{title}\n\n{text}\n{rest}"
    path.write_text(new, encoding="utf-8")


# --- the command --------------------------------------------------------------------


def _think(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    values = (float(low), float(high or low))
    if not 0 <= values[0] <= values[1]:
        raise argparse.ArgumentTypeError(f"--think must be SECONDS or MIN-MAX, not {text!r}")
    return values


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench load", description=__doc__.split("\n\n")[0])
    p.add_argument("--sessions", type=int, default=20, help="browser sessions at once (default 20)")
    p.add_argument("--minutes", type=float, default=3.0, help="how long they walk (default 3)")
    p.add_argument("--scale", type=float, default=5.0, help="data scale (default 5; generated once into --data)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="cache folder of generated databases")
    p.add_argument("--think", type=_think, default=(2.0, 5.0), help="seconds between pages, MIN-MAX (default 2-5)")
    p.add_argument("--rounds", type=int, default=0, help="walk each route at least this many times, however long")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds before a page counts as not settled")
    p.add_argument("--server-cpu", type=int, help="keep the server on this CPU and the browsers on the others (e.g. 1)")
    p.add_argument("--results", type=Path, help=f"also write the table into this Markdown file (e.g. {RESULTS})")
    p.add_argument("--json", action="store_true", help="print the figures as JSON instead of the table")
    return p


def main(argv: list[str] | None = None) -> int:
    from bench.run import database_for

    args = parser().parse_args(argv)
    if args.sessions < 1 or args.minutes <= 0:
        raise SystemExit("--sessions must be at least 1 and --minutes positive")
    args.data.mkdir(parents=True, exist_ok=True)
    source = database_for(args.scale, args.data, args.seed)
    roles = roles_of(args.sessions)
    mix = ", ".join(f"{roles.count(r)} {r}" for r in dict.fromkeys(roles))
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        shutil.copy2(source, Path(tmp) / "cchc.db")  # the server writes (sign-ins): never into the cache
        server = Server(Path(tmp))
        server.start()
        if args.server_cpu is not None:  # the server on its own core, the browsers (started later) on the others
            for task in Path(f"/proc/{server.proc.pid}/task").iterdir():  # every thread it has so far
                os.sched_setaffinity(int(task.name), {args.server_cpu})
            os.sched_setaffinity(0, (os.sched_getaffinity(0) - {args.server_cpu}) or {args.server_cpu})
        load_before = ", ".join(f"{v:.1f}" for v in os.getloadavg())
        try:

            async def everything():
                stop = asyncio.Event()
                sampler = asyncio.create_task(server.sampling(stop))
                try:
                    return await walk_all(server.base, args)
                finally:
                    stop.set()
                    await sampler

            figures, walked = asyncio.run(everything())
        finally:
            server.stop()
    meta = {
        "sessions": args.sessions,
        "minutes": args.minutes,
        "scale": args.scale,
        "mix": mix,
        "think": list(args.think),
        "walk_s": walked,
        "when": datetime.now(UTC).strftime("%d/%m/%Y %H:%M UTC"),
        "cpus": os.cpu_count(),
        "server_cpu": args.server_cpu,
        "load_before": load_before,
        "load_after": ", ".join(f"{v:.1f}" for v in os.getloadavg()),
    }
    result = report(figures, server.usage(), meta)
    text = render(result)
    if args.results:
        write_results(text, args.results)
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
