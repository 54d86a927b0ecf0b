"""Indicators derived from the monthly figures (never stored): rates per unit, per kind
of unit and city-wide, for a month or the year to date; each against the year's targets;
the monthly ranking; and the units below target two months running."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from core.i18n import fmt_number, t
from core.periods import month_label as label
from core.periods import of_date, parse_month, shift
from core.permissions import SYSTEM, User, require
from services import results, store
from services.store import FIGURES

RATES = ("on_time_rate", "online_rate", "full_online_rate", "digitised_rate", "apology_rate", "satisfaction_rate")


def available_months(db: Database, user: User) -> list[str]:
    """Months that have figures, newest first."""
    require(user, "services.view")
    return list(reversed(store.months(db)))


def worst_units(rows: list[dict], n: int) -> list[int]:
    """The `n` units with the lowest on-time rate (then online share): the ones a chart shows first."""
    ordered = sorted(
        rows, key=lambda r: (r["on_time_rate"] if r["on_time_rate"] is not None else 101, r["online_rate"] or 0)
    )
    return [r["unit_id"] for r in ordered[:n]]


def _pct(part, whole) -> float | None:
    return None if part is None or not whole else 100 * part / whole


def rates(figures: dict, satisfaction: dict | None = None) -> dict:
    """The rates (percent, 0–100) of one set of figures; None where they cannot be computed.

    on time = (ahead + on time) / resolved; online, fully online (toàn trình), partly online
    (một phần) and digitised are shares of the files newly received (online + in person);
    apologies are per late file."""
    new = (figures.get("online") or 0) + (figures.get("in_person") or 0)
    ahead_on_time = (figures.get("ahead") or 0) + (figures.get("on_time") or 0)
    votes = satisfaction or {}
    happy = (votes.get("very_satisfied") or 0) + (votes.get("satisfied") or 0)
    return {
        "on_time_rate": _pct(ahead_on_time, figures.get("resolved")),
        "online_rate": _pct(figures.get("online"), new),
        "full_online_rate": _pct(figures.get("full_online"), new),
        "partial_online_rate": _pct(figures.get("partial_online"), new),
        "digitised_rate": _pct(figures.get("digitised"), new),
        "apology_rate": _pct(figures.get("apologies"), figures.get("late")),
        "satisfaction_rate": _pct(happy, happy + (votes.get("dissatisfied") or 0)) if votes else None,
        "pending_overdue": figures.get("pending_overdue"),
    }


def _period(month: str, ytd: bool) -> tuple[str, str]:
    return (f"{month[:4]}-01", month) if ytd else (month, month)


def _add(total: dict, row: dict) -> None:
    for f in FIGURES:
        if row.get(f) is not None:
            total[f] = (total.get(f) or 0) + row[f]


def unit_figures(db: Database, user: User, month: str, ytd: bool = False) -> list[dict]:
    """Each unit's figures and rates for the month (or January to the month: flows added
    up, the first month's carry-over, pending as the last month's stock, received =
    carry-over + new), with the index score (month only) and `below` = the targeted
    indicators it misses."""
    require(user, "services.view")
    month = parse_month(month)
    first, last = _period(month, ytd)
    votes = store.satisfaction_by_unit(db, first, last)
    index = store.index_totals(db, month) if not ytd else {}
    goals = results.targets(db, int(month[:4]))
    ends = store.unit_ends(db, first, last) if first != last else {}
    found = []
    for row in store.sums_by_unit(db, first, last):
        figures = {f: row[f] for f in FIGURES}
        if row["unit_id"] in ends:  # months added up: carry-over once, pending as the last stock
            figures.update(ends[row["unit_id"]])
            figures["received"] = figures["carried_over"] + (figures["online"] or 0) + (figures["in_person"] or 0)
        computed = rates(figures, votes.get(row["unit_id"]))
        below = [k for k, goal in goals.items() if computed.get(k) is not None and computed[k] < goal]
        found.append(
            {
                **{k: row[k] for k in ("unit_id", "code", "name", "kind", "months")},
                **figures,
                **computed,
                "index_score": index.get(row["unit_id"]),
                "below": below,
            }
        )
    return found


def grouped(rows: list[dict], key: str | None) -> list[dict]:
    """Figures added up per `key` ("kind") or over all rows (None), with their rates."""
    groups: dict[str, dict] = {}
    for row in rows:
        name = row[key] if key else "city"
        total = groups.setdefault(name, {"group": name, "units": 0})
        total["units"] += 1
        _add(total, row)
    return [{**g, **rates(g)} for g in groups.values()]


def city(db: Database, user: User, month: str, ytd: bool = False) -> dict:
    """City-wide figures and rates, with the year's targets beside them."""
    rows = unit_figures(db, user, month, ytd)
    total = grouped(rows, None)
    found = total[0] if total else {"units": 0, **rates({})}
    votes = store.satisfaction_by_unit(db, *_period(parse_month(month), ytd))
    summed = {k: sum(v[k] for v in votes.values()) for k in ("very_satisfied", "satisfied", "dissatisfied")}
    found["satisfaction_rate"] = rates({}, summed if votes else None)["satisfaction_rate"]
    found["targets"] = results.targets(db, int(month[:4]))
    return found


