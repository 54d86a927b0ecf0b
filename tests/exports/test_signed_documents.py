"""The documents the office signs, rendered through LibreOffice and read back as printed:
who issues, to whom, on what basis, the signer, no signature alone on a page, annexes after
the signature, drafts without number or date, and issued documents frozen byte for byte."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from core.errors import ValidationError
from exports import inspection_docs, profiles, register
from exports.__main__ import main
from inspections import schedule
from tests.exports.helpers import demo_copy, open_docx, pdf_text, to_pdf

NOTICE_UNIT = "Xã Sóc Sơn"


def _pages(pdf, count: int) -> list[str]:
    return [pdf_text(pdf, n, n, layout=False) for n in range(1, count + 1)]


def _flat(text: str) -> str:
    """The printed text without any spacing: pdftotext splits words of justified lines
    ("S ở"), so text is compared with its spaces and line breaks taken out."""
    return re.sub(r"\s+", "", text.replace("\u00a0", ""))


def _signature_not_alone(pages: list[str], marker: str) -> None:
    """The page holding the signature block also holds body text above it (not just the
    page number): the last paragraph went with the signature."""
    page = next(p for p in pages if marker in p)
    above = [line for line in page.split(marker)[0].splitlines() if line.strip()]
    assert len([line for line in above if not line.strip().isdigit()]) >= 1, page[:400]


def _ids(db) -> tuple[int, int, int]:
    plan_id = db.execute("select id from inspection_plans where year = 2026").fetchone()[0]
    inspection_id = db.execute(
        "select i.id from inspections i join units u on u.id = i.unit_id where u.name = ?", [NOTICE_UNIT]
    ).fetchone()[0]
    hidden = db.execute(
        "select u.name from inspections i join units u on u.id = i.unit_id"
        " where i.plan_id = ? and i.kind = 'unannounced'",
        [plan_id],
    ).fetchone()[0]
    return plan_id, inspection_id, hidden


PUBLICATION_MONTH = "2026-10"


@pytest.fixture(scope="module")
def printed(demo_template, tmp_path_factory):
    """The drafts the tests below read as printed, built from one copy of the demo (the
    demo_db each test gets holds the same data) and converted by LibreOffice together:
    the round's KH, QĐ, TB and biên bản, a concluded inspection's TB, the progress reports
    of Q3 and 9 months, the monthly publication. {name: (built, pages as text)}."""
    from exports import services_publication

    folder = tmp_path_factory.mktemp("printed")
    with demo_copy(demo_template, folder / "data") as demo:
        db, staff, settings = demo.db, demo.staff, demo.settings
        plan_id, inspection_id, _ = _ids(db)
        concluded = db.execute("select id from inspections where conclusion_number is not null").fetchone()[0]
        built = {
            "plan": inspection_docs.build_document(db, staff, "plan", inspection_plan=plan_id, settings=settings),
            "decision": inspection_docs.build_document(
                db, staff, "decision", inspection_plan=plan_id, settings=settings
            ),
            "notice": inspection_docs.build_document(db, staff, "notice", inspection=inspection_id, settings=settings),
            "minutes": inspection_docs.build_document(
                db, staff, "minutes", inspection=inspection_id, settings=settings
            ),
            "concluded": inspection_docs.build_document(db, staff, "notice", inspection=concluded, settings=settings),
        }
        for period in ("2026-Q3", "2026-9M"):
            built[f"progress-{period}"] = register.draft(db, staff, "progress", period, settings=settings)
        built["publication"] = services_publication.draft(db, staff, PUBLICATION_MONTH)
    files = []
    for name, doc in built.items():
        path = folder / f"{name}.docx"
        path.write_bytes(doc if isinstance(doc, bytes) else doc.data)
        files.append(path)
    counts = to_pdf(files, folder)
    return {path.stem: (built[path.stem], _pages(folder / f"{path.stem}.pdf", n)) for path, n in counts.items()}


def test_round_documents_as_printed(printed, demo_db):
    plan_id, inspection_id, hidden = _ids(demo_db)
    kinds = ("plan", "decision", "notice", "minutes")
    built = {kind: printed[kind][0] for kind in kinds}
    pages = {kind: printed[kind][1] for kind in kinds}
    text = {k: _flat("\n".join(v)) for k, v in pages.items()}
    assert printed["concluded"][1]  # a concluded inspection's notice prints too

    # KH: căn cứ with number and date, sections I–VI, announced units as recipients, the
    # unannounced one never named, the team with positions, the self-report due date and
    # the outline as an annex after the signature.
    kh = text["plan"]
    for basis in profiles.get_profile(demo_db, "inspection-plan")["bases"]:
        assert _flat(f"Căn cứ {basis['name']} số {basis['number']} ngày") in kh
    for heading in ("I. MỤC ĐÍCH", "II. NỘI DUNG", "III. ĐỐI TƯỢNG", "IV. THÀNH PHẦN", "V. PHƯƠNG THỨC", "VI. TỔ CHỨC"):
        assert _flat(heading) in kh
    announced = [
        r[0]
        for r in demo_db.execute(
            "select u.name from inspections i join units u on u.id = i.unit_id where i.plan_id = ?"
            " and i.kind = 'scheduled' and i.status != 'cancelled'",
            [plan_id],
        )
    ]
    nơi_nhận = kh.split(_flat("Nơi nhận:"))[1]
    for name in announced:
        assert _flat(f"- {inspection_docs.unit_body(name)} (để thực hiện);") in nơi_nhận
    assert _flat(hidden.split(" ", 1)[1]) not in kh  # "Phường Hoàn Kiếm" appears nowhere
    assert _flat("kiểm tra đột xuất một số đơn vị, không thông báo trước") in kh
    assert _flat("Ông Trần Văn Minh, Phó Trưởng phòng Cải cách hành chính, Sở Nội vụ") in kh
    assert _flat("trước ngày 27/02/2026") in kh
    signer_page = next(i for i, p in enumerate(pages["plan"]) if "Nơi nhận:" in p)
    annex_page = next(i for i, p in enumerate(pages["plan"]) if "ĐỀ CƯƠNG BÁO CÁO TỰ KIỂM TRA" in p)
    assert annex_page > signer_page
    assert _flat("(Kèm theo Kế hoạch số 12/KH-SNV ngày 15 tháng 01 năm 2026)") in kh

    # QĐ: a draft (boxed DỰ THẢO, no number, no date), centred bold headings, numbered căn
    # cứ, members as recorded, "- Như Điều 3;" first, a warning (dated after the first visit).
    qd = text["decision"]
    assert pages["decision"][0].lstrip().startswith("DỰ THẢO")
    assert "/QĐ-SNV" in qd and not re.search(r"\d/QĐ-SNV", qd) and _flat("ngày … tháng … năm …") in qd
    assert _flat("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;") in qd
    assert _flat("Căn cứ Kế hoạch số 12/KH-SNV ngày 15/01/2026") in qd
    assert _flat("Nơi nhận: - Như Điều 3;") in qd and _flat("Phó Trưởng đoàn") not in qd
    # Điều 1's list ends with a full stop, not a semicolon before Điều 2; the minutes' team too
    assert _flat("– Thư ký. Điều 2.") in qd and _flat("– Thư ký; Điều 2.") not in qd
    assert _flat("– Thư ký. 2. Đại diện") in text["minutes"]
    doc = open_docx(built["decision"].data)
    for heading in ("GIÁM ĐỐC SỞ NỘI VỤ", "QUYẾT ĐỊNH:"):
        p = next(p for p in doc.paragraphs if p.text == heading)
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and p.paragraph_format.first_line_indent in (None, 0)
        assert all(r.bold for r in p.runs if r.text)
    assert [k for k, _ in built["decision"].warnings].count("exports.doc.warning.decision_late") == 1

    # TB: cites the KH and the QĐ, the head with position, addressed to the unit's head,
    # causes, when remedies are reported; the unit is the first recipient.
    tb = text["notice"]
    assert (
        _flat("Thực hiện Kế hoạch số 12/KH-SNV ngày 15/01/2026") in tb
        and _flat("Quyết định số 25/QĐ-SNV ngày 26/02/2026 của Giám đốc Sở Nội vụ") in tb
    )  # the decision issued on paper, as the demo records it ("25" in the QĐ profile's series)
    assert "…/QĐ" not in tb
    assert (
        _flat("do đồng chí Lê Thị Thu Hà, Chuyên viên chính phòng Cải cách hành chính, Sở Nội vụ, làm Trưởng đoàn")
        in tb
    )
    assert _flat("do Bà") not in tb  # no capitalised "Bà" inside the sentence
    assert _flat("Đề nghị Chủ tịch UBND xã Sóc Sơn chỉ đạo") in tb and _flat("Xã Sóc Sơn") not in tb
    assert _flat("Nguyên nhân") in tb and _flat("Báo cáo kết quả khắc phục gửi về Sở Nội vụ") in tb
    # the cause the team recorded, sorted as chủ quan; no staff slot where a cause is recorded
    (cause,) = demo_db.execute(
        "select f.cause from findings f where f.inspection_id = ? and f.kind = 'shortcoming'"
        " and f.cause_kind = 'subjective'",
        [inspection_id],
    ).fetchone()
    causes = tb.split(_flat("2. Nguyên nhân"))[1].split(_flat("III. YÊU CẦU"))[0]
    assert causes == _flat(f"- Nguyên nhân chủ quan: {cause}.")
    assert tb.split(_flat("Nơi nhận:"))[1].startswith(_flat("- UBND xã Sóc Sơn (để thực hiện);"))

    # Biên bản: the team and the unit, signed by the head of the team and the unit's head.
    bb = text["minutes"]
    assert _flat("BIÊN BẢN") in bb and _flat("Nơi nhận") not in bb
    assert (
        _flat("ĐẠI DIỆN UBND XÃ SÓC SƠN") in bb and _flat("TRƯỞNG ĐOÀN KIỂM TRA") in bb and _flat("Lê Thị Thu Hà") in bb
    )

    for kind, marker in (("plan", "Nơi nhận:"), ("decision", "Nơi nhận:"), ("notice", "Nơi nhận:")):
        _signature_not_alone(pages[kind], marker)
    _signature_not_alone(pages["minutes"], "TRƯỞNG ĐOÀN KIỂM TRA")


def test_an_issued_document_is_frozen(demo_db, users, settings, tmp_path, capsys):
    """Issue, change the data, fetch by page function, register and command line: the same
    bytes and hash; a correction replaces it by number and is served from then on."""
    plan_id, inspection_id, _ = _ids(demo_db)
    staff, admin = users["staff"], users["admin"]
    issued = inspection_docs.issue_document(
        demo_db, staff, "decision", inspection_plan=plan_id, issued_on=date(2026, 3, 2), settings=settings
    )
    digest = hashlib.sha256(issued.data).hexdigest()
    assert issued.row["sha256"] == digest and issued.row["subject"] == f"plan:{plan_id}"

    person = demo_db.execute("select id from users where username = 'kiemtra'").fetchone()[0]
    schedule.set_inspector_profile(
        demo_db, admin, person, honorific="Ông", position="Trưởng phòng Cải cách hành chính", work_unit="Sở Nội vụ"
    )
    profile = profiles.get_profile(demo_db, "inspection-decision")
    profiles.save_profile(demo_db, admin, "inspection-decision", {**profile, "signer_name": "Người Khác"})

    served = inspection_docs.build_document(demo_db, staff, "decision", inspection_plan=plan_id, settings=settings)
    assert served.data == issued.data and served.sha256 == digest and not served.draft
    assert register.download(demo_db, staff, issued.row["id"], settings=settings)[1] == issued.data
    out = tmp_path / "qd.docx"
    assert main(["document", "decision", "--inspection-plan", str(plan_id), "--out", str(out)]) == 0
    assert out.read_bytes() == issued.data and digest in capsys.readouterr().out
    assert _flat("Người Khác") not in _flat(
        "\n".join(p.text for t in open_docx(out.read_bytes()).tables for c in t._cells for p in c.paragraphs)
    )

    with pytest.raises(ValidationError):
        inspection_docs.issue_document(demo_db, staff, "decision", inspection_plan=plan_id, settings=settings)
    fixed = inspection_docs.issue_document(
        demo_db, staff, "decision", inspection_plan=plan_id, replaces=issued.row["id"], settings=settings
    )
    assert fixed.row["replaces_id"] == issued.row["id"]
    now = inspection_docs.build_document(demo_db, staff, "decision", inspection_plan=plan_id, settings=settings)
    assert now.data == fixed.data and now.symbol == fixed.row["symbol"]
    path = tmp_path / "fixed.docx"
    path.write_bytes(fixed.data)
    to_pdf([path], tmp_path)
    printed = _flat(pdf_text(tmp_path / "fixed.pdf", layout=False))
    assert _flat(f"(Thay thế văn bản số {issued.row['symbol']} ngày 02/03/2026)") in printed
    assert _flat("Người Khác") in printed and _flat("Ông Trần Văn Minh, Trưởng phòng Cải cách hành chính") in printed


def test_profiles_are_office_data_edited_and_audited(demo_db, users, tmp_path, settings):
    plan_id, inspection_id, _ = _ids(demo_db)
    admin = users["admin"]
    profile = profiles.get_profile(demo_db, "inspection-notice")
    recipients = profiles.parse_recipients(
        "@inspected_unit | để thực hiện\nThanh tra Sở | để phối hợp\n- Văn phòng Sở;"
    )
    bases = profiles.parse_bases("Kế hoạch | 99/KH-UBND | 03/01/2027 | của UBND Thành phố về CCHC năm 2027")
    saved = profiles.save_profile(
        demo_db,
        admin,
        "inspection-notice",
        {
            **profile,
            "recipients": recipients,
            "bases": bases,
            "signer_lines": ["GIÁM ĐỐC"],
            "signer_name": "Phạm Văn A",
        },
    )
    assert saved["bases"][0]["date"] == "2027-01-03"
    assert profiles.bases_text(saved) == "Kế hoạch | 99/KH-UBND | 03/01/2027 | của UBND Thành phố về CCHC năm 2027"
    audited = demo_db.execute(
        "select count(*) from audit_log where table_name = 'document_settings'"
        " and record_id = 'profile:inspection-notice'"
    ).fetchone()[0]
    assert audited == 1
    data = inspection_docs.build_document(
        demo_db, users["staff"], "notice", inspection=inspection_id, settings=settings
    ).data
    path = tmp_path / "tb.docx"
    path.write_bytes(data)
    to_pdf([path], tmp_path)
    printed = _flat(pdf_text(tmp_path / "tb.pdf", layout=False))
    closing = printed.split(_flat("Nơi nhận:"))[1]
    assert _flat("- UBND xã Sóc Sơn (để thực hiện); - Thanh tra Sở (để phối hợp); - Văn phòng Sở;") in closing
    assert _flat("GIÁM ĐỐC") in closing and _flat("KT. GIÁM ĐỐC") not in closing and _flat("Phạm Văn A") in closing
    for bad in (
        {**saved, "bases": [{"name": "Luật", "number": "", "date": "2025-06-16"}]},  # no number
        {**saved, "bases": [{"name": "Luật", "number": "1/QH", "date": "32/13/2025"}]},  # no date
        {**saved, "recipients": [{"to": "@someone", "purpose": ""}]},
        {**saved, "signer_lines": []},
    ):
        with pytest.raises(ValidationError):
            profiles.save_profile(demo_db, admin, "inspection-notice", bad)
    with pytest.raises(Exception) as refused:
        profiles.save_profile(demo_db, users["leader"], "inspection-notice", saved)
    assert type(refused.value).__name__ == "PermissionDenied"
    profiles.reset_profile(demo_db, admin, "inspection-notice")
    assert profiles.get_profile(demo_db, "inspection-notice") == profiles.defaults()["inspection-notice"]


def test_progress_report_goes_to_the_city_and_the_plans_units(printed, demo_db):
    """BC-SNV on the communication plan: UBND TP (để báo cáo), Văn phòng UBND TP, the plan's
    co-operating units; not the ministry. The 9-month report's signature keeps company."""
    for name in ("progress-2026-Q3", "progress-2026-9M"):
        pages = printed[name][1]
        text = _flat("\n".join(pages))
        closing = text.split(_flat("Nơi nhận:"))[1]
        assert closing.startswith(_flat("- UBND Thành phố (để báo cáo); - Văn phòng UBND Thành phố;"))
        assert _flat("(để phối hợp)") in closing and _flat("Bộ Nội vụ") not in closing
        assert "/BC-SNV" in text and not re.search(r"\d/BC-SNV", text) and _flat("ngày … tháng … năm …") in text
        _signature_not_alone(pages, "Nơi nhận:")
    (plan_id,) = demo_db.execute("select plan_id from activities order by plan_id desc limit 1").fetchone()
    assert register.plan_units(demo_db, plan_id)


