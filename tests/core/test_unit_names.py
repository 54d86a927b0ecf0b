"""Units by the names people use: seeded and admin-edited aliases, the matcher's rules for
kind words and prefixes, and unit groups for collective names, effective-dated."""

import sqlite3

import pytest

from core import units
from core.db import forget, get_db
from core.errors import NotFound, PermissionDenied, ValidationError
from core.permissions import SYSTEM


@pytest.fixture(scope="module")
def hanoi_file(tmp_path_factory):
    """Hà Nội's units, aliases and groups seeded once per module into a file of their own."""
    from core.demo import _build_units

    path = tmp_path_factory.mktemp("hanoi") / "units.db"
    built = get_db(path)
    _build_units(built)
    units.seed_aliases(built, SYSTEM)
    units.seed_groups(built, SYSTEM)
    forget(path)
    return path


@pytest.fixture
def hanoi(db, hanoi_file):
    """This test's own copy of the seeded units (it may change them freely). The copy
    replaces the whole database, so it must come before `users` in a test's arguments."""
    assert not db.execute("select count(*) from users").fetchone()[0], "ask for hanoi before users"
    source = sqlite3.connect(hanoi_file)
    try:
        source.backup(db.conn)
    finally:
        source.close()
    return db


@pytest.mark.parametrize(
    "name,day,code",
    [
        ("Sở TT&TT", "2021-04-19", "STTTT"),
        ("STTTT", "2021-04-19", "STTTT"),
        ("Sở TTTT", "2021-04-19", "STTTT"),
        ("VP UBND TP", "2021-04-19", "VP-UBND"),
        ("Đài PT&TH Hà Nội", "2021-04-19", "DPT-HN"),
        ("Đài PT&TH", "2026-01-01", "DPT-HN"),
        ("Sở KH&CN", "2026-01-01", "SKHCN"),
        ("Sở KH&ĐT", "2021-04-19", "SKHDT"),
        ("Sở LĐ-TB&XH", "2021-04-19", "SLDTBXH"),
        ("Sở GD&ĐT", "2026-01-01", "SGDDT"),
        ("Sở TN&MT", "2021-04-19", "STNMT"),
        ("Sở NN&PTNT", "2021-04-19", "SNNPTNT"),
        ("Sở NN&MT", "2026-01-01", "SNNMT"),
        ("Công an TP", "2026-01-01", "CATP"),
        # an alias of a unit that has ended means its one successor on a later day
        ("Sở TT&TT", "2026-01-01", "SKHCN"),
        ("Sở TN&MT", "2026-01-01", "SNNMT"),
        # Q./H./P./X. prefixes and "UBND quận X" / "UBND phường X" by rule
        ("Q. Hoàn Kiếm", "2021-04-19", "Q-HK"),
        ("UBND quận Hoàn Kiếm", "2021-04-19", "Q-HK"),
        ("UBND Q.Hoàn Kiếm", "2021-04-19", "Q-HK"),
        ("H. Đông Anh", "2021-04-19", "H-DA"),
        ("UBND huyện Sóc Sơn", "2024-12-31", "H-SS"),
        ("TX. Sơn Tây", "2021-04-19", "269"),
        ("P. Hoàn Kiếm", "2026-01-01", "P-HK"),
        ("UBND phường Hoàn Kiếm", "2026-01-01", "P-HK"),
        ("UBND P. Hồng Hà", "2026-01-01", "00097"),
        ("X. Thư Lâm", "2026-01-01", "X-TL"),
        ("UBND xã Sóc Sơn", "2026-01-01", "X-SS"),
        ("Hoàn Kiếm", "2021-04-19", "Q-HK"),
        ("Hoàn Kiếm", "2026-01-01", "P-HK"),
    ],
)
def test_everyday_names_find_their_unit(hanoi, name, day, code):
    found = units.match_unit(hanoi, name, day)
    assert found is not None and found["code"] == code


def test_seeding_is_idempotent_and_keeps_an_administrators_change(hanoi):
    aliases = {a["alias"]: a["code"] for a in units.list_aliases(hanoi)}
    assert aliases["VP UBND TP"] == "VP-UBND" and aliases["Sở NN&MT"] == "SNNMT"
    # "Báo Kinh tế và Đô thị" is not in the demo: its seeds are skipped, not guessed
    units.remember_alias(hanoi, SYSTEM, "VP UBND TP", "UBND-HN")
    assert units.seed_aliases(hanoi, SYSTEM) == 0 and units.seed_groups(hanoi, SYSTEM) == 0
    assert units.match_unit(hanoi, "VP UBND TP", "2026-01-01")["code"] == "UBND-HN"


def test_an_administrator_forgets_an_alias_audited(hanoi, users):
    assert units.match_unit(hanoi, "Đài PT&TH", "2026-01-01")["code"] == "DPT-HN"
    with pytest.raises(PermissionDenied):
        units.forget_alias(hanoi, users["staff"], "Đài PT&TH")
    units.forget_alias(hanoi, users["admin"], "đài pt & th")
    assert units.match_unit(hanoi, "Đài PT&TH", "2026-01-01") is None
    row = hanoi.execute(
        "select actor, before from audit_log where table_name = 'unit_aliases' and action = 'delete'"
    ).fetchone()
    assert row[0] == users["admin"].username and "DPT-HN" in row[1]
    with pytest.raises(NotFound) as info:
        units.forget_alias(hanoi, users["admin"], "Đài PT&TH")
    assert info.value.key == "error.unit_alias_not_found"