def _ranks(values: dict[int, float | None]) -> dict[int, int]:
    """Competition ranking (1, 2, 2, 4) of higher-is-better values; units without one are unranked."""
    ordered = sorted((v, k) for k, v in values.items() if v is not None)
    ordered.reverse()
    ranks, previous, rank = {}, None, 0
    for position, (value, key) in enumerate(ordered, start=1):
        if previous is None or round(value, 6) != round(previous, 6):
            rank, previous = position, value
        ranks[key] = rank
    return ranks


def ranking(db: Database, user: User, month: str) -> list[dict]:
    """Units of the month ranked by on-time rate (then by index score), each with its rank
    by index score and the change of both ranks from last month (positive = moved up)."""
    month = parse_month(month)
    rows = unit_figures(db, user, month)
    before = {r["unit_id"]: r for r in unit_figures(db, user, shift(month, -1))}
    rank = _ranks({r["unit_id"]: r["on_time_rate"] for r in rows})
    index_rank = _ranks({r["unit_id"]: r["index_score"] for r in rows})
    was = _ranks({k: r["on_time_rate"] for k, r in before.items()})
    index_was = _ranks({k: r["index_score"] for k, r in before.items()})
    for row in rows:
        uid = row["unit_id"]
        row["rank"], row["index_rank"] = rank.get(uid), index_rank.get(uid)
        row["rank_change"] = was[uid] - row["rank"] if uid in was and row["rank"] else None
        row["index_rank_change"] = (
            index_was[uid] - row["index_rank"] if uid in index_was and row["index_rank"] else None
        )
    return sorted(rows, key=lambda r: (r["rank"] or 10**9, -(r["index_score"] or 0), r["name"]))


def monthly_series(db: Database, user: User, year: int, unit_ids=None) -> list[dict]:
    """One row per unit and month of the year with its on-time and online rates (for charts)."""
    require(user, "services.view")
    ids = (
        unit_ids if unit_ids is not None else [r["unit_id"] for r in store.sums_by_unit(db, f"{year}-01", f"{year}-12")]
    )
    return [
        {"code": r["code"], "name": r["name"], "month": r["month"], **rates(r)}
        for r in store.unit_months(db, ids, f"{year}-01", f"{year}-12")
    ]


def below_target(db: Database, user: User, month: str) -> list[dict]:
    """Units below a target of their year in `month` and in the month before, with reasons
    in Vietnamese and English (the ground for suggesting whom to inspect)."""
    month = parse_month(month)
    previous = shift(month, -1)
    now = {r["unit_id"]: r for r in unit_figures(db, user, month)}
    then = {r["unit_id"]: r for r in unit_figures(db, user, previous)}
    goals = {m: results.targets(db, int(m[:4])) for m in (previous, month)}
    found = []
    for uid, row in now.items():
        if uid not in then:
            continue
        missed = [
            k
            for k in results.TARGETED
            if k in goals[month]
            and k in goals[previous]
            and row.get(k) is not None
            and then[uid].get(k) is not None
            and row[k] < goals[month][k]
            and then[uid][k] < goals[previous][k]
        ]
        if not missed:
            continue
        reasons = [
            {"indicator": k, "values": [then[uid][k], row[k]], "targets": [goals[previous][k], goals[month][k]]}
            for k in missed
        ]
        found.append(
            {
                "unit_id": uid,
                "code": row["code"],
                "name": row["name"],
                "months": [previous, month],
                "reasons": reasons,
                "reason_vi": _reason_text(reasons, [previous, month], "vi"),
                "reason_en": _reason_text(reasons, [previous, month], "en"),
                "task_vi": _task_text(missed, row["name"], "vi"),
                "task_en": _task_text(missed, row["name"], "en"),
            }
        )
    return sorted(found, key=lambda r: (-len(r["reasons"]), r["name"]))


def _reason_text(reasons: list[dict], months: list[str], lang: str) -> str:
    parts = []
    for reason in reasons:
        for value, target, month in zip(reason["values"], reason["targets"], months, strict=True):
            parts.append(
                t(
                    "services.reason",
                    lang,
                    indicator=t(f"services.ind.{reason['indicator']}", lang),
                    value=fmt_number(value, lang, 1),
                    target=fmt_number(target, lang, 0 if float(target).is_integer() else 1),
                    month=label(month),
                )
            )
    return t("services.reasons_two_months", lang, reasons="; ".join(parts))


def _task_text(missed: list[str], unit_name: str, lang: str) -> str:
    """The remedial task suggested for a unit below target, e.g. "Nâng Tỷ lệ đúng hạn của
    Sở Tư pháp lên chỉ tiêu"."""
    indicators = ", ".join(t(f"services.ind.{k}", lang) for k in missed)
    return t("services.remedy_task", lang, indicators=indicators, unit=unit_name)


def units_below_target(db: Database, on_date: date | str) -> list[dict]:
    """Hooks "inspections.candidates" and "indices.unit_candidates": units below target two
    months running, judged on the last month with figures before `on_date`'s month, with
    the reasons (vi and en) and the indicators missed (whom to inspect, and whom to give a
    remedial task)."""
    before = [m for m in store.months(db) if m < of_date(on_date)]
    return below_target(db, SYSTEM, before[-1]) if before else []