def test_issuing_long_after_the_due_date_asks_first(demo_db, users, settings):
    with pytest.raises(ValidationError) as late:
        register.issue(demo_db, users["staff"], "progress", "2021-Q1", with_charts=False, settings=settings)
    assert late.value.key == "exports.error.issue_late"
    issued = register.issue(
        demo_db, users["staff"], "progress", "2021-Q1", with_charts=False, confirm_late=True, settings=settings
    )
    assert issued.row["subject"] == "2021-Q1"


def test_monthly_publication_is_a_notice_with_counted_figures(printed, demo_db, users, settings):
    """THÔNG BÁO (công khai): a draft without number or date, groups ranked apart, toàn
    trình / một phần, pending overdue and apology letters as the database holds them; once
    issued, frozen: later data changes leave the served file as it was."""
    from exports import services_publication

    month = PUBLICATION_MONTH
    pages = printed["publication"][1]
    text = _flat("\n".join(pages))
    assert pages[0].lstrip().startswith("DỰ THẢO") and _flat("THÔNG BÁO") in text
    assert _flat("ngày … tháng … năm …") in text and not re.search(r"\d/TB-SNV", text)
    assert _flat("II. XẾP HẠNG CÁC SỞ, BAN, NGÀNH") in text and _flat("III. XẾP HẠNG UBND CÁC XÃ, PHƯỜNG") in text
    sums = demo_db.execute(
        "select sum(resolved), sum(full_online), sum(partial_online), sum(pending_overdue), sum(apologies)"
        " from service_results where month = ?",
        [month],
    ).fetchone()
    resolved, full, partial, overdue, apologies = (f"{v:,}".replace(",", ".") for v in sums)
    assert _flat(f"đã giải quyết {resolved} hồ sơ") in text
    assert _flat(f"toàn trình {full} hồ sơ") in text and _flat(f"một phần {partial} hồ sơ") in text
    assert _flat(f"đang giải quyết quá hạn {overdue} hồ sơ") in text
    assert _flat(f"đã gửi {apologies} thư xin lỗi") in text
    assert _flat("Nơi nhận:") in text and _flat("Bộ Nội vụ") not in text
    _signature_not_alone(pages, "Nơi nhận:")

    issued, _ = services_publication.issue(demo_db, users["staff"], month, confirm_late=True, settings=settings)
    demo_db.execute("update service_results set resolved = resolved + 1000 where month = ?", [month])
    demo_db.conn.commit()
    row, data = register.download(demo_db, users["staff"], issued.row["id"], settings=settings)
    assert data == issued.data and hashlib.sha256(data).hexdigest() == row["sha256"]
    assert register.issued_for(demo_db, "services-monthly", month, settings=settings)[1] == issued.data