def test_a_remembered_alias_is_found_by_its_folded_form(hanoi, users):
    assert units.match_unit(hanoi, "Trung tâm PVHCC", "2026-01-01") is None
    units.remember_alias(hanoi, users["staff"], "Trung tâm PVHCC", "VP-UBND")
    assert units.match_unit(hanoi, "trung tam pvhcc", "2026-01-01")["code"] == "VP-UBND"


def _codes(found):
    return {u["code"] for u in found}


def test_groups_expand_to_their_members_on_a_day(hanoi):
    departments = units.expand_group(hanoi, "SO-BAN-NGANH", "2021-04-19")
    assert _codes(departments) == _codes(units.units_on(hanoi, "2021-04-19", ["department"]))
    assert {"STTTT", "STNMT", "SNV"} <= _codes(departments) and "SNNMT" not in _codes(departments)
    later = _codes(units.expand_group(hanoi, "SO-BAN-NGANH", "2026-01-01"))
    assert {"SNNMT", "CATP", "SNV"} <= later and not {"STTTT", "STNMT"} & later

    assert len(units.expand_group(hanoi, "UBND-QUAN-HUYEN", "2025-06-30")) == 30
    assert units.expand_group(hanoi, "UBND-QUAN-HUYEN", "2025-07-01") == []
    assert units.expand_group(hanoi, "UBND-XA-PHUONG", "2025-06-30") == []
    assert len(units.expand_group(hanoi, "UBND-XA-PHUONG", "2025-07-01")) == 126
    assert _codes(units.expand_group(hanoi, "BAO-CHI", "2026-01-01")) == {"DPT-HN", "BHNM"}


def test_a_listed_member_counts_only_while_it_exists(hanoi):
    units.save_group(hanoi, SYSTEM, ["STTTT", "SNV"], code="TEST", name="Nhóm thử", valid_from="2021-01-01")
    assert _codes(units.expand_group(hanoi, "TEST", "2024-01-01")) == {"STTTT", "SNV"}
    assert _codes(units.expand_group(hanoi, "TEST", "2026-01-01")) == {"SNV"}
    assert units.expand_group(hanoi, "TEST", "2020-12-31") == []


def test_counting_units_and_groups_counts_each_unit_once(hanoi):
    snv = units.get_unit(hanoi, "SNV")["id"]
    p_hk = units.get_unit(hanoi, "P-HK")["id"]
    communes = units.get_group(hanoi, "UBND-XA-PHUONG")["id"]
    press = units.get_group(hanoi, "BAO-CHI")["id"]
    assert units.count_units(hanoi, [snv, p_hk], [communes, press], "2026-01-01") == 1 + 126 + 2
    assert units.count_units(hanoi, [snv, p_hk], [communes], "2025-06-30") == 2


@pytest.mark.parametrize(
    "name,day,code",
    [
        ("Các sở, ban, ngành", "2021-04-19", "SO-BAN-NGANH"),
        ("Các Sở, ban, ngành Thành phố", "2026-01-01", "SO-BAN-NGANH"),
        ("UBND các quận, huyện, thị xã", "2021-04-19", "UBND-QUAN-HUYEN"),
        ("Ủy ban nhân dân các quận, huyện, thị xã", "2024-01-01", "UBND-QUAN-HUYEN"),
        ("UBND các xã, phường", "2026-01-01", "UBND-XA-PHUONG"),
        ("Các cơ quan báo chí Thành phố", "2021-04-19", "BAO-CHI"),
        ("Các cơ quan báo chí", "2026-01-01", "BAO-CHI"),
    ],
)
def test_collective_names_find_their_group(hanoi, name, day, code):
    assert units.match_group(hanoi, name, day)["code"] == code


def test_a_group_is_not_found_on_a_day_it_does_not_exist(hanoi):
    assert units.match_group(hanoi, "UBND các quận, huyện, thị xã", "2026-01-01") is None
    assert units.match_group(hanoi, "UBND các xã, phường", "2021-04-19") is None
    assert units.match_group(hanoi, "Sở Nội vụ", "2026-01-01") is None


def test_saving_a_group_is_audited_and_checked(hanoi, users):
    with pytest.raises(PermissionDenied):
        units.save_group(hanoi, users["staff"], code="X", name="X")
    with pytest.raises(ValidationError) as info:
        units.save_group(hanoi, users["admin"], code="X", name="X", kinds="village")
    assert info.value.key == "error.unit_kind_unknown"
    with pytest.raises(ValidationError) as info:
        units.save_group(hanoi, users["admin"], code="X", name="X", valid_from="2026-01-01", valid_to="2025-01-01")
    assert info.value.key == "error.unit_dates_reversed"
    group = units.save_group(hanoi, users["admin"], ["BHNM"], code="BAO-CHI", name="Báo chí", other_names="Báo")
    assert group["name"] == "Báo chí" and group["member_ids"] == [units.get_unit(hanoi, "BHNM")["id"]]
    assert units.match_group(hanoi, "Báo", "2026-01-01")["code"] == "BAO-CHI"
    row = hanoi.execute(
        "select before, after from audit_log where table_name = 'unit_groups' order by id desc"
    ).fetchone()
    assert "Các cơ quan báo chí Thành phố" in row[0] and "Báo chí" in row[1]
