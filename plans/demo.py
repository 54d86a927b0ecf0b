"""Demo data of the plans slice: Hà Nội's 2021 communication plan (KH 105/KH-UBND)
with its six themes, the usual channels, and some activities, and the 2026 plan copied
forward from it in today's terms. Running it twice adds nothing."""

from __future__ import annotations

from sqlite_utils import Database

from core.permissions import User
from core.units import find_unit, get_group
from plans import activities, plans, progress, store
from plans.rollover import copy_forward
from plans.themes import add_theme

CHANNELS = [
    ("press", "Báo in, báo điện tử", "Print and online press"),
    ("tv", "Truyền hình", "Television"),
    ("radio", "Phát thanh", "Radio"),
    ("portal", "Cổng thông tin điện tử, trang thông tin các sở", "City e-portal and department websites"),
    ("social", "Mạng xã hội", "Social networks"),
    ("panels", "Pa-nô, áp phích, màn hình LED tại bộ phận một cửa", "Panels, posters, LED screens at one-stop desks"),
    ("conference", "Hội nghị, tập huấn", "Conferences and training"),
    ("contest", "Cuộc thi", "Contests"),
    ("briefing", "Sinh hoạt chuyên đề, giao ban nội bộ", "Internal briefings"),
]

THEMES_2021 = [
    (
        "ND1",
        "Chủ trương, chính sách của Đảng, Nhà nước và chương trình của Thành phố về CCHC; trách nhiệm người đứng đầu",
        ["cải cách hành chính", "CCHC", "người đứng đầu"],
    ),
    (
        "ND2",
        "Lãnh đạo, chỉ đạo CCHC; đo lường sự hài lòng (SIPAS); đánh giá Chỉ số CCHC; rà soát văn bản; Luật Thủ đô",
        ["SIPAS", "Chỉ số CCHC", "PAR Index", "sự hài lòng", "Luật Thủ đô"],
    ),
    (
        "ND3",
        "Cải cách thủ tục hành chính và cơ chế một cửa, một cửa liên thông",
        ["thủ tục hành chính", "một cửa", "một cửa liên thông", "TTHC"],
    ),
    (
        "ND4",
        "Đào tạo cán bộ, thi tuyển lãnh đạo, kỷ luật kỷ cương hành chính, kiểm tra công vụ, tự chủ đơn vị sự nghiệp",
        ["kiểm tra công vụ", "kỷ luật", "kỷ cương", "thi tuyển", "tự chủ"],
    ),
    (
        "ND5",
        "Chính quyền điện tử, chính quyền số; dịch vụ công trực tuyến; số hóa kết quả giải quyết TTHC",
        ["chính quyền điện tử", "chính quyền số", "dịch vụ công trực tuyến", "chuyển đổi số", "số hóa"],
    ),
    (
        "ND6",
        "Kết quả CCHC: PAR Index, SIPAS, PAPI và các chỉ số khác; mô hình hay, gương điển hình",
        ["PAPI", "PCI", "PAR Index", "mô hình", "điển hình"],
    ),
]

