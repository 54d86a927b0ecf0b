"""The reminder letter (công văn đôn đốc) drafted from the tracker: the late units, what
each owes and the new deadline, in Decree 30's official-letter header; read back with
python-docx and converted by LibreOffice."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document

from core.errors import PermissionDenied, ValidationError
from exports import reminder_letter
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
    assert "Kính gửi: Sở Khoa học và Công nghệ; Sở Y tế." in text
    assert "trước ngày 28/12/2026" in text
    assert "Quá hạn 5 ngày" in text and "Trả lại, chưa bổ sung" in text
    assert "Sở Tư pháp" not in text  # it answered on time
    doc = Document(io.BytesIO(letter.data))
    number_cell = doc.tables[0].rows[1].cells[0]
    assert [p.text for p in number_cell.paragraphs] == ["Số:       /SNV-CCHC", letter.summary]
    assert "DỰ THẢO" in text and "BÁO CÁO" not in text
    assert [p.text for p in doc.paragraphs].count(letter.summary) == 0  # only in the header


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
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
