"""Themes of a plan (nội dung tuyên truyền) and their keyword rules, which the press
coverage tagger reads."""

from __future__ import annotations

import re

from sqlite_utils import Database

from core import audit
from core.errors import NotFound, ValidationError
from core.permissions import User, require
from core.text import clean_line, nfc, visible_line
from plans import store
from plans.plans import get_plan


def find_theme(db: Database, theme_id: int) -> dict | None:
    """The theme with this id, or None."""
    return store.theme_row(db, theme_id)


def list_themes(db: Database, plan_id: int) -> list[dict]:
    return store.list_themes(db, plan_id)


def themes_of_year(db: Database, year: int) -> list[dict]:
    """The themes (with their keyword rules) of the annual plan of `year`; none without one."""
    plan = store.annual_plan_for(db, int(year))
    return store.list_themes(db, plan["id"]) if plan else []


def split_keywords(keywords: str | list[str] | None) -> list[str]:
    """Theme keywords from what a person typed (separated by commas, semicolons or new
    lines) or from a list: cleaned, blanks dropped, each once (the first spelling kept)."""
    if isinstance(keywords, str):
        keywords = re.split(r"[,;\n]", keywords)
    result, seen = [], set()
    for keyword in keywords or []:
        word = clean_line(keyword)
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            result.append(word)
    return result


def add_theme(
    db: Database,
    actor: User,
    plan_id: int,
    *,
    code: str,
    title: str,
    description: str = "",
    keywords: list[str] | None = None,
) -> dict:
    require(actor, "plans.edit")
    get_plan(db, plan_id)
    code, title = clean_line(code), visible_line(title)
    if not code or not title:
        raise ValidationError("error.theme_incomplete")
    existing = store.list_themes(db, plan_id)
    if any(t["code"] == code for t in existing):
        raise ValidationError("error.theme_code_taken", code=code)
    row = {
        "plan_id": plan_id,
        "position": len(existing) + 1,
        "code": code,
        "title": title,
        "description": nfc(description).strip() or None,
        "keywords": split_keywords(keywords),
    }
    with db.atomic():
        theme_id = store.insert_theme(db, row)
        audit.record(db, actor, "create", "themes", theme_id, None, row)
    return store.theme_row(db, theme_id)


def update_theme(db: Database, actor: User, theme_id: int, **changes) -> dict:
    """Change a theme's title, description or keywords (the media tagger reads the keywords);
    the one way any slice changes a theme."""
    require(actor, "plans.edit")
    before = store.theme_row(db, theme_id)
    if before is None:
        raise NotFound("error.theme_not_found", theme=theme_id)
    row = {}
    if "title" in changes:
        row["title"] = visible_line(changes["title"])
        if not row["title"]:
            raise ValidationError("error.theme_incomplete")
    if "description" in changes:
        row["description"] = nfc(changes["description"] or "").strip() or None
    if "keywords" in changes:
        row["keywords"] = split_keywords(changes["keywords"])
    with db.atomic():
        store.update_theme(db, theme_id, row)
        audit.record(db, actor, "update", "themes", theme_id, before, {**before, **row})
    return store.theme_row(db, theme_id)
