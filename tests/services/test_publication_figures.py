"""The figures services.report_data gives the monthly publication: per unit the late files
without an apology letter, per group the units in index-rank order, and the city's files
resolved ahead of time or on time."""

from services.report_data import city_month, ranking_by_group


def test_missing_apologies_and_index_order_per_group(demo_db):
    groups = ranking_by_group(demo_db, "2026-10")
    rows = [r for g in groups for r in g["rows"]]
    assert rows  # the demo has the month's results
    for r in rows:
        late, apologies = r["late"] or 0, r["apologies"]
        if not late or (apologies is not None and apologies >= late):
            assert r["apologies_missing"] == 0
        else:
            assert r["apologies_missing"] == late - (apologies or 0) > 0
    for g in groups:
        ranked = g["by_index_rank"]
        assert {r["unit_id"] for r in ranked} == {r["unit_id"] for r in g["rows"] if r["index_rank"]}
        assert [(r["index_rank"], r["name"]) for r in ranked] == sorted((r["index_rank"], r["name"]) for r in ranked)


def test_city_files_resolved_on_time(demo_db):
    city = city_month(demo_db, "2026-10")
    assert city["resolved_on_time"] == (city["ahead"] or 0) + (city["on_time"] or 0) > 0
