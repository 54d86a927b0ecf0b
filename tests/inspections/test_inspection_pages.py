"""Page tests (AppTest) of the inspections slice: what each page shows, per role."""

from __future__ import annotations

from datetime import date

import pytest

from core import periods
from core import units as core_units
from core.db import get_db
from core.nav import pages_for
from inspections import feed_tokens, followup, schedule


def _text(at) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.value for e in at.subheader]
    parts += (
        [e.value for e in at.info]
        + [e.value for e in at.warning]
        + [e.value for e in at.success]
        + [e.value for e in at.error]
    )
    return "\n".join(str(p) for p in parts)


def _frames(at) -> list:
    return [df.value for df in at.dataframe]


@pytest.fixture
def demo(demo_db):
    return demo_db


def test_schedule_list_shows_demo_inspections(demo, app_as):
    at = app_as("canbo", page="inspections/page.py")
    assert not at.exception
    assert at.title[0].value == "Lịch kiểm tra"
    frame = _frames(at)[0]
    units = list(frame["Đơn vị"])
    assert "Sở Tư pháp" in units and "Quận Hoàn Kiếm" in units
    assert "Đã kiểm tra" in list(frame["Trạng thái"])
    total = len(schedule.list_inspections(demo))
    assert any(c.value == f"{total} cuộc kiểm tra" for c in at.caption)
    assert at.get("download_button")


def test_schedule_filters_by_status_and_unit(demo, app_as):
    at = app_as("canbo", page="inspections/page.py")
    at.selectbox(key="insp_f_status").set_value("cancelled").run()
    assert not at.exception
    assert list(_frames(at)[0]["Đơn vị"]) == ["Sở Tài chính"]
    at.selectbox(key="insp_f_status").set_value(None).run()
    unit_id = demo.execute("select id from units where code = 'SYT'").fetchone()[0]
    at.selectbox(key="insp_f_unit").set_value(unit_id).run()
    assert list(_frames(at)[0]["Đơn vị"]) == ["Sở Y tế"]


def test_month_and_week_views(demo, app_as):
    at = app_as("canbo", page="inspections/page.py")
    at.selectbox(key="insp_f_month").set_value("2026-03").run()
    at.segmented_control(key="insp_view").set_value("month").run()
    assert not at.exception
    assert any("03/2026" in s.value for s in at.subheader)
    grid = _frames(at)[0]
    assert list(grid.columns)[0] == "Thứ Hai"
    assert any("STP" in str(cell) for cell in grid["Thứ Ba"])
    at.segmented_control(key="insp_view").set_value("week").run()
    from datetime import date

    at.date_input(key="insp_week").set_value(date(2026, 3, 9)).run()
    assert not at.exception
    assert "Sở Tư pháp" in _text(at)


def _new_form(at):
    """The new-inspection form with a unit and a team leader picked (it opens with neither)."""
    at.selectbox(key="insp_new_unit").set_value(core_units.list_units(get_db())[0]["id"])
    return at.selectbox(key="insp_new_head").set_value(schedule.eligible_members(get_db())[0].id).run()


def test_the_new_inspection_form_opens_empty_and_says_what_it_needs(demo, app_as):
    at = app_as("canbo", page="inspections/new_page.py")
    assert not at.exception
    assert at.selectbox(key="insp_new_unit").value is None and at.selectbox(key="insp_new_head").value is None
    assert not at.error and not at.warning  # nothing typed, nothing wrong
    save = at.button(key="insp_new_save")
    assert save.disabled and "Chọn đơn vị, trưởng đoàn" in save.proto.help
    assert at.button(key="insp_new_suggest").disabled


def test_after_a_save_the_form_is_empty_and_reports_no_clash_with_itself(demo, app_as):
    from datetime import date

    at = _new_form(app_as("canbo", page="inspections/new_page.py"))
    at.date_input(key="insp_new_day").set_value(date(2027, 3, 9)).run()
    assert not at.error
    at.button(key="insp_new_save").click().run()
    assert any("Đã lưu cuộc kiểm tra" in s.value for s in at.success)
    assert at.selectbox(key="insp_new_unit").value is None and at.selectbox(key="insp_new_head").value is None
    assert not at.error  # the inspection just saved is not a clash
    assert at.button(key="insp_new_save").disabled  # cannot be saved twice by a second click


