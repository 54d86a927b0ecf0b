"""Everyday jobs in a real browser, one journey per role, against the real server (the
server fixture of tests/test_browser.py: `streamlit run` on 127.0.0.1, demo data, no
network). Each journey checks what the person sees: messages, tables, the page they land on."""

from __future__ import annotations

import re

import pytest

from tests.test_browser import CHROMIUM, server  # noqa: F401  (the shared server fixture)

pytestmark = pytest.mark.browser

PASSWORDS = {"admin": "Admin@2026", "canbo": "Canbo@2026", "kiemtra2": "Kiemtra@2026", "lanhdao": "Lanhdao@2026"}
NAMES = {"admin": "Quản trị hệ thống", "canbo": "Nguyễn Thị Hồng Nhung", "kiemtra2": "Lê Thị Thu Hà"}
SLOW = 30_000


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=SLOW)  # a rerun on a shared 2-core machine can take seconds
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


def new_page(browser, width=1400, height=1000):
    page = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height}).new_page()
    page.set_default_timeout(SLOW)
    return page


def sign_in(page, base, username, path="/"):
    """Open `path` signed out, follow the sign-in link, sign in; return the page."""
    from playwright.sync_api import expect

    page.goto(base + path, wait_until="domcontentloaded")
    page.get_by_role("link", name="Đăng nhập").click(timeout=60_000)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORDS[username])
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Đang đăng nhập:").first).to_be_visible()
    return page


def open_page(page, base, path):
    from playwright.sync_api import expect

    page.goto(base + path, wait_until="domcontentloaded")
    expect(page.get_by_text("Đang đăng nhập:").first).to_be_visible()
    idle(page)


def idle(page):
    """Wait until the app is between runs: no run in progress (the status widget is shown
    while the script runs) and nothing on screen left over from the previous run (Streamlit
    marks those elements stale until the run replaces or removes them), twice in a row."""
    quiet = 0
    for _ in range(240):
        busy = page.get_by_test_id("stStatusWidget").count() + page.locator('[data-stale="true"]').count()
        quiet = quiet + 1 if busy == 0 else 0
        if quiet == 2:
            return
        page.wait_for_timeout(250)
    raise AssertionError("the app did not settle within a minute")


def choose(page, label, option):
    """Pick `option` in the select box labelled `label` by typing it, as a person would."""
    idle(page)
    box = page.get_by_label(label, exact=True)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=re.compile(re.escape(option))).first.click()


def settles_on(page, locator, value):
    """`locator` ends up as one box showing `value` (while a rerun draws the new form the
    previous record's form can still be on screen for a moment)."""
    for _ in range(120):
        idle(page)
        if [e.input_value() for e in locator.all()] == [value]:
            return
        page.wait_for_timeout(250)
    assert [e.input_value() for e in locator.all()] == [value]


def no_english_popup(page):
    from playwright.sync_api import expect

    expect(page.get_by_text("Page not found")).to_have_count(0)


