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
# Their full-width and small forms, which spreadsheets (and IMEs typing Vietnamese or CJK)
# may take for the ASCII ones.
WIDE_FORMULA_PREFIXES = ("\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66", "\ufe62", "\ufe63", "\ufe6b")
# White space a spreadsheet may skip before a formula: spaces of every width, no-break
# spaces, zero-width characters and the byte-order mark (tab and CR are formula
# characters themselves, line feed a cell break).
LEADING_SPACE = (
    " \u00a0\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
)
# Where a spreadsheet may start a cell: the start of the field, and after any list
# separator (Excel with Vietnamese regional settings splits CSV on ";", others on "," or a
# tab) or a line break.
_SEPARATORS = ";,\t\r\n"
_FORMULA = "=+\\-@\t\r" + "".join(WIDE_FORMULA_PREFIXES)
# A cell start followed by white space and apostrophes (any mix) and a formula character
# gets one more apostrophe, before the white space; unescaping takes exactly one away, so
# the round trip is lossless.
_CELL_START = rf"(?:^|(?<=[{_SEPARATORS}]))"
_BEFORE_FORMULA = rf"[{LEADING_SPACE}']*[{_FORMULA}]"
_ESCAPE = re.compile(rf"{_CELL_START}(?={_BEFORE_FORMULA})")
_UNESCAPE = re.compile(rf"{_CELL_START}'(?={_BEFORE_FORMULA})")


def safe_text(value: str) -> str:
    """Text that a spreadsheet will not run as a formula (OWASP CSV injection advice: a
    leading apostrophe, and every text field quoted), the one rule of every CSV and XLSX
    export: after white space (`  =1`, a no-break or zero-width space, a byte-order mark),
    in full width (`＝1`), and where a spreadsheet splits the text on a list separator:
    `ok;=HYPERLINK(…)` becomes `ok;'=HYPERLINK(…)`, `ok; =1+1` becomes `ok;' =1+1`."""
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
