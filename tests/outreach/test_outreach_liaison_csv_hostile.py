"""A liaison list as an outsider might hand it over: a byte-order mark with semicolons and
Windows line ends (accepted, as offices save them), formula cells, NUL bytes, a file of
10 MB and one field of 200 kB. Each is read or refused with a message, never a traceback,
and a refused list makes no account."""

from __future__ import annotations

import pytest

from core.errors import AppError, ValidationError
from outreach import liaisons


def _counts(db) -> tuple[int, int, int]:
    return tuple(
        db.execute(f"select count(*) from {t}").fetchone()[0]  # noqa: S608 - test tables
        for t in ("users", "outreach_liaisons", "audit_log")
    )


def test_a_bom_semicolons_and_windows_line_ends_are_read_as_offices_save_them(db, users, unit_ids):
    data = "\ufeffUsername;Unit;Email\r\nstp.dm;Sở Tư pháp;dm@stp.example.org\r\n;;\r\n".encode()
    made = liaisons.import_csv(db, users["admin"], data)
    assert [(m["username"], m["unit"], m["email"]) for m in made] == [("stp.dm", "Sở Tư pháp", "dm@stp.example.org")]


@pytest.mark.parametrize(
    "data",
    [
        b"username,unit,email\n=cmd|' /C calc'!A0,STP,dm@stp.example.org\n",  # a formula as the user name
        b'username,unit,email\nstp.dm,=HYPERLINK("http://x"),dm@stp.example.org\n',  # a formula as the unit
        b"username,unit,email\nstp\x00dm,STP,dm@stp.example.org\n",  # a NUL inside the user name
        b"username,unit,email\nstp.dm,STP," + b"a" * 200_000 + b"@x.org\n",  # one field of 200 kB
        b"username,unit,email\n" + b"stp.dm,STP,dm@stp.example.org\n" * (10 * 1024 * 1024 // 30),  # 10 MB
        b"\x00" * 4096,  # nothing but NUL bytes
        b"username," + b"u" * 200_000 + b",email\nstp.dm,STP,dm@stp.example.org\n",  # a header of 200 kB
    ],
    ids=["formula-user", "formula-unit", "nul-user", "long-field", "10mb", "all-nul", "long-header"],
)
def test_hostile_lists_are_refused_with_a_message_and_make_no_account(db, users, unit_ids, data):
    before = _counts(db)
    with pytest.raises(ValidationError) as info:
        liaisons.import_csv(db, users["admin"], data)
    assert isinstance(info.value, AppError) and info.value.message("vi") and info.value.message("en")
    assert _counts(db) == before


def test_nul_bytes_and_controls_in_an_address_are_dropped_not_stored(db, users, unit_ids):
    data = b"username,unit,email\nstp.dm,STP,dm\x00@stp.example\x07.org\n"
    made = liaisons.import_csv(db, users["admin"], data)
    assert made[0]["email"] == "dm@stp.example.org"
