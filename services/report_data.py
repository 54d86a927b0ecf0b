"""Figures of public-service (TTHC) results for a period, as they stood at its cut-off:
what the monthly publication, the CCHC report and other documents read (the exports
slice). The acting user is passed on to the slice's readers; the report that shows the
figures checks the right to see them."""

from __future__ import annotations

from sqlite_utils import Database

from core.periods import Period
from core.permissions import User, can
from services import indicators, publication


def tthc_figures(db: Database, actor: User, period: Period) -> dict | None:
    """City-wide results in handling administrative procedures from January to the last month
    with figures up to the period's end (as at the cut-off), with the year's targets; None
    without figures (or without the right to read them)."""
    if not can(actor, "services.view"):
        return None
    last = f"{period.end:%Y-%m}"
    months = [m for m in indicators.available_months(db, actor) if m <= last and m[:4] == last[:4]]
    if not months:
        return None
    found = indicators.city(db, actor, months[0], ytd=True)
    return {**found, "month": months[0]}


def monthly_figures(db: Database, actor: User, month: str) -> dict:
    """The month's ranking rows (rates in percent), the same rows by index score, and the
    city-wide figures: what the monthly publication lays out."""
    rows = publication.ranking_rows(db, actor, month)
    by_index = sorted((r for r in rows if r["index_rank"]), key=lambda r: (r["index_rank"], r["unit"]))
    return {"month": month, "rows": rows, "by_index": by_index, "city": indicators.city(db, actor, month)}