def test_new_inspection_checked_before_saving(demo, app_as):
    from datetime import date

    at = _new_form(app_as("canbo", page="inspections/new_page.py"))
    at.date_input(key="insp_new_day").set_value(date(2026, 2, 17)).run()
    assert any("Tết" in e.value or "ngày nghỉ" in e.value for e in at.error)
    before = len(schedule.list_inspections(demo))
    at.button(key="insp_new_save").click().run()
    assert len(schedule.list_inspections(get_db())) == before
    at.date_input(key="insp_new_day").set_value(date(2027, 3, 9)).run()
    at.button(key="insp_new_save").click().run()
    assert not at.exception
    assert any("Đã lưu" in s.value for s in at.success)
    assert len(schedule.list_inspections(get_db())) == before + 1


def test_suggest_next_free_slot(demo, app_as):
    from datetime import date

    at = _new_form(app_as("canbo", page="inspections/new_page.py"))
    at.date_input(key="insp_new_day").set_value(date(2026, 2, 14)).run()
    at.button(key="insp_new_suggest").click().run()
    assert any("23/02/2026" in i.value for i in at.info)
    assert at.date_input(key="insp_new_day").value == date(2026, 2, 23)  # the suggestion is filled in


def test_the_new_inspection_form_opens_on_the_next_working_day(demo, app_as):
    from datetime import date

    at = app_as("canbo", page="inspections/new_page.py")
    assert not at.exception
    day = at.date_input(key="insp_new_day").value
    assert day == schedule.next_working_day(get_db(), date.today())
    assert not [e for e in at.error if "nghỉ" in e.value]


def test_a_past_day_is_flagged_on_the_new_inspection_form(demo, app_as):
    from datetime import date, timedelta

    at = _new_form(app_as("canbo", page="inspections/new_page.py"))
    at.date_input(key="insp_new_day").set_value(date.today() - timedelta(days=30)).run()
    assert any("đã qua" in w.value for w in at.warning)


@pytest.mark.parametrize("username", ["kiemtra", "lanhdao"])
def test_no_new_inspection_form_without_edit_right(demo, app_as, username):
    at = app_as(username, page="inspections/page.py")
    assert not at.exception
    assert not [b for b in at.button if b.key == "insp_new_save"]
    assert _frames(at)
    role = {"kiemtra": "inspector", "lanhdao": "leader"}[username]
    assert "inspections/new_page.py" not in {p.path for p in pages_for(role)}


def test_my_inspections_for_inspector(demo, app_as):
    at = app_as("kiemtra", page="inspections/my_page.py")
    assert not at.exception
    assert at.title[0].value == "Lịch kiểm tra của tôi"
    units = set(_frames(at)[0]["Đơn vị"])
    mine = {
        r["unit_name"]
        for r in schedule.list_inspections(
            demo, user_id=demo.execute("select id from users where username='kiemtra'").fetchone()[0]
        )
    }
    assert units == mine and "Phường Ba Đình" not in units  # P-BD's team is kiemtra2's


def test_my_inspections_is_the_inspectors_landing_page():
    from core.nav import pages_for
    from inspections.nav import PAGES

    spec = next(p for p in PAGES if p.url_path == "my-inspections")
    assert spec.default_for == ("inspector",) and spec.order == -1
    assert "my-inspections" in {p.url_path for p in pages_for("inspector")}
    assert "my-inspections" not in {p.url_path for p in pages_for("leader")}


def _pick(at, prefix: str, inspection_id: int):
    """Choose an inspection in a page's picker: its month first, then the inspection."""
    month = periods.local(schedule.get_inspection(get_db(), inspection_id)["starts_at"]).strftime("%Y-%m")
    at.selectbox(key=f"{prefix}_month").set_value(month).run()
    return at.selectbox(key=f"{prefix}_pick").set_value(inspection_id).run()


def _detail(app_as, username, unit_code, demo, page="inspections/detail_page.py", prefix="insp_det"):
    inspection_id = demo.execute(
        "select i.id from inspections i join units u on u.id = i.unit_id where u.code = ?", [unit_code]
    ).fetchone()[0]
    return _pick(app_as(username, page=page), prefix, inspection_id)


def _manage(app_as, unit_code, demo):
    return _detail(app_as, "canbo", unit_code, demo, "inspections/manage_page.py", "insp_mng")


