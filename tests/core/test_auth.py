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


def test_disabled_user_cannot_sign_in_and_gets_the_same_answer(db, users):
    auth.set_active(db, users["admin"], "u_staff", False)
    with pytest.raises(auth.AuthError) as info:
        auth.login(db, "u_staff", TEST_PASSWORD)
    assert info.value.key == "error.login_failed"


NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def _fail(db, username, client, times, now=NOW, password="bad-password"):
    for _ in range(times):
        with pytest.raises(auth.AuthError) as info:
            auth.login(db, username, password, client=client, now=now)
        assert info.value.key == "error.login_failed"


def test_failures_from_one_address_slow_that_address_only(db, users):
    _fail(db, "u_staff", "203.0.113.9", auth.FREE_ATTEMPTS + 3)
    # the attacker's address now waits, even with the right password, and gets the same answer
    _fail(db, "u_staff", "203.0.113.9", 1, now=NOW + timedelta(seconds=1), password=TEST_PASSWORD)
    # the real user, from the office, signs in at once
    assert auth.login(db, "u_staff", TEST_PASSWORD, client="10.0.0.5", now=NOW).username == "u_staff"
    # and the attacker's address may try again once its delay has passed
    wait = auth.throttle_delay(auth.FREE_ATTEMPTS + 3)
    user = auth.login(db, "u_staff", TEST_PASSWORD, client="203.0.113.9", now=NOW + wait + timedelta(seconds=1))
    assert user.username == "u_staff"
    assert store.login_throttle(db, "u_staff", "203.0.113.9") is None  # a success clears the pair


def test_every_kind_of_failure_gets_the_same_answer_after_one_hash_verification(db, users, monkeypatch):
    auth.create_user(db, SYSTEM, username="off", password=TEST_PASSWORD, role="staff")
    auth.set_active(db, SYSTEM, "off", False)
    _fail(db, "u_leader", "198.51.100.7", auth.FREE_ATTEMPTS + 1)
    calls = []

    class Counting:  # the app's hasher, counting verifications
        def __init__(self, inner):
            self.inner = inner

        def verify(self, password_hash, password):
            calls.append(password_hash)
            return self.inner.verify(password_hash, password)

        def __getattr__(self, name):
            return getattr(self.inner, name)

    monkeypatch.setattr(auth, "_hasher", Counting(auth._hasher))
    cases = [
        ("nobody", TEST_PASSWORD),  # unknown user
        ("u_staff", "wrong-password"),  # wrong password
        ("u_leader", TEST_PASSWORD),  # throttled pair, right password
        ("off", TEST_PASSWORD),  # disabled, right password
    ]
    for username, password in cases:
        calls.clear()
        with pytest.raises(auth.AuthError) as info:
            auth.login(db, username, password, client="198.51.100.7", now=NOW + timedelta(seconds=1))
        assert (info.value.key, info.value.params) == ("error.login_failed", {}), username
        assert len(calls) == 1, username


def test_strangers_cannot_lock_a_user_out(db, users):
    for n in range(20):  # many addresses, a few tries each
        _fail(db, "u_staff", f"192.0.2.{n}", auth.FREE_ATTEMPTS + 1)
    assert auth.login(db, "u_staff", TEST_PASSWORD, client="10.0.0.5", now=NOW).username == "u_staff"


def test_an_administrator_reset_lifts_the_delays(db, users):
    _fail(db, "u_staff", "203.0.113.9", auth.FREE_ATTEMPTS + 2)
    auth.reset_password(db, users["admin"], "u_staff", "Brand@new123")
    assert auth.login(db, "u_staff", "Brand@new123", client="203.0.113.9", now=NOW).username == "u_staff"


@pytest.mark.parametrize(
    "failures,expected",
    [
        (0, None),
        (4, None),
        (5, timedelta(seconds=2)),
        (6, timedelta(seconds=4)),
        (8, timedelta(seconds=16)),
        (30, timedelta(minutes=15)),
        (10**6, timedelta(minutes=15)),
    ],
)
def test_throttle_delay_grows_and_is_capped(failures, expected):
    assert auth.throttle_delay(failures) == expected


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


def _statements_of_a_failed_sign_in(db, username, client):
    """The SQL statements one failed sign-in runs, values and savepoint names taken out."""
    import re

    values = re.compile(r"'[^']*'|\bNULL\b|\b\d+(\.\d+)?\b|sqlite_utils_[0-9a-f]{32}")
    seen = []
    db.conn.set_trace_callback(lambda sql: seen.append(values.sub("?", sql)))
    try:
        with pytest.raises(auth.AuthError):
            auth.login(db, username, "wrong-password", client=client, now=NOW)
    finally:
        db.conn.set_trace_callback(None)
    return seen


def test_an_unknown_user_and_a_known_users_wrong_password_do_the_same_writes(db, users):
    """Issue 23: a known user's failure wrote an audit row and an unknown user's none
    (0,50 vs 0,27 ms without argon2): the same statements now, in the same order."""
    changes = []
    for username, client in (("u_staff", "192.0.2.1"), ("khong-ton-tai", "192.0.2.2")):
        audit_before = db.execute("select count(*) from audit_log").fetchone()[0]
        total = db.conn.total_changes
        statements = _statements_of_a_failed_sign_in(db, username, client)
        changes.append((db.conn.total_changes - total, statements))
        assert db.execute("select count(*) from audit_log").fetchone()[0] == audit_before + 1
    assert changes[0] == changes[1]
    last = db.execute("select actor, actor_id, record_id, after from audit_log order by id desc limit 1").fetchone()
    assert last[:3] == ("?", None, None) and "khong-ton-tai" not in last[3]
