"""Changing one's own password: typed twice the same, then the password rules of core.auth."""

import pytest

from core import account, auth
from core.errors import ValidationError
from tests.conftest import TEST_PASSWORD


def test_the_new_password_must_be_typed_twice_the_same(db, users):
    user = users["inspector"]
    with pytest.raises(ValidationError) as err:
        account.change_password(db, user, TEST_PASSWORD, "Moi@20261", "Khac@20261")
    assert err.value.key == "account.password_mismatch"
    assert auth.login(db, user.username, TEST_PASSWORD).id == user.id  # unchanged


def test_a_confirmed_password_is_changed(db, users):
    user = users["inspector"]
    account.change_password(db, user, TEST_PASSWORD, "Moi@20261", "Moi@20261")
    assert auth.login(db, user.username, "Moi@20261").id == user.id
