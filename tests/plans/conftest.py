"""Fixtures of the plans tests: a small plan with known units, themes and channels."""

from __future__ import annotations

import pytest

from core import units
from core.permissions import SYSTEM
from plans import activities, plans, store
from plans.themes import add_theme


@pytest.fixture
def small_plan(db, users):
    """A 2026 plan with two themes, three units (one retired in 2025 with two successors)
    and two channels; returns a dict of ids."""
    for code, name, short, kind, valid_to in [
        ("SNV", "Sở Nội vụ", "SNV", "department", None),
        ("BHNM", "Báo Hà Nội Mới", "Hà Nội Mới", "other", None),
        ("Q-HK", "Quận Hoàn Kiếm", "Q. Hoàn Kiếm", "district", None),
        ("P-HK", "Phường Hoàn Kiếm", "P. Hoàn Kiếm", "commune", None),
        ("P-CN", "Phường Cửa Nam", "P. Cửa Nam", "commune", None),
    ]:
        units.add_unit(db, SYSTEM, code=code, name=name, short_name=short, kind=kind, valid_to=valid_to)
    units.retire_unit(db, SYSTEM, "Q-HK", "2025-06-30", ["P-HK", "P-CN"])
    for position, code in enumerate(("press", "social"), start=1):
        store.insert_channel(
            db, {"code": code, "name_vi": code.upper(), "name_en": code, "position": position, "active": 1}
        )
    staff = users["staff"]
    plan = plans.create_plan(
        db,
        staff,
        year=2021,
        number="105/KH-UBND",
        title="Kế hoạch tuyên truyền CCHC năm 2021",
        status="in_force",
        issuer="UBND thành phố Hà Nội",
    )
    t1 = add_theme(db, staff, plan["id"], code="ND1", title="Chủ trương CCHC", keywords=["CCHC"])
    t2 = add_theme(db, staff, plan["id"], code="ND2", title="Thủ tục hành chính", keywords=["TTHC", "một cửa"])
    unit = {r[0]: r[1] for r in db.execute("select code, id from units")}
    chan = {c["code"]: c["id"] for c in store.list_channels(db)}
    monthly = activities.create_activity(
        db,
        staff,
        plan["id"],
        theme_id=t1["id"],
        title="Chuyên mục CCHC hằng tháng",
        lead_unit_id=unit["BHNM"],
        coordinating_unit_ids=[unit["SNV"]],
        channel_ids=[chan["press"]],
        period_kind="year",
        recurrence="monthly",
        planned_start="2021-01-01",
        planned_end="2021-12-31",
        deadline="2021-12-31",
        output="Tin bài",
        target=24,
        target_unit="tin bài",
        budget=120_000_000,
    )
    one_off = activities.create_activity(
        db,
        staff,
        plan["id"],
        theme_id=t2["id"],
        title="Pa-nô tại bộ phận một cửa",
        lead_unit_id=unit["Q-HK"],
        coordinating_unit_ids=[unit["SNV"]],
        channel_ids=[chan["social"]],
        planned_start="2021-04-01",
        planned_end="2021-06-30",
        deadline="2021-06-30",
        budget=50_000_000,
    )
    quarterly = activities.create_activity(
        db,
        staff,
        plan["id"],
        theme_id=t2["id"],
        title="Giao ban quý",
        lead_unit_id=unit["Q-HK"],
        coordinating_unit_ids=[unit["Q-HK"]],
        channel_ids=[],
        period_kind="year",
        recurrence="quarterly",
        planned_start="2021-01-01",
        planned_end="2021-12-31",
        deadline="2021-12-31",
        budget=10_000_000,
    )
    return {
        "plan": plan["id"],
        "themes": [t1["id"], t2["id"]],
        "units": unit,
        "channels": chan,
        "monthly": monthly["id"],
        "one_off": one_off["id"],
        "quarterly": quarterly["id"],
    }
