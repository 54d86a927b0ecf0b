"""Hà Nội's administrative map, from maintained packages rather than typed by hand.

`core/data/hanoi_units.csv` is generated once from two PyPI packages and kept in the
repository, so the app needs neither at run time:

- `vietnam-provinces`: the 126 communes and wards from 1/7/2025, with their official codes;
- `vietnamadminunits`: which pre-2025 wards went into which new ones, hence the 30 districts
  (ended 30/6/2025) and the communes that took their territory (Nghị quyết 1656/NQ-UBTVQH15).

Regenerate with `python -m core.hanoi_map` (both packages installed: requirements-dev.txt);
a test checks the file against the installed packages. The file is a units CSV (see
`core.units.import_csv`) whose codes are the official codes."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from core import units
from core.permissions import User

MAP_PATH = Path(__file__).parent / "data" / "hanoi_units.csv"
COLUMNS = (
    "code",
    "official_code",
    "name",
    "short_name",
    "kind",
    "parent_code",
    "valid_from",
    "valid_to",
    "successor_codes",
    "note",
)
CITY_CODE = "01"
LAST_DISTRICT_DAY = "2025-06-30"
FIRST_COMMUNE_DAY = "2025-07-01"
RESOLUTION = "Nghị quyết 1656/NQ-UBTVQH15"
_SHORT = {"Phường": "P.", "Xã": "X.", "Quận": "Q.", "Huyện": "H.", "Thị xã": "TX."}


def _short_name(name: str) -> str:
    """ "Phường Hồng Hà" -> "P. Hồng Hà", the way office files abbreviate it."""
    for word, short in _SHORT.items():
        if name.startswith(word + " "):
            return f"{short} {name[len(word) + 1 :]}"
    return name


def _converter_data() -> tuple[list[dict], dict[str, str], dict[str, set[str]]]:
    """From `vietnamadminunits`' data files (its parser is not imported: it needs geopy and
    shapely): Hà Nội's old districts, the new wards' names by key, and for each old district
    key the keys of the new wards that took part of its territory."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None:
        raise ModuleNotFoundError("vietnamadminunits")
    base = Path(spec.submodule_search_locations[0]) / "data"
    with sqlite3.connect(base / "dataset.db") as conn:
        conn.row_factory = sqlite3.Row
        districts = [
            dict(r)
            for r in conn.execute(
                "select distinct district, districtType, districtCode, districtKey from admin_units_legacy"
                " where provinceKey = 'thanhphohanoi' order by districtCode"
            )
        ]
        names = dict(conn.execute("select wardKey, ward from admin_units where provinceKey = 'thanhphohanoi'"))
    data = json.loads((base / "converter_2025.json").read_text(encoding="utf-8"))
    taken: dict[str, set[str]] = {}
    for new_key, old_keys in data["DICT_PROVINCE_WARD_NO_DIVIDED"]["thanhphohanoi"].items():
        for old_key in old_keys:  # "thanhphohanoi_<district>_<ward>"
            taken.setdefault(old_key.split("_")[1], set()).add(new_key)
    for old_key, new_wards in data["DICT_PROVINCE_WARD_DIVIDED"]["thanhphohanoi"].items():
        taken.setdefault(old_key.split("_")[1], set()).update(w["newWardKey"] for w in new_wards)
    return districts, names, taken


def rows_from_packages() -> list[dict]:
    """The map's rows as the installed packages give them: the city, the 30 districts
    (valid to 30/6/2025, successors listed) and the 126 communes and wards (from 1/7/2025)."""
    from vietnam_provinces import Province, ProvinceCode, Ward

    city = Province.from_code(ProvinceCode(int(CITY_CODE)))
    communes = {w.name: f"{int(w.code):05d}" for w in Ward.iter_by_province(city.code)}
    districts, names, taken = _converter_data()
    rows = [_row(CITY_CODE, city.name, "city", "", "", "", "", "")]
    for d in districts:
        successors = sorted(communes[names[key]] for key in taken.get(d["districtKey"], ()))
        rows.append(
            _row(d["districtCode"], d["district"], "district", CITY_CODE, "", LAST_DISTRICT_DAY, ";".join(successors))
        )
    for name, code in sorted(communes.items(), key=lambda item: item[1]):
        rows.append(_row(code, name, "commune", CITY_CODE, FIRST_COMMUNE_DAY, "", ""))
    return rows


def _row(code, name, kind, parent, valid_from, valid_to, successors, note=RESOLUTION) -> dict:
    short = _short_name(name) if kind != "city" else "TP Hà Nội"
    return {
        "code": code,
        "official_code": code,
        "name": name,
        "short_name": short,
        "kind": kind,
        "parent_code": parent,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "successor_codes": successors,
        "note": note if kind != "city" else "",
    }


def to_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def read_map(path: Path = MAP_PATH) -> list[dict]:
    """The rows of the map file kept in the repository."""
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def load_map(db: Database, actor: User, path: Path = MAP_PATH) -> dict:
    """Create or update Hà Nội's districts and communes from the map file (units already
    known by their official code keep their own code). Returns import_csv's counts."""
    return units.import_csv(db, actor, path.read_bytes())


if __name__ == "__main__":
    MAP_PATH.write_bytes(to_csv(rows_from_packages()))
    print(f"{MAP_PATH}: {len(read_map())} units")
