"""The permission matrix: every core write function, called as every role."""

import pytest

from core import audit, auth, office, units
from core.errors import PermissionDenied
from core.permissions import PERMISSIONS, ROLES, can

CORE_WRITES = {
    "create_user": (
        lambda db, u: auth.create_user(db, u, username="x_new", password="Good@12345", role="staff"),
        {"admin"},
    ),
    "set_role": (lambda db, u: auth.set_role(db, u, "u_leader", "staff"), {"admin"}),
    "disable_user": (lambda db, u: auth.set_active(db, u, "u_leader", False), {"admin"}),
    "reset_password": (lambda db, u: auth.reset_password(db, u, "u_leader", "Good@12345"), {"admin"}),
    "list_users": (lambda db, u: auth.list_users(db, u), {"admin"}),
    "add_unit": (lambda db, u: units.add_unit(db, u, code="NEW", name="Đơn vị mới", kind="other"), {"admin"}),
    "import_units": (lambda db, u: units.import_csv(db, u, b"code,name,kind\nC1,Xa C1,commune\n"), {"admin"}),
    "set_office": (lambda db, u: office.set_office(db, u, {"signer_name": "Nguyễn Văn B"}), {"admin"}),
    "browse_audit": (lambda db, u: audit.browse(db, u), {"admin"}),
    "change_language": (lambda db, u: auth.set_language(db, u, "en"), set(ROLES)),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(CORE_WRITES))
def test_core_write_functions_check_the_role(db, users, role, name):
    fn, allowed = CORE_WRITES[name]
    audit_rows = db.execute("select count(*) from audit_log").fetchone()[0]
    if role in allowed:
        fn(db, users[role])
    else:
        with pytest.raises(PermissionDenied) as info:
            fn(db, users[role])
        assert "không có quyền" in info.value.message("vi")
        assert db.execute("select count(*) from audit_log").fetchone()[0] == audit_rows


def test_every_permission_names_known_roles():
    for action, roles in PERMISSIONS.items():
        assert roles and roles <= set(ROLES), action


def test_disabled_user_can_do_nothing(users):
    from dataclasses import replace

    ghost = replace(users["admin"], active=False)
    assert not any(can(ghost, action) for action in PERMISSIONS)
    assert not can(None, "plans.view")


def test_unknown_action_is_a_programming_error(users):
    with pytest.raises(KeyError):
        can(users["admin"], "no.such.action")


def test_a_unit_liaison_holds_no_office_permission_and_sees_only_its_own_pages():
    """A liaison (a unit's focal point, outside the office) may change its own account and
    answer its unit's requests; every other action and page is the office's."""
    from core.nav import pages_for

    assert {action for action, roles in PERMISSIONS.items() if "liaison" in roles} == {
        "account.self",
        "outreach.submit",
    }
    assert {p.url_path for p in pages_for("liaison")} == {"my-unit", "account", "guide"}
