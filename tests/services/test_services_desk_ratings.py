"""The desk device's export, one row per rating (unit, time, rating), counted into the
month's satisfaction per unit: XLSX and CSV, levels by name or number, times in Hà Nội,
bad rows shown and nothing written until they are fixed."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import Workbook

from core.errors import ValidationError
from core.permissions import SYSTEM
from services import desk_ratings, indicators, store
from services.__main__ import main

MONTH = "2026-10"
HEADER = ["STT", "Đơn vị", "Thời gian đánh giá", "Mức độ hài lòng"]
RATINGS = [  # (unit as the device names it, time, rating)
    ("Sở KH&CN", datetime(2026, 10, 1, 8, 5), "Rất hài lòng"),
    ("Sở KH&CN", datetime(2026, 10, 2, 9, 0), "Hài lòng"),
    ("Sở KH&CN", datetime(2026, 10, 31, 16, 59), "Không hài lòng"),
    ("UBND phường Kim Liên", datetime(2026, 10, 3, 10, 0), 3),
    ("UBND phường Kim Liên", datetime(2026, 10, 3, 10, 1), 3),
    ("UBND phường Kim Liên", datetime(2026, 10, 4, 11, 0), 2),
    ("Phường Kim Liên", datetime(2026, 10, 5, 11, 0), "very satisfied"),
]


def ratings_xlsx(rows=RATINGS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["XUẤT DỮ LIỆU ĐÁNH GIÁ TỪ THIẾT BỊ"])
    ws.append(HEADER)
    for i, row in enumerate(rows, start=1):
        ws.append([i, *row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def ratings_csv(rows=RATINGS) -> bytes:
    lines = [",".join(["don vi", "thoi gian", "danh gia"])]
    for name, when, rating in rows:
        moment = when if isinstance(when, str) else when.strftime("%d/%m/%Y %H:%M")
        lines.append(f'"{name}",{moment},{rating}')
    return "\n".join(lines).encode("utf-8")


def _expected():
    return {"SKHCN": (1, 1, 1), "P-KL": (3, 1, 0)}


@pytest.mark.parametrize("name, make", [("device.xlsx", ratings_xlsx), ("device.csv", ratings_csv)])
def test_ratings_counted_per_unit_and_written(db, service_units, name, make):
    preview = desk_ratings.read_file(db, SYSTEM, name, make(), MONTH)
    assert preview["flagged"] == [] and preview["unmatched_units"] == []
    assert preview["ratings"] == len(RATINGS)
    assert store.satisfaction_row(db, MONTH, service_units["SKHCN"]) is None  # a preview writes nothing
    done = desk_ratings.commit(db, SYSTEM, preview)
    assert done == {"month": MONTH, "units": 2, "ratings": len(RATINGS)}
    for code, counts in _expected().items():
        row = store.satisfaction_row(db, MONTH, service_units[code])
        assert (row["very_satisfied"], row["satisfied"], row["dissatisfied"]) == counts
    votes = store.satisfaction_by_unit(db, MONTH, MONTH)[service_units["P-KL"]]
    assert indicators.rates({}, votes)["satisfaction_rate"] == 100.0
    assert db.execute("select count(*) from audit_log where table_name = 'service_satisfaction'").fetchone()[0] == 2


def test_importing_again_replaces_the_months_counts(db, service_units):
    desk_ratings.commit(db, SYSTEM, desk_ratings.read_file(db, SYSTEM, "d.xlsx", ratings_xlsx(), MONTH))
    fewer = [r for r in RATINGS if r[0] == "Sở KH&CN"][:1]
    desk_ratings.commit(db, SYSTEM, desk_ratings.read_file(db, SYSTEM, "d.xlsx", ratings_xlsx(fewer), MONTH))
    row = store.satisfaction_row(db, MONTH, service_units["SKHCN"])
    assert (row["very_satisfied"], row["satisfied"], row["dissatisfied"]) == (1, 0, 0)


@pytest.mark.parametrize(
    "bad, key",
    [
        (("Sở KH&CN", datetime(2026, 11, 1, 8, 0), "Hài lòng"), "services.flag.other_month"),
        (("Sở KH&CN", "hôm qua", "Hài lòng"), "services.flag.bad_time"),
        (("Sở KH&CN", datetime(2026, 10, 1, 8, 0), "Tạm được"), "services.flag.bad_rating"),
        (("Sở KH&CN", datetime(2026, 10, 1, 8, 0), 5), "services.flag.bad_rating"),
        (("Sở KH&CN", datetime(2026, 10, 1, 8, 0), "=IF(A1,3,2)"), "services.flag.formula"),
        ((None, datetime(2026, 10, 1, 8, 0), "Hài lòng"), "services.flag.missing"),
    ],
)
def test_bad_rows_are_shown_and_nothing_is_written(db, service_units, bad, key):
    preview = desk_ratings.read_file(db, SYSTEM, "d.xlsx", ratings_xlsx([*RATINGS, bad]), MONTH)
    assert [(f["row"], f["key"]) for f in preview["flagged"]] == [(len(RATINGS) + 3, key)]
    with pytest.raises(ValidationError):
        desk_ratings.commit(db, SYSTEM, preview)
    assert store.satisfaction_by_unit(db, MONTH, MONTH) == {}


def test_times_with_an_offset_are_read_in_hanoi_time(db, service_units):
    late_utc = datetime(2026, 9, 30, 18, 30, tzinfo=UTC)  # 01:30 on 1 October in Hà Nội
    rows = [("Sở KH&CN", late_utc.isoformat(), "Hài lòng"), ("Sở KH&CN", "2026-10-31T17:30:00Z", "Hài lòng")]
    preview = desk_ratings.read_file(db, SYSTEM, "d.csv", ratings_csv(rows), MONTH)
    assert preview["ratings"] == 1
    assert [f["key"] for f in preview["flagged"]] == ["services.flag.other_month"]
    assert desk_ratings.parse_time("05/10/2026 07:00").utcoffset() == timedelta(hours=7)


def test_unknown_units_are_listed_and_block_the_commit(db, service_units):
    rows = [*RATINGS, ("Phường Không Có", datetime(2026, 10, 9, 9, 0), "Hài lòng")]
    preview = desk_ratings.read_file(db, SYSTEM, "d.xlsx", ratings_xlsx(rows), MONTH)
    assert preview["unmatched_units"] == ["Phường Không Có"]
    with pytest.raises(ValidationError) as exc:
        desk_ratings.commit(db, SYSTEM, preview)
    assert exc.value.key == "services.error.unmatched"


def test_a_file_without_the_three_columns_says_which(db, service_units):
    wb = Workbook()
    wb.active.append(["Đơn vị", "Đánh giá"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ValidationError) as exc:
        desk_ratings.read_file(db, SYSTEM, "d.xlsx", buf.getvalue(), MONTH)
    assert exc.value.key == "services.error.columns_missing"
    assert "Thời gian" in exc.value.message("vi")


def test_ratings_command(db, service_units, tmp_path, capsys):
    path = tmp_path / "device.xlsx"
    path.write_bytes(ratings_xlsx())
    assert main(["ratings", str(path), "--month", MONTH, "--commit", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["committed"] is True and summary["ratings"] == len(RATINGS)
    by_code = {}
    for unit in summary["units"]:
        counts = by_code.setdefault(unit["code"], [0, 0, 0])
        for i, k in enumerate(("very_satisfied", "satisfied", "dissatisfied")):
            counts[i] += unit[k]
    assert {k: tuple(v) for k, v in by_code.items()} == _expected()
