"""One guarded way to read uploaded Word (DOCX) and Excel (XLSX) files.

Both are zip packages of XML. Before any parser sees one, the package is checked on its
central directory (file size, number of parts, each part's and the total inflated size,
compression ratio) and every part is read once, inflated in bounded pieces; XML parts (by
name or by content) are searched to refuse document type declarations (so no entity
expansion — billion laughs — and no external entities — XXE) and XML that is not UTF-8.
zipfile itself stops a part at its declared size (a part that inflates further fails its
CRC), so the declared sizes are the real caps.
Sheets are read in openpyxl's streaming mode, at most `max_rows` x `max_cols`, with merged
ranges clipped to the cells actually used; Word tables are read in one linear pass.

Every refusal is a ValidationError with its own message key; `DamagedFile` (a subclass)
means "not a package at all, or broken", which callers may word in their own terms.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from core.errors import ValidationError
from core.text import nfc

MB = 1024 * 1024
# Markup declarations (<!DOCTYPE, <!ENTITY, <!ATTLIST…) — never in an Office file. Comments
# (<!--) and CDATA sections (<![CDATA[) are ordinary.
_DECLARATION = re.compile(rb"<!(?!--|\[CDATA\[)")
_LOOKAHEAD = len(b"<![CDATA[")
_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)[\"']", re.I)
_MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_GRID_SPAN = re.compile(rb"gridSpan\s+(?:\w+:)?val\s*=\s*[\"']\s*(\d+)")
_XML_PART = (".xml", ".rels", ".vml")


class DamagedFile(ValidationError):
    """Not a zip package, or a damaged one (truncated, bad CRC, missing its main part)."""


@dataclass(frozen=True)
class Limits:
    """The caps every office file read respects (defaults fit the office's real files:
    plans, index frameworks and results, unit lists, report templates)."""

    max_file_bytes: int = 20 * MB
    max_entries: int = 2000
    max_entry_bytes: int = 32 * MB  # one inflated part (a sheet, document.xml, an image)
    max_total_bytes: int = 100 * MB  # all parts inflated
    max_ratio: int = 100  # inflated / compressed, per part over 1 MB and for the whole file
    max_rows: int = 20_000
    max_cols: int = 256
    max_cells: int = 2_000_000  # the used area of a sheet, and all merged cells filled in it


LIMITS = Limits()


def _mb(n: int) -> int:
    return max(1, n // MB)


def check_package(data: bytes, main_part: str, limits: Limits = LIMITS) -> None:
    """Refuse `data` unless it is a zip package holding `main_part` (e.g. word/document.xml),
    within the caps, whose XML parts carry no document type declaration."""
    if len(data) > limits.max_file_bytes:
        raise ValidationError("error.office_too_large", mb=_mb(limits.max_file_bytes))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_directory(infos, len(data), main_part, limits)
            for info in infos:
                _scan_part(archive, info, limits)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
        NotImplementedError,  # a compression method zipfile does not know
        RuntimeError,  # an encrypted part
        ValueError,
    ) as exc:
        raise DamagedFile("error.office_damaged") from exc


def _check_directory(infos: list[zipfile.ZipInfo], size: int, main_part: str, limits: Limits) -> None:
    if len(infos) > limits.max_entries:
        raise ValidationError("error.office_too_many_parts", n=limits.max_entries)
    if main_part not in {i.filename for i in infos}:
        raise DamagedFile("error.office_damaged")
    total = 0
    for info in infos:
        if info.file_size > limits.max_entry_bytes:
            raise ValidationError("error.office_unpacked_too_large", mb=_mb(limits.max_entry_bytes))
        if info.file_size > MB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise ValidationError("error.office_ratio", ratio=limits.max_ratio)
        total += info.file_size
    if total > limits.max_total_bytes:
        raise ValidationError("error.office_unpacked_too_large", mb=_mb(limits.max_total_bytes))
    if total > MB and total > limits.max_ratio * max(size, 1):
        raise ValidationError("error.office_ratio", ratio=limits.max_ratio)


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> None:
    """Read one part in pieces (never more than 1 MB at a time). An XML part — by its name,
    or by its first bytes, since the package's relationships may point a parser at any
    name — is searched for markup declarations and, in Word parts, spans wider than a table
    may be. Other parts (images…) are only checked to inflate as declared."""
    carry = b""
    xml = info.filename.lower().endswith(_XML_PART)
    with archive.open(info) as part:
        piece = part.read(MB)
        if xml or _looks_like_xml(piece):
            _check_encoding(piece)
            xml = True
        while True:
            if xml:
                buffer = carry + piece
                for found in _DECLARATION.finditer(buffer):
                    if piece == b"" or found.start() + _LOOKAHEAD <= len(buffer):  # enough bytes to judge
                        raise ValidationError("error.office_dtd")
                for span in _GRID_SPAN.finditer(buffer):
                    if int(span.group(1)) > limits.max_cols:
                        raise ValidationError("error.office_too_many_columns", n=limits.max_cols)
                carry = buffer[-64:]
            if not piece:
                return
            piece = part.read(MB)


def _looks_like_xml(head: bytes) -> bool:
    head = head[:64].removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith((b"<", b"\xff\xfe", b"\xfe\xff", b"\x00<"))


def _check_encoding(head: bytes) -> None:
    """Office writes UTF-8; anything else (UTF-16, UTF-7…) could hide a declaration from the scan."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:4]:
        raise ValidationError("error.office_encoding")
    declared = _XML_DECLARATION.match(head.removeprefix(b"\xef\xbb\xbf"))
    if declared and declared.group(1).lower().replace(b"-", b"").replace(b"_", b"") != b"utf8":
        raise ValidationError("error.office_encoding")


