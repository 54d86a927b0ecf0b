"""A unit's monthly TTHC figures, sent by its liaison, flow into services once the office
accepts them: checked as the services import checks a month's export, for the unit's own
line only, written as one import batch that can be undone."""

from __future__ import annotations

from datetime import date

import pytest

from bench.one_stop_exports import figures, office_csv, office_xlsx
from core.errors import ValidationError
from core.permissions import SYSTEM
from outreach import requests, submissions
from services import importer, results

TITLE = "BÁO CÁO KẾT QUẢ GIẢI QUYẾT TTHC THÁNG 11/2026"
STP_LINE = ("Sở Tư pháp", 20, 300, 180, 350, 100, 0, 40, 10, 0, 400)
SYT_LINE = ("Sở Y tế", 5, 200, 50, 150, 60, 10, 20, 5, 3, 180)


def _file(*rows) -> bytes:
    lines = [[i, *figures(r)] for i, r in enumerate(rows, start=1)]
    return office_xlsx(lines, title=TITLE)


def _by_code(db, month: str) -> dict[str, dict]:
    return {r["code"]: r for r in results.month_grid(db, SYSTEM, month)}


@pytest.fixture
def monthly(db, users, liaison, settings):
    return requests.create_request(
        db, users["staff"], kind="monthly_figures", title="Kết quả giải quyết TTHC tháng 11/2026",
        period="2026-11", unit_codes=["STP", "SYT"], due_on=date(2026, 11, 18), today=date(2026, 11, 10),
    )  # fmt: skip


def test_accepted_figures_go_into_services_for_that_unit_only_and_can_be_undone(db, users, liaison, settings, monthly):
    # Sở Y tế's figures of the month are already there (typed in by the office): they stay.
    earlier = importer.read_file(db, users["staff"], "syt.xlsx", _file(SYT_LINE), month="2026-11")
    importer.commit(db, users["staff"], earlier)
    before = _by_code(db, "2026-11")
    assert before["STP"]["received"] is None

    answer = submissions.submit(
        db, liaison["STP"], monthly["id"], file=("BC TTHC T11 STP.xlsx", _file(STP_LINE)), settings=settings
    )
    assert _by_code(db, "2026-11") == before  # nothing written before the office accepts
    accepted = submissions.accept(db, users["staff"], answer["id"], settings=settings)

    after = _by_code(db, "2026-11")
    assert after["STP"]["received"] == 20 + 300 + 180 and after["STP"]["resolved"] == 350 + 100 + 0
    assert after["SYT"] == before["SYT"]
    assert {code for code, row in after.items() if row["received"] is not None} == {"STP", "SYT"}
    batch = int(accepted["applied"].split(":")[1])
    assert importer.import_batches(db, users["staff"])[0]["id"] == batch

    importer.undo(db, users["staff"], batch)
    assert _by_code(db, "2026-11") == before


def test_a_csv_from_the_liaison_is_read_like_the_import(db, users, liaison, settings, monthly):
    lines = [[1, *figures(SYT_LINE)]]
    data = office_csv(lines, title="Kết quả giải quyết TTHC tháng 11 năm 2026")
    answer = submissions.submit(db, liaison["SYT"], monthly["id"], file=("syt.csv", data), settings=settings)
    submissions.accept(db, users["staff"], answer["id"], settings=settings)
    assert _by_code(db, "2026-11")["SYT"]["apologies"] == 3


def _count(db, table: str) -> int:
    return db.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608 - test tables


def test_a_file_naming_another_unit_is_refused(db, users, liaison, settings, monthly):
    with pytest.raises(ValidationError) as info:
        submissions.submit(
            db, liaison["STP"], monthly["id"], file=("stp.xlsx", _file(STP_LINE, SYT_LINE)), settings=settings
        )
    assert info.value.message("vi") == ("Tệp số liệu chỉ được có số liệu của Sở Tư pháp; tệp có dòng của: Sở Y tế.")
    assert "only Sở Tư pháp's figures" in info.value.message("en")
    assert _count(db, "outreach_submissions") == 0


def test_a_file_the_import_would_refuse_is_refused(db, users, liaison, settings, monthly):
    broken = list(STP_LINE)
    lines = [[1, *figures(broken)]]
    lines[0][6] = 999  # "resolved" no longer the sum of ahead + on time + late
    with pytest.raises(ValidationError) as info:
        submissions.submit(
            db, liaison["STP"], monthly["id"], file=("stp.xlsx", office_xlsx(lines, title=TITLE)), settings=settings
        )
    assert info.value.key == "services.error.flagged"
    wrong_month = office_xlsx([[1, *figures(STP_LINE)]], title="BÁO CÁO KẾT QUẢ GIẢI QUYẾT TTHC THÁNG 10/2026")
    with pytest.raises(ValidationError) as info:
        submissions.submit(db, liaison["STP"], monthly["id"], file=("stp.xlsx", wrong_month), settings=settings)
    assert info.value.key == "services.error.month_mismatch"
    assert _count(db, "outreach_submissions") == 0
    assert _count(db, "service_results") == 0


def test_figures_changed_by_hand_since_block_the_undo(db, users, liaison, settings, monthly):
    answer = submissions.submit(
        db, liaison["STP"], monthly["id"], file=("stp.xlsx", _file(STP_LINE)), settings=settings
    )
    batch = int(submissions.accept(db, users["staff"], answer["id"], settings=settings)["applied"].split(":")[1])
    rows = [
        {**row, "apologies": 7} if row["code"] == "STP" else row for row in results.month_grid(db, SYSTEM, "2026-11")
    ]
    results.save_month(db, users["staff"], "2026-11", rows)
    with pytest.raises(ValidationError):
        importer.undo(db, users["staff"], batch)
    assert _by_code(db, "2026-11")["STP"]["apologies"] == 7
