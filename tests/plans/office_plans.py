"""Plan appendices written the way offices write them, as DOCX (python-docx) and XLSX
(openpyxl) bytes: theme rows merged across the table or not, a "(1) (2) (3)" numbering
row, title lines above the table in the workbook."""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document
from openpyxl import Workbook

HEADER = [
    "STT",
    "Nội dung/nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian thực hiện",
    "Sản phẩm",
    "Kinh phí (đồng)",
]


@dataclass
class Heading:
    """A theme, part, total or note row: `stt` in the first cell, `text` in the second (merged
    across the rest of the row when the file merges), `budget` in the last cell if given."""

    stt: str
    text: str
    budget: str = ""


def _cells(row, width: int) -> list[str]:
    if isinstance(row, Heading):
        return [row.stt, row.text] + [""] * (width - 3) + [row.budget]
    return list(row) + [""] * (width - len(row))


INTRO = ("PHỤ LỤC: KẾ HOẠCH thông tin, tuyên truyền cải cách hành chính",)


def docx_file(rows, header=HEADER, merged=True, numbering=True, title=INTRO) -> bytes:
    """A Word plan: the intro paragraphs (`title`), then the appendix table."""
    doc = Document()
    for line in title:
        doc.add_paragraph(line)
    table = doc.add_table(rows=0, cols=len(header))
    for cell, text in zip(table.add_row().cells, header, strict=True):
        cell.text = text
    if numbering:
        for i, cell in enumerate(table.add_row().cells, start=1):
            cell.text = f"({i})"
    for row in rows:
        cells = table.add_row().cells
        values = _cells(row, len(header))
        if isinstance(row, Heading) and merged:
            cells[0].text = row.stt
            last = len(header) - (2 if row.budget else 1)
            cells[1].merge(cells[last]).text = row.text
            if row.budget:
                cells[-1].text = row.budget
            continue
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def xlsx_file(rows, header=HEADER, merged=True, numbering=True, title=("PHỤ LỤC KẾ HOẠCH",)) -> bytes:
    """A workbook: the title lines, the header, numbers as typed text unless given as numbers."""
    wb = Workbook()
    ws = wb.active
    ws.append(["ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"])
    for line in title:
        ws.append([line])
    ws.append(header)
    if numbering:
        ws.append([f"({i})" for i in range(1, len(header) + 1)])
    for row in rows:
        ws.append([v if v != "" else None for v in _cells(row, len(header))])
        if isinstance(row, Heading) and merged:
            r = ws.max_row
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=len(header) - (1 if row.budget else 0))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


BUILDERS = [(docx_file, "ke-hoach.docx"), (xlsx_file, "ke-hoach.xlsx")]