def test_detail_shows_team_checklist_findings_recommendations(demo, app_as):
    at = _detail(app_as, "lanhdao", "SYT", demo)
    assert not at.exception
    assert any("Sở Y tế" in s.value for s in at.subheader)
    team = _frames(at)[0]
    assert "Lê Thị Thu Hà" in list(team["Họ và tên"]) and "Trưởng đoàn" in list(team["Vai trò"])
    text = _text(at)
    assert "Cải cách thủ tục hành chính" in text
    assert "Còn 27 hồ sơ giải quyết quá hạn" in text
    assert any("🔴" in e.label and "09/05/2026" in e.label for e in at.expander)
    # leaders read only
    assert not [b.key for b in at.button if b.key and b.key.startswith(("insp_det_f_add", "insp_det_r_add"))]
    assert "inspections/manage_page.py" not in {p.path for p in pages_for("leader")}


def test_inspector_edits_only_own_team(demo, app_as):
    own = _detail(app_as, "kiemtra2", "SYT", demo)  # kiemtra2 heads SYT
    assert f"insp_det_f_add_{own.selectbox(key='insp_det_pick').value}" in {b.key for b in own.button}
    other = _detail(app_as, "kiemtra2", "X-DA", demo)  # X-DA's team: kiemtra and canbo
    assert not other.exception
    assert not [b.key for b in other.button if b.key and b.key.startswith("insp_det_f_add")]
    assert "inspections/manage_page.py" not in {p.path for p in pages_for("inspector")}


def test_inspector_records_a_finding(demo, app_as):
    at = _detail(app_as, "kiemtra2", "SYT", demo)
    inspection_id = at.selectbox(key="insp_det_pick").value
    kind = at.radio(key=f"insp_det_f_kind_{inspection_id}")
    assert kind.value is None  # no kind chosen for the person: a shortcoming is not filed as a strength
    at.text_area(key=f"insp_det_f_text_{inspection_id}").input("Chưa số hóa hồ sơ lưu trữ")
    at.button(key=f"insp_det_f_add_{inspection_id}").click().run()
    assert [e.value for e in at.error] == ["Chọn loại kết quả: ưu điểm hay hạn chế."]
    assert at.text_area(key=f"insp_det_f_text_{inspection_id}").value == "Chưa số hóa hồ sơ lưu trữ"  # kept
    at.radio(key=f"insp_det_f_kind_{inspection_id}").set_value("shortcoming")
    at.button(key=f"insp_det_f_add_{inspection_id}").click().run()
    assert not at.exception
    assert "Chưa số hóa hồ sơ lưu trữ" in _text(at)
    assert [s.value for s in at.success] == ["Đã ghi kết quả kiểm tra."]
    assert at.text_area(key=f"insp_det_f_text_{inspection_id}").value == ""  # not saved twice by accident
    assert at.radio(key=f"insp_det_f_kind_{inspection_id}").value is None
    kinds = {f["text"]: f["kind"] for f in followup.list_findings(get_db(), inspection_id)}
    assert kinds["Chưa số hóa hồ sơ lưu trữ"] == "shortcoming"


def test_inspector_records_a_shortcomings_cause(demo, app_as):
    """With the finding (its kind khách quan / chủ quan), and later for one already written; a
    cause on a strength is refused in the user's language and nothing is saved."""
    at = _detail(app_as, "kiemtra2", "SYT", demo)
    inspection_id = at.selectbox(key="insp_det_pick").value
    key = lambda name: f"insp_det_{name}_{inspection_id}"  # noqa: E731
    at.radio(key=key("f_kind")).set_value("strength")
    at.text_area(key=key("f_text")).input("Niêm yết đầy đủ thủ tục hành chính")
    at.text_input(key=key("f_cause")).input("Có quy chế phối hợp")
    at.button(key=key("f_add")).click().run()
    assert [e.value for e in at.error] == ["Chỉ ghi nguyên nhân cho tồn tại, hạn chế, không ghi cho ưu điểm."]
    assert not any("Niêm yết" in f["text"] for f in followup.list_findings(get_db(), inspection_id))
    at.radio(key=key("f_kind")).set_value("shortcoming")
    at.text_area(key=key("f_text")).input("Chưa niêm yết số điện thoại đường dây nóng")
    at.text_input(key=key("f_cause")).input("Trụ sở mới chưa lắp bảng niêm yết")
    at.radio(key=key("f_cause_kind")).set_value("objective")
    at.button(key=key("f_add")).click().run()
    assert not at.exception and [s.value for s in at.success] == ["Đã ghi kết quả kiểm tra."]
    assert "Nguyên nhân (Khách quan): Trụ sở mới chưa lắp bảng niêm yết" in _text(at)

    shortcomings = [f for f in followup.list_findings(get_db(), inspection_id) if f["kind"] == "shortcoming"]
    target = next(f for f in shortcomings if not f["cause"])
    at.selectbox(key=key("cause_finding")).set_value(target["id"])
    at.text_input(key=key("cause_text")).input("Thiếu công chức chuyên trách")
    at.radio(key=key("cause_kind")).set_value("subjective")
    at.button(key=key("cause_save")).click().run()
    assert not at.exception and [s.value for s in at.success] == ["Đã ghi nguyên nhân."]
    saved = next(f for f in followup.list_findings(get_db(), inspection_id) if f["id"] == target["id"])
    assert (saved["cause"], saved["cause_kind"]) == ("Thiếu công chức chuyên trách", "subjective")


