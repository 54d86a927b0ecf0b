"""The one validator of typed-in numbers and text (core.text), and the accounts rules
that use it: invisible user names, look-alike user names, the last administrator."""

from __future__ import annotations

import pytest

from core import auth, text
from core.errors import ValidationError
from core.i18n import t
from core.permissions import SYSTEM
from tests.conftest import TEST_PASSWORD

INVISIBLE = ["\u200b", "\u200c\u200d", "\u202e", "\u2066\u2069", "\ufeff", "\u200e\u200f", "\u061c"]


@pytest.mark.parametrize(
    "value,kwargs,expected",
    [
        ("12", {}, 12.0),
        (" 7.5 ", {}, 7.5),
        (1234.6, {"integer": True}, 1235),
        (None, {}, None),
        ("  ", {}, None),
        (10**15, {"integer": True}, 10**15),
    ],
)
def test_number_accepts(value, kwargs, expected):
    assert text.number(value, "x", **kwargs) == expected


@pytest.mark.parametrize(
    "value,key",
    [
        (10**30, "error.number_too_large"),
        (float("inf"), "error.number_not_finite"),
        ("inf", "error.number_not_finite"),
        ("-Infinity", "error.number_not_finite"),
        (float("nan"), "error.number_not_finite"),
        ("nan", "error.number_not_finite"),
        (-1, "error.negative_amount"),
        ("abc", "error.number_invalid"),
        (True, "error.number_invalid"),
        (10**400, "error.number_invalid"),  # too big even for a float
        ([1], "error.number_invalid"),
    ],
)
def test_number_refuses_with_a_message_in_both_languages(value, key):
    with pytest.raises(ValidationError) as caught:
        text.number(value, "budget")
    assert caught.value.key == key
    vi, en = caught.value.message("vi"), caught.value.message("en")
    assert vi != key and en != key and vi != en and "budget" in en


def test_number_bounds_are_the_callers():
    with pytest.raises(ValidationError) as caught:
        text.number(101, "percent", maximum=100)
    assert caught.value.params["maximum"] == "100"
    with pytest.raises(ValidationError):
        text.number(0, "n", minimum=1)


@pytest.mark.parametrize("hidden", INVISIBLE)
def test_visible_line_drops_invisible_characters(hidden):
    assert text.visible_line(f"{hidden}  Hội {hidden}nghị  ") == "Hội nghị"
    assert text.visible_line(hidden * 3) == ""
    assert text.has_hidden(f"adm{hidden}in")


def test_visible_keeps_vietnamese_text_whole():
    title = "Tuyên truyền cải cách hành chính năm 2026 — Đợt 1"
    assert text.visible_line(title) == title
    assert not text.has_hidden("nguyen.van-a@ubnd")


@pytest.mark.parametrize("name", ["adm\u200bin", "\u200b\u200b", "\u202eadmin", "ad min", "admin\x07", ""])
def test_user_names_with_hidden_characters_are_refused_and_nothing_written(db, users, name):
    before = db.execute("select count(*) from users").fetchone()[0]
    audit_before = db.execute("select count(*) from audit_log").fetchone()[0]
    with pytest.raises(ValidationError) as caught:
        auth.create_user(db, SYSTEM, username=name, password=TEST_PASSWORD, role="staff")
    assert caught.value.key == "error.username_invalid"
    assert db.execute("select count(*) from users").fetchone()[0] == before
    assert db.execute("select count(*) from audit_log").fetchone()[0] == audit_before


def test_full_name_of_invisible_characters_is_stored_empty(db, users):
    user = auth.create_user(
        db, SYSTEM, username="moi", password=TEST_PASSWORD, role="staff", full_name="\u202e\u200bNguyễn Văn A\u2069"
    )
    assert user.full_name == "Nguyễn Văn A"


def test_the_only_administrator_cannot_be_disabled_or_demoted(db, users):
    admin = users["admin"].username
    for change in (
        lambda: auth.set_active(db, SYSTEM, admin, False),
        lambda: auth.set_role(db, SYSTEM, admin, "staff"),
    ):
        audit_before = db.execute("select count(*) from audit_log").fetchone()[0]
        with pytest.raises(ValidationError) as caught:
            change()
        assert caught.value.key == "error.last_admin"
        assert t("error.last_admin", "en") != t("error.last_admin", "vi")
        row = db.execute("select active, role from users where username = ?", [admin]).fetchone()
        assert row == (1, "admin")
        assert db.execute("select count(*) from audit_log").fetchone()[0] == audit_before
    auth.create_user(db, SYSTEM, username="admin2", password=TEST_PASSWORD, role="admin")
    assert not auth.set_active(db, SYSTEM, admin, False).active  # with a second administrator it is allowed
