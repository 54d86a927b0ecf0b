"""Document profiles: for each kind of document the office signs, who issues it (the body
and its parent), its number symbol (BC-SNV, TTr-SNV, KH-SNV, QĐ-SNV, TB-SNV, BC-UBND …),
the "Căn cứ" lines (each with its number and date), the recipients with their purpose,
the signer's authority lines and name, the archive line, and for a document addressed to
one body (a Tờ trình) its "Kính gửi" addressee.

All of it is office data: the Hà Nội defaults ship in exports/outlines/profiles.json and
an office's own version of a kind is kept in the database (document_settings), edited on
the documents page and audited. Nothing here names a recipient, basis or signer.

A recipient is either a name or one of the dynamic entries filled from the document:
"@inspected_unit" (the unit a notice concludes on), "@announced_units" (the units a plan
announces), "@article_3" ("Như Điều 3" of a decision), "@plan_units" (the co-operating
units of the communication plan a report covers), "@late_units" (the units a reminder letter
chases)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from core import audit
from core.errors import ValidationError
from core.i18n import utc_now_iso
from core.office import get_office
from core.permissions import User, require
from core.text import nfc
from exports import store

DEFAULTS_FILE = Path(__file__).parent / "outlines" / "profiles.json"
KEY_PREFIX = "profile:"
DYNAMIC = ("@inspected_unit", "@announced_units", "@article_3", "@plan_units", "@late_units")
PURPOSES = ("", "để báo cáo", "để thực hiện", "để phối hợp", "để biết", "để đăng tải")
DOC_TYPES = ("BC", "TTr", "KH", "QĐ", "TB", "BB", "CV")
TYPE_NAMES = {
    "BC": "BÁO CÁO",
    "TTr": "TỜ TRÌNH",
    "KH": "KẾ HOẠCH",
    "QĐ": "QUYẾT ĐỊNH",
    "TB": "THÔNG BÁO",
    "BB": "BIÊN BẢN",
    "CV": "",  # an official letter (công văn) prints no type name, only its "V/v …" summary
}
FIELDS = ("parent_body", "issuing_body", "doc_type", "symbol", "signer_name", "archive", "addressee")
MAX_TEXT = 400
_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def defaults() -> dict[str, dict]:
    return json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))


def kinds() -> list[str]:
    """The document kinds that have a profile, "default" (any other report) last."""
    return [k for k in defaults() if k != "default"] + ["default"]


def _key(kind: str) -> str:
    return KEY_PREFIX + kind


def get_profile(db: Database, kind: str) -> dict:
    """The office's profile of `kind`, or the shipped default (or the default report's)."""
    row = store.document_setting(db, _key(kind))
    if row:
        return {"addressee": "", **json.loads(row["body"])}
    shipped = defaults()
    return shipped.get(kind, shipped["default"])


def _text(value, where: str, *, empty: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value) > MAX_TEXT or (not empty and not value.strip()):
        raise ValidationError("exports.error.profile_field", field=where)
    return nfc(value).strip()


def _day(value: str, where: str) -> str:
    """A basis's date, typed 16/6/2025 or 2025-06-16, kept as ISO."""
    value = (value or "").strip()
    found = _DAY.match(value)
    try:
        if found:
            return date(int(found.group(3)), int(found.group(2)), int(found.group(1))).isoformat()
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValidationError("exports.error.profile_basis", line=where) from None


def check_profile(data) -> dict:
    """The profile cleaned, or a ValidationError naming the first problem."""
    if not isinstance(data, dict):
        raise ValidationError("exports.error.profile_field", field="profile")
    out = {name: _text(data.get(name), name) for name in FIELDS}
    for name in ("issuing_body", "doc_type", "symbol"):
        if not out[name]:
            raise ValidationError("exports.error.profile_field", field=name)
    if out["doc_type"] not in DOC_TYPES:
        raise ValidationError("exports.error.doc_type_unknown", doc_type=out["doc_type"])
    bases = []
    for n, basis in enumerate(data.get("bases") or [], start=1):
        if not isinstance(basis, dict) or not (basis.get("number") or "").strip():
            raise ValidationError("exports.error.profile_basis", line=n)
        bases.append(
            {
                "name": _text(basis.get("name"), f"bases {n}", empty=False),
                "number": _text(basis.get("number"), f"bases {n}", empty=False),
                "date": _day(basis.get("date"), str(n)),
                "about": _text(basis.get("about"), f"bases {n}"),
            }
        )
    recipients = []
    for n, rec in enumerate(data.get("recipients") or [], start=1):
        if not isinstance(rec, dict):
            raise ValidationError("exports.error.profile_recipient", line=n)
        to = _text(rec.get("to"), f"recipients {n}", empty=False)
        purpose = _text(rec.get("purpose"), f"recipients {n}")
        if to.startswith("@") and to not in DYNAMIC:
            raise ValidationError("exports.error.profile_recipient", line=n)
        recipients.append({"to": to, "purpose": purpose})
    signer = [_text(line, "signer_lines", empty=False).upper() for line in data.get("signer_lines") or []]
    if not signer:
        raise ValidationError("exports.error.profile_field", field="signer_lines")
    return {**out, "bases": bases, "recipients": recipients, "signer_lines": signer}


