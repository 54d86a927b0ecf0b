"""The report pages (AppTest): what each role sees and can do."""

from __future__ import annotations

from datetime import date

import pytest

from core import periods
from core.db import get_db
from core.errors import ValidationError
from core.nav import pages_for
from exports import register
from exports.nav import PAGES

PAGE = "exports/new_report_page.py"
REGISTER, SHEETS, TEMPLATES = "exports/page.py", "exports/sheets_page.py", "exports/templates_page.py"


@pytest.fixture
def demo(demo_db):
    return demo_db


def _texts(at) -> str:
    return "\n".join(str(e.value) for e in list(at.markdown) + list(at.caption) + list(at.success) + list(at.info))


def test_the_report_page_opens_on_the_current_year(demo, app_as):
    from core.i18n import today_local

    at = app_as("canbo", page=PAGE)
    assert not at.exception
    assert at.number_input(key="exports_year").value == today_local().year


def test_staff_sees_figures_and_drafts_and_generates(demo, app_as):
    at = app_as("canbo", page=PAGE)
    at.number_input(key="exports_year").set_value(2021).run()  # the demo's 105/KH-UBND plan
    assert not at.exception
    assert at.title[0].value == "Lập báo cáo"
    total = demo.execute(
        "select count(*), sum(a.status = 'done' and a.actual_end <= '2021-12-14') from activities a"
        " join plans p on p.id = a.plan_id where p.number = '105/KH-UBND'"
    ).fetchone()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Hoạt động"] == str(total[0]) and metrics["Hoàn thành"] == str(total[1])
    areas = {a.label: a.value for a in at.text_area}
    assert f"đã hoàn thành {total[1]}/{total[0]} hoạt động" in areas["Đánh giá, ưu điểm"]
    at.text_area(key=at.text_area[0].key).set_value("Đánh giá do cán bộ viết.\x07").run()
    at.button(key="exports_generate").click().run()
    assert not at.exception
    assert get_db().execute("select count(*) from report_register").fetchone()[0] == 0
    assert any("chưa lấy số" in i.value for i in at.info)
    at.button(key="exports_issue").click().run()  # a 2021 period, long past due: asks first
    assert at.error and get_db().execute("select count(*) from report_register").fetchone()[0] == 0
    at.checkbox(key="exports_confirm_late").check().run()
    at.button(key="exports_issue").click().run()
    assert not at.exception
    assert "Đã phát hành báo cáo số 01/BC-SNV." in [s.value for s in at.success]
    row = get_db().execute("select symbol, narrative from report_register").fetchone()
    assert row[0] == "01/BC-SNV" and "Đánh giá do cán bộ viết." in row[1] and "\x07" not in row[1]


def test_period_with_no_data(demo, app_as):
    at = app_as("canbo", page=PAGE)
    at.number_input(key="exports_year").set_value(2030).run()
    assert not at.exception
    assert "Kỳ này không có số liệu; báo cáo sẽ nêu rõ điều đó." in [i.value for i in at.info]


def test_custom_period_end_before_start(demo, app_as):
    from datetime import date

    at = app_as("canbo", page=PAGE)
    at.selectbox(key="exports_period_kind").set_value("custom").run()
    at.date_input(key="exports_from").set_value(date(2021, 6, 1)).run()
    at.date_input(key="exports_to").set_value(date(2021, 1, 1)).run()
    assert not at.exception
    assert any("trước ngày bắt đầu" in e.value for e in at.error)


def test_used_number_is_refused_on_the_page(demo, app_as, users, settings):
    register.issue(
        get_db(), users["staff"], "progress", "2021", number=5, with_charts=False, confirm_late=True, settings=settings
    )
    at = app_as("canbo", page=PAGE)
    at.checkbox(key="exports_manual").check().run()
    at.number_input(key="exports_number").set_value(5).run()
    at.button(key="exports_issue").click().run()
    assert not at.exception
    assert any("đã được dùng" in e.value for e in at.error)
    assert get_db().execute("select count(*) from report_register").fetchone()[0] == 1


