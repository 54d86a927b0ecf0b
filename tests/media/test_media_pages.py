"""Page tests (AppTest) on the demo: review queue, search, analysis, sources."""

from __future__ import annotations

import pytest

from core.i18n import today_local
from media import store


@pytest.fixture
def demo_app(demo_db, app_as):
    import streamlit as st

    st.cache_data.clear()  # caches live in the process, not in one AppTest
    yield app_as
    st.cache_data.clear()


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_review_queue_shows_new_relevant_articles(demo_app, demo_db):
    at = demo_app("canbo", page="media/review_page.py")
    assert not at.exception
    year = at.selectbox(key="media_review_year").value
    years = store.review_queue_years(demo_db)
    assert year == (today_local().year if today_local().year in years else years[0])  # this year's plan first
    queue = store.review_queue(demo_db, year=year)
    assert queue and all(r["published_at"].startswith(str(year)) for r in queue)
    assert any(c.value == f"{len(queue)} tin bài mới liên quan chờ duyệt" for c in at.caption)
    at.selectbox(key="media_review_year").set_value(2021).run()  # an older year, a choice away
    shown = _markdown(at)
    assert "Người dân hài lòng với phục vụ hành chính của Hà Nội" in shown  # a new SIPAS copy
    assert "Giá vàng hôm nay" not in shown  # irrelevant items stay out of the queue
    assert "Từ khóa khớp" in shown and r"sipas \(chung\)" in shown  # the rule set named in Vietnamese
    assert "(general)" not in shown and "(locality)" not in shown


def test_review_bulk_confirm_from_the_page(demo_app, demo_db):
    at = demo_app("canbo", page="media/review_page.py")
    first = store.review_queue(demo_db)[0]
    at.multiselect(key="media_review_chosen").set_value([first["id"]]).run()
    at.selectbox(key="media_review_action").set_value("rejected").run()
    at.button(key="media_review_apply").click().run()
    assert not at.exception
    assert store.article_row(demo_db, first["id"])["review"] == "rejected"
    assert first["id"] not in [r["id"] for r in store.review_queue(demo_db)]
    assert [s.value for s in at.success] == ["Đã cập nhật 1 tin bài."]


def _card_button(at, prefix, article_id, name):
    return at.button(key=f"{prefix}_{name}_{article_id}")


def test_review_card_by_card(demo_app, demo_db):
    at = demo_app("canbo", page="media/review_page.py")
    first, second = store.review_queue(demo_db)[:2]
    at.radio(key=f"media_card_tone_{first['id']}").set_value("positive")
    _card_button(at, "media_card", first["id"], "confirm").click().run()
    assert not at.exception
    row = store.article_row(demo_db, first["id"])
    assert (row["review"], row["tone"]) == ("confirmed", "positive")
    assert [s.value for s in at.success] == [f"Đã xác nhận: {first['title'][:80]}"]
    # the card leaves the queue; the next one is still there with its own form
    assert f"media_card_confirm_{first['id']}" not in {b.key for b in at.button}
    _card_button(at, "media_card", second["id"], "reject").click().run()
    assert store.article_row(demo_db, second["id"])["review"] == "rejected"
    assert any("Đã duyệt (" in t.label for t in at.tabs)


def test_a_decision_is_changed_in_the_reviewed_tab(demo_app, demo_db):
    from media import review
    from plans.plans import annual_plan_for

    at = demo_app("canbo", page="media/review_page.py")
    first = store.review_queue(demo_db)[0]
    _card_button(at, "media_card", first["id"], "reject").click().run()
    # changed my mind: confirm it after all, negative, linked to an activity of its year's plan
    year = int(first["published_at"][:4])
    activity_id = next(iter(review.activity_choices(demo_db, year)))
    assert annual_plan_for(demo_db, year)
    at.radio(key=f"media_done_tone_{first['id']}").set_value("negative")
    at.selectbox(key=f"media_done_activity_{first['id']}").set_value(activity_id)
    _card_button(at, "media_done", first["id"], "confirm").click().run()
    assert not at.exception
    row = review.get_article(demo_db, review_user(demo_db), first["id"])
    assert (row["review"], row["tone"]) == ("confirmed", "negative")
    assert activity_id in row["activity_ids"]


def review_user(db):
    from core import auth

    return auth.get_user(db, db.execute("select id from users where username = 'canbo'").fetchone()[0])


def test_review_page_in_english_and_manual_entry_on_its_page(demo_app, demo_db):
    at = demo_app("canbo", lang="en", page="media/review_page.py")
    assert not at.exception
    assert at.title[0].value == "Review coverage"
    at.switch_page("media/add_article_page.py").run()
    before = store.count_articles(demo_db)
    at.text_input(key="media_manual_title").set_value("Phóng sự truyền hình: Một cửa Phường Ba Đình")
    at.text_input(key="media_manual_outlet").set_value("Đài PT-TH Hà Nội")
    at.selectbox(key="media_manual_medium").set_value("Television")
    submit = next(b for b in at.button if "media_manual_form" in (b.id or "") + str(b.proto.form_id))
    submit.click().run()
    assert not at.exception
    assert store.count_articles(demo_db) == before + 1
    assert any("added" in s.value for s in at.success)


