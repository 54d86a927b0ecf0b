"""Review actions, manual and by-URL coverage, evidence links, analysis and exports."""

from __future__ import annotations

import csv
import io

import pytest

from core.errors import AppError, NotFound, ValidationError
from core.permissions import SYSTEM
from core.tabular import read_xlsx
from media import analysis, review, store
from media.evidence import coverage_for_activity
from media.ingest import Pipeline, offline_source
from media.parse import parse_feed
from plans import activities, plans
from plans.themes import list_themes
from tests.media.media_feeds import item, rss2

DATE = "Mon, 05 Apr 2021 08:30:00 +0700"
TEXT = "UBND thành phố Hà Nội tổ chức hội nghị về thủ tục hành chính và bộ phận một cửa, tỷ lệ hồ sơ đúng hạn đạt {n}%."


@pytest.fixture
def reviewed_db(themed_db):
    plan = plans.annual_plan_for(themed_db, 2021)
    nd3 = next(t for t in list_themes(themed_db, plan["id"]) if t["code"] == "ND3")
    activities.create_activity(
        themed_db, SYSTEM, plan["id"], theme_id=nd3["id"], title="Tin bài về một cửa", target=4, target_unit="tin bài"
    )
    a, b = offline_source(themed_db, "Báo A"), offline_source(themed_db, "Báo B")
    items = [
        item(n, title=f"Hội nghị thủ tục hành chính lần {n}", description=f"<p>{TEXT.format(n=90 + n)}</p>", date=DATE)
        for n in range(1, 4)
    ]
    pipe = Pipeline(themed_db)
    pipe.add_feed(a, parse_feed(rss2(items).encode(), {}), "2021-04-06T00:00:00+00:00")
    copy = {**items[0], "link": "https://b.vn/copy", "guid": "b1"}  # the same story told by another outlet
    other = item(9, title="Giá rau tăng mạnh", description="<p>Chợ đầu mối.</p>", date=DATE)
    pipe.add_feed(b, parse_feed(rss2([copy, other]).encode(), {}), "2021-04-06T00:00:00+00:00")
    return themed_db


def _activity(db):
    return activities.list_activities(db, plans.annual_plan_for(db, 2021)["id"])[0]


def test_queue_lists_new_relevant_articles_with_themes(reviewed_db, users):
    queue = review.review_queue(reviewed_db, users["leader"])
    # three stories, one card each: "lần 1" was told by two outlets and waits once
    assert len(queue) == 3 and "Giá rau tăng mạnh" not in [r["title"] for r in queue]
    assert all(r["theme_ids"] for r in queue)
    assert [r["copies"] for r in queue if r["title"].endswith("lần 1")] == [2]
    assert review.review_counts(reviewed_db, users["leader"])["queue"] == 3
    assert review.review_counts(reviewed_db, users["leader"], 2021)["queue"] == 3
    assert review.review_counts(reviewed_db, users["leader"], 2026)["queue"] == 0
    assert review.queue_years(reviewed_db, users["leader"]) == [2021]


def test_bulk_confirm_reject_and_tone(reviewed_db, users):
    staff = users["staff"]
    assert review.set_review(reviewed_db, staff, [1, 2], "confirmed") == 2
    review.set_review(reviewed_db, staff, 3, "rejected", note="Trùng lặp")
    review.set_tone(reviewed_db, staff, [1], "negative")
    assert [r["id"] for r in review.review_queue(reviewed_db, staff)] == [4]
    assert store.article_row(reviewed_db, 3)["note"] == "Trùng lặp"
    assert [r["id"] for r in review.negative_feedback(reviewed_db, staff)] == [1]
    audit_rows = list(reviewed_db.query("select * from audit_log where table_name = 'articles'"))
    assert len(audit_rows) == 4