# --- Word ----------------------------------------------------------------------


def open_docx(data: bytes, limits: Limits = LIMITS):
    """A python-docx Document of a checked package. Raises ValidationError (DamagedFile
    when python-docx cannot read it)."""
    from docx import Document

    check_package(data, "word/document.xml", limits)
    try:
        return Document(io.BytesIO(data))
    except ValidationError:
        raise
    except Exception as exc:  # a parser's own error on hostile input is still "damaged"
        raise DamagedFile("error.office_damaged") from exc


def docx_tables(data: bytes, limits: Limits = LIMITS) -> list[list[list[str]]]:
    """Every table of a DOCX as rows of cell texts (NFC, stripped). A cell spanning several
    grid columns repeats, and a vertically merged cell repeats its top cell's text, as
    python-docx's `row.cells` does — but in one pass (python-docx walks each merge chain
    upwards, recursively, from every cell in it). At most `max_rows` rows in all."""
    from docx.table import _Cell

    document = open_docx(data, limits)
    tables, rows = [], 0
    for table in document.tables:
        grid: list[list[str]] = []
        above: list[str] = []
        for tr in table._tbl.tr_lst:
            rows += 1
            if rows > limits.max_rows:
                raise ValidationError("error.office_too_many_rows", n=limits.max_rows)
            texts: list[str] = []
            for tc in tr.tc_lst:
                span = tc.grid_span
                if len(texts) + span > limits.max_cols:
                    raise ValidationError("error.office_too_many_columns", n=limits.max_cols)
                if tc.vMerge == "continue":
                    texts.extend(above[len(texts) : len(texts) + span] or [""] * span)
                else:
                    texts.extend([nfc(_Cell(tc, table).text).strip()] * span)
            grid.append(texts)
            above = texts
        tables.append(grid)
    return tables


# --- Excel ---------------------------------------------------------------------


@dataclass
class Sheet:
    title: str
    rows: list[list[Any]]  # from A1 to the last used row and column; short sheets are not padded further


