"""The administrator's edit forms: keyed by the record picked, least privilege by
default, every write confirmed and shown at once (AppTest through the router)."""

import pytest

from core import auth
from core.db import get_db
from core.errors import ValidationError
from core.permissions import SYSTEM


def _user(username):
    row = get_db().execute("select id from users where username = ?", [username]).fetchone()
    return auth.get_user(get_db(), row[0])


def _submit(at, form_key):
    next(b for b in at.button if form_key in str(b.proto.form_id)).click().run()


def test_role_change_after_picking_another_user_is_applied(demo_db, app_as):
    at = app_as("admin", page="core/users_page.py")
    at.selectbox(key="users_change_pick").set_value("kiemtra2").run()
    # the role box shows the picked user's role, not the first user's
    assert at.selectbox(key="users_change_role_kiemtra2").value == "inspector"
    at.selectbox(key="users_change_role_kiemtra2").set_value("staff")
    _submit(at, "users_change_form_kiemtra2")
    assert not at.exception
    assert _user("kiemtra2").role == "staff"
    assert [s.value for s in at.success] == ["Đã cập nhật kiemtra2: vai trò."]
    table = at.dataframe[0].value
    assert table.loc[table["Tên đăng nhập"] == "kiemtra2", "Vai trò"].item() == "Chuyên viên"


def test_applying_without_a_change_says_so(demo_db, app_as):
    count = "select count(*) from audit_log where table_name = 'users'"
    before = get_db().execute(count).fetchone()[0]
    at = app_as("admin", page="core/users_page.py")
    at.selectbox(key="users_change_pick").set_value("lanhdao").run()
    _submit(at, "users_change_form_lanhdao")
    assert [s.value for s in at.success] == ["Không có gì thay đổi cho lanhdao."]
    assert get_db().execute(count).fetchone()[0] == before


def test_new_user_defaults_to_the_least_privilege_and_is_listed_at_once(demo_db, app_as):
    at = app_as("admin", page="core/users_page.py")
    assert at.selectbox(key="users_add_role").value == "leader"
    boxes = {w.label: w for w in at.text_input}
    boxes["Tên đăng nhập"].input("moi")
    boxes["Mật khẩu ban đầu"].input("Moi@123456")
    _submit(at, "users_add_form")
    assert not at.exception
    assert [s.value for s in at.success] == ["Đã tạo người dùng moi."]
    assert "moi" in list(at.dataframe[0].value["Tên đăng nhập"])
    assert _user("moi").role == "leader"


def test_change_user_is_one_transaction_and_refuses_together(db, users):
    admin = users["admin"]
    user, changed = auth.change_user(db, admin, "u_staff", role="inspector", active=True, new_password="Moi@123456")
    assert user.role == "inspector" and changed == ["role", "password_hash"]
    audit_rows = db.execute("select count(*) from audit_log where table_name = 'users' and actor_id = ?", [admin.id])
    assert audit_rows.fetchone()[0] == 1
    before = auth.get_user(db, user.id)
    with pytest.raises(ValidationError):  # the password rules refuse, and the role does not change either
        auth.change_user(db, admin, "u_staff", role="leader", active=True, new_password="short")
    assert auth.get_user(db, user.id).role == before.role == "inspector"
    assert auth.change_user(db, admin, "u_staff", role="inspector", active=True)[1] == []
    assert auth.create_user(db, SYSTEM, username="x1", password="Test@12345", role="leader").role == "leader"


def test_unit_pickers_show_names(demo_db, app_as):
    at = app_as("admin", page="core/units_page.py")
    parent = at.selectbox(key="units_add_parent")
    assert any(o.startswith("Hà Nội") or "Thành phố Hà Nội" in o for o in parent.options)
    assert all("(" in o for o in parent.options[1:])


def test_unit_edit_form_follows_the_picked_unit(demo_db, app_as):
    at = app_as("admin", page="core/units_page.py")
    at.selectbox(key="units_edit_code").set_value("P-HK").run()
    assert at.text_input(key="units_edit_name_P-HK").value == "Phường Hoàn Kiếm"
    at.text_input(key="units_edit_name_P-HK").input("Phường Hoàn Kiếm (mới)")
    _submit(at, "units_edit_form_P-HK")
    assert not at.exception
    assert [s.value for s in at.success] == ["Đã lưu đơn vị P-HK."]
    assert "Phường Hoàn Kiếm (mới)" in list(at.dataframe[0].value["Tên đơn vị"])