def test_staff_everyday(server, browser, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    page = sign_in(new_page(browser), server, "canbo")
    # progress with evidence, on one activity
    open_page(page, server, "/plan-activity")
    progress = page.get_by_test_id("stForm").filter(has_text="Cập nhật tiến độ")
    progress.get_by_label("Tỷ lệ hoàn thành (%)").fill("45")
    progress.get_by_label("Ghi chú").fill("Đã đăng 3 tin bài")
    progress.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="Đã lưu.")).to_be_visible()
    expect(page.get_by_test_id("stMetricValue").filter(has_text=re.compile(r"^45\s?%$"))).to_be_visible()
    link = page.get_by_test_id("stForm").filter(has_text="Thêm đường dẫn minh chứng")
    link.get_by_label("URL").fill("https://hanoi.gov.vn/tin/cchc-2026")
    link.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="Đã lưu.")).to_be_visible()
    expect(page.get_by_text("hanoi.gov.vn/tin/cchc-2026").first).to_be_visible()

    # the grid: a progress cell edited, warned as unsaved, then saved
    open_page(page, server, "/plans")
    grid = page.get_by_test_id("stDataFrame").first
    expect(grid).to_be_visible()
    grid.scroll_into_view_if_needed()
    unsaved = page.get_by_text("1 thay đổi trong bảng chưa được lưu")
    for _attempt in range(5):  # the grid is a canvas: keyboard focus can be lost while it is redrawn
        idle(page)  # not while a run redraws the grid
        page.keyboard.press("Escape")  # no editor left open by an attempt before
        page.wait_for_timeout(1000)
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 60, box["y"] + 35 + 17)  # first row, the title (pinned) column
        for key in ("ArrowRight", "ArrowRight", "Enter", "Control+A"):  # status, progress, edit it
            page.wait_for_timeout(300)
            page.keyboard.press(key)
        page.keyboard.type("77")
        page.keyboard.press("Enter")
        try:
            unsaved.wait_for(timeout=15_000)  # the edit's run can take seconds on a busy machine
            break
        except Exception:  # noqa: BLE001 - try the keyboard again
            continue
    expect(unsaved).to_be_visible()
    page.get_by_role("button", name="Lưu thay đổi trong bảng").click()
    expect(page.get_by_text("Đã cập nhật 1 nhiệm vụ.").first).to_be_visible()
    expect(page.get_by_text("chưa được lưu")).to_have_count(0)

    # the review queue, card by card
    open_page(page, server, "/media-review")
    queue_tab = page.get_by_role("tab", name=re.compile(r"Chờ duyệt \(\d+\)"))
    before = int(re.search(r"\((\d+)\)", queue_tab.inner_text()).group(1))
    page.get_by_role("button", name="Xác nhận liên quan").first.click()
    expect(page.get_by_text("Đã xác nhận:").first).to_be_visible()
    expect(page.get_by_role("tab", name=f"Chờ duyệt ({before - 1})")).to_be_visible()
    page.get_by_role("button", name="Không liên quan").first.click()
    expect(page.get_by_text("Đã đánh dấu không liên quan:").first).to_be_visible()
    expect(page.get_by_role("tab", name=f"Chờ duyệt ({before - 2})")).to_be_visible()
    page.get_by_role("tab", name=re.compile(r"Đã duyệt")).click()
    reviewed = page.get_by_role("tabpanel").filter(visible=True)
    expect(reviewed.get_by_text("Không liên quan", exact=True).first).to_be_visible()  # the decision shown
    expect(reviewed.get_by_text("Đã xác nhận", exact=True).first).to_be_visible()

    # a new inspection on the suggested free day
    open_page(page, server, "/inspection-new")
    no_english_popup(page)
    expect(page.get_by_text("Chọn đơn vị, trưởng đoàn để kiểm tra lịch và lưu.")).to_be_visible()
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)  # nothing typed, nothing wrong
    expect(page.get_by_role("button", name="Lưu", exact=True)).to_be_disabled()
    choose(page, "Đơn vị", "Sở Tư pháp")
    choose(page, "Trưởng đoàn", "Lê Thị Thu Hà")
    page.get_by_role("button", name="Gợi ý ngày trống gần nhất").click()
    suggestion = page.get_by_text(re.compile(r"Ngày trống gần nhất của đoàn: (\d\d/\d\d/\d{4})"))
    expect(suggestion).to_be_visible()
    day = re.search(r"\d\d/\d\d/\d{4}", suggestion.inner_text()).group(0)
    iso = "-".join(reversed(day.split("/")))
    day_box = page.get_by_test_id("stDateInput").first.locator("input")
    expect(day_box).to_have_value(re.compile(f"^({re.escape(day)}|{iso})$"))  # the suggestion is filled in
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text(re.compile(rf"Đã lưu cuộc kiểm tra .*{re.escape(day)}")).first).to_be_visible()
    idle(page)
    expect(page.get_by_text("Chọn đơn vị, trưởng đoàn để kiểm tra lịch và lưu.")).to_be_visible()  # emptied
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)  # no clash with the one just saved

    # a report for the current year
    open_page(page, server, "/report-new")
    page.get_by_role("button", name="Lập dự thảo").click()  # a draft first: no number taken
    expect(page.get_by_text(re.compile(r"Đã lập dự thảo")).first).to_be_visible(timeout=60_000)
    expect(page.get_by_role("button", name="Tải dự thảo")).to_be_visible()
    page.get_by_role("button", name="Phát hành (lấy số, ngày)").click()  # then issued: numbered and registered
    expect(page.get_by_text(re.compile(r"Đã phát hành báo cáo số \d+/BC-")).first).to_be_visible(timeout=60_000)
    expect(page.get_by_role("button", name="Tải báo cáo (.docx)")).to_be_visible()
    choose(page, "Kỳ báo cáo", "Tháng")  # the year's draft is not offered under a month's name
    expect(page.get_by_label("Tháng", exact=True)).to_be_visible()
    idle(page)
    expect(page.get_by_role("button", name="Tải dự thảo")).to_have_count(0)
    page.screenshot(path=str(tmp_path / "staff.png"), full_page=True)


