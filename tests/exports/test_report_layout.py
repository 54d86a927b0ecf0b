"""The Decree 30 layout of generated reports, opened with python-docx and converted by LibreOffice."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from functools import partial

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from core.office import get_office
from exports import decree30, profiles, register
from exports.decree30 import LEFT_COL_CM, RIGHT_COL_CM, doc_number, place_date, text_width_cm, unit_case
from tests.exports.helpers import demo_copy, has_bottom_rule, open_docx, pdf_text, runs_of, to_pdf


@pytest.fixture(scope="module")
def issued(demo_template, tmp_path_factory):
    """The 2021 progress report issued once from a copy of the demo; the tests only read it
    (the demo_db each test gets holds the same data)."""
    with demo_copy(demo_template, tmp_path_factory.mktemp("layout")) as demo:
        return register.issue(
            demo.db,
            demo.staff,
            "progress",
            "2021",
            issued_on=date(2026, 1, 5),
            confirm_late=True,
            settings=demo.settings,
        )


@pytest.mark.parametrize(
    "number, expected", [(1, "Số: 01/BC-SNV"), (9, "Số: 09/BC-SNV"), (10, "Số: 10/BC-SNV"), (125, "Số: 125/BC-SNV")]
)
def test_number_has_leading_zero_below_ten(number, expected):
    assert doc_number(number, "BC", "SNV") == expected


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "Hà Nội, ngày 28 tháng 02 năm 2026"),
        (date(2026, 3, 9), "Hà Nội, ngày 09 tháng 3 năm 2026"),
        (date(2025, 12, 20), "Hà Nội, ngày 20 tháng 12 năm 2025"),
    ],
)
def test_place_and_date_line(day, expected):
    assert place_date("Hà Nội", day) == expected


def test_page_setup(issued):
    doc = open_docx(issued.data)
    section = doc.sections[0]
    mm = {
        name: round(getattr(section, name).mm, 1)
        for name in ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin")
    }
    assert (mm["page_width"], mm["page_height"]) == (210.0, 297.0)
    assert 20 <= mm["top_margin"] <= 25 and 20 <= mm["bottom_margin"] <= 25
    assert 30 <= mm["left_margin"] <= 35 and 15 <= mm["right_margin"] <= 20
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    for run in (r for p in doc.paragraphs for r in p.runs if r.text):
        assert run.font.name == "Times New Roman"
        assert run.font.color.rgb is None or str(run.font.color.rgb) == "000000"


def test_header_block(issued, demo_db):
    office = get_office(demo_db)
    doc = open_docx(issued.data)
    header = doc.tables[0]
    left, right = header.rows[0].cells
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(b.get(qn("w:val")) == "nil" for b in borders)
    parent, body, rule = left.paragraphs[:3]
    assert parent.text == office["parent_body"].upper()
    assert [(r.font.size, r.font.bold) for r in runs_of(parent)] == [(Pt(13), False)]
    assert body.text == office["issuing_body"].upper()
    assert [(r.font.size, r.font.bold) for r in runs_of(body)] == [(Pt(13), True)]
    assert has_bottom_rule(rule) and rule.text == ""
    # The rule under the issuing body: 1/3 to 1/2 of the line's length.
    width = text_width_cm(body.text, 13, bold=True)
    rule_cm = LEFT_COL_CM - 2 * rule.paragraph_format.left_indent.cm
    assert width / 3 <= rule_cm <= width / 2
    nation, motto, motto_rule = right.paragraphs[:3]
    assert nation.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert all(Pt(12) <= r.font.size <= Pt(13) and r.font.bold for r in runs_of(nation))
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert all(Pt(13) <= r.font.size <= Pt(14) and r.font.bold for r in runs_of(motto))
    assert has_bottom_rule(motto_rule)
    # The rule under the motto spans the whole line.
    motto_cm = RIGHT_COL_CM - 2 * motto_rule.paragraph_format.left_indent.cm
    assert motto_cm == pytest.approx(text_width_cm(motto.text, 13, bold=True), abs=0.05)
    # Column widths agree: the grid (LibreOffice), the cells (Word) and the table width.
    grid = [int(c.get(qn("w:w"))) for c in header._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid == [left.width.twips, right.width.twips] == [int(Cm(LEFT_COL_CM).twips), int(Cm(RIGHT_COL_CM).twips)]
    assert int(header._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))) == sum(grid)
    assert header._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    # The national name fits its column on one line at its size.
    assert text_width_cm(nation.text, 13, bold=True) < RIGHT_COL_CM
    number_cell, date_cell = header.rows[1].cells
    assert number_cell.paragraphs[0].text == f"Số: {issued.row['number']:02d}/BC-SNV"
    assert [r.font.size for r in runs_of(number_cell.paragraphs[0])] == [Pt(13)]
    assert date_cell.paragraphs[0].text == "Hà Nội, ngày 05 tháng 01 năm 2026"
    assert all(r.font.italic and Pt(13) <= r.font.size <= Pt(14) for r in runs_of(date_cell.paragraphs[0]))


def test_type_name_summary_and_body(issued):
    doc = open_docx(issued.data)
    paragraphs = doc.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text == "BÁO CÁO")
    type_name, summary, rule = paragraphs[index : index + 3]
    assert type_name.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.font.bold and Pt(13) <= r.font.size <= Pt(14) for r in runs_of(type_name))
    # phrases of the title kept whole: "năm 2021" with a non-breaking space
    assert summary.text.replace("\u00a0", " ") == issued.row["title"] and "năm\u00a02021" in summary.text
    assert summary.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.font.bold for r in runs_of(summary))
    assert has_bottom_rule(rule)
    body = [p for p in paragraphs[index + 3 :] if p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY]
    assert len(body) >= 8
    for p in body:
        fmt = p.paragraph_format
        assert fmt.first_line_indent == Cm(1.27)
        assert fmt.space_after >= Pt(6)
        assert 1.0 <= fmt.line_spacing <= 1.5
        assert all(Pt(13) <= r.font.size <= Pt(14) for r in runs_of(p))


def test_page_numbers_from_page_two(issued):
    doc = open_docx(issued.data)
    section = doc.sections[0]
    assert section._sectPr.find(qn("w:titlePg")) is not None
    assert section.different_first_page_header_footer
    default_xml = section.header._element.xml
    assert "PAGE" in default_xml and 'fldCharType="begin"' in default_xml
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert "PAGE" not in first._element.xml


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        return {name: docx.read(name) for name in docx.namelist()}


def test_every_report_starts_from_the_same_set_up_document(issued, demo_db, users, settings):
    """Reports are copies of one document set up once, sharing its styles: each holds the very
    styles, settings, numbering and page-number headers of a document set up from scratch,
    and no report changes what the next one starts from."""
    fresh = Document()
    decree30._setup(fresh)
    buf = io.BytesIO()
    fresh.save(buf)
    expected = _parts(buf.getvalue())
    shared = ["word/styles.xml", "word/stylesWithEffects.xml", "word/settings.xml", "word/numbering.xml"]
    shared += ["word/header1.xml", "word/header2.xml", "word/fontTable.xml", "word/theme/theme1.xml"]
    cchc = register.draft(demo_db, users["staff"], "cchc", "2026", settings=settings).data
    for data in (issued.data, cchc):  # a report with tables and charts, one with an annex
        parts = _parts(data)
        assert [parts[name] for name in shared] == [expected[name] for name in shared]
    again = Document()
    decree30._setup(again)
    assert decree30._new_document().part.part_related_by(RT.STYLES).blob == again.part.part_related_by(RT.STYLES).blob


def test_closing_blocks(issued, demo_db):
    office = profiles.office_for(demo_db, "progress")
    doc = open_docx(issued.data)
    closing = doc.tables[-1]
    left, right = closing.rows[0].cells
    label = left.paragraphs[0]
    assert label.text == "Nơi nhận:"
    assert all(r.font.bold and r.font.italic and r.font.size == Pt(12) for r in runs_of(label))
    lines = [p for p in left.paragraphs[1:]]
    shown = [p.text for p in lines[:-1]]
    assert shown[:2] == ["- UBND Thành phố (để báo cáo);", "- Văn phòng UBND Thành phố;"]
    assert [t for t in shown if "(để phối hợp)" in t] and not [t for t in shown if "Bộ Nội vụ" in t]
    assert all(f"- {unit_case(r)};" in shown for r in office["recipients"])
    assert not any("UBND thành phố" in p.text for p in lines)
    assert lines[-1].text == f"- Lưu: {office['archive_note']}."
    assert all(r.font.size == Pt(11) for p in lines for r in runs_of(p))
    texts = [p.text for p in right.paragraphs if p.text]
    assert texts[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert all(r.font.bold for p in right.paragraphs[:2] for r in runs_of(p))


def test_tables_repeat_their_header_row(issued):
    doc = open_docx(issued.data)
    data_tables = doc.tables[1:-1]
    assert len(data_tables) >= 2
    for table in data_tables:
        first_row = table.rows[0]._tr
        assert first_row.trPr is not None and first_row.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])


def test_charts_are_embedded_with_captions(issued):
    doc = open_docx(issued.data)
    images = [rel for rel in doc.part.rels.values() if "image" in rel.reltype]
    assert all(rel.target_part.blob.startswith(b"\x89PNG") for rel in images)
    captions = [p.text for p in doc.paragraphs if p.text.startswith("Biểu đồ")]
    assert len(images) == len(captions) >= 2
    assert captions[:2] == [
        "Biểu đồ 1. Hoạt động theo nội dung và tình trạng",
        "Biểu đồ 2. Kinh phí dự toán và đã sử dụng theo nội dung (triệu đồng)",
    ]


def _theme_figures(db):
    """The theme table's figures computed straight from the database as they stood at the
    cut-off of the year 2021 (14/12/2021): each activity's last history row by then."""
    rows = list(
        db.query(
            """with state as (
                   select a.id, a.theme_id, a.deadline, a.budget,
                          coalesce((select h.status from activity_history h where h.activity_id = a.id
                                    and h.on_date <= '2021-12-14' order by h.on_date desc, h.id desc limit 1),
                                   'not_started') status,
                          coalesce((select h.budget_used from activity_history h where h.activity_id = a.id
                                    and h.on_date <= '2021-12-14' order by h.on_date desc, h.id desc limit 1),
                                   0) budget_used
                   from activities a join plans p on p.id = a.plan_id where p.number = '105/KH-UBND')
               select t.code, t.title, count(*) n, sum(s.status = 'done') done, sum(s.status = 'in_progress') doing,
                  sum(s.status not in ('done', 'cancelled', 'postponed') and s.deadline < '2021-12-14') overdue,
                  sum(coalesce(s.budget, 0)) budget, sum(s.budget_used) used
           from state s join themes t on t.id = s.theme_id
           group by t.id order by t.position"""
        )
    )
    return rows


