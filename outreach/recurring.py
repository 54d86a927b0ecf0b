"""Requests the office makes on a schedule, created by the daily run (`python -m outreach
due`) so nobody has to remember them: the month's TTHC figures from every unit that
handles procedures, a self-inspection report before each announced visit, and a remedy
report after each conclusion notice. Each is created once: it is found again by its
period or by the inspection it is about."""

from __future__ import annotations

from datetime import date, timedelta

from sqlite_utils import Database

from core import units
from core.permissions import User, require
from core.slices import provided
from outreach import requests, rules, store


def month_code(on: date) -> str:
    """The monthly period (Decree 09: 15th of the previous month to the 14th) that `on` falls in."""
    year, month = (on.year, on.month) if on.day <= rules.CUTOFF_DAY else (on.year + on.month // 12, on.month % 12 + 1)
    return f"{year}-{month:02d}"


def _existing(db: Database) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    rows = store.list_requests(db)
    return {(r["kind"], r["period"]) for r in rows if r["period"]}, {
        (r["kind"], r["source"]) for r in rows if r["source"]
    }


def _inspections(db: Database, on: date) -> list[tuple[dict, dict]]:
    """(unit, inspection) for every unit that exists on `on`, through the inspections hook."""
    found = []
    for unit in units.units_on(db, on):
        for hook in provided("units.activity"):
            found += [(unit, inspection) for inspection in hook(db, unit["id"], on).get("inspections", [])]
    return found


# The request each inspection brings, by kind: its title before the unit's name.
INSPECTION_REQUEST_TITLES = {
    "self_inspection": "Báo cáo tự kiểm tra",
    "remedy": "Báo cáo kết quả khắc phục sau kiểm tra",
}


def _due_about(inspection: dict, on: date) -> list[tuple[str, date]]:
    """(kind, the day it counts from) of each request `inspection` calls for on `on`: the
    self-inspection report before an announced visit, the remedy report after a conclusion."""
    due = []
    day = date.fromisoformat(inspection["day"])
    announced = inspection["kind"] == "scheduled" and inspection["status"] in ("planned", "confirmed")
    if announced and on <= day <= on + timedelta(days=rules.SELF_INSPECTION_NOTICE_DAYS):
        due.append(("self_inspection", day))
    concluded = inspection.get("conclusion_on")
    if concluded and on - timedelta(days=rules.REMEDY_LOOKBACK_DAYS) <= date.fromisoformat(concluded) <= on:
        due.append(("remedy", date.fromisoformat(concluded)))
    return due


def ensure(db: Database, actor: User, on: date) -> list[dict]:
    """Create the scheduled requests due by `on` that do not exist yet; return them."""
    require(actor, "outreach.manage")
    periods, sources = _existing(db)
    made = []
    period = month_code(on)
    if ("monthly_figures", period) not in periods:
        codes = [u["code"] for u in units.units_on(db, on, rules.MONTHLY_FIGURES_KINDS)]
        if codes:
            title = f"Kết quả giải quyết TTHC tháng {int(period[5:])}/{period[:4]}"
            made.append(
                requests.create_request(
                    db, actor, kind="monthly_figures", title=title, period=period, unit_codes=codes, today=on
                )
            )
    for unit, inspection in _inspections(db, on):
        source = f"inspection:{inspection['id']}"
        for kind, starts_from in _due_about(inspection, on):
            if (kind, source) not in sources:
                title = f"{INSPECTION_REQUEST_TITLES[kind]} — {unit['name']}"
                made.append(
                    requests.create_request(
                        db,
                        actor,
                        kind=kind,
                        title=title,
                        unit_codes=[unit["code"]],
                        starts_from=starts_from,
                        source=source,
                        today=on,
                    )  # fmt: skip
                )
    return made
