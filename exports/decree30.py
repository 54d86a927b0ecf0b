"""The Decree 30/2020/NĐ-CP (Appendix I) layout of an administrative report, as DOCX bytes.

A report is described as plain values (`Report` with a list of blocks) and rendered
here: A4 portrait, the official margins, Times New Roman, the two-column header with
its rules, number and date line, type name and summary, justified body, page numbers
from page 2, the "Nơi nhận" and signature blocks. Tables are built as one XML string
and parsed once, so a table of thousands of rows costs no per-cell lookups."""

from __future__ import annotations

import functools
import io
import re
import threading
import unicodedata
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.styles import StylesPart
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from core.text import clean_values

FONT = "Times New Roman"
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_CM = (PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]) / 10
LEFT_COL_CM = 6.0
RIGHT_COL_CM = TEXT_WIDTH_CM - LEFT_COL_CM
BODY_PT = 14
FIRST_LINE_INDENT_CM = 1.27
LINE_SPACING = 1.15
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


NBSP, NB_HYPHEN = "\u00a0", "\u2011"
# A body of the city or province named by its level ("UBND thành phố", "HĐND Tỉnh", "UBND TP")
_CITY = re.compile(
    r"\b(UBND|HĐND|Ủy ban nhân dân|Hội đồng nhân dân|Thanh tra|Công an) "
    r"(thành phố|Thành phố|THÀNH PHỐ|TP|tỉnh|Tỉnh)\b(?=(\s*\S)?)"
)
_UY = {"Uỷ": "Ủy", "uỷ": "ủy", "UỶ": "ỦY"}  # the old tone placement of "Ủy" ("Uỷ ban", "Thành uỷ")
_UY_WORD = re.compile(r"\b(?:Uỷ|uỷ|UỶ)\b")


def _city_case(m: re.Match) -> str:
    level = "thành phố" if m.group(2).casefold() in ("thành phố", "tp") else "tỉnh"
    named = bool(m.group(3)) and m.group(3).strip()[0].isupper()  # "UBND thành phố Hà Nội"
    return f"{m.group(1)} {level if named else level.capitalize()}"


def unit_case(text: str) -> str:
    """One spelling of the city's (or province's) bodies in a document, as Hà Nội writes
    them: standing for the city, "UBND Thành phố", "Ủy ban nhân dân Thành phố", "HĐND Thành
    phố", "Văn phòng UBND Thành phố" (never "UBND thành phố", "UBND TP" or "Uỷ ban"); before
    its name, "UBND thành phố Hà Nội". Upper-case lines (headers, signatures) are left as
    they are."""
    text = _UY_WORD.sub(lambda m: _UY[m.group(0)], text or "")
    return _CITY.sub(lambda m: m.group(0) if m.group(2) == "THÀNH PHỐ" else _city_case(m), text)


@functools.lru_cache(maxsize=4096)  # a few hundred characters, measured thousands of times a report
def _em(ch: str, bold: bool) -> float:
    """Approximate advance width of one character in Times New Roman, in em (a little
    generous, so what is measured to fit does fit)."""
    base = unicodedata.normalize("NFD", ch)[0]
    if base.isdigit():
        return 0.5
    if base in " .,:;" or base == NBSP:
        return 0.25
    if base in "/()-\u2011":
        return 0.333
    if base == "\u2026" or base == "%":
        return 1.0 if base == "\u2026" else 0.833
    if base.isupper():
        return 0.68 if bold else 0.64
    if base.isalpha():
        return 0.3 if base in "ijlft" else (0.52 if bold else 0.47)
    return 0.5


def text_width_cm(text: str, size_pt: float, bold: bool = False) -> float:
    """The printed width of `text` on one line, estimated from Times New Roman's metrics."""
    return sum(_em(ch, bold) for ch in text) * size_pt / 72 * 2.54