@pytest.mark.parametrize(
    "call, key",
    [
        (lambda db, u: review.set_review(db, u, [1], "maybe"), "media.error.review_state"),
        (lambda db, u: review.set_tone(db, u, [1], "angry"), "media.error.tone"),
        (lambda db, u: review.set_review(db, u, [], "confirmed"), "media.error.nothing_selected"),
        (
            lambda db, u: review.add_manual(db, u, title=" ", published="2021-04-01", outlet="VTV"),
            "media.error.title_missing",
        ),
        (
            lambda db, u: review.add_manual(db, u, title="X", published="2021-04-01", outlet="VTV", medium="fax"),
            "media.error.medium",
        ),
        (
            lambda db, u: review.add_manual(db, u, title="X", published="hôm qua", outlet="VTV"),
            "media.error.date_invalid",
        ),
    ],
)
def test_bad_review_input_changes_nothing(reviewed_db, users, call, key):
    before = list(reviewed_db.query("select * from articles order by id"))
    with pytest.raises(ValidationError) as exc:
        call(reviewed_db, users["staff"])
    assert exc.value.key == key
    assert list(reviewed_db.query("select * from articles order by id")) == before


def test_manual_themes_survive_reapplying_rules(reviewed_db, users):
    from media import rules

    nd6 = next(t["id"] for t in list_themes(reviewed_db, 1) if t["code"] == "ND6")
    review.set_themes(reviewed_db, users["staff"], 2, [nd6])
    rules.reapply(reviewed_db, users["staff"])
    assert store.article_themes(reviewed_db, [2])[2] == [nd6]
    with pytest.raises(NotFound):
        review.set_themes(reviewed_db, users["staff"], 2, [999])


def test_linked_articles_appear_in_the_activity_evidence(reviewed_db, users):
    activity = _activity(reviewed_db)
    assert review.link_activity(reviewed_db, users["staff"], [1, 2, 5], activity["id"]) == 3
    assert [r["id"] for r in coverage_for_activity(reviewed_db, activity["id"])] and {
        r["id"] for r in coverage_for_activity(reviewed_db, activity["id"])
    } == {1, 2, 5}
    review.set_review(reviewed_db, users["staff"], [5], "rejected")
    review.unlink_activity(reviewed_db, users["staff"], 2, activity["id"])
    evidence = coverage_for_activity(reviewed_db, activity["id"])
    assert [r["id"] for r in evidence] == [1] and {"title", "url", "outlet", "published_at"} <= set(evidence[0])
    with pytest.raises(NotFound):
        review.link_activity(reviewed_db, users["staff"], [1], 999)


def test_linked_articles_show_on_the_plan_activity_through_the_media_hook(reviewed_db, users):
    """Media registers its coverage with plans through its manifest; plans never imports media."""
    from core.slices import provided
    from plans import progress

    assert coverage_for_activity in provided(progress.COVERAGE_HOOK)
    activity = _activity(reviewed_db)
    review.link_activity(reviewed_db, users["staff"], [1, 5], activity["id"])
    detail = progress.activity_detail(reviewed_db, users["leader"], activity["id"])
    assert sorted(c["id"] for c in detail["coverage"]) == [1, 5]
    review.unlink_activity(reviewed_db, users["staff"], 5, activity["id"])
    assert [c["id"] for c in progress.activity_detail(reviewed_db, users["leader"], activity["id"])["coverage"]] == [1]


def test_manual_entry_goes_through_the_pipeline(reviewed_db, users):
    activity = _activity(reviewed_db)
    row = review.add_manual(
        reviewed_db,
        users["staff"],
        title="Phóng sự: Một cửa Hoàn Kiếm",
        published="2021-05-02",
        outlet="Đài PT-TH Hà Nội",
        medium="tv",
        text="Phóng sự <script>x</script> về thủ tục hành chính",
        tone="positive",
        activity_ids=[activity["id"]],
    )
    assert row["review"] == "confirmed" and row["relevant"] == 1 and row["origin"] == "manual"
    assert row["published_at"] == "2021-05-02T05:00:00+00:00" and "script" not in (row["summary_html"] or "")
    assert row["activity_ids"] == [activity["id"]]
    from media.search import search

    assert [r["id"] for r in search(reviewed_db, users["leader"], "phong su mot cua")] == [row["id"]]
    with pytest.raises(AppError) as exc:
        review.add_manual(
            reviewed_db,
            users["staff"],
            title="Phóng sự: Một cửa Hoàn Kiếm",
            published="2021-05-02",
            outlet="Đài PT-TH Hà Nội",
            medium="tv",
        )
    assert exc.value.key == "media.error.duplicate"


