"""Issue 24 point 5: a statistics export in another system's shape — a cover note on the
first sheet, "Tên đơn vị", "Đã xử lý", "Sớm hạn", "Trễ hạn", "Còn hạn", online split into
"Toàn trình" and "Một phần", units in full formal names, numbers as text with thousands dots,
a rate column — is read, not refused. Files are built here the way such a system writes them."""

from __future__ import annotations

import io

from openpyxl import Workbook

from services import importer, store

GROUPS = [
    ("STT", None),
    ("Tên đơn vị", None),
    ("Hồ sơ tiếp nhận", ["Tổng số", "Kỳ trước chuyển sang", "Toàn trình", "Một phần", "Trực tiếp"]),
    ("Đã xử lý", ["Tổng số", "Sớm hạn", "Đúng hạn", "Trễ hạn"]),
    ("Đang xử lý", ["Tổng số", "Còn hạn", "Trễ hạn"]),
    ("Tỷ lệ đúng hạn (%)", None),
]
# name, carried over, fully online, partly online, in person, ahead, on time, late, within, overdue
UNITS = [
    ("Sở Khoa học và Công nghệ", 10, 900, 350, 40, 1020, 150, 10, 100, 20),
    ("Ủy ban nhân dân phường Kim Liên", 5, 1200, 400, 95, 1500, 160, 20, 10, 10),
]


def _dots(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def other_system_xlsx() -> bytes:
    wb = Workbook()
    cover = wb.active
    cover.title = "Thông tin"
    cover["A1"] = "HỆ THỐNG THÔNG TIN GIẢI QUYẾT TTHC THÀNH PHỐ HÀ NỘI"
    cover["A3"] = "Báo cáo thống kê kết quả giải quyết TTHC — Kỳ báo cáo: tháng 10/2026"
    cover["A4"] = "Đơn vị: lượt hồ sơ. Số liệu ở trang «Số liệu»."
    ws = wb.create_sheet("Số liệu")
    ws["A1"] = "THỐNG KÊ KẾT QUẢ GIẢI QUYẾT TTHC THÁNG 10/2026"
    column = 1
    for upper, subs in GROUPS:
        ws.cell(2, column, upper)
        if subs:
            ws.merge_cells(start_row=2, start_column=column, end_row=2, end_column=column + len(subs) - 1)
            for offset, sub in enumerate(subs):
                ws.cell(3, column + offset, sub)
            column += len(subs)
        else:
            ws.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
            column += 1
    for index, (name, carried, full, partial, person, ahead, on_time, late, within, overdue) in enumerate(UNITS):
        received, resolved = carried + full + partial + person, ahead + on_time + late
        rate = f"{100 * (ahead + on_time) / resolved:.2f}".replace(".", ",")
        values = [index + 1, name, received, carried, full, partial, person, resolved, ahead, on_time, late,
                  within + overdue, within, overdue]  # fmt: skip
        ws.append([v if isinstance(v, str) or v < 1000 else _dots(v) for v in values] + [rate])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_another_systems_export_is_read_on_its_second_sheet(db, users, service_units):
    preview = importer.read_file(db, users["staff"], "thong-ke.xlsx", other_system_xlsx())
    assert preview["month"] == "2026-10"
    assert preview["flagged"] == [] and preview["unmatched_units"] == []
    got = {r["code"]: r for r in preview["rows"]}
    assert set(got) == {"SKHCN", "P-KL"}
    skhcn = got["SKHCN"]
    assert (skhcn["received"], skhcn["online"], skhcn["full_online"], skhcn["partial_online"]) == (1300, 1250, 900, 350)
    assert (skhcn["resolved"], skhcn["ahead"], skhcn["late"]) == (1180, 1020, 10)
    assert (got["P-KL"]["pending_within"], got["P-KL"]["pending_overdue"]) == (10, 10)
    importer.commit(db, users["staff"], preview)
    assert {r["code"] for r in store.results_for_month(db, "2026-10")} == {"SKHCN", "P-KL"}


def test_the_rate_column_of_another_system_is_only_a_cross_check(db, users, service_units):
    preview = importer.read_file(db, users["staff"], "thong-ke.xlsx", other_system_xlsx())
    assert all("rate_on_time" not in r for r in preview["rows"])
