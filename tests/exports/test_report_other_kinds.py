"""Inspection and indices reports, press coverage in the progress report, and the other spreadsheets."""

from __future__ import annotations

import io

import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook

from core.periods import parse_period
from exports import register, sheets
from tests.exports.helpers import open_docx, to_pdf


def _table(doc, caption_start: str):
    """The table right after the caption paragraph starting with `caption_start`."""

    def text(el) -> str:
        return "".join(t.text or "" for t in el.iter(qn("w:t")))

    for el in doc.element.body.iterchildren(qn("w:p")):
        if text(el).startswith(caption_start):
            return [[text(tc) for tc in tr.iterchildren(qn("w:tc"))] for tr in el.getnext().iterchildren(qn("w:tr"))]
    raise AssertionError(f"no table {caption_start}")


def test_inspection_report_figures_equal_the_database(demo_db, users, settings):
    issued = register.issue(
        demo_db, users["staff"], "inspection", "2026-H1", with_charts=False, confirm_late=True, settings=settings
    )
    doc = open_docx(issued.data)
    start, end = parse_period("2026-H1").utc_window()
    expected = demo_db.execute(
        "select count(*) from inspections where starts_at >= ? and starts_at < ?", [start, end]
    ).fetchone()[0]
    rows = _table(doc, "Bảng 1.")
    assert len(rows) - 1 == expected > 0
    recs = demo_db.execute(
        "select count(*) from recommendations r join inspections i on i.id = r.inspection_id "
        "where i.starts_at >= ? and i.starts_at < ?",
        [start, end],
    ).fetchone()[0]
    assert len(_table(doc, "Bảng 3.")) - 1 == recs
    assert sum(int(r[6]) for r in rows[1:]) == recs
    findings = demo_db.execute(
        "select count(*) from findings f join inspections i on i.id = f.inspection_id "
        "where i.starts_at >= ? and i.starts_at < ?",
        [start, end],
    ).fetchone()[0]
    areas = _table(doc, "Bảng 2.")
    assert sum(int(r[2]) + int(r[3]) for r in areas[1:]) == findings


def test_inspection_report_without_inspections(demo_db, users, settings):
    issued = register.issue(
        demo_db, users["staff"], "inspection", "2019", with_charts=False, confirm_late=True, settings=settings
    )
    text = [p.text for p in open_docx(issued.data).paragraphs]
    assert "Trong kỳ không có cuộc kiểm tra nào (từ ngày 15/12/2018 đến ngày 14/12/2019)." in text
    headings = [t for t in text if t[:3] in ("I. ", "II.", "III", "IV.", "V. ")]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV", "V"]
    assert "Trong kỳ không có kiến nghị nào." in text


def test_indices_report_scores_and_ranks(demo_db, users, settings):
    issued = register.issue(
        demo_db, users["staff"], "indices", "2024", with_charts=False, confirm_late=True, settings=settings
    )
    rows = _table(open_docx(issued.data), "Bảng 1.")
    par = [r for r in rows[1:] if r[0] == "PAR"]
    expected = list(
        demo_db.query(
            "select r.year, r.total_score, r.rank, r.ranked_of from index_results r"
            " join reform_indices i on i.id = r.index_id join units u on u.id = r.subject_unit_id"
            " where i.code = 'PAR' and u.kind = 'city' and r.year <= 2024"
            " and (r.published_on is null or r.published_on <= '2024-12-14') order by r.year"  # as at the cut-off
        )
    )
    assert [r[1] for r in par] == [str(e["year"]) for e in expected]
    for row, e in zip(par, expected, strict=True):
        if e["total_score"] is not None:
            assert row[2] == f"{e['total_score']:.2f}".replace(".", ",")
        if e["rank"]:
            assert row[5] == f"{e['rank']}/{e['ranked_of']}"


def test_progress_report_counts_coverage_per_theme(demo_db, users, settings):
    issued = register.issue(
        demo_db, users["staff"], "progress", "2021", with_charts=False, confirm_late=True, settings=settings
    )
    doc = open_docx(issued.data)
    start, end = parse_period("2021").utc_window()
    expected = {
        r["code"]: (r["reviewed"], r["unreviewed"])
        for r in demo_db.query(
            "select t.code, count(distinct case when a.review = 'confirmed' then a.id end) reviewed,"
            " count(distinct case when a.review = 'new' then a.id end) unreviewed"
            " from articles a join article_themes at on at.article_id = a.id "
            "join themes t on t.id = at.theme_id join plans p on p.id = t.plan_id "
            "where p.number = '105/KH-UBND' and a.relevant = 1 and a.review != 'rejected' "
            "and a.published_at >= ? and a.published_at < ? group by t.id",
            [start, end],
        )
    }
    caption = next(
        p.text
        for p in doc.paragraphs
        if p.text.endswith("Tin, bài theo nội dung tuyên truyền") and p.text.startswith("Bảng")
    )
    rows = _table(doc, caption)
    assert rows[0][2] == "Tin, bài đã đánh giá" and rows[0][5] == "Chưa đánh giá"
    assert {r[1].split(".")[0]: (int(r[2]), int(r[5])) for r in rows[1:]} == expected
    assert any(u for _r, u in expected.values())  # the demo's year has unreviewed articles too


@pytest.mark.parametrize(
    "table, sql, date_column",
    [
        ("inspections", "select count(*) from inspections", 0),
        ("recommendations", "select count(*) from recommendations", 1),
        ("coverage", "select count(*) from articles where relevant = 1 and review != 'rejected'", 0),
    ],
)
def test_other_spreadsheets_round_trip(demo_db, users, table, sql, date_column):
    data = sheets.export_xlsx(demo_db, users["staff"], table)
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert ws.freeze_panes == "A2"
    assert ws.max_row - 1 == demo_db.execute(sql).fetchone()[0]
    first = [c.value for c in ws[2]]
    assert hasattr(first[date_column], "year")  # a real date cell, not text


def test_indices_spreadsheet(demo_db, users):
    data = sheets.export_xlsx(demo_db, users["staff"], "indices")
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    par_2021 = next(r for r in rows if r[0] == "PAR" and r[1] == 2021)
    total = demo_db.execute(
        "select r.total_score from index_results r join reform_indices i on i.id = r.index_id join units u "
        "on u.id = r.subject_unit_id where i.code = 'PAR' and r.year = 2021 and u.kind = 'city'"
    ).fetchone()[0]
    assert par_2021[3] == pytest.approx(total)


def test_other_kinds_convert_to_pdf(demo_db, users, tmp_path, settings):
    """Issued and converted by LibreOffice in one run (the inspection documents print in
    tests/exports/test_signed_documents.py)."""
    files = []
    for kind, period in (("inspection", "2026"), ("indices", "2024"), ("cchc", "2021"), ("cchc", "2026")):
        path = tmp_path / f"{kind}-{period}.docx"
        path.write_bytes(
            register.issue(demo_db, users["staff"], kind, period, confirm_late=True, settings=settings).data
        )
        files.append(path)
    pages = to_pdf(files, tmp_path)
    assert all(1 <= n <= 10 for n in pages.values())