def test_inspector_from_a_calendar_link(server, browser):  # noqa: F811
    from playwright.sync_api import expect

    # which inspection is theirs: the one marked in the picker
    page = sign_in(new_page(browser), server, "kiemtra2")
    open_page(page, server, "/inspection")
    first_id = re.search(r"id=(\d+)", page.url).group(1)  # the picker's first inspection, not theirs
    page.get_by_label("Cuộc kiểm tra", exact=True).click()
    mine = page.get_by_role("option", name=re.compile("★")).last  # their next inspection
    unit = re.search(r"· (.+) \(đoàn của tôi\)", mine.inner_text()).group(1)
    mine.click()
    expect(page.get_by_role("heading", name=re.compile(re.escape(unit)))).to_be_visible()
    expect(page).not_to_have_url(re.compile(rf"id={first_id}$"))
    inspection_id = re.search(r"id=(\d+)", page.url).group(1)
    page.context.close()

    # signed out, from the calendar event: the sign-in page (no English pop-up), then that inspection
    page = new_page(browser)
    page.goto(f"{server}/inspection?id={inspection_id}", wait_until="domcontentloaded")
    expect(page.get_by_text("Vui lòng đăng nhập để tiếp tục.").first).to_be_visible(timeout=60_000)
    no_english_popup(page)
    page.get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Tên đăng nhập").fill("kiemtra2")
    page.get_by_label("Mật khẩu").fill(PASSWORDS["kiemtra2"])
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(rf"/inspection\?id={inspection_id}$"))
    expect(page.get_by_role("heading", name=re.compile(re.escape(unit)))).to_be_visible()

    # a finding, confirmed and the box emptied
    page.get_by_text("Ghi kết quả kiểm tra").first.click()
    form = page.get_by_test_id("stForm").filter(has_text="Ghi kết quả kiểm tra")
    form.get_by_label("Nội dung", exact=True).fill("Hồ sơ một cửa chưa được số hóa đầy đủ")
    form.get_by_role("button", name="Ghi kết quả kiểm tra").click()  # no kind chosen: asked, text kept
    expect(page.get_by_text("Chọn loại kết quả: ưu điểm hay hạn chế.").first).to_be_visible()
    expect(form.get_by_label("Nội dung", exact=True)).to_have_value("Hồ sơ một cửa chưa được số hóa đầy đủ")
    form.get_by_text("Tồn tại, hạn chế", exact=True).click()
    form.get_by_role("button", name="Ghi kết quả kiểm tra").click()
    expect(page.get_by_text("Đã ghi kết quả kiểm tra.").first).to_be_visible()
    expect(page.get_by_text("Hồ sơ một cửa chưa được số hóa đầy đủ").first).to_be_visible()

    # a calendar subscription, then revoked after being asked
    open_page(page, server, "/calendar-feeds")
    page.get_by_label("Tên thiết bị").fill("Điện thoại")
    page.get_by_role("button", name="Tạo đường dẫn lịch").click()
    expect(page.get_by_text("Đã tạo đường dẫn lịch “Điện thoại”.").first).to_be_visible()
    page.get_by_role("button", name="Thu hồi").first.click()
    expect(page.get_by_text("Thu hồi đăng ký lịch Điện thoại?", exact=False).first).to_be_visible()
    page.get_by_test_id("stPopoverBody").get_by_role("button", name="Thu hồi").click()
    expect(page.get_by_text("Đã thu hồi đăng ký lịch “Điện thoại”.").first).to_be_visible()