def test_add_by_url_reads_title_and_date(fetching, users, feed_server):
    row = review.add_by_url(fetching, users["staff"], feed_server.url("/article"), outlet="Sở Nội vụ")
    assert row["title"] == "Hà Nội công bố Chỉ số SIPAS 2021"
    assert row["published_at"] == "2021-12-30T02:15:00+00:00" and row["text"] == "Chỉ số hài lòng đạt 87,11%."
    with pytest.raises(AppError) as exc:
        review.add_by_url(fetching, users["staff"], feed_server.url("/error"))
    assert exc.value.key == "media.error.page_fetch"


def test_add_by_url_refused_when_fetching_is_off(db, users):
    with pytest.raises(AppError) as exc:
        review.add_by_url(db, users["staff"], "https://moha.gov.vn/tin-1")
    assert exc.value.key == "media.error.fetch_disabled"


def test_analysis_counts_reviewed_stories_once_per_theme_and_unreviewed_apart(reviewed_db, users):
    """The page counts what the reports count: confirmed articles (a story once per theme,
    every outlet's copy in articles), tone from the reviewed ones only, and the relevant
    articles nobody reviewed yet apart."""
    activity = _activity(reviewed_db)
    staff = users["staff"]
    review.link_activity(reviewed_db, staff, [1, 2], activity["id"])
    review.set_tone(reviewed_db, staff, [1], "negative")
    review.set_tone(reviewed_db, staff, [4], "negative")  # a tone on an unreviewed copy is not counted
    review.set_review(reviewed_db, staff, [1, 2, 3], "confirmed")
    figures = analysis.coverage(reviewed_db, users["leader"], 2021)
    assert figures["totals"] == {"articles": 3, "stories": 3, "negative": 1, "unreviewed": 1}
    nd3 = [r for r in figures["by_theme_month"] if r["theme"] == "ND3"]
    assert nd3 == [{"theme": "ND3", "month": "2021-04", "articles": 3, "stories": 3, "unreviewed": 1}]
    assert {r["outlet"]: (r["articles"], r["stories"], r["unreviewed"]) for r in figures["by_outlet"]} == {
        "Báo A": (3, 3, 0),
        "Báo B": (0, 0, 1),
    }
    assert {r["tone"]: r["articles"] for r in figures["by_tone"]} == {"negative": 1, "none": 2}
    assert figures["targets"][0] | {} == {
        **figures["targets"][0],
        "target": 4,
        "articles": 2,
        "stories": 2,
        "percent": 50.0,
    }


def test_exports_round_trip(reviewed_db, users):
    review.set_review(reviewed_db, users["staff"], [1, 2, 3], "confirmed")
    data = analysis.export_xlsx(reviewed_db, users["leader"], 2021, "vi")
    rows = read_xlsx(data, "Theo cơ quan báo chí")
    assert rows[0] == ["Cơ quan báo chí", "Số tin bài", "Số sự kiện", "Chưa đánh giá"] and ["Báo A", 3, 3, 0] in rows
    csv_text = analysis.export_csv(reviewed_db, users["leader"], 2021, "by_outlet", "en").decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(csv_text)))
    assert table[0] == ["Outlet", "Articles", "Stories", "Not yet reviewed"] and ["Báo B", "0", "0", "1"] in table
    assert csv_text.splitlines()[0] == '"Outlet","Articles","Stories","Not yet reviewed"'  # text quoted (formula-safe)