def test_activity_finished_after_the_cut_off_is_not_done(issued, demo_db):
    """The demo has activities finished after 14/12/2021: the year's report counts them as not done."""
    late = demo_db.execute(
        "select count(*) from activities a join plans p on p.id = a.plan_id"
        " where p.number = '105/KH-UBND' and a.status = 'done' and a.actual_end > '2021-12-14'"
    ).fetchone()[0]
    assert late > 0
    table = open_docx(issued.data).tables[1]
    done_now = demo_db.execute(
        "select count(*) from activities a join plans p on p.id = a.plan_id"
        " where p.number = '105/KH-UBND' and a.status = 'done'"
    ).fetchone()[0]
    assert int(table.rows[-1].cells[3].text) == done_now - late


def test_theme_table_figures_equal_the_database(issued, demo_db):
    doc = open_docx(issued.data)
    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells][:3] == ["TT", "Nội dung", "Số hoạt động"]
    expected = _theme_figures(demo_db)
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert len(body) == len(expected) + 1
    for cells, row in zip(body, expected, strict=False):
        assert cells[1] == f"{row['code']}. {row['title']}"
        assert cells[2:6] == [str(row["n"]), str(row["done"]), str(row["doing"]), str(row["overdue"])]
        assert cells[7] == f"{row['budget']:,}".replace(",", ".")
        assert cells[8] == f"{row['used']:,}".replace(",", ".")
    total = body[-1]
    assert total[1] == "Tổng cộng"
    assert total[2] == str(sum(r["n"] for r in expected))
    assert total[7] == f"{sum(r['budget'] for r in expected):,}".replace(",", ".")


