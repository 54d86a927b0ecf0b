"""Import batches (core.batches): what an import added and changed is recorded, listed and
undone whole; an undo that would overwrite or lose later work is refused, naming the record."""

from __future__ import annotations

import json

import pytest

from core import audit, batches, units
from core.errors import NotFound, PermissionDenied, ValidationError
from core.permissions import SYSTEM


def _count(db, table: str) -> int:
    return db.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608 - fixed names


@pytest.fixture
def office(db):
    """Two units the office already had before any import."""
    units.add_unit(db, SYSTEM, code="SNV", name="Sở Nội vụ", kind="department")
    units.add_unit(db, SYSTEM, code="STP", name="Sở Tư pháp", short_name="STP", kind="department")
    return db


def _import(db, actor, file_name="don_vi.xlsx"):
    """An import as a slice writes one: two units added (one heading a group of both),
    an existing unit renamed, an alias removed, all in one transaction."""
    with db.atomic():
        batch = batches.begin(db, actor, slice_name="core", permission="units.manage", file_name=file_name)
        new = []
        for code, name in (("SKHCN", "Sở Khoa học và Công nghệ"), ("SYT", "Sở Y tế")):
            unit = units.add_unit(db, actor, code=code, name=name, kind="department")
            batches.added(db, batch, "units", {"id": unit["id"]})
            new.append(unit)
        group = units.save_group(db, actor, ["SKHCN", "SYT"], code="NHOM-S", name="Nhóm sở mới", kinds=[])
        batches.added(db, batch, "unit_groups", {"id": group["id"]})  # its members are swept in by finish
        stp = units.get_unit(db, "STP")
        batches.changing(db, batch, "units", {"id": stp["id"]})
        units.update_unit(db, actor, "STP", short_name="Sở TP")
        shown = batches.finish(db, batch, {"units": 2, "changed": 1})
    return shown, new


def test_an_import_is_listed_newest_first_with_who_when_file_and_counts(office, users):
    first, _ = _import(office, users["admin"], "mot.xlsx")
    with office.atomic():
        second = batches.begin(office, users["admin"], slice_name="core", permission="units.manage", file_name="b.xlsx")
        batches.finish(office, second, {"units": 0})
    listed = batches.list_batches(office, users["staff"], "core")
    assert [b["id"] for b in listed] == [second, first["id"]]
    assert listed[1]["file_name"] == "mot.xlsx" and listed[1]["actor"] == "u_admin"
    assert listed[1]["counts"] == {"units": 2, "changed": 1} and listed[1]["created_at"]
    assert listed[1]["records"] == 2 + 1 + 2 + 1  # two units, the group, its two members, the changed unit
    assert batches.list_batches(office, users["staff"], "services") == []


def test_undo_deletes_what_the_import_added_and_puts_back_what_it_changed(office, users):
    before = {t: _count(office, t) for t in ("units", "unit_groups", "unit_group_members")}
    shown, new = _import(office, users["admin"])
    assert units.get_unit(office, "STP")["short_name"] == "Sở TP"
    done = batches.undo(office, users["admin"], shown["id"])
    assert done["undone"] and done["undone_by"] == "u_admin"
    assert done["reverted"] == {"added": 5, "changed": 1, "removed": 0}
    assert {t: _count(office, t) for t in before} == before
    assert units.get_unit(office, "STP")["short_name"] == "STP"
    assert units.find_unit(office, "SNV") is not None  # what the batch did not create stays
    undone = audit.browse(office, users["admin"], table_name="import_batches", action="undo")
    assert [r["record_id"] for r in undone] == [str(shown["id"])] and undone[0]["actor"] == "u_admin"
    assert batches.list_batches(office, users["staff"])[0]["undone"]


def test_undoing_twice_is_refused(office, users):
    shown, _ = _import(office, users["admin"])
    batches.undo(office, users["admin"], shown["id"])
    with pytest.raises(ValidationError) as refused:
        batches.undo(office, users["admin"], shown["id"])
    assert refused.value.key == "error.batch_already_undone"
    assert f"số {shown['id']}" in refused.value.message("vi")


def test_a_record_changed_since_blocks_the_undo_and_is_named(office, users):
    shown, new = _import(office, users["admin"])
    units.update_unit(office, users["admin"], "SYT", short_name="Y tế")  # a person's later edit
    version = office.execute("select version from data_version").fetchone()[0]
    with pytest.raises(batches.UndoRefused) as refused:
        batches.undo(office, users["admin"], shown["id"])
    assert refused.value.key == "error.batch_undo_changed"
    assert f"Đơn vị #{new[1]['id']} «SYT»" in refused.value.message("vi")
    assert f"Unit #{new[1]['id']} «SYT»" in refused.value.message("en")
    assert "đã được sửa sau lần nhập" in refused.value.message("vi")
    assert office.execute("select version from data_version").fetchone()[0] == version  # nothing written
    assert units.find_unit(office, "SYT")["short_name"] == "Y tế"
    assert not batches.get_batch(office, users["admin"], shown["id"])["undone"]


