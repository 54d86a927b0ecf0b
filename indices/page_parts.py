"""Display helpers shared by the indices pages (plain: no Streamlit import)."""

from __future__ import annotations

from core.i18n import fmt_number

MIMES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv"}


def num(value, lang: str, digits: int = 2) -> str:
    """A score as the interface shows it (87,11), or nothing."""
    return "" if value is None else fmt_number(value, lang, digits)


def name(row: dict, lang: str) -> str:
    """A node's or an index's name in the interface language (Vietnamese when there is no English)."""
    return (row.get("name_en") if lang == "en" else None) or row["name_vi"]


def indent_name(row: dict, lang: str) -> str:
    """The name indented by the node's depth, so a flat table reads as a tree."""
    return "\u2003" * (row["depth"] - 1) + name(row, lang)


def result_table(view: dict, remedy_counts: dict[int, int], tr, lang: str) -> list[dict]:
    """The rows of one result as the results tab shows them, headed in the interface language."""
    return [
        {
            tr("indices.col.code"): r["code"],
            tr("indices.col.name"): indent_name(r, lang),
            tr("indices.col.max"): num(r["max"], lang),
            tr("indices.col.score"): num(r["score"], lang),
            tr("indices.col.lost"): num(r["lost"], lang),
            tr("indices.col.self"): num(r["self_score"], lang),
            tr("indices.col.appraised"): num(r["appraised_score"], lang),
            tr("indices.col.difference"): num(r["difference"], lang),
            tr("indices.col.rank"): "" if r["rank"] is None else str(r["rank"]),
            tr("indices.col.rank_change"): "" if r["rank_change"] is None else f"{r['rank_change']:+d}",
            tr("indices.col.evidence"): r["evidence"] or "",
            tr("indices.col.lead"): (r["lead"]["short_name"] or r["lead"]["name"]) if r["lead"] else "",
            tr("indices.col.remedies"): str(remedy_counts.get(r["node_id"], "")),
        }
        for r in view["rows"]
    ]
