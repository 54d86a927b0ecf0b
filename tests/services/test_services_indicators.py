"""Indicators, ranking and the units below target, on figures computed here by hand."""

import pytest

from bench.one_stop_exports import ROWS, office_xlsx, table
from core.errors import PermissionDenied, ValidationError
from core.slices import provided
from services import importer, indicators, results

SEPTEMBER = [*ROWS[:3], ("UBND xã Đông Anh", 0, 180, 20, 150, 30, 0, 15, 5, 0, 150)]


@pytest.fixture
def two_months(db, users, service_units):
    staff = users["staff"]
    for month, rows in (("2026-09", SEPTEMBER), ("2026-10", ROWS)):
        title = f"Tháng {int(month[5:])}/2026"
        importer.commit(db, staff, importer.read_file(db, staff, "t.xlsx", office_xlsx(table(rows), title), month))
    results.set_targets(db, staff, 2026, {"on_time_rate": 95, "online_rate": 80})
    return db


def _by_code(rows):
    return {r["code"]: r for r in rows}


def test_rates_per_unit(two_months, users):
    rows = _by_code(indicators.unit_figures(two_months, users["leader"], "2026-10"))
    assert rows["SKHCN"]["on_time_rate"] == pytest.approx(100 * 170 / 180)
    assert rows["SKHCN"]["online_rate"] == pytest.approx(100 * 150 / 190)
    assert rows["SKHCN"]["digitised_rate"] == pytest.approx(100 * 180 / 190)
    assert rows["SKHCN"]["apology_rate"] == pytest.approx(100.0)
    assert rows["STP"]["apology_rate"] is None  # no late file, nothing to apologise for
    assert rows["STP"]["full_online_rate"] is None  # the file had no such column
    assert rows["P-KL"]["pending_overdue"] == 10
    assert rows["SKHCN"]["below"] == ["on_time_rate", "online_rate"]
    assert rows["P-KL"]["below"] == []


def test_city_and_kind_figures_and_year_to_date(two_months, users):
    city = indicators.city(two_months, users["leader"], "2026-10")
    assert city["received"] == 1400 and city["resolved"] == 1290
    assert city["on_time_rate"] == pytest.approx(100 * 1250 / 1290)
    assert city["online_rate"] == pytest.approx(100 * 950 / 1365)
    assert city["targets"] == {"on_time_rate": 95.0, "online_rate": 80.0}
    kinds = {
        g["group"]: g
        for g in indicators.grouped(indicators.unit_figures(two_months, users["leader"], "2026-10"), "kind")
    }
    assert kinds["department"]["units"] == 2 and kinds["department"]["resolved"] == 180 + 450
    ytd = indicators.city(two_months, users["leader"], "2026-10", ytd=True)
    september_resolved = 180 + 450 + 480 + 180
    assert ytd["resolved"] == 1290 + september_resolved
    assert _by_code(indicators.unit_figures(two_months, users["leader"], "2026-10", ytd=True))["X-DA"]["months"] == 2


def test_ranking_by_on_time_rate_with_change_from_last_month(two_months, users):
    ranked = indicators.ranking(two_months, users["leader"], "2026-10")
    assert [(r["code"], r["rank"], r["rank_change"]) for r in ranked] == [
        ("STP", 1, 0),
        ("P-KL", 2, 1),
        ("SKHCN", 3, 1),
        ("X-DA", 3, -2),
    ]


def test_ranking_by_index_score(two_months, users):
    staff = users["staff"]
    groups = [g["code"] for g in results.index_groups(two_months)]
    for code, score in (("SKHCN", 15), ("STP", 12), ("P-KL", 17), ("X-DA", 12)):
        results.set_index_scores(two_months, staff, "2026-10", code, dict.fromkeys(groups, score))
    ranked = _by_code(indicators.ranking(two_months, users["leader"], "2026-10"))
    assert ranked["P-KL"]["index_score"] == 85 and ranked["P-KL"]["index_rank"] == 1
    assert (ranked["SKHCN"]["index_rank"], ranked["STP"]["index_rank"], ranked["X-DA"]["index_rank"]) == (2, 3, 3)
    with pytest.raises(ValidationError):
        results.set_index_scores(two_months, staff, "2026-10", "STP", {"cong_khai": 19})  # the group's max is 18