@pytest.mark.parametrize(
    "action, field, value",
    [("confirmed", "review", "confirmed"), ("rejected", "review", "rejected"), ("negative", "tone", "negative")],
)
def test_a_bulk_action_goes_to_its_write(reviewed_db, users, action, field, value):
    assert review.apply_bulk(reviewed_db, users["staff"], [1, 2], action) == 2
    assert {store.article_row(reviewed_db, i)[field] for i in (1, 2)} == {value}


def test_a_bulk_link_and_an_unknown_action(reviewed_db, users):
    activity = _activity(reviewed_db)
    assert review.apply_bulk(reviewed_db, users["staff"], [1], "link", activity["id"]) == 1
    assert [r["id"] for r in coverage_for_activity(reviewed_db, activity["id"])] == [1]
    with pytest.raises(ValidationError) as err:
        review.apply_bulk(reviewed_db, users["staff"], [2], "delete")
    assert err.value.key == "media.error.bulk_action"
    assert store.article_row(reviewed_db, 2)["review"] == "new"


def test_link_choices_follow_the_chosen_articles(reviewed_db):
    queue = review.review_queue(reviewed_db, SYSTEM)
    assert review.bulk_activity_choices(reviewed_db, queue, []) == {}
    activity = _activity(reviewed_db)
    assert review.bulk_activity_choices(reviewed_db, queue, [queue[0]["id"]])[activity["id"]] == activity["title"]


def test_one_card_decided_at_once_in_one_transaction(reviewed_db, users):
    staff = users["staff"]
    activity = _activity(reviewed_db)
    nd6 = next(t["id"] for t in list_themes(reviewed_db, 1) if t["code"] == "ND6")
    audits = "select count(*) from audit_log where actor_id = ?"
    before = reviewed_db.execute(audits, [staff.id]).fetchone()[0]
    row = review.review_article(
        reviewed_db, staff, 1, state="confirmed", tone="positive", theme_ids=[nd6], activity_id=activity["id"]
    )
    assert (row["review"], row["tone"], row["theme_ids"], row["activity_ids"]) == (
        "confirmed",
        "positive",
        [nd6],
        [activity["id"]],
    )
    # the same story from Báo B is decided with it: reviewed once for all its outlets
    (copy,) = [r for r in reviewed_db.query("select id from articles where url = 'https://b.vn/copy'")]
    told_again = review.get_article(reviewed_db, staff, copy["id"])
    assert (told_again["review"], told_again["tone"], told_again["theme_ids"], told_again["activity_ids"]) == (
        "confirmed",
        "positive",
        [nd6],
        [activity["id"]],
    )
    assert reviewed_db.execute(audits, [staff.id]).fetchone()[0] == before + 8  # each article audited
    # it has left the queue and is listed as reviewed, where the decision can be changed
    assert {1, copy["id"]}.isdisjoint(r["id"] for r in review.review_queue(reviewed_db, staff))
    assert 1 in [r["id"] for r in review.reviewed(reviewed_db, staff)]
    again = review.review_article(
        reviewed_db, staff, 1, state="rejected", tone="positive", theme_ids=[nd6], activity_id=None
    )
    assert again["review"] == "rejected" and again["activity_ids"] == [activity["id"]]
    assert reviewed_db.execute(audits, [staff.id]).fetchone()[0] == before + 9  # only the decision changed
    assert review.get_article(reviewed_db, staff, copy["id"])["review"] == "confirmed"  # a change is one article's


def test_a_refused_card_changes_nothing(reviewed_db, users):
    before = review.get_article(reviewed_db, users["staff"], 2)
    with pytest.raises(NotFound):
        review.review_article(reviewed_db, users["staff"], 2, state="confirmed", tone="negative", theme_ids=[999])
    with pytest.raises(AppError):
        review.review_article(reviewed_db, users["leader"], 2, state="confirmed", tone=None, theme_ids=[])
    assert review.get_article(reviewed_db, users["staff"], 2) == before
