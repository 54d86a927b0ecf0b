"""The monthly ranking as a spreadsheet (XLSX): units by on-time rate with the index
score and the change from last month. The Decree 30 document of the monthly publication
is drafted and issued by the documents slice (exports) from services' figures; when it
issues a month it records it here through `publishing.record_issued`, so services never
asks it anything."""

from __future__ import annotations

from sqlite_utils import Database

from core.i18n import t
from core.periods import parse_month
from core.permissions import User, require
from core.tabular import Column, to_xlsx
from services import indicators


def ranking_rows(db: Database, user: User, month: str) -> list[dict]:
    """The ranking as the publication and the command line give it: counts, rates in
    percent (0–100, two decimals), index score and ranks. `on_time` counts files resolved
    ahead of or on time, so resolved = on_time + late."""
    found = []
    for r in indicators.ranking(db, user, parse_month(month)):
        found.append(
            {
                "unit": r["name"],
                "code": r["code"],
                "received": r["received"],
                "resolved": r["resolved"],
                "on_time": (r["ahead"] or 0) + (r["on_time"] or 0),
                "late": r["late"],
                "on_time_rate": None if r["on_time_rate"] is None else round(r["on_time_rate"], 2),
                "online_rate": None if r["online_rate"] is None else round(r["online_rate"], 2),
                "index_score": r["index_score"],
                "rank": r["rank"],
                "rank_change": r["rank_change"],
                "index_rank": r["index_rank"],
                "index_rank_change": r["index_rank_change"],
            }
        )
    return found


def ranking_xlsx(db: Database, user: User, month: str, lang: str = "vi") -> bytes:
    """The month's ranking as one XLSX sheet."""
    require(user, "services.publish")
    month = parse_month(month)
    columns = [
        Column("rank", t("services.col.rank", lang), "int", 8),
        Column("unit", t("services.col.unit", lang), "text", 40),
        Column("code", t("services.col.code", lang), "text", 12),
        Column("received", t("services.col.received", lang), "int", 12),
        Column("resolved", t("services.col.resolved", lang), "int", 12),
        Column("on_time", t("services.col.on_time", lang), "int", 12),
        Column("late", t("services.col.late", lang), "int", 10),
        Column("on_time_rate", t("services.ind.on_time_rate", lang) + " (%)", "percent", 14),
        Column("online_rate", t("services.ind.online_rate", lang) + " (%)", "percent", 14),
        Column("index_score", t("services.ind.index_score", lang), "number", 14),
        Column("rank_change", t("services.col.rank_change", lang), "int", 12),
    ]
    title = t("services.sheet_title", lang, month=month)
    return to_xlsx([(title, columns, ranking_rows(db, user, month))])
