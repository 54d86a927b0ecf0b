"""Word templates an office uploads per report kind (docxtpl tags on python-docx), and
the switch back to the built-in Decree 30 layout.

An upload is refused unless it is a DOCX that python-docx opens and whose Jinja tags
compile; a broken tag is reported with the paragraph (line) it sits on and its text.

Templates come from other offices, so they are untrusted code: they render in Jinja2's
immutable sandbox with no globals, an allow-list of filters and tests, and only the
report's values in scope; an upload that reaches for anything else (a name that is not
report data, an attribute starting with "_", a filter, test or call off the lists,
include/import/extends) is refused, naming the tag.

The sandbox bounds what a template can reach, not what it costs: `{{ 'a' * 10**8 }}` or
three nested loops are allowed Jinja. So a template is filled in a child process with
CPU-time, memory and output-size limits (exports.confined), and an upload is first
filled once with the demo's data: a template that hits a limit there is refused, naming
the template and the limit."""

from __future__ import annotations

import functools
import hashlib
import io
import re
import sqlite3
import tempfile
import threading
from datetime import date
from pathlib import Path

import jinja2
from docx import Document
from docx.oxml import parse_xml
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from sqlite_utils import Database

from core import audit, office_files, uploads
from core.errors import ValidationError
from core.i18n import utc_now_iso
from core.office import get_office
from core.permissions import SYSTEM, User, require
from core.settings import Settings
from core.text import clean_values
from exports import confined, store
from exports.decree30 import Chart, Report, Table, doc_number, place_date

MAX_BYTES = 10 * 1024 * 1024
_DOCXTPL_PREFIX = re.compile(r"({%|{{)\s*(p|tr|tc|r)\s")
_DOCXTPL_SUFFIX = re.compile(r"\s*(%}|}})")


def templates_dir(settings: Settings) -> Path:
    return settings.uploads_dir / "report_templates"


# What a template may use: the report's values (see `context`), names it binds itself
# (loop targets, set), `loop`, and these filters, tests and methods.
CONTEXT_NAMES = frozenset(
    {"office", "number", "symbol", "place_date", "summary", "period", "narrative", "totals", "themes"}
    | {"activities", "tables", "charts"}
)
ALLOWED_FILTERS = frozenset(
    {"abs", "batch", "capitalize", "center", "count", "d", "default", "dictsort", "e", "escape", "first"}
    | {"float", "format", "groupby", "int", "join", "last", "length", "list", "lower", "map", "max", "min"}
    | {"reject", "rejectattr", "replace", "reverse", "round", "select", "selectattr", "slice", "sort"}
    | {"string", "striptags", "sum", "title", "trim", "truncate", "unique", "upper", "wordcount", "wordwrap"}
)
ALLOWED_TESTS = frozenset(
    {"boolean", "defined", "divisibleby", "eq", "equalto", "even", "false", "float", "ge", "gt", "in"}
    | {"integer", "iterable", "le", "lower", "lt", "mapping", "ne", "none", "number", "odd", "sequence"}
    | {"string", "true", "undefined", "upper"}
)
ALLOWED_METHODS = frozenset({"items", "keys", "values", "get", "cycle", "upper", "lower", "strip", "title"})
_TAG_NODES = {nodes.Extends: "extends", nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "import"}


def sandbox() -> ImmutableSandboxedEnvironment:
    """The environment templates render in: sandboxed, no globals (no lipsum, range,
    cycler, joiner, namespace, dict), only the allowed filters and tests."""
    env = ImmutableSandboxedEnvironment(autoescape=True)
    env.globals.clear()
    env.filters = {name: f for name, f in env.filters.items() if name in ALLOWED_FILTERS}
    env.tests = {name: f for name, f in env.tests.items() if name in ALLOWED_TESTS}
    return env


def forbidden_uses(source: str) -> list[tuple[int, str]]:
    """(line, what) for each use in a template's source of anything but report data and
    the allowed filters, tests and methods. The source must parse."""
    tree = jinja2.Environment().parse(source)
    bound = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")} | {"loop"}
    found = []
    for node in tree.find_all(nodes.Node):
        what, rank = _forbidden(node, bound), 0
        if what is not None:
            rank = 0 if isinstance(node, nodes.Name) else 2 if isinstance(node, nodes.Call) else 1
            found.append((node.lineno, rank, what))
    return [(line, what) for line, _, what in sorted(found)]


