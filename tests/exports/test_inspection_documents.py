"""Inspection documents (KH, QĐ, TB), the CCHC report in the ministry's outline, the
inspection report's substance, and the wording of these kinds."""

from __future__ import annotations

import json
import re

import pytest

from core.errors import ValidationError
from core.periods import parse_period
from exports import inspection_docs, kinds, outline
from exports.__main__ import main
from exports.prose import STAFF_SLOT, problems
from tests.exports.helpers import open_docx


def _text(data: bytes) -> list[str]:
    doc = open_docx(data)
    cells = [p.text for t in doc.tables for c in t._cells for p in c.paragraphs]
    return [p.text for p in doc.paragraphs] + cells


def _first(db, sql: str):
    return db.execute(sql).fetchone()


def test_notice_quotes_findings_and_keeps_its_number(demo_db, users, settings):
    inspection_id, number, day = _first(
        demo_db, "select id, conclusion_number, conclusion_on from inspections where conclusion_number is not null"
    )
    built = inspection_docs.build_document(
        demo_db, users["staff"], "notice", inspection=inspection_id, settings=settings
    )
    text = "\n".join(_text(built.data))
    assert not built.draft and built.number == int(number.split("/")[0])
    assert f"Số: {number.split('/')[0]}/TB-" in text and inspection_docs.DRAFT_MARK not in text
    assert f"năm {day[:4]}" in text
    for (finding,) in demo_db.execute("select text from findings where inspection_id = ?", [inspection_id]):
        assert finding.rstrip(".") in text
    for rec, deadline in demo_db.execute(
        "select text, deadline from recommendations where inspection_id = ?", [inspection_id]
    ):
        assert rec in text and f"{deadline[8:10]}/{deadline[5:7]}/{deadline[:4]}" in text


def test_decision_is_a_draft_with_bases_and_three_articles(demo_db, users, settings):
    plan_id, year = _first(demo_db, "select id, year from inspection_plans order by year desc")
    built = inspection_docs.build_document(
        demo_db, users["staff"], "decision", inspection_plan=plan_id, settings=settings
    )
    text = _text(built.data)
    assert built.draft and built.number is None
    assert text[0] == "DỰ THẢO"
    assert any(t.startswith("Số:") and "/QĐ-" in t and t.split("/")[0].strip() == "Số:" for t in text)
    assert any(t.startswith("Căn cứ Nghị quyết số 76/NQ-CP") for t in text)
    assert any(t.startswith("Căn cứ Kế hoạch số") and f"năm {year}" in t for t in text)
    for article in ("Điều 1.", "Điều 2.", "Điều 3."):
        assert sum(t.startswith(article) for t in text) == 1
    # no deputy the data does not record; every member with position and unit
    assert not any("Phó Trưởng đoàn" in t for t in text)
    members = [t for t in text if re.match(r"^\d+\. (Ông|Bà) ", t)]
    assert members and all(", Sở Nội vụ – " in t for t in members)


def test_plan_lists_units_areas_and_team(demo_db, users, settings):
    plan_id, number = _first(demo_db, "select id, number from inspection_plans order by year desc")
    built = inspection_docs.build_document(demo_db, users["staff"], "plan", inspection_plan=plan_id, settings=settings)
    doc = open_docx(built.data)
    assert not built.draft and built.number == int(number.split("/")[0])
    text = [p.text for p in doc.paragraphs]
    assert "II. NỘI DUNG KIỂM TRA" in text and "IV. THÀNH PHẦN ĐOÀN KIỂM TRA" in text
    # announced visits standing on the plan's date (one cancelled since still listed); no unannounced one
    rows = demo_db.execute(
        "select count(*) from inspections i join inspection_plans p on p.id = i.plan_id where i.plan_id = ?"
        " and i.kind = 'scheduled' and (i.status != 'cancelled' or substr(i.cancelled_at, 1, 10) > p.issued_on)",
        [plan_id],
    ).fetchone()[0]
    assert len(doc.tables[1].rows) - 1 == rows


def test_document_in_a_fresh_database_without_a_number_is_a_draft(db, users, settings):
    from inspections import schedule

    plan = schedule.create_inspection_plan(
        db, users["admin"], year=2027, number="15/KH-SNV", title="Kế hoạch kiểm tra CCHC năm 2027"
    )
    built = inspection_docs.build_document(db, users["staff"], "plan", inspection_plan=plan["id"], settings=settings)
    text = _text(built.data)
    assert built.draft and text[0] == "DỰ THẢO"
    assert any("ngày … tháng … năm …" in t for t in text)
    with pytest.raises(ValidationError):
        inspection_docs.build_document(db, users["staff"], "notice", inspection_plan=plan["id"], settings=settings)


