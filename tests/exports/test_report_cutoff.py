"""Figures as they stood at the period's cut-off: activities finished, budget spent and
progress entered after it are not counted."""

from __future__ import annotations

from core.i18n import today_local
from core.periods import parse_period
from exports import kinds
from indices.report_data import indices_figures


def _done_after(db, day: str) -> list[str]:
    return [
        r[0]
        for r in db.execute(
            "select a.title from activities a join plans p on p.id = a.plan_id"
            " where p.number = '105/KH-UBND' and a.status = 'done' and a.actual_end > ? order by a.actual_end",
            [day],
        )
    ]


def test_q2_report_does_not_count_later_completions(demo_db, users):
    later = _done_after(demo_db, "2021-06-14")
    ends = {r[0] for r in demo_db.execute("select actual_end from activities where status = 'done'")}
    assert {"2021-06-28", "2021-12-28"} <= ends and later  # the demo finishes activities after the cut-off
    content = kinds.preview(demo_db, users["staff"], "progress", "2021-Q2")
    done = [a["title"] for a in content.figures["activities"] if a["done"]]
    assert not set(done) & set(later)
    by_title = {a["title"]: a for a in content.figures["activities"]}
    for title in later:
        if title in by_title:
            assert by_title[title]["status"] != "done"
            assert by_title[title]["budget_used"] == 0 or by_title[title]["actual_end"] is None


def test_progress_entered_after_the_cut_off_is_not_counted(demo_db, users):
    counts = {
        r[0]: r[1]
        for r in demo_db.execute(
            "select a.title, (select p.count from progress_updates p where p.activity_id = a.id"
            " and p.on_date <= '2021-06-14' order by p.on_date desc, p.id desc limit 1)"
            " from activities a join plans p on p.id = a.plan_id where p.number = '105/KH-UBND'"
        )
    }
    content = kinds.preview(demo_db, users["staff"], "progress", "2021-Q2")
    for a in content.figures["activities"]:
        if a["status"] != "done":
            assert a["achieved"] == counts[a["title"]]


def test_budget_used_as_at_the_cut_off(demo_db, users):
    year = kinds.preview(demo_db, users["staff"], "progress", "2021").figures["totals"]["budget_used"]
    first_quarter = kinds.preview(demo_db, users["staff"], "progress", "2021-Q1").figures["totals"]["budget_used"]
    spent_by_q1 = demo_db.execute(
        "select coalesce(sum(budget_used), 0) from activities a join plans p on p.id = a.plan_id"
        " where p.number = '105/KH-UBND' and a.status = 'done' and a.actual_end <= '2021-03-14'"
    ).fetchone()[0]
    assert first_quarter == spent_by_q1 < year


def test_remedial_tasks_are_not_communication_activities(demo_db, users):
    remedial = {r[0] for r in demo_db.execute("select title from activities where index_node_id is not null")}
    assert remedial  # the indices demo creates remedial tasks in the plans
    for period in ("2021", "2026"):
        titles = {a["title"] for a in kinds.preview(demo_db, users["staff"], "progress", period).figures["activities"]}
        assert not titles & remedial


def test_index_results_are_cited_only_once_published(demo_db, users):
    """The demo publishes a year's results on 15 May of the next: a report with an earlier
    cut-off does not cite them."""

    def years(period):
        """The latest result per index that the reports of `period` cite (indices and CCHC)."""
        figures = indices_figures(demo_db, users["staff"], parse_period(period), today_local())
        return {p["index"]["code"]: p["trend"][-1]["year"] for p in figures["per_index"] if p["trend"]}

    def published(day):
        return {
            r[0]: r[1]
            for r in demo_db.execute(
                "select i.code, max(r.year) from index_results r join reform_indices i on i.id = r.index_id"
                " join units u on u.id = r.subject_unit_id where u.kind = 'city' and r.published_on <= ?"
                " group by i.code",
                [day],
            )
        }

    assert 2021 not in years("2021-H1").values()
    before, after = years("2022-Q1"), years("2022-H1")
    assert before == published("2022-03-14") and after == published("2022-06-14")
    assert 2021 in after.values() and 2021 not in before.values()


def test_annex_remediation_rows_as_at_each_cut_off(demo_db, users):
    """The CCHC report's annex counts the year's remedial tasks and those done by the cut-off
    (their status history), against this test's own SQL: none done at the Q1 and 6-month
    cut-offs of 2026, two by the 9-month one."""
    from exports.cchc_report import annex_rows

    seen = []
    for code in ("2026-Q1", "2026-H1", "2026-9M"):
        cut = parse_period(code).end.isoformat()
        total, done = demo_db.execute(
            "select count(*), coalesce(sum((select h.status from activity_history h where h.activity_id = a.id"
            " and h.on_date <= :cut order by h.on_date desc, h.id desc limit 1) = 'done'), 0)"
            " from activities a join plans p on p.id = a.plan_id where p.year = 2026 and a.index_node_id is not null",
            {"cut": cut},
        ).fetchone()
        rows = {r[1]: r[3] for r in annex_rows(kinds.preview(demo_db, users["staff"], "cchc", code).figures)}
        assert rows["Nhiệm vụ khắc phục kết quả các chỉ số"] == str(total)
        assert rows["Nhiệm vụ khắc phục đã hoàn thành"] == str(done)
        seen.append(done)
    assert seen[0] == seen[1] == 0 < seen[2]
