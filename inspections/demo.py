"""Demo data of the inspections slice, built by code; running it twice adds nothing.

A 2026 inspection plan with inspections of departments and communes spread over the
year on working days (some done, with findings and recommendations, one of them
overdue; one cancelled recently), and two 2024 inspections of districts that the 2025
reorganisation removed."""

from __future__ import annotations

from datetime import date, time

from sqlite_utils import Database

from core import periods
from core.auth import find_user
from core.permissions import User
from core.units import find_unit
from inspections import followup, schedule, store

INSPECTION_PLANS = [
    (2026, "12/KH-SNV", "Kế hoạch kiểm tra công tác cải cách hành chính năm 2026", "2026-01-15"),
    (2024, "09/KH-SNV", "Kế hoạch kiểm tra công tác cải cách hành chính năm 2024", "2024-01-18"),
]

# What the round's documents print of each team member: honorific, position, unit.
INSPECTORS = {
    "kiemtra": ("Ông", "Phó Trưởng phòng Cải cách hành chính", "Sở Nội vụ"),
    "kiemtra2": ("Bà", "Chuyên viên chính phòng Cải cách hành chính", "Sở Nội vụ"),
    "canbo": ("Bà", "Chuyên viên phòng Cải cách hành chính", "Sở Nội vụ"),
}
# The decision forming the 2026 team, issued on paper before the first visit (10/03/2026):
# recorded by its number and date, so the round's minutes and notices cite it in full.
DECISIONS = {2026: ("25", "2026-02-26")}
# The day each plan asks the units for their self-inspection report.
SELF_REPORT_DUE = {2026: "2026-02-27", 2024: "2024-02-29"}

# unit, day, start, end, kind, status, place, team (username, role), self-report day, conclusion day
INSPECTIONS = [
    (
        "STP",
        date(2026, 3, 10),
        time(8),
        time(11, 30),
        "scheduled",
        "done",
        "Trụ sở Sở Tư pháp, 221 Trần Phú",
        (("kiemtra", "head"), ("kiemtra2", "member"), ("canbo", "secretary")),
        "2026-03-02",
        "2026-03-20",
    ),
    (
        "SYT",
        date(2026, 4, 14),
        time(8),
        time(11, 30),
        "scheduled",
        "done",
        "Trụ sở Sở Y tế, 4 Sơn Tây",
        (("kiemtra2", "head"), ("canbo", "secretary")),
        "2026-04-06",
        "2026-04-24",
    ),
    (
        "X-DA",
        date(2026, 5, 19),
        time(13, 30),
        time(16, 30),
        "scheduled",
        "done",
        "UBND xã Đông Anh",
        (("kiemtra", "head"), ("canbo", "secretary")),
        "2026-05-11",
        "2026-05-29",
    ),
    (
        "P-HK",
        date(2026, 6, 16),
        time(8),
        time(11, 30),
        "unannounced",
        "done",
        "Bộ phận một cửa phường Hoàn Kiếm",
        (("kiemtra", "head"), ("kiemtra2", "member")),
        None,
        "2026-06-26",
    ),
    (
        "X-SS",
        date(2026, 11, 10),
        time(8),
        time(11, 30),
        "scheduled",
        "done",
        "UBND xã Sóc Sơn",
        (("kiemtra2", "head"), ("kiemtra", "member"), ("canbo", "secretary")),
        "2026-11-02",
        "2026-11-20",
    ),
    (
        "STC",
        date(2026, 11, 26),
        time(8),
        time(11, 30),
        "scheduled",
        "cancelled",
        "Trụ sở Sở Tài chính",
        (("kiemtra", "head"), ("canbo", "secretary")),
        None,
        None,
    ),
    (
        "SKHCN",
        date(2026, 12, 8),
        time(8),
        time(11, 30),
        "scheduled",
        "confirmed",
        "Trụ sở Sở Khoa học và Công nghệ",
        (("kiemtra", "head"), ("kiemtra2", "member"), ("canbo", "secretary")),
        "2026-11-30",
        None,
    ),
    (
        "P-BD",
        date(2026, 12, 15),
        time(13, 30),
        time(16, 30),
        "scheduled",
        "planned",
        "UBND phường Ba Đình",
        (("kiemtra2", "head"), ("canbo", "secretary")),
        None,
        None,
    ),
    (
        "Q-HK",
        date(2024, 10, 15),
        time(8),
        time(11, 30),
        "scheduled",
        "done",
        "UBND quận Hoàn Kiếm",
        (("kiemtra", "head"), ("canbo", "secretary")),
        "2024-10-07",
        "2024-10-25",
    ),
    (
        "H-DA",
        date(2024, 11, 12),
        time(8),
        time(11, 30),
        "scheduled",
        "done",
        "UBND huyện Đông Anh",
        (("kiemtra2", "head"), ("kiemtra", "member")),
        "2024-11-04",
        "2024-11-22",
    ),
]

# unit -> [(checklist code, kind, text)]
FINDINGS = {
    "STP": [
        ("PAR3", "strength", "Công khai đầy đủ 100% thủ tục hành chính trên Cổng dịch vụ công."),
        ("PAR7", "shortcoming", "Tỷ lệ hồ sơ trực tuyến toàn trình còn thấp (31%)."),
    ],
    "SYT": [
        ("PAR3", "shortcoming", "Còn 27 hồ sơ giải quyết quá hạn chưa có văn bản xin lỗi."),
        ("VP2", "strength", "Chấp hành tốt giờ giấc làm việc."),
    ],
    "X-DA": [("VP1", "shortcoming", "Bộ phận một cửa chưa niêm yết số điện thoại đường dây nóng.")],
    "P-HK": [("VP1", "strength", "Số hóa kết quả giải quyết TTHC đạt 95%.")],
    "X-SS": [("PAR5", "shortcoming", "Chưa cập nhật cơ sở dữ liệu cán bộ, công chức.")],
    "Q-HK": [("PAR3", "shortcoming", "Chậm công bố kết quả giải quyết TTHC hằng tháng.")],
    "H-DA": [("VP3", "strength", "Tổ chức tốt tuyên truyền CCHC trên đài truyền thanh cơ sở.")],
}