def test_document_command_line(demo_db, users, tmp_path, capsys):
    plan_id = _first(demo_db, "select id from inspection_plans")[0]
    out = tmp_path / "qd.docx"
    assert main(["document", "decision", "--inspection-plan", str(plan_id), "--out", str(out)]) == 0
    assert "DỰ THẢO" in capsys.readouterr().out
    assert "Điều 3." in "\n".join(_text(out.read_bytes()))


def test_cchc_report_follows_the_outline(demo_db, users):
    content = kinds.build(demo_db, users["staff"], "cchc", parse_period("2026"), with_charts=False)
    headings = [b.text for b in content.blocks if type(b).__name__ == "Heading" and b.level == 1]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV", "V"]
    assert content.annex_title.startswith("Phụ lục")  # printed after the signature
    fields = [b.text for b in content.blocks if type(b).__name__ == "Heading" and b.level == 2]
    for name in ("thể chế", "thủ tục hành chính", "tổ chức bộ máy", "công vụ", "tài chính công", "chính quyền số"):
        assert any(name in f for f in fields), name
    (annex,) = content.annex
    inspections = len(content.figures["inspections"]["inspections"])
    assert ["3", "Cuộc kiểm tra trong kỳ", "cuộc", str(inspections)] in annex.rows
    assert any(r[1].startswith("SIPAS") and r[2] == "%" for r in annex.rows)
    assert any(r[1].startswith("PAR năm") and "xếp thứ" in r[1] and r[2] == "%" for r in annex.rows)
    # the report to the ministry proposes to the ministry; the city's own asks go to the Tờ trình
    assert content.narrative["proposals"].startswith("Đề nghị Bộ Nội vụ")
    assert "Sở Nội vụ" not in content.narrative["submission"].split("chỉ đạo")[0]


def test_an_edited_outline_changes_the_report_and_bad_ones_are_refused(demo_db, users):
    shape = outline.default_outline()
    shape["sections"][0]["title"] = "I. CHỈ ĐẠO, ĐIỀU HÀNH (THEO HƯỚNG DẪN MỚI)"
    logged = "select count(*) from audit_log where table_name = 'document_settings' and record_id = 'cchc_outline'"
    assert demo_db.execute(logged).fetchone()[0] == 0
    outline.save_outline(demo_db, users["staff"], json.dumps(shape, ensure_ascii=False))
    content = kinds.build(demo_db, users["staff"], "cchc", parse_period("2026-H1"), with_charts=False)
    assert content.blocks[1].text == "I. CHỈ ĐẠO, ĐIỀU HÀNH (THEO HƯỚNG DẪN MỚI)"  # after the opening
    assert demo_db.execute(logged).fetchone()[0] == 1
    shape["sections"][1]["parts"][0]["sources"] = ["sql"]
    for bad in ("{", json.dumps({"sections": []}), json.dumps(shape)):
        with pytest.raises(ValidationError):
            outline.save_outline(demo_db, users["staff"], bad)
    outline.reset_outline(demo_db, users["staff"])
    assert outline.load_outline(demo_db) == outline.check_outline(outline.default_outline())


def test_inspection_report_quotes_findings_and_numbers_tables(demo_db, users):
    content = kinds.build(demo_db, users["staff"], "inspection", parse_period("2026-H1"), with_charts=False)
    texts = [b.text for b in content.blocks if hasattr(b, "text")]
    captions = [b.caption for b in content.blocks if hasattr(b, "caption")]
    assert [c.split(".")[0] for c in captions] == [f"Bảng {n}" for n in range(1, len(captions) + 1)]
    shown = len(content.figures["inspections"])
    assert any(f"Trong kỳ có {shown} cuộc kiểm tra theo kế hoạch" in t for t in texts)
    assert len(content.blocks[2].rows) == shown
    assert any("Tỷ lệ hồ sơ trực tuyến toàn trình còn thấp (31%)" in t for t in texts)
    assert any("Thông báo kết luận số 41/TB-SNV ngày 20/03/2026" in t for t in texts)


@pytest.mark.parametrize("kind", ["cchc", "inspection", "indices"])
@pytest.mark.parametrize("period", ["2019", "2024", "2026-H1", "2026"])
def test_narrative_has_no_software_wording_or_placeholder(demo_db, users, kind, period):
    content = kinds.build(demo_db, users["staff"], kind, parse_period(period), with_charts=False)
    # the prose the report writes (table cells hold the office's own records, such as task titles)
    texts = [b.text for b in content.blocks if hasattr(b, "text")] + list(content.narrative.values())
    assert problems(texts) == []


