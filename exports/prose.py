"""The one writer of report and document prose: the content a report builder returns,
staff text (cleaned, read from a file), the office's name in running text, counts and
percentages as an office writes them (core's formatter, one number style for every
document), the closing sections, and the words a document must never contain."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from core.errors import ValidationError
from core.i18n import NBSP, fmt_number, fmt_percent, fmt_share, t
from core.periods import Period
from core.text import fold, nfc
from exports.decree30 import Heading, Para

NARRATIVE_KEYS = ("assessment", "limitations", "next_tasks", "proposals")
# Sections only some kinds draft (the CCHC report: its causes, and the city-internal
# proposals of the Tờ trình that sends it up); staff text may replace them too.
EXTRA_KEYS = ("causes", "submission")
SECTION_KEYS = NARRATIVE_KEYS + EXTRA_KEYS


@dataclass
class Content:
    kind: str
    period: Period
    summary: str
    blocks: list
    figures: dict
    drafts: dict[str, str]
    narrative: dict[str, str] = field(default_factory=dict)
    annex: list = field(default_factory=list)  # blocks printed after the signature
    annex_title: str = ""  # "Phụ lục …"


def clean_narrative(narrative: dict | None) -> dict[str, str]:
    """Staff text with control characters stripped (tabs/newlines kept), empty sections dropped."""
    cleaned = {}
    for key, text in (narrative or {}).items():
        if key not in SECTION_KEYS:
            raise ValidationError("exports.error.narrative_unknown", section=key)
        text = nfc(str(text or "")).replace("\t", " ").strip()
        if text:
            cleaned[key] = text
    return cleaned


def read_narrative(data: bytes) -> dict[str, str]:
    """Staff text from a file: a JSON object {section: text}, or Markdown where each
    section starts with a heading naming it ("# assessment" or its title, "## Đánh giá,
    ưu điểm"). Unknown sections are refused; the text is cleaned as on the page."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("exports.error.narrative_file") from None
    if text.lstrip().startswith("{"):
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError:
            raise ValidationError("exports.error.narrative_file") from None
        if not isinstance(loaded, dict):
            raise ValidationError("exports.error.narrative_file")
        return clean_narrative(loaded)
    names = {key: key for key in SECTION_KEYS}
    for key in SECTION_KEYS:
        for lang in ("vi", "en"):
            names[_fold(t(f"exports.section.{key}", lang))] = key
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            title = _fold(line.strip().lstrip("#"))
            if title not in names:
                raise ValidationError("exports.error.narrative_unknown", section=line.strip().lstrip("#").strip())
            current = names[title]
            sections.setdefault(current, [])
        elif current is not None:
            sections[current].append(line)
        elif line.strip():
            raise ValidationError("exports.error.narrative_file")
    return clean_narrative({key: "\n".join(lines) for key, lines in sections.items()})


def _fold(title: str) -> str:
    return nfc(title).strip().casefold()


def paras(text: str) -> list[Para]:
    return [Para(line.strip()) for line in text.splitlines() if line.strip()]


def closing_sections(blocks: list, text: dict[str, str], first_roman: int) -> None:
    """Assessment (strengths; limitations and causes), next tasks, proposals, numbered from `first_roman`."""
    roman = ["I", "II", "III", "IV", "V", "VI", "VII"]
    n = first_roman - 1
    blocks.append(Heading(f"{roman[n]}. ĐÁNH GIÁ CHUNG"))
    blocks.append(Heading("1. Ưu điểm", 2))
    blocks += paras(text["assessment"])
    blocks.append(Heading("2. Hạn chế và nguyên nhân", 2))
    blocks += paras(text["limitations"])
    blocks.append(Heading(f"{roman[n + 1]}. NHIỆM VỤ TRỌNG TÂM KỲ TỚI"))
    blocks += paras(text["next_tasks"])
    blocks.append(Heading(f"{roman[n + 2]}. ĐỀ XUẤT, KIẾN NGHỊ"))
    blocks += paras(text["proposals"])


STAFF_SLOT = "[Nội dung do đơn vị bổ sung]"
# Wording that belongs to software, not to an official document.
SOFTWARE_WORDS = ("ứng dụng", "hệ thống", "phần mềm", "cập nhật vào")
# A number left blank ("…/QĐ-SNV") is a stray placeholder unless it is a reference left to
# write in by hand, its date blank with it ("số …/QĐ-SNV ngày … tháng … năm 2026").
_PLACEHOLDER = re.compile(r"\(chưa có số\)|\bNone\b|\{[a-z_]+\}|\bnan\b|\.\.\.|…/(?!\S+ ngày … tháng … năm )")


_PLACE_KINDS = ("THÀNH PHỐ ", "TỈNH ", "XÃ ", "PHƯỜNG ", "ĐẶC KHU ")


def issuer_name(office: dict, *, short: bool = False) -> str:
    """The issuing body inside a sentence: 'ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI' → 'UBND thành phố
    Hà Nội' ('UBND Thành phố' when `short`); any other body as `body_name` writes it ('Sở Nội vụ')."""
    body = " ".join(office["issuing_body"].split())
    for full in ("ỦY BAN NHÂN DÂN ", "UỶ BAN NHÂN DÂN ", "UBND "):
        if body.upper().startswith(full):
            rest = body[len(full) :].upper() + " "
            kind = next((k for k in _PLACE_KINDS if rest.startswith(k)), "")
            rest = rest.rstrip()
            if short and kind:  # standing for the city: "UBND Thành phố" (decree30.unit_case)
                return f"UBND {kind.strip().capitalize()}"
            return f"UBND {kind.lower()}{rest[len(kind) :].title()}".strip()
    return body_name(office)


def body_name(office: dict) -> str:
    """'SỞ NỘI VỤ' → 'Sở Nội vụ': the issuing body as written inside a sentence."""
    words = office["issuing_body"].split()
    return " ".join(w.capitalize() if i < 2 else w.lower() for i, w in enumerate(words))


# --- units as a document names them ----------------------------------------------------

_LOCAL = ("Xã ", "Phường ", "Quận ", "Huyện ", "Thị xã ", "Thị trấn ", "Đặc khu ")


def unit_body(name: str) -> str:
    """The body that answers for a unit: 'Xã Sóc Sơn' → 'UBND xã Sóc Sơn'; a department
    stays 'Sở Tư pháp'; a name already 'UBND …' stays."""
    for prefix in _LOCAL:
        if name.startswith(prefix):
            return f"UBND {prefix.lower()}{name[len(prefix) :]}"
    if name.startswith("Ủy ban nhân dân ") or name.startswith("Uỷ ban nhân dân "):
        return "UBND " + name.split(" ", 4)[4]
    return name


def head_title(name: str) -> str:
    """The title of a unit's head: 'Chủ tịch' (UBND), 'Giám đốc' (Sở), 'Trưởng' (Ban)."""
    body = unit_body(name)
    if body.startswith("UBND "):
        return "Chủ tịch"
    if body.startswith("Sở "):
        return "Giám đốc"
    if body.startswith("Ban "):
        return "Trưởng"
    if body.startswith("Công an "):
        return "Giám đốc"
    if body.startswith("Báo "):
        return "Tổng Biên tập"
    return "Thủ trưởng"


def unit_head(name: str) -> str:
    """Whom a notice addresses: 'Chủ tịch UBND xã Sóc Sơn', 'Giám đốc Sở Tư pháp'."""
    return f"{head_title(name)} {unit_body(name)}"


def count(value: int | float, noun: str, *, none: str | None = None) -> str:
    """'06 phóng sự' stays for the plan's own text; here '3 cuộc', or 'chưa có cuộc' for zero."""
    if not value:
        return none or f"chưa có {noun}"
    return f"{fmt_number(value)} {noun}"


def percent(value: float | None, digits: int = 2) -> str:
    """'25 %', '87,45 %': core's percentage as a document writes it."""
    return fmt_percent(value, digits=digits, in_text=True)


def percent_number(value: float | None) -> str:
    """The number of `percent` alone, for a column whose unit is "%"."""
    return percent(value).removesuffix(NBSP + "%")


def share(part: float, whole: float) -> str:
    return fmt_share(part, whole)


def problems(texts: list[str]) -> list[str]:
    """Software wording or a stray placeholder found in `texts` (the staff slot is allowed)."""
    found = []
    for text in texts:
        plain = text.replace(STAFF_SLOT, "")
        folded = fold(plain).lower()
        found += [f"{word!r} in {text!r}" for word in SOFTWARE_WORDS if fold(word).lower() in folded]
        found += [f"{m.group(0)!r} in {text!r}" for m in _PLACEHOLDER.finditer(plain)]
    return found
