"""Relevance and theme rules: word boundaries, diacritics, tone placement, include /
require / exclude, locality and units, editing and re-applying."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from core import units
from core.errors import NotFound, PermissionDenied, ValidationError
from core.permissions import SYSTEM
from media import rules, store
from media.ingest import Pipeline, offline_source
from media.parse import parse_feed
from media.rules import Matcher, RuleBook, parse_rules
from media.vntext import match_form, match_words
from tests.media.media_feeds import item, rss2


def _found(terms, text):
    return Matcher({match_form(t) for t in terms}, [match_form(c) for c in rules.COMPOUNDS]).find(match_form(text))


@pytest.mark.parametrize(
    "term, text, hit",
    [
        ("gia", "Bảo vệ chủ quyền quốc gia", False),
        ("gia", "Người dân tham gia góp ý", False),
        ("gia", "giá gia vị", True),
        ("báo", "Cơn bão số 3 đổ bộ", False),  # rules keep their diacritics
        ("bão", "Đọc báo buổi sáng", False),
        ("báo", "Đọc báo buổi sáng", True),
        ("báo", "Hội Nhà báo", True),
        ("báo", "Báo cáo kết quả", False),  # inside the compound "báo cáo"
        ("CCHC", "Đẩy mạnh cchc năm 2021", True),
        ("CCHC", "CCHCX là mã khác", False),
        ("một cửa", "Cơ chế một cửa liên thông", True),
        ("PAR Index", "Chỉ số PAR  Index của tỉnh", True),
        ("hòa", "Hoà giải ở cơ sở", True),  # old tone placement in the text
        ("thuỷ", "Thủy lợi nội đồng", True),  # old tone placement in the rule
        ("đăng ký", unicodedata.normalize("NFD", "Đăng ký khai sinh"), True),
        ("dang ky", "Đăng ký khai sinh", False),  # no folding for rules
        ("Hà Nội", "Hà Nội đứng thứ 9", True),
    ],
)
def test_terms_match_on_word_boundaries_with_diacritics(term, text, hit):
    assert bool(_found([term], text)) is hit


@pytest.mark.parametrize(
    "text",
    [
        "Chính quyền điện tử/số (CCHC), 99,8% hồ sơ_trực tuyến!",
        "“Một cửa”—liên thông… Đề án 06/2021",
        unicodedata.normalize("NFD", "Thuỷ lợi, HOÀ GIẢI"),
        "  \t a\u00a0b ",
        "",
    ],
)
def test_match_words_are_the_words_of_the_matching_form(text):
    assert match_words(text) == re.findall(r"\w+", match_form(text))


def test_terms_with_the_same_words_are_all_credited():
    assert _found(["chính quyền điện tử/số", "chính quyền điện tử số"], "Xây dựng chính quyền điện tử số") == {
        "chính quyền điện tử/số",
        "chính quyền điện tử số",
    }


def test_longer_term_also_credits_the_terms_inside_it():
    assert _found(["một cửa", "một cửa liên thông"], "cơ chế một cửa liên thông") == {"một cửa", "một cửa liên thông"}


def _book(themes, general=("cải cách hành chính", "CCHC"), locality=("Hà Nội",), units_=()):
    return RuleBook(
        parse_rules(list(general)),
        parse_rules(list(locality)),
        tuple((i, code, parse_rules(kw)) for i, (code, kw) in enumerate(themes, start=1)),
        tuple(units_),
    )


@pytest.mark.parametrize(
    "keywords, text, matches",
    [
        (["một cửa"], "Bộ phận một cửa phường", True),
        (["một cửa", "-xổ số"], "Bộ phận một cửa bán xổ số", False),
        (['"dịch vụ công trực tuyến"', "+Hà Nội"], "Dịch vụ công trực tuyến ở Huế", False),
        (['"dịch vụ công trực tuyến"', "+Hà Nội"], "Dịch vụ công trực tuyến ở Hà Nội", True),
        (["+SIPAS"], "Kết quả SIPAS năm 2021", True),
        (["+SIPAS", "+PAPI"], "Kết quả SIPAS năm 2021", False),
        (["PAPI"], "Papillon", False),
    ],
)
def test_theme_include_require_exclude(keywords, text, matches):
    verdict = _book([("ND3", keywords)]).evaluate(text, "")
    assert (verdict.theme_ids == [1]) is matches


def test_score_is_explained_by_matched_terms():
    verdict = _book([("ND3", ["một cửa"])]).evaluate("Hà Nội đẩy mạnh CCHC", "Bộ phận một cửa hoạt động tốt")
    assert verdict.relevant
    assert {(m["set"], m["term"]) for m in verdict.matched} == {
        ("general", "cchc"),
        ("ND3", "một cửa"),
        ("locality", "hà nội"),
    }
    assert verdict.relevance == rules.WEIGHTS["general"] + rules.WEIGHTS["theme"] + rules.WEIGHTS["locality"]


def test_locality_alone_is_not_relevant():
    verdict = _book([]).evaluate("Hà Nội khai mạc lễ hội hoa", "")
    assert not verdict.relevant and verdict.matched == [{"set": "locality", "term": "hà nội"}]


def test_units_mentioned_respect_the_date(db):
    units.add_unit(db, SYSTEM, code="Q-HK", name="Quận Hoàn Kiếm", kind="district", valid_to="2025-06-30")
    units.add_unit(db, SYSTEM, code="P-HK", name="Phường Hoàn Kiếm", kind="commune", valid_from="2025-07-01")
    book = rules.rulebook(db, 2021)
    assert book.evaluate("CCHC ở Hoàn Kiếm", "", "2021-05-01T00:00:00+00:00").units == ["Q-HK"]
    assert book.evaluate("CCHC ở Hoàn Kiếm", "", "2026-05-01T00:00:00+00:00").units == ["P-HK"]
    assert book.evaluate("CCHC ở Phường Hoàn Kiếm", "", "2021-05-01T00:00:00+00:00").units == ["P-HK"]


def test_rulebook_reads_the_themes_of_the_articles_year(themed_db):
    book = rules.rulebook(themed_db, 2021)
    assert [code for _i, code, _r in book.themes] == ["ND3", "ND5", "ND6"]
    assert rules.rulebook(themed_db, 2026).themes == ()


def _ingest(db, items):
    src = offline_source(db, "Báo R")
    return Pipeline(db).add_feed(src, parse_feed(rss2(items).encode(), {}), "2021-06-01T00:00:00+00:00")


DATE = "Mon, 05 Apr 2021 08:30:00 +0700"


def test_edited_rules_are_reapplied_on_demand(themed_db, users):
    _ingest(themed_db, [item(1, title="Cơn bão số 2 gây mưa lớn ở Hà Nội", description="<p>Mưa lớn.</p>", date=DATE)])
    assert store.article_row(themed_db, 1)["relevant"] == 0
    rules.set_rule_set(themed_db, users["staff"], "general", rules.DEFAULT_GENERAL + ["bão"])
    assert store.article_row(themed_db, 1)["relevant"] == 0  # not until re-applied
    counts = rules.reapply(themed_db, users["staff"])
    assert counts == {"articles": 1, "relevant": 1, "changed": 1}
    assert {"set": "general", "term": "bão"} in store.article_row(themed_db, 1)["matched"]


def test_theme_rules_edit_retags(themed_db, users):
    _ingest(
        themed_db,
        [item(1, title="Hà Nội đẩy mạnh cải cách", description="<p>Tiếp nhận hồ sơ tại bưu điện.</p>", date=DATE)],
    )
    nd3 = next(t for t in rules.rulebook(themed_db, 2021).themes if t[1] == "ND3")[0]
    assert store.article_themes(themed_db, [1])[1] == []
    rules.set_theme_rules(themed_db, users["staff"], nd3, ["bưu điện"])
    rules.reapply(themed_db, users["staff"])
    assert store.article_themes(themed_db, [1])[1] == [nd3]


def test_rule_edits_refuse_bad_input_and_roles(db, users):
    with pytest.raises(ValidationError):
        rules.set_rule_set(db, users["staff"], "general", ["  ", ""])
    with pytest.raises(ValidationError):
        rules.set_rule_set(db, users["staff"], "nonsense", ["x"])
    for role in ("inspector", "leader"):
        with pytest.raises(PermissionDenied):
            rules.set_rule_set(db, users[role], "general", ["CCHC"])
        with pytest.raises(PermissionDenied):
            rules.reapply(db, users[role])
    assert rules.get_rule_sets(db)["general"] == rules.DEFAULT_GENERAL


def test_theme_rules_are_written_by_the_plans_slice(themed_db, users):
    """Media does not write plans' themes table: the keywords go through plans' own
    update_theme, so the theme and its audit record look as if edited on the plan page."""
    from plans.themes import find_theme, themes_of_year

    nd3 = next(t for t in themes_of_year(themed_db, 2021) if t["code"] == "ND3")
    after = rules.set_theme_rules(themed_db, users["staff"], nd3["id"], ["  bưu điện ", "", "một cửa"])
    assert after["keywords"] == ["bưu điện", "một cửa"] == find_theme(themed_db, nd3["id"])["keywords"]
    assert after["title"] == nd3["title"]
    row = next(
        themed_db.query("select * from audit_log where table_name = 'themes' and action = 'update' order by id desc")
    )
    assert row["record_id"] == str(nd3["id"]) and row["actor"] == users["staff"].username
    assert json.loads(row["after"]) == {"keywords": ["bưu điện", "một cửa"]}
    assert json.loads(row["before"]) == {"keywords": nd3["keywords"]}
    with pytest.raises(NotFound):
        rules.set_theme_rules(themed_db, users["staff"], 999, ["x"])
