"""Issue 24 for the one-stop import: a commit changes only what the file holds, the preview
says what it will do, and every import is a batch that can be undone whole."""

from __future__ import annotations

import pytest

from bench.one_stop_exports import ROWS, office_xlsx, table
from core.errors import ValidationError
from services import importer, results, store


def _written(db, month="2026-10"):
    return {r["code"]: r for r in store.results_for_month(db, month)}


def _import(db, user, rows, name="t.xlsx", **kwargs):
    preview = importer.read_file(db, user, name, office_xlsx(table(rows)), "2026-10")
    return preview, importer.commit(db, user, preview, **kwargs)


def test_a_partial_month_previews_what_it_does_and_leaves_the_other_units_alone(db, users, service_units):
    staff = users["staff"]
    _import(db, staff, ROWS, "thang10.xlsx")
    before = _written(db)
    partial = [(ROWS[1][0], 25, *ROWS[1][2:]), ROWS[2]]  # Sở Tư pháp corrected, Kim Liên as it was
    preview = importer.read_file(db, staff, "bo-sung.xlsx", office_xlsx(table(partial)), "2026-10")
    plan = preview["changes"]
    assert plan["added"] == []
    assert [(c["code"], c["figures"]) for c in plan["changed"]] == [
        ("STP", {"received": [500, 505], "carried_over": [20, 25]})
    ]
    assert [c["code"] for c in plan["unchanged"]] == ["P-KL"]
    assert sorted(k["code"] for k in plan["kept"]) == ["SKHCN", "X-DA"]
    done = importer.commit(db, staff, preview)
    after = _written(db)
    assert set(after) == set(before)
    assert after["STP"]["received"] == 505 and after["STP"]["source"] == "bo-sung.xlsx"
    for code in ("SKHCN", "X-DA", "P-KL"):
        assert after[code] == before[code]  # not even their source or time stamp moved
    assert (done["added"], done["changed"], done["unchanged"], done["removed"]) == (0, 1, 1, 0)


def test_an_import_is_undone_whole_and_never_deletes_what_it_did_not_create(db, users, service_units):
    staff, admin = users["staff"], users["admin"]
    _, first = _import(db, staff, ROWS[:2], "a.xlsx")
    before = _written(db)
    _, second = _import(db, staff, [(ROWS[1][0], 25, *ROWS[1][2:]), *ROWS[2:]], "b.xlsx")
    assert set(_written(db)) == {"SKHCN", "STP", "P-KL", "X-DA"}
    listed = importer.import_batches(db, admin)
    assert [b["id"] for b in listed] == [second["batch"], first["batch"]]
    assert listed[0]["counts"] == {"added": 2, "changed": 1, "unchanged": 0, "removed": 0}
    undone = importer.undo(db, admin, second["batch"])
    assert undone["reverted"] == {"added": 2, "changed": 1, "removed": 0}
    assert _written(db) == before  # the first import's figures are back, nothing else is gone
    with pytest.raises(ValidationError) as again:
        importer.undo(db, admin, second["batch"])
    assert again.value.key == "error.batch_already_undone"


def test_undo_is_refused_when_a_figure_was_corrected_since(db, users, service_units):
    staff, admin = users["staff"], users["admin"]
    _, done = _import(db, staff, ROWS)
    row = _written(db)["STP"]
    figures = {f: row[f] for f in store.FIGURES}
    results.save_month(db, staff, "2026-10", [{"code": "STP", **figures, "apologies": 3}])  # the entry grid
    with pytest.raises(ValidationError) as refused:
        importer.undo(db, admin, done["batch"])
    assert refused.value.key == "error.batch_undo_changed"
    assert "Kết quả giải quyết TTHC #" in refused.value.message("vi")
    assert set(_written(db)) == {"SKHCN", "STP", "P-KL", "X-DA"}  # nothing undone


