"""Demo data, built by code: Hà Nội's units before and after the 2025
reorganisation (the departments here, the 30 districts and 126 communes from the map file
core/data/hanoi_units.csv), the usual abbreviations and collective names, one account per
role, and each slice's own demo records.

Running it again adds nothing: every record is looked up by its natural key first."""

from __future__ import annotations

from sqlite_utils import Database

from core import auth, hanoi_map, store, units
from core.permissions import SYSTEM
from core.slices import modules

# username, password, role, full name, e-mail — the passwords are documented in the README.
DEMO_USERS = [
    ("admin", "Admin@2026", "admin", "Quản trị hệ thống", "admin@sonoivu.example.org"),
    ("canbo", "Canbo@2026", "staff", "Nguyễn Thị Hồng Nhung", "canbo@sonoivu.example.org"),
    ("kiemtra", "Kiemtra@2026", "inspector", "Trần Văn Minh", "kiemtra@sonoivu.example.org"),
    ("kiemtra2", "Kiemtra@2026", "inspector", "Lê Thị Thu Hà", "kiemtra2@sonoivu.example.org"),
    ("lanhdao", "Lanhdao@2026", "leader", "Phạm Quang Huy", "lanhdao@sonoivu.example.org"),
]

_MERGE_2025 = "2025-02-28"  # last day of the pre-merger departments
_MERGED = "2025-03-01"
_LAST_DISTRICT_DAY = "2025-06-30"  # districts ended; two-level government from 1/7/2025
_TWO_LEVEL = "2025-07-01"

# code, name, short name, kind, parent, valid_from, valid_to, successors
DEMO_UNITS = [
    ("HN", "Thành phố Hà Nội", "TP Hà Nội", "city", None, None, None, ()),
    ("UBND-HN", "Ủy ban nhân dân thành phố Hà Nội", "UBND TP", "other", "HN", None, None, ()),
    ("SNV", "Sở Nội vụ", "SNV", "department", "HN", None, None, ()),
    ("STP", "Sở Tư pháp", "STP", "department", "HN", None, None, ()),
    ("STC", "Sở Tài chính", "STC", "department", "HN", None, None, ()),
    ("SKHCN", "Sở Khoa học và Công nghệ", "SKHCN", "department", "HN", None, None, ()),
    ("SVHTT", "Sở Văn hóa và Thể thao", "SVHTT", "department", "HN", None, None, ()),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "SGDĐT", "department", "HN", None, None, ()),
    ("SYT", "Sở Y tế", "SYT", "department", "HN", None, None, ()),
    ("CATP", "Công an Thành phố", "CATP", "department", "HN", None, None, ()),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "SNN&MT", "department", "HN", _MERGED, None, ()),
    ("THUE-HN", "Thuế thành phố Hà Nội", "Thuế TP", "other", "HN", _TWO_LEVEL, None, ()),
    ("VP-UBND", "Văn phòng UBND thành phố", "VP UBND", "department", "HN", None, None, ()),
    ("TTTP", "Thanh tra thành phố", "TTTP", "department", "HN", None, None, ()),
    ("DPT-HN", "Đài Phát thanh và Truyền hình Hà Nội", "Đài PT-TH HN", "other", "HN", None, None, ()),
    ("BHNM", "Báo Hà Nội Mới", "Hà Nội Mới", "other", "HN", None, None, ()),
    ("SLDTBXH", "Sở Lao động – Thương binh và Xã hội", "SLĐTBXH", "department", "HN", None, _MERGE_2025, ("SNV",)),
    ("STTTT", "Sở Thông tin và Truyền thông", "STTTT", "department", "HN", None, _MERGE_2025, ("SKHCN",)),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "SKHĐT", "department", "HN", None, _MERGE_2025, ("STC",)),
    ("STNMT", "Sở Tài nguyên và Môi trường", "STNMT", "department", "HN", None, _MERGE_2025, ("SNNMT",)),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "SNNPTNT", "department", "HN", None, _MERGE_2025, ("SNNMT",)),
    ("Q-HK", "Quận Hoàn Kiếm", "Q. Hoàn Kiếm", "district", "HN", None, _LAST_DISTRICT_DAY, ()),
    ("Q-BD", "Quận Ba Đình", "Q. Ba Đình", "district", "HN", None, _LAST_DISTRICT_DAY, ()),
    ("Q-CG", "Quận Cầu Giấy", "Q. Cầu Giấy", "district", "HN", None, _LAST_DISTRICT_DAY, ()),
    ("Q-HD", "Quận Hà Đông", "Q. Hà Đông", "district", "HN", None, _LAST_DISTRICT_DAY, ()),
    ("H-DA", "Huyện Đông Anh", "H. Đông Anh", "district", "HN", None, _LAST_DISTRICT_DAY, ()),
    ("H-SS", "Huyện Sóc Sơn", "H. Sóc Sơn", "district", "HN", None, _LAST_DISTRICT_DAY, ()),
    ("P-HK", "Phường Hoàn Kiếm", "P. Hoàn Kiếm", "commune", "HN", _TWO_LEVEL, None, ()),
    ("P-CN", "Phường Cửa Nam", "P. Cửa Nam", "commune", "HN", _TWO_LEVEL, None, ()),
    ("P-BD", "Phường Ba Đình", "P. Ba Đình", "commune", "HN", _TWO_LEVEL, None, ()),
    ("P-NH", "Phường Ngọc Hà", "P. Ngọc Hà", "commune", "HN", _TWO_LEVEL, None, ()),
    ("P-CG", "Phường Cầu Giấy", "P. Cầu Giấy", "commune", "HN", _TWO_LEVEL, None, ()),
    ("P-HD", "Phường Hà Đông", "P. Hà Đông", "commune", "HN", _TWO_LEVEL, None, ()),
    ("X-DA", "Xã Đông Anh", "X. Đông Anh", "commune", "HN", _TWO_LEVEL, None, ()),
    ("X-TL", "Xã Thư Lâm", "X. Thư Lâm", "commune", "HN", _TWO_LEVEL, None, ()),
    ("X-SS", "Xã Sóc Sơn", "X. Sóc Sơn", "commune", "HN", _TWO_LEVEL, None, ()),
]


