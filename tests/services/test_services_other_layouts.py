"""Issue 24 point 5: a statistics export in another system's shape — a cover note on the
first sheet, "Tên đơn vị", "Đã xử lý", "Sớm hạn", "Trễ hạn", "Còn hạn", online split into
"Toàn trình" and "Một phần", units in full formal names, numbers as text with thousands dots,
a rate column — is read, not refused. Files are built here the way such a system writes them."""

from __future__ import annotations

import io

from openpyxl import Workbook

from bench.one_stop_exports import merged_headers
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
    merged_headers(ws, GROUPS)
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


def odd_headers_csv(month: int = 10) -> bytes:
    """An export whose figure headers are a system's own codes: nothing can place them."""
    lines = [
        f"Kết quả TTHC tháng {month}/2026;;;;;;;;;;;;",
        "Đơn vị;C1;C2;C3;C4;C5;C6;C7;C8;C9;C10;C11",
    ]
    for name, carried, full, partial, person, ahead, on_time, late, within, overdue in UNITS:
        online = full + partial
        values = [carried + online + person, carried, online, person, ahead + on_time + late, ahead, on_time, late,
                  within + overdue, within, overdue]  # fmt: skip
        lines.append(";".join([name, *map(str, values)]))
    return ("\n".join(lines) + "\n").encode("utf-8")


MAPPING = {
    "columns": {
        "unit": "A",
        "received": "B",
        "carried_over": "C",
        "online": "D",
        "in_person": "E",
        "resolved": "F",
        "ahead": "G",
        "on_time": "H",
        "late": "I",
        "pending": "J",
        "pending_within": "K",
        "pending_overdue": "L",
    },  # fmt: skip
    "first_row": 3,
}


def test_an_unplaceable_layout_is_mapped_once_then_remembered(db, users, service_units, tmp_path, capsys):
    import json

    import pytest

    from core.errors import ValidationError
    from services.__main__ import main

    with pytest.raises(ValidationError) as refused:
        importer.read_file(db, users["staff"], "la.csv", odd_headers_csv(), "2026-10")
    assert refused.value.key == "services.error.columns_missing"
    assert [c["header"] for c in refused.value.params["file_columns"]][:3] == ["Đơn vị", "C1", "C2"]
    data, mapping = tmp_path / "la.csv", tmp_path / "cot.json"
    data.write_bytes(odd_headers_csv())
    mapping.write_text(json.dumps(MAPPING), encoding="utf-8")
    code = main(["import", str(data), "--month", "2026-10", "--columns", str(mapping), "--commit", "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and summary["rows"] == 2 and summary["flagged"] == [] and summary["committed"] is True
    assert {r["code"]: r["online"] for r in store.results_for_month(db, "2026-10")} == {"SKHCN": 1250, "P-KL": 1600}
    # next month's file of the same layout: read with the remembered mapping, no file needed
    preview = importer.read_file(db, users["staff"], "la.csv", odd_headers_csv(month=11), "2026-11")
    assert [r["code"] for r in preview["rows"]] == ["SKHCN", "P-KL"] and preview["flagged"] == []


def test_a_mapping_naming_an_unknown_field_or_column_is_refused(db, users, service_units):
    import pytest

    from core.errors import ValidationError

    for bad, key in (({"columns": {"nhan": "B"}}, "mapping_field"), ({"columns": {"unit": "B2"}}, "mapping_column")):
        with pytest.raises(ValidationError) as refused:
            importer.read_file(db, users["staff"], "la.csv", odd_headers_csv(), "2026-10", column_map=bad)
        assert refused.value.key == f"services.error.{key}"