def test_a_changed_record_changed_again_since_blocks_the_undo(office, users):
    shown, _ = _import(office, users["admin"])
    units.update_unit(office, users["admin"], "STP", name="Sở Tư pháp Hà Nội")
    with pytest.raises(batches.UndoRefused) as refused:
        batches.undo(office, users["admin"], shown["id"])
    assert "«STP»" in refused.value.message("vi")
    assert units.get_unit(office, "STP")["name"] == "Sở Tư pháp Hà Nội"


def test_a_record_deleted_since_blocks_the_undo(office, users):
    with office.atomic():
        batch = batches.begin(office, users["admin"], slice_name="core", permission="units.manage")
        units.remember_alias(office, users["admin"], "Sở TP Hà Nội", "STP")
        batches.added(office, batch, "unit_aliases", {"key": units.unit_key("Sở TP Hà Nội")})
        batches.finish(office, batch)
    units.forget_alias(office, users["admin"], "Sở TP Hà Nội")
    with pytest.raises(batches.UndoRefused) as refused:
        batches.undo(office, users["admin"], batch)
    assert refused.value.key == "error.batch_undo_deleted"
    assert "Tên gọi khác của đơn vị" in refused.value.message("vi") and "bị xóa" in refused.value.message("vi")


def test_a_row_added_since_that_points_at_the_import_blocks_the_undo(office, users):
    """The undo never deletes what the batch did not create: a unit placed under an imported
    unit afterwards would be lost (or orphaned), so the undo is refused and names it."""
    shown, new = _import(office, users["admin"])
    later = units.add_unit(office, users["admin"], code="PKH", name="Phòng Kế hoạch", kind="other", parent_code="SYT")
    with pytest.raises(batches.UndoRefused) as refused:
        batches.undo(office, users["admin"], shown["id"])
    assert refused.value.key == "error.batch_undo_referenced"
    assert f"Đơn vị #{later['id']} «PKH»" in refused.value.message("vi")
    assert units.find_unit(office, "PKH") is not None and units.find_unit(office, "SYT") is not None


def test_a_record_the_import_deleted_is_put_back(office, users):
    units.remember_alias(office, users["admin"], "Sở TP", "STP")
    key = units.unit_key("Sở TP")
    with office.atomic():
        batch = batches.begin(office, users["admin"], slice_name="core", permission="units.manage")
        batches.changing(office, batch, "unit_aliases", {"key": key})
        units.forget_alias(office, users["admin"], "Sở TP")
        batches.finish(office, batch)
    records = [r for r in office.query("select * from import_batch_records where batch_id = ?", [batch])]
    assert [(r["action"], json.loads(r["record_key"])) for r in records] == [("removed", {"key": key})]
    done = batches.undo(office, users["admin"], batch)
    assert done["reverted"]["removed"] == 1
    assert [a["alias"] for a in units.list_aliases(office)] == ["Sở TP"]


def test_a_record_entered_again_since_blocks_putting_it_back(office, users):
    units.remember_alias(office, users["admin"], "Sở TP", "STP")
    with office.atomic():
        batch = batches.begin(office, users["admin"], slice_name="core", permission="units.manage")
        batches.changing(office, batch, "unit_aliases", {"key": units.unit_key("Sở TP")})
        units.forget_alias(office, users["admin"], "Sở TP")
        batches.finish(office, batch)
    units.remember_alias(office, users["admin"], "Sở TP", "SNV")
    with pytest.raises(batches.UndoRefused) as refused:
        batches.undo(office, users["admin"], batch)
    assert refused.value.key == "error.batch_undo_readded"


def test_a_change_pointing_at_a_record_the_import_added_is_put_back_in_any_order(office, users):
    """The import noted STP before it added the unit STP was then placed under: undoing in
    reverse order deletes that unit while STP still points at it, which is fine at commit."""
    with office.atomic():
        batch = batches.begin(office, users["admin"], slice_name="core", permission="units.manage")
        batches.changing(office, batch, "units", {"id": units.get_unit(office, "STP")["id"]})
        parent = units.add_unit(office, users["admin"], code="KHOI", name="Khối nội chính", kind="other")
        batches.added(office, batch, "units", {"id": parent["id"]})
        units.update_unit(office, users["admin"], "STP", parent_code="KHOI")
        batches.finish(office, batch)
    batches.undo(office, users["admin"], batch)
    assert units.get_unit(office, "STP")["parent_id"] is None and units.find_unit(office, "KHOI") is None