def test_leader_views_register_and_spreadsheets_only(demo, app_as, users, settings):
    register.issue(
        get_db(), users["staff"], "progress", "2021", with_charts=False, confirm_late=True, settings=settings
    )
    at = app_as("lanhdao", page=REGISTER)
    assert not at.exception
    assert at.title[0].value == "Báo cáo và bảng tính"
    frame = at.dataframe[0].value
    assert list(frame["Số, ký hiệu"]) == ["01/BC-SNV"]
    assert at.get("download_button")
    leader_pages = {p.path for p in pages_for("leader")}
    assert {REGISTER, SHEETS} <= leader_pages and not {PAGE, TEMPLATES} & leader_pages


def test_the_reports_address_stays_the_register():
    assert {p.url_path: p.path for p in PAGES}["exports"] == REGISTER


def test_english_switch(demo, app_as):
    at = app_as("canbo", lang="en", page=PAGE)
    assert not at.exception
    assert at.title[0].value == "New report"
    at.switch_page(REGISTER).run()
    assert at.title[0].value == "Reports and spreadsheets"


@pytest.mark.parametrize(
    "choice, year, span, code",
    [
        ("year", 2021, None, "2021"),
        ("Q2", 2026, None, "2026-Q2"),
        ("9M", 2025, None, "2025-9M"),
        ("custom", None, (date(2021, 1, 1), date(2021, 6, 30)), "2021-01-01:2021-06-30"),
    ],
)
def test_the_period_picked_is_a_code_the_reports_read(choice, year, span, code):
    start, end = span or (None, None)
    made = periods.period_code(choice, year, start, end)
    assert made == code
    assert periods.parse_period(made).code == code.upper()


def test_an_unknown_period_choice_is_refused():
    with pytest.raises(ValidationError):
        periods.period_code("Q5", 2021)


def test_a_draft_is_dropped_when_the_period_changes(demo, app_as):
    """A yearly draft is not offered under a month's name once the period is switched."""
    at = app_as("canbo", page=PAGE)
    at.button(key="exports_generate").click().run()
    assert not at.exception
    assert [b.key for b in at.get("download_button") if b.key == "exports_download_draft"]
    at.selectbox(key="exports_period_kind").set_value("month").run()
    assert not at.exception
    assert not [b for b in at.get("download_button") if b.key == "exports_download_draft"]
    assert not any("chưa lấy số" in i.value for i in at.info)


def test_the_cchc_report_is_drafted_and_issued_as_a_package(demo, app_as):
    """The city's report goes up with the Sở's Tờ trình: both drafts to download (one zip or
    each file), the causes and the Tờ trình's proposals editable, issuing numbers the Tờ trình."""
    at = app_as("canbo", page=PAGE)
    at.selectbox(key="exports_kind").set_value("cchc").run()
    at.number_input(key="exports_year").set_value(2026).run()
    assert not at.exception
    labels = [a.label for a in at.text_area]
    assert "Nguyên nhân" in labels and "Đề xuất trong Tờ trình" in labels
    at.button(key="exports_generate").click().run()
    assert not at.exception
    keys = {b.key for b in at.get("download_button")}
    assert {"exports_pkg_zip", "exports_pkg_ttr", "exports_pkg_bc"} <= keys
    assert get_db().execute("select count(*) from report_register").fetchone()[0] == 0
    at.checkbox(key="exports_confirm_late").check().run()
    at.button(key="exports_issue").click().run()
    assert not at.exception and not at.error
    row = get_db().execute("select symbol, kind, attachment_sha256 from report_register").fetchone()
    assert row[0] == "01/TTr-SNV" and row[1] == "cchc-submission" and row[2]
    assert any("01/TTr-SNV" in s.value for s in at.success)
