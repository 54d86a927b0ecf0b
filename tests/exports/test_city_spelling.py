"""One spelling of the city's bodies in every document the office signs, as Hà Nội writes
them: "UBND Thành phố", "Ủy ban nhân dân Thành phố", "HĐND Thành phố", "Văn phòng UBND Thành
phố" when they stand for the city, "UBND thành phố Hà Nội" before its name; never "UBND
thành phố" alone, "UBND TP" or "Uỷ ban" — whatever spelling the data (profiles, findings,
unit names) was typed with."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from docx import Document

from exports import cchc_package, inspection_docs, profiles, register, reminder_letter, services_publication
from exports.decree30 import unit_case

BODY = r"(?:UBND|HĐND|Ủy ban nhân dân|Hội đồng nhân dân|Văn phòng UBND|Thanh tra|Công an)"
VARIANTS = re.compile(
    rf"\b{BODY} thành phố\b(?! Hà Nội)"  # lower-case "thành phố" standing alone for the city
    r"|\bUBND TP\b|\bTP\. ?Hà Nội"  # abbreviations
    r"|\b(?:Uỷ|uỷ|UỶ)\b"  # the old tone placement
)
REPORTS = {
    "progress": "2026-Q3",
    "cchc": "2026-9M",
    "inspection": "2026-H1",
    "indices": "2025",
    "services-monthly": "2026-03",
}


def _text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [p.text for cell in table._cells for p in cell.paragraphs]
    return "\n".join(parts)


def _every_document(db, staff, settings) -> dict[str, str]:
    docs = {
        kind: _text(register.draft(db, staff, kind, period, with_charts=False, settings=settings).data)
        for kind, period in REPORTS.items()
    }
    package = cchc_package.build_package(db, staff, "2026-9M", with_charts=False, settings=settings)
    docs["cchc-submission"], docs["cchc-report"] = _text(package.submission), _text(package.report)
    docs["services-publication"] = _text(services_publication.draft(db, staff, "2026-03"))
    plan_id = db.execute("select id from inspection_plans order by year desc").fetchone()[0]
    inspection = db.execute("select id from inspections where status = 'done' order by id").fetchone()[0]
    for kind in ("plan", "decision"):
        built = inspection_docs.build_document(db, staff, kind, inspection_plan=plan_id, settings=settings)
        docs[f"inspection-{kind}"] = _text(built.data)
    for kind in ("minutes", "notice"):
        built = inspection_docs.build_document(db, staff, kind, inspection=inspection, settings=settings)
        docs[f"inspection-{kind}"] = _text(built.data)
    (due,) = db.execute("select min(due_on) from outreach_requests").fetchone()
    letter = reminder_letter.build_letter(db, staff, date.fromisoformat(due) + timedelta(days=3))
    docs["reminder-letter"] = _text(letter.data)
    return docs


def _variants(docs: dict[str, str]) -> list[str]:
    return [f"{kind}: {line!r}" for kind, text in docs.items() for line in text.splitlines() if VARIANTS.search(line)]


def test_every_document_spells_the_city_one_way(demo_db, users, settings):
    staff = users["staff"]
    # data typed the ways offices type it: a profile's recipients and addressee, a finding
    for kind, change in (
        ("progress", {"recipients": [{"to": "UBND thành phố", "purpose": "để báo cáo"}, {"to": "VP UBND TP"}]}),
        ("cchc-submission", {"addressee": "Uỷ ban nhân dân thành phố"}),
    ):
        profile = profiles.get_profile(demo_db, kind)
        changed = {**profile, **change}
        changed["recipients"] = [{"purpose": "", **r} for r in changed["recipients"]]
        profiles.save_profile(demo_db, users["admin"], kind, changed)
    inspection = demo_db.execute("select id from inspections where status = 'done' order by id").fetchone()[0]
    with demo_db.conn:
        demo_db.conn.execute(
            "update findings set text = 'Chưa báo cáo UBND TP kết quả rà soát; Thành uỷ đã có chỉ đạo'"
            " where inspection_id = ? and kind = 'strength'",
            [inspection],
        )
    docs = _every_document(demo_db, staff, settings)
    assert len(docs) == 13
    assert _variants(docs) == []
    # what the variants became, where each document prints it
    assert "- UBND Thành phố (để báo cáo);" in docs["progress"].splitlines()
    assert "- VP UBND Thành phố;" in docs["progress"].splitlines()
    assert "Kính gửi: Ủy ban nhân dân Thành phố." in docs["cchc-submission"]
    assert "kính trình UBND Thành phố xem xét" in docs["cchc-submission"]
    assert "Chưa báo cáo UBND Thành phố kết quả rà soát; Thành ủy đã có chỉ đạo" in docs["inspection-notice"]
    for kind in ("cchc", "cchc-report"):
        assert "của UBND Thành phố)" in docs[kind]  # the annex's "(Kèm theo Báo cáo số …)"
        assert "- Thường trực HĐND Thành phố (để báo cáo);" in docs[kind]
    # before the city's name, lower case: the plan's issuer as recorded
    assert "của UBND thành phố Hà Nội" in docs["progress"]
    assert "Văn phòng UBND Thành phố" in docs["services-publication"]  # a unit's name as the units list holds it


def test_the_spelling_rule():
    assert unit_case("Đề nghị UBND thành phố, Văn phòng UBND TP và Thanh tra thành phố") == (
        "Đề nghị UBND Thành phố, Văn phòng UBND Thành phố và Thanh tra Thành phố"
    )
    assert unit_case("Ủy ban nhân dân thành phố Hà Nội; Công an thành phố Hà Nội") == (
        "Ủy ban nhân dân thành phố Hà Nội; Công an thành phố Hà Nội"
    )
    assert unit_case("UỶ BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI") == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    assert unit_case("UBND xã Sóc Sơn; huỷ bỏ; thuỷ lợi") == "UBND xã Sóc Sơn; huỷ bỏ; thuỷ lợi"  # other words as typed