def test_a_batch_rolled_back_with_its_import_leaves_nothing(office, users):
    with pytest.raises(ValidationError), office.atomic():
        batch = batches.begin(office, users["admin"], slice_name="core", permission="units.manage")
        units.add_unit(office, users["admin"], code="X1", name="Đơn vị X", kind="other")
        units.add_unit(office, users["admin"], code="X1", name="Trùng mã", kind="other")  # refused: all goes
    assert batches.list_batches(office, users["admin"]) == []
    with pytest.raises(NotFound):
        batches.get_batch(office, users["admin"], batch)


@pytest.mark.parametrize("role", ["leader", "inspector"])
def test_only_the_office_lists_and_undoes_imports(office, users, role):
    shown, _ = _import(office, users["admin"])
    with pytest.raises(PermissionDenied):
        batches.list_batches(office, users[role])
    with pytest.raises(PermissionDenied):
        batches.undo(office, users[role], shown["id"])
    with pytest.raises(PermissionDenied), office.atomic():
        batches.begin(office, users[role], slice_name="core", permission="units.manage")
    assert not batches.get_batch(office, users["admin"], shown["id"])["undone"]


def test_undo_needs_the_imports_own_permission_too(office, users):
    """Staff may undo imports, but not one whose import needed the administrator's right."""
    shown, _ = _import(office, users["admin"])
    with pytest.raises(PermissionDenied):
        batches.undo(office, users["staff"], shown["id"])  # the units were the administrator's to import
    with pytest.raises(NotFound):
        batches.undo(office, users["admin"], shown["id"], slice_name="services")  # another slice's page


def _mapping_import(db, actor, alias: str, code: str, read: tuple[str, ...] = ()) -> int:
    """An import that read the names `read` by their aliases and had `alias` mapped to `code`."""
    with db.atomic():
        batch = batches.begin(db, actor, slice_name="core", permission="units.manage")
        units.note_aliases_used(db, batch, read)
        units.remember_alias(db, actor, alias, code, batch=batch)
        batches.finish(db, batch)
    return batch


def test_an_alias_an_import_mapped_is_forgotten_by_its_undo_and_an_older_one_put_back(office, users):
    admin = users["admin"]
    first = _mapping_import(office, admin, "Sở TP Hà Nội", "STP")
    units.remember_alias(office, admin, "Sở NV", "SNV")  # by hand, outside any import
    second = _mapping_import(office, admin, "Sở TP Hà Nội", "SNV")  # mapped again, to another unit
    assert {a["alias"]: a["code"] for a in units.list_aliases(office)} == {"Sở TP Hà Nội": "SNV", "Sở NV": "SNV"}
    assert batches.undo(office, admin, second)["reverted"] == {"added": 0, "changed": 1, "removed": 0}
    assert {a["alias"]: a["code"] for a in units.list_aliases(office)} == {"Sở TP Hà Nội": "STP", "Sở NV": "SNV"}
    assert batches.undo(office, admin, first)["reverted"] == {"added": 1, "changed": 0, "removed": 0}
    assert [a["alias"] for a in units.list_aliases(office)] == ["Sở NV"]  # never one the batch did not add


def test_an_alias_a_later_import_used_is_kept_until_that_import_is_undone_too(office, users):
    admin = users["admin"]
    first = _mapping_import(office, admin, "Sở TP Hà Nội", "STP")
    later = _mapping_import(office, admin, "Sở NV Hà Nội", "SNV", read=("Sở TP Hà Nội", "Sở Tư pháp"))
    records = office.query("select * from import_batch_records where batch_id = ? order by id", [later])
    assert [(r["action"], json.loads(r["record_key"])) for r in records] == [
        ("used", {"key": units.unit_key("Sở TP Hà Nội")}),  # "Sở Tư pháp" is the unit's name, no alias
        ("added", {"key": units.unit_key("Sở NV Hà Nội")}),
    ]
    done = batches.undo(office, admin, first)
    assert done["reverted"] == {"added": 0, "changed": 0, "removed": 0}
    assert [batches.describe_record(k["table_name"], k["row"], k["key"], "en") for k in done["kept"]] == [
        "Unit alias #so tp ha noi «Sở TP Hà Nội»"
    ]
    assert batches.undo(office, admin, later)["reverted"]["added"] == 1
    assert [a["alias"] for a in units.list_aliases(office)] == ["Sở TP Hà Nội"]  # its own import was undone first
