"""The documents of an inspection round in the Decree 30 layout: the inspection plan (KH),
the decision establishing the inspection team (QĐ) and, per inspection, the conclusion
notice (TB). Each is built from the inspections slice's data through its public functions.

A document is a draft (number left blank for the clerk, the date line to fill, "DỰ THẢO"
on the first page) unless the inspections slice already holds its number and date: an
inspection plan with a number and an issue day, an inspection with its conclusion notice."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from sqlite_utils import Database

from core import periods
from core.errors import NotFound, ValidationError
from core.i18n import fmt_date, today_local
from core.office import get_office
from core.permissions import User, require
from core.settings import Settings
from exports import outline, register
from exports.decree30 import FONT, Heading, Para, Report, Table, place_date, render
from exports.prose import body_name
from inspections import followup, schedule

KINDS = ("plan", "decision", "notice")
DOC_TYPES = {"plan": "KH", "decision": "QĐ", "notice": "TB"}
TYPE_NAMES = {"plan": "KẾ HOẠCH", "decision": "QUYẾT ĐỊNH", "notice": "THÔNG BÁO"}
ROLE_VI = {"head": "Trưởng đoàn", "deputy": "Phó Trưởng đoàn", "member": "Thành viên", "secretary": "Thư ký"}
DRAFT_MARK = "DỰ THẢO"


@dataclass(frozen=True)
class Document30:
    """A built inspection document: what it is, whether it is a draft, and its bytes."""

    kind: str
    doc_type: str
    number: int | None
    issued_on: date | None
    summary: str
    draft: bool
    data: bytes


def _number(text: str | None) -> int | None:
    """The leading number of a stored document number ('05/KH-SNV' → 5)."""
    found = re.match(r"\s*(\d+)", text or "")
    return int(found.group(1)) if found else None


def _plan(db: Database, plan_id: int) -> dict:
    plan = next((p for p in schedule.list_inspection_plans(db) if p["id"] == plan_id), None)
    if plan is None:
        raise NotFound("exports.error.inspection_plan_not_found", plan=plan_id)
    return plan


def _plan_inspections(db: Database, plan_id: int) -> list[dict]:
    return [r for r in schedule.list_inspections(db) if r["plan_id"] == plan_id and r["status"] != "cancelled"]


def _areas(rows: list[dict], db: Database) -> list[str]:
    """The content areas (checklist titles) of the inspections, in checklist order, once each."""
    seen: dict[str, int] = {}
    for row in rows:
        for item in schedule.get_inspection(db, row["id"])["items"]:
            seen.setdefault(item["title"], item["position"])
    return sorted(seen, key=lambda title: seen[title])


def _team(rows: list[dict]) -> list[dict]:
    """Every person on a team of the round once: the one who heads most inspections is the
    Trưởng đoàn, other heads are Phó Trưởng đoàn, then members and secretaries."""
    order = {"head": 0, "deputy": 1, "member": 2, "secretary": 3}
    led: dict[int, int] = {}
    people: dict[int, dict] = {}
    for row in rows:
        for m in row["team"]:
            if m["role"] == "head":
                led[m["user_id"]] = led.get(m["user_id"], 0) + 1
            known = people.get(m["user_id"])
            if known is None or order[m["role"]] < order[known["role"]]:
                people[m["user_id"]] = {**m, "name": m["full_name"] or m["username"]}
    chief = max(led, key=lambda uid: (led[uid], -uid), default=None)
    for uid, person in people.items():
        if person["role"] == "head" and uid != chief:
            person["role"] = "deputy"
    return sorted(people.values(), key=lambda m: (order[m["role"]], m["name"]))


def _local_day(value: str) -> str:
    return f"{periods.local(value):%d/%m/%Y}"


def _plan_title(plan: dict, symbol: str) -> str:
    if plan.get("number"):
        number = plan["number"] if "/" in plan["number"] else f"{plan['number']}/KH-{symbol}"
        issued = f" ngày {fmt_date(plan['issued_on'])}" if plan.get("issued_on") else ""
        return f"Kế hoạch số {number}{issued}"
    return plan["title"]


def plan_blocks(db: Database, plan: dict, office: dict) -> list:
    """KH: purpose, the units and dates, the content areas, the team, organisation."""
    rows = _plan_inspections(db, plan["id"])
    body = body_name(office)
    blocks: list = [Heading("I. MỤC ĐÍCH, YÊU CẦU")]
    blocks.append(
        Para(
            f"Đánh giá việc thực hiện nhiệm vụ cải cách hành chính, công vụ năm {plan['year']} của "
            f"{len({r['unit_id'] for r in rows})} đơn vị; kịp thời chấn chỉnh tồn tại, hạn chế và "
            "kiến nghị biện pháp khắc phục."
        )
    )
    blocks.append(Para("Việc kiểm tra bảo đảm khách quan, đúng quy định, không gây trở ngại cho hoạt động của đơn vị."))
    blocks.append(Heading("II. ĐỐI TƯỢNG, THỜI GIAN KIỂM TRA"))
    if rows:
        blocks.append(
            Table(
                "Bảng 1. Đơn vị được kiểm tra và thời gian",
                ["TT", "Đơn vị được kiểm tra", "Thời gian", "Địa điểm", "Hình thức"],
                [
                    [
                        str(n),
                        r["unit_name"],
                        f"{_local_day(r['starts_at'])}, {periods.local(r['starts_at']):%H:%M}"
                        f"–{periods.local(r['ends_at']):%H:%M}",
                        r["place"] or "Trụ sở đơn vị",
                        "Đột xuất" if r["kind"] == "unannounced" else "Theo kế hoạch",
                    ]
                    for n, r in enumerate(rows, start=1)
                ],
                [0.8, 5.5, 3.6, 4.2, 2.4],
                frozenset({0}),
                11,
            )
        )
    else:
        blocks.append(Para("Kế hoạch chưa có đơn vị được kiểm tra; danh sách được bổ sung trước khi ban hành."))
    blocks.append(Heading("III. NỘI DUNG KIỂM TRA"))
    areas = _areas(rows, db)
    blocks += [Para(f"{n}. {area}.") for n, area in enumerate(areas, start=1)] or [
        Para("Các nội dung theo Bộ chỉ số cải cách hành chính của Thành phố.")
    ]
    blocks.append(Heading("IV. THÀNH PHẦN ĐOÀN KIỂM TRA"))
    team = _team(rows)
    blocks += [Para(f"{n}. {m['name']} – {ROLE_VI[m['role']]}.") for n, m in enumerate(team, start=1)] or [
        Para("Thành phần Đoàn kiểm tra do Giám đốc Sở quyết định.")
    ]
    blocks.append(Heading("V. TỔ CHỨC THỰC HIỆN"))
    blocks.append(
        Para(
            "Các đơn vị được kiểm tra chuẩn bị báo cáo tự kiểm tra và hồ sơ, tài liệu liên quan; bố trí lãnh đạo "
            "và công chức phụ trách làm việc với Đoàn kiểm tra theo lịch trên."
        )
    )
    blocks.append(
        Para(
            f"Đoàn kiểm tra tổng hợp kết quả, báo cáo Giám đốc {body} và ban hành thông báo kết luận "
            "sau mỗi cuộc kiểm tra."
        )
    )
    return blocks


def decision_blocks(db: Database, plan: dict, office: dict) -> list:
    """QĐ: the legal bases, then Điều 1 (members and roles), Điều 2 (duties), Điều 3 (effect)."""
    rows = _plan_inspections(db, plan["id"])
    body = body_name(office)
    blocks: list = [Heading(f"GIÁM ĐỐC {office['issuing_body'].upper()}")]
    bases = outline.legal_bases(db)
    plan_base = f"Căn cứ {_plan_title(plan, office['doc_symbol'])} của {body} về kiểm tra công tác cải cách hành chính"
    if plan.get("number"):
        plan_base += f" năm {plan['year']}"
    else:
        plan_base = f"Căn cứ {plan['title']} của {body}"
    lines = [*bases, plan_base, f"Theo đề nghị của Trưởng phòng Cải cách hành chính, {body}."]
    blocks += [
        Para(line.rstrip(";.") + (";" if i < len(lines) - 1 else "."), italic=True) for i, line in enumerate(lines)
    ]
    blocks.append(Heading("QUYẾT ĐỊNH:"))
    team = _team(rows)
    blocks.append(
        Para(
            f"Điều 1. Thành lập Đoàn kiểm tra công tác cải cách hành chính, công vụ năm {plan['year']} "
            f"của {body}, gồm các thành viên sau:"
        )
    )
    blocks += [Para(f"{n}. {m['name']} – {ROLE_VI[m['role']]}.") for n, m in enumerate(team, start=1)] or [
        Para("Thành viên Đoàn kiểm tra theo danh sách kèm theo.")
    ]
    units = "; ".join(f"{r['unit_name']} (ngày {_local_day(r['starts_at'])})" for r in rows)
    blocks.append(
        Para(
            "Điều 2. Đoàn kiểm tra có nhiệm vụ kiểm tra việc thực hiện nhiệm vụ cải cách hành chính, công vụ tại "
            + (f"các đơn vị: {units}" if units else "các đơn vị theo kế hoạch")
            + "; lập biên bản kiểm tra, báo cáo kết quả và đề xuất nội dung thông báo kết luận với Giám đốc Sở. "
            "Đoàn kiểm tra tự giải thể sau khi hoàn thành nhiệm vụ."
        )
    )
    blocks.append(
        Para(
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Sở, Trưởng phòng Cải cách hành "
            "chính, thủ trưởng các đơn vị có tên tại Điều 2 và các thành viên có tên tại Điều 1 chịu trách "
            "nhiệm thi hành Quyết định này./."
        )
    )
    return blocks


def notice_blocks(db: Database, inspection: dict, office: dict) -> list:
    """TB: the visit, strengths and shortcomings per content area, recommendations with the
    responsible unit and deadline."""
    findings = followup.list_findings(db, inspection["id"])
    recs = followup.list_recommendations(db, inspection["id"])
    head = next((m for m in inspection["team"] if m["role"] == "head"), None)
    body = body_name(office)
    blocks: list = [
        Para(
            f"Ngày {_local_day(inspection['starts_at'])}, Đoàn kiểm tra của {body}"
            + (f" do {head['full_name'] or head['username']} làm Trưởng đoàn" if head else "")
            + f" đã kiểm tra công tác cải cách hành chính, công vụ tại {inspection['unit_name']}. "
            f"Trên cơ sở báo cáo của Đoàn kiểm tra, {body} thông báo kết luận như sau:"
        )
    ]
    blocks.append(Heading("I. ƯU ĐIỂM"))
    strengths = [f for f in findings if f["kind"] == "strength"]
    blocks += [Para(f"- {_area_prefix(f)}{f['text'].rstrip('.')}.") for f in strengths] or [
        Para("Đoàn kiểm tra không ghi nhận ưu điểm nổi bật.")
    ]
    blocks.append(Heading("II. TỒN TẠI, HẠN CHẾ"))
    shortcomings = [f for f in findings if f["kind"] == "shortcoming"]
    blocks += [Para(f"- {_area_prefix(f)}{f['text'].rstrip('.')}.") for f in shortcomings] or [
        Para("Đoàn kiểm tra không phát hiện tồn tại, hạn chế.")
    ]
    blocks.append(Heading("III. KIẾN NGHỊ"))
    if recs:
        blocks.append(Para(f"Đề nghị {inspection['unit_name']} và các đơn vị có liên quan thực hiện:"))
        blocks.append(
            Table(
                "Bảng 1. Kiến nghị, đơn vị thực hiện và thời hạn",
                ["TT", "Nội dung kiến nghị", "Đơn vị thực hiện", "Thời hạn"],
                [[str(n), r["text"], r["unit_name"], fmt_date(r["deadline"])] for n, r in enumerate(recs, start=1)],
                [0.8, 9.0, 4.4, 2.3],
                frozenset({0}),
                11,
            )
        )
        blocks.append(
            Para(
                f"Các đơn vị báo cáo kết quả khắc phục về {body} (qua Phòng Cải cách hành chính) "
                "trước thời hạn nêu trên."
            )
        )
    else:
        blocks.append(Para(f"Đề nghị {inspection['unit_name']} tiếp tục duy trì kết quả đã đạt được."))
    return blocks


def _area_prefix(finding: dict) -> str:
    return f"{finding['item_title']}: " if finding.get("item_title") else ""


def mark_draft(data: bytes, office: dict, issued_on: date) -> bytes:
    """A draft's first page: "DỰ THẢO" above the header, the date line left for the clerk."""
    doc = Document(io.BytesIO(data))
    dated = place_date(office["place"], issued_on)
    for table in doc.tables[:1]:
        for cell in table._cells:
            for p in cell.paragraphs:
                if p.text == dated:
                    p.runs[0].text = f"{office['place']}, ngày      tháng      năm {issued_on.year}"
                    for extra in p.runs[1:]:
                        extra.text = ""
    first = doc.element.body[0]
    mark = doc.add_paragraph()
    mark.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = mark.add_run(DRAFT_MARK)
    run.font.name, run.font.size, run.font.bold = FONT, Pt(13), True
    first.addprevious(mark._p)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def build_document(
    db: Database, actor: User, kind: str, *, inspection_plan: int | None = None, inspection: int | None = None
) -> Document30:
    """One inspection document as DOCX bytes: a draft unless its number and date are recorded."""
    require(actor, "reports.generate")
    require(actor, "inspections.view")
    number, issued, summary, blocks = _content(db, kind, inspection_plan, inspection)
    office = get_office(db)
    draft = number is None or not issued
    day = today_local() if draft else date.fromisoformat(issued[:10])
    report = Report(office, None if draft else number, DOC_TYPES[kind], day, TYPE_NAMES[kind], summary, blocks)
    data = render(report)
    if draft:
        data = mark_draft(data, office, day)
    return Document30(kind, DOC_TYPES[kind], None if draft else number, None if draft else day, summary, draft, data)


