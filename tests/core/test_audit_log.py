import json

import pytest

from core import audit, units
from core.errors import ValidationError


def test_update_records_only_changed_fields_with_actor(db, users):
    admin = users["admin"]
    units.add_unit(db, admin, code="A", name="Xã A", kind="commune")
    units.update_unit(db, admin, "A", name="Xã An")
    rows = audit.browse(db, admin, table_name="units", action="update")
    assert len(rows) == 1
    assert rows[0]["actor"] == "u_admin" and rows[0]["actor_id"] == admin.id
    assert json.loads(rows[0]["before"]) == {"name": "Xã A"}
    assert json.loads(rows[0]["after"]) == {"name": "Xã An"}


def test_refused_change_leaves_no_audit_row(db, users):
    admin = users["admin"]
    units.add_unit(db, admin, code="A", name="Xã A", kind="commune")
    count = db.execute("select count(*) from audit_log").fetchone()[0]
    with pytest.raises(ValidationError):
        units.add_unit(db, admin, code="A", name="Trùng mã", kind="commune")
    assert db.execute("select count(*) from audit_log").fetchone()[0] == count


def test_change_and_audit_roll_back_together(db, users, monkeypatch):
    from core import store

    def broken_audit(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "insert_audit", broken_audit)
    with pytest.raises(RuntimeError):
        units.add_unit(db, users["admin"], code="B", name="Xã B", kind="commune")
    assert db.execute("select count(*) from units where code = 'B'").fetchone()[0] == 0


def test_filters(db, users):
    admin = users["admin"]
    units.add_unit(db, admin, code="A", name="Xã A", kind="commune")
    assert {r["table_name"] for r in audit.browse(db, admin, table_name="units")} == {"units"}
    assert audit.browse(db, admin, actor="nobody") == []
    assert audit.browse(db, admin, since="2999-01-01") == []
    assert "units" in audit.facets(db, admin)["table_name"]


def test_history_of_one_record_newest_first(db, users):
    admin = users["admin"]
    units.add_unit(db, admin, code="A", name="Xã A", kind="commune")
    units.add_unit(db, admin, code="B", name="Xã B", kind="commune")
    units.update_unit(db, admin, "A", name="Xã An")
    unit_a = units.find_unit(db, "A")
    rows = audit.history(db, "units", unit_a["id"])
    assert [r["action"] for r in rows] == ["update", "create"]
    assert {r["record_id"] for r in rows} == {str(unit_a["id"])}