def save_profile(db: Database, actor: User, kind: str, data: dict) -> dict:
    """Validate and keep the office's profile of `kind`; audited, one transaction."""
    require(actor, "reports.templates")
    if kind not in defaults():
        raise ValidationError("exports.error.document_kind_unknown", kind=kind)
    cleaned = check_profile(data)
    before = store.document_setting(db, _key(kind))
    row = {
        "key": _key(kind),
        "body": json.dumps(cleaned, ensure_ascii=False),
        "updated_by": actor.id,
        "updated_at": utc_now_iso(),
    }
    with db.atomic():
        store.put_document_setting(db, row)
        audit.record(db, actor, "update", "document_settings", _key(kind), before, row)
    return cleaned


def reset_profile(db: Database, actor: User, kind: str) -> dict:
    """Back to the shipped defaults of `kind` (audited)."""
    require(actor, "reports.templates")
    before = store.document_setting(db, _key(kind))
    if before:
        with db.atomic():
            store.delete_document_setting(db, _key(kind))
            audit.record(db, actor, "delete", "document_settings", _key(kind), before, None)
    return get_profile(db, kind)


# --- the page's line format ------------------------------------------------------------


def bases_text(profile: dict) -> str:
    """One basis a line: "name | number | dd/mm/yyyy | about"."""
    return "\n".join(
        f"{b['name']} | {b['number']} | {fmt_day(b['date'])} | {b['about']}".rstrip(" |") for b in profile["bases"]
    )


def parse_bases(text: str) -> list[dict]:
    out = []
    for n, line in enumerate((line for line in (text or "").splitlines() if line.strip()), start=1):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 3:
            raise ValidationError("exports.error.profile_basis", line=n)
        out.append({"name": parts[0], "number": parts[1], "date": parts[2], "about": " | ".join(parts[3:])})
    return out


def recipients_text(profile: dict) -> str:
    """One recipient a line: "name | purpose"."""
    return "\n".join(f"{r['to']} | {r['purpose']}".rstrip(" |") for r in profile["recipients"])


def parse_recipients(text: str) -> list[dict]:
    out = []
    for line in (line for line in (text or "").splitlines() if line.strip()):
        to, _, purpose = line.partition("|")
        out.append({"to": to.strip().lstrip("- ").rstrip(";"), "purpose": purpose.strip()})
    return out


# --- what a document prints ------------------------------------------------------------


def fmt_day(iso: str) -> str:
    """16/6/2025 as printed in a basis: two-digit day and month (Decree 30 style)."""
    day = date.fromisoformat(iso)
    return f"{day:%d/%m/%Y}"


def basis_line(basis: dict) -> str:
    """'Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025'."""
    about = f" {basis['about']}" if basis.get("about") else ""
    day = date.fromisoformat(basis["date"])
    return f"Căn cứ {basis['name']} số {basis['number']} ngày {day.day} tháng {day.month} năm {day.year}{about}"


def recipient_lines(profile: dict, dynamic: dict[str, list[str]] | None = None) -> list[str]:
    """The "Nơi nhận" lines (without the dash and the semicolon): names with their purpose
    in brackets, a dynamic entry replaced by the document's own units (dropped when it has
    none); "@article_3" prints "Như Điều 3"."""
    dynamic = dynamic or {}
    lines: list[str] = []
    named: set[str] = set()  # a recipient named once, at its first (profile) place
    for rec in profile["recipients"]:
        if rec["to"] == "@article_3":
            names = ["Như Điều 3"]
        elif rec["to"].startswith("@"):
            names = dynamic.get(rec["to"]) or []
        else:
            names = [rec["to"]]
        for name in names:
            if name.casefold() in named:
                continue
            named.add(name.casefold())
            lines.append(f"{name} ({rec['purpose']})" if rec["purpose"] else name)
    return lines


def _signer_itself(profile: dict, line: str) -> bool:
    """A document the director signs himself ("GIÁM ĐỐC", no "KT.") is not also sent to him
    "để báo cáo"."""
    signs = [x.strip().casefold() for x in profile["signer_lines"]]
    return signs == ["giám đốc"] and line.casefold().startswith("giám đốc sở")


def _signer_name(profile: dict, office: dict) -> str:
    """The profile's own signer, else the office's signer — but only for a document signed
    with the office's own authority lines: the office's "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" is not
    the name to print under "GIÁM ĐỐC" (blank then, and issuing warns that a name is missing)."""
    if (profile["signer_name"] or "").strip():
        return profile["signer_name"]
    own = [x for x in (office.get("signer_authority"), office.get("signer_title")) if (x or "").strip()]
    same = [x.strip().casefold() for x in profile["signer_lines"]] == [x.strip().casefold() for x in own]
    return (office.get("signer_name") or "") if same else ""


def office_for(db: Database, kind: str, dynamic: dict[str, list[str]] | None = None) -> dict:
    """What decree30.Report reads as `office` for a document of `kind`: the office's
    settings (place) overlaid with the kind's profile, recipients resolved."""
    office = get_office(db)
    profile = get_profile(db, kind)
    return {
        **office,
        "parent_body": profile["parent_body"],
        "issuing_body": profile["issuing_body"],
        "doc_type": profile["doc_type"],
        "doc_symbol": profile["symbol"],
        "signer_lines": profile["signer_lines"],
        "signer_name": _signer_name(profile, office),
        "recipients": [line for line in recipient_lines(profile, dynamic) if not _signer_itself(profile, line)],
        "archive_note": profile["archive"],
        "bases": [basis_line(b) for b in profile["bases"]],
        "addressee": profile.get("addressee") or "",
        "profile_kind": kind,
    }