def test_a_recommendation_deadline_is_suggested_ahead_and_a_past_one_confirmed(demo, app_as):
    from datetime import timedelta

    from core.i18n import today_local

    at = _detail(app_as, "kiemtra2", "SYT", demo)
    inspection_id = at.selectbox(key="insp_det_pick").value
    conclusion = schedule.get_inspection(get_db(), inspection_id)["conclusion_on"]
    today = today_local()
    assert date.fromisoformat(conclusion) + timedelta(days=15) <= today  # the demo's notice is long past
    deadline = at.date_input(key=f"insp_det_r_deadline_{inspection_id}")
    assert deadline.value == today + timedelta(days=15)  # not a deadline missed the moment it is saved
    add = at.button(key=f"insp_det_r_add_{inspection_id}")
    assert not add.disabled and not at.warning
    deadline.set_value(today - timedelta(days=2)).run()
    assert any("đã qua" in w.value for w in at.warning)
    add = at.button(key=f"insp_det_r_add_{inspection_id}")
    assert add.disabled and "xác nhận" in add.proto.help  # says why it cannot act
    at.checkbox(key=f"insp_det_r_past_ok_{inspection_id}").check().run()
    at.text_area(key=f"insp_det_r_text_{inspection_id}").input("Niêm yết lại thủ tục hành chính")
    at.button(key=f"insp_det_r_add_{inspection_id}").click().run()
    assert not at.exception and not at.error
    saved = [r for r in followup.list_recommendations(get_db(), inspection_id) if r["text"].startswith("Niêm yết")]
    assert [r["deadline"] for r in saved] == [(today - timedelta(days=2)).isoformat()]
    assert at.text_area(key=f"insp_det_r_text_{inspection_id}").value == ""


def test_the_inspectors_own_inspections_are_marked_in_the_picker(demo, app_as):
    at = app_as("kiemtra2", page="inspections/detail_page.py")
    mine = {i["id"] for i in schedule.my_inspections(get_db(), _user(get_db(), "kiemtra2"))}
    starred = others = 0
    for month in at.selectbox(key="insp_det_month").options:  # shown as MM/YYYY
        at.selectbox(key="insp_det_month").set_value(f"{month[3:]}-{month[:2]}").run()
        assert not at.exception
        in_month = {r["id"] for r in schedule.list_inspections(get_db(), month=f"{month[3:]}-{month[:2]}")}
        if not in_month:
            continue
        labels = list(at.selectbox(key="insp_det_pick").options)  # as shown: the inspections of the month
        assert len(labels) == len(in_month)
        for label in labels:
            assert label.startswith("★") == ("(đoàn của tôi)" in label)
        assert sum(label.startswith("★") for label in labels) == len(mine & in_month)
        starred, others = starred + len(mine & in_month), others + len(in_month - mine)
    assert starred == len(mine) and starred and others


def test_no_finding_form_on_a_cancelled_inspection(demo, app_as):
    inspection_id = demo.execute(
        "select i.id from inspections i join units u on u.id = i.unit_id where u.code = 'SYT'"
    ).fetchone()[0]
    schedule.set_status(demo, _user(demo, "canbo"), inspection_id, "cancelled")
    at = _detail(app_as, "kiemtra2", "SYT", demo)
    assert not at.exception
    assert any("đã bị hủy" in w.value for w in at.warning)
    assert f"insp_det_f_add_{inspection_id}" not in {b.key for b in at.button}


def _user(db, username):
    from core import auth

    return auth.get_user(db, db.execute("select id from users where username = ?", [username]).fetchone()[0])