def issue_document(
    db: Database,
    actor: User,
    kind: str,
    *,
    inspection_plan: int | None = None,
    inspection: int | None = None,
    number: int | None = None,
    issued_on: date | None = None,
    settings: Settings,
):
    """Issue an inspection document through the register: the next number of its own series
    (KH, QĐ, TB) in the year and the issue date, taken in one transaction with the file and
    its register entry; never marked draft. Returns the register's `Issued`."""
    require(actor, "inspections.view")
    _number, _issued, summary, blocks = _content(db, kind, inspection_plan, inspection)

    def render_file(office: dict, chosen: int, day: date) -> bytes:
        return render(Report(office, chosen, DOC_TYPES[kind], day, TYPE_NAMES[kind], summary, blocks))

    return register.issue_document(
        db,
        actor,
        doc_type=DOC_TYPES[kind],
        kind=f"inspection-{kind}",
        title=summary,
        render_file=render_file,
        number=number,
        issued_on=issued_on,
        settings=settings,
    )


def _content(db: Database, kind: str, inspection_plan: int | None, inspection: int | None):
    """(number and date recorded for it, or None; summary; blocks) of one inspection document."""
    if kind not in KINDS:
        raise ValidationError("exports.error.document_kind_unknown", kind=kind)
    office = get_office(db)
    if kind == "notice":
        if inspection is None:
            raise ValidationError("exports.error.document_needs_inspection")
        row = schedule.get_inspection(db, inspection)
        number, issued = _number(row["conclusion_number"]), row["conclusion_on"]
        summary = f"Kết luận kiểm tra công tác cải cách hành chính, công vụ tại {row['unit_name']}"
        blocks = notice_blocks(db, row, office)
    else:
        if inspection_plan is None:
            raise ValidationError("exports.error.document_needs_plan")
        plan = _plan(db, inspection_plan)
        if kind == "plan":
            number, issued = _number(plan["number"]), plan["issued_on"]
            summary = f"Kiểm tra công tác cải cách hành chính, công vụ năm {plan['year']}"
            blocks = plan_blocks(db, plan, office)
        else:
            number, issued = None, None  # the decision's number is the clerk's
            summary = f"Về việc thành lập Đoàn kiểm tra công tác cải cách hành chính, công vụ năm {plan['year']}"
            blocks = decision_blocks(db, plan, office)
    return number, issued, summary, blocks


def inspection_choices(db: Database, actor: User) -> dict[str, dict[int, str]]:
    """The inspection plans and inspections a person can build documents for, as labels."""
    require(actor, "inspections.view")
    plans = {
        p["id"]: f"{p['year']} — {p['number'] or ''} {p['title']}".replace("  ", " ")
        for p in schedule.list_inspection_plans(db)
    }
    checks = {
        r["id"]: f"{_local_day(r['starts_at'])} — {r['unit_name']}"
        for r in schedule.list_inspections(db)
        if r["status"] != "cancelled"
    }
    return {"plans": plans, "inspections": checks}
