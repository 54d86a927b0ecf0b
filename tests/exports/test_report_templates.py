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


def test_good_template_is_used_then_switched_back(demo_db, users, settings):
    staff = users["staff"]
    row = templates.upload_template(demo_db, staff, "progress", "mau-bao-cao.docx", _docx(GOOD), settings=settings)
    assert row["active"] == 1
    issued = register.issue(demo_db, staff, "progress", "2021", with_charts=False, confirm_late=True, settings=settings)
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
    other = register.issue(demo_db, staff, "cchc", "2021", with_charts=False, confirm_late=True, settings=settings)
    assert other.row["template_sha256"] is None
    assert templates.use_builtin(demo_db, staff, "progress") == 1
    builtin = register.issue(
        demo_db, staff, "progress", "2021", with_charts=False, confirm_late=True, settings=settings
    )
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
    ids=["pdf", "empty", "zip-without-document"],  # a zip holds its time: not a name that two workers agree on
)
def test_not_a_docx_is_refused(demo_db, users, data, key, settings):
    with pytest.raises(ValidationError) as exc:
        templates.upload_template(demo_db, users["staff"], "progress", "x.docx", data, settings=settings)
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
def test_broken_tags_are_refused_with_the_line(demo_db, users, lines, line, fragment, settings):
    with pytest.raises(ValidationError) as exc:
        templates.upload_template(demo_db, users["staff"], "progress", "x.docx", _docx(lines), settings=settings)
    assert exc.value.key == "exports.error.template_syntax"
    assert exc.value.params["line"] == line
    assert fragment in exc.value.message("vi")
    assert templates.list_templates(demo_db, users["staff"]) == []


def test_unknown_kind_is_refused(demo_db, users, settings):
    with pytest.raises(ValidationError):
        templates.upload_template(demo_db, users["staff"], "nope", "x.docx", _docx(GOOD), settings=settings)


def test_docxtpl_row_tags_are_accepted(demo_db, users, settings):
    doc = Document()
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for t in themes %}"
    table.cell(1, 0).text = "{{ t.code }}"
    table.cell(1, 1).text = "{{ t.count }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    buf = io.BytesIO()
    doc.save(buf)
    templates.upload_template(demo_db, users["staff"], "progress", "bang.docx", buf.getvalue(), settings=settings)
    issued = register.issue(
        demo_db, users["staff"], "progress", "2021", with_charts=False, confirm_late=True, settings=settings
    )
    cells = [[c.text for c in row.cells] for row in open_docx(issued.data).tables[0].rows]
    themes = demo_db.execute(
        "select count(*) from themes t join plans p on p.id = t.plan_id where p.number = '105/KH-UBND'"
    ).fetchone()[0]
    assert len(cells) == themes
    assert cells[0][0] == "ND1"


def _payloads(marker) -> list[tuple[str, str]]:
    """Template tags that try to leave the report's data, and the name the refusal must give."""
    shell = f"touch {marker}"
    return [
        ("{{ lipsum.__globals__['os'].popen('" + shell + "').read() }}", "lipsum"),
        ("{{ self._TemplateReference__context }}", "self"),
        ("{{ cycler.__init__.__globals__.os.popen('" + shell + "').read() }}", "cycler"),
        ("{{ joiner.__init__.__globals__ }}", "joiner"),
        ("{% set ns = namespace() %}{{ ns }}", "namespace"),
        ("{% for i in range(999999999) %}x{% endfor %}", "range"),
        ("{{ summary.__class__.__mro__[1].__subclasses__() }}", ".__class__"),
        ("{{ summary['__class__'] }}", "['__class__']"),
        ("{{ office|attr('__class__') }}", "|attr"),
        ("{{ summary|safe }}", "|safe"),
        ("{{ summary.format(office) }}", "format()"),
        ("{% include 'x.xml' %}", "include"),
        ("{% if summary is callable %}x{% endif %}", "is callable"),
    ]


def test_templates_reaching_outside_the_report_are_refused_naming_the_tag(settings, demo_db, users, tmp_path):
    for tag, name in _payloads(tmp_path / "pwned"):
        with pytest.raises(ValidationError) as info:
            templates.upload_template(
                demo_db, users["staff"], "progress", "x.docx", _docx(["Báo cáo", tag]), settings=settings
            )
        assert info.value.key == "exports.error.template_forbidden", tag
        assert info.value.params["what"] == name
        message = info.value.message("vi")
        assert f"“{name}”" in message and tag.split("(")[0][:20] in message
        assert "only the report's data" in info.value.message("en")
    assert not (tmp_path / "pwned").exists()
    assert demo_db.execute("select count(*) from report_templates").fetchone()[0] == 0


def test_the_common_template_vocabulary_is_accepted(settings, demo_db, users):
    lines = [
        "{% for a in activities %}{{ loop.index }}. {{ a.title|upper }} {{ a.budget|default(0)|int }}{% endfor %}",
        "{% for k, v in totals.items() %}{{ k }}={{ v }}{% endfor %}",
        "{% set n = themes|length %}{{ n }} {{ period.label }} {{ office.get('place') }}",
        "{% if summary is defined and themes|length > 0 %}{{ summary|truncate(50) }}{% endif %}",
    ]
    row = templates.upload_template(demo_db, users["staff"], "progress", "ok.docx", _docx(lines), settings=settings)
    assert row["active"] == 1