def test_leader_at_800_px(server, browser, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    page = sign_in(new_page(browser, width=800, height=900), server, "lanhdao")
    expect(page.get_by_role("heading", name="Tiến độ kế hoạch tuyên truyền CCHC")).to_be_visible()
    values = page.get_by_test_id("stMetricValue")
    expect(values).to_have_count(7)  # every figure drawn, however slow the run
    idle(page)
    for i in range(values.count()):
        value = values.nth(i)
        text = value.inner_text()
        assert "…" not in text, text
        cut = value.evaluate("el => [el, ...el.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1)")
        assert not cut, f"figure cut at 800 px: {text}"
        right = value.evaluate("el => el.getBoundingClientRect().right")
        assert right <= 800, f"figure off-screen at 800 px: {text}"
    assert re.search(r"\d{3}\.\d{3}\.\d{3} đồng", page.get_by_test_id("stMetricValue").all_inner_texts()[5])
    page.screenshot(path=str(tmp_path / "leader-800.png"), full_page=True)

    # a page that is not theirs: said plainly, in Vietnamese, no pop-up
    for path in ("/users", "/media-review"):
        page.goto(server + path, wait_until="domcontentloaded")
        expect(page.get_by_text(re.compile(r"không thuộc quyền của tài khoản này")).first).to_be_visible()
        no_english_popup(page)


def test_admin_changes_a_role(server, browser):  # noqa: F811
    from playwright.sync_api import expect

    page = sign_in(new_page(browser), server, "admin")
    open_page(page, server, "/users")
    choose(page, "Chọn người dùng", "kiemtra — Trần Văn Minh")
    form = page.get_by_test_id("stForm").filter(has_text="Áp dụng")
    role = form.get_by_label("Vai trò", exact=True)
    settles_on(page, role, "Kiểm tra viên")  # the picked user's role, not the first user's
    role.click()
    page.get_by_role("option", name="Chuyên viên").click()
    form.get_by_role("button", name="Áp dụng").click()
    expect(page.get_by_text("Đã cập nhật kiemtra: vai trò.").first).to_be_visible()
    page.reload()  # the database agrees
    expect(page.get_by_text("Đang đăng nhập:").first).to_be_visible()
    choose(page, "Chọn người dùng", "kiemtra — Trần Văn Minh")
    settles_on(page, role, "Chuyên viên")
    # it takes effect: kiemtra now signs in as staff and may add inspections
    page.context.close()
    staff = new_page(browser)
    PASSWORDS["kiemtra"] = "Kiemtra@2026"
    sign_in(staff, server, "kiemtra")
    expect(staff.get_by_text("Trần Văn Minh (Chuyên viên)").first).to_be_visible()
    open_page(staff, server, "/inspection-new")
    expect(staff.get_by_role("heading", name="Thêm cuộc kiểm tra")).to_be_visible()


ROLE_USERS = {"staff": "canbo", "leader": "lanhdao", "admin": "admin", "inspector": "kiemtra2"}


def stays_at(page, base, path):
    """`path` opened by its address shows its own page: the menu drawn (the router has
    resolved the address by then), no English pop-up, the address unchanged."""
    from playwright.sync_api import expect

    page.goto(base + path, wait_until="domcontentloaded")
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
    idle(page)
    no_english_popup(page)
    assert page.url.split("?")[0] == base + path, (path, page.url)


@pytest.mark.parametrize("role", ["staff", "leader", "admin", "inspector"])
def test_every_page_opens_by_its_address(server, browser, role):  # noqa: F811
    """Every page of the role's menu, opened from the address bar, stays there; the landing
    page too (a bookmark of `/plans-dashboard` or `/my-inspections`), and "/" goes to it."""
    from playwright.sync_api import expect

    from core.nav import default_page, pages_for

    landing = "/" + default_page(role).url_path
    page = new_page(browser)
    if role == "inspector":  # signed out, from a link in an e-mail: sign-in's next= brings them back
        page.goto(server + landing, wait_until="domcontentloaded")
        expect(page.get_by_text("Vui lòng đăng nhập để tiếp tục.").first).to_be_visible(timeout=60_000)
        no_english_popup(page)
        page.get_by_role("link", name="Đăng nhập").click()
        page.get_by_label("Tên đăng nhập").fill(ROLE_USERS[role])
        page.get_by_label("Mật khẩu").fill(PASSWORDS[ROLE_USERS[role]])
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
        idle(page)
        no_english_popup(page)
        assert page.url == server + landing
    else:
        sign_in(page, server, ROLE_USERS[role])
        expect(page).to_have_url(server + landing)  # "/" hands over to the landing page
    stays_at(page, server, landing)
    for spec in pages_for(role):
        stays_at(page, server, "/" + spec.url_path)


CUT = "el => [el, ...el.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1)"


@pytest.mark.parametrize("width", [800, 1400])
def test_nothing_is_cut_and_the_sidebar_makes_room(server, browser, width):  # noqa: F811
    """Below about 1.000 px the sidebar starts closed; at 800 and 1.400 px figures and
    buttons wrap onto a second line instead of ending in "…"."""
    from playwright.sync_api import expect

    page = sign_in(new_page(browser, width=width, height=900), server, "canbo")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "true" if width < 1000 else "false")
    expect(page.get_by_test_id("stMetricValue")).to_have_count(7)
    idle(page)
    for value in page.get_by_test_id("stMetricValue").all():
        assert not value.evaluate(CUT), f"figure cut at {width} px: {value.inner_text()}"
    open_page(page, server, "/inspection-new")
    buttons = page.get_by_role("button", name="Lên lịch kiểm tra đơn vị này")
    expect(buttons.first).to_be_visible()
    for button in buttons.all():
        assert not button.evaluate(CUT), f"button cut at {width} px"
        assert button.evaluate("el => el.getBoundingClientRect().right") <= width


