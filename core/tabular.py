"""CSV and XLSX writing shared by every export: typed cells, Vietnamese headers, a
frozen header row, and text cells escaped against formula injection."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from core import office_files

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Where a spreadsheet may start a cell: the start of the field, and after any list
# separator (Excel with Vietnamese regional settings splits CSV on ";", others on "," or a
# tab) or a line break.
_SEPARATORS = ";,\t\r\n"
_FORMULA = "=+\\-@\t\r"
# A cell start followed by (apostrophes and) a formula character gets one more apostrophe;
# unescaping takes exactly one away, so the round trip is lossless.
_CELL_START = rf"(?:^|(?<=[{_SEPARATORS}]))"
_ESCAPE = re.compile(rf"{_CELL_START}(?='*[{_FORMULA}])")
_UNESCAPE = re.compile(rf"{_CELL_START}'(?='*[{_FORMULA}])")


def safe_text(value: str) -> str:
    """Text that a spreadsheet will not run as a formula (OWASP CSV injection advice), even
    when it splits the text on a list separator: `ok;=HYPERLINK(…)` becomes `ok;'=HYPERLINK(…)`."""
    return _ESCAPE.sub("'", value) if value else value


def unescape_text(value: str) -> str:
    """Undo `safe_text` when reading our own export back (lossless round trip)."""
    return _UNESCAPE.sub("", value) if value and "'" in value else value


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text, int, number, money, percent, date, datetime, bool
    width: int = 18


def _cell(value: Any, kind: str) -> Any:
    if value is None or value == "":
        return None
    if kind in ("date",) and isinstance(value, str):
        return date.fromisoformat(value[:10])
    if kind == "datetime" and isinstance(value, str):
        parsed = datetime.fromisoformat(value)
        return parsed.replace(tzinfo=None) if parsed.tzinfo is None else parsed.astimezone().replace(tzinfo=None)
    if kind in ("int", "money"):
        return int(value)
    if kind in ("number", "percent"):
        return float(value)
    if kind == "bool":
        return bool(value)
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    return safe_text(str(value))


_FORMATS = {
    "date": "DD/MM/YYYY",
    "datetime": "DD/MM/YYYY HH:MM",
    "money": "#,##0",
    "int": "0",
    "number": "#,##0.##",
    "percent": "0.00",
}


def to_xlsx(sheets: Sequence[tuple[str, Sequence[Column], Iterable[dict]]]) -> bytes:
    """One workbook; each sheet is (title, columns, rows). Returns the file's bytes."""
    wb = Workbook(write_only=False)
    wb.remove(wb.active)
    for title, columns, rows in sheets:
        ws = wb.create_sheet(title[:31])
        ws.append([c.header for c in columns])
        for row in rows:
            ws.append([_cell(row.get(c.key), c.kind) for c in columns])
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = column.width
            fmt = _FORMATS.get(column.kind)
            if fmt:
                for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = fmt
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_csv(columns: Sequence[Column], rows: Iterable[dict]) -> bytes:
    """UTF-8 with BOM (Excel opens Vietnamese correctly), header row first. Every text field
    is quoted (numbers are not), so a separator inside a text never starts a new cell."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([c.header for c in columns])
    for row in rows:
        values = []
        for c in columns:
            value = row.get(c.key)
            if value is None:
                values.append("")
            elif isinstance(value, (list, tuple)):
                values.append(safe_text("; ".join(str(v) for v in value)))
            elif isinstance(value, str):
                values.append(safe_text(value))
            else:
                values.append(value)
        writer.writerow(values)
    return out.getvalue().encode("utf-8-sig")


def read_xlsx(data: bytes, sheet: str | None = None) -> list[list[Any]]:
    """All rows of a sheet as lists of cell values (the first sheet by default), read through
    the guarded office reader: hostile workbooks raise its ValidationError; a file that is
    not a workbook raises zipfile.BadZipFile, as openpyxl did (callers map it to their message)."""
    try:
        return office_files.xlsx_rows(data, sheet)
    except office_files.DamagedFile as exc:
        raise zipfile.BadZipFile("not a workbook") from exc
