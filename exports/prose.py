"""Small rules of official Vietnamese prose shared by the report kinds and documents:
the office's name in running text, numbers as an office writes them, and the words a
document must never contain (software wording, stray placeholders)."""

from __future__ import annotations

import re

from core.i18n import fmt_number
from core.text import fold

STAFF_SLOT = "[Nội dung do đơn vị bổ sung]"
# Wording that belongs to software, not to an official document.
SOFTWARE_WORDS = ("ứng dụng", "hệ thống", "phần mềm", "cập nhật vào")
_PLACEHOLDER = re.compile(r"\(chưa có số\)|\bNone\b|\{[a-z_]+\}|\bnan\b|\.\.\.|…/")


def body_name(office: dict) -> str:
    """'SỞ NỘI VỤ' → 'Sở Nội vụ': the issuing body as written inside a sentence."""
    words = office["issuing_body"].split()
    return " ".join(w.capitalize() if i < 2 else w.lower() for i, w in enumerate(words))


def count(value: int | float, noun: str, *, none: str | None = None) -> str:
    """'06 phóng sự' stays for the plan's own text; here '3 cuộc', or 'chưa có cuộc' for zero."""
    if not value:
        return none or f"chưa có {noun}"
    return f"{fmt_number(value)} {noun}"


def percent(value: float | None, digits: int = 2) -> str:
    """'25 %', '87,45 %': no trailing decimal zeros, a space before the sign as offices print it."""
    if value is None:
        return ""
    text = fmt_number(value, digits=digits)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text} %"


def share(part: float, whole: float) -> str:
    return percent(100.0 * part / whole) if whole else "0 %"


def problems(texts: list[str]) -> list[str]:
    """Software wording or a stray placeholder found in `texts` (the staff slot is allowed)."""
    found = []
    for text in texts:
        plain = text.replace(STAFF_SLOT, "")
        folded = fold(plain).lower()
        found += [f"{word!r} in {text!r}" for word in SOFTWARE_WORDS if fold(word).lower() in folded]
        found += [f"{m.group(0)!r} in {text!r}" for m in _PLACEHOLDER.finditer(plain)]
    return found
