"""One real browser against the real server: `streamlit run` on a free local port,
Debian's Chromium driven by Playwright. Mandatory under CI=true, skipped elsewhere
when no Chromium is installed."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CCHC_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.browser

if not CHROMIUM and os.environ.get("CI") != "true":
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    assert CHROMIUM, "CI=true requires Chromium for the browser test"
    port = free_port()
    data = tmp_path_factory.mktemp("browser-data")
    env = {**os.environ, "CCHC_DATA_DIR": str(data), "CCHC_DEMO": "1", "CCHC_FETCH_ENABLED": "0"}
    log = open(data / "server.log", "w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "streamlit_app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("streamlit did not start:\n" + (data / "server.log").read_text())
        time.sleep(0.5)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def test_healthz_over_http(server):
    with urllib.request.urlopen(server + "/healthz", timeout=5) as resp:
        body = json.load(resp)
    assert body["status"] == "ok" and body["schema_version"] > 0


def test_staff_signs_in_and_sees_the_vietnamese_dashboard(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            page = browser.new_page(locale="vi-VN")
            blocked = []  # the Content-Security-Policy must not block anything the app uses
            page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
            page.goto(server, wait_until="domcontentloaded")
            page.get_by_role("link", name="Đăng nhập").click(timeout=60_000)
            page.get_by_label("Mật khẩu").fill("sai-mat-khau")
            page.get_by_label("Tên đăng nhập").fill("canbo")
            page.get_by_role("button", name="Đăng nhập").click()
            expect(page.get_by_role("alert")).to_have_text("Sai tên đăng nhập hoặc mật khẩu.")
            page.get_by_label("Tên đăng nhập").fill("canbo", timeout=60_000)
            page.get_by_label("Mật khẩu").fill("Canbo@2026")
            page.get_by_role("button", name="Đăng nhập").click()
            expect(page.get_by_text("Nguyễn Thị Hồng Nhung").first).to_be_visible(timeout=30_000)
            # The landing page and the menu speak Vietnamese.
            expect(page.get_by_role("heading").first).to_be_visible()
            expect(page.get_by_text("Kế hoạch tuyên truyền").first).to_be_visible()
            expect(page.get_by_text("Đăng xuất")).to_be_visible()
            page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
            # The session survives a reload (HttpOnly cookie), and signing out ends it.
            page.reload()
            expect(page.get_by_text("Nguyễn Thị Hồng Nhung").first).to_be_visible(timeout=30_000)
            page.get_by_text("Đăng xuất").click()  # the sign-out page; its button posts the form
            page.get_by_role("button", name="Đăng xuất").click(timeout=30_000)
            expect(page.get_by_text("Vui lòng đăng nhập để tiếp tục.")).to_be_visible(timeout=30_000)
            assert blocked == []
        finally:
            browser.close()