def unbreakable(text: str) -> str:
    """A figure that must not break: a hyphen inside it (a span of years, 2021-2025) becomes a
    non-breaking hyphen; a leading sign stays as typed. Cells holding figures are also
    no-wrap and wide enough for them (`fit_widths`), which keeps dates and amounts whole."""
    return re.sub(r"(?<=\d)-(?=\d)", NB_HYPHEN, text)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: "I. ...", 2: "1. ...", 3: "a) ..."


@dataclass(frozen=True)
class Para:
    text: str
    italic: bool = False


@dataclass(frozen=True)
class Center:
    """A line centred, bold by default: "GIÁM ĐỐC SỞ NỘI VỤ", "QUYẾT ĐỊNH:" in a decision."""

    text: str
    bold: bool = True


@dataclass(frozen=True)
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str]]
    widths_cm: list[float] | None = None
    numeric: frozenset[int] = frozenset()  # column indexes aligned right
    font_pt: int = 12


@dataclass(frozen=True)
class Chart:
    png: bytes
    caption: str
    width_cm: float = 15.0


@dataclass
class Report:
    """Everything that goes on the page. `office` is core.office.get_office()."""

    office: dict
    number: int | None  # None on a draft: the clerk fills it in when the document is issued
    doc_type: str  # BC
    issued_on: date | None  # None on a draft
    type_name: str  # BÁO CÁO
    summary: str
    blocks: list = field(default_factory=list)
    draft: bool = False  # marks "DỰ THẢO" on the first page
    annex: list = field(default_factory=list)  # blocks after the signature, from a new page
    annex_title: str = ""  # "Phụ lục …"; "Kèm theo … số …" is added under it
    annex_of: str = ""  # "của UBND Thành phố": whose document the annex goes with
    replaces: str = ""  # "05/BC-SNV ngày 10/10/2026": this document replaces that one
    co_signer: list[str] = field(default_factory=list)  # a second signature at left (minutes)


_PHRASES = re.compile(
    r"(?:(?:quý [IVX]+|\d+ tháng(?: đầu| cuối)?|tháng \d+|công vụ) )?năm \d{4}"
    r"|giai đoạn \d{4} ?[-–] ?\d{4}|Đoàn kiểm tra|UBND (?:xã|phường|thành phố|Thành phố) [^,.;]+"
)


def keep_phrases(text: str) -> str:
    """A title breaks between phrases, not inside one: the spaces inside "quý III năm 2026",
    "6 tháng đầu năm 2026", "tháng 10 năm 2026", a unit's name become non-breaking."""
    return _PHRASES.sub(lambda m: m.group(0).replace(" ", NBSP), text)


OFFICIAL_LETTER = "CV"  # công văn: numbered in its own series, printed without a type ("05/SNV-CCHC")


def doc_number(number: int | None, doc_type: str, symbol: str) -> str:
    """'Số: 05/BC-SNV' — numbers below 10 take a leading zero; no number leaves a blank.
    An official letter (công văn) has no type in its number: 'Số: 05/SNV-CCHC'."""
    shown = f"{number:02d}" if number else "      "
    return f"Số: {shown}/{series(doc_type, symbol)}"


def series(doc_type: str, symbol: str) -> str:
    """What follows the number: 'BC-SNV', or the bare symbol of an official letter."""
    return symbol if doc_type in ("", OFFICIAL_LETTER) else f"{doc_type}-{symbol}"


DRAFT_MARK = "DỰ THẢO"


def place_date(place: str, day: date | None) -> str:
    """'Hà Nội, ngày 05 tháng 01 năm 2026': zero-padded days below 10 and months 1–2;
    without a day (a draft) 'Hà Nội, ngày … tháng … năm …' for the clerk to fill in."""
    if day is None:
        return f"{place}, ngày \u2026 tháng \u2026 năm \u2026"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _add_run(p, text: str):
    """`p.add_run(text)` with the city's bodies spelt one way (`unit_case`): a text without
    tab or line break is written as its one w:t at once (python-docx reads every text
    character by character, looking for them)."""
    text = unit_case(text)
    if not text or "\t" in text or "\r" in text or "\n" in text:
        return p.add_run(text)
    run = p.add_run()
    run._r.add_t(text)
    return run


