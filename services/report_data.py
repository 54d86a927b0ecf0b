"""Figures of the services slice that documents read (the exports slice): read-only, no
permission check of their own (the document that shows them checks).

The monthly publication ranks units within their unit group (core unit groups whose
members are units of given kinds: "Các sở, ban, ngành"; "UBND các xã, phường"), each
group ranked apart, as the city publishes them."""

from __future__ import annotations

from datetime import date, timedelta

from sqlite_utils import Database

from core import units as core_units
from core.periods import Period, of_date, parse_month, shift
from core.permissions import User, can
from services import indicators, publication, publishing, results, store
from services.indicators import rates


def _ranks(values: dict[int, float | None]) -> dict[int, int]:
    """Competition ranking (1, 2, 2, 4), higher is better; units without a value unranked."""
    ordered = sorted(((v, k) for k, v in values.items() if v is not None), reverse=True)
    ranks, previous, rank = {}, None, 0
    for position, (value, key) in enumerate(ordered, start=1):
        if previous is None or round(value, 6) != round(previous, 6):
            rank, previous = position, value
        ranks[key] = rank
    return ranks


def publication_options(db: Database) -> dict:
    """The monthly publication's options (publishing.options): public page, evidence activity."""
    return publishing.options(db)


def month_rows(db: Database, month: str) -> list[dict]:
    """Each reporting unit's figures of one month as reported (received, resolved, ahead, on
    time, late, pending and pending overdue as stocks, apologies, toàn trình and một phần,
    paid online, digitised), its rates, and its QĐ 766 index score and group scores."""
    month = parse_month(month)
    index = store.index_totals(db, month)
    found = []
    for row in store.results_for_month(db, month):
        figures = {f: row.get(f) for f in store.FIGURES}
        found.append(
            {
                "unit_id": row["unit_id"],
                "code": row["code"],
                "name": row["name"],
                "kind": row["kind"],
                **figures,
                **rates(figures),
                "index_score": index.get(row["unit_id"]),
                "index_groups": store.index_scores(db, month, row["unit_id"]) if row["unit_id"] in index else {},
            }
        )
    return found


def unit_groups_on(db: Database, day: str) -> list[dict]:
    """The unit groups that rank units apart, existing on `day`: those defined by unit kinds
    (code, name, kinds), in the order they were defined."""
    found = []
    for group in core_units.list_groups(db):
        kinds = [k.strip() for k in (group.get("kinds") or "").split(",") if k.strip()]
        if not kinds:
            continue
        if (group.get("valid_from") or "0000") > day or (group.get("valid_to") or "9999") < day:
            continue
        found.append({"code": group["code"], "name": group["name"], "kinds": kinds})
    return found


def ranking_by_group(db: Database, month: str) -> list[dict]:
    """The month's units ranked within each unit group, by on-time rate (then index score):
    [{"code", "name", "rows": [... with "rank" and "index_rank" within the group]}]. Units in
    no group are left out."""
    month = parse_month(month)
    rows = month_rows(db, month)
    groups = []
    for group in unit_groups_on(db, f"{month}-01"):
        members = [r for r in rows if r["kind"] in group["kinds"]]
        if not members:
            continue
        rank = _ranks({r["unit_id"]: r["on_time_rate"] for r in members})
        index_rank = _ranks({r["unit_id"]: r["index_score"] for r in members})
        ranked = [{**r, "rank": rank.get(r["unit_id"]), "index_rank": index_rank.get(r["unit_id"])} for r in members]
        ranked.sort(key=lambda r: (r["rank"] or 10**9, -(r["index_score"] or 0), r["name"]))
        groups.append({**group, "rows": [{**r, **_asks(r)} for r in ranked], **_by_index(ranked)})
    return groups


def _asks(row: dict) -> dict:
    """What the monthly publication asks of a unit: the files resolved late without an
    apology letter (none when the letters are not reported as fewer than the late files)."""
    late, apologies = row["late"] or 0, row["apologies"]
    return {"apologies_missing": late - (apologies or 0) if late and (apologies is None or apologies < late) else 0}


def _by_index(ranked: list[dict]) -> dict:
    """The group's units that have an index rank, in that rank's order (then by name)."""
    return {"by_index_rank": sorted((r for r in ranked if r["index_rank"]), key=lambda r: (r["index_rank"], r["name"]))}


def index_groups(db: Database) -> list[dict]:
    """The QĐ 766 groups in order, each with its code, Vietnamese name and maximum."""
    return [{"code": g["code"], "name": g["name_vi"], "max": g["max"]} for g in store.index_groups(db)]