def test_satisfaction_and_scores_are_saved_together_or_not_at_all(two_months, users):
    staff = users["staff"]
    votes = {"very_satisfied": 60, "satisfied": 30, "dissatisfied": 10}
    with pytest.raises(ValidationError):
        results.save_unit_extras(two_months, staff, "2026-10", "STP", votes, {"so_hoa": 23})  # max 22
    assert results.unit_month_extras(two_months, staff, "2026-10", "STP")["satisfaction"]["satisfied"] is None
    results.save_unit_extras(two_months, staff, "2026-10", "STP", votes, {"so_hoa": 20})
    rows = _by_code(indicators.unit_figures(two_months, users["leader"], "2026-10"))
    assert rows["STP"]["satisfaction_rate"] == pytest.approx(90.0)
    assert rows["STP"]["index_score"] == 20


def test_qd766_groups_are_data_adding_up_to_100(db):
    groups = results.index_groups(db)
    assert [g["max"] for g in groups] == [18, 20, 22, 22, 18] and sum(g["max"] for g in groups) == 100
    assert groups[0]["name_vi"] == "Công khai, minh bạch"


def test_units_below_target_two_months_running(two_months, users):
    found = _by_code(indicators.below_target(two_months, users["leader"], "2026-10"))
    assert set(found) == {"SKHCN", "STP"}  # X-DA was fine in September; P-KL meets both targets
    assert [r["indicator"] for r in found["SKHCN"]["reasons"]] == ["on_time_rate", "online_rate"]
    assert [r["indicator"] for r in found["STP"]["reasons"]] == ["online_rate"]
    assert found["STP"]["reason_vi"] == (
        "Dưới chỉ tiêu hai tháng liên tiếp: Tỷ lệ trực tuyến 62,5 % dưới chỉ tiêu 80 % trong tháng 09/2026; "
        "Tỷ lệ trực tuyến 62,5 % dưới chỉ tiêu 80 % trong tháng 10/2026."
    )
    assert found["STP"]["reason_en"].startswith("Below target two months running: Online share 62.5 % below the 80 %")


def test_the_inspections_hook_gives_the_candidates(two_months):
    hooks = provided("inspections.candidates")
    assert [f.__module__ for f in hooks] == ["services.indicators"]
    assert {c["code"] for c in hooks[0](two_months, "2026-11-03")} == {"SKHCN", "STP"}
    assert hooks[0](two_months, "2026-10-20") == []  # judged on September: no month before it


def test_targets_are_checked_audited_and_readers_cannot_set_them(two_months, users):
    with pytest.raises(ValidationError):
        results.set_targets(two_months, users["staff"], 2026, {"on_time_rate": 120})
    with pytest.raises(PermissionDenied):
        results.set_targets(two_months, users["leader"], 2026, {"on_time_rate": 90})
    results.set_targets(two_months, users["staff"], 2026, {"on_time_rate": 90, "online_rate": None})
    assert results.targets(two_months, 2026) == {"on_time_rate": 90.0}
    audited = two_months.execute("select count(*) from audit_log where table_name = 'service_targets'").fetchone()[0]
    assert audited == 2


def test_the_correction_grid_saves_checked_rows_and_audits(two_months, users):
    grid = results.month_grid(two_months, users["leader"], "2026-10")
    row = next(r for r in grid if r["code"] == "X-DA")
    row.update(received=210, online=110)
    assert results.save_month(two_months, users["staff"], "2026-10", grid) == {"saved": 1, "unchanged": 3}
    assert _by_code(indicators.unit_figures(two_months, users["leader"], "2026-10"))["X-DA"]["received"] == 210
    row.update(received=999)
    with pytest.raises(ValidationError) as refused:
        results.save_month(two_months, users["staff"], "2026-10", grid)
    assert [e["key"] for e in refused.value.errors] == ["services.flag.parts"]
    with pytest.raises(PermissionDenied):
        results.save_month(two_months, users["leader"], "2026-10", grid)
    audit = two_months.execute(
        "select action, record_id from audit_log where table_name = 'service_results' and action = 'update'"
    ).fetchall()
    assert audit == [("update", "2026-10/X-DA")]