_RUN_PROPERTIES: dict[tuple[float, bool, bool], object] = {}  # (size, bold, italic) -> a w:rPr to copy


def _fonts(run, size: float, bold: bool = False, italic: bool = False) -> None:
    """Times New Roman in every script, the size, bold, italic and black on a new run. The
    properties are set once per (size, bold, italic) through python-docx and copied from
    then on: a document sets them on a hundred runs, and each setter walks the XML."""
    if run._r.rPr is not None:  # a run that has properties of its own keeps them
        _set_fonts(run, size, bold, italic)
        return
    key = (size, bold, italic)
    if key not in _RUN_PROPERTIES:
        scratch = Run(OxmlElement("w:r"), None)
        _set_fonts(scratch, size, bold, italic)
        _RUN_PROPERTIES[key] = scratch._r.rPr
    run._r.insert(0, deepcopy(_RUN_PROPERTIES[key]))


def _set_fonts(run, size: float, bold: bool, italic: bool) -> None:
    run.font.name = FONT
    rpr = run._r.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.color.rgb = RGBColor(0, 0, 0)


_PARAGRAPH_PROPERTIES: dict[tuple, object] = {}  # (kind, …) -> a w:pPr to copy


def _formatted(p, key: tuple, set_format) -> None:
    """`set_format(p.paragraph_format)` on a new paragraph, done once per `key` through
    python-docx and copied from then on (as `_fonts` does for runs)."""
    if p._p.pPr is not None:  # a paragraph that has properties of its own keeps them
        set_format(p.paragraph_format)
        return
    if key not in _PARAGRAPH_PROPERTIES:
        scratch = Paragraph(OxmlElement("w:p"), None)
        set_format(scratch.paragraph_format)
        _PARAGRAPH_PROPERTIES[key] = scratch._p.pPr
    p._p.insert(0, deepcopy(_PARAGRAPH_PROPERTIES[key]))


_PARAGRAPHS: dict[tuple, object] = {}  # (format key, size, bold, italic) -> an empty w:p to copy


def _copy_into(container, prepared) -> Paragraph:
    """A copy of the prepared w:p added at the end of `container` (a document or a cell), as
    `container.add_paragraph()` would add it."""
    blocks = container._body if isinstance(container, DocxDocument) else container
    return Paragraph(blocks._element._insert_p(deepcopy(prepared)), blocks)


def _paragraph(container, key: tuple, set_format, text: str, size: float, bold: bool, italic: bool) -> Paragraph:
    """`container.add_paragraph()` formatted by `set_format` (as `_formatted` does for `key`)
    with one run of `text` in `size`, bold, italic (as `_add_run` and `_fonts` write it). The
    formatted paragraph with its empty run is made once per kind through python-docx and
    copied from then on: a report writes a hundred of them. The city's bodies are spelt one
    way (`unit_case`), as `_add_run` spells them."""
    text = unit_case(text)
    plain = bool(text) and "\t" not in text and "\r" not in text and "\n" not in text
    full = (key, size, bold, italic, plain)
    if full not in _PARAGRAPHS:
        scratch = Paragraph(OxmlElement("w:p"), None)
        _formatted(scratch, key, set_format)
        run = scratch.add_run()
        _fonts(run, size, bold, italic)
        if plain:  # the run's empty w:t, as `add_t` adds it
            run._r.append(OxmlElement("w:t"))
        _PARAGRAPHS[full] = scratch._p
    p = _copy_into(container, _PARAGRAPHS[full])
    if plain:  # `add_t`: the text, kept as written when it starts or ends with a space
        t = p._p[-1][-1]
        t.text = text
        if len(text.strip()) < len(text):
            t.set(qn("xml:space"), "preserve")
    elif text:
        Run(p._p[-1], p).text = text  # tabs and line breaks as python-docx writes them
    return p


