"""The reminder letter (công văn đôn đốc) drafted from the tracker: the late units, what
each owes and the new deadline, in Decree 30's official-letter header; read back with
python-docx and converted by LibreOffice."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document

from core.errors import PermissionDenied, ValidationError
from core.office import set_office
from exports import reminder_letter
from exports.__main__ import main as exports_cli
from outreach import requests, submissions

ON = date(2026, 12, 21)


@pytest.fixture
def late_world(db, users, unit_ids, liaison):
    made = requests.create_request(
        db, users["staff"], kind="period_inputs", title="Số liệu báo cáo CCHC quý IV", period="2026-Q4",
        unit_codes=["STP", "SYT", "SKHCN"],
    )  # fmt: skip
    submissions.submit(db, liaison["STP"], made["id"], fields={"text": "Đã gửi"}, today=date(2026, 12, 15))
    answer = submissions.submit(db, liaison["SYT"], made["id"], fields={"text": "Thiếu"}, today=date(2026, 12, 15))
    submissions.return_for_revision(db, users["staff"], answer["id"], "Thiếu biểu số 02")
    return made


def _text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_letter_lists_the_late_units_what_they_owe_and_the_new_deadline(db, users, late_world):
    letter = reminder_letter.build_letter(db, users["staff"], ON)
    assert letter.summary == "V/v đôn đốc gửi số liệu báo cáo CCHC định kỳ"
    assert [u["unit_name"] for u in letter.units] == ["Sở Khoa học và Công nghệ", "Sở Y tế"]
    assert letter.new_due == date(2026, 12, 28)  # five working days after Monday 21/12
    text = _text(letter.data)
    lines = [p.text for p in Document(io.BytesIO(letter.data)).paragraphs]
    at = lines.index("Kính gửi:")  # several units: one a line, each with its dash
    assert lines[at + 1 : at + 3] == ["- Sở Khoa học và Công nghệ;", "- Sở Y tế."]
    closing = text.split("Nơi nhận:")[1]
    assert "- Như trên;" in closing and "Sở Y tế" not in closing  # addressed above, not listed again
    assert "trước ngày 28/12/2026" in text
    assert "Quá hạn 5 ngày" in text and "Trả lại, chưa bổ sung" in text
    assert "Sở Tư pháp" not in text  # it answered on time
    doc = Document(io.BytesIO(letter.data))
    number_cell = doc.tables[0].rows[1].cells[0]
    assert [p.text for p in number_cell.paragraphs] == ["Số:       /SNV-CCHC", letter.summary]
    assert "DỰ THẢO" in text and "BÁO CÁO" not in text
    assert [p.text for p in doc.paragraphs].count(letter.summary) == 0  # only in the header


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_commune_is_addressed_as_its_peoples_committee(db, users, unit_ids, liaison):
    """A late commune or ward is written as the body that answers for it ("UBND phường …"),
    in Kính gửi and in the table, never as the bare place name."""
    ward = db.execute("select code, name from units where name like 'Phường %' order by id limit 1").fetchone()
    made = requests.create_request(
        db, users["staff"], kind="period_inputs", title="Số liệu báo cáo CCHC quý IV", period="2026-Q4",
        unit_codes=[ward[0]],
    )  # fmt: skip
    assert made
    text = _text(reminder_letter.build_letter(db, users["staff"], ON).data)
    body = "UBND phường " + ward[1].split(" ", 1)[1]
    assert f"Kính gửi: {body}." in text
    assert body in text.split("Kính gửi:")[1].split("Nơi nhận:")[0].split("\n", 1)[1]


def test_libreoffice_opens_the_letter(db, users, late_world, tmp_path):
    path = tmp_path / "cong-van-don-doc.docx"
    path.write_bytes(reminder_letter.build_letter(db, users["staff"], ON).data)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "txt:Text", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    text = (tmp_path / "cong-van-don-doc.txt").read_text(encoding="utf-8-sig")
    assert "V/v đôn đốc gửi" in text and "Sở Khoa học và Công nghệ" in text


def test_no_late_unit_no_letter(db, users, late_world):
    with pytest.raises(ValidationError) as info:
        reminder_letter.build_letter(db, users["staff"], date(2026, 12, 16))
    assert "Không có đơn vị nào chậm gửi" in info.value.message("vi")


@pytest.mark.parametrize("role", ["inspector", "leader", "liaison"])
def test_only_the_office_drafts_it(db, users, late_world, role):
    with pytest.raises(PermissionDenied):
        reminder_letter.build_letter(db, users[role], ON)


@pytest.fixture
def signer(db, users):
    set_office(db, users["admin"], {"signer_name": "Nguyễn Văn An"})


def test_the_issued_letter_is_numbered_addressed_and_frozen(db, users, late_world, signer, settings):
    issued = reminder_letter.issue_letter(db, users["staff"], ON, settings=settings)
    assert issued.row["symbol"] == "01/SNV-CCHC" and issued.row["doc_type"] == "CV"
    assert issued.row["issued_on"] == ON.isoformat()
    text = _text(issued.data)
    doc = Document(io.BytesIO(issued.data))
    assert [p.text for p in doc.tables[0].rows[1].cells[0].paragraphs] == ["Số: 01/SNV-CCHC", issued.row["title"]]
    assert "DỰ THẢO" not in text and "Nguyễn Văn An" in text
    addressed, closing = text.split("Kính gửi:")[1].split("Nơi nhận:")
    assert "- Sở Khoa học và Công nghệ;" in addressed and "- Sở Y tế." in addressed
    assert closing.startswith("\n- Như trên;")  # the units addressed above, once
    # The data change afterwards: Sở Khoa học và Công nghệ answers. The issued letter stays as it was.
    submissions.submit(db, users["staff"], late_world["id"], unit_id=_unit(db, "SKHCN"), fields={"text": "Gửi muộn"})
    row, data = reminder_letter.issued_letter(db, users["staff"], ON, settings=settings)
    assert data == issued.data and row["id"] == issued.row["id"]
    assert "Sở Khoa học và Công nghệ" not in [u["unit_name"] for u in reminder_letter.build_letter(
        db, users["staff"], ON).units]  # fmt: skip
    with pytest.raises(ValidationError) as info:
        reminder_letter.issue_letter(db, users["staff"], ON, settings=settings)
    assert info.value.key == "exports.error.document_issued" and "01/SNV-CCHC" in info.value.message("vi")
    again = reminder_letter.issue_letter(db, users["staff"], ON, replaces=issued.row["id"], settings=settings)
    assert again.row["symbol"] == "02/SNV-CCHC"  # a correction takes the next number of the series
    assert "Thay thế" in _text(again.data)


def test_the_letter_series_is_its_own(db, users, late_world, signer, settings):
    """Công văn run in their own series: a report issued the same year does not take their numbers."""
    reminder_letter.issue_letter(db, users["staff"], ON, settings=settings)
    later = reminder_letter.issue_letter(db, users["staff"], date(2026, 12, 22), settings=settings)
    assert later.row["symbol"] == "02/SNV-CCHC"


def test_the_command_line_issues_the_letter_and_then_serves_it_as_stored(
    db, users, late_world, signer, settings, tmp_path, capsys
):
    issued = tmp_path / "cv.docx"
    args = ["document", "reminder-letter", "--on", ON.isoformat(), "--out", str(issued)]
    assert exports_cli([*args, "--issue", "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["symbol"] == "01/SNV-CCHC"
    submissions.submit(db, users["staff"], late_world["id"], unit_id=_unit(db, "SKHCN"), fields={"text": "Gửi muộn"})
    served = tmp_path / "again.docx"
    assert exports_cli(["document", "reminder-letter", "--on", ON.isoformat(), "--out", str(served)]) == 0
    assert served.read_bytes() == issued.read_bytes()
    assert exports_cli([*args, "--issue", "--json"]) == 2
    assert "01/SNV-CCHC" in json.loads(capsys.readouterr().out.splitlines()[-1])["problems"][0]


def test_issuing_is_for_the_office_only(db, users, late_world, signer, settings):
    with pytest.raises(PermissionDenied):
        reminder_letter.issue_letter(db, users["leader"], ON, settings=settings)
    assert db.execute("select count(*) from report_register").fetchone()[0] == 0


def _unit(db, code: str) -> int:
    return db.execute("select id from units where code = ?", [code]).fetchone()[0]
