"""The plans demo: a 2021 plan with progress and evidence, a 2026 plan copied forward; idempotent."""

from core.permissions import SYSTEM
from plans import demo, store


def _counts(db):
    return {
        t: db.execute(f"select count(*) from {t}").fetchone()[0]
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
                "select p.activity_id from progress_updates p join activities a on a.id = p.activity_id where a.plan_id = ?",
                [plan["id"]],
            )
        }
        assert len(with_progress) >= 4
    assert before["evidence"] == sum(len(v) for v in demo.EVIDENCE_2021.values())