# The demo's own codes for the districts and communes other slices' demos use; the map file
# knows them by their official codes (core/data/hanoi_units.csv), and gives their dates and successors.
DEMO_OFFICIAL_CODES = {
    "HN": "01",
    "Q-BD": "001",
    "Q-HK": "002",
    "Q-CG": "005",
    "H-SS": "016",
    "H-DA": "017",
    "Q-HD": "268",
    "P-BD": "00004",
    "P-NH": "00008",
    "P-HK": "00070",
    "P-CN": "00073",
    "P-CG": "00167",
    "X-SS": "00376",
    "X-DA": "00454",
    "X-TL": "00484",
    "P-HD": "09556",
}


def _build_units(db: Database) -> int:
    added = 0
    for code, name, short, kind, parent, valid_from, _valid_to, _succ in DEMO_UNITS:
        if store.unit_by_code(db, code) is None:
            units.add_unit(
                db,
                SYSTEM,
                code=code,
                name=name,
                short_name=short,
                kind=kind,
                parent_code=parent,
                valid_from=valid_from,
                valid_to=None,
                official_code=DEMO_OFFICIAL_CODES.get(code),
            )
            added += 1
    if any(units.find_unit_by_code_or_official(db, row["code"]) is None for row in hanoi_map.read_map()):
        added += hanoi_map.load_map(db, SYSTEM)["created"]
    for code, *_rest, valid_to, succ in DEMO_UNITS:
        unit = store.unit_by_code(db, code)
        if valid_to and not unit["valid_to"]:
            units.retire_unit(db, SYSTEM, code, valid_to, succ)
    return added


def _build_users(db: Database) -> int:
    added = 0
    for username, password, role, full_name, email in DEMO_USERS:
        if store.user_by_username(db, username) is None:
            auth.create_user(
                db, SYSTEM, username=username, password=password, role=role, full_name=full_name, email=email
            )
            added += 1
    return added


def build_demo(db: Database) -> dict[str, int]:
    """Create the demo (or fill in what is missing). Returns counts of records added."""
    counts = {"units": _build_units(db), "users": _build_users(db)}
    counts["unit_aliases"] = units.seed_aliases(db, SYSTEM)
    counts["unit_groups"] = units.seed_groups(db, SYSTEM)
    for module in modules("demo"):
        for key, value in module.build(db, SYSTEM).items():
            counts[key] = counts.get(key, 0) + value
    return counts


def is_empty(db: Database) -> bool:
    return store.count_users(db) == 0