def test_documents_have_no_software_wording(demo_db, users, settings):
    ids = [r[0] for r in demo_db.execute("select id from inspections where status != 'cancelled'")]
    plans = [r[0] for r in demo_db.execute("select id from inspection_plans")]
    texts = []
    for i in ids:
        texts += _text(
            inspection_docs.build_document(demo_db, users["staff"], "notice", inspection=i, settings=settings).data
        )
    for p in plans:
        for kind in ("plan", "decision"):
            texts += _text(
                inspection_docs.build_document(demo_db, users["staff"], kind, inspection_plan=p, settings=settings).data
            )
    assert problems(texts) == []
    assert problems([f"x {STAFF_SLOT}"]) == [] and problems(["trong ứng dụng"]) and problems(["(chưa có số)"])


def test_indices_report_reads_each_index_on_its_own_scale(settings, demo_db, users):
    from exports import register

    content = kinds.build(demo_db, users["staff"], "indices", parse_period("2025"), with_charts=False)
    tables = {b.caption.split(". ", 1)[1]: b for b in content.blocks if hasattr(b, "caption")}
    sipas = next(t for c, t in tables.items() if c.startswith("SIPAS"))
    assert sipas.columns[-1] == "Tỷ lệ hài lòng" and all(r[-1].endswith("\u00a0%") for r in sipas.rows)
    papi = next(t for c, t in tables.items() if c.startswith("PAPI"))
    assert "Điểm bị trừ" not in papi.columns and "Thứ hạng" in papi.columns
    par = next(t for c, t in tables.items() if c.startswith("PAR"))
    assert par.columns[-1] == "Điểm bị trừ"
    losses = next(t for c, t in tables.items() if c.startswith("Tiêu chí thành phần"))
    codes = {
        r["code"]
        for r in demo_db.query(
            "select n.code from index_nodes n join index_frameworks f "
            "on f.id = n.framework_id join reform_indices i on i.id = f.index_id "
            "where i.code = 'PAR'"
        )
    }
    assert losses.rows and all(r[0] in codes for r in losses.rows)  # never PAPI, PCI or SIPAS criteria
    sipas = re.search(r"SIPAS năm \d{4} đạt ([\d,]+)(\u00a0%|/100)", content.narrative["assessment"])
    assert sipas and sipas.group(2) == "\u00a0%"  # a percentage, never "/100"
    assert "Sở Nội vụ" not in content.narrative["proposals"]
    doc = "\n".join(
        _text(
            register.issue(
                demo_db, users["staff"], "indices", "2025", with_charts=False, confirm_late=True, settings=settings
            ).data
        )
    )
    assert "Dữ liệu mẫu" in doc and "dữ liệu mẫu" in doc


def test_documents_page_builds_a_draft_and_saves_the_outline(demo_db, app_as):
    at = app_as("canbo", page="exports/documents_page.py")
    assert not at.exception and at.title[0].value == "Văn bản kiểm tra và đề cương"
    at.selectbox(key="exports_doc_kind").select("decision").run()
    assert not at.exception
    assert any("Dự thảo" in str(i.value) for i in at.info)
    assert any("sau buổi kiểm tra đầu tiên" in str(w.value) for w in at.warning)
    # the decision's profile edited on the page: recipients and signer are office data
    at.selectbox(key="exports_profile_kind").select("inspection-decision").run()
    prefix = "exports_profile_inspection-decision"
    at.text_area(key=f"{prefix}_recipients").set_value("@article_3\nThanh tra Sở | để phối hợp")
    at.text_input(key=f"{prefix}_signer").set_value("Đỗ Văn B")
    at.button[[b.label for b in at.button].index("Lưu thông tin văn bản")].click().run()
    assert not at.exception and not at.error
    from exports import profiles

    saved = profiles.get_profile(demo_db, "inspection-decision")
    assert saved["signer_name"] == "Đỗ Văn B"
    assert saved["recipients"] == [
        {"to": "@article_3", "purpose": ""},
        {"to": "Thanh tra Sở", "purpose": "để phối hợp"},
    ]
    at.text_area(key=f"{prefix}_bases").set_value("Luật | | 16/6/2025")  # no number
    at.button[[b.label for b in at.button].index("Lưu thông tin văn bản")].click().run()
    assert at.error and profiles.get_profile(demo_db, "inspection-decision")["bases"] == saved["bases"]
    shape = outline.default_outline()
    shape["title"] = "Báo cáo công tác CCHC"
    at.text_area(key="exports_outline_text").set_value(json.dumps(shape, ensure_ascii=False)).run()
    at.button(key="exports_outline_save").click().run()
    assert not at.exception
    assert outline.load_outline(demo_db)["title"] == "Báo cáo công tác CCHC"
    at.text_area(key="exports_outline_text").set_value("{not json").run()
    at.button(key="exports_outline_save").click().run()
    assert at.error and outline.load_outline(demo_db)["title"] == "Báo cáo công tác CCHC"