def test_activity_table_lists_every_activity(issued, demo_db):
    doc = open_docx(issued.data)
    table = doc.tables[2]
    titles = [row.cells[1].text for row in table.rows[1:]]
    expected = [
        r["title"]
        for r in demo_db.query(
            "select a.title from activities a join plans p on p.id = a.plan_id join themes t on t.id = a.theme_id "
            "where p.number = '105/KH-UBND' order by t.position, a.position, a.id"
        )
    ]
    assert titles == expected


def test_empty_period_says_so(demo_db, users, settings):
    issued = register.issue(demo_db, users["staff"], "progress", "2019", confirm_late=True, settings=settings)
    text = "\n".join(p.text for p in open_docx(issued.data).paragraphs)
    assert "chưa có kế hoạch thông tin, tuyên truyền CCHC" in text
    assert "từ ngày 15/12/2018 đến ngày 14/12/2019" in text
    assert len(open_docx(issued.data).tables) == 2  # header and closing only


def test_cchc_outline(demo_db, users, settings):
    issued = register.issue(demo_db, users["staff"], "cchc", "2021-H1", confirm_late=True, settings=settings)
    text = [p.text.replace("\u00a0", " ") for p in open_docx(issued.data).paragraphs]
    headings = [t for t in text if t[:3] in ("I. ", "II.", "III", "IV.", "V. ")]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV", "V"]
    assert "Công tác cải cách hành chính 6 tháng đầu năm 2021" in text