# theme, title, lead unit, coordinating, channels, start, end, output, target, unit, budget, final status
ACTIVITIES_2021 = [
    (
        "ND1",
        "Chuyên mục “Cải cách hành chính” trên Báo Hà Nội Mới",
        "BHNM",
        ["SNV"],
        ["press"],
        "2021-01-01",
        "2021-12-31",
        "Tin, bài trên chuyên mục",
        24,
        "tin bài",
        120_000_000,
        "done",
    ),
    (
        "ND1",
        "Phóng sự truyền hình về trách nhiệm người đứng đầu trong CCHC",
        "DPT-HN",
        ["SNV"],
        ["tv"],
        "2021-03-01",
        "2021-11-30",
        "Phóng sự phát sóng",
        6,
        "phóng sự",
        180_000_000,
        "in_progress",
    ),
    (
        "ND2",
        "Tuyên truyền kết quả Chỉ số SIPAS 2020 và kế hoạch nâng cao",
        "SNV",
        ["STTTT"],
        ["portal", "press"],
        "2021-05-01",
        "2021-06-30",
        "Tin bài, infographic",
        10,
        "sản phẩm",
        30_000_000,
        "done",
    ),
    (
        "ND3",
        "Pa-nô, màn hình LED hướng dẫn TTHC tại bộ phận một cửa cấp huyện",
        "SNV",
        ["Q-HK", "Q-BD", "Q-CG"],
        ["panels"],
        "2021-04-01",
        "2021-09-30",
        "Pa-nô, clip LED",
        30,
        "điểm",
        250_000_000,
        "in_progress",
    ),
    (
        "ND4",
        "Hội nghị tập huấn nghiệp vụ CCHC cho công chức đầu mối",
        "SNV",
        ["SLDTBXH"],
        ["conference"],
        "2021-08-01",
        "2021-08-31",
        "Lớp tập huấn",
        2,
        "lớp",
        90_000_000,
        "postponed",
    ),
    (
        "ND5",
        "Tuyên truyền dịch vụ công trực tuyến mức độ 3, 4 trên mạng xã hội",
        "STTTT",
        ["SNV", "VP-UBND"],
        ["social", "portal"],
        "2021-02-01",
        "2021-12-15",
        "Bài đăng, video ngắn",
        48,
        "bài đăng",
        60_000_000,
        "in_progress",
    ),
    (
        "ND6",
        "Cuộc thi tìm hiểu CCHC thành phố Hà Nội năm 2021",
        "SNV",
        ["STP", "SGDDT"],
        ["contest", "press"],
        "2021-06-01",
        "2021-10-31",
        "Cuộc thi trực tuyến",
        1,
        "cuộc thi",
        400_000_000,
        "not_started",
    ),
    (
        "ND6",
        "Giới thiệu mô hình hay, gương điển hình trong CCHC",
        "SNV",
        [],
        ["press", "tv"],
        "2021-03-01",
        "2021-12-15",
        "Tin, bài, phóng sự",
        12,
        "tin bài",
        80_000_000,
        "in_progress",
    ),
]


def _unit_id(db: Database, code: str) -> int | None:
    row = find_unit(db, code)
    return row["id"] if row else None


# Recurrence of the 2021 activities that repeat (by position in ACTIVITIES_2021); the rest happen once.
RECURRENCE_2021 = {0: "monthly", 3: "quarterly", 5: "monthly", 7: "quarterly"}

# Progress over 2021 by position: (date, percent, count). Counts go towards the target.
PROGRESS_2021 = {
    0: [("2021-03-31", None, 6), ("2021-06-30", None, 12), ("2021-09-30", None, 18), ("2021-12-28", None, 24)],
    1: [("2021-05-15", 20, None), ("2021-08-31", 50, None), ("2021-11-30", 80, None)],
    2: [("2021-05-20", 40, None), ("2021-06-28", 100, None)],
    3: [("2021-05-31", None, 10), ("2021-08-31", None, 22)],
    5: [("2021-03-31", None, 10), ("2021-06-30", None, 22), ("2021-09-30", None, 35), ("2021-12-15", None, 44)],
    7: [("2021-06-30", None, 4), ("2021-12-10", None, 10)],
}
BUDGET_USED_2021 = {0: 118_500_000, 1: 150_000_000, 2: 28_000_000, 3: 190_000_000, 5: 52_000_000, 7: 71_000_000}
EVIDENCE_2021 = {
    0: ["https://hanoimoi.vn/cai-cach-hanh-chinh"],
    2: ["https://sonoivu.hanoi.gov.vn/cai-cach-hanh-chinh"],
    5: ["https://dichvucong.hanoi.gov.vn"],
}

