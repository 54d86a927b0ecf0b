"""A report for a past cut-off is history: data recorded afterwards (progress, a status, budget
spent, a postponement, a remedial task done, a recommendation closed — each dated after the
cut-off) leaves every figure and sentence of that report as it was, while a report with a
later cut-off shows the change."""

from __future__ import annotations

from exports import kinds
from inspections import followup
from plans import activities, progress

KINDS = ("progress", "cchc", "indices", "inspection")


def _printed(db, actor, kind: str, period: str) -> list[str]:
    """Every paragraph and table cell of a report, in order (charts left out)."""
    content = kinds.preview(db, actor, kind, period)
    out = []
    for block in content.blocks:
        if hasattr(block, "rows"):
            out += [" | ".join(row) for row in block.rows]
        elif hasattr(block, "text"):
            out.append(block.text)
    return out


def _activity(db, title: str) -> int:
    """An activity of the 2026 plan (earlier plans hold activities of the same name)."""
    return db.execute(
        "select a.id from activities a join plans p on p.id = a.plan_id where p.year = 2026 and a.title = ?", [title]
    ).fetchone()[0]


def test_later_data_leaves_a_past_cut_off_unchanged(demo_db, users):
    staff = users["staff"]
    before = {kind: _printed(demo_db, staff, kind, "2026-Q2") for kind in KINDS}
    column = _activity(demo_db, "Chuyên mục “Cải cách hành chính” trên Báo Hà Nội Mới")
    panel = _activity(demo_db, "Pa-nô, màn hình LED hướng dẫn TTHC tại bộ phận một cửa cấp xã")
    training = _activity(demo_db, "Hội nghị tập huấn nghiệp vụ CCHC cho công chức cấp xã")
    remedy = _activity(demo_db, "Đẩy mạnh số hóa hồ sơ, kết quả giải quyết TTHC tại bộ phận một cửa các cấp")
    (open_rec,) = demo_db.execute("select id from recommendations where status = 'open' order by id").fetchone()

    progress.add_progress(demo_db, staff, column, on_date="2026-06-20", count=20)
    activities.set_status_and_budget(
        demo_db, staff, panel, status="done", budget_used=200_000_000, on_date="2026-07-01"
    )
    activities.change_status(
        demo_db,
        staff,
        training,
        "postponed",
        "2026-07-10",
        reason="Trùng lịch hội nghị của Thành phố",
        cause="objective",
    )
    activities.change_status(demo_db, staff, remedy, "done", "2026-07-15")
    followup.add_followup(demo_db, staff, open_rec, on_date="2026-07-05", kind="closed", text="Đã khắc phục xong.")

    after = {kind: _printed(demo_db, staff, kind, "2026-Q2") for kind in KINDS}
    assert after == before

    # The same changes are in the report whose cut-off comes after them.
    later = kinds.preview(demo_db, staff, "progress", "2026-9M").figures
    by_id = {a["id"]: a for a in later["activities"]}
    assert by_id[column]["achieved"] == 20 and by_id[panel]["status"] == "done"
    assert by_id[training]["status"] == "postponed" and not by_id[training]["overdue"]
    cchc = kinds.preview(demo_db, staff, "cchc", "2026-9M").figures
    assert next(r for r in cchc["indices"]["remedies"] if r["id"] == remedy)["done"]
    assert any(r["id"] == open_rec and r["state"] != "open" for r in cchc["inspections"]["recommendations"]) or (
        open_rec not in {r["id"] for r in cchc["inspections"]["recommendations"]}
    )


def test_a_postponed_activity_is_not_also_late(demo_db, users):
    """Postponed after its deadline had passed: from then on it is reported as postponed,
    never also as late (no "chậm … ngày" for it), and its reason is given once."""
    staff = users["staff"]
    training = _activity(demo_db, "Hội nghị tập huấn nghiệp vụ CCHC cho công chức cấp xã")
    activities.change_status(
        demo_db,
        staff,
        training,
        "postponed",
        "2026-11-02",
        reason="Trùng lịch hội nghị của Thành phố",
        cause="objective",
    )
    content = kinds.preview(demo_db, staff, "progress", "2026")
    row = next(a for a in content.figures["activities"] if a["id"] == training)
    assert row["status"] == "postponed" and not row["overdue"] and row["deadline"] < "2026-11-02"
    limitations = content.drafts["limitations"]
    assert "Hội nghị tập huấn nghiệp vụ CCHC cho công chức cấp xã (tạm hoãn)" in limitations
    assert "Hội nghị tập huấn nghiệp vụ CCHC cho công chức cấp xã (chậm" not in limitations
    assert limitations.count("Trùng lịch hội nghị của Thành phố") == 1
