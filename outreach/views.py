"""Rows as the outreach pages show them: labels in the reader's language, dates as
dd/mm/yyyy. Plain functions; the pages only display what they return."""

from __future__ import annotations

import json

from core.i18n import fmt_date, fmt_percent, t


def state_label(row: dict, lang: str) -> str:
    return t(f"outreach.state.{row['state']}", lang, days=row.get("days", 0))


def tracker_rows(rows: list[dict], lang: str) -> list[dict]:
    return [
        {
            t("outreach.col.request", lang): r["title"],
            t("outreach.col.kind", lang): t(f"outreach.kind.{r['kind']}", lang),
            t("outreach.col.unit", lang): r["unit_name"],
            t("outreach.col.due", lang): fmt_date(r["due_on"], lang),
            t("outreach.col.state", lang): state_label(r, lang),
            t("outreach.col.comment", lang): r.get("comment") or "",
        }
        for r in rows
    ]


def rate_rows(rates: list[dict], lang: str) -> list[dict]:
    return [
        {
            t("outreach.col.unit", lang): r["unit_name"],
            t("outreach.col.due_count", lang): r["due"],
            t("outreach.col.on_time", lang): r["on_time"],
            t("outreach.col.rate", lang): fmt_percent(100 * r["rate"], lang, 0) if r["rate"] is not None else "—",
        }
        for r in rates
    ]


def answer_summary(row: dict, lang: str) -> str:
    """One line for an answer under review: unit, request, day, what it carries."""
    fields = json.loads(row.get("fields") or "{}")
    parts = [f"{row['unit_name']} — {row['title']} ({fmt_date(row['submitted_on'], lang)})"]
    if fields.get("percent") is not None:
        parts.append(f"{t('outreach.field.percent', lang)}: {fields['percent']:g}")
    if fields.get("text"):
        parts.append(fields["text"])
    if row.get("file_name"):
        parts.append(row["file_name"])
    return " · ".join(parts)
