"""The periodic CCHC report as the city issues it: the Sở's Tờ trình (TTr-SNV, to UBND Thành
phố, with the city-internal proposals, signed by the director) and the draft BC-UBND (TM. ỦY
BAN NHÂN DÂN, to the ministry, its annex after the signature), rendered through LibreOffice
and read back as printed; the assessment's late activities, budget and causes checked
against the database at the cut-off; the issued package frozen byte for byte."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import date

import pytest

from core.errors import ValidationError
from core.office import get_office
from core.periods import parse_period
from exports import cchc_package, kinds, profiles, register
from exports.__main__ import main
from exports.prose import STAFF_SLOT
from inspections.report_data import overdue_recommendations_by_unit
from plans import progress
from tests.exports.helpers import open_docx, pdf_text, to_pdf

PERIOD = "2026-9M"  # 15/12/2025 → 14/09/2026
CUT_OFF = "2026-09-14"


def _flat(text: str) -> str:
    """Printed text without spacing (pdftotext splits words of justified lines)."""
    return re.sub(r"\s+", "", text.replace("\u00a0", ""))


def _day(iso: str) -> str:
    return f"{date.fromisoformat(iso):%d/%m/%Y}"


def _money(value: int) -> str:
    return f"{value:,}".replace(",", ".") + " đồng"


def _printed(package, tmp_path) -> dict[str, list[str]]:
    files = []
    for name, data in zip(("ttr", "bc"), (package.submission, package.report), strict=True):
        path = tmp_path / f"{name}.docx"
        path.write_bytes(data)
        files.append(path)
    counts = to_pdf(files, tmp_path)
    return {
        p.stem: [pdf_text(tmp_path / f"{p.stem}.pdf", n, n, layout=False) for n in range(1, c + 1)]
        for p, c in counts.items()
    }


def _late_to_start(db) -> list[dict]:
    """Communication activities of the 2026 plan planned to start before the cut-off, due
    after it, with no recorded state by then (not started)."""
    return list(
        db.query(
            "select a.title, a.planned_start, a.deadline, u.name as lead from activities a"
            " join plans p on p.id = a.plan_id left join units u on u.id = a.lead_unit_id"
            " where p.year = 2026 and a.index_node_id is null and a.planned_start < :day and a.deadline >= :day"
            " and not exists (select 1 from activity_history h where h.activity_id = a.id and h.on_date <= :day)",
            {"day": CUT_OFF},
        )
    )


def _budget(db) -> tuple[int, int]:
    """Planned and spent (the latest recorded amount by the cut-off) of the activities of
    the 2026 plan running in the period."""
    return db.execute(
        "select sum(a.budget), sum(coalesce((select h.budget_used from activity_history h where h.activity_id = a.id"
        " and h.on_date <= :day order by h.on_date desc, h.id desc limit 1), 0)) from activities a"
        " join plans p on p.id = a.plan_id where p.year = 2026 and a.index_node_id is null"
        " and a.planned_start <= :day and a.deadline >= '2025-12-15'",
        {"day": CUT_OFF},
    ).fetchone()


def _signature_keeps_company(pages: list[str], marker: str) -> None:
    page = next(p for p in pages if marker in p)
    above = [line for line in page.split(marker)[0].splitlines() if line.strip() and not line.strip().isdigit()]
    assert above, page[:300]


def test_the_package_as_printed(demo_db, users, settings, tmp_path):
    staff = users["staff"]
    package = cchc_package.build_package(demo_db, staff, PERIOD, with_charts=False, settings=settings)
    assert package.row is None and package.names() == (
        f"Du-thao-TTr-cchc-{PERIOD}.docx",
        f"Du-thao-BC-UBND-cchc-{PERIOD}.docx",
    )
    with zipfile.ZipFile(io.BytesIO(package.zip())) as bundle:
        assert [bundle.read(n) for n in package.names()] == [package.submission, package.report]
    pages = _printed(package, tmp_path)
    ttr, bc = (_flat("\n".join(pages[k])) for k in ("ttr", "bc"))

    # Both drafts: the boxed DỰ THẢO, no number, no date.
    for name in ("ttr", "bc"):
        assert pages[name][0].lstrip().startswith("DỰ THẢO")
    assert "/TTr-SNV" in ttr and not re.search(r"\d/TTr-SNV", ttr) and _flat("ngày … tháng … năm …") in ttr
    assert "/BC-UBND" in bc and not re.search(r"\d/BC-UBND", bc) and _flat("ngày … tháng … năm …") in bc

    # The Tờ trình: from the Sở to UBND Thành phố, on its bases, signed by the director.
    submission = profiles.get_profile(demo_db, "cchc-submission")
    assert _flat("TỜ TRÌNH") in ttr and _flat("SỞ NỘI VỤ") in ttr
    assert _flat(f"Kính gửi: {submission['addressee']}.") in ttr
    for basis in submission["bases"]:
        assert _flat(f"Căn cứ {basis['name']} số {basis['number']} ngày") in ttr
    closing = ttr.split(_flat("Nơi nhận:"))[1]
    assert closing.startswith(_flat("- Như trên;")) and _flat("GIÁM ĐỐC") in closing and "KT." not in closing
    # the director's own name under "GIÁM ĐỐC", never the deputy who signs "KT. GIÁM ĐỐC"
    assert submission["signer_name"] and _flat(submission["signer_name"]) in closing
    assert _flat(get_office(demo_db)["signer_name"]) not in closing
    assert _flat("kính trình UBND Thành phố xem xét, quyết định./.") in ttr
    # the city-internal proposals are in the Tờ trình, addressed to someone by name, never in the report
    asks = _flat("Đề nghị Chủ tịch UBND Thành phố chỉ đạo:")
    assert asks in ttr and asks not in bc and _flat("các đơn vị") not in ttr.split(asks)[1].split(_flat("Nơi nhận"))[0]
    overdue_unit = overdue_recommendations_by_unit(demo_db, CUT_OFF)[0]["unit_name"]
    assert _flat(f"Giám đốc {overdue_unit} khắc phục dứt điểm") in ttr

    # The report: UBND Thành phố to the ministry, TM. ỦY BAN NHÂN DÂN, its bases, the annex
    # after the signature with the "Kèm theo" line, the signature never alone on its page.
    report = profiles.get_profile(demo_db, "cchc")
    assert _flat("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI") in bc
    for basis in report["bases"]:
        assert _flat(f"Căn cứ {basis['name']} số {basis['number']} ngày") in bc
    closing = bc.split(_flat("Nơi nhận:"))[1]
    assert closing.startswith(_flat("- Bộ Nội vụ (để báo cáo);"))
    signer = [closing.index(_flat(line)) for line in report["signer_lines"]]
    assert report["signer_lines"][0] == "TM. ỦY BAN NHÂN DÂN" and signer == sorted(signer)
    assert _flat(get_office(demo_db)["signer_name"]) not in bc  # the Sở's signer never signs the city's report
    signature_page = next(i for i, p in enumerate(pages["bc"]) if "Nơi nhận:" in p)
    annex_page = next(i for i, p in enumerate(pages["bc"]) if "PHỤ LỤC" in p)
    assert annex_page > signature_page and "PHỤ LỤC" not in "".join(pages["bc"][:annex_page])
    assert _flat("(Kèm theo Báo cáo số …/BC-UBND ngày … tháng … năm … của UBND Thành phố)") in bc
    assert re.search(_flat(r"Bảng \d+\. Số liệu chỉ tiêu"), bc).start() > bc.index(_flat("Kèm theo Báo cáo số"))
    _signature_keeps_company(pages["bc"], "Nơi nhận:")
    _signature_keeps_company(pages["ttr"], "Nơi nhận:")
    assert _flat("Đề nghị Bộ Nội vụ") in bc.split(_flat("V. ĐỀ XUẤT, KIẾN NGHỊ"))[1]

    # The assessment against the database at the cut-off: late to start by name, lead unit
    # and dates; budget planned and spent; causes as recorded, khách quan / chủ quan apart.
    late = _late_to_start(demo_db)
    assert late
    weak = bc.split(_flat("2. Tồn tại, hạn chế"))[1].split(_flat("3. Nguyên nhân"))[0]
    for a in late:
        days = (date.fromisoformat(CUT_OFF) - date.fromisoformat(a["planned_start"])).days
        assert (
            _flat(
                f"{a['title']} ({a['lead']} chủ trì; thực hiện từ {_day(a['planned_start'])} "
                f"đến {_day(a['deadline'])}, chậm {days} ngày)"
            )
            in weak
        )
    planned, spent = _budget(demo_db)
    assert _flat(f"đã sử dụng {_money(spent)} trên tổng dự toán {_money(planned)}") in weak
    causes = bc.split(_flat("3. Nguyên nhân"))[1].split(_flat("IV. PHƯƠNG HƯỚNG"))[0]
    objective, subjective = causes.split(_flat("b) Nguyên nhân chủ quan:"))
    recorded = demo_db.execute(
        "select cause, cause_kind from progress_updates where cause is not null and on_date <= ?", [CUT_OFF]
    ).fetchall()
    assert {kind for _, kind in recorded} == {"objective", "subjective"}
    for cause, kind in recorded:
        assert _flat(cause) in (objective if kind == "objective" else subjective)


def test_causes_are_those_recorded_by_the_cut_off_and_staff_text_overrides(demo_db, users, settings):
    staff = users["staff"]
    (activity_id, title) = demo_db.execute(
        "select a.id, a.title from activities a join plans p on p.id = a.plan_id where p.year = 2026"
        " and a.title like 'Tuyên truyền Đề án 06%'"
    ).fetchone()
    progress.add_progress(
        demo_db, staff, activity_id, on_date="2026-09-10", percent=45,
        cause="Công an các xã, phường tập trung làm sạch dữ liệu dân cư", cause_kind="objective",
        today=date(2026, 12, 1),
    )  # fmt: skip
    progress.add_progress(
        demo_db, staff, activity_id, on_date="2026-09-20", percent=50, cause="Ghi sau ngày chốt số liệu",
        cause_kind="subjective", today=date(2026, 12, 1),
    )  # fmt: skip
    content = kinds.build(demo_db, staff, "cchc", parse_period(PERIOD), with_charts=False)
    causes = content.narrative["causes"]
    assert f"Công an các xã, phường tập trung làm sạch dữ liệu dân cư ({title})" in causes.split("b)")[0]
    assert "Ghi sau ngày chốt số liệu" not in causes
    assert STAFF_SLOT not in causes  # both kinds have a recorded cause

    own = {"causes": "a) Nguyên nhân khách quan: do đơn vị ghi.", "submission": "Đề nghị Chủ tịch UBND thành phố ..."}
    edited = kinds.build(demo_db, staff, "cchc", parse_period(PERIOD), own, with_charts=False)
    texts = [b.text for b in edited.blocks if hasattr(b, "text")]
    assert own["causes"] in texts and edited.narrative["submission"] == own["submission"]
    with pytest.raises(ValidationError):
        kinds.build(demo_db, staff, "cchc", parse_period(PERIOD), {"cause": "x"}, with_charts=False)


def test_the_issued_package_is_frozen(demo_db, users, settings, tmp_path, capsys):
    staff = users["staff"]
    day = date(2026, 9, 18)
    issued = cchc_package.issue_package(demo_db, staff, PERIOD, issued_on=day, with_charts=False, settings=settings)
    row = issued.row
    assert row["symbol"].endswith("/TTr-SNV") and row["kind"] == "cchc-submission" and row["subject"] == PERIOD
    assert hashlib.sha256(issued.submission).hexdigest() == row["sha256"]
    assert hashlib.sha256(issued.report).hexdigest() == row["attachment_sha256"]
    assert issued.names()[0] == f"TTr-{row['number']:02d}-2026-cchc-{PERIOD}.docx"

    # later data never rebuilds it: the page's function, the register and the command line
    # serve the stored bytes
    demo_db.execute(
        "update activities set title = title || ' (đổi tên)' where plan_id in (select id from plans where year = 2026)"
    )
    demo_db.conn.commit()
    served = cchc_package.build_package(demo_db, staff, PERIOD, settings=settings)
    assert (served.submission, served.report) == (issued.submission, issued.report)
    assert (
        register.attachment(register.download(demo_db, staff, row["id"], settings=settings)[0], settings=settings)
        == issued.report
    )
    out = tmp_path / "goi.zip"
    assert main(["document", "cchc-package", "--period", PERIOD, "--out", str(out)]) == 0
    assert row["sha256"] in capsys.readouterr().out
    with zipfile.ZipFile(out) as bundle:
        assert [bundle.read(n) for n in issued.names()] == [issued.submission, issued.report]

    # printed: the Tờ trình numbered and dated, the report it sent still a draft
    (tmp_path / "ttr.docx").write_bytes(issued.submission)
    (tmp_path / "bc.docx").write_bytes(issued.report)
    to_pdf([tmp_path / "ttr.docx", tmp_path / "bc.docx"], tmp_path)
    ttr = _flat(pdf_text(tmp_path / "ttr.pdf", layout=False))
    assert _flat(f"Số: {row['symbol']}") in ttr and _flat("Hà Nội, ngày 18 tháng 9 năm 2026") in ttr
    assert "DỰ THẢO" not in ttr
    bc = pdf_text(tmp_path / "bc.pdf", 1, 1, layout=False)
    assert bc.lstrip().startswith("DỰ THẢO") and not re.search(r"\d/BC-UBND", _flat(bc))

    with pytest.raises(ValidationError):
        cchc_package.issue_package(demo_db, staff, PERIOD, with_charts=False, confirm_late=True, settings=settings)
    fixed = cchc_package.issue_package(
        demo_db, staff, PERIOD, with_charts=False, confirm_late=True, replaces=row["id"], settings=settings
    )
    assert fixed.row["replaces_id"] == row["id"] and fixed.row["number"] == row["number"] + 1
    assert cchc_package.build_package(demo_db, staff, PERIOD, settings=settings).submission == fixed.submission


def test_the_package_command_line_writes_a_draft_zip(demo_db, tmp_path, capsys):
    out = tmp_path / "goi.zip"
    assert main(["document", "cchc-package", "--period", "2026-Q3", "--out", str(out), "--json"]) == 0
    printed = capsys.readouterr().out
    assert '"draft": true' in printed
    with zipfile.ZipFile(out) as bundle:
        assert bundle.namelist() == ["Du-thao-TTr-cchc-2026-Q3.docx", "Du-thao-BC-UBND-cchc-2026-Q3.docx"]
    assert main(["document", "cchc-package", "--out", str(out)]) != 0  # the period is needed


def test_causes_recorded_on_findings_reach_the_assessment_and_their_field(demo_db, users, settings, tmp_path):
    """The causes the inspection teams recorded with their findings, for the inspections done
    by the cut-off: in "3. Nguyên nhân" under their kind (with the unit) and in the reform
    field of the finding's content area; a later inspection's cause is in neither."""
    package = cchc_package.build_package(demo_db, users["staff"], PERIOD, with_charts=False, settings=settings)
    bc = _flat("\n".join(_printed(package, tmp_path)["bc"]))
    rows = demo_db.execute(
        "select f.cause, f.cause_kind, i.starts_at, u.name, it.title from findings f"
        " join inspections i on i.id = f.inspection_id join units u on u.id = i.unit_id"
        " join inspection_items it on it.id = f.item_id where f.cause is not null and f.kind = 'shortcoming'"
    ).fetchall()
    before = [r for r in rows if r[2][:10] <= CUT_OFF]
    after = [r for r in rows if r[2][:10] > "2026-09-14"]
    assert before and after
    causes = bc.split(_flat("3. Nguyên nhân"))[1].split(_flat("IV. PHƯƠNG HƯỚNG"))[0]
    objective, subjective = causes.split(_flat("b) Nguyên nhân chủ quan:"))
    fields = bc.split(_flat("II. KẾT QUẢ THỰC HIỆN"))[1].split(_flat("III. ĐÁNH GIÁ CHUNG"))[0]
    for cause, kind, *_ in before:
        assert _flat(cause) in (objective if kind == "objective" else subjective)
        label = "Nguyên nhân khách quan:" if kind == "objective" else "Nguyên nhân chủ quan:"
        assert _flat(f"{label} {cause}") in fields
    for cause, *_ in after:
        assert _flat(cause) not in bc


def test_overdue_recommendations_read_the_same_in_text_and_annex(demo_db, users, settings, tmp_path):
    """In a quarter whose own inspections left nothing overdue while an earlier one did, the
    report's section I.3, its assessment and its annex all give the overdue recommendations at
    the cut-off (earlier inspections' too), and the annex keeps the period's own apart."""
    package = cchc_package.build_package(demo_db, users["staff"], "2026-Q3", with_charts=False, settings=settings)
    lines = "\n".join(_printed(package, tmp_path)["bc"]).splitlines()
    bc = _flat("\n".join(line for line in lines if not line.strip().isdigit()))  # without page numbers
    overdue = sum(u["overdue"] for u in overdue_recommendations_by_unit(demo_db, CUT_OFF))
    assert overdue > 0
    section = bc.split(_flat("3. Công tác kiểm tra cải cách hành chính"))[1].split(_flat("4. "))[0]
    assert _flat(f"Đến ngày 14/09/2026, còn {overdue} kiến nghị sau kiểm tra") in section
    assert _flat(f"Còn {overdue} kiến nghị sau kiểm tra quá hạn chưa khắc phục") in bc
    assert _flat("Kiến nghị quá hạn chưa khắc phục đến ngày 14/09/2026 (kể cả trước kỳ)") in bc.split("PHỤLỤC")[1]
    annex = {row.cells[1].text: row.cells[3].text for row in open_docx(package.report).tables[-1].rows}
    assert annex["Kiến nghị quá hạn chưa khắc phục đến ngày 14/09/2026 (kể cả trước kỳ)"] == str(overdue)
    assert annex["Trong đó: quá hạn chưa khắc phục"] == "0"  # the quarter's own inspections


@pytest.mark.parametrize("office_edited", [False, True])
def test_the_directors_submission_is_not_sent_to_him(demo_db, users, settings, tmp_path, office_edited):
    """The Tờ trình is signed "GIÁM ĐỐC": its Nơi nhận never lists "Giám đốc Sở (để báo cáo)",
    neither by default nor when an office's profile still carries it; a document signed
    "KT. GIÁM ĐỐC" keeps it."""
    if office_edited:
        profile = profiles.get_profile(demo_db, "cchc-submission")
        recipients = [*profile["recipients"], {"to": "Giám đốc Sở", "purpose": "để báo cáo"}]
        profiles.save_profile(demo_db, users["admin"], "cchc-submission", {**profile, "recipients": recipients})
    package = cchc_package.build_package(demo_db, users["staff"], PERIOD, with_charts=False, settings=settings)
    ttr = _flat("\n".join(_printed(package, tmp_path)["ttr"]))
    closing = ttr.split(_flat("Nơi nhận:"))[1]
    assert _flat("- Văn phòng UBND Thành phố;") in closing and _flat("Giám đốc Sở") not in closing
    deputy = profiles.office_for(demo_db, "inspection-notice", {"@inspected_unit": ["UBND xã Sóc Sơn"]})
    assert "Giám đốc Sở (để báo cáo)" in deputy["recipients"]


def test_the_progress_report_names_what_is_late_as_the_cchc_report_does(demo_db, users, settings, tmp_path):
    """The Sở's progress report (BC-SNV) at the same cut-off: the activity late to start by
    name, lead unit, dates and days late, and its proposal addressed to the lead units by
    name; never "Không có hoạt động nào quá thời hạn" or a proposal to "các cơ quan, đơn vị"."""
    drafted = register.draft(demo_db, users["staff"], "progress", "2026-Q3", with_charts=False, settings=settings)
    path = tmp_path / "progress.docx"
    path.write_bytes(drafted.data)
    (count,) = to_pdf([path], tmp_path).values()
    lines = "\n".join(pdf_text(tmp_path / "progress.pdf", n, n, layout=False) for n in range(1, count + 1))
    text = _flat("\n".join(line for line in lines.splitlines() if not line.strip().isdigit()))
    weak = text.split(_flat("Hạn chế và nguyên nhân"))[1].split(_flat("III. NHIỆM VỤ"))[0]
    late = _late_to_start(demo_db)
    assert late
    for a in late:
        days = (date.fromisoformat(CUT_OFF) - date.fromisoformat(a["planned_start"])).days
        assert (
            _flat(
                f"{a['title']} ({a['lead']} chủ trì; thực hiện từ {_day(a['planned_start'])} "
                f"đến {_day(a['deadline'])}, chậm {days} ngày)"
            )
            in weak
        )
    assert _flat("Không có hoạt động nào quá thời hạn") not in text
    proposals = text.split(_flat("IV. ĐỀ XUẤT, KIẾN NGHỊ"))[1].split(_flat("Nơi nhận"))[0]
    assert proposals.startswith(_flat("Đề nghị")) and _flat("các cơ quan, đơn vị") not in proposals


def test_a_profile_signed_otherwise_never_borrows_the_offices_signer(demo_db, users):
    """The office's name belongs to its own authority lines (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC):
    a kind signed "GIÁM ĐỐC" with no name of its own prints none (and issuing warns)."""
    admin, deputy = users["admin"], get_office(demo_db)["signer_name"]
    submission = profiles.get_profile(demo_db, "cchc-submission")
    profiles.save_profile(demo_db, admin, "cchc-submission", {**submission, "signer_name": ""})
    unsigned = profiles.office_for(demo_db, "cchc-submission")
    assert unsigned["signer_name"] == "" and register.office_warnings(unsigned) == ["exports.warning.signer_missing"]
    assert deputy and profiles.office_for(demo_db, "inspection-plan")["signer_name"] == deputy
