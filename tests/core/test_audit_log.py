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


def test_a_change_in_words_from_what_to_what(db, users):
    from core import auth

    admin = users["admin"]
    auth.set_role(db, admin, "u_staff", "leader")
    row = audit.browse(db, admin, table_name="users", action="update")[0]
    said = audit.describe(row, "vi")
    assert said["who"] == "u_admin" and said["what"] == "Cập nhật · Người dùng"
    assert said["change"] == "Vai trò: Chuyên viên → Lãnh đạo"
    assert audit.describe(row, "en")["what"] == "Updated · User"
    auth.reset_password(db, admin, "u_staff", "Moi@123456")
    reset = audit.describe(audit.browse(db, admin, action="reset_password")[0], "vi")
    assert reset["what"] == "Đặt lại mật khẩu · Người dùng" and "$argon2" not in reset["change"]
    units.add_unit(db, admin, code="A", name="Xã A", kind="commune")
    created = audit.describe(audit.browse(db, admin, table_name="units", action="create")[0], "vi")
    assert created["what"] == "Tạo mới · Đơn vị" and created["change"] == "Mã: A; Tên: Xã A"


def test_sign_ins_apart_from_changes(db, users):
    from core import auth
    from tests.conftest import TEST_PASSWORD

    auth.login(db, "u_staff", TEST_PASSWORD)
    units.add_unit(db, users["admin"], code="A", name="Xã A", kind="commune")
    sign_ins = audit.browse(db, users["admin"], sign_ins=True)
    changes = audit.browse(db, users["admin"], sign_ins=False)
    assert sign_ins and {r["action"] for r in sign_ins} <= set(audit.SIGN_IN_ACTIONS)
    assert changes and not {r["action"] for r in changes} & set(audit.SIGN_IN_ACTIONS)
    assert len(sign_ins) + len(changes) == len(audit.browse(db, users["admin"]))


def test_the_log_speaks_the_readers_language(db, users):
    """Field labels, Hà Nội time, people and units by name; no table or field names."""
    admin = users["admin"]
    units.add_unit(db, admin, code="P-BD", name="Phường Ba Đình", kind="commune")
    units.remember_alias(db, admin, "UBND P. Ba Đình", "P-BD")
    known = audit.names(db)
    alias = audit.describe(audit.browse(db, admin, action="alias")[0], "vi", known)
    assert alias["what"] == "Thêm tên gọi khác · Tên gọi khác của đơn vị"
    assert alias["change"] == "Tên gọi khác: UBND P. Ba Đình; Đơn vị: Phường Ba Đình"
    assert alias["who"] == "Người dùng admin"
    unit_id = units.get_unit(db, "P-BD")["id"]
    row = {"unit_id": unit_id, "created_at": "2026-12-07T00:53:24+00:00", "created_by": users["staff"].id}
    audit.record(db, users["staff"], "create", "progress_updates", 9, None, row)
    made = audit.describe(audit.browse(db, admin, table_name="progress_updates")[0], "vi", known)
    assert made["change"] == "Tạo lúc: 07/12/2026 07:53; Người tạo: Người dùng staff"
    assert audit.describe(audit.browse(db, admin, table_name="progress_updates")[0], "en", known)["change"] == (
        "Created at: 07/12/2026 07:53; Created by: Người dùng staff"
    )


def test_a_setting_kept_as_one_json_body_reads_field_by_field(db, users):
    """A document profile is kept as one JSON text; its change reads as the fields that
    changed, lists in plain words, dates in local form, never braces or quotes."""
    admin = users["admin"]
    old = {"issuing_body": "SỞ NỘI VỤ", "signer_name": "", "bases": [], "archive": "VT, CCHC"}
    new = {
        **old,
        "signer_name": "Trần Thu Hà",
        "bases": [{"name": "Nghị định", "number": "09/2019/NĐ-CP", "date": "2019-01-24", "about": ""}],
    }
    before = {"key": "profile.x", "body": json.dumps(old, ensure_ascii=False), "updated_by": None}
    after = {"key": "profile.x", "body": json.dumps(new, ensure_ascii=False), "updated_by": admin.id}
    audit.record(db, admin, "update", "document_settings", "profile.x", before, after)
    said = audit.describe(audit.browse(db, admin, table_name="document_settings")[0], "vi", audit.names(db))
    assert said["what"] == "Cập nhật · Thiết lập văn bản"
    assert said["change"] == (
        "Người ký: — → Trần Thu Hà; Căn cứ: — → Nghị định 09/2019/NĐ-CP 24/01/2019; "
        "Người cập nhật: — → Người dùng admin"
    )


def test_every_field_of_the_demo_log_has_a_label(demo_db):
    """Whatever the demo writes to the log reads in words in both languages."""
    from core.i18n import catalogue

    fields, verbs, kinds = set(), set(), set()
    for action, table, before, after in demo_db.execute("select action, table_name, before, after from audit_log"):
        verbs.add(action)
        kinds.add(table)
        for side in (before, after):
            loaded = json.loads(side) if side else {}
            loaded = loaded if isinstance(loaded, dict) else {}
            fields |= set(loaded)
            for value in loaded.values():  # a document setting's body: its own fields are shown
                inner = json.loads(value) if isinstance(value, str) and value.startswith("{") else None
                fields |= set(inner) if isinstance(inner, dict) else set()
    labels = catalogue()
    assert verbs and kinds and fields
    assert not {v for v in verbs if f"audit.verb.{v}" not in labels}
    assert not {k for k in kinds if f"audit.kind.{k}" not in labels}
    assert not {f for f in fields if f"audit.field.{f}" not in labels}
