"""Uploaded Word templates per report kind: good and bad uploads, switching back."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from core.errors import ValidationError
from exports import register, templates
from tests.exports.helpers import open_docx


def _docx(lines: list[str]) -> bytes:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


GOOD = [
    "{{ office.issuing_body }}",
    "{{ symbol }}",
    "{{ place_date }}",
    "{{ summary }}",
    "{% for t in themes %}",
    "{{ t.code }}: {{ t.done }}/{{ t.count }}",
    "{% endfor %}",
    "Tổng kinh phí: {{ totals.budget }}",
    "{{ narrative.assessment }}",
]


def test_good_template_is_used_then_switched_back(demo_db, users):
    staff = users["staff"]
    row = templates.upload_template(demo_db, staff, "progress", "mau-bao-cao.docx", _docx(GOOD))
    assert row["active"] == 1
    issued = register.issue(demo_db, staff, "progress", "2021", with_charts=False)
    assert issued.row["template_sha256"] == row["sha256"]
    text = [p.text for p in open_docx(issued.data).paragraphs]
    assert f"Số: {issued.row['number']:02d}/BC-SNV" in text
    budget = demo_db.execute(
        "select sum(budget) from activities a join plans p on p.id = a.plan_id where p.number = '105/KH-UBND'"
    ).fetchone()[0]
    assert f"Tổng kinh phí: {budget}" in text
    done = demo_db.execute(
        "select count(*) from activities a join themes t on t.id = a.theme_id"
        " where t.code = 'ND1' and a.status = 'done' and a.actual_end <= '2021-12-14'"
    ).fetchone()[0]
    assert any(line.startswith(f"ND1: {done}/") for line in text)
    # Other kinds keep the built-in layout.
    other = register.issue(demo_db, staff, "cchc", "2021", with_charts=False)
    assert other.row["template_sha256"] is None
    assert templates.use_builtin(demo_db, staff, "progress") == 1
    builtin = register.issue(demo_db, staff, "progress", "2021", with_charts=False)
    assert builtin.row["template_sha256"] is None
    assert "BÁO CÁO" in [p.text for p in open_docx(builtin.data).paragraphs]


def _zip_without_document() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("hello.txt", "not a document")
    return buf.getvalue()


@pytest.mark.parametrize(
    "data, key",
    [
        (b"%PDF-1.4 not a word file", "exports.error.template_not_docx"),
        (b"", "exports.error.template_not_docx"),
        (_zip_without_document(), "exports.error.template_not_docx"),
    ],
)
def test_not_a_docx_is_refused(demo_db, users, data, key):
    with pytest.raises(ValidationError) as exc:
        templates.upload_template(demo_db, users["staff"], "progress", "x.docx", data)
    assert exc.value.key == key
    assert templates.list_templates(demo_db, users["staff"]) == []


@pytest.mark.parametrize(
    "lines, line, fragment",
    [
        (["Tiêu đề", "{{ summary }}", "{{ symbol "], 3, "{{ symbol"),
        (["{% for t in themes %}", "{{ t.code }}"], 2, "{{ t.code }}"),
        (["A", "B", "{{ totals.budget | }}"], 3, "totals.budget"),
        (["{% if totals %}", "x", "{% endfor %}"], 3, "{% endfor %}"),
    ],
)
def test_broken_tags_are_refused_with_the_line(demo_db, users, lines, line, fragment):
    with pytest.raises(ValidationError) as exc:
        templates.upload_template(demo_db, users["staff"], "progress", "x.docx", _docx(lines))
    assert exc.value.key == "exports.error.template_syntax"
    assert exc.value.params["line"] == line
    assert fragment in exc.value.message("vi")
    assert templates.list_templates(demo_db, users["staff"]) == []


def test_unknown_kind_is_refused(demo_db, users):
    with pytest.raises(ValidationError):
        templates.upload_template(demo_db, users["staff"], "nope", "x.docx", _docx(GOOD))


def test_docxtpl_row_tags_are_accepted(demo_db, users):
    doc = Document()
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for t in themes %}"
    table.cell(1, 0).text = "{{ t.code }}"
    table.cell(1, 1).text = "{{ t.count }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    buf = io.BytesIO()
    doc.save(buf)
    templates.upload_template(demo_db, users["staff"], "progress", "bang.docx", buf.getvalue())
    issued = register.issue(demo_db, users["staff"], "progress", "2021", with_charts=False)
    cells = [[c.text for c in row.cells] for row in open_docx(issued.data).tables[0].rows]
    themes = demo_db.execute(
        "select count(*) from themes t join plans p on p.id = t.plan_id where p.number = '105/KH-UBND'"
    ).fetchone()[0]
    assert len(cells) == themes
    assert cells[0][0] == "ND1"
