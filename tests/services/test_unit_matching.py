"""Unit names as the one-stop system's exports write them, matched to the catalogue."""

import pytest

from core import units
from core.errors import PermissionDenied
from core.permissions import SYSTEM


@pytest.fixture
def catalogue(db):
    for code, name, short, kind in [
        ("SKHCN", "Sở Khoa học và Công nghệ", "SKHCN", "department"),
        ("STP", "Sở Tư pháp", "STP", "department"),
        ("SYT", "Sở Y tế", "SYT", "department"),
        ("P-KL", "Phường Kim Liên", "P. Kim Liên", "commune"),
        ("X-DA", "Xã Đông Anh", "X. Đông Anh", "commune"),
        ("P-DA", "Phường Đông Anh", "P. Đông Anh", "commune"),
    ]:
        units.add_unit(db, SYSTEM, code=code, name=name, short_name=short, kind=kind)
    return db


@pytest.mark.parametrize(
    "written,code",
    [
        ("UBND phường Kim Liên", "P-KL"),
        ("Ủy ban nhân dân Phường Kim Liên", "P-KL"),
        ("P. Kim Liên", "P-KL"),
        ("phuong kim lien", "P-KL"),
        ("Kim Liên", "P-KL"),
        ("Sở KH&CN", "SKHCN"),
        ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "SKHCN"),
        ("Sở TP", "STP"),
        ("Sở YT", "SYT"),
        ("SKHCN", "SKHCN"),
        ("UBND xã Đông Anh", "X-DA"),
    ],
)
def test_names_written_in_files_match_their_unit(catalogue, written, code):
    assert units.match_unit(catalogue, written, "2026-10-01")["code"] == code


@pytest.mark.parametrize("written", ["Đông Anh", "Sở Xây dựng", "", "Tổng cộng"])
def test_unknown_or_ambiguous_names_match_nothing(catalogue, written):
    assert units.match_unit(catalogue, written, "2026-10-01") is None


def test_a_remembered_alias_matches_and_is_audited(catalogue, users):
    assert units.match_unit(catalogue, "Trung tâm phục vụ hành chính công Đông Anh") is None
    units.remember_alias(catalogue, users["staff"], "Trung tâm phục vụ hành chính công Đông Anh", "X-DA")
    assert units.match_unit(catalogue, "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG ĐÔNG ANH")["code"] == "X-DA"
    row = catalogue.execute("select actor, action from audit_log where table_name = 'unit_aliases'").fetchone()
    assert row == ("u_staff", "alias")
    assert [a["code"] for a in units.list_aliases(catalogue)] == ["X-DA"]


def test_readers_cannot_remember_aliases(catalogue, users):
    with pytest.raises(PermissionDenied):
        units.remember_alias(catalogue, users["leader"], "Đông Anh", "X-DA")