def _line(container, text: str, size: float, *, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER, after=0):
    def set_format(fmt) -> None:
        fmt.alignment = align
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(after)
        fmt.first_line_indent = Cm(0)
        fmt.line_spacing = 1.0

    return _paragraph(container, ("line", align, after), set_format, text, size, bold, italic)


def _rule(container, width_cm: float, box_cm: float, *, after: float = 0):
    """A centred horizontal rule `width_cm` long inside a box `box_cm` wide: an empty
    paragraph with a bottom border, narrowed by equal left and right indents (made once per
    size through python-docx, copied from then on)."""
    key = ("rule", width_cm, box_cm, after)
    if key not in _PARAGRAPHS:
        _PARAGRAPHS[key] = _new_rule(width_cm, box_cm, after)._p
    return _copy_into(container, _PARAGRAPHS[key])


def _new_rule(width_cm: float, box_cm: float, after: float) -> Paragraph:
    p = Paragraph(OxmlElement("w:p"), None)
    fmt = p.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    side = max((box_cm - width_cm) / 2, 0)
    fmt.left_indent = fmt.right_indent = Cm(side)
    fmt.first_line_indent = Cm(0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    fmt.line_spacing = Pt(2)
    ppr = p._p.get_or_add_pPr()
    ppr.append(
        parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>')
    )
    _fonts(p.add_run(""), 2)
    return p


def _no_borders(table) -> None:
    tblpr = table._tbl.tblPr
    borders = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tblpr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{borders}</w:tblBorders>"))


def _set_widths(table, widths_cm: list[float]) -> None:
    """Cell widths, the table grid and the table width all agree, in a fixed layout: Word reads
    the cells, LibreOffice the grid; when they disagree a line such as the national name wraps."""
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)
    tbl = table._tbl
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths_cm, strict=False):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    tblpr = tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout", "w:tblInd", "w:tblCellMar"):
        old = tblpr.find(qn(tag))
        if old is not None:
            tblpr.remove(old)
    total = sum(int(Cm(w).twips) for w in widths_cm)
    tblpr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{total}" w:type="dxa"/>'))
    tblpr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    tblpr.append(
        parse_xml(
            f'<w:tblCellMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        )
    )


def _cell_line(cell, text: str, size: float, *, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER, first=False):
    if first:  # a new cell holds one empty paragraph: the line takes its place, so no blank line leads the cell
        empty = cell._tc.p_lst[0]
        empty.getparent().remove(empty)
    return _line(cell, text, size, bold=bold, italic=italic, align=align)


def _setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    rfonts = normal.element.get_or_add_rPr().find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = LINE_SPACING
    # Page number centred at the top from page 2: the first page gets its own (empty) header.
    section.different_first_page_header_footer = True
    header_p = section.header.paragraphs[0]
    header_p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header_p.paragraph_format.first_line_indent = Cm(0)
    run = header_p.add_run()
    _fonts(run, BODY_PT)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)
    section.first_page_header.is_linked_to_previous = False
    section.first_page_header.paragraphs[0].text = ""


def issuing_rule_cm(issuing_body: str) -> float:
    """The rule under the issuing body: 1/3 to 1/2 of the line's length (Decree 30)."""
    return round(text_width_cm(issuing_body, 13, bold=True) * 0.4, 2)


def motto_rule_cm() -> float:
    """The rule under the motto spans the whole line (Decree 30)."""
    return round(text_width_cm(MOTTO, 13, bold=True), 2)