def test_a_stored_hostile_template_runs_nothing_when_rendered(settings, demo_db, users, tmp_path, monkeypatch):
    """A template that got in before the upload check (or around it) is still sandboxed."""
    marker = tmp_path / "pwned"
    for tag, _ in _payloads(marker)[:3]:
        with monkeypatch.context() as patched:
            patched.setattr(templates, "_check_tag_uses", lambda data: None)
            templates.upload_template(demo_db, users["staff"], "progress", "x.docx", _docx([tag]), settings=settings)
        try:
            issued = register.issue(
                demo_db, users["staff"], "progress", "2021", with_charts=False, confirm_late=True, settings=settings
            )
        except ValidationError as exc:  # the sandbox refused the attribute
            assert exc.key == "exports.error.template_render"
        else:  # or left it undefined: rendered empty, nothing of the template's internals shown
            text = " ".join(p.text for p in open_docx(issued.data).paragraphs)
            assert "Context" not in text and "office" not in text and "uid=" not in text
        assert not marker.exists()


def test_the_sandbox_has_no_globals_and_only_allowed_filters():
    env = templates.sandbox()
    assert env.globals == {}
    assert set(env.filters) <= templates.ALLOWED_FILTERS and "attr" not in env.filters
    assert env.from_string("{{ x|upper }}").render(x="<b>") == "&lt;B&gt;"


# Templates the sandbox allows that cost without bound (issue 23): each must end in a
# refusal naming the template and the limit, at upload (the trial render on the demo's
# data) and when a stored one is filled.
COSTLY = {
    "string-times-1e8": "{{ 'a' * 10**8 }}",
    "three-nested-loops": "{% for x in 'a'*3000 %}{% for y in 'a'*3000 %}{% for z in 'a'*3000 %}"
    "{% endfor %}{% endfor %}{% endfor %}",
    "wordwrap-of-summary-x100000": "{{ (summary*100000)|wordwrap(1) }}",
    "activities-times-1e8": "{{ activities * 100000000 }}",
    "center-1e9": "{{ summary|center(1000000000) }}",
    "truncate-end-summary-x1e8": "{{ summary|truncate(10, end=summary*100000000) }}",
}


@pytest.fixture
def quick_limits(monkeypatch):
    """The production memory and output limits; a CPU limit of 2 s instead of 10 s so the
    loop probes cost less of a shared machine (the mechanism is the same)."""
    from exports import confined

    monkeypatch.setattr(confined, "CPU_SECONDS", 2)
    return confined


@pytest.mark.parametrize("probe", list(COSTLY))
def test_a_costly_template_is_refused_at_upload_naming_it(settings, demo_db, users, quick_limits, probe):
    with pytest.raises(quick_limits.LimitHit) as info:
        templates.upload_template(
            demo_db,
            users["staff"],
            "progress",
            f"mau-{probe}.docx",
            _docx(["Báo cáo", COSTLY[probe]]),
            settings=settings,
        )
    assert info.value.key.startswith("exports.error.template_limit_")
    assert f"“mau-{probe}.docx”" in info.value.message("vi") and f"“mau-{probe}.docx”" in info.value.message("en")
    assert demo_db.execute("select count(*) from report_templates").fetchone()[0] == 0
    folder = templates.templates_dir(settings)
    assert not folder.exists() or not any(folder.iterdir())


def test_a_stored_costly_template_is_stopped_when_a_report_is_issued(
    settings, demo_db, users, quick_limits, monkeypatch
):
    """One that got in before the trial render existed: the render itself is limited."""
    with monkeypatch.context() as patched:
        patched.setattr(templates, "trial_render", lambda kind, data, name: None)
        templates.upload_template(
            demo_db, users["staff"], "progress", "cu.docx", _docx([COSTLY["center-1e9"]]), settings=settings
        )
    count = demo_db.execute("select count(*) from report_register").fetchone()[0]
    with pytest.raises(quick_limits.LimitHit) as info:
        register.issue(
            demo_db, users["staff"], "progress", "2021", with_charts=False, confirm_late=True, settings=settings
        )
    assert info.value.limit == "memory" and "“cu.docx”" in info.value.message("en")
    assert demo_db.execute("select count(*) from report_register").fetchone()[0] == count


def test_an_output_over_the_limit_is_refused(settings, demo_db, users, quick_limits, monkeypatch):
    monkeypatch.setattr(quick_limits, "OUTPUT_BYTES", 2 * 1024 * 1024)
    with pytest.raises(quick_limits.LimitHit) as info:
        templates.upload_template(
            demo_db, users["staff"], "progress", "to.docx", _docx(["{{ summary * 20000 }}"]), settings=settings
        )
    assert info.value.limit == "output"
