"""Monthly TTHC exports written the way the one-stop system writes them (a merged title row,
two merged header rows, unit rows, a total row), as XLSX and as CSV saved from Excel, for a
few units. Built by code, never checked in; shared by the services tests and the benchmarks."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

UNITS = [
    ("SKHCN", "Sở Khoa học và Công nghệ", "SKHCN", "department"),
    ("STP", "Sở Tư pháp", "STP", "department"),
    ("P-KL", "Phường Kim Liên", "P. Kim Liên", "commune"),
    ("X-DA", "Xã Đông Anh", "X. Đông Anh", "commune"),
]

GROUPS = [  # (upper header, sub-headers or None for a column whose header spans both rows)
    ("STT", None),
    ("Đơn vị", None),
    ("Số hồ sơ tiếp nhận", ["Tổng số", "Kỳ trước chuyển sang", "Trực tuyến", "Trực tiếp, dịch vụ BCCI"]),
    ("Số hồ sơ đã giải quyết", ["Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn"]),
    ("Số hồ sơ đang giải quyết", ["Tổng số", "Trong hạn", "Quá hạn"]),
    ("Văn bản xin lỗi", None),
    ("Hồ sơ số hóa", None),
]

# name as written, carried over, online, in person, ahead, on time, late, within, overdue, apologies, digitised
ROWS = [
    ("Sở KH&CN", 10, 150, 40, 120, 50, 10, 15, 5, 10, 180),
    ("Sở Tư pháp", 20, 300, 180, 350, 100, 0, 40, 10, 0, 400),
    ("UBND phường Kim Liên", 5, 400, 95, 300, 160, 20, 10, 10, 18, 450),
    ("UBND xã Đông Anh", 0, 100, 100, 90, 80, 10, 15, 5, 7, 150),
]


def figures(row) -> list:
    """A unit line of the export: totals computed from the parts, as the system prints them."""
    name, carried, online, person, ahead, on_time, late, within, overdue, apologies, digitised = row
    received = carried + online + person
    resolved = ahead + on_time + late
    return [name, received, carried, online, person, resolved, ahead, on_time, late, within + overdue, within, overdue,
            apologies, digitised]  # fmt: skip


def table(rows=ROWS, total: bool = True) -> list[list]:
    lines = [[i, *figures(r)] for i, r in enumerate(rows, start=1)]
    if total:
        sums = [sum(line[c] for line in lines) for c in range(2, len(lines[0]))]
        lines.append([None, "Tổng cộng", *sums])
    return lines


def merged_headers(ws, groups=GROUPS) -> None:
    """The two header rows (rows 2 and 3) as the system merges them: an upper header over its
    sub-headers, or one header spanning both rows."""
    column = 1
    for upper, subs in groups:
        ws.cell(2, column, upper)
        if subs:
            ws.merge_cells(start_row=2, start_column=column, end_row=2, end_column=column + len(subs) - 1)
            for offset, sub in enumerate(subs):
                ws.cell(3, column + offset, sub)
            column += len(subs)
        else:
            ws.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
            column += 1


def office_xlsx(lines=None, title: str = "BÁO CÁO KẾT QUẢ GIẢI QUYẾT TTHC THÁNG 10/2026", groups=GROUPS) -> bytes:
    """An export as an office writes it: a merged title, two merged header rows, the lines."""
    lines = table() if lines is None else lines
    wb = Workbook()
    ws = wb.active
    width = sum(len(subs) if subs else 1 for _, subs in groups)
    ws.cell(1, 1, title)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    merged_headers(ws, groups)
    for index, line in enumerate(lines, start=4):
        for offset, value in enumerate(line, start=1):
            ws.cell(index, offset, value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def office_csv(lines=None, title: str = "Kết quả giải quyết TTHC tháng 10 năm 2026") -> bytes:
    """The same export saved as CSV from Excel: merged cells become one value and blanks."""
    lines = table() if lines is None else lines
    upper, lower = [], []
    for name, subs in GROUPS:
        upper += [name] + [""] * (len(subs) - 1) if subs else [name]
        lower += subs if subs else [""]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([title] + [""] * (len(upper) - 1))
    writer.writerow(upper)
    writer.writerow(lower)
    for line in lines:
        writer.writerow(["" if v is None else v for v in line])
    return out.getvalue().encode("utf-8-sig")