def test_replacing_the_whole_month_is_a_choice_and_is_undone_too(db, users, service_units):
    staff, admin = users["staff"], users["admin"]
    _import(db, staff, ROWS)
    before = _written(db)
    _, done = _import(db, staff, ROWS[:1], replace_month=True)
    assert set(_written(db)) == {"SKHCN"} and done["removed"] == 3
    importer.undo(db, admin, done["batch"])
    assert _written(db) == before


def test_what_the_preview_leaves_unmatched_the_commit_never_links(db, users, service_units):
    rows = [ROWS[0], ("Các sở, ban, ngành", *ROWS[1][1:])]
    preview = importer.read_file(db, users["staff"], "t.xlsx", office_xlsx(table(rows)), "2026-10")
    assert preview["changes"]["unmapped"] == ["Các sở, ban, ngành"]
    with pytest.raises(ValidationError) as refused:
        importer.commit(db, users["staff"], preview)
    assert refused.value.key == "services.error.unmatched"
    assert _written(db) == {}


def test_a_figure_the_file_has_no_column_for_is_left_as_it_is(db, users, service_units):
    staff = users["staff"]
    _import(db, staff, ROWS)
    stp = _written(db)["STP"]
    store.update_result(db, stp["id"], {"full_online": 120, "withdrawn": 2})  # entered by hand earlier
    preview, done = _import(db, staff, [(ROWS[1][0], 25, *ROWS[1][2:])])
    assert set(preview["changes"]["changed"][0]["figures"]) == {"received", "carried_over"}
    after = _written(db)["STP"]
    assert (after["carried_over"], after["full_online"], after["withdrawn"]) == (25, 120, 2)


MAPPED = ("TT phục vụ HCC Đông Anh", *ROWS[3][1:])  # a name no unit answers to: the reviewer maps it


def _aliases(db):
    from core import units

    return {a["alias"]: a["code"] for a in units.list_aliases(db)}


def test_an_alias_the_import_mapped_is_forgotten_by_its_undo(db, users, service_units):
    staff, admin = users["staff"], users["admin"]
    preview = importer.read_file(db, staff, "t.xlsx", office_xlsx(table([*ROWS[:3], MAPPED])), "2026-10")
    done = importer.commit(db, staff, preview, mapping={MAPPED[0]: "X-DA"})
    assert _aliases(db) == {MAPPED[0]: "X-DA"} and done["aliases"] == 1
    undone = importer.undo(db, admin, done["batch"])
    assert _written(db) == {} and _aliases(db) == {} and undone["kept"] == []
    again = importer.read_file(db, staff, "t.xlsx", office_xlsx(table([*ROWS[:3], MAPPED])), "2026-10")
    assert again["unmatched_units"] == [MAPPED[0]]  # the reviewer is asked again


def test_an_alias_a_later_import_read_by_survives_the_undo_of_the_one_that_mapped_it(db, users, service_units):
    from core import batches

    staff, admin = users["staff"], users["admin"]
    first = importer.commit(
        db, staff, importer.read_file(db, staff, "t10.xlsx", office_xlsx(table([MAPPED])), "2026-10"),
        mapping={MAPPED[0]: "X-DA"},
    )  # fmt: skip
    later = importer.read_file(
        db, staff, "t09.xlsx", office_xlsx(table([MAPPED]), "BÁO CÁO KẾT QUẢ GIẢI QUYẾT TTHC THÁNG 9/2026"), "2026-09"
    )
    assert later["unmatched_units"] == [] and later["rows"][0]["code"] == "X-DA"  # read by the alias
    second = importer.commit(db, staff, later)
    undone = importer.undo(db, admin, first["batch"])
    assert _written(db) == {} and set(_written(db, "2026-09")) == {"X-DA"}
    assert _aliases(db) == {MAPPED[0]: "X-DA"}  # the September figures still stand on it
    assert [batches.describe_record(k["table_name"], k["row"], k["key"]) for k in undone["kept"]] == [
        "Tên gọi khác của đơn vị #tt phuc vu hcc dong anh «TT phục vụ HCC Đông Anh»"
    ]
    importer.undo(db, admin, second["batch"])  # the alias stays: its own import is undone already
    assert _aliases(db) == {MAPPED[0]: "X-DA"}