def _forbidden(node: nodes.Node, bound: set[str]) -> str | None:
    """How `node` reaches outside the report's data, or None when it does not."""
    if isinstance(node, nodes.Name) and node.ctx == "load" and node.name not in CONTEXT_NAMES | bound:
        return node.name
    if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
        return "." + node.attr
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and str(node.arg.value)[:1] == "_":
        return f"[{node.arg.value!r}]"
    if isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
        return "|" + node.name
    if isinstance(node, nodes.Test) and node.name not in ALLOWED_TESTS:
        return "is " + node.name
    if isinstance(node, nodes.Call) and not (
        isinstance(node.node, nodes.Getattr) and node.node.attr in ALLOWED_METHODS
    ):
        callee = node.node
        return (callee.attr if isinstance(callee, nodes.Getattr) else getattr(callee, "name", "")) + "()"
    return _TAG_NODES.get(type(node))


def _tagged_parts(data: bytes) -> list[str]:
    """The Jinja source docxtpl renders (body, headers, footers), one paragraph per line."""
    tpl = DocxTemplate(io.BytesIO(data))
    doc = Document(io.BytesIO(data))
    parts = [tpl.xml_to_string(doc.element.body)]
    for rel in doc.part.rels.values():
        if rel.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI) and rel.target_part.blob:
            parts.append(tpl.xml_to_string(parse_xml(rel.target_part.blob)))
    return [re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml)) for xml in parts]


def _check_tag_uses(data: bytes) -> None:
    for source in _tagged_parts(data):
        try:
            uses = forbidden_uses(source)
        except jinja2.TemplateSyntaxError as exc:
            raise ValidationError("exports.error.template_syntax", line="?", text="", message=exc.message) from None
        if uses:
            line, what = uses[0]
            lines = source.split("\n")
            shown = re.sub(r"<[^>]+>", "", lines[line - 1]).strip() if 0 < line <= len(lines) else ""
            raise ValidationError("exports.error.template_forbidden", what=what, text=shown[:200])


