"""Small frameworks and units shared by the indices tests, built through the plain functions."""

from __future__ import annotations

from core import units
from core.permissions import SYSTEM
from indices import frameworks, leads
from plans import plans

OLD = [  # code, parent, name, max
    ("LV1", None, "Chỉ đạo, điều hành", 40),
    ("LV2", None, "Hiện đại hóa hành chính", 60),
]
NEW = [
    ("LV1", None, "Chỉ đạo, điều hành", 30),
    ("LV1.1", "LV1", "Kế hoạch CCHC", 10),
    ("LV1.2", "LV1", "Kiểm tra CCHC", 20),
    ("LV2", None, "Chính quyền số", 70),
    ("LV2.1", "LV2", "Dịch vụ công trực tuyến", 40),
    ("LV2.1.1", "LV2.1", "Tỷ lệ hồ sơ trực tuyến", 25),
    ("LV2.1.2", "LV2.1", "Thanh toán trực tuyến", 15),
    ("LV2.2", "LV2", "Số hóa hồ sơ", 30),
]


def nodes(spec) -> list[dict]:
    return [{"code": c, "parent_code": p, "name_vi": n, "max_points": m} for c, p, n, m in spec]


def setup_units(db) -> dict[str, int]:
    for code, name, kind, end in (
        ("HN", "Thành phố Hà Nội", "city", None),
        ("SNV", "Sở Nội vụ", "department", None),
        ("SKHCN", "Sở Khoa học và Công nghệ", "department", None),
        ("STTTT", "Sở Thông tin và Truyền thông", "department", "2025-02-28"),
    ):
        units.add_unit(db, SYSTEM, code=code, name=name, kind=kind)
        if end:
            units.retire_unit(db, SYSTEM, code, end, ["SKHCN"] if code == "STTTT" else [])
    return {r["code"]: r["id"] for r in db.query("select id, code from units")}


def setup_par(db) -> dict:
    """An index with an old framework (to 2021) and a new one (2022–2030), units, and leads."""
    ids = setup_units(db)
    index = frameworks.create_index(db, SYSTEM, code="PAR", name_vi="Chỉ số CCHC")
    old = frameworks.create_framework(
        db, SYSTEM, index["id"], code="OLD", title="Cũ", from_year=2017, to_year=2021, max_total=100, nodes=nodes(OLD)
    )
    new = frameworks.create_framework(
        db,
        SYSTEM,
        index["id"],
        code="QĐ 876/QĐ-BNV",
        title="Mới",
        from_year=2022,
        to_year=2030,
        max_total=100,
        nodes=nodes(NEW),
    )
    node = {n["code"]: n["id"] for n in frameworks.framework_tree(db, new["id"])}
    leads.set_lead(db, SYSTEM, node["LV1"], ids["SNV"], "2022-01-01")
    leads.set_lead(db, SYSTEM, node["LV2"], ids["STTTT"], "2022-01-01", "2025-02-28")
    leads.set_lead(db, SYSTEM, node["LV2"], ids["SKHCN"], "2025-03-01")
    return {"index": index, "old": old, "new": new, "units": ids, "node": node}


def add_plan(db, year: int) -> dict:
    return plans.create_plan(db, SYSTEM, year=year, title=f"Kế hoạch tuyên truyền CCHC năm {year}", status="in_force")


FULL_2023 = [  # leaf scores; LV1 = 27, LV2 = 60.5 → 87.5
    {"node_code": "LV1.1", "score": 9, "self_score": 10, "appraised_score": 9, "evidence": "KH 12/KH-UBND"},
    {"node_code": "LV1.2", "score": 18},
    {"node_code": "LV2.1.1", "score": 22},
    {"node_code": "LV2.1.2", "score": 15},
    {"node_code": "LV2.2", "score": 23.5},
]
