"""One guarded way to read uploaded Word (DOCX) and Excel (XLSX) files.

Both are zip packages of XML. Before any parser sees one, the package is checked on its
central directory (file size, number of parts, each part's and the total inflated size,
compression ratio) and every part is read once, inflated in bounded pieces; XML parts (by
name or by content) are searched to refuse document type declarations (so no entity
expansion — billion laughs — and no external entities — XXE) and XML that is not UTF-8.
zipfile itself stops a part at its declared size (a part that inflates further fails its
CRC), so the declared sizes are the real caps.
Sheets are scanned once for the cells that hold values and for merged ranges, so a value
beyond `max_rows` x `max_cols` is refused before openpyxl parses a row; then read in
openpyxl's streaming mode over exactly the used area, merged ranges clipped to it. Word
tables are read in one linear pass. CSV files are decoded as UTF-8, their delimiter sniffed,
and read under the same row and column caps.

Every refusal is a ValidationError with its own message key; `DamagedFile` (a subclass)
means "not a package at all, or broken", which callers may word in their own terms.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, replace
from typing import Any

from core.errors import ValidationError
from core.text import nfc

MB = 1024 * 1024
# Markup declarations (<!DOCTYPE, <!ENTITY, <!ATTLIST…) — never in an Office file. Comments
# (<!--) and CDATA sections (<![CDATA[) are ordinary.
_DECLARATION = re.compile(rb"<!(?!--|\[CDATA\[)")
_LOOKAHEAD = len(b"<![CDATA[")
_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)[\"']", re.I)
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


# One pass over a sheet's XML finds what openpyxl's streaming mode would otherwise make us
# read to learn: the rows and columns that hold a value, and the merged ranges.
_SHEET_TAG = re.compile(
    rb"<(?:\w+:)?row\b([^>]*)>"  # a row, maybe with its number
    rb"|<(?:\w+:)?c\b([^>]*?)(?<!/)>\s*<(?:\w+:)?(?:v|is|f)\b"  # a cell holding a value or formula
    rb"|<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']"
)
_R_ATTR = re.compile(rb"(?:^|\s)r\s*=\s*[\"']\$?([A-Za-z]{0,3})\$?(\d{0,7})[\"']")
_LOCAL = re.compile(r"^\{[^}]*\}")


@dataclass
class _SheetExtent:
    rows: int = 0  # the last row holding a value
    cols: int = 0  # the last column holding a value
    merged: list[tuple[int, int, int, int]] | None = None


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet's title -> its part in the package, from the workbook and its
    relationships (small parts, already checked to hold no declaration)."""
    from xml.etree import ElementTree

    def parsed(name: str):
        try:
            return ElementTree.fromstring(archive.read(name))
        except KeyError:
            raise DamagedFile("error.office_damaged") from None

    targets = {}
    for rel in parsed("xl/_rels/workbook.xml.rels").iter():
        if _LOCAL.sub("", rel.tag) == "Relationship" and rel.get("Id") and rel.get("Target"):
            target = rel.get("Target").replace("\\", "/")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            parts: list[str] = []
            for piece in target.split("/"):
                if piece == "..":
                    parts = parts[:-1]
                elif piece not in ("", "."):
                    parts.append(piece)
            targets[rel.get("Id")] = "/".join(parts)
    found = {}
    for element in parsed("xl/workbook.xml").iter():
        if _LOCAL.sub("", element.tag) == "sheet":
            rid = next((v for k, v in element.attrib.items() if _LOCAL.sub("", k) == "id"), None)
            if rid in targets:
                found[element.get("name") or ""] = targets[rid]
    return found


def _sheet_extent(archive: zipfile.ZipFile, part: str, limits: Limits) -> _SheetExtent:
    """The used area and merged ranges of one sheet, read in pieces of 1 MB; a value beyond
    the row or column cap, or more merged ranges than cells allowed, is refused here —
    before openpyxl reads a row."""
    from openpyxl.utils.cell import range_boundaries

    extent = _SheetExtent(merged=[])
    row = col = 0
    refs = 0
    carry = b""
    try:
        source = archive.open(part)
    except KeyError:
        raise DamagedFile("error.office_damaged") from None
    with source:
        while True:
            piece = source.read(MB)
            buffer = carry + piece
            last = buffer.rfind(b"<")  # a tag that starts here may go on in the next piece
            cut = len(buffer) if not piece or last < 0 or len(buffer) - last > 4096 else last
            for found in _SHEET_TAG.finditer(buffer, 0, cut):
                row_attrs, cell_attrs, merge = found.groups()
                if merge is not None:
                    refs += 1
                    if refs > limits.max_cells:
                        raise ValidationError("error.office_too_many_cells", n=limits.max_cells)
                    try:
                        bounds = range_boundaries(merge.decode("ascii"))
                    except (ValueError, TypeError, UnicodeDecodeError):
                        raise DamagedFile("error.office_damaged") from None
                    if None in bounds:
                        raise DamagedFile("error.office_damaged")
                    extent.merged.append(bounds)
                    continue
                ref = _R_ATTR.search(row_attrs if row_attrs is not None else cell_attrs)
                if row_attrs is not None:
                    row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                    col = 0
                    continue
                if ref and ref.group(1):
                    col = _column_number(ref.group(1))
                    row = int(ref.group(2)) if ref.group(2) else row
                else:
                    col += 1
                if col > limits.max_cols:
                    raise ValidationError("error.office_too_many_columns", n=limits.max_cols)
                if row > limits.max_rows:
                    raise ValidationError("error.office_too_many_rows", n=limits.max_rows)
                extent.rows, extent.cols = max(extent.rows, row), max(extent.cols, col)
            if not piece:
                break
            carry = buffer[cut:]
    if extent.rows * extent.cols > limits.max_cells:
        raise ValidationError("error.office_too_many_cells", n=limits.max_cells)
    return extent


