"""The office-editable outline of the CCHC report: the ministry's sections, parts, and what
the office's data fills in each part. The default ships in exports/outlines/; an office's
own version is kept in the database, validated before it is saved. (Who issues each
document and on what basis is in exports.profiles.)"""

from __future__ import annotations

import json
from pathlib import Path

from sqlite_utils import Database

from core import audit
from core.errors import ValidationError
from core.i18n import utc_now_iso
from core.permissions import User, require
from core.text import nfc
from exports import store

DEFAULTS_DIR = Path(__file__).parent / "outlines"
OUTLINE_KEY = "cchc_outline"
# What the office's data can fill in a part of the outline (see exports.cchc_report).
SOURCES = (
    "plans_issued",
    "communication",
    "inspections",
    "index_handling",
    "field",
    "assessment",
    "limitations",
    "causes",
    "next_tasks",
    "proposals",
)
MAX_TEXT = 300


def default_outline() -> dict:
    return json.loads((DEFAULTS_DIR / "cchc.json").read_text(encoding="utf-8"))


def _text(value, where: str, *, empty: bool = False) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT or (not empty and not value.strip()):
        raise ValidationError("exports.error.outline_text", where=where)
    return nfc(value).strip()


def check_outline(data) -> dict:
    """The outline cleaned, or a ValidationError naming the first problem."""
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list) or not data["sections"]:
        raise ValidationError("exports.error.outline_shape")
    sections = []
    for i, section in enumerate(data["sections"], start=1):
        if not isinstance(section, dict) or not isinstance(section.get("parts"), list):
            raise ValidationError("exports.error.outline_shape")
        parts = []
        for j, part in enumerate(section["parts"], start=1):
            where = f"{i}.{j}"
            if not isinstance(part, dict):
                raise ValidationError("exports.error.outline_shape")
            sources = part.get("sources", [])
            if not isinstance(sources, list) or any(s not in SOURCES for s in sources):
                raise ValidationError("exports.error.outline_source", where=where, known=", ".join(SOURCES))
            if "field" in sources and not (part.get("field") or part.get("area")):
                raise ValidationError("exports.error.outline_field", where=where)
            parts.append(
                {
                    "title": _text(part.get("title", ""), where, empty=True),
                    "sources": sources,
                    "field": _text(part.get("field", ""), where, empty=True),
                    "area": _text(part.get("area", ""), where, empty=True),
                    "staff": bool(part.get("staff", False)),
                }
            )
        sections.append({"title": _text(section.get("title"), str(i)), "parts": parts})
    annex = data.get("annex", "")
    return {
        "title": _text(data.get("title", "Công tác cải cách hành chính"), "title"),
        "sections": sections,
        "annex": _text(annex, "annex", empty=True),
    }


def load_outline(db: Database) -> dict:
    """The office's outline, or the shipped default when none was saved."""
    row = store.document_setting(db, OUTLINE_KEY)
    return check_outline(json.loads(row["body"]) if row else default_outline())


def outline_text(db: Database) -> str:
    """The outline as indented JSON, for the page's editor."""
    return json.dumps(load_outline(db), ensure_ascii=False, indent=2)


def _save(db: Database, actor: User, key: str, value) -> None:
    before = store.document_setting(db, key)
    row = {
        "key": key,
        "body": json.dumps(value, ensure_ascii=False),
        "updated_by": actor.id,
        "updated_at": utc_now_iso(),
    }
    with db.atomic():
        store.put_document_setting(db, row)
        audit.record(db, actor, "update", "document_settings", key, before, row)


def save_outline(db: Database, actor: User, text: str) -> dict:
    """Validate and keep the office's outline (JSON text); returns it cleaned."""
    require(actor, "reports.templates")
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, TypeError) as exc:
        raise ValidationError("exports.error.outline_json", message=str(exc)) from None
    cleaned = check_outline(data)
    _save(db, actor, OUTLINE_KEY, cleaned)
    return cleaned


def reset_outline(db: Database, actor: User) -> dict:
    """Go back to the shipped outline."""
    require(actor, "reports.templates")
    before = store.document_setting(db, OUTLINE_KEY)
    if before:
        with db.atomic():
            store.delete_document_setting(db, OUTLINE_KEY)
            audit.record(db, actor, "delete", "document_settings", OUTLINE_KEY, before, None)
    return load_outline(db)