def _header(doc, report: Report) -> None:
    office = report.office
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    left, right = table.rows[0].cells
    issuing = office["issuing_body"].upper()
    if (office.get("parent_body") or "").strip():
        _cell_line(left, office["parent_body"].upper(), 13, first=True)
        _cell_line(left, issuing, 13, bold=True)
    else:
        _cell_line(left, issuing, 13, bold=True, first=True)
    _rule(left, issuing_rule_cm(issuing), LEFT_COL_CM)
    _cell_line(right, NATIONAL_NAME, 12, bold=True, first=True)
    _cell_line(right, MOTTO, 13, bold=True)
    _rule(right, motto_rule_cm(), RIGHT_COL_CM)
    number_cell, date_cell = table.rows[1].cells
    p = _cell_line(number_cell, doc_number(report.number, report.doc_type, office["doc_symbol"]), 13, first=True)
    p.paragraph_format.space_before = Pt(6)
    p = _cell_line(date_cell, place_date(office["place"], report.issued_on), 14, italic=True, first=True)
    p.paragraph_format.space_before = Pt(6)
    _set_widths(table, [LEFT_COL_CM, RIGHT_COL_CM])
    p = _line(doc, report.type_name.upper(), 14, bold=True)
    p.paragraph_format.space_before = Pt(18)
    if report.summary:
        _line(doc, keep_phrases(report.summary), 14, bold=True)
    if report.replaces:
        _line(doc, f"(Thay thế văn bản số {report.replaces})", 13, italic=True)
    _rule(doc, 4.0, TEXT_WIDTH_CM, after=12)


def _body_para(doc, text: str, *, bold=False, italic=False, heading=False):
    def set_format(fmt) -> None:
        fmt.keep_with_next = heading  # a heading never stays alone at the foot of a page
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Cm(FIRST_LINE_INDENT_CM)
        fmt.space_after = Pt(6)
        fmt.line_spacing = LINE_SPACING

    return _paragraph(doc, ("body", heading), set_format, text, BODY_PT, bold, italic)


def _centre(doc, text: str, bold: bool):
    p = _line(doc, text, BODY_PT, bold=bold, after=6)
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.keep_with_next = True
    return p


def _caption(doc, text: str, *, italic: bool, before: float = 6) -> None:
    p = _line(doc, text, 13, bold=not italic, italic=italic, after=6)
    p.paragraph_format.space_before = Pt(before)
    p.paragraph_format.keep_with_next = not italic


def _run_xml(text: str, size_half_points: int, bold: bool) -> str:
    rpr = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>'
    if bold:
        rpr += "<w:b/>"
    rpr += f'<w:color w:val="000000"/><w:sz w:val="{size_half_points}"/><w:szCs w:val="{size_half_points}"/>'
    return f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


_FIGURE = re.compile(r"^[+\-−]?[\d.,/:%\u00a0 \-]*\d[\d.,/:%\u00a0\-]*(?: ?%)?$")
CELL_PADDING_CM = 0.3  # both cell margins (70 twips each) and a little air


def _is_figure(value: str) -> bool:
    """A number, amount, percentage or date: kept on one line in its cell."""
    return bool(value) and bool(_FIGURE.match(value.strip()))


def fit_widths(table: Table) -> list[float]:
    """Column widths that hold every figure on one line: a column narrower than its widest
    number or date (or the longest word of its header) is widened, and the room is taken
    from the widest text column, so the table keeps its overall width."""
    count = len(table.columns)
    widths = list(table.widths_cm or [TEXT_WIDTH_CM / count] * count)
    need = [0.0] * count
    for i, title in enumerate(table.columns):
        need[i] = max((text_width_cm(word, table.font_pt, bold=True) for word in title.split()), default=0.0)
    for row in table.rows:
        for i in range(min(count, len(row))):
            value = str(row[i])
            if _is_figure(value):
                need[i] = max(need[i], text_width_cm(value, table.font_pt))
    for i in range(count):
        extra = need[i] + CELL_PADDING_CM - widths[i]
        if extra > 0:
            donor = max((j for j in range(count) if j != i), key=lambda j: widths[j] - need[j] - CELL_PADDING_CM)
            spare = widths[donor] - need[donor] - CELL_PADDING_CM
            if spare > 0:
                moved = min(extra, spare)
                widths[donor] -= moved
                widths[i] += moved
    return [round(w, 2) for w in widths]


