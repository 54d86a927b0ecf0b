"""Builders of test plan files (DOCX with python-docx, XLSX with openpyxl)."""

from __future__ import annotations

import io

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

ROWS = [
    ("I.", "Tuyên truyền về chủ trương, chính sách CCHC"),
    ("1", "Chuyên mục CCHC trên báo", "Báo Hà Nội Mới", "Sở Nội vụ", "Hằng tháng", "24 tin bài", "120.000.000"),
    (
        "2",
        "Phóng sự truyền hình về người đứng đầu",
        "Đài Phát thanh và Truyền hình Hà Nội",
        "Sở Nội vụ; Sở Tư pháp",
        "Quý II",
        "6 phóng sự",
        "180 triệu",
    ),
    ("II.", "Tuyên truyền về cải cách thủ tục hành chính"),
    ("1", "Pa-nô tại bộ phận một cửa", "Sở Nội vụ", "UBND các quận, huyện", "Tháng 5", "30 điểm", ""),
    (
        "2",
        "Cuộc thi tìm hiểu CCHC",
        "Sở Nội vụ",
        "",
        "01/06/2021 - 31/10/2021",
        "Cuộc thi trực tuyến",
        "Ngân sách thường xuyên",
    ),
]


def _in_year(rows, year: int) -> list:
    """The rows with their 2021 dates moved to `year`."""
    return [tuple(str(v).replace("2021", str(year)) for v in row) for row in rows]


def docx_plan(
    rows=ROWS, header=HEADER, numbering_row=True, merge_sections=True, lead_vmerge=False, year: int = 2021
) -> bytes:
    """A Word plan for `year` ("… năm 2021" in its title, its dates in that year) with an intro
    paragraph and the appendix table; section rows merged across."""
    rows = _in_year(rows, year)
    doc = Document()
    doc.add_paragraph(f"KẾ HOẠCH Thông tin, tuyên truyền về cải cách hành chính năm {year}")
    table = doc.add_table(rows=0, cols=len(header))
    cells = table.add_row().cells
    for cell, text in zip(cells, header, strict=True):
        cell.text = text
    if numbering_row:
        for i, cell in enumerate(table.add_row().cells, start=1):
            cell.text = f"({i})"
    previous_lead = None
    for row in rows:
        cells = table.add_row().cells
        if len(row) == 2:
            cells[0].text = row[0]
            if merge_sections:
                merged = cells[1].merge(cells[-1])
                merged.text = row[1]
            else:
                cells[1].text = row[1]
            continue
        for i, text in enumerate(row):
            if i == 2 and lead_vmerge and previous_lead is not None and text == previous_lead[1]:
                previous_lead[0].merge(cells[2])
                continue
            cells[i].text = text
        previous_lead = (cells[2], row[2])
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def xlsx_plan(rows=ROWS, header=HEADER, title_rows=2, year: int = 2021) -> bytes:
    """A workbook with title lines, the header, section rows merged across the sheet; its dates in `year`."""
    rows = _in_year(rows, year)
    wb = Workbook()
    ws = wb.active
    for i in range(title_rows):
        ws.append([f"PHỤ LỤC {i + 1}"])
    ws.append(header)
    for row in rows:
        if len(row) == 2:
            ws.append([row[0], row[1]])
            r = ws.max_row
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=len(header))
        else:
            ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
