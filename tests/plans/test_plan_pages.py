"""The plan page: the grid, the detail view, the forms; read-only for leaders and inspectors."""

import pytest

from core.i18n import fmt_percent
from core.permissions import SYSTEM
from plans import grid, progress, store


def _plan_2026(db):
    return store.annual_plan_for(db, 2026)


def test_grid_shows_the_plan_rows(demo_db, app_as):
    at = app_as("canbo", page="plans/page.py")
    assert not at.exception
    assert at.title[0].value == "Kế hoạch tuyên truyền"
    plan = _plan_2026(demo_db)
    rows = grid.rows(demo_db, SYSTEM, plan["id"])
    assert at.selectbox(key="plans_plan").value == plan["id"]
    editor = at.dataframe[0].value
    assert list(editor["id"]) == [r["id"] for r in rows]
    assert list(editor["title"]) == [r["title"] for r in rows]
    assert list(editor["progress"]) == [round(r["progress"], 1) for r in rows]
    assert at.button(key="plans_grid_save")
    assert len(at.tabs) == 4


def test_grid_filters_and_saved_view(demo_db, app_as):
    at = app_as("canbo", page="plans/page.py")
    at.checkbox(key="plans_f_overdue").check().run()
    assert not at.exception
    plan = _plan_2026(demo_db)
    overdue = grid.rows(demo_db, SYSTEM, plan["id"], {"overdue_only": True})
    assert list(at.dataframe[0].value["id"]) == [r["id"] for r in overdue]
    at.text_input(key="plans_view_name").input("Quá hạn").run()
    at.button(key="plans_view_save").click().run()
    assert not at.exception
    user_id = demo_db.execute("select id from users where username = 'canbo'").fetchone()[0]
    views = store.list_views(demo_db, user_id)
    assert [(v["name"], v["filters"]["overdue_only"]) for v in views] == [("Quá hạn", True)]


def test_detail_view_shows_history_and_adds_progress(demo_db, app_as):
    at = app_as("canbo", page="plans/page.py")
    plan = _plan_2026(demo_db)
    first = grid.rows(demo_db, SYSTEM, plan["id"])[0]
    assert at.selectbox(key="plans_detail_id").value == first["id"]
    detail = progress.activity_detail(demo_db, SYSTEM, first["id"])
    assert at.subheader[0].value == first["title"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tiến độ (%)"] == fmt_percent(detail["activity"]["progress"], "vi", 0)
    history = at.dataframe[1].value
    assert len(history) == len(detail["progress"])
    at.number_input(key="plans_p_percent").set_value(90.0)
    at.text_area(key="plans_p_note").input("Đã đăng thêm 5 tin")
    at.button(key="FormSubmitter:plans_progress_form-Lưu").click().run()
    assert not at.exception
    latest = store.list_progress(demo_db, first["id"])[-1]
    assert (latest["percent"], latest["note"]) == (90.0, "Đã đăng thêm 5 tin")
    assert {m.label: m.value for m in at.metric}["Tiến độ (%)"] == fmt_percent(90, "vi", 0)


def test_bad_progress_shows_a_message(demo_db, app_as):
    at = app_as("canbo", page="plans/page.py")
    at.button(key="FormSubmitter:plans_progress_form-Lưu").click().run()
    assert not at.exception
    assert any("Nhập tỷ lệ %" in e.value for e in at.error)


@pytest.mark.parametrize("username", ["lanhdao", "kiemtra"])
def test_readers_get_a_read_only_page(demo_db, app_as, username):
    at = app_as(username, page="plans/page.py")
    assert not at.exception
    assert len(at.tabs) == 2
    keys = {b.key for b in at.button}
    assert "plans_grid_save" not in keys
    assert not [f for f in at.get("form")]
    plan = _plan_2026(demo_db)
    assert len(at.dataframe[0].value) == len(grid.rows(demo_db, SYSTEM, plan["id"]))


def test_add_theme_form(demo_db, app_as):
    at = app_as("canbo", lang="en", page="plans/page.py")
    at.text_input(key="plans_nt_code").input("ND7")
    at.text_input(key="plans_nt_title").input("Chuyển đổi số")
    at.text_input(key="plans_nt_keywords").input("chuyển đổi số, Đề án 06")
    at.button(key="FormSubmitter:plans_new_theme-Save").click().run()
    assert not at.exception
    theme = store.list_themes(demo_db, _plan_2026(demo_db)["id"])[-1]
    assert (theme["code"], theme["keywords"]) == ("ND7", ["chuyển đổi số", "Đề án 06"])