def xlsx_sheets(data: bytes, fill_merged: bool = True, limits: Limits = LIMITS) -> list[Sheet]:
    """Every worksheet's cell values (cached results, not formulas), from A1 to the last used
    cell. With `fill_merged`, each cell of a merged range holds the range's top-left value;
    ranges are clipped to the used area first, so `H3:XFD1048576` costs what the sheet holds.
    Refuses a value beyond `max_rows` or `max_cols`, and used areas over `max_cells`."""
    from openpyxl import load_workbook

    check_package(data, "xl/workbook.xml", limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ValidationError:
        raise
    except Exception as exc:
        raise DamagedFile("error.office_damaged") from exc
    try:
        sheets = []
        for ws in workbook.worksheets:
            rows = _sheet_rows(ws, limits)
            if fill_merged and rows:
                _fill_merged(rows, _merged_ranges(ws, limits), limits)
            sheets.append(Sheet(ws.title, rows))
        return sheets
    except ValidationError:
        raise
    except Exception as exc:
        raise DamagedFile("error.office_damaged") from exc
    finally:
        workbook.close()


def xlsx_rows(data: bytes, sheet: str | None = None, limits: Limits = LIMITS) -> list[list[Any]]:
    """The rows of one sheet (the first by default), merged ranges left as Excel stores them
    (value in the top-left cell only) — for imports of flat tables (indices, services)."""
    sheets = xlsx_sheets(data, fill_merged=False, limits=limits)
    if sheet is None:
        if not sheets:
            raise DamagedFile("error.office_damaged")
        return sheets[0].rows
    for found in sheets:
        if found.title == sheet:
            return found.rows
    raise ValidationError("error.office_no_sheet", sheet=sheet)


def _sheet_rows(ws, limits: Limits) -> list[list[Any]]:
    """Rows up to the cap, values beyond the column cap refused.
    openpyxl stops parsing at `max_row`; only a sheet that reaches the cap is read on, for
    values only, to refuse it rather than cut it."""
    ws.reset_dimensions()  # the file's own <dimension> may claim A1:XFD1048576
    cut_row = ws._get_row  # openpyxl's: one parsed row cut (or padded) to max_col

    def row_within_cap(row, min_col=1, max_col=None, values_only=False):
        if any(cell["column"] > limits.max_cols and cell["value"] is not None for cell in row):
            raise ValidationError("error.office_too_many_columns", n=limits.max_cols)
        return cut_row(row, min_col, max_col, values_only)

    ws._get_row = row_within_cap  # a value far to the right is refused, not silently cut
    kept: list[list[Any]] = []
    width = 0
    for index, values in enumerate(
        ws.iter_rows(min_row=1, max_row=limits.max_rows + 1, max_col=limits.max_cols, values_only=True), start=1
    ):
        last = max((i for i, v in enumerate(values, start=1) if v is not None), default=0)
        if not last:
            kept.append([])
            continue
        if index > limits.max_rows:
            raise ValidationError("error.office_too_many_rows", n=limits.max_rows)
        width = max(width, last)
        if len(kept) * width > limits.max_cells:
            raise ValidationError("error.office_too_many_cells", n=limits.max_cells)
        kept.append(list(values[:last]))
    if len(kept) > limits.max_rows:  # openpyxl stopped at the cap: is anything further down?
        for values in ws.iter_rows(min_row=limits.max_rows + 2, max_col=limits.max_cols, values_only=True):
            if any(v is not None for v in values):
                raise ValidationError("error.office_too_many_rows", n=limits.max_rows)
    while kept and not kept[-1]:
        kept.pop()
    if len(kept) * width > limits.max_cells:
        raise ValidationError("error.office_too_many_cells", n=limits.max_cells)
    return [row + [None] * (width - len(row)) for row in kept]


def _merged_ranges(ws, limits: Limits) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of each <mergeCell> in the sheet's XML, read in
    pieces (openpyxl's streaming mode does not read them)."""
    from openpyxl.utils.cell import range_boundaries

    refs: list[bytes] = []
    carry = b""
    with ws._get_source() as source:
        while True:
            piece = source.read(MB)
            buffer = carry + piece
            last = buffer.rfind(b"<")  # a tag that starts here may go on in the next piece
            cut = len(buffer) if not piece or last < 0 or len(buffer) - last > 4096 else last
            refs.extend(found.group(1) for found in _MERGE_CELL.finditer(buffer, 0, cut))
            if len(refs) > limits.max_cells:
                raise ValidationError("error.office_too_many_cells", n=limits.max_cells)
            if not piece:
                break
            carry = buffer[cut:]
    ranges = []
    for ref in refs:
        try:
            bounds = range_boundaries(ref.decode("ascii"))
        except (ValueError, TypeError, UnicodeDecodeError):
            raise DamagedFile("error.office_damaged") from None
        if None in bounds:
            raise DamagedFile("error.office_damaged")
        ranges.append(bounds)
    return ranges


def _fill_merged(rows: list[list[Any]], ranges: list[tuple[int, int, int, int]], limits: Limits) -> None:
    """Give every cell of each merged range its top-left value, inside the used area only."""
    height, width = len(rows), len(rows[0])
    filled = 0
    for min_col, min_row, max_col, max_row in ranges:
        if min_row > height or min_col > width:
            continue  # wholly outside the cells in use
        max_row, max_col = min(max_row, height), min(max_col, width)
        filled += (max_row - min_row + 1) * (max_col - min_col + 1)
        if filled > limits.max_cells:  # overlapping ranges: no real sheet has them
            raise ValidationError("error.office_too_many_cells", n=limits.max_cells)
        top = rows[min_row - 1][min_col - 1]
        for r in range(min_row - 1, max_row):
            rows[r][min_col - 1 : max_col] = [top] * (max_col - min_col + 1)
