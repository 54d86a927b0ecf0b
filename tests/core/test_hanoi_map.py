"""Hà Nội's administrative map: the file kept in the repository against the maintained
packages it was generated from, what the demo loads from it, and official codes in CSV imports."""

import importlib.util

import pytest

from core import hanoi_map, units
from core.demo import DEMO_OFFICIAL_CODES, _build_units
from core.errors import ValidationError
from core.permissions import SYSTEM

MISSING = [p for p in ("vietnam_provinces", "vietnamadminunits") if importlib.util.find_spec(p) is None]


@pytest.mark.skipif(bool(MISSING), reason=f"not installed: {', '.join(MISSING)} (pip install -r requirements-dev.txt)")
def test_map_file_is_what_the_packages_give():
    assert hanoi_map.read_map() == hanoi_map.rows_from_packages()
    assert hanoi_map.MAP_PATH.read_bytes() == hanoi_map.to_csv(hanoi_map.rows_from_packages())


@pytest.mark.skipif(bool(MISSING), reason=f"not installed: {', '.join(MISSING)} (pip install -r requirements-dev.txt)")
def test_communes_carry_the_official_codes_and_names_of_vietnam_provinces():
    from vietnam_provinces import ProvinceCode, Ward

    official = {f"{int(w.code):05d}": w.name for w in Ward.iter_by_province(ProvinceCode(1))}
    in_file = {r["official_code"]: r["name"] for r in hanoi_map.read_map() if r["kind"] == "commune"}
    assert in_file == official and len(official) == 126


def test_map_file_shape():
    rows = hanoi_map.read_map()
    districts = [r for r in rows if r["kind"] == "district"]
    communes = [r for r in rows if r["kind"] == "commune"]
    assert len(districts) == 30 and len(communes) == 126
    assert all(r["valid_to"] == "2025-06-30" and r["successor_codes"] for r in districts)
    assert all(r["valid_from"] == "2025-07-01" and not r["valid_to"] for r in communes)
    commune_codes = {r["code"] for r in communes}
    taken = {c for r in districts for c in r["successor_codes"].split(";")}
    assert taken == commune_codes  # every new commune took territory from some old district
    assert {r["name"] for r in districts} >= {"Quận Hoàn Kiếm", "Thị xã Sơn Tây", "Huyện Mỹ Đức"}


@pytest.fixture
def hanoi(db):
    _build_units(db)
    return db


def test_demo_has_the_whole_map(hanoi):
    assert len(units.units_on(hanoi, "2026-01-01", ["commune"])) == 126
    assert len(units.units_on(hanoi, "2025-06-30", ["district"])) == 30
    assert units.units_on(hanoi, "2025-07-01", ["district"]) == []
    assert units.units_on(hanoi, "2025-06-30", ["commune"]) == []
    # the demo's own codes are the same units as the map's official codes, not duplicates
    for code, official in DEMO_OFFICIAL_CODES.items():
        assert units.find_unit_by_code_or_official(hanoi, official)["code"] == code
    assert hanoi.execute("select count(*) from units where kind in ('district', 'commune')").fetchone()[0] == 156


def test_every_district_leads_to_communes_that_exist_after_it(hanoi):
    rows = {r["official_code"]: r for r in hanoi_map.read_map()}
    for district in units.units_on(hanoi, "2025-06-30", ["district"]):
        after = units.current_successors(hanoi, district["code"], "2025-07-01")
        expected = set(rows[district["official_code"]]["successor_codes"].split(";"))
        assert {u["official_code"] for u in after} == expected
        assert all(u["kind"] == "commune" for u in after)
    hk = [u["name"] for u in units.current_successors(hanoi, "Q-HK", "2026-01-01")]
    assert "Phường Hoàn Kiếm" in hk and "Phường Cửa Nam" in hk


def test_departments_after_the_2025_mergers(hanoi):
    names = {u["name"] for u in units.units_on(hanoi, "2026-01-01", ["department", "other"])}
    assert {"Công an Thành phố", "Sở Nông nghiệp và Môi trường", "Thuế thành phố Hà Nội"} <= names
    assert [u["code"] for u in units.current_successors(hanoi, "STNMT", "2026-01-01")] == ["SNNMT"]


def test_loading_the_map_again_changes_nothing(hanoi):
    before = hanoi.execute("select * from units order by id").fetchall()
    links = hanoi.execute("select * from unit_successions order by 1, 2").fetchall()
    result = hanoi_map.load_map(hanoi, SYSTEM)
    assert result == {"created": 0, "updated": 157}
    assert hanoi.execute("select * from units order by id").fetchall() == before
    assert hanoi.execute("select * from unit_successions order by 1, 2").fetchall() == links


def test_csv_import_accepts_official_codes(hanoi):
    data = (
        "code,official_code,name,kind,parent_code,valid_from,valid_to,successor_codes\n"
        "00070,00070,Phường Hoàn Kiếm (sửa),commune,01,2025-07-01,2026-12-31,X-NEW\n"
        "X-NEW,99999,Phường Mới,commune,HN,2027-01-01,,\n"
    ).encode()
    assert units.import_csv(hanoi, SYSTEM, data) == {"created": 1, "updated": 1}
    hk = units.get_unit(hanoi, "P-HK")  # known by its official code: keeps its own code
    assert hk["name"] == "Phường Hoàn Kiếm (sửa)" and hk["official_code"] == "00070"
    assert [u["code"] for u in units.current_successors(hanoi, "P-HK", "2027-01-01")] == ["X-NEW"]
    assert units.find_unit_by_code_or_official(hanoi, "99999")["code"] == "X-NEW"
    exported = units.export_csv(hanoi)
    assert b"official_code" in exported.splitlines()[0] and '"P-HK","Phường Hoàn Kiếm (sửa)"'.encode() in exported


def test_csv_import_refuses_an_official_code_of_another_unit(hanoi):
    data = "code,official_code,name,kind\nP-HK,00073,Phường Hoàn Kiếm,commune\n".encode()
    with pytest.raises(ValidationError) as info:
        units.import_csv(hanoi, SYSTEM, data)
    assert [e["key"] for e in info.value.errors] == ["error.unit_official_code_taken"]
    with pytest.raises(ValidationError) as info:
        units.add_unit(hanoi, SYSTEM, code="NEW", name="Mới", kind="commune", official_code="00070")
    assert info.value.key == "error.unit_official_code_taken"


def test_cli_imports_the_map_and_seeds_names(tmp_path, monkeypatch, capsys):
    import json

    from core.__main__ import main
    from core.db import forget

    folder = tmp_path / "cli-data"
    monkeypatch.setenv("CCHC_DATA_DIR", str(folder))
    monkeypatch.setenv("CCHC_LANG", "vi")

    def run(*args):
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    try:
        assert run("init")[0] == 0
        code, out, err = run("units", "import")
        assert code == 0, err
        assert json.loads(out) == {"created": 157, "updated": 0}
        assert json.loads(run("units", "import")[1]) == {"created": 0, "updated": 157}
        seeded = json.loads(run("units", "seed-names")[1])
        assert seeded == {"aliases": 0, "groups": len(units.SEED_GROUPS)}  # no departments yet: no abbreviation seeded
        bad = tmp_path / "bad.csv"
        bad.write_text("code,official_code,name,kind\n001,00070,Trùng mã,commune\n", encoding="utf-8")
        code, out, err = run("units", "import", str(bad))
        assert code == 2 and "00070" in err  # refused input: every problem listed
    finally:
        forget((folder / "cchc.db").resolve())
