"""The conclusion notice (TB) states the causes the team recorded on its shortcomings,
objective then subjective; the staff slot stands only where none was recorded."""

from __future__ import annotations

from datetime import date

import pytest

from exports.decree30 import Heading
from exports.inspection_docs import notice_blocks
from exports.prose import STAFF_SLOT
from inspections import followup, report_data, schedule
from tests.inspections.conftest import make_inspection, unit_ids  # noqa: F401  (fixtures)


@pytest.fixture
def done(db, users, make_inspection):  # noqa: F811
    row = make_inspection(day=date(2026, 3, 10))
    schedule.set_status(db, users["staff"], row["id"], "done")
    return schedule.get_inspection(db, row["id"])


def _causes_section(db, inspection_id: int) -> list[str]:
    """The paragraphs of the TB between "2. Nguyên nhân" and "III. YÊU CẦU"."""
    inspection = report_data.inspection(db, inspection_id)
    blocks = notice_blocks(db, inspection, {"issuing_body": "Sở Nội vụ", "parent_body": "UBND THÀNH PHỐ HÀ NỘI"})
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    assert "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN" in headings
    if "2. Nguyên nhân" not in headings:
        return []
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "2. Nguyên nhân")
    end = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text.startswith("III."))
    return [b.text for b in blocks[start + 1 : end]]


def test_causes_recorded_are_written_in_the_notice(db, users, done):
    assert _causes_section(db, done["id"]) == []  # no shortcoming: no causes section at all
    followup.add_finding(
        db,
        users["inspector"],
        done["id"],
        item_id=None,
        kind="shortcoming",
        text="Trả kết quả trễ hạn 12 hồ sơ",
        cause="Phần mềm một cửa gián đoạn sau sáp nhập",
        cause_kind="objective",
    )
    late = followup.add_finding(db, users["staff"], done["id"], item_id=None, kind="shortcoming", text="Chưa niêm yết")
    # a shortcoming without a cause yet: the recorded one is written, no slot beside it
    assert _causes_section(db, done["id"]) == [
        "- Nguyên nhân khách quan: Phần mềm một cửa gián đoạn sau sáp nhập.",
    ]
    saved = followup.set_finding_cause(
        db, users["inspector"], late["id"], cause="  Công chức chưa rà soát niêm yết.  ", cause_kind="subjective"
    )
    assert (saved["cause"], saved["cause_kind"]) == ("Công chức chưa rà soát niêm yết.", "subjective")
    followup.add_finding(
        db,
        users["staff"],
        done["id"],
        item_id=None,
        kind="shortcoming",
        text="Sổ theo dõi thiếu",
        cause="Thiếu biểu mẫu",
    )
    assert _causes_section(db, done["id"]) == [
        "- Nguyên nhân khách quan: Phần mềm một cửa gián đoạn sau sáp nhập.",
        "- Nguyên nhân chủ quan: Công chức chưa rà soát niêm yết.",
        "- Thiếu biểu mẫu.",
    ]
    audit = db.execute(
        "select action, after from audit_log where table_name = 'findings' and record_id = ? order by id",
        [str(late["id"])],
    ).fetchall()
    assert [a[0] for a in audit] == ["create", "update"] and "Công chức chưa rà soát" in audit[-1][1]


def test_no_cause_recorded_leaves_the_staff_slot(db, users, done):
    followup.add_finding(db, users["staff"], done["id"], item_id=None, kind="shortcoming", text="Chậm công bố")
    assert _causes_section(db, done["id"]) == [
        f"- Nguyên nhân khách quan: {STAFF_SLOT}.",
        f"- Nguyên nhân chủ quan: {STAFF_SLOT}.",
    ]