def table_xml(table: Table) -> str:
    """The whole w:tbl as one string: grid borders, a repeated header row (w:tblHeader)."""
    count = len(table.columns)
    widths = fit_widths(table)
    twips = [int(w * 567) for w in widths]
    size = table.font_pt * 2
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    cell_pr = [f'<w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>' for w in twips]
    nowrap_pr = [f'<w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:noWrap/></w:tcPr>' for w in twips]
    p_pr = (
        '<w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/>'
        "{}</w:pPr>"
    )
    center, right, left = '<w:jc w:val="center"/>', '<w:jc w:val="right"/>', '<w:jc w:val="left"/>'
    aligns = [p_pr.format(right if i in table.numeric else left) for i in range(count)]
    header_pr = p_pr.format(center)
    parts = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="70" w:type="dxa"/><w:right w:w="70" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        ' w:noHBand="0" w:noVBand="1"/>'
        "</w:tblPr><w:tblGrid>",
        "".join(f'<w:gridCol w:w="{w}"/>' for w in twips),
        "</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
    ]
    for i, title in enumerate(table.columns):
        parts.append(f"<w:tc>{cell_pr[i]}<w:p>{header_pr}{_run_xml(title, size, True)}</w:p></w:tc>")
    parts.append("</w:tr>")
    for row in table.rows:
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for i in range(count):
            value = str(row[i] if i < len(row) else "")
            if _is_figure(value):
                cell = f"<w:tc>{nowrap_pr[i]}<w:p>{aligns[i]}{_run_xml(unbreakable(value), size, False)}</w:p></w:tc>"
            else:
                cell = f"<w:tc>{cell_pr[i]}<w:p>{aligns[i]}{_run_xml(unit_case(value), size, False)}</w:p></w:tc>"
            parts.append(cell)
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _append_table(doc, table: Table) -> None:
    _caption(doc, table.caption, italic=False)
    body = doc.element.body
    body.sectPr.addprevious(parse_xml(table_xml(table)))
    # A short empty paragraph after the table keeps two tables from fusing.
    _line(doc, "", 6)


def _append_chart(doc, chart: Chart) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.keep_with_next = True
    p.add_run().add_picture(io.BytesIO(chart.png), width=Cm(min(chart.width_cm, TEXT_WIDTH_CM)))
    _caption(doc, chart.caption, italic=True, before=0)