def test_leader_sees_what_is_late_first(server, browser):  # noqa: F811
    """The overdue list, with who answers for it, is on the first screen, above the charts."""
    from playwright.sync_api import expect

    page = sign_in(new_page(browser, width=1400, height=900), server, "lanhdao")
    late = page.get_by_role("heading", name=re.compile(r"^Nhiệm vụ quá hạn \(\d+\)"))
    expect(late).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(4)
    idle(page)
    top = late.bounding_box()["y"]
    assert top < 900, f"the overdue list starts {top:.0f} px down, below the first screen"
    first_chart = page.get_by_test_id("stVegaLiteChart").first.bounding_box()["y"]
    assert top < first_chart


def test_the_uploader_speaks_the_users_language(server, browser):  # noqa: F811
    """Streamlit's own "Upload" and "10MB per file" are shown in Vietnamese in their place."""
    from playwright.sync_api import expect

    page = sign_in(new_page(browser), server, "canbo")
    open_page(page, server, "/plan-activity")
    zone = page.get_by_test_id("stFileUploaderDropzone").first
    expect(zone).to_be_visible()
    shown = zone.evaluate(
        """el => {
        const after = e => getComputedStyle(e, '::after').content;
        const visible = e => [...e.querySelectorAll('*')].filter(c => c.children.length === 0
            && parseFloat(getComputedStyle(c).fontSize) > 0 && getComputedStyle(c).display !== 'none')
            .map(c => c.textContent.trim()).filter(Boolean);
        const button = el.querySelector('button');
        const help = el.querySelector('[data-testid="stFileUploaderDropzoneInstructions"]');
        return {button: after(button), help: after(help), english: visible(button).concat(visible(help))};
    }"""
    )
    assert shown == {"button": '"Chọn tệp"', "help": '"Tối đa 10 MB mỗi tệp"', "english": []}, shown


def test_the_menu_holds_one_entry_per_job(server, browser):  # noqa: F811
    """Office staff's menu: one entry per job, each job's steps as tabs on its pages."""
    from playwright.sync_api import expect

    from core.nav import job_steps, menu_for

    page = sign_in(new_page(browser), server, "canbo")
    entries = page.get_by_test_id("stSidebarNav").get_by_role("link")
    expect(entries).to_have_count(len(menu_for("staff")))
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name="Kế hoạch tuyên truyền")).to_be_visible()
    open_page(page, server, "/plan-import")
    tabs = page.get_by_test_id("stPageLink")
    expect(tabs).to_have_count(len(job_steps("staff", "plan-import")))
    tabs.get_by_role("link", name="Thiết lập kế hoạch").click()  # a step of the job, by its tab
    expect(page).to_have_url(re.compile(r"/plan-setup$"))
    expect(page.get_by_role("heading", name="Thiết lập kế hoạch")).to_be_visible()
    no_english_popup(page)


def test_staff_publishes_a_month_and_the_services_job_lists_it(server, browser):  # noqa: F811
    """The monthly publication is drafted and issued on the documents' page at the address
    it always had (/services-publish); the month then shows as issued there and on the
    services job's own list of published months, reached by its tab."""
    from playwright.sync_api import expect

    page = sign_in(new_page(browser), server, "canbo")
    open_page(page, server, "/services-publish")
    expect(page.get_by_role("heading", name="Công khai kết quả giải quyết TTHC hằng tháng")).to_be_visible()
    expect(page.get_by_text("văn bản dưới đây là dự thảo, chưa có số")).to_be_visible()
    expect(page.get_by_role("button", name="Tải dự thảo (.docx)")).to_be_visible()
    page.get_by_role("button", name="Ban hành (lấy số)").click()
    done = page.get_by_text(re.compile(r"Đã ban hành văn bản số \d+/TB-"))
    expect(done).to_be_visible()
    symbol = re.search(r"\d+/TB-[A-Z]+", done.inner_text()).group(0)
    no_english_popup(page)
    page.get_by_test_id("stPageLink").get_by_role("link", name="Các tháng đã công khai").click()
    expect(page).to_have_url(re.compile(r"/services-published$"))
    expect(page.get_by_text(re.compile(rf"văn bản số {re.escape(symbol)} ngày"))).to_be_visible()
    no_english_popup(page)
