"""The user guide: a page everyone opens from the menu, on their own role's part, with
every image it shows on disk."""

import re

import pytest

from core import guide
from core.nav import pages_for
from core.permissions import ROLES
from tests.core.test_pages import DEMO_LOGIN

HEADINGS = {
    "staff": "Phần dành cho cán bộ Phòng CCHC",
    "inspector": "Phần dành cho thành viên đoàn kiểm tra",
    "leader": "Phần dành cho lãnh đạo",
    "admin": "Phần dành cho quản trị hệ thống",
    "liaison": "Phần dành cho đầu mối CCHC của đơn vị",
}
# The tasks the guide walks through, each under the role that does it.
TASKS = {
    "staff": ["Nhập kết quả TTHC hằng tháng", "Hoàn tác lần nhập", "Lên lịch kiểm tra", "Lập và phát hành báo cáo"],
    "inspector": ["Ghi kết quả kiểm tra", "Đăng ký lịch kiểm tra vào Google Calendar/Outlook"],
    "leader": ["Nắm tình hình", "Nhận báo cáo"],
    "admin": ["Tài khoản", "Danh mục và thông tin cơ quan"],
    "liaison": ["Gửi báo cáo cho Văn phòng"],
}


def markdown_text(at) -> str:
    return "\n".join(str(e.value) for e in at.markdown)


@pytest.mark.parametrize("role", ROLES)
def test_the_guide_is_in_every_roles_menu(role):
    assert "core/guide_page.py" in {p.path for p in pages_for(role)}


@pytest.mark.parametrize("role", ROLES)
def test_the_guide_opens_on_the_roles_own_part(demo_db, app_as, role):
    at = app_as(DEMO_LOGIN[role], page="core/guide_page.py")
    assert not at.exception
    assert at.title[0].value == "Hướng dẫn sử dụng"
    text = markdown_text(at)
    assert "Bắt đầu" in text  # the part everyone reads
    assert HEADINGS[role] in text
    for task in TASKS[role]:
        assert f"### {task}" in text, task
    others = [HEADINGS[r] for r in ROLES if r != role]
    assert not [h for h in others if h in text]
    assert len(at.get("image")) == len(guide.image_paths(guide.part_text(role)))


def test_the_office_may_read_another_roles_part(demo_db, app_as):
    at = app_as("lanhdao", page="core/guide_page.py")
    at.selectbox[0].set_value("liaison").run()
    assert HEADINGS["liaison"] in markdown_text(at)
    assert HEADINGS["leader"] not in markdown_text(at)


def test_a_liaison_has_no_choice_of_part(demo_db, app_as):
    at = app_as("daumoi.stp", page="core/guide_page.py")
    assert not at.selectbox


def test_english_speakers_get_a_note(demo_db, app_as):
    at = app_as("canbo", lang="en", page="core/guide_page.py")
    assert at.title[0].value == "User guide"
    assert "written in Vietnamese" in at.info[0].value
    assert HEADINGS["staff"] in markdown_text(at)


def test_every_image_the_guide_refers_to_exists_and_is_small():
    referred = [path for file in guide.guide_files() for path in guide.image_paths(file.read_text(encoding="utf-8"))]
    assert referred
    for path in referred:
        assert path.is_file(), path
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", path
        width = int.from_bytes(data[16:20], "big")
        assert width <= 1000, (path, width)


def test_the_guide_is_written_with_diacritics():
    for file in guide.guide_files():
        text = file.read_text(encoding="utf-8")
        assert re.search(r"[ạảãàáâậầấẩẫăắằặẳẵđêếềệểễôồốộổỗơớờợởỡưứừựửữ]", text), file


def test_image_lines_become_images_between_the_paragraphs():
    parts = guide.blocks("Trước\n\n![Lịch kiểm tra](images/lich-kiem-tra.png)\n\nSau")
    assert [kind for kind, _, _ in parts] == ["text", "image", "text"]
    assert parts[1][1].endswith("docs/guide/images/lich-kiem-tra.png") and parts[1][2] == "Lịch kiểm tra"