# Activities of the 2026 plan that do not come from 2021: theme, title, lead, start, deadline, budget, progress.
EXTRA_2026 = [
    (
        "ND2",
        "Tuyên truyền kết quả Chỉ số SIPAS, PAR Index 2025",
        "SNV",
        "2026-05-01",
        "2026-06-30",
        40_000_000,
        [("2026-05-20", 50), ("2026-06-25", 100)],
    ),
    (
        "ND4",
        "Hội nghị tập huấn nghiệp vụ CCHC cho công chức cấp xã",
        "SNV",
        "2026-09-01",
        "2026-10-31",
        120_000_000,
        [("2026-09-30", 30), ("2026-10-20", 60)],
    ),
    (
        "ND6",
        "Hội nghị tổng kết công tác tuyên truyền CCHC năm 2026",
        "SNV",
        "2026-10-15",
        "2026-12-05",
        60_000_000,
        [("2026-11-10", 20)],
    ),
    (
        "ND5",
        "Tuyên truyền Đề án 06 và dịch vụ công trực tuyến toàn trình",
        "CATP",
        "2026-03-01",
        "2026-12-04",
        80_000_000,
        [("2026-06-30", 40), ("2026-10-31", 65)],
    ),
]
# The 2026 plan's number and date (demo values; the plan is in force, so it has both).
NUMBER_2026, ISSUED_2026 = "25/KH-UBND", "2026-01-20"
# The copied activities in today's terms: online public services are "toàn trình" or "một
# phần" since Decree 42/2022/NĐ-CP (no more "mức độ 3, 4"), and after 1/7/2025 the one-stop
# desks are the communes' (no districts): the panels go to every commune, as a unit group.
RENAMED_2026 = {
    "Tuyên truyền dịch vụ công trực tuyến mức độ 3, 4 trên mạng xã hội": (
        "Tuyên truyền dịch vụ công trực tuyến toàn trình, một phần trên mạng xã hội",
        None,
    ),
    "Pa-nô, màn hình LED hướng dẫn TTHC tại bộ phận một cửa cấp huyện": (
        "Pa-nô, màn hình LED hướng dẫn TTHC tại bộ phận một cửa cấp xã",
        "UBND-XA-PHUONG",
    ),
}
# Progress of the copied 2026 activities by title: (date, percent).
PROGRESS_2026 = {
    "Chuyên mục “Cải cách hành chính” trên Báo Hà Nội Mới": [
        ("2026-03-31", 25),
        ("2026-06-30", 50),
        ("2026-09-30", 75),
    ],
    "Tuyên truyền dịch vụ công trực tuyến toàn trình, một phần trên mạng xã hội": [
        ("2026-04-30", 30),
        ("2026-08-31", 60),
    ],
    "Giới thiệu mô hình hay, gương điển hình trong CCHC": [("2026-06-30", 40)],
    "Pa-nô, màn hình LED hướng dẫn TTHC tại bộ phận một cửa cấp xã": [
        ("2026-03-31", 25),
        ("2026-06-30", 50),
        ("2026-09-30", 70),
    ],
}

# Why an activity of 2026 was behind, as staff wrote it with a progress update.
CAUSES_2026 = {
    ("Pa-nô, màn hình LED hướng dẫn TTHC tại bộ phận một cửa cấp xã", "2026-06-30"): (
        "Các xã, phường mới sau sắp xếp chưa bố trí xong vị trí lắp đặt tại bộ phận một cửa",
        "objective",
    ),
    ("Giới thiệu mô hình hay, gương điển hình trong CCHC", "2026-06-30"): (
        "Chưa phân công công chức theo dõi, tổng hợp mô hình hay của các đơn vị",
        "subjective",
    ),
}


def build(db: Database, actor: User) -> dict:
    """Add the 2021 plan (with progress over 2021 and evidence) and a 2026 plan copied
    forward from it (with some progress this year) if missing; return counts added."""
    counts = {"channels": 0, "plans": 0, "themes": 0, "activities": 0, "progress_updates": 0, "evidence": 0}
    for position, (code, vi, en) in enumerate(CHANNELS, start=1):
        if store.channel_by_code(db, code) is None:
            with db.atomic():
                store.insert_channel(
                    db, {"code": code, "name_vi": vi, "name_en": en, "position": position, "active": 1}
                )
            counts["channels"] += 1
    plan = store.plan_by_number(db, 2021, "105/KH-UBND")
    if plan is None:
        plan = _build_2021(db, actor, counts)
    if store.annual_plan_for(db, 2026) is None:
        _build_2026(db, actor, plan, counts)
    return counts