def test_calendar_subscriptions_page_shows_url_once(demo, app_as):
    at = app_as("kiemtra", page="inspections/feeds_page.py")
    assert not at.exception
    assert [o for o in at.radio(key="insp_feed_scope").options] == ["Lịch kiểm tra của tôi"]
    at.text_input(key="insp_feed_name").input("điện thoại")
    [b for b in at.button if b.proto.is_form_submitter][0].click().run()
    assert not at.exception, at.exception
    codes = [c.value for c in at.code]
    assert any(c.startswith("http://localhost:8501/calendar/") for c in codes)
    assert any(c.startswith("webcal://localhost:8501/calendar/") for c in codes)
    assert any("mật khẩu" in w.value for w in at.warning)
    secret = codes[0].rsplit("/", 1)[1].removesuffix(".ics")
    assert feed_tokens.resolve(get_db(), secret, touch=False)
    at.run()
    assert not at.code  # shown once
    assert "điện thoại" in _text(at)


def test_admin_sees_and_revokes_others_feeds(demo, app_as):
    from core import auth

    kiemtra = auth.get_user(get_db(), get_db().execute("select id from users where username='kiemtra'").fetchone()[0])
    row, secret = feed_tokens.create_token(get_db(), kiemtra, "Outlook cơ quan")
    at = app_as("admin", page="inspections/feeds_page.py")
    assert "Outlook cơ quan" in _text(at)
    assert any("Thu hồi đăng ký lịch **Outlook cơ quan**?" in m.value for m in at.markdown)  # asked first
    assert feed_tokens.resolve(get_db(), secret, touch=False)
    at.button(key=f"insp_feed_all_revoke_{row['id']}").click().run()
    assert not at.exception
    assert feed_tokens.resolve(get_db(), secret) is None
    assert [s.value for s in at.success] == ["Đã thu hồi đăng ký lịch “Outlook cơ quan”."]
    assert "Đã thu hồi" in _text(at)


def test_holidays_page_admin(demo, app_as):
    from datetime import date

    at = app_as("admin", page="inspections/holidays_page.py")
    assert not at.exception
    at.number_input(key="insp_hol_year").set_value(2026).run()
    frame = _frames(at)[0]
    assert "16/02/2026" in list(frame["Ngày"])
    at.date_input(key="insp_hol_day").set_value(date(2026, 2, 14))
    at.selectbox(key="insp_hol_kind").set_value("working_day")
    [b for b in at.button if b.proto.is_form_submitter][0].click().run()
    assert not at.exception
    assert any("14/02/2026" in s.value for s in at.success)
    assert "14/02/2026" in list(_frames(at)[0]["Ngày"])


@pytest.mark.parametrize("username", ["canbo", "kiemtra", "lanhdao"])
def test_holidays_page_hidden_from_non_admins(demo, app_as, username):
    from core.nav import pages_for

    role = demo.execute("select role from users where username = ?", [username]).fetchone()[0]
    assert "holidays" not in {p.url_path for p in pages_for(role)}
    assert "calendar-feeds" in {p.url_path for p in pages_for(role)}


def test_english_switch(demo, app_as):
    at = app_as("canbo", lang="en", page="inspections/page.py")
    assert not at.exception
    assert at.title[0].value == "Inspection schedule"
    assert "Unit" in _frames(at)[0].columns


def test_staff_reschedules_from_the_management_page(demo, app_as):
    from datetime import date, time

    at = _manage(app_as, "P-BD", demo)
    inspection_id = at.selectbox(key="insp_mng_pick").value
    before = schedule.get_inspection(get_db(), inspection_id)
    at.date_input(key=f"insp_mng_day_{inspection_id}").set_value(date(2026, 12, 19)).run()  # a Saturday
    assert any("cuối tuần" in e.value for e in at.error)
    at.button(key=f"insp_mng_save_{inspection_id}").click().run()
    assert schedule.get_inspection(get_db(), inspection_id)["starts_at"] == before["starts_at"]
    at.date_input(key=f"insp_mng_day_{inspection_id}").set_value(date(2026, 12, 16)).run()
    at.time_input(key=f"insp_mng_start_{inspection_id}").set_value(time(14, 0)).run()
    at.button(key=f"insp_mng_save_{inspection_id}").click().run()
    assert not at.exception
    after = schedule.get_inspection(get_db(), inspection_id)
    assert after["starts_at"] == periods.to_utc_iso(date(2026, 12, 16), time(14, 0))
    assert after["sequence"] == before["sequence"] + 1


