"""What every report kind shares: the content a builder returns, staff-text cleaning,
and small formatting helpers for Vietnamese report sentences."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from core.errors import ValidationError
from core.i18n import fmt_number, fmt_percent
from core.periods import Period
from core.text import nfc
from exports.decree30 import NBSP, Para

NARRATIVE_KEYS = ("assessment", "limitations", "next_tasks", "proposals")


@dataclass
class Content:
    kind: str
    period: Period
    summary: str
    blocks: list
    figures: dict
    drafts: dict[str, str]
    narrative: dict[str, str] = field(default_factory=dict)


def clean_narrative(narrative: dict | None) -> dict[str, str]:
    """Staff text with control characters stripped (tabs/newlines kept), empty sections dropped."""
    cleaned = {}
    for key, text in (narrative or {}).items():
        if key not in NARRATIVE_KEYS:
            raise ValidationError("exports.error.narrative_unknown", section=key)
        text = nfc(str(text or "")).replace("\t", " ").strip()
        if text:
            cleaned[key] = text
    return cleaned


def read_narrative(data: bytes) -> dict[str, str]:
    """Staff text from a file: a JSON object {section: text}, or Markdown where each
    section starts with a heading naming it ("# assessment" or its title, "## Đánh giá,
    ưu điểm"). Unknown sections are refused; the text is cleaned as on the page."""
    from core.i18n import t

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
    names = {key: key for key in NARRATIVE_KEYS}
    for key in NARRATIVE_KEYS:
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


def iso_day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def fmt_day(value: str | None) -> str:
    return f"{iso_day(value):%d/%m/%Y}" if value else ""


def pct_value(value: float) -> str:
    """A percentage as an office writes it: '25 %', '87,5 %' (no trailing zeros), the number
    and its sign kept on one line."""
    shown = round(value, 1)
    return fmt_percent(shown, digits=0 if shown == int(shown) else 1).replace(" ", NBSP)


def pct(part: float, whole: float) -> str:
    return pct_value(100.0 * part / whole if whole else 0.0)


def fmt_count(value: float, noun: str) -> str:
    """'12 tin, bài', or 'chưa có tin, bài' for none."""
    return f"{fmt_number(value, digits=0)} {noun}" if value else f"chưa có {noun}"


def span(period: Period) -> str:
    return f"từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}"


def closing_sections(blocks: list, text: dict[str, str], first_roman: int) -> None:
    """Assessment (strengths; limitations and causes), next tasks, proposals, numbered from `first_roman`."""
    from exports.decree30 import Heading

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
