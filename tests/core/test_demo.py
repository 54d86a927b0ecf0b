from core import store, units
from core.demo import DEMO_USERS, build_demo


def test_demo_builds_once(demo_build, demo_db):
    """The session's demo was built into an empty database (`demo_build`); building it again
    into a copy adds nothing and changes no table."""
    db = demo_db
    first = demo_build[1]["added"]
    assert first["users"] == len(DEMO_USERS)
    assert first["units"] > 20 and first["themes"] >= 6 and first["activities"] > 0
    tables = [r[0] for r in db.execute("select name from sqlite_master where type='table' and name not like '%fts%'")]
    counts = {
        name: db.execute(f"select count(*) from [{name}]").fetchone()[0]  # noqa: S608 - names read from sqlite_master
        for name in tables
        if name != "audit_log"
    }
    second = build_demo(db)
    assert all(v == 0 for v in second.values()), second
    again = {name: db.execute(f"select count(*) from [{name}]").fetchone()[0] for name in counts}  # noqa: S608
    assert again == counts


def test_demo_has_one_user_per_role_and_both_unit_structures(demo_db):
    db = demo_db
    assert {r["role"] for r in store.list_users(db)} == {"admin", "staff", "inspector", "leader", "liaison"}
    assert {u["kind"] for u in units.units_on(db, "2024-01-01")} >= {"district", "department"}
    assert "district" not in {u["kind"] for u in units.units_on(db, "2026-01-01")}