def test_staff_changes_team_from_the_management_page(demo, app_as):
    at = _manage(app_as, "P-BD", demo)
    inspection_id = at.selectbox(key="insp_mng_pick").value
    kiemtra = demo.execute("select id from users where username = 'kiemtra'").fetchone()[0]
    options = at.multiselect(key=f"insp_mng_members_{inspection_id}").options
    assert "Trần Văn Minh" in options and "Phạm Quang Huy" not in options  # leaders cannot be picked
    at.multiselect(key=f"insp_mng_members_{inspection_id}").set_value([kiemtra]).run()
    at.button(key=f"insp_mng_save_{inspection_id}").click().run()
    assert not at.exception
    team = {m["username"]: m["role"] for m in schedule.get_inspection(get_db(), inspection_id)["team"]}
    assert team == {"kiemtra2": "head", "kiemtra": "member", "canbo": "secretary"}
    at.switch_page("inspections/detail_page.py").run()
    _pick(at, "insp_det", inspection_id)
    assert "Trần Văn Minh" in list(_frames(at)[0]["Họ và tên"])


def test_staff_creates_an_inspection_plan(demo, app_as):
    at = app_as("canbo", page="inspections/new_page.py")
    at.text_input(key="insp_plan_number").input("20/KH-SNV")
    at.text_input(key="insp_plan_title").input("Kế hoạch kiểm tra đột xuất năm 2026")
    [b for b in at.button if b.proto.is_form_submitter and b.proto.form_id == "insp_plan_form"][0].click().run()
    assert not at.exception
    assert any("20/KH-SNV" in s.value for s in at.success)
    assert schedule.inspection_plan_by_number(get_db(), int(at.number_input(key="insp_plan_year").value), "20/KH-SNV")


def test_findings_and_follow_up_are_shown_as_text(demo, app_as):
    from core.permissions import SYSTEM
    from inspections import followup

    at = _detail(app_as, "canbo", "SYT", demo)
    inspection_id = at.selectbox(key="insp_det_pick").value
    hostile = "![x](http://evil/p.png) [a](javascript:alert(1))"
    followup.add_finding(demo, SYSTEM, inspection_id, item_id=None, kind="shortcoming", text=hostile)
    rec = followup.list_recommendations(demo, inspection_id)[0]
    followup.add_followup(demo, SYSTEM, rec["id"], on_date="2026-05-01", kind="note", text="<b>x</b> :red[y]")
    at.run()
    assert not at.exception
    bodies = [m.value for m in at.markdown]
    line = next(b for b in bodies if "evil" in b)
    assert "](" not in line and r"\!\[x\]\(http\:\/\/evil\/p\.png\) \[a\]\(javascript\:alert\(1\)\)" in line
    assert any(r"\<b\>x\<\/b\> \:red\[y\]" in b for b in bodies)


def test_switching_inspection_does_not_keep_the_previous_form(demo, app_as):
    at = _manage(app_as, "P-BD", demo)
    first = at.selectbox(key="insp_mng_pick").value
    at.text_input(key=f"insp_mng_place_{first}").input("Nơi khác, chưa lưu").run()
    other = demo.execute(
        "select i.id from inspections i join units u on u.id = i.unit_id where u.code = 'SYT'"
    ).fetchone()[0]
    _pick(at, "insp_mng", other)
    assert not at.exception
    assert at.text_input(key=f"insp_mng_place_{other}").value == (
        schedule.get_inspection(get_db(), other)["place"] or ""
    )


def test_team_page_saves_a_members_position_and_a_plans_self_report_due(demo_db, app_as):
    """The team members as the inspection documents name them, and a plan's due date for the
    self-inspection reports, are edited on the inspections slice's own page."""
    from datetime import date

    from inspections import report_data

    at = app_as("canbo", page="inspections/team_page.py")
    assert not at.exception and at.title[0].value == "Thành viên Đoàn kiểm tra"
    person = demo_db.execute("select id from users where username = 'kiemtra2'").fetchone()[0]
    at.selectbox(key="insp_team_person").select(person).run()
    at.text_input(key=f"insp_team_pos_{person}").set_value("Trưởng phòng Cải cách hành chính")
    at.button[[b.label for b in at.button].index("Lưu thông tin thành viên")].click().run()
    assert not at.exception and not at.error
    assert report_data.inspector_profiles(demo_db)[person]["position"] == "Trưởng phòng Cải cách hành chính"
    plan_id = report_data.inspection_plans(demo_db)[0]["id"]
    at.selectbox(key="insp_team_plan").select(plan_id).run()
    at.date_input(key=f"insp_self_report_due_{plan_id}").set_value(date(2026, 9, 30)).run()
    at.button(key="insp_self_report_due_save").click().run()
    assert not at.exception and not at.error
    assert report_data.inspection_plan(demo_db, plan_id)["self_report_due"] == "2026-09-30"