# shortcoming -> (its cause as the team recorded it, objective or subjective)
FINDING_CAUSES = {
    "Tỷ lệ hồ sơ trực tuyến toàn trình còn thấp (31%).": (
        "Cơ sở dữ liệu chuyên ngành của các bộ, ngành chưa kết nối đầy đủ với Cổng dịch vụ công của Thành phố",
        "objective",
    ),
    "Chưa cập nhật cơ sở dữ liệu cán bộ, công chức.": (
        "Công chức phụ trách chưa thường xuyên rà soát, cập nhật dữ liệu sau sắp xếp đơn vị hành chính",
        "subjective",
    ),
}

# unit -> [(text, closed on or None)]; the SYT one stays open past its deadline (overdue)
RECOMMENDATIONS = {
    "STP": [("Đẩy mạnh tiếp nhận hồ sơ trực tuyến toàn trình.", "2026-04-03")],
    "SYT": [("Gửi văn bản xin lỗi đối với hồ sơ quá hạn; báo cáo kết quả khắc phục.", None)],
    "X-DA": [("Niêm yết số điện thoại đường dây nóng tại bộ phận một cửa.", "2026-06-10")],
    "X-SS": [("Cập nhật đầy đủ cơ sở dữ liệu cán bộ, công chức.", None)],
    "Q-HK": [("Công bố kết quả giải quyết TTHC đúng hạn hằng tháng.", "2024-11-08")],
}


def _user(db: Database, username: str) -> User | None:
    return find_user(db, username)


def build(db: Database, actor: User) -> dict:
    """Add this slice's demo records; return counts of what was added."""
    counts = {"inspection_plans": 0, "inspections": 0, "findings": 0, "recommendations": 0}
    inspection_plans = {}
    for year, number, title, issued in INSPECTION_PLANS:
        inspection_plan = schedule.inspection_plan_by_number(db, year, number)
        if inspection_plan is None:
            inspection_plan = schedule.create_inspection_plan(
                db, actor, year=year, number=number, title=title, issued_on=issued
            )
            counts["inspection_plans"] += 1
        inspection_plans[year] = inspection_plan["id"]
        if not inspection_plan.get("self_report_due") and year in SELF_REPORT_DUE:
            schedule.set_self_report_due(db, actor, inspection_plan["id"], SELF_REPORT_DUE[year])
        if not inspection_plan.get("decision_number") and year in DECISIONS:
            decision_number, decision_issued_on = DECISIONS[year]
            schedule.set_plan_references(
                db,
                actor,
                inspection_plan["id"],
                number=inspection_plan["number"],
                issued_on=inspection_plan["issued_on"],
                decision_number=decision_number,
                decision_issued_on=decision_issued_on,
            )
    for username, (honorific, position, work_unit) in INSPECTORS.items():
        person = _user(db, username)
        if person is not None and store.inspector_profile(db, person.id) is None:
            schedule.set_inspector_profile(
                db, actor, person.id, honorific=honorific, position=position, work_unit=work_unit
            )
    for code, day, start, end, kind, status, place, team, self_report, conclusion in INSPECTIONS:
        unit = find_unit(db, code)
        members = [(_user(db, name), role) for name, role in team]
        if unit is None or any(u is None for u, _r in members):
            continue
        if store.inspection_at(db, unit["id"], periods.to_utc_iso(day, start)):
            continue
        draft = schedule.Draft(
            unit_id=unit["id"],
            day=day,
            start=start,
            end=end,
            kind=kind,
            place=place,
            status="planned",
            team=tuple((u.id, r) for u, r in members),
            inspection_plan_id=inspection_plans[day.year],
        )
        row = schedule.create_inspection(db, actor, draft)
        counts["inspections"] += 1
        if self_report:
            schedule.record_self_report(db, actor, row["id"], self_report)
        if status != "planned":
            schedule.set_status(db, actor, row["id"], status)
        if conclusion:
            schedule.set_conclusion(db, actor, row["id"], conclusion, f"{40 + counts['inspections']}/TB-SNV")
        items = {i["code"]: i["id"] for i in row["items"]}
        for item_code, finding_kind, text in FINDINGS.get(code, []):
            cause, cause_kind = FINDING_CAUSES.get(text, (None, None))
            followup.add_finding(
                db,
                actor,
                row["id"],
                item_id=items.get(item_code),
                kind=finding_kind,
                text=text,
                cause=cause,
                cause_kind=cause_kind,
            )
            counts["findings"] += 1
        for text, closed_on in RECOMMENDATIONS.get(code, []):
            rec = followup.add_recommendation(db, actor, row["id"], text=text)
            counts["recommendations"] += 1
            if closed_on:
                followup.add_followup(
                    db,
                    actor,
                    rec["id"],
                    on_date=closed_on,
                    kind="remedy_report",
                    text="Đơn vị gửi báo cáo kết quả khắc phục.",
                )
                followup.add_followup(db, actor, rec["id"], on_date=closed_on, kind="closed", text="Đã khắc phục xong.")
    return counts