def _build_2021(db: Database, actor: User, counts: dict) -> dict:
    five_year = plans.create_plan(
        db,
        actor,
        year=2021,
        end_year=2025,
        kind="five_year",
        number="145/KH-UBND",
        issued_on="2021-05-31",
        issuer="UBND thành phố Hà Nội",
        title="Kế hoạch thông tin, tuyên truyền CCHC giai đoạn 2021–2025",
        status="in_force",
    )
    plan = plans.create_plan(
        db,
        actor,
        year=2021,
        number="105/KH-UBND",
        issued_on="2021-04-19",
        issuer="UBND thành phố Hà Nội",
        title="Kế hoạch thông tin, tuyên truyền về cải cách hành chính nhà nước của thành phố Hà Nội năm 2021",
        status="in_force",
        parent_id=five_year["id"],
    )
    counts["plans"] += 2
    theme_ids = {}
    for code, title, keywords in THEMES_2021:
        theme_ids[code] = add_theme(db, actor, plan["id"], code=code, title=title, keywords=keywords)["id"]
        counts["themes"] += 1
    channel_ids = {c["code"]: c["id"] for c in store.list_channels(db)}
    for index, (theme, title, lead, coord, chans, start, end, output, target, unit, budget, status) in enumerate(
        ACTIVITIES_2021
    ):
        recurrence = RECURRENCE_2021.get(index, "none")
        act = activities.create_activity(
            db,
            actor,
            plan["id"],
            theme_id=theme_ids[theme],
            title=title,
            lead_unit_id=_unit_id(db, lead),
            coordinating_unit_ids=[i for i in (_unit_id(db, c) for c in coord) if i],
            channel_ids=[channel_ids[c] for c in chans],
            planned_start=start,
            planned_end=end,
            deadline=end,
            output=output,
            target=target,
            target_unit=unit,
            budget=budget,
            recurrence=recurrence,
            period_kind="year" if recurrence != "none" else "dates",
        )
        counts["activities"] += 1
        for on_date, percent, count in PROGRESS_2021.get(index, []):
            progress.add_progress(db, actor, act["id"], on_date=on_date, percent=percent, count=count)
            counts["progress_updates"] += 1
        current = store.activity_row(db, act["id"])["status"]
        if status != current:
            why = REASONS_2021.get(status, (None, None))
            day = PROGRESS_2021.get(index, [(start,)])[-1][0]
            activities.change_status(db, actor, act["id"], status, day, reason=why[0], cause=why[1])
        if index in BUDGET_USED_2021:
            row = store.activity_row(db, act["id"])
            day = row["actual_end"] or PROGRESS_2021.get(index, [(start,)])[-1][0]
            activities.update_activity(db, actor, act["id"], effective_on=day, budget_used=BUDGET_USED_2021[index])
        for url in EVIDENCE_2021.get(index, []):
            progress.add_link(db, actor, act["id"], url, note="Minh chứng mẫu")
            counts["evidence"] += 1
    return plan


# Why an activity was postponed or cancelled, and whether the cause was objective (outside the
# office's control) or subjective, as staff record it when they change the status.
REASONS_2021 = {
    "postponed": ("Dịch COVID-19 bùng phát, không tổ chức được hoạt động tập trung đông người", "objective"),
    "cancelled": ("Nội dung đã được lồng ghép vào hội nghị sơ kết của Thành phố", "subjective"),
}


def _build_2026(db: Database, actor: User, source: dict, counts: dict) -> None:
    result = copy_forward(db, actor, source["id"], 2026, number=NUMBER_2026, issued_on=ISSUED_2026)
    plan = plans.set_plan_status(db, actor, result["plan"]["id"], "in_force")
    counts["plans"] += 1
    counts["themes"] += result["themes"]
    counts["activities"] += result["activities"]
    themes = {t["code"]: t["id"] for t in store.list_themes(db, plan["id"])}
    for act in store.list_activities(db, plan["id"]):
        if act["title"] in RENAMED_2026:
            title, group = RENAMED_2026[act["title"]]
            changes = {"title": title}
            if group:
                changes |= {"coordinating_unit_ids": [], "coordinating_group_ids": [get_group(db, group)["id"]]}
            activities.update_activity(db, actor, act["id"], **changes)
    for act in store.list_activities(db, plan["id"]):
        for on_date, percent in PROGRESS_2026.get(act["title"], []):
            cause, kind = CAUSES_2026.get((act["title"], on_date), ("", None))
            progress.add_progress(db, actor, act["id"], on_date=on_date, percent=percent, cause=cause, cause_kind=kind)
            counts["progress_updates"] += 1
    for theme, title, lead, start, deadline, budget, updates in EXTRA_2026:
        act = activities.create_activity(
            db,
            actor,
            plan["id"],
            theme_id=themes[theme],
            title=title,
            lead_unit_id=_unit_id(db, lead),
            planned_start=start,
            planned_end=deadline,
            deadline=deadline,
            budget=budget,
        )
        counts["activities"] += 1
        for on_date, percent in updates:
            progress.add_progress(db, actor, act["id"], on_date=on_date, percent=percent)
            counts["progress_updates"] += 1
    done = [a for a in store.list_activities(db, plan["id"]) if a["status"] == "done"]
    for act in done:
        used = int((act["budget"] or 0) * 0.9)
        activities.update_activity(db, actor, act["id"], effective_on=act["actual_end"], budget_used=used)
