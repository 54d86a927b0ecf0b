"""The periodic CCHC report as the city issues it (DOMAIN.md, "Who issues each document"):
UBND Thành phố reports to the ministry ("…/BC-UBND", TM. ỦY BAN NHÂN DÂN); the Sở Nội vụ
drafts that report and sends it up with its own Tờ trình ("…/TTr-SNV", to UBND Thành phố,
signed by the Sở's director), which carries the proposals meant for the city's own leaders.

The package is two Decree 30 documents, as an office hands them on: the Tờ trình and the
draft BC-UBND (always "DỰ THẢO": only the city's clerk numbers and dates it), one DOCX each,
downloaded together as a zip from the page or `python -m exports document cchc-package`.
Issuing the package numbers the Tờ trình in the Sở's TTr series and stores it in the register
with the draft report attached, both with their SHA-256; from then on the package of that
period is served as stored and never rebuilt. Both documents come from one build of the
report's content (exports.cchc_report), so the Tờ trình's figures are the report's; who
issues each, to whom, on what basis and who signs come from the profiles "cchc-submission"
and "cchc"."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from core.errors import ValidationError
from core.i18n import today_local
from core.periods import Period, parse_period
from core.permissions import User, require
from core.settings import Settings
from exports import kinds, profiles, register
from exports.cchc_report import REPORT_PROFILE, SUBMISSION_PROFILE, parties
from exports.decree30 import Center, Heading, Para, Report, render
from exports.prose import STAFF_SLOT, body_name, issuer_name, paras

KIND = "cchc-package"  # what the command line and the page call the package
SUBMISSION_TYPE = "TTr"


@dataclass(frozen=True)
class Package:
    """The two documents of a period's CCHC report. `row` is the Tờ trình's register entry
    once issued (then both files are as stored); `warnings` are message keys to settle."""

    period: Period
    submission: bytes
    report: bytes
    row: dict | None = None
    warnings: list[str] = field(default_factory=list)
    figures_key: str | None = None  # a draft's figures (register.figures_key), to issue from

    def names(self) -> tuple[str, str]:
        """File names an office recognises: the Tờ trình by its number once issued."""
        code = self.period.code
        first = (
            f"TTr-{self.row['number']:02d}-{self.row['year']}-cchc-{code}.docx"
            if self.row
            else f"Du-thao-TTr-cchc-{code}.docx"
        )
        return first, f"Du-thao-BC-UBND-cchc-{code}.docx"

    def zip(self) -> bytes:
        """Both files in one zip, dated by the Tờ trình (or the period's end), so the same
        package gives the same bytes."""
        day = date.fromisoformat(self.row["issued_on"]) if self.row else self.period.end
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as bundle:
            for name, data in zip(self.names(), (self.submission, self.report), strict=True):
                info = zipfile.ZipInfo(name, date_time=(day.year, day.month, day.day, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                bundle.writestr(info, data)
        return buf.getvalue()


def _city(profile: dict) -> str:
    """Whom the Tờ trình addresses, as a sentence names it ('UBND Thành phố')."""
    return issuer_name({"issuing_body": profile.get("addressee") or ""}, short=True) or ""


def submission_blocks(content: kinds.Content, office: dict, recipient: str) -> list:
    """The Tờ trình's body: Kính gửi, căn cứ, what was drafted and for what period, the
    draft's main results and shortcomings with their causes, the proposals to the city's
    leaders, and the request to sign and send the report."""
    text, period = content.narrative, content.period
    sender = body_name(office)
    city = _city(office)
    blocks: list = []
    if office.get("addressee"):
        blocks.append(Center(f"Kính gửi: {office['addressee']}.", bold=False))
    blocks += [Para(f"{line};") for line in office["bases"]]
    blocks.append(
        Para(
            f"Thực hiện chế độ báo cáo định kỳ công tác cải cách hành chính, {sender} đã tổng hợp kết quả thực hiện "
            f"của các cơ quan, đơn vị và dự thảo Báo cáo công tác cải cách hành chính {period.label_vi()} của "
            f"{city} ({period.span_vi()}). {sender} báo cáo, đề xuất như sau:"
        )
    )
    blocks.append(Heading("I. KẾT QUẢ CHỦ YẾU"))
    blocks += paras(text["assessment"])
    blocks.append(Heading("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"))
    blocks += paras(text["limitations"])
    causes = [line for line in text.get("causes", "").splitlines() if line.strip() and STAFF_SLOT not in line]
    blocks += paras("\n".join(causes))
    blocks.append(Heading("III. ĐỀ XUẤT"))
    blocks += paras(text["submission"])
    to = f" gửi {recipient}" if recipient else ""
    blocks.append(
        Para(
            f"Đề nghị {city} xem xét, ký ban hành Báo cáo công tác cải cách hành chính {period.label_vi()}{to} "
            "đúng thời hạn (dự thảo Báo cáo kèm theo)."
        )
    )
    blocks.append(Para(f"{sender} kính trình {city} xem xét, quyết định./."))
    return blocks


def _submission_report(content: kinds.Content, office: dict, recipient: str, number, day) -> Report:
    summary = f"Về việc ban hành Báo cáo công tác cải cách hành chính {content.period.label_vi()}"
    return Report(
        office,
        number,
        SUBMISSION_TYPE,
        day,
        profiles.TYPE_NAMES[SUBMISSION_TYPE],
        summary,
        submission_blocks(content, office, recipient),
        draft=number is None,
        replaces=office.get("replaces", ""),
    )


def _offices(db: Database) -> tuple[dict, dict, str]:
    """The Tờ trình's profile as printed, the report's, and whom the report goes to (its
    first recipient "để báo cáo", the ministry)."""
    office = profiles.office_for(db, SUBMISSION_PROFILE)
    if office["doc_type"] != SUBMISSION_TYPE:
        raise ValidationError("exports.error.package_type", doc_type=office["doc_type"])
    # the city's report is signed by whom its own profile names, never the Sở's signer
    report = {
        **profiles.office_for(db, REPORT_PROFILE),
        "signer_name": profiles.get_profile(db, REPORT_PROFILE)["signer_name"],
    }
    return office, report, parties(db)["ministry"]


def issued_package(db: Database, actor: User, period_code: str, *, settings: Settings) -> Package | None:
    """The issued package of the period, exactly as stored (the latest correction), or None."""
    require(actor, "reports.view")
    period = parse_period(period_code)
    stored = register.issued_for(db, SUBMISSION_PROFILE, period.code, settings=settings)
    if stored is None:
        return None
    row, data = stored
    return Package(period, data, register.attachment(row, settings=settings) or b"", row)


def build_package(
    db: Database,
    actor: User,
    period_code: str,
    narrative: dict | None = None,
    *,
    with_charts: bool = True,
    settings: Settings,
) -> Package:
    """The package of the period: as stored once issued, otherwise both documents as drafts
    (DỰ THẢO, no number, no date), built from one content of the report."""
    require(actor, "reports.view")
    done = issued_package(db, actor, period_code, settings=settings)
    if done is not None:
        return done
    period = parse_period(period_code)
    content = kinds.build(db, actor, "cchc", period, narrative, with_charts=with_charts)
    office, report_office, ministry = _offices(db)
    report = register.draft_file(db, "cchc", content, report_office, settings=settings)
    submission = render(_submission_report(content, office, ministry, None, None))
    # only the Tờ trình is signed here: the report is signed by the city, the name left blank
    return Package(period, submission, report, None, register.office_warnings(office), register.figures_key(content))


def issue_package(
    db: Database,
    actor: User,
    period_code: str,
    narrative: dict | None = None,
    *,
    number: int | None = None,
    issued_on: date | None = None,
    with_charts: bool = True,
    confirm_late: bool = False,
    replaces: int | None = None,
    read_key: str | None = None,
    settings: Settings,
) -> Package:
    """Issue the Sở's Tờ trình (the next TTr number of the year, today's date) with the
    draft report attached, both stored and registered with their SHA-256 in one transaction.
    A package is issued once per period; a correction names the register entry it `replaces`.
    `read_key`: the `figures_key` of the draft staff read; refused when the data moved since."""
    require(actor, "reports.generate")
    period = parse_period(period_code)
    register.check_late(period, issued_on or today_local(), confirm_late)
    done = register.store.issued_for(db, SUBMISSION_PROFILE, period.code)
    if done is not None and replaces != done["id"]:
        raise ValidationError("exports.error.document_issued", symbol=done["symbol"])
    content = kinds.build(db, actor, "cchc", period, narrative, with_charts=with_charts)
    register.check_fresh(content, read_key)
    office, report_office, ministry = _offices(db)
    report = register.draft_file(db, "cchc", content, report_office, settings=settings)

    def render_file(printed: dict, chosen: int, day: date) -> bytes:
        return render(_submission_report(content, {**office, **printed}, ministry, chosen, day))

    issued = register.issue_document(
        db,
        actor,
        doc_type=SUBMISSION_TYPE,
        kind=SUBMISSION_PROFILE,
        office=office,
        subject=period.code,
        replaces=replaces,
        title=f"Tờ trình ban hành Báo cáo công tác cải cách hành chính {period.label_vi()}",
        render_file=render_file,
        number=number,
        issued_on=issued_on,
        period=period,
        narrative=content.narrative,
        attachment=report,
        once=True,
        settings=settings,
    )
    return Package(period, issued.data, report, issued.row)
