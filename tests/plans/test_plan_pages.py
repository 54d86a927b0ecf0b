"""The plan pages: the grid, one activity, the new-activity form, plan setup and import;
read-only for leaders and inspectors."""

import re

import pytest

from core.i18n import fmt_percent
from core.nav import pages_for
from core.permissions import SYSTEM
from media import review
from plans import activities, grid, progress, store
from plans.nav import PAGES

GRID, ACTIVITY = "plans/grid_page.py", "plans/activity_page.py"
NEW_ACTIVITY, SETUP, IMPORT = "plans/new_activity_page.py", "plans/setup_page.py", "plans/import_page.py"


def _plan_2026(db):
    return store.annual_plan_for(db, 2026)


def _first_activity(db):
    return grid.rows(db, SYSTEM, _plan_2026(db)["id"])[0]


def _submit(at, form_key, lang="vi"):
    label = "Lưu" if lang == "vi" else "Save"
    at.button(key=f"FormSubmitter:{form_key}-{label}").click().run()


def test_the_grid_keeps_the_plans_address_and_each_screen_has_its_own():
    paths = {spec.url_path: spec.path for spec in PAGES}
    assert paths["plans"] == GRID
    assert {paths[u] for u in ("plan-activity", "plan-new-activity", "plan-setup", "plan-import")} == {
        ACTIVITY,
        NEW_ACTIVITY,
        SETUP,
        IMPORT,
    }


def test_grid_shows_the_plan_rows(demo_db, app_as):
    at = app_as("canbo", page=GRID)
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


def test_grid_filters_and_saved_view(demo_db, app_as):
    at = app_as("canbo", page=GRID)
    at.checkbox(key="plans_f_overdue").check().run()
    assert not at.exception
    plan = _plan_2026(demo_db)
    overdue = grid.rows(demo_db, SYSTEM, plan["id"], {"overdue_only": True})
    assert list(at.dataframe[0].value["id"]) == [r["id"] for r in overdue]
    at.text_input(key="plans_view_name").input("Quá hạn").run()
    at.button(key="plans_view_save").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Đã lưu bộ lọc."]  # shown on the run after the write
    user_id = demo_db.execute("select id from users where username = 'canbo'").fetchone()[0]
    views = store.list_views(demo_db, user_id)
    assert [(v["name"], v["filters"]["overdue_only"]) for v in views] == [("Quá hạn", True)]


