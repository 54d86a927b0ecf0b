"""The plans demo: a 2021 plan with progress and evidence, a 2026 plan copied forward; idempotent."""

from core.permissions import SYSTEM
from plans import demo, store


def _counts(db):
    return {
        t: db.execute(f"select count(*) from {t}").fetchone()[0]  # noqa: S608 - fixed table names
        for t in ("plans", "themes", "activities", "progress_updates", "evidence", "channels")
    }


def test_demo_builds_both_years_and_is_idempotent(demo_db):
    before = _counts(demo_db)
    assert set(demo.build(demo_db, SYSTEM).values()) == {0}
    assert _counts(demo_db) == before
    old, new = store.annual_plan_for(demo_db, 2021), store.annual_plan_for(demo_db, 2026)
    assert old["number"] == "105/KH-UBND" and new["status"] == "in_force"
    assert len(store.list_themes(demo_db, new["id"])) == len(demo.THEMES_2021)
    for plan in (old, new):
        with_progress = {
            r["activity_id"]
            for r in demo_db.query(
                "select p.activity_id from progress_updates p join activities a on a.id = p.activity_id"
                " where a.plan_id = ?",
                [plan["id"]],
            )
        }
        assert len(with_progress) >= 4
    assert before["evidence"] == sum(len(v) for v in demo.EVIDENCE_2021.values())


def test_the_2026_plan_speaks_todays_terms(demo_db):
    from core import units
    from plans import activities

    plan = store.annual_plan_for(demo_db, 2026)
    assert (plan["number"], plan["issued_on"], plan["status"]) == (demo.NUMBER_2026, demo.ISSUED_2026, "in_force")
    acts = [activities.get_activity(demo_db, a["id"]) for a in store.list_activities(demo_db, plan["id"])]
    titles = [a["title"] for a in acts]
    assert not [t for t in titles if "mức độ 3" in t or "cấp huyện" in t]
    assert "Tuyên truyền dịch vụ công trực tuyến toàn trình, một phần trên mạng xã hội" in titles
    panels = next(a for a in acts if a["title"].startswith("Pa-nô"))
    # the one-stop desks of 2026 are the communes': the group, 126 units on the activity's start
    assert panels["coordinating_unit_ids"] == []
    [group] = panels["coordinating_group_ids"]
    assert len(units.expand_group(demo_db, units.group_by_id(demo_db, group), panels["planned_start"])) == 126
    # no unit of the 2026 plan is a district, and Đề án 06 is led by the city police
    names = {u["id"]: u for u in units.list_units(demo_db)}
    linked = {a["lead_unit_id"] for a in acts} | {u for a in acts for u in a["coordinating_unit_ids"]}
    assert not [names[u]["name"] for u in linked - {None} if names[u]["kind"] == "district"]
    de_an = next(a for a in acts if "Đề án 06" in a["title"])
    assert names[de_an["lead_unit_id"]]["code"] == "CATP"
    # the 2021 plan keeps the words of its time
    old = store.annual_plan_for(demo_db, 2021)
    assert any("mức độ 3, 4" in a["title"] for a in store.list_activities(demo_db, old["id"]))
