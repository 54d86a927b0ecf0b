"""The user guide's screenshots, taken in a real browser against the real server so they
never go stale. Every run checks that each page the guide shows opens on its title; with
CCHC_GUIDE_SHOTS=1 the pictures are written into docs/guide/images (commit them), else into
a temporary folder.

    CCHC_GUIDE_SHOTS=1 .venv/bin/python -m pytest tests/test_guide_shots.py -m browser
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core import guide
from core.i18n import t
from tests.test_browser import server  # noqa: F401  (the shared server fixture)
from tests.test_browser_journeys import browser, idle, open_page  # noqa: F401  (the shared browser)

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1000, 700  # the guide's pictures: 1.000 px wide, the top of the page
PASSWORDS = {"canbo": "Canbo@2026", "kiemtra2": "Kiemtra@2026", "admin": "Admin@2026", "daumoi.stp": "Daumoi@2026"}
# (who, address, the catalogue key of the page's title, the picture's file), by the guide part that shows it
SHOTS = [
    ("canbo", "/plans-dashboard", "plans.dash.title", "bang-dieu-hanh.png"),
    ("canbo", "/services-import", "services.import.title", "nhap-tthc.png"),
    ("canbo", "/inspections", "nav.inspections", "lich-kiem-tra.png"),
    ("canbo", "/report-new", "exports.tab.new", "lap-bao-cao.png"),
    ("kiemtra2", "/my-inspections", "nav.inspections_mine", "lich-cua-toi.png"),
    ("kiemtra2", "/calendar-feeds", "nav.calendar_feeds", "dang-ky-lich.png"),
    ("admin", "/users", "users.title", "nguoi-dung.png"),
    ("daumoi.stp", "/my-unit", "nav.outreach_unit", "viec-cua-don-vi.png"),
]


def sign_in(page, base, username):
    from playwright.sync_api import expect

    page.goto(base + "/", wait_until="domcontentloaded")
    page.get_by_role("link", name="Đăng nhập").click(timeout=60_000)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORDS[username])
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Đang đăng nhập:").first).to_be_visible()


def test_the_guide_shows_every_picture_taken_here():
    shown = {p.name for f in guide.guide_files() for p in guide.image_paths(f.read_text(encoding="utf-8"))}
    assert shown == {name for *_, name in SHOTS}


def test_guide_screenshots(server, browser, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    folder = guide.GUIDE_DIR / "images" if os.environ.get("CCHC_GUIDE_SHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    pages = {}
    for username, path, title, name in SHOTS:
        if username not in pages:
            context = browser.new_context(locale="vi-VN", viewport={"width": WIDTH, "height": HEIGHT})
            pages[username] = context.new_page()
            pages[username].set_default_timeout(30_000)
            sign_in(pages[username], server, username)
        page = pages[username]
        open_page(page, server, path)
        expect(page.get_by_role("heading", name=t(title)).first).to_be_visible()
        page.mouse.move(0, 0)
        idle(page)
        target = Path(folder) / name
        page.screenshot(path=str(target))
        data = target.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(data[16:20], "big") == WIDTH, name
