"""Small display helpers shared by the media pages (plain: no Streamlit import).
Feed text is only ever shown as escaped Markdown, never as HTML."""

from __future__ import annotations

from core.i18n import fmt_date, fmt_number, t
from core.markup import md_link
from media.search import escape_markdown


def safe_link(url: str | None, label: str) -> str:
    """A Markdown link to an http(s) URL, or the escaped label alone."""
    return md_link(label, url)


def matched_terms(article: dict, lang: str) -> str:
    """The rule terms an article matched, each with its set: a rule set by name in the UI
    language ("chung", "địa bàn"), a theme by its code."""

    def set_name(name: str) -> str:
        return t(f"media.rules.set.{name}", lang) if name in ("general", "locality") else name

    return escape_markdown(", ".join(f"{m['term']} ({set_name(m['set'])})" for m in article.get("matched") or []))


def article_line(article: dict, lang: str) -> str:
    """'dd/mm/yyyy · outlet · relevance' as escaped Markdown."""
    parts = [
        fmt_date(article["published_at"], lang),
        escape_markdown(article.get("outlet") or article.get("source_name") or ""),
    ]
    if article.get("relevance") is not None:
        parts.append("★ " + fmt_number(article["relevance"], lang, 1))
    if (article.get("copies") or 1) > 1:
        parts.append(f"×{article['copies']}")
    return " · ".join(p for p in parts if p)