def _lines(doc) -> list[str]:
    """The template's text, one paragraph per line (table cells included, in order)."""
    body = doc.element.body
    lines = []
    for p in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
        lines.append(
            "".join(t.text or "" for t in p.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
        )
    return lines


def check_template(data: bytes) -> list[str]:
    """Raise ValidationError unless `data` is a DOCX with well-formed docxtpl tags;
    return the template's undeclared variables."""
    if len(data) > MAX_BYTES:
        raise ValidationError("exports.error.template_too_large", mb=MAX_BYTES // (1024 * 1024))
    try:
        doc = office_files.open_docx(data)  # caps, zip bombs and DTDs refused before parsing
    except office_files.DamagedFile as exc:
        raise ValidationError("exports.error.template_not_docx") from exc
    lines = _lines(doc)
    text = "\n".join(_DOCXTPL_PREFIX.sub(r"\1 ", line) for line in lines)
    env = jinja2.Environment()
    try:
        env.parse(text)
    except jinja2.TemplateSyntaxError as exc:
        line = exc.lineno or 0
        shown = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        raise ValidationError(
            "exports.error.template_syntax", line=line, text=shown[:200], message=exc.message
        ) from None
    _check_tag_uses(data)
    try:
        return sorted(DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables())
    except jinja2.TemplateError as exc:
        raise ValidationError("exports.error.template_syntax", line="?", text="", message=str(exc)) from None


# The demo's period of each kind's data (a kind not listed: the current year).
TRIAL_PERIODS = {"progress": "2021", "cchc": "2021", "inspection": "2026-H1", "indices": "2024"}


@functools.lru_cache(maxsize=1)
def _demo_database() -> Database:
    """The demo, built once per process in memory, for trial renders."""
    from core.db import AppDatabase, migrate
    from core.demo import build_demo

    demo = AppDatabase(sqlite3.connect(":memory:", check_same_thread=False))
    migrate(demo)
    build_demo(demo)
    return demo


_demo_lock = threading.Lock()


def trial_render(kind: str, data: bytes, name: str) -> None:
    """Fill the template `data` once with the demo's report of `kind`, within the limits;
    raise confined.LimitHit (naming `name`) when it hits one. Other render errors are
    left to the real render (a tag that needs the office's own data)."""
    from core.periods import parse_period
    from exports.kinds import build

    period = parse_period(TRIAL_PERIODS.get(kind, str(date.today().year)))
    with _demo_lock:
        demo = _demo_database()
        content = build(demo, SYSTEM, kind, period, with_charts=False)
        report = Report(get_office(demo), None, "BC", None, "BÁO CÁO", content.summary, content.blocks, draft=True)
    with tempfile.TemporaryDirectory(prefix="cchc-trial-") as folder:
        path = Path(folder) / "template.docx"
        path.write_bytes(data)
        try:
            confined.render(fill, path, report, content, name)
        except confined.LimitHit:
            raise
        except ValidationError:
            pass


def upload_template(db: Database, actor: User, kind: str, file_name: str, data: bytes, *, settings: Settings) -> dict:
    """Store a checked template and make it the one used for `kind` (stored through
    core.uploads: a random name, on disk only if the row is saved)."""
    require(actor, "reports.templates")
    from exports.kinds import BUILDERS

    if kind not in BUILDERS:
        raise ValidationError("exports.error.kind_unknown", kind=kind)
    check_template(data)
    checked = uploads.check(data, file_name, max_bytes=settings.upload_max_bytes, kinds=("docx",))
    trial_render(kind, data, checked.name)
    digest = hashlib.sha256(data).hexdigest()
    with uploads.keep(checked, templates_dir(settings), prefix=f"{kind}-") as stored, db.atomic():
        row = {
            "kind": kind,
            "file_name": checked.name,
            "stored_name": stored.name,
            "sha256": digest,
            "size": len(data),
            "active": 1,
            "uploaded_by": actor.id,
            "uploaded_at": utc_now_iso(),
        }
        store.deactivate_templates(db, kind)
        template_id = store.insert_template(db, row)
        audit.record(db, actor, "create", "report_templates", template_id, None, row)
    return {**row, "id": template_id}


def use_builtin(db: Database, actor: User, kind: str) -> int:
    """Go back to the built-in Decree 30 layout for `kind`; returns templates switched off."""
    require(actor, "reports.templates")
    with db.atomic():
        before = store.active_template(db, kind)
        count = store.deactivate_templates(db, kind)
        if before:
            audit.record(db, actor, "update", "report_templates", before["id"], {"active": 1}, {"active": 0})
    return count


def list_templates(db: Database, actor: User) -> list[dict]:
    require(actor, "reports.view")
    return store.list_templates(db)


def context(tpl: DocxTemplate, report: Report, content) -> dict:
    """What a template can use: office, number, symbol, date line, summary, period,
    narrative sections, totals, themes, activities, tables and charts."""
    office = report.office
    tables = [b for b in report.blocks if isinstance(b, Table)]
    charts = [b for b in report.blocks if isinstance(b, Chart)]
    return {
        "office": office,
        "number": f"{report.number:02d}" if report.number else "",
        "symbol": doc_number(report.number, report.doc_type, office["doc_symbol"]),
        "place_date": place_date(office["place"], report.issued_on),
        "summary": report.summary,
        "period": {
            "code": content.period.code,
            "label": content.period.label_vi(),
            "start": f"{content.period.start:%d/%m/%Y}",
            "end": f"{content.period.end:%d/%m/%Y}",
        },
        "narrative": content.narrative,
        "totals": content.figures.get("totals") or {},
        "themes": content.figures.get("themes") or [],
        "activities": content.figures.get("activities") or [],
        "tables": [{"caption": t.caption, "columns": t.columns, "rows": t.rows} for t in tables],
        "charts": [{"caption": c.caption, "image": InlineImage(tpl, io.BytesIO(c.png), width=Cm(15))} for c in charts],
    }


def render_template(path: Path, report: Report, content, name: str | None = None) -> bytes:
    """Fill an uploaded template (shown to people as `name`) with the report's values, in
    the sandbox, in a child process within the limits of exports.confined; DOCX bytes."""
    return confined.render(fill, path, report, content, name or Path(path).name)


def fill(path: Path, report: Report, content) -> bytes:
    """Fill the template in this process, in the sandbox (the child of exports.confined)."""
    tpl = DocxTemplate(str(path))
    report, content = clean_values(report), clean_values(content)  # nothing stored stops the writer
    try:
        tpl.render(context(tpl, report, content), jinja_env=sandbox(), autoescape=True)
    except jinja2.TemplateError as exc:
        raise ValidationError("exports.error.template_render", message=str(exc)) from None
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()