def _closing(doc, report: Report) -> None:
    office = report.office
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    if report.co_signer:  # minutes: the unit's head signs at left, no "Nơi nhận"
        for n, line in enumerate(report.co_signer[:-1]):
            _cell_line(left, line.upper(), 14, bold=True, first=n == 0)
        for _ in range(4):
            _cell_line(left, "", 14)
        _cell_line(left, report.co_signer[-1], 14, bold=True)
    else:
        _cell_line(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
        for recipient in office.get("recipients") or []:
            _cell_line(left, f"- {recipient};", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
        _cell_line(left, f"- Lưu: {office.get('archive_note') or 'VT'}.", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    lines = office.get("signer_lines") or [office.get("signer_authority"), office.get("signer_title")]
    for line in lines:
        if line:
            _cell_line(right, line.upper(), 14, bold=True, first=first)
            first = False
    for _ in range(4):
        _cell_line(right, "", 14, first=first)
        first = False
    if office.get("signer_name"):
        _cell_line(right, office["signer_name"], 14, bold=True)
    _set_widths(table, [TEXT_WIDTH_CM / 2, TEXT_WIDTH_CM / 2])
    # Keep "Nơi nhận" and the signature together on one page.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    p = table._tbl.getprevious()
    if p is None or p.tag != qn("w:p"):
        table._tbl.addprevious(OxmlElement("w:p"))


def _draft_mark(doc) -> None:
    """'DỰ THẢO' boxed at the top right of the first page, above the header."""
    p = _line(doc, DRAFT_MARK, 14, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, after=6)
    border = '<w:{0} w:val="single" w:sz="8" w:space="2" w:color="000000"/>'
    sides = "".join(border.format(side) for side in ("top", "left", "bottom", "right"))
    p._p.get_or_add_pPr().append(parse_xml(f"<w:pBdr {nsdecls('w')}>{sides}</w:pBdr>"))
    p.paragraph_format.left_indent = Cm(TEXT_WIDTH_CM - 3.4)


def _blocks(doc, blocks: list) -> list:
    """Render body blocks; returns the paragraphs written, in order."""
    written = []
    for block in blocks:
        if isinstance(block, Heading):
            written.append(_body_para(doc, block.text, bold=True, heading=True))
        elif isinstance(block, Para):
            written.append(_body_para(doc, block.text, italic=block.italic))
        elif isinstance(block, Center):
            written.append(_centre(doc, block.text, block.bold))
        elif isinstance(block, Table):
            _append_table(doc, block)
            written.append(None)
        elif isinstance(block, Chart):
            _append_chart(doc, block)
            written.append(None)
        else:
            raise TypeError(f"unknown block {block!r}")
    return written


def _keep_with_closing(paragraphs: list) -> None:
    """The signature never stands alone on a page: the last paragraph of the body (and the
    spacer after it) keep with the closing table, whose one row cannot split."""
    for p in reversed(paragraphs):
        if p is None:
            break
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.keep_together = True
        if p.text.strip():
            break


def _annex(doc, report: Report) -> None:
    """Annexes after the signature, from a new page: "PHỤ LỤC" (and the annex's name, from a
    title "Phụ lục. Một số chỉ tiêu …"), then "(Kèm theo Báo cáo số …/BC-UBND ngày … tháng …
    năm … của UBND Thành phố)" — a draft leaves the number and date to the clerk."""
    head, _, name = (report.annex_title or "Phụ lục").partition(". ")
    p = _line(doc, head.upper(), 14, bold=True)
    p.paragraph_format.page_break_before = True
    if name.strip():
        _line(doc, name.strip().upper(), 14, bold=True)
    symbol = series(report.doc_type, report.office["doc_symbol"])
    number = f"{report.number:02d}/{symbol}" if report.number else f"\u2026/{symbol}"
    day = place_date(report.office["place"], report.issued_on).split(", ", 1)[1]
    of = f" {report.annex_of}" if report.annex_of else ""
    _line(doc, f"(Kèm theo {report.type_name.capitalize()} số {number} {day}{of})", 13, italic=True, after=12)
    _blocks(doc, report.annex)


class _SetUpStyles(StylesPart):
    """The styles of the set-up document (`_setup`), shared by each of its copies and never
    changed after the setup (a report names no style), so written out once: they are
    python-docx's 350 KB of default styles, most of a document's cost to copy and to save."""

    _written: bytes = b""

    @property
    def blob(self) -> bytes:
        return self._written


_SET_UP: list = []  # the one document set up by `_setup`, and its styles element
_SET_UP_LOCK = threading.Lock()


def _new_document():
    """A new document with the Decree 30 page, styles and page numbers (`_setup`): a copy of
    one set up once per process, sharing its styles. python-docx parses its 0,8 MB of default
    styles for each `Document()`, which costs more than the whole setup, and the setup is
    the same every time."""
    with _SET_UP_LOCK:  # the copy reads the shared tree; no two threads at once
        if not _SET_UP:
            doc = Document()
            _setup(doc)
            styles = doc.part.part_related_by(RT.STYLES)
            styles.__class__ = _SetUpStyles
            styles._written = serialize_part_xml(styles.element)
            _SET_UP.extend([doc, styles.element])
        doc, styles = _SET_UP
        return deepcopy(doc, {id(styles): styles})


def render(report: Report) -> bytes:
    """The report as DOCX bytes in the Decree 30 layout."""
    report = clean_values(report)  # no stored character can stop the writer (core.text)
    doc = _new_document()
    if report.draft:
        _draft_mark(doc)
    # The template starts with no paragraphs; the header table goes first.
    _header(doc, report)
    written = _blocks(doc, report.blocks)
    written.append(_line(doc, "", 6, after=6))
    _keep_with_closing(written)
    _closing(doc, report)
    if report.annex:
        _annex(doc, report)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