def test_activity_page_shows_history_and_adds_progress(demo_db, app_as):
    at = app_as("canbo", page=ACTIVITY)
    first = _first_activity(demo_db)
    assert at.selectbox(key="plans_detail_id").value == first["id"]
    detail = progress.activity_detail(demo_db, SYSTEM, first["id"])
    assert at.subheader[0].value == first["title"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tiến độ (%)"] == fmt_percent(detail["activity"]["progress"], "vi", 0)
    assert len(at.dataframe[0].value) == len(detail["progress"])
    key = f"plans_act_{{}}_{first['id']}".format
    at.number_input(key=key("p_percent")).set_value(90.0)
    at.text_area(key=key("p_note")).input("Đã đăng thêm 5 tin")
    at.text_input(key=key("p_cause")).input("Cơ quan báo chí chậm đăng bài")
    at.selectbox(key=key("p_cause_kind")).select("objective")
    _submit(at, key("progress_form"))
    assert not at.exception
    latest = store.list_progress(demo_db, first["id"])[-1]
    assert (latest["percent"], latest["note"]) == (90.0, "Đã đăng thêm 5 tin")
    assert (latest["cause"], latest["cause_kind"]) == ("Cơ quan báo chí chậm đăng bài", "objective")
    assert {m.label: m.value for m in at.metric}["Tiến độ (%)"] == fmt_percent(90, "vi", 0)
    assert [s.value for s in at.success] == ["Đã lưu."]


def test_bad_progress_shows_a_message(demo_db, app_as):
    at = app_as("canbo", page=ACTIVITY)
    _submit(at, f"plans_act_progress_form_{_first_activity(demo_db)['id']}")
    assert not at.exception
    assert any("Nhập tỷ lệ %" in e.value for e in at.error)


def test_status_and_budget_are_saved_in_one_write(demo_db, app_as):
    at = app_as("canbo", page=ACTIVITY)
    activity_id = _first_activity(demo_db)["id"]
    audits = demo_db.execute("select count(*) from audit_log where table_name = 'activities'").fetchone()[0]
    at.selectbox(key=f"plans_act_status_{activity_id}").set_value("done")
    at.number_input(key=f"plans_act_used_{activity_id}").set_value(7_000_000)
    _submit(at, f"plans_act_status_form_{activity_id}")
    assert not at.exception
    stored = activities.get_activity(demo_db, activity_id)
    assert (stored["status"], stored["budget_used"]) == ("done", 7_000_000)
    assert demo_db.execute("select count(*) from audit_log where table_name = 'activities'").fetchone()[0] == audits + 1


def test_switching_activity_does_not_keep_the_previous_form(demo_db, app_as):
    first, second = grid.rows(demo_db, SYSTEM, _plan_2026(demo_db)["id"])[:2]
    at = app_as("canbo", page=ACTIVITY)
    at.selectbox(key=f"plans_act_status_{first['id']}").set_value("cancelled").run()  # changed, not saved
    at.selectbox(key="plans_detail_id").set_value(second["id"]).run()
    assert not at.exception
    assert at.selectbox(key=f"plans_act_status_{second['id']}").value == second["status"]
    assert at.number_input(key=f"plans_act_used_{second['id']}").value == (
        activities.get_activity(demo_db, second["id"])["budget_used"] or 0
    )


HOSTILE_TITLE = "![x](http://evil/p.png) [a](javascript:alert(1))"
HOSTILE_URL = "http://bao.example/bai)[b](http://evil"


def test_feed_titles_and_evidence_notes_are_shown_as_text(demo_db, app_as):
    activity_id = _first_activity(demo_db)["id"]
    article_id = demo_db.execute("select id from articles where review != 'rejected' limit 1").fetchone()[0]
    demo_db.execute("update articles set title = ?, url = ? where id = ?", [HOSTILE_TITLE, HOSTILE_URL, article_id])
    review.link_activity(demo_db, SYSTEM, [article_id], activity_id)
    progress.add_link(demo_db, SYSTEM, activity_id, "https://snv.example/tin", note="**đậm** <b>x</b> :red[đỏ]")
    at = app_as("canbo", page=ACTIVITY)
    assert not at.exception
    bodies = [m.value for m in at.markdown]
    article = next(b for b in bodies if "📰" in b)
    assert article.count("](") == 1  # one link: the article's address, whole
    assert "](http://bao.example/bai%29%5Bb%5D%28http://evil)" in article
    label = article[article.index("[") + 1 : article.index("](")]
    assert re.sub(r"\\(.)", r"\1", label) == HOSTILE_TITLE  # the title, every markup character escaped
    assert r"\!\[x\]\(http\:\/\/evil\/p\.png\)" in label
    note = next(b for b in bodies if "snv.example" in b)
    assert note == r"- [\*\*đậm\*\* \<b\>x\<\/b\> \:red\[đỏ\]](https://snv.example/tin)"


@pytest.mark.parametrize("username", ["lanhdao", "kiemtra"])
def test_readers_get_read_only_pages(demo_db, app_as, username):
    at = app_as(username, page=GRID)
    assert not at.exception
    assert "plans_grid_save" not in {b.key for b in at.button}
    assert len(at.dataframe[0].value) == len(grid.rows(demo_db, SYSTEM, _plan_2026(demo_db)["id"]))
    at.switch_page(ACTIVITY).run()
    assert not at.exception and not list(at.get("form"))
    role = {"lanhdao": "leader", "kiemtra": "inspector"}[username]
    assert not {NEW_ACTIVITY, SETUP, IMPORT} & {p.path for p in pages_for(role)}


def test_add_theme_form(demo_db, app_as):
    at = app_as("canbo", lang="en", page=SETUP)
    plan_id = _plan_2026(demo_db)["id"]
    key = f"plans_setup_{{}}_{plan_id}".format
    at.text_input(key=key("theme_code")).input("ND7")
    at.text_input(key=key("theme_title")).input("Chuyển đổi số")
    at.text_input(key=key("theme_keywords")).input("chuyển đổi số, Đề án 06")
    _submit(at, key("theme"), lang="en")
    assert not at.exception
    theme = store.list_themes(demo_db, plan_id)[-1]
    assert (theme["code"], theme["keywords"]) == ("ND7", ["chuyển đổi số", "Đề án 06"])
    assert [s.value for s in at.success] == ["Saved."]


def test_new_activity_is_due_at_its_planned_end(demo_db, app_as):
    from datetime import date

    at = app_as("canbo", page=NEW_ACTIVITY)
    plan_id = _plan_2026(demo_db)["id"]
    key = f"plans_na_{{}}_{plan_id}".format
    at.text_input(key=key("title")).input("Tọa đàm về Đề án 06")
    at.date_input(key=key("start")).set_value(date(2026, 9, 1))
    at.date_input(key=key("end")).set_value(date(2026, 9, 30))
    _submit(at, key("form"))
    assert not at.exception
    created = next(a for a in activities.list_activities(demo_db, plan_id) if a["title"] == "Tọa đàm về Đề án 06")
    assert (created["planned_end"], created["deadline"]) == ("2026-09-30", "2026-09-30")
    assert any(s.value == "Đã lưu." for s in at.success)


def test_the_evidence_file_button_says_why_it_waits(demo_db, app_as):
    """No file chosen: "Lưu" cannot act, and says so (it used to do nothing and say nothing)."""
    at = app_as("canbo", page=ACTIVITY)
    button = at.button(key=f"plans_act_file_save_{_first_activity(demo_db)['id']}")
    assert button.disabled and button.proto.help == "Chọn tệp minh chứng để lưu."
    assert "Chọn tệp minh chứng để lưu." in [c.value for c in at.caption]