def test_figures_never_break_inside_table_cells(issued):
    """Every number, amount or date in a table sits in a no-wrap cell wide enough to hold it."""
    doc = open_docx(issued.data)
    checked = 0
    for table in doc.tables[1:-1]:
        widths = [int(c.get(qn("w:w"))) / 567 for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        size = table.rows[1].cells[0].paragraphs[0].runs[0].font.size.pt if len(table.rows) > 1 else 11
        for row in table.rows[1:]:
            for i, cell in enumerate(row.cells):
                text = cell.text
                if not re.fullmatch(r"[\d.,/%\u00a0 -]*\d[\d.,/%\u00a0\u2011-]*", text):
                    continue
                checked += 1
                assert cell._tc.tcPr.find(qn("w:noWrap")) is not None, text
                assert text_width_cm(text, size) + 0.14 < widths[i], (text, widths[i])
    assert checked > 20


def test_headings_keep_with_their_next_paragraph(issued):
    doc = open_docx(issued.data)
    headings = [p for p in doc.paragraphs if p.text.startswith(("I. ", "II. ", "III. ", "1. ", "2. "))]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)


def test_pdf_first_page_national_name_on_one_line(demo_db, users, tmp_path, settings):
    """Rendered by LibreOffice (the issued reports and the drafts in one conversion): the
    national name and the motto each on one line; a draft says so at the top, an issued
    report carries its number and its signer; each report runs to the pages expected of it
    (a year's progress 3–8, a quarter's CCHC report 2–6, an empty year one page)."""
    files = {}
    for issue in (True, False):
        make = partial(register.issue, confirm_late=True) if issue else register.draft
        for kind, period in (("progress", "2021-Q2"), ("cchc", "2026-10")):
            path = tmp_path / f"{kind}-{issue}.docx"
            path.write_bytes(make(demo_db, users["staff"], kind, period, with_charts=False, settings=settings).data)
            files[path] = issue
    expected = {}
    for kind, period, pages in (
        ("progress", "2021", (3, 8)),
        ("cchc", "2021-Q2", (2, 6)),
        ("progress", "2019", (1, 1)),
    ):
        issued = register.issue(demo_db, users["staff"], kind, period, confirm_late=True, settings=settings)
        path = tmp_path / f"{kind}-{period}.docx"
        path.write_bytes(issued.data)
        files[path] = True
        expected[path] = pages
    counts = to_pdf(list(files), tmp_path)
    for path, (low, high) in expected.items():
        assert low <= counts[path] <= high, (path.name, counts[path])
    for path, issue in files.items():
        pdf = tmp_path / (path.stem + ".pdf")
        first = pdf_text(pdf, 1, 1)
        lines = [line.strip() for line in first.splitlines()]
        assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in lines), first[:600]
        assert any("Độc lập - Tự do - Hạnh phúc" in line for line in lines)
        assert ("DỰ THẢO" in first) is not issue
        whole = pdf_text(pdf)
        if issue:
            assert re.search(r"Số: \d\d/BC-(SNV|UBND)", first)
            signer = profiles.office_for(demo_db, path.stem.split("-")[0])["signer_name"]  # the kind's own
            assert signer and signer in whole
        else:
            assert "ngày … tháng … năm …" in first


def test_column_widths_grow_to_hold_figures_and_keep_the_table_width():
    from exports.decree30 import Table, fit_widths

    table = Table(
        "Bảng", ["TT", "Hoạt động", "Kinh phí"], [["1", "Một hoạt động dài", "300.000.000"]], [0.8, 10.0, 1.0]
    )
    widths = fit_widths(table)
    assert widths[2] > text_width_cm("300.000.000", 12)
    assert sum(widths) == pytest.approx(11.8, abs=0.02)
    assert widths[1] < 10.0
