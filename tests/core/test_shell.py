"""The shell every page shares: sign-in links that keep the page asked for, a page not
permitted said so, the language switch showing the language in use, and Streamlit's own
English texts replaced by the UI language (AppTest through the router)."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from core import auth
from core.db import get_db
from core.nav import JOBS, all_pages, job_steps, menu_for, pages_for
from core.ui import UPLOAD_MAX_MB

ROOT = Path(__file__).resolve().parents[2]


def _login_href(at) -> str:
    html = next(h.proto.body for h in at.get("html") if "/session/login" in h.proto.body)
    return html.split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")


def test_signed_out_the_sign_in_link_keeps_the_query(data_dir, app_as):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.query_params["id"] = "7"
    at.run()
    assert not at.exception
    query = parse_qs(urlsplit(_login_href(at)).query)
    assert query["next"][0].endswith("?id=7") and query["lang"] == ["vi"]
    assert "Vui lòng đăng nhập để tiếp tục." in [m.value for m in at.markdown]


def test_a_page_not_permitted_is_said_so_in_the_users_language():
    from streamlit.testing.v1 import AppTest

    def app():
        from core.ui import refused_page

        refused_page("Người dùng")()

    at = AppTest.from_function(app).run()
    assert [e.value for e in at.error][0].startswith("Trang “Người dùng” không thuộc quyền của tài khoản này.")


@pytest.mark.parametrize("username", [None, "canbo", "lanhdao", "admin", "kiemtra2"])
def test_every_page_answers_at_its_own_address(demo_db, app_as, monkeypatch, username):
    """The router registers every page's address for every role (hidden when refused or
    signed out), and none of them is Streamlit's default page, which is served only at "/"
    (its own address would meet "Page not found" and a jump to "/"): a bookmark of the
    landing page, `/plans-dashboard` or `/my-inspections`, stays where it points."""
    import streamlit as st

    seen: list = []
    original = st.navigation

    def recording(pages, **kwargs):
        seen.append(pages)
        return original(pages, **kwargs)

    monkeypatch.setattr(st, "navigation", recording)
    at = app_as(username)
    assert not at.exception
    pages = [page for section in seen[-1].values() for page in section]
    addresses = {page.url_path for page in pages}
    assert {spec.url_path for spec in all_pages()} <= addresses
    default = [page for page in pages if page._default]
    assert len(default) == 1 and default[0].url_path == ""
    assert default[0].visibility == "hidden" or username is None
    if username is None:
        assert "login" in {page._url_path for page in default}
    else:
        visible = {page.url_path for page in pages if page.visibility == "visible"}
        menu = menu_for(_role(username))
        assert visible == {spec.url_path for spec, _job in menu}  # one entry per job, the role's only
        assert {spec.url_path for spec, _job in menu} <= {p.url_path for p in pages_for(_role(username))}


def _role(username: str) -> str:
    return get_db().execute("select role from users where username = ?", [username]).fetchone()[0]


def test_the_bare_address_opens_the_landing_page(demo_db, app_as):
    """The bare address "/" hands over to the role's landing page (at its own address)."""
    at = app_as("kiemtra2")
    assert not at.exception
    assert [t.value for t in at.title] == ["Lịch kiểm tra của tôi"]  # the inspector's landing page ran
    at = app_as("lanhdao")
    assert [t.value for t in at.title] == ["Tiến độ kế hoạch tuyên truyền CCHC"]


@pytest.mark.parametrize("saved", ["en", "vi"])
def test_the_language_switch_shows_the_language_in_use(demo_db, app_as, saved):
    """Signing in sets the account's saved language; the switch drawn before (signed out,
    in the other language) must not keep showing the old choice."""
    from streamlit.testing.v1 import AppTest

    from core import auth, sessions
    from core.ui import LANG_KEY, TOKEN_KEY

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.session_state["shell_lang_choice"] = "vi" if saved == "en" else "en"  # the stale widget state
    leader = auth.get_user(demo_db, demo_db.execute("select id from users where username = 'lanhdao'").fetchone()[0])
    at.session_state[TOKEN_KEY] = sessions.start(demo_db, leader)
    at.session_state[LANG_KEY] = saved
    at.run()
    assert not at.exception
    assert at.get("button_group")[0].value == saved
    assert at.title[0].value == (
        "Communication plan progress" if saved == "en" else "Tiến độ kế hoạch tuyên truyền CCHC"
    )


def test_switching_language_saves_it(demo_db, app_as):
    at = app_as("lanhdao")
    at.get("button_group")[0].set_value("en").run()
    assert not at.exception
    assert (
        auth.get_user(get_db(), get_db().execute("select id from users where username='lanhdao'").fetchone()[0]).lang
        == "en"
    )
    assert at.get("button_group")[0].value == "en"


def test_streamlit_texts_in_the_ui_language(demo_db, app_as):
    at = app_as("canbo", page="plans/import_page.py")
    assert not at.exception
    uploaders = at.get("file_uploader")
    assert uploaders and all(u.proto.max_upload_size_mb == UPLOAD_MAX_MB for u in uploaders)
    assert all(f"{UPLOAD_MAX_MB} MB" in u.proto.help for u in uploaders)
    at.switch_page("plans/grid_page.py").run()
    filters = [ms for ms in at.multiselect if ms.key == "plans_f_theme"]
    assert filters and filters[0].proto.placeholder == "Tất cả"  # a page's own placeholder wins
    at.switch_page("media/review_page.py").run()
    cards = [ms for ms in at.multiselect if ms.key.startswith("media_card_themes_")]
    assert cards and all(ms.proto.placeholder == "Chọn một hoặc nhiều mục" for ms in cards)
    assert all(not ms.proto.select_all for ms in at.multiselect)  # no English "Select all"


def test_the_servers_upload_limit_is_the_apps():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == UPLOAD_MAX_MB


def test_the_menu_is_one_entry_per_job_with_its_steps_as_tabs(demo_db, app_as):
    steps = [p.url_path for p in pages_for("staff") if any(p.url_path in paths for paths in JOBS.values())]
    assert len(menu_for("staff")) <= len(pages_for("staff")) - len(steps) + len(JOBS)
    assert len(menu_for("staff")) < 20  # was 34 entries for office staff
    at = app_as("canbo", page="plans/import_page.py")
    assert not at.exception
    tabs = [link.proto.page for link in at.get("page_link")]
    assert tabs == [spec.url_path for spec in job_steps("staff", "plan-import")]  # links by address
    assert "plan-import" in tabs and "plans" in tabs
    at = app_as("lanhdao", page="plans/grid_page.py")  # the leader's steps only: nothing to import
    assert "plan-activity" in [link.proto.page for link in at.get("page_link")]
    assert "plan-import" not in [link.proto.page for link in at.get("page_link")]