def test_progress_report_counts_as_printed(demo_db, users, settings, tmp_path):
    """BC-SNV 2026-Q3 as printed: the count achieved with its unit (a count reported before the
    cut-off), blank where nothing was reported, no percent × target; press figures from
    reviewed articles, the unreviewed counted apart ("chưa đánh giá") and no "không có tin,
    bài phản ánh tiêu cực" while some are unreviewed; figures against this test's own SQL."""
    from core.periods import parse_period
    from plans import progress

    staff = users["staff"]
    column, title, target, unit = demo_db.execute(
        "select a.id, a.title, a.target, a.target_unit from activities a join plans p on p.id = a.plan_id"
        " where p.year = 2026 and a.title like 'Chuyên mục%Báo Hà Nội Mới'"
    ).fetchone()
    progress.add_progress(demo_db, staff, column, on_date="2026-08-14", count=11)
    utc_from, utc_to = parse_period("2026-Q3").utc_window()
    reviewed, unreviewed = demo_db.execute(
        "select sum(review = 'confirmed'), sum(review = 'new') from articles"
        " where relevant = 1 and published_at >= ? and published_at < ?",
        [utc_from, utc_to],
    ).fetchone()
    assert unreviewed > 0
    silent = demo_db.execute(
        "select a.title from activities a join plans p on p.id = a.plan_id where p.year = 2026"
        " and a.index_node_id is null and a.planned_start <= '2026-09-14' and a.planned_end >= '2026-06-15'"
        " and not exists (select 1 from progress_updates u where u.activity_id = a.id and u.on_date <= '2026-09-14')"
    ).fetchall()
    assert silent  # an activity of the quarter with nothing reported by the cut-off

    drafted = register.draft(demo_db, staff, "progress", "2026-Q3", settings=settings)
    path = tmp_path / "progress-q3.docx"
    path.write_bytes(drafted.data)
    (n,) = to_pdf([path], tmp_path).values()
    printed = _flat("\n".join(_pages(tmp_path / "progress-q3.pdf", n)))

    assert _flat(f"{unreviewed} tin, bài") in printed and _flat("chưa đánh giá") in printed
    assert _flat("không có tin, bài phản ánh tiêu cực") not in printed
    assert _flat(f"11/{target:g} {unit}") in printed  # counted against its own target, with the unit
    assert _flat("17/36") not in printed
    table = next(t for t in open_docx(drafted.data).tables if "Đã đạt" in [c.text for c in t.rows[0].cells])
    achieved = {row.cells[1].text: row.cells[5].text for row in table.rows[1:]}
    assert achieved[title] == f"11 {unit}"
    for (name,) in silent:
        assert achieved[name] == ""  # blank, not 0: nothing was reported
    if reviewed:
        assert _flat(f"Báo chí đã đăng {reviewed} tin, bài về CCHC đã được rà soát, đánh giá") in printed
    else:
        assert _flat("nên chưa có số liệu tin, bài đã đánh giá") in printed
