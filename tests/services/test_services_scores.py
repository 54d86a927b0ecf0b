"""The portal's QĐ 766 table and desk satisfaction counts, imported per month."""

import io

import pytest
from openpyxl import Workbook

from bench.one_stop_exports import ROWS, office_xlsx, table
from core.errors import ValidationError
from core.permissions import SYSTEM
from services import importer, indicators, results, scores_io

HEADER = [
    "STT",
    "Tên đơn vị",
    "Công khai, minh bạch",
    "Tiến độ, kết quả giải quyết",
    "Số hóa hồ sơ",
    "Cung cấp dịch vụ trực tuyến",
    "Mức độ hài lòng",
    "Tổng điểm",
    "Rất hài lòng",
    "Hài lòng",
    "Không hài lòng",
]


def portal_xlsx(lines, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Bộ chỉ số phục vụ người dân, doanh nghiệp tháng 10/2026"])
    ws.append(header)
    for line in lines:
        ws.append(line)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_scores_and_votes_are_read_and_written(db, users, service_units):
    staff = users["staff"]
    data = portal_xlsx(
        [
            [1, "Sở KH&CN", 17, 19.5, 20, 21, 16.25, 93.75, 300, 90, 10],
            [2, "UBND phường Kim Liên", 12, 15, "14,5", 16, 12, 69.5, 100, 50, 50],
        ]
    )
    preview = scores_io.read_file(db, staff, "qd766.xlsx", data, "2026-10")
    assert preview["flagged"] == [] and preview["unmatched_units"] == []
    assert preview["rows"][1]["scores"]["so_hoa"] == 14.5
    assert scores_io.commit(db, staff, preview) == {"month": "2026-10", "rows": 2}
    importer.commit(db, staff, importer.read_file(db, staff, "t.xlsx", office_xlsx(table(ROWS)), "2026-10"))
    rows = {r["code"]: r for r in indicators.unit_figures(db, users["leader"], "2026-10")}
    assert rows["SKHCN"]["index_score"] == pytest.approx(93.75)
    assert rows["SKHCN"]["satisfaction_rate"] == pytest.approx(100 * 390 / 400)
    assert rows["P-KL"]["satisfaction_rate"] == pytest.approx(75.0)


def test_a_score_over_its_group_maximum_is_flagged_and_nothing_written(db, users, service_units):
    staff = users["staff"]
    data = portal_xlsx([[1, "Sở Tư pháp", 19, 19, 20, 20, 16, 94, 1, 1, 1]])  # Công khai is out of 18
    preview = scores_io.read_file(db, staff, "qd766.xlsx", data, "2026-10")
    assert [(f["row"], f["key"]) for f in preview["flagged"]] == [(3, "services.error.bad_score")]
    with pytest.raises(ValidationError):
        scores_io.commit(db, staff, preview)
    assert results.unit_month_extras(db, staff, "2026-10", "STP")["scores"] == {}


def test_a_table_without_the_columns_is_refused(db, users, service_units):
    with pytest.raises(ValidationError) as refused:
        scores_io.read_file(db, users["staff"], "x.xlsx", portal_xlsx([], ["Đơn vị", "Ghi chú"]), "2026-10")
    assert refused.value.key == "services.error.columns_missing"
    with pytest.raises(ValidationError) as refused:
        scores_io.read_file(db, users["staff"], "x.xlsx", portal_xlsx([], ["Đơn vị", "Hài lòng"]), "2026-10")
    assert refused.value.params["columns"] == "Rất hài lòng; Không hài lòng"


def test_the_command_line_imports_scores(db, service_units, tmp_path, capsys):
    import json

    from services.__main__ import main

    path = tmp_path / "qd766.xlsx"
    path.write_bytes(portal_xlsx([[1, "Sở Tư pháp", 15, 15, 15, 15, 15, 75, 10, 5, 5]]))
    assert main(["scores", str(path), "--month", "2026-10", "--commit", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary == {"month": "2026-10", "rows": 1, "unmatched_units": [], "flagged": [], "committed": True}
    assert sum(results.unit_month_extras(db, SYSTEM, "2026-10", "STP")["scores"].values()) == 75
