"""A report's figures read the year's plans once and the findings of its inspections in one
query: what they give is what each reader gives on its own."""

from __future__ import annotations

from collections import Counter
from datetime import date

from core.periods import parse_period
from inspections import followup
from inspections import report_data as inspection_data
from plans import report_data

TODAY = date(2026, 11, 23)


def _plan_years(db) -> list[int]:
    return [r[0] for r in db.execute("select distinct year from plans order by year")]


def test_the_shared_read_gives_the_figures_each_reader_gives(demo_db):
    remedial_seen = 0
    for year in _plan_years(demo_db):
        for code in (str(year), f"{year}-Q2", f"{year}-H1"):
            period = parse_period(code)
            as_of = period.as_of(TODAY)
            read = report_data.year_activities(demo_db, year, as_of)
            assert read.by_plan  # every plan of the year, even those without an activity
            assert report_data.progress_figures(demo_db, period, TODAY, read) == report_data.progress_figures(
                demo_db, period, TODAY
            )
            shared = report_data.remedial_activities_of_year(demo_db, year, as_of, read)
            assert shared == report_data.remedial_activities_of_year(demo_db, year, as_of)
            remedial_seen += len(shared)
    assert remedial_seen  # the demo's plans hold remedial tasks of the indices


def test_a_read_of_another_day_or_year_is_not_used(demo_db):
    year = max(_plan_years(demo_db))
    period = parse_period(str(year))
    as_of = period.as_of(TODAY)
    early = report_data.year_activities(demo_db, year, date(year, 1, 1))
    other_year = report_data.year_activities(demo_db, year - 1, as_of)
    alone = report_data.progress_figures(demo_db, period, TODAY)
    assert alone["activities"] and any(a["status"] != "not_started" for a in alone["activities"])
    assert report_data.progress_figures(demo_db, period, TODAY, early) == alone
    for read in (early, other_year):
        assert report_data.remedial_activities_of_year(demo_db, year, as_of, read) == (
            report_data.remedial_activities_of_year(demo_db, year, as_of)
        )


def test_findings_of_many_inspections_are_each_inspections_findings(demo_db):
    ids = [r[0] for r in demo_db.execute("select id from inspections order by id desc")]
    with_findings = {r[0] for r in demo_db.execute("select distinct inspection_id from findings")}
    assert with_findings and set(ids) - with_findings  # some with findings, some without
    together = inspection_data.findings_of(demo_db, ids)
    assert list(together) == ids
    assert together == {i: inspection_data.findings(demo_db, i) for i in ids}
    assert inspection_data.findings_of(demo_db, []) == {}


def test_the_quoted_findings_are_the_first_of_each_area_and_kind_and_every_cause(demo_db, users):
    """What a report quotes, read alone: of all findings of the inspections (in the order
    given), the first few of each content area and kind, and every shortcoming with a cause."""
    ids = [r[0] for r in demo_db.execute("select distinct inspection_id from inspection_items order by 1 desc")][:3]
    first = demo_db.execute(
        "select id from inspection_items where inspection_id = ? order by position limit 1", [ids[0]]
    ).fetchone()[0]
    for n in range(1, 5):
        for kind in ("strength", "shortcoming"):
            late_cause = "Phần mềm một cửa gián đoạn sau sáp nhập" if kind == "shortcoming" and n > 2 else None
            followup.add_finding(
                demo_db, users["staff"], ids[0], item_id=first, kind=kind, text=f"Nhận xét {n}", cause=late_cause,
                cause_kind="objective" if late_cause else None,
            )  # fmt: skip
    followup.add_finding(
        demo_db, users["staff"], ids[1], item_id=None, kind="shortcoming", text="Sổ theo dõi thiếu",
        cause="Thiếu biểu mẫu",
    )  # fmt: skip
    every = [f for i, rows in inspection_data.findings_of(demo_db, ids).items() for f in rows]
    seen: Counter = Counter()
    expected = []
    for f in every:
        seen[f["item_title"], f["kind"]] += 1
        if seen[f["item_title"], f["kind"]] <= 2 or (f["kind"] == "shortcoming" and f["cause"]):
            expected.append(f)
    assert len(expected) < len(every) and [f for f in expected if f["cause"]]
    assert inspection_data.quoted_findings(demo_db, ids, 2) == expected
    assert inspection_data.quoted_findings(demo_db, ids, 100) == every
    assert inspection_data.quoted_findings(demo_db, [], 2) == []
