"""Every write function of the plans slice, called as each role: leaders and inspectors
are refused and nothing changes; office staff and administrators may write."""

import pytest

from core.errors import PermissionDenied
from plans import activities, grid, plans, progress
from plans.channels import add_channel, list_channels
from plans.rollover import copy_forward
from plans.themes import add_theme, update_theme
from tests import upload_files as files

PNG = files.png()

WRITES = {
    "create_plan": lambda db, u, p, s: plans.create_plan(db, u, year=2027, title="Kế hoạch 2027"),
    "add_theme": lambda db, u, p, s: add_theme(db, u, p["plan"], code="ND9", title="Mới"),
    "update_theme": lambda db, u, p, s: update_theme(db, u, p["themes"][0], keywords=["x"]),
    "set_plan_status": lambda db, u, p, s: plans.set_plan_status(db, u, p["plan"], "closed"),
    "copy_forward": lambda db, u, p, s: copy_forward(db, u, p["plan"], 2022),
    "create_activity": lambda db, u, p, s: activities.create_activity(db, u, p["plan"], title="Mới"),
    "update_activity": lambda db, u, p, s: activities.update_activity(db, u, p["one_off"], title="Đổi"),
    "change_status": lambda db, u, p, s: activities.change_status(db, u, p["one_off"], "in_progress"),
    "add_progress": lambda db, u, p, s: progress.add_progress(db, u, p["one_off"], percent=10),
    "add_link": lambda db, u, p, s: progress.add_link(db, u, p["one_off"], "https://a.vn/x"),
    "add_file": lambda db, u, p, s: progress.add_file(db, u, p["one_off"], "a.png", PNG, settings=s),
    "grid_edits": lambda db, u, p, s: grid.apply_edits(db, u, {p["one_off"]: {"status": "done"}}),
}


def _snapshot(db):
    return {
        t: list(db.query(f"select * from {t} order by rowid"))  # noqa: S608 (fixed table names)
        for t in ("plans", "themes", "activities", "progress_updates", "evidence", "channels", "audit_log")
    }


@pytest.mark.parametrize("name", sorted(WRITES))
@pytest.mark.parametrize("role, allowed", [("admin", True), ("staff", True), ("leader", False), ("inspector", False)])
def test_write_permissions(db, users, small_plan, settings, name, role, allowed):
    before = _snapshot(db)
    if allowed:
        WRITES[name](db, users[role], small_plan, settings)
        assert _snapshot(db) != before
    else:
        with pytest.raises(PermissionDenied):
            WRITES[name](db, users[role], small_plan, settings)
        assert _snapshot(db) == before


@pytest.mark.parametrize("role, allowed", [("admin", True), ("staff", False), ("leader", False), ("inspector", False)])
def test_only_admin_extends_channels(db, users, role, allowed):
    if allowed:
        assert add_channel(db, users[role], code="zalo", name_vi="Zalo OA")["code"] == "zalo"
    else:
        with pytest.raises(PermissionDenied):
            add_channel(db, users[role], code="zalo", name_vi="Zalo OA")
        assert "zalo" not in {c["code"] for c in list_channels(db, active_only=False)}
