"""The outreach pages on the demo, through the real router: a liaison lands on its own
unit's page and answers from it; the office sees every unit's state and reviews answers."""

from __future__ import annotations

import pytest

from tests.core.test_pages import visible_text


def test_a_liaison_lands_on_its_unit_and_answers_a_request(demo_db, app_as):
    at = app_as("daumoi.skhcn")
    assert not at.exception
    assert at.title[0].value == "Việc của đơn vị tôi"
    text = visible_text(at)
    assert "Sở Khoa học và Công nghệ" in text and "Sở Y tế" not in text
    table = at.dataframe[0].value
    assert set(table["Đơn vị"]) == {"Sở Khoa học và Công nghệ"}
    assert any(state.startswith("Quá hạn") for state in table["Tình trạng"])
    at.text_area[0].input("Sở KH&CN gửi số liệu: 1.234 hồ sơ, đúng hạn 98,5 %")
    at.button[0].click().run()
    assert not at.exception
    assert "Đã gửi" in visible_text(at)
    [(unit, fields)] = demo_db.execute(
        "select u.code, s.fields from outreach_submissions s join units u on u.id = s.unit_id where u.code = 'SKHCN'"
    ).fetchall()
    assert "1.234 hồ sơ" in fields


def test_a_liaison_cannot_open_the_office_tracker(demo_db, app_as):
    at = app_as("daumoi.stp")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("outreach/page.py")


def test_the_office_sees_every_unit_and_accepts_an_answer(demo_db, app_as):
    at = app_as("canbo", page="outreach/page.py")
    assert not at.exception
    table = at.dataframe[0].value
    late = table[table["Yêu cầu"] == "Số liệu phục vụ báo cáo CCHC định kỳ"]
    states = dict(zip(late["Đơn vị"], late["Tình trạng"], strict=True))
    assert states["Sở Tư pháp"] == "Đã gửi đúng hạn"
    assert states["Sở Y tế"].startswith("Gửi chậm 3 ngày")
    assert states["Phường Hoàn Kiếm"].startswith("Quá hạn")
    accept = next(b for b in at.button if b.label == "Tiếp nhận")
    accept.click().run()
    assert not at.exception and "Đã tiếp nhận." in visible_text(at)
    statuses = {r[0] for r in demo_db.execute("select status from outreach_submissions")}
    assert "accepted" in statuses
