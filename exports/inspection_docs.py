"""The documents of an inspection round in the Decree 30 layout (DOMAIN.md, "Who issues
each document"): the inspection plan (KH), the decision establishing the team (QĐ), and
per inspection the minutes of the visit (biên bản kiểm tra, BB) and the conclusion notice
(TB). Figures and names are read through inspections.report_data; who issues, the "Căn cứ"
lines, recipients and signer come from the office's document profiles (exports.profiles).

A document issued through the register is served as stored, byte for byte, and never
rebuilt (`build_document` returns the stored file). Otherwise it is built: a draft ("DỰ
THẢO", no number, "ngày … tháng … năm …") unless the inspections slice already records its
number and date (a plan or notice issued before the register kept it)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlite_utils import Database

from core import periods
from core.errors import NotFound, ValidationError
from core.i18n import fmt_date, today_local
from core.permissions import User, require
from core.settings import Settings
from exports import profiles, register
from exports.decree30 import DRAFT_MARK, Center, Heading, Para, Report, Table, render
from exports.prose import STAFF_SLOT, body_name, head_title, unit_body, unit_head
from inspections import report_data

KINDS = ("plan", "decision", "minutes", "notice")
DOC_TYPES = {"plan": "KH", "decision": "QĐ", "minutes": "BB", "notice": "TB"}
TYPE_NAMES = {"plan": "KẾ HOẠCH", "decision": "QUYẾT ĐỊNH", "minutes": "BIÊN BẢN", "notice": "THÔNG BÁO"}
PROFILES = {k: f"inspection-{k}" for k in KINDS}  # the profile and register kind of each
ROLE_VI = {"head": "Trưởng đoàn", "deputy": "Phó Trưởng đoàn", "member": "Thành viên", "secretary": "Thư ký"}
ROLE_ORDER = {"head": 0, "deputy": 1, "member": 2, "secretary": 3}
REMEDY_DAYS = 15  # the unit reports its remedies within 15 days of the notice
__all__ = ["DRAFT_MARK", "KINDS", "build_document", "inspection_choices", "issue_document"]


@dataclass(frozen=True)
class Document30:
    """A built inspection document: what it is, whether it is a draft, and its bytes.
    `sha256` is set for a document served from the register; `warnings` are message keys
    (with their values) of what to settle before signing."""

    kind: str
    doc_type: str
    number: int | None
    issued_on: date | None
    summary: str
    draft: bool
    data: bytes
    sha256: str | None = None
    symbol: str | None = None
    warnings: list[tuple[str, dict]] = field(default_factory=list)


def _number(text: str | None) -> int | None:
    """The leading number of a stored document number ('05/KH-SNV' → 5)."""
    found = re.match(r"\s*(\d+)", text or "")
    return int(found.group(1)) if found else None


def _plan(db: Database, plan_id: int) -> dict:
    plan = report_data.inspection_plan(db, plan_id)
    if plan is None:
        raise NotFound("exports.error.inspection_plan_not_found", plan=plan_id)
    return plan


def _local_day(value: str) -> str:
    return f"{periods.local(value):%d/%m/%Y}"


# --- units and people as a document names them ---------------------------------------


def person_line(member: dict) -> str:
    """'Ông Trần Văn Minh, Phó Trưởng phòng Cải cách hành chính, Sở Nội vụ'."""
    parts = [" ".join(p for p in (member.get("honorific"), member["name"]) if p)]
    parts += [p for p in (member.get("position"), member.get("work_unit")) if p]
    return ", ".join(parts)


def round_team(rows: list[dict]) -> list[dict]:
    """Every person on a team of the round once, with the roles as recorded: a person who
    heads some inspections and not others is named head of those ("Trưởng đoàn kiểm tra tại
    …"); nobody is made a deputy the data does not record. Unannounced visits are counted,
    never named."""
    people: dict[int, dict] = {}
    for row in rows:
        place = None if row["kind"] == "unannounced" else unit_body(row["unit_name"])
        for m in row["team"]:
            person = people.setdefault(m["user_id"], {**m, "roles": {}})
            person["roles"].setdefault(m["role"], []).append(place)
    heads = sum(1 for p in people.values() if "head" in p["roles"])
    for person in people.values():
        roles = person["roles"]
        person["rank"] = min(ROLE_ORDER[r] for r in roles)
        if len(roles) == 1 and not (heads > 1 and "head" in roles):
            person["role_vi"] = ROLE_VI[next(iter(roles))]
        else:
            person["role_vi"] = "; ".join(
                f"{ROLE_VI[r]} kiểm tra tại {_places(places)}"
                for r, places in sorted(roles.items(), key=lambda kv: ROLE_ORDER[kv[0]])
            )
    return sorted(people.values(), key=lambda p: (p["rank"], -len(p["roles"].get("head", [])), p["name"]))


def _places(places: list[str | None]) -> str:
    named = [p for p in places if p]
    hidden = len(places) - len(named)
    if hidden:
        named.append(f"{hidden:02d} đơn vị kiểm tra đột xuất")
    return ", ".join(named)


def _missing_positions(team: list[dict]) -> list[tuple[str, dict]]:
    return [
        ("exports.doc.warning.position_missing", {"name": m["name"]})
        for m in team
        if not (m.get("position") and m.get("work_unit"))
    ]


# --- references between the documents of a round ---------------------------------------


def _issued_ref(db: Database, kind: str, subject: str) -> tuple[str, date] | None:
    row = register.store.issued_for(db, PROFILES[kind], subject)
    return (row["symbol"], date.fromisoformat(row["issued_on"])) if row else None


def _series(db: Database, kind: str) -> str:
    """'QĐ-SNV': the type and symbol a cited kind is numbered with, from its profile."""
    profile = profiles.get_profile(db, PROFILES[kind])
    return f"{profile['doc_type']}-{profile['symbol']}"


def _blank_day(year: int) -> str:
    return f"ngày … tháng … năm {year}"


def _recorded_cited(db: Database, kind: str, number: str | None, day: str | None, year: int) -> tuple[str, bool]:
    """A KH or QĐ by the number and date the round records ('số 25/QĐ-SNV ngày 02/03/2026',
    a bare '25' completed with the kind's series) and whether both are known; what is not
    known is left as blanks to write in by hand ('số …/QĐ-SNV ngày … tháng … năm 2026')."""
    recorded = (number or "").strip()
    if recorded and "/" not in recorded:
        recorded = f"{recorded}/{_series(db, kind)}"
    cited = recorded or f"…/{_series(db, kind)}"
    shown = fmt_date(day) if day else None
    return f"số {cited} {'ngày ' + shown if shown else _blank_day(year)}", bool(recorded and shown)


def _plan_cited(db: Database, plan: dict) -> tuple[str, bool]:
    """'số 12/KH-SNV ngày 15/01/2026' and whether it is known: from the register, else as
    the plan records it."""
    issued = _issued_ref(db, "plan", f"plan:{plan['id']}")
    if issued:
        return f"số {issued[0]} ngày {issued[1]:%d/%m/%Y}", True
    return _recorded_cited(db, "plan", plan.get("number"), plan.get("issued_on"), plan["year"])


def _decision_cited(db: Database, plan: dict) -> tuple[str, bool]:
    """The decision forming the team: from the register when issued in the app (it wins),
    else by the number and date the round records for a decision issued outside it."""
    issued = _issued_ref(db, "decision", f"plan:{plan['id']}")
    if issued:
        return f"số {issued[0]} ngày {issued[1]:%d/%m/%Y}", True
    return _recorded_cited(db, "decision", plan.get("decision_number"), plan.get("decision_issued_on"), plan["year"])


def plan_ref(db: Database, plan: dict, office: dict) -> str:
    """'Kế hoạch số 12/KH-SNV ngày 15/01/2026 của Sở Nội vụ về kiểm tra công tác cải cách
    hành chính năm 2026' — from the register, else from the number and date the plan
    records, else with blanks to fill in ('số …/KH-SNV ngày … tháng … năm 2026')."""
    cited, _ = _plan_cited(db, plan)
    return f"Kế hoạch {cited} của {body_name(office)} về kiểm tra công tác cải cách hành chính năm {plan['year']}"


def decision_ref(db: Database, plan: dict, office: dict) -> str:
    """The decision forming the team, by number and date once issued in the app or recorded
    as issued outside it ('Quyết định số 25/QĐ-SNV ngày 02/03/2026 của Giám đốc Sở Nội vụ về
    việc …'), else with blanks ('Quyết định số …/QĐ-SNV ngày … tháng … năm 2026 …')."""
    cited, _ = _decision_cited(db, plan)
    about = f"về việc thành lập Đoàn kiểm tra công tác cải cách hành chính năm {plan['year']}"
    return f"Quyết định {cited} của Giám đốc {body_name(office)} {about}"


CITES = {"decision": ("plan",), "minutes": ("decision",), "notice": ("plan", "decision")}


def _reference_warnings(db: Database, kind: str, plan_id: int | None) -> list[tuple[str, dict]]:
    """The KH or QĐ a document cites that was neither issued in the app nor recorded with its
    number and date: what is missing is blank on the document, to be written in by hand."""
    plan = report_data.inspection_plan(db, plan_id) if plan_id is not None else None
    if plan is None:
        return []
    known = {"plan": _plan_cited, "decision": _decision_cited}
    return [
        (f"exports.doc.warning.{cited}_not_issued", {"year": plan["year"]})
        for cited in CITES.get(kind, ())
        if not known[cited](db, plan)[1]
    ]


# --- KH ----------------------------------------------------------------------------


def _areas(rows: list[dict]) -> list[str]:
    """The content areas (checklist titles) of the inspections, in checklist order, once each."""
    seen: dict[str, int] = {}
    for row in rows:
        for item in row["items"]:
            seen.setdefault(item["title"], item["position"])
    return sorted(seen, key=lambda title: seen[title])


def plan_blocks(db: Database, plan: dict, office: dict) -> tuple[list, list]:
    """KH: căn cứ; I. purpose; II. content; III. units and dates (announced visits only);
    IV. the team; V. method (the self-inspection report and its due date); VI. organisation.
    Returns (blocks, annex: the outline of the self-inspection report)."""
    rows = report_data.plan_inspections(db, plan["id"], plan.get("issued_on"))
    announced = [r for r in rows if r["kind"] != "unannounced"]
    unannounced = len(rows) - len(announced)
    body = body_name(office)
    blocks: list = [Para(f"{line};") for line in office["bases"]]
    blocks.append(Para(f"{body} ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm {plan['year']} như sau:"))
    blocks.append(Heading("I. MỤC ĐÍCH, YÊU CẦU"))
    blocks.append(Heading("1. Mục đích", 2))
    blocks.append(
        Para(
            f"Đánh giá việc thực hiện nhiệm vụ cải cách hành chính, công vụ năm {plan['year']} của các cơ quan, "
            "đơn vị; kịp thời chấn chỉnh tồn tại, hạn chế và kiến nghị biện pháp khắc phục."
        )
    )
    blocks.append(Heading("2. Yêu cầu", 2))
    blocks.append(Para("Việc kiểm tra bảo đảm khách quan, đúng quy định, không gây trở ngại cho hoạt động của đơn vị."))
    blocks.append(Heading("II. NỘI DUNG KIỂM TRA"))
    areas = _areas(rows)
    blocks += [Para(f"{n}. {area}.") for n, area in enumerate(areas, start=1)] or [
        Para("Các nội dung theo Bộ chỉ số cải cách hành chính của Thành phố.")
    ]
    blocks.append(Heading("III. ĐỐI TƯỢNG, THỜI GIAN KIỂM TRA"))
    if announced:
        blocks.append(
            Table(
                "Đơn vị được kiểm tra và thời gian",
                ["TT", "Đơn vị được kiểm tra", "Thời gian", "Địa điểm"],
                [
                    [
                        str(n),
                        unit_body(r["unit_name"]),
                        f"{_local_day(r['starts_at'])}, {periods.local(r['starts_at']):%H:%M}"
                        f"–{periods.local(r['ends_at']):%H:%M}",
                        r["place"] or "Trụ sở đơn vị",
                    ]
                    for n, r in enumerate(announced, start=1)
                ],
                [0.9, 5.6, 4.6, 5.4],
                frozenset({0}),
                12,
            )
        )
    else:
        blocks.append(Para("Danh sách đơn vị được kiểm tra được bổ sung trước khi ban hành."))
    if unannounced:
        blocks.append(Para("Ngoài ra, Đoàn kiểm tra kiểm tra đột xuất một số đơn vị, không thông báo trước."))
    blocks.append(Heading("IV. THÀNH PHẦN ĐOÀN KIỂM TRA"))
    team = round_team(rows)
    blocks += [Para(f"{n}. {person_line(m)} – {m['role_vi']}.") for n, m in enumerate(team, start=1)] or [
        Para(f"Thành phần Đoàn kiểm tra do Giám đốc {body} quyết định.")
    ]
    blocks.append(Heading("V. PHƯƠNG THỨC KIỂM TRA"))
    due = (
        f"trước ngày {fmt_date(plan['self_report_due'])}"
        if plan.get("self_report_due")
        else ("chậm nhất 05 ngày làm việc trước ngày kiểm tra")
    )
    blocks.append(
        Para(
            "1. Các đơn vị được kiểm tra tự kiểm tra và xây dựng báo cáo theo Đề cương tại Phụ lục kèm theo "
            f"Kế hoạch này, gửi về {body} (qua Phòng Cải cách hành chính) {due}."
        )
    )
    blocks.append(
        Para(
            "2. Đoàn kiểm tra làm việc trực tiếp tại đơn vị: nghe báo cáo, kiểm tra hồ sơ, tài liệu; lập biên bản "
            "kiểm tra có chữ ký của Trưởng đoàn và Thủ trưởng đơn vị."
        )
    )
    blocks.append(Heading("VI. TỔ CHỨC THỰC HIỆN"))
    blocks.append(
        Para(
            "1. Các đơn vị được kiểm tra bố trí lãnh đạo và công chức phụ trách làm việc với Đoàn kiểm tra theo "
            "lịch trên; chuẩn bị đầy đủ hồ sơ, tài liệu liên quan."
        )
    )
    blocks.append(
        Para(
            f"2. Đoàn kiểm tra tổng hợp kết quả, báo cáo Giám đốc {body} và dự thảo thông báo kết luận sau mỗi "
            "cuộc kiểm tra."
        )
    )
    annex = [Center(f"ĐỀ CƯƠNG BÁO CÁO TỰ KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM {plan['year']}")]
    annex.append(Heading("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"))
    annex.append(Para("Việc ban hành kế hoạch, tuyên truyền, kiểm tra và xử lý kiến nghị về cải cách hành chính."))
    annex.append(Heading("II. KẾT QUẢ THỰC HIỆN THEO TỪNG NỘI DUNG"))
    annex += [Para(f"{n}. {area}: kết quả, số liệu, tài liệu kiểm chứng.") for n, area in enumerate(areas, start=1)]
    annex.append(Heading("III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"))
    annex.append(Para("Nêu cụ thể tồn tại, hạn chế; nguyên nhân khách quan, nguyên nhân chủ quan."))
    annex.append(Heading("IV. ĐỀ XUẤT, KIẾN NGHỊ"))
    return blocks, annex


# --- QĐ ----------------------------------------------------------------------------


def decision_blocks(db: Database, plan: dict, office: dict) -> list:
    """QĐ: GIÁM ĐỐC …; numbered căn cứ; "Theo đề nghị …"; QUYẾT ĐỊNH:; Điều 1 members as
    recorded; Điều 2 duties; Điều 3 effect and who executes."""
    rows = report_data.plan_inspections(db, plan["id"])
    body = body_name(office)
    blocks: list = [Center(f"GIÁM ĐỐC {office['issuing_body'].upper()}")]
    lines = [*office["bases"], f"Căn cứ {plan_ref(db, plan, office)}"]
    blocks += [Para(f"{line};", italic=True) for line in lines]
    blocks.append(Para(f"Theo đề nghị của Trưởng phòng Cải cách hành chính, {body}.", italic=True))
    blocks.append(Center("QUYẾT ĐỊNH:"))
    team = round_team(rows)
    blocks.append(
        Para(
            f"Điều 1. Thành lập Đoàn kiểm tra công tác cải cách hành chính, công vụ năm {plan['year']} "
            f"của {body}, gồm các ông (bà) có tên sau:"
        )
    )
    blocks += [
        Para(f"{n}. {person_line(m)} – {m['role_vi']}{'.' if n == len(team) else ';'}")
        for n, m in enumerate(team, start=1)
    ] or [Para("Thành viên Đoàn kiểm tra theo danh sách kèm theo.")]
    blocks.append(
        Para(
            "Điều 2. Đoàn kiểm tra có nhiệm vụ kiểm tra việc thực hiện nhiệm vụ cải cách hành chính, công vụ tại "
            f"các đơn vị theo {plan_ref(db, plan, office)}; lập biên bản kiểm tra, báo cáo kết quả và dự thảo "
            f"thông báo kết luận trình Giám đốc {body}. Đoàn kiểm tra tự giải thể sau khi hoàn thành nhiệm vụ."
        )
    )
    blocks.append(
        Para(
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Sở, Trưởng phòng Cải cách hành "
            "chính, thủ trưởng các đơn vị có liên quan và các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi "
            "hành Quyết định này./."
        )
    )
    return blocks


def _decision_warnings(db: Database, plan_id: int, day: date) -> list[tuple[str, dict]]:
    first = report_data.first_visit(db, plan_id)
    if first is not None and day > first:
        return [("exports.doc.warning.decision_late", {"day": f"{day:%d/%m/%Y}", "first": f"{first:%d/%m/%Y}"})]
    return []


# --- TB ----------------------------------------------------------------------------


def _head(inspection: dict) -> dict | None:
    return next((m for m in inspection["team"] if m["role"] == "head"), None)


def notice_blocks(db: Database, inspection: dict, office: dict, issued_on: date | None = None) -> list:
    """TB: the KH and QĐ it follows, the head with position, I. strengths, II. shortcomings
    and causes, III. what the unit's head must do and by when the remedies are reported."""
    findings = report_data.findings(db, inspection["id"])
    recs = report_data.recommendations(db, inspection["id"])
    head = _head(inspection)
    body = body_name(office)
    unit = unit_body(inspection["unit_name"])
    plan = report_data.inspection_plan(db, inspection["plan_id"]) if inspection.get("plan_id") else None
    basis = ""
    if plan:
        basis = f"Thực hiện {plan_ref(db, plan, office)} và {decision_ref(db, plan, office)}, "
    led = f" do đồng chí {person_line({**head, 'honorific': ''})}, làm Trưởng đoàn" if head else ""
    blocks: list = [
        Para(
            f"{basis}ngày {_local_day(inspection['starts_at'])}, Đoàn kiểm tra của {body}{led} đã kiểm tra công "
            f"tác cải cách hành chính, công vụ tại {unit}. Trên cơ sở Biên bản kiểm tra và báo cáo của Đoàn "
            f"kiểm tra, {body} thông báo kết luận như sau:"
        )
    ]
    blocks[0] = Para(blocks[0].text[0].upper() + blocks[0].text[1:])
    blocks.append(Heading("I. ƯU ĐIỂM"))
    strengths = [f for f in findings if f["kind"] == "strength"]
    blocks += [Para(f"- {_area_prefix(f)}{f['text'].rstrip('.')}.") for f in strengths] or [
        Para("Đoàn kiểm tra không ghi nhận ưu điểm nổi bật.")
    ]
    blocks.append(Heading("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"))
    shortcomings = [f for f in findings if f["kind"] == "shortcoming"]
    if shortcomings:
        blocks.append(Heading("1. Tồn tại, hạn chế", 2))
        blocks += [Para(f"- {_area_prefix(f)}{f['text'].rstrip('.')}.") for f in shortcomings]
        blocks.append(Heading("2. Nguyên nhân", 2))
        blocks += cause_paras(shortcomings)
    else:
        blocks.append(Para("Đoàn kiểm tra không phát hiện tồn tại, hạn chế."))
    blocks.append(Heading("III. YÊU CẦU"))
    when = (
        f"trước ngày {issued_on + timedelta(days=REMEDY_DAYS):%d/%m/%Y}"
        if issued_on
        else f"trong thời hạn {REMEDY_DAYS} ngày kể từ ngày ký Thông báo này"
    )
    if recs:
        blocks.append(Para(f"Đề nghị {unit_head(inspection['unit_name'])} chỉ đạo thực hiện:"))
        blocks.append(
            Table(
                "Kiến nghị, đơn vị thực hiện và thời hạn",
                ["TT", "Nội dung kiến nghị", "Đơn vị thực hiện", "Thời hạn"],
                [
                    [str(n), r["text"], unit_body(r["unit_name"]), fmt_date(r["deadline"])]
                    for n, r in enumerate(recs, start=1)
                ],
                [0.9, 9.0, 4.3, 2.3],
                frozenset({0}),
                12,
            )
        )
        blocks.append(Para(f"Báo cáo kết quả khắc phục gửi về {body} (qua Phòng Cải cách hành chính) {when}."))
    else:
        blocks.append(
            Para(f"Đề nghị {unit_head(inspection['unit_name'])} tiếp tục duy trì, phát huy kết quả đã đạt được.")
        )
    return blocks


def cause_paras(shortcomings: list[dict]) -> list[Para]:
    """The causes the team recorded on the shortcomings, objective (khách quan) then subjective
    (chủ quan), then those recorded without a kind; each cause once. The staff slot stands
    only when no cause was recorded at all."""
    labels = (("objective", "Nguyên nhân khách quan"), ("subjective", "Nguyên nhân chủ quan"), (None, ""))
    out = []
    for kind, label in labels:
        causes = list(
            dict.fromkeys(
                f["cause"].strip().rstrip(".;")
                for f in shortcomings
                if f.get("cause") and (f.get("cause_kind") or None) == kind
            )
        )
        if causes and label:
            out.append(Para(f"- {label}: " + "; ".join(causes) + "."))
        else:
            out += [Para(f"- {cause}.") for cause in causes]
    return out or [
        Para(f"- Nguyên nhân khách quan: {STAFF_SLOT}."),
        Para(f"- Nguyên nhân chủ quan: {STAFF_SLOT}."),
    ]


def _area_prefix(finding: dict) -> str:
    return f"{finding['item_title']}: " if finding.get("item_title") else ""


# --- BB ----------------------------------------------------------------------------

DOTS = "……………………………………………………………………………"


def minutes_blocks(db: Database, inspection: dict, office: dict) -> list:
    """Biên bản kiểm tra: when and where, who (the team; the unit's representatives), what was
    checked and found per content area, the team's recommendations, the unit's opinion."""
    findings = report_data.findings(db, inspection["id"])
    recs = report_data.recommendations(db, inspection["id"])
    unit = unit_body(inspection["unit_name"])
    start = periods.local(inspection["starts_at"])
    plan = report_data.inspection_plan(db, inspection["plan_id"]) if inspection.get("plan_id") else None
    under = f" theo {decision_ref(db, plan, office)}" if plan else ""
    blocks: list = [
        Para(
            f"Hôm nay, vào hồi {start:%H} giờ {start:%M} ngày {start:%d/%m/%Y}, tại "
            f"{inspection['place'] or 'trụ sở ' + unit}, Đoàn kiểm tra của {body_name(office)}{under} tiến hành "
            f"kiểm tra công tác cải cách hành chính, công vụ tại {unit}."
        ),
        Heading("I. THÀNH PHẦN"),
        Heading("1. Đoàn kiểm tra", 2),
    ]
    team = sorted(inspection["team"], key=lambda m: (ROLE_ORDER[m["role"]], m["name"]))
    blocks += [
        Para(f"- {person_line(m)} – {ROLE_VI[m['role']]}{'.' if n == len(team) else ';'}")
        for n, m in enumerate(team, start=1)
    ]
    blocks.append(Heading(f"2. Đại diện {unit}", 2))
    blocks.append(Para(f"- Ông (Bà) {DOTS[:20]}, {unit_head(inspection['unit_name'])};"))
    blocks.append(Para(f"- Ông (Bà) {DOTS[:20]}, công chức phụ trách cải cách hành chính."))
    blocks.append(Heading("II. NỘI DUNG VÀ KẾT QUẢ KIỂM TRA"))
    by_area: dict[str, list[dict]] = {}
    for f in findings:
        by_area.setdefault(f.get("item_title") or "Nội dung khác", []).append(f)
    checked = [i["title"] for i in inspection["items"]]
    if checked:
        blocks.append(Para(f"Đoàn kiểm tra đã kiểm tra {len(checked)} nội dung: {'; '.join(checked)}."))
    for n, (area, found) in enumerate(by_area.items(), start=1):
        blocks.append(Heading(f"{n}. {area}", 2))
        blocks += [
            Para(f"- {'Ưu điểm' if f['kind'] == 'strength' else 'Tồn tại'}: {f['text'].rstrip('.')}.") for f in found
        ]
    if not by_area:
        blocks.append(Para("Đoàn kiểm tra không ghi nhận ưu điểm nổi bật hay tồn tại, hạn chế."))
    blocks.append(Heading("III. KIẾN NGHỊ CỦA ĐOÀN KIỂM TRA"))
    blocks += [Para(f"{n}. {r['text'].rstrip('.')}.") for n, r in enumerate(recs, start=1)] or [
        Para("Không có kiến nghị.")
    ]
    blocks.append(Heading("IV. Ý KIẾN CỦA ĐƠN VỊ ĐƯỢC KIỂM TRA"))
    blocks += [Para(DOTS), Para(DOTS)]
    blocks.append(
        Para(
            "Biên bản kết thúc vào hồi …… giờ …… cùng ngày, được lập thành 02 bản có giá trị như nhau, mỗi bên "
            "giữ 01 bản; đã đọc lại cho các thành viên cùng nghe và nhất trí ký tên."
        )
    )
    return blocks


# --- building and issuing -----------------------------------------------------------


@dataclass(frozen=True)
class _Content:
    subject: str
    summary: str
    recorded_number: int | None
    recorded_on: str | None
    profile_office: dict
    blocks_for: object  # (issued_on | None) -> (blocks, annex)
    co_signer: list[str]
    plan_id: int | None


def _content(db: Database, kind: str, inspection_plan: int | None, inspection: int | None) -> _Content:
    if kind not in KINDS:
        raise ValidationError("exports.error.document_kind_unknown", kind=kind)
    if kind in ("notice", "minutes"):
        if inspection is None:
            raise ValidationError("exports.error.document_needs_inspection")
        row = report_data.inspection(db, inspection)
        unit = unit_body(row["unit_name"])
        office = profiles.office_for(db, PROFILES[kind], {"@inspected_unit": [unit]})
        head = _head(row)
        if kind == "notice":
            return _Content(
                f"inspection:{row['id']}",
                f"Kết luận kiểm tra công tác cải cách hành chính, công vụ tại {unit}",
                _number(row["conclusion_number"]),
                row["conclusion_on"],
                office,
                lambda day: (notice_blocks(db, row, office, day), []),
                [],
                row.get("plan_id"),
            )
        if head:
            office = {**office, "signer_name": head["name"]}
        return _Content(
            f"inspection:{row['id']}",
            f"Kiểm tra công tác cải cách hành chính, công vụ tại {unit}",
            None,
            None,
            office,
            lambda day: (minutes_blocks(db, row, office), []),
            [f"ĐẠI DIỆN {unit.upper()}", head_title(row["unit_name"]).upper(), ""],
            row.get("plan_id"),
        )
    if inspection_plan is None:
        raise ValidationError("exports.error.document_needs_plan")
    plan = _plan(db, inspection_plan)
    rows = report_data.plan_inspections(db, plan["id"])
    if kind == "plan":
        rows = report_data.plan_inspections(db, plan["id"], plan.get("issued_on"))
        announced = [unit_body(r["unit_name"]) for r in rows if r["kind"] != "unannounced"]
        office = profiles.office_for(db, PROFILES[kind], {"@announced_units": announced})
        return _Content(
            f"plan:{plan['id']}",
            f"Kiểm tra công tác cải cách hành chính năm {plan['year']}",
            _number(plan["number"]),
            plan["issued_on"],
            office,
            lambda day: plan_blocks(db, plan, office),
            [],
            plan["id"],
        )
    office = profiles.office_for(db, PROFILES[kind])
    return _Content(
        f"plan:{plan['id']}",
        f"Về việc thành lập Đoàn kiểm tra công tác cải cách hành chính, công vụ năm {plan['year']}",
        None,
        None,
        office,
        lambda day: (decision_blocks(db, plan, office), []),
        [],
        plan["id"],
    )


def _report(kind: str, c: _Content, number: int | None, day: date | None, draft: bool) -> Report:
    blocks, annex = c.blocks_for(day)
    return Report(
        c.profile_office,
        number,
        DOC_TYPES[kind],
        day,
        TYPE_NAMES[kind],
        c.summary,
        blocks,
        draft=draft,
        annex=annex,
        annex_title="Phụ lục" if annex else "",
        replaces=c.profile_office.get("replaces", ""),
        co_signer=c.co_signer,
    )


def _warnings(db: Database, kind: str, c: _Content, day: date) -> list[tuple[str, dict]]:
    found: list[tuple[str, dict]] = []
    if kind == "decision" and c.plan_id is not None:
        found += _decision_warnings(db, c.plan_id, day)
    if kind in ("plan", "decision") and c.plan_id is not None:
        found += _missing_positions(round_team(report_data.plan_inspections(db, c.plan_id)))
    return found + _reference_warnings(db, kind, c.plan_id)


def build_document(
    db: Database,
    actor: User,
    kind: str,
    *,
    inspection_plan: int | None = None,
    inspection: int | None = None,
    settings: Settings,
) -> Document30:
    """One inspection document as DOCX bytes: the stored file when it was issued through the
    register (never rebuilt), else a draft unless its number and date are recorded."""
    require(actor, "reports.generate")
    require(actor, "inspections.view")
    c = _content(db, kind, inspection_plan, inspection)
    stored = register.issued_for(db, PROFILES[kind], c.subject, settings=settings)
    if stored is not None:
        row, data = stored
        return Document30(
            kind,
            row["doc_type"],
            row["number"],
            date.fromisoformat(row["issued_on"]),
            row["title"],
            False,
            data,
            row["sha256"],
            row["symbol"],
        )
    draft = c.recorded_number is None or not c.recorded_on
    day = None if draft else date.fromisoformat(c.recorded_on[:10])
    data = render(_report(kind, c, None if draft else c.recorded_number, day, draft))
    warnings = _warnings(db, kind, c, day or today_local())
    return Document30(
        kind, DOC_TYPES[kind], None if draft else c.recorded_number, day, c.summary, draft, data, warnings=warnings
    )


def issue_document(
    db: Database,
    actor: User,
    kind: str,
    *,
    inspection_plan: int | None = None,
    inspection: int | None = None,
    number: int | None = None,
    issued_on: date | None = None,
    replaces: int | None = None,
    settings: Settings,
):
    """Issue an inspection document through the register: the next number of its own series
    (KH, QĐ, BB, TB) in the year and the issue date, taken in one transaction with the file and
    its register entry; never marked draft. An issued document is issued once: a correction
    names the one it `replaces`. Returns the register's `Issued`."""
    require(actor, "inspections.view")
    c = _content(db, kind, inspection_plan, inspection)
    done = register.store.issued_for(db, PROFILES[kind], c.subject)
    if done is not None and replaces != done["id"]:
        raise ValidationError("exports.error.document_issued", symbol=done["symbol"])

    def render_file(office: dict, chosen: int, day: date) -> bytes:
        c2 = _Content(**{**c.__dict__, "profile_office": {**c.profile_office, **office}})
        return render(_report(kind, c2, chosen, day, False))

    return register.issue_document(
        db,
        actor,
        doc_type=DOC_TYPES[kind],
        kind=PROFILES[kind],
        title=c.summary,
        render_file=render_file,
        number=number,
        issued_on=issued_on,
        office=c.profile_office,
        subject=c.subject,
        replaces=replaces,
        once=True,
        settings=settings,
    )


def issue_warnings(
    db: Database,
    actor: User,
    kind: str,
    *,
    inspection_plan: int | None = None,
    inspection: int | None = None,
    issued_on: date | None = None,
) -> list[tuple[str, dict]]:
    """What to settle before issuing on `issued_on` (default today): a decision dated after
    the first visit; team members without position or unit."""
    require(actor, "inspections.view")
    c = _content(db, kind, inspection_plan, inspection)
    return _warnings(db, kind, c, issued_on or today_local())


def inspection_choices(db: Database, actor: User) -> dict[str, dict[int, str]]:
    """The inspection plans and inspections a person can build documents for, as labels."""
    require(actor, "inspections.view")
    plans = {
        p["id"]: f"{p['year']} — {p['number'] or ''} {p['title']}".replace("  ", " ")
        for p in report_data.inspection_plans(db)
    }
    checks = {
        r["id"]: f"{_local_day(r['starts_at'])} — {r['unit_name']}"
        for r in report_data.inspections_with_team(db)
        if r["status"] != "cancelled"
    }
    return {"plans": plans, "inspections": checks}
