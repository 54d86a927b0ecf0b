"""Press figures as at the cut-off: review decisions, tones, themes and links to activities
made after a period's cut-off leave that period's report as it was (they are dated, media
m008), while the report of the period still running reads today's state; and the coverage
analysis page shows the same counts as the reports for the same period (one owner)."""

from __future__ import annotations

from datetime import date

from core.periods import parse_period
from exports import kinds
from media import analysis, report_data, review
from plans.plans import annual_plan_for


def _printed(db, actor, period: str) -> list[str]:
    """Every paragraph and table cell of the progress report, in order (charts left out)."""
    content = kinds.preview(db, actor, "progress", period)
    out = []
    for block in content.blocks:
        if hasattr(block, "rows"):
            out += [" | ".join(row) for row in block.rows]
        elif hasattr(block, "text"):
            out.append(block.text)
    return out


def _coverage(db, actor, period: str) -> dict:
    return kinds.preview(db, actor, "progress", period).figures["coverage"]


def _q2_articles(db) -> list[int]:
    """The demo's relevant articles published in 2026-Q2 (15/03–14/06/2026), oldest first:
    none of them reviewed by its cut-off."""
    utc_from, utc_to = parse_period("2026-Q2").utc_window()
    return [
        r[0]
        for r in db.execute(
            "select id from articles where relevant = 1 and published_at >= ? and published_at < ?"
            " order by published_at, id",
            [utc_from, utc_to],
        )
    ]


def _activity(db) -> int:
    return db.execute(
        "select a.id from activities a join plans p on p.id = a.plan_id where p.year = 2026 order by a.id"
    ).fetchone()[0]


def _theme(db, code: str) -> int:
    return db.execute(
        "select t.id from themes t join plans p on p.id = t.plan_id where p.year = 2026 and t.code = ?", [code]
    ).fetchone()[0]


def test_reviews_after_the_cut_off_leave_the_past_report_unchanged(demo_db, users):
    staff = users["staff"]
    q2 = _q2_articles(demo_db)
    assert len(q2) == 4
    before = _printed(demo_db, staff, "2026-Q2")
    coverage_before = _coverage(demo_db, staff, "2026-Q2")
    assert coverage_before["totals"] == {"articles": 0, "stories": 0, "negative": 0, "unreviewed": 4}
    current_before = _coverage(demo_db, staff, "2026")

    # Today (after the Q2 cut-off, 14/06/2026) staff review the quarter's coverage.
    first, second, third, fourth = q2
    review.set_review(demo_db, staff, [first, second], "confirmed")
    review.set_tone(demo_db, staff, [second], "negative")
    review.set_review(demo_db, staff, [third], "confirmed", note="Đã trả lời phản ánh")
    review.set_tone(demo_db, staff, [third], "negative")
    review.set_themes(demo_db, staff, first, [_theme(demo_db, "ND1")])
    review.link_activity(demo_db, staff, [first], _activity(demo_db))
    review.set_review(demo_db, staff, [fourth], "rejected")
    review.add_manual(
        demo_db,
        staff,
        title="Phóng sự truyền hình về bộ phận một cửa xã Sóc Sơn",
        published="2026-05-20",
        outlet="Đài Hà Nội",
        medium="tv",
        tone="positive",
    )

    # The Q2 report is history: every sentence and figure as it was at its cut-off.
    assert _printed(demo_db, staff, "2026-Q2") == before
    assert _coverage(demo_db, staff, "2026-Q2") == coverage_before

    # The report of the year still running (cut-off 14/12/2026, after today) reads today's state.
    now = _coverage(demo_db, staff, "2026")
    was, got = current_before["totals"], now["totals"]
    assert got["articles"] == was["articles"] + 4  # three reviewed, one entered by hand
    assert got["unreviewed"] == was["unreviewed"] - 4  # three reviewed, one rejected
    assert got["negative"] == was["negative"] + 2
    assert first in {r["id"] for r in now["notable"]} and first not in {r["id"] for r in current_before["notable"]}
    assert {r["note"] for r in now["negative"]} >= {"Đã trả lời phản ánh"}
    nd1 = _theme(demo_db, "ND1")
    assert {r["theme_id"]: r["articles"] for r in now["by_theme"]}.get(nd1, 0) >= 1
    assert _printed(demo_db, staff, "2026") != _printed(demo_db, staff, "2026-Q2")


def test_a_past_report_read_later_equals_the_report_read_at_its_cut_off(demo_db, users):
    """The Q2 report read on its cut-off day, before the reviews, equals the one read today
    after them: the figures are the cut-off's, whenever they are read."""
    staff = users["staff"]
    period = parse_period("2026-Q2")
    plan = annual_plan_for(demo_db, 2026)
    on_the_day = report_data.coverage_figures(demo_db, plan, period, period.end)
    review.set_review(demo_db, staff, _q2_articles(demo_db), "confirmed")
    assert report_data.coverage_figures(demo_db, plan, period, date(2026, 12, 7)) == on_the_day
    assert report_data.coverage_figures(demo_db, plan, period, period.end) == on_the_day


def test_the_analysis_page_counts_what_the_reports_count(demo_db, users):
    """For the same period (the calendar year the page shows) read at the same day, the
    page's totals, agencies, tones and themes are media report_data's."""
    staff = users["staff"]
    review.set_review(demo_db, staff, _q2_articles(demo_db)[:2], "confirmed")
    for year in (2021, 2026):
        today = date(year, 12, 31) if year < 2026 else date(2026, 12, 7)
        page = analysis.coverage(demo_db, users["leader"], year, today)
        period = analysis.year_period(year)
        figures = report_data.coverage_figures(demo_db, annual_plan_for(demo_db, year), period, today)
        assert page["totals"] == figures["totals"] and page["totals"]["articles"] > 0
        assert page["totals"]["unreviewed"] > 0
        assert {r["outlet"]: (r["articles"], r["stories"], r["unreviewed"]) for r in page["by_outlet"]} == {
            r["outlet"] or "—": (r["articles"], r["stories"], r["unreviewed"]) for r in figures["by_outlet"]
        }
        assert page["by_tone"] == figures["by_tone"]
        per_theme: dict[int, list[int]] = {}
        codes = {r["code"]: r["theme_id"] for r in figures["by_theme"]}
        for r in page["by_theme_month"]:
            sums = per_theme.setdefault(codes[r["theme"]], [0, 0])
            sums[0] += r["articles"]
            sums[1] += r["unreviewed"]
        assert per_theme == {r["theme_id"]: [r["articles"], r["unreviewed"]] for r in figures["by_theme"]}