def test_search_page_finds_folded_query_with_highlight(demo_app):
    at = demo_app("lanhdao", page="media/search_page.py")
    at.text_input(key="media_search_query").set_value("de an 06").run()
    assert not at.exception
    assert any(c.value == "2 kết quả · Trang 1/1" for c in at.caption)
    shown = _markdown(at)
    assert "**Đề án 06**" in shown


@pytest.mark.parametrize(
    "lang, words", [("vi", ("rút gọn", "500 ký tự", "24 từ")), ("en", ("shortened", "500 characters", "24"))]
)
def test_search_page_says_a_long_query_was_shortened_and_to_what(demo_app, lang, words):
    at = demo_app("lanhdao", lang=lang, page="media/search_page.py")
    at.text_input(key="media_search_query").set_value("de an 06 " * 100).run()
    assert not at.exception
    [warning] = at.warning
    assert all(w in warning.value for w in words) and "“de an 06”" in warning.value
    at.text_input(key="media_search_query").set_value("de an 06").run()
    assert not at.exception and not at.warning


def test_search_page_filters_by_tone(demo_app):
    at = demo_app("lanhdao", page="media/search_page.py")
    at.selectbox(key="media_search_tone").set_value("Tiêu cực").run()
    assert not at.exception
    assert any(c.value == "1 kết quả · Trang 1/1" for c in at.caption)
    assert "Người dân phản ánh chậm trả kết quả tại bộ phận một cửa" in _markdown(at)


def test_analysis_page_shows_totals_and_targets(demo_app):
    at = demo_app("lanhdao", page="media/analysis_page.py")
    at.number_input(key="media_analysis_year").set_value(2021).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    # reviewed articles as the reports count them, the 4 nobody reviewed yet apart and said so
    assert metrics == {"Số tin bài": "8", "Số sự kiện": "7", "Chưa đánh giá": "4"}
    assert any("4 tin bài liên quan chưa đánh giá" in c.value for c in at.caption)
    targets = at.dataframe[0].value
    row = targets[targets["Hoạt động"] == "Chuyên mục “Cải cách hành chính” trên Báo Hà Nội Mới"].iloc[0]
    assert (row["Chỉ tiêu"], row["Số tin bài"]) == (24, 2)
    charts = at.get("vega_lite_chart")  # per theme and month, per outlet, per tone
    assert len(charts) == 3 and all('"decimal": ","' in c.proto.spec for c in charts)


def test_sources_page_lists_demo_feeds_and_refuses_fetch_when_off(demo_app):
    at = demo_app("admin", page="media/sources_page.py")
    assert not at.exception
    table = at.dataframe[0].value
    assert "https://baochinhphu.vn/rss" in list(table["URL"]) and set(table["Đang dùng"]) == {""}
    assert at.button(key="media_sources_fetch").disabled  # fetching is off: the button says so by being off
    assert any("CCHC_FETCH_ENABLED=0" in i.value for i in at.info)


def test_source_edit_form_follows_the_picked_source(demo_app, demo_db):
    at = demo_app("admin", page="media/sources_page.py")
    first, second = [r["id"] for r in demo_db.query("select id from media_sources order by id limit 2")]
    at.selectbox(key="media_sources_pick").set_value(second).run()
    assert at.checkbox(key=f"media_sources_edit_active_{second}").value is False
    at.checkbox(key=f"media_sources_edit_active_{second}").check()
    next(b for b in at.button if f"media_sources_edit_form_{second}" in str(b.proto.form_id)).click().run()
    assert not at.exception
    assert store.source_row(demo_db, second)["active"] == 1 and store.source_row(demo_db, first)["active"] == 0
    assert at.success and at.dataframe[0].value["Đang dùng"].tolist().count("✓") == 1


def test_leaders_do_not_see_review_or_sources(demo_app):
    from core.nav import pages_for

    paths = [p.path for p in pages_for("leader")]
    assert "media/search_page.py" in paths and "media/analysis_page.py" in paths
    assert "media/review_page.py" not in paths and "media/sources_page.py" not in paths


def test_rules_page_shows_negative_feedback_a_page_at_a_time(demo_app, demo_db):
    from core.i18n import today_local
    from core.markup import md_escape
    from core.permissions import SYSTEM
    from media import review
    from plans.themes import themes_of_year

    with demo_db.atomic():
        demo_db.execute(
            "update articles set tone = 'negative' where id in (select id from articles"
            " where review != 'rejected' order by published_at desc limit 40)"
        )
    expected = [md_escape(r["title"]) for r in review.negative_feedback(demo_db, SYSTEM)]  # as shown
    assert 20 < len(expected) <= 40  # two pages of 20
    at = demo_app("canbo", page="media/rules_page.py")
    assert not at.exception
    shown = _markdown(at)
    assert expected[0] in shown and expected[19] in shown
    assert expected[20] not in shown
    assert "Trang 1/2" in [c.value for c in at.caption]
    at.number_input(key="media_feedback_page").set_value(2).run()
    shown = _markdown(at)
    assert expected[20] in shown and expected[0] not in shown
    assert "Trang 2/2" in [c.value for c in at.caption]
    # the themes' keywords open on this year's plan
    assert at.number_input(key="media_rules_year").value == today_local().year
    labels = [a.label for a in at.text_area]
    for theme in themes_of_year(demo_db, today_local().year):
        assert f"{theme['code']} – {theme['title']}" in labels