def xlsx_sheets(data: bytes, fill_merged: bool = True, limits: Limits = LIMITS, formulas: bool = False) -> list[Sheet]:
    """Every worksheet's cell values, from A1 to the last used cell: cached results, or with
    `formulas` the formulas as written ("=SUM(C5:C9)", for imports that flag them). With
    `fill_merged`, each cell of a merged range holds the range's top-left value; ranges are
    clipped to the used area first, so `H3:XFD1048576` costs what the sheet holds. A value
    beyond `max_rows` or `max_cols`, or a used area over `max_cells`, is refused after one
    pass over the sheet's XML, before any row is parsed."""
    from openpyxl import load_workbook

    check_package(data, "xl/workbook.xml", limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = _sheet_parts(archive)
            extents = {title: _sheet_extent(archive, part, limits) for title, part in parts.items()}
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=not formulas)
    except ValidationError:
        raise
    except Exception as exc:  # a parser's own error on hostile input is still "damaged"
        raise DamagedFile("error.office_damaged") from exc
    try:
        sheets = []
        for ws in workbook.worksheets:
            extent = extents.get(ws.title)
            if extent is None:
                raise DamagedFile("error.office_damaged")
            rows = _sheet_rows(ws, extent)
            if fill_merged and rows:
                _fill_merged(rows, extent.merged, limits)
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


def _sheet_rows(ws, extent: _SheetExtent) -> list[list[Any]]:
    """The values of the used area, which the scan of the sheet found within the caps."""
    if not extent.rows or not extent.cols:
        return []
    ws.reset_dimensions()  # the file's own <dimension> may claim A1:XFD1048576
    kept = [
        list(values) for values in ws.iter_rows(min_row=1, max_row=extent.rows, max_col=extent.cols, values_only=True)
    ]
    kept = [row + [None] * (extent.cols - len(row)) for row in kept[: extent.rows]]
    while kept and all(v is None for v in kept[-1]):
        kept.pop()
    return kept


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


# --- CSV -------------------------------------------------------------------------

_CSV_DELIMITERS = ",;\t"
_SNIFF_LINES, _SNIFF_CHARS = 20, 64 * 1024


def csv_rows(data: bytes, limits: Limits = LIMITS) -> list[list[str]]:
    """The rows of a CSV file (UTF-8, with or without a byte-order mark) as lists of cell
    texts, its delimiter (comma, semicolon or tab) sniffed from its first lines. At most
    `max_file_bytes`, `max_rows` rows and `max_cols` columns; read in one linear pass."""
    if len(data) > limits.max_file_bytes:
        raise ValidationError("error.office_too_large", mb=_mb(limits.max_file_bytes))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("error.csv_not_utf8") from None
    head = text[:_SNIFF_CHARS].splitlines()[:_SNIFF_LINES]
    try:
        dialect = csv.Sniffer().sniff("\n".join(head), delimiters=_CSV_DELIMITERS)
    except csv.Error:  # too regular or too irregular to sniff: the most frequent delimiter
        counts = {d: sum(line.count(d) for line in head) for d in _CSV_DELIMITERS}
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
        dialect = type("Counted", (csv.excel,), {"delimiter": delimiter})
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            if len(rows) >= limits.max_rows:
                if any(cell.strip() for cell in row):
                    raise ValidationError("error.office_too_many_rows", n=limits.max_rows)
                continue
            if len(row) > limits.max_cols:
                if any(cell.strip() for cell in row[limits.max_cols :]):
                    raise ValidationError("error.office_too_many_columns", n=limits.max_cols)
                row = row[: limits.max_cols]
            rows.append(row)
    except csv.Error:
        raise ValidationError("error.csv_unreadable") from None
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    return rows


def csv_records(data: bytes, required: tuple[str, ...], limits: Limits = LIMITS) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a CSV whose first row names its columns (read by `csv_rows`), each
    with its row number as a spreadsheet shows it (the header is row 1), as dicts keyed by
    the header lower-cased, values stripped (a short row's missing cells blank); blank rows
    are left out but still counted. A file lacking a `required` column, or holding no data
    row, is refused with the column list or as empty."""
    rows = csv_rows(data, limits)
    headers = [cell.strip().lower() for cell in rows[0]] if rows else []
    missing = [column for column in required if column not in headers]
    if missing:
        raise ValidationError("error.csv_missing_columns", columns=", ".join(missing))
    records = [
        (number, {header: (row[i].strip() if i < len(row) else "") for i, header in enumerate(headers) if header})
        for number, row in enumerate(rows[1:], start=2)
    ]
    records = [(number, record) for number, record in records if any(record.values())]
    if not records:
        raise ValidationError("error.csv_empty")
    return records


def limits_for(max_bytes: int | None = None, **caps: int) -> Limits:
    """The default caps with the configured upload limit (`settings.upload_max_bytes`) as
    the file size cap, and any other cap given."""
    return replace(LIMITS, **({"max_file_bytes": max_bytes} if max_bytes else {}), **caps)