def city_month(db: Database, month: str) -> dict:
    """The month's city-wide figures: flows added up over the units, pending files as the
    stock they are (the units' stocks added), and the rates of the totals."""
    rows = month_rows(db, parse_month(month))
    total: dict = {"units": len(rows)}
    for f in store.FIGURES:
        values = [r[f] for r in rows if r.get(f) is not None]
        total[f] = sum(values) if values else None
    total.update(rates(total))
    total["resolved_on_time"] = (total["ahead"] or 0) + (total["on_time"] or 0)  # ahead or on time
    return total


# Flows add up over months; stocks are the last month's (pending files at its end); the
# carry-over of a range is its first month's (each later month's carry-over is the month
# before's pending stock, already counted).
_STOCKS = ("pending", "pending_within", "pending_overdue")
_FLOWS = tuple(f for f in store.FIGURES if f not in (*_STOCKS, "carried_over", "received"))


def last_complete_month(cut_off: date) -> str:
    """The last month wholly on or before `cut_off` (YYYY-MM): the cut-off's own month when
    the cut-off is its last day, else the month before."""
    month = of_date(cut_off)
    return month if (cut_off + timedelta(days=1)).month != cut_off.month else shift(month, -1)


def _month_row(row: dict) -> dict:
    """One month's city figures as documents print them: new receipts, files resolved on
    time (ahead or on time), the stock pending at the month's end, and the month's rates."""
    figures = {f: row.get(f) for f in store.FIGURES}
    new = (figures["online"] or 0) + (figures["in_person"] or 0)
    found = {
        "month": row["month"],
        "units": row["units"],
        **figures,
        "new": new,
        "resolved_on_time": (figures["ahead"] or 0) + (figures["on_time"] or 0),
    }
    return {**found, **_rates(found)}


def _rates(figures: dict) -> dict:
    """The period's rates (percent): on time = (ahead + on time) / resolved; online, toàn
    trình and một phần as shares of the new receipts."""
    found = rates(figures)
    return {k: found[k] for k in _RATES}


_RATES = ("on_time_rate", "online_rate", "full_online_rate", "partial_online_rate", "digitised_rate", "apology_rate")


def tthc_figures(db: Database, actor: User, period: Period, today: date | None = None) -> dict | None:
    """City-wide results in handling administrative procedures for a period's report, the
    same for every document: January of the cut-off's year to the last complete month
    before the cut-off (`period.end`, or `today` if earlier: a report drafted before its
    period ends; a month the cut-off falls inside is not complete).

    Over that range: carried_over is the first month's carry-over only, new receipts and
    every other flow (resolved, ahead, on time, late, online, toàn trình, một phần, …) add
    up, received = carried_over + new, pending (within time, overdue) is the stock at the
    end of the last month with figures, never a sum; the rates are those of the totals.
    "months" holds each month's city figures (a month without figures is listed in
    "missing"), "targets" the year's targets. With no complete month in the year, or no
    figures in it, "months" is empty and "reason" says which ("no_complete_month",
    "no_figures"). None without the right to read the figures."""
    if not can(actor, "services.view"):
        return None
    cut_off = min(period.end, today) if today else period.end
    year, last = cut_off.year, last_complete_month(cut_off)
    first = f"{year}-01"
    found: dict = {"year": year, "cut_off": cut_off, "first": first, "last": last, "months": [], "missing": []}
    if last < first:
        return {**found, "first": None, "last": None, "reason": "no_complete_month"}
    months = [_month_row(r) for r in store.city_months(db, first, last)]
    if not months:
        return {**found, "reason": "no_figures"}
    have = {m["month"] for m in months}
    span, month = [], first
    while month <= last:
        span.append(month)
        month = shift(month, 1)
    totals: dict = {}
    for f in _FLOWS:
        values = [m[f] for m in months if m[f] is not None]
        totals[f] = sum(values) if values else None
    totals["new"] = sum(m["new"] for m in months)
    totals["resolved_on_time"] = sum(m["resolved_on_time"] for m in months)
    totals["carried_over"] = months[0]["carried_over"]
    totals["received"] = totals["carried_over"] + totals["new"]
    totals.update({f: months[-1][f] for f in _STOCKS})
    return {
        **found,
        **totals,
        **_rates(totals),
        "reason": None,
        "months": months,
        "missing": [m for m in span if m not in have],
        "stock_month": months[-1]["month"],
        "targets": results.targets(db, year),
    }


def monthly_figures(db: Database, actor: User, month: str) -> dict:
    """The month's ranking rows (rates in percent), the same rows by index score, and the
    city-wide figures: what the monthly report kind lays out."""
    rows = publication.ranking_rows(db, actor, month)
    by_index = sorted((r for r in rows if r["index_rank"]), key=lambda r: (r["index_rank"], r["unit"]))
    return {"month": month, "rows": rows, "by_index": by_index, "city": indicators.city(db, actor, month)}