def test_cchc_report_cites_the_procedures_results_as_at_the_cut_off(demo_db, users):
    """Section II.2 and the annex quote the city's TTHC results from January to the last
    complete month before the period's end — the month the cut-off falls in and later ones
    are not counted."""
    from services.report_data import tthc_figures

    period = parse_period("2026-H1")  # 15/12/2025 → 14/06/2026: June is not complete, May is the last month
    expected = tthc_figures(demo_db, users["staff"], period)
    (june,) = demo_db.execute("select count(*) from service_results where month = '2026-06'").fetchone()
    assert expected["last"] == "2026-05" and june  # the demo has the incomplete month
    content = kinds.build(demo_db, users["staff"], "cchc", period, with_charts=False)
    text = "\n".join(b.text for b in content.blocks if hasattr(b, "text"))
    received = f"{expected['received']:,}".replace(",", ".")
    assert f"Từ tháng 01 đến hết tháng 05/2026, các cơ quan, đơn vị đã tiếp nhận {received} hồ sơ" in text
    annex = next(b for b in content.annex if "Số liệu chỉ tiêu" in getattr(b, "caption", ""))
    on_time = next(r for r in annex.rows if r[1] == "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn")
    assert on_time[2] == "%"
    assert float(on_time[3].replace(",", ".")) == pytest.approx(expected["on_time_rate"], abs=0.01)
    before = kinds.build(demo_db, users["staff"], "cchc", parse_period("2025-Q1"), with_charts=False)
    text = "\n".join(b.text for b in before.blocks if hasattr(b, "text"))
    assert "Chưa có số liệu kết quả giải quyết thủ tục hành chính từ tháng 01 đến hết tháng 02/2025" in text
    assert "đã tiếp nhận" not in text


def test_inspection_documents_are_issued_in_their_own_series(demo_db, users, settings):
    """Drafting takes no number; issuing numbers each kind in its own series (KH, QĐ, TB) and
    registers the file, which is never marked draft."""
    from datetime import date

    from exports import register

    plan_id, year = _first(demo_db, "select id, year from inspection_plans order by year desc")
    (inspection_id,) = _first(demo_db, "select id from inspections where status = 'done' order by id")
    registered = demo_db.execute("select count(*) from report_register").fetchone()[0]
    inspection_docs.build_document(demo_db, users["staff"], "decision", inspection_plan=plan_id, settings=settings)
    assert demo_db.execute("select count(*) from report_register").fetchone()[0] == registered
    day = date(2027, 2, 1)
    issue = inspection_docs.issue_document
    first = issue(demo_db, users["staff"], "decision", inspection_plan=plan_id, issued_on=day, settings=settings)
    with pytest.raises(ValidationError):  # issued once; a correction names what it replaces
        issue(demo_db, users["staff"], "decision", inspection_plan=plan_id, issued_on=day, settings=settings)
    decisions = [
        first,
        issue(
            demo_db,
            users["staff"],
            "decision",
            inspection_plan=plan_id,
            issued_on=day,
            replaces=first.row["id"],
            settings=settings,
        ),
    ]
    assert any("Thay thế văn bản số 01/QĐ-SNV ngày 01/02/2027" in t for t in _text(decisions[1].data))
    notice = issue(demo_db, users["staff"], "notice", inspection=inspection_id, issued_on=day, settings=settings)
    assert [d.row["symbol"][:5] for d in decisions] == ["01/QĐ", "02/QĐ"] and notice.row["symbol"].startswith("01/TB")
    lines = _text(decisions[0].data)
    assert "DỰ THẢO" not in lines and any("01/QĐ-" in line for line in lines)
    assert register.download(demo_db, users["staff"], notice.row["id"], settings=settings)[1] == notice.data
    with pytest.raises(Exception) as refused:
        issue(demo_db, users["leader"], "plan", inspection_plan=plan_id, settings=settings)
    assert type(refused.value).__name__ == "PermissionDenied"


def test_documents_are_issued_from_the_command_line(demo_db, tmp_path, capsys):
    (plan_id,) = _first(demo_db, "select id from inspection_plans order by year desc")
    out = tmp_path / "kh.docx"
    assert main(["document", "plan", "--inspection-plan", str(plan_id), "--issue", "--out", str(out)]) == 0
    assert "/KH-" in capsys.readouterr().out and out.stat().st_size > 0
