from datetime import UTC, datetime, timedelta

import pytest

from core import auth, store
from core.errors import ValidationError
from core.permissions import SYSTEM
from tests.conftest import TEST_PASSWORD


def test_password_is_hashed_with_argon2id(db, users):
    row = store.user_by_username(db, "u_staff")
    assert row["password_hash"].startswith("$argon2id$")
    assert TEST_PASSWORD not in row["password_hash"]


def test_login_ok_resets_failures_and_records_audit(db, users):
    with pytest.raises(auth.AuthError):
        auth.login(db, "u_staff", "wrong-password")
    user = auth.login(db, "u_staff", TEST_PASSWORD)
    assert user.role == "staff"
    row = store.user_by_username(db, "u_staff")
    assert row["failed_logins"] == 0 and row["last_login_at"]
    actions = [r["action"] for r in store.query_audit(db, table_name="users", record_id=str(user.id))]
    assert actions[:2] == ["login", "login_failed"]


@pytest.mark.parametrize("username,password", [("u_staff", "wrong-password"), ("nobody", TEST_PASSWORD), ("", "")])
def test_wrong_password_and_unknown_user_get_the_same_message(db, users, username, password):
    with pytest.raises(auth.AuthError) as info:
        auth.login(db, username, password)
    assert info.value.key == "error.login_failed"
    assert info.value.message("vi") == "Sai tên đăng nhập hoặc mật khẩu."


def test_disabled_user_cannot_sign_in(db, users):
    auth.set_active(db, users["admin"], "u_staff", False)
    with pytest.raises(auth.AuthError) as info:
        auth.login(db, "u_staff", TEST_PASSWORD)
    assert info.value.key == "error.login_disabled"


def test_lockout_after_repeated_failures_even_with_right_password(db, users):
    now = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    for _ in range(auth.FREE_ATTEMPTS):
        with pytest.raises(auth.AuthError):
            auth.login(db, "u_staff", "bad-password", now=now)
    with pytest.raises(auth.AuthError) as info:
        auth.login(db, "u_staff", TEST_PASSWORD, now=now + timedelta(seconds=30))
    assert info.value.key == "error.login_locked"
    # the lock ends; the right password then works and clears the counter
    user = auth.login(db, "u_staff", TEST_PASSWORD, now=now + auth.BASE_LOCK + timedelta(seconds=1))
    assert user.username == "u_staff"
    assert store.user_by_username(db, "u_staff")["failed_logins"] == 0


@pytest.mark.parametrize(
    "failures,expected",
    [
        (0, None),
        (4, None),
        (5, timedelta(minutes=1)),
        (6, timedelta(minutes=2)),
        (8, timedelta(minutes=8)),
        (30, timedelta(hours=1)),
    ],
)
def test_lock_duration_grows_and_is_capped(failures, expected):
    assert auth.lock_duration(failures) == expected


def test_change_password(db, users):
    staff = users["staff"]
    with pytest.raises(ValidationError) as info:
        auth.change_password(db, staff, "not-the-old-one", "Another@123")
    assert info.value.key == "error.old_password_wrong"
    with pytest.raises(ValidationError):
        auth.change_password(db, staff, TEST_PASSWORD, "short")
    auth.change_password(db, staff, TEST_PASSWORD, "Another@123")
    assert auth.login(db, "u_staff", "Another@123").id == staff.id


@pytest.mark.parametrize(
    "kwargs,key",
    [
        ({"username": "u_staff"}, "error.username_taken"),
        ({"username": "has space"}, "error.username_invalid"),
        ({"role": "superuser"}, "error.role_unknown"),
        ({"password": "1234567"}, "error.password_too_short"),
        ({"email": "U_Admin@example.org"}, "error.email_taken"),
    ],
)
def test_create_user_refuses_bad_input_and_writes_nothing(db, users, kwargs, key):
    auth.set_role(db, users["admin"], "u_admin", "admin")
    store.update_user(db, users["admin"].id, {"email": "u_admin@example.org"})
    before = store.count_users(db)
    data = {"username": "new_user", "password": "Good@12345", "role": "staff", **kwargs}
    with pytest.raises(ValidationError) as info:
        auth.create_user(db, users["admin"], **data)
    assert info.value.key == key
    assert store.count_users(db) == before


def test_sso_email_maps_to_local_account(db, users):
    auth.create_user(db, SYSTEM, username="sso", password="Good@12345", role="leader", email="Lanh.Dao@HaNoi.gov.vn")
    assert auth.user_for_sso_email(db, "lanh.dao@hanoi.gov.vn").username == "sso"
    with pytest.raises(auth.AuthError) as info:
        auth.user_for_sso_email(db, "stranger@example.org")
    assert info.value.key == "error.sso_no_account"


def test_admin_cannot_disable_themselves(db, users):
    with pytest.raises(ValidationError):
        auth.set_active(db, users["admin"], "u_admin", False)


def test_production_hasher_uses_library_recommended_argon2id_parameters():
    """Tests hash cheaply (conftest); the app itself keeps argon2-cffi's RFC 9106 profile."""
    from argon2 import Parameters, Type, extract_parameters
    from argon2.profiles import RFC_9106_LOW_MEMORY

    from tests.conftest import _PRODUCTION_HASHER

    params: Parameters = extract_parameters(_PRODUCTION_HASHER.hash("x"))
    assert params.type is Type.ID
    assert (params.time_cost, params.memory_cost, params.parallelism) == (
        RFC_9106_LOW_MEMORY.time_cost,
        RFC_9106_LOW_MEMORY.memory_cost,
        RFC_9106_LOW_MEMORY.parallelism,
    )
    assert _PRODUCTION_HASHER.verify(_PRODUCTION_HASHER.hash("Đúng@2026"), "Đúng@2026")


def test_find_user_by_name_returns_disabled_accounts_too(db, users):
    inspector = users["inspector"]
    assert auth.find_user(db, inspector.username) == inspector
    auth.set_active(db, users["admin"], inspector.username, False)
    found = auth.find_user(db, inspector.username)
    assert found.id == inspector.id and not found.active
    assert auth.find_user(db, "nobody") is None
