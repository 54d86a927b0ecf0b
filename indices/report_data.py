"""Figures of the reform indices for a period, as they stood at its cut-off, with the
slice's own labels: what the indices report, the CCHC report and the spreadsheets read
(the exports slice). The acting user is passed on to the slice's readers; the report that
shows the figures checks the right to see them."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from core import units as core_units
from core.periods import Period
from core.permissions import User
from indices import analysis, frameworks, leads, remediation, views
from plans.report_data import YearActivities, remedial_activities_of_year

SAMPLE = "dữ liệu mẫu"


def is_sample(*texts: str | None) -> bool:
    """Example figures: the result's source or its framework says "dữ liệu mẫu"."""
    return any(SAMPLE in (t or "").lower() for t in texts)


def nature(index: dict) -> str:
    """How an index is read: PAR Index in points lost per field; SIPAS in percentages per
    element; PAPI, PCI and others as scores on their own scale with ranks."""
    code = index["code"].upper()
    return {"PAR": "points_lost", "SIPAS": "percent"}.get(code, "score")


def city_trends(db: Database, actor: User) -> list[dict]:
    """Every city index's results by year (the spreadsheet), each row with its index code."""
    rows = []
    for index in frameworks.list_indices(db):
        if index["subject_kind"] == "city":
            rows += [{**r, "index": index["code"]} for r in analysis.trend(db, actor, index["id"])]
    return rows


def remedies_as_of(db: Database, year: int, as_of: date, plans_read: YearActivities | None = None) -> list[dict]:
    """The remedial tasks of the year's plans as they stood at the end of `as_of` (status from
    the activity history: done only if done by then), with their criterion and index;
    `plans_read`: the year's activities the same report already read (plans.report_data)."""
    return remediation.remedy_rows(db, remedial_activities_of_year(db, year, as_of, plans_read))


def indices_figures(
    db: Database, actor: User, period: Period, today: date, plans_read: YearActivities | None = None
) -> dict:
    """Per city index: its trend up to the period's year (results published by the cut-off)
    and its fields in the latest year; the biggest losses of that year with the agency that
    led each criterion at the cut-off; the remedial tasks of the year as at the cut-off."""
    year = period.end.year
    cut_off = period.end.isoformat()
    city_id = analysis.city_unit_id(db)  # read once: every reading below is about the city
    per_index, views_of = [], {}
    for index in frameworks.list_indices(db):
        if index["subject_kind"] != "city":
            continue
        results = views.results_for(db, actor, index["id"])  # each result's view built once per figures
        city = views_of[index["id"]] = analysis.of_subject(results, city_id)
        trend = [r for r in analysis.trend_rows(city, published_by=cut_off) if r["year"] <= year]
        if not trend:
            continue
        latest = max(r["year"] for r in trend)
        fields = [r for r in analysis.field_rows(city) if r["year"] == latest]
        sample = {
            v["result"]["year"]: is_sample(v["result"].get("source"), v["framework"].get("note")) for v in results
        }
        unit = next((v["framework"]["unit"] for v in results if v["result"]["year"] == latest), "points")
        for row in trend:
            row["sample"] = sample.get(row["year"], False)
        fields = [{**r, "lost": field_lost(r)} for r in fields]
        per_index.append(
            {"index": index, "trend": trend, "latest": latest, "fields": fields, "unit": unit, "nature": nature(index)}
            | {"worst_field": worst_field(fields), "extremes": strongest_weakest(fields)}
        )
    latest_year = max((p["latest"] for p in per_index), default=None)
    par = next((p for p in per_index if p["nature"] == "points_lost"), None)
    losses = (
        analysis.largest_losses(analysis.loss_rows(par["index"], views_of[par["index"]["id"]], par["latest"]), 15)
        if par
        else []
    )
    lead_of = leads.leads_on(db, [r["node_id"] for r in losses], period.end) if losses else {}
    for row in losses:
        lead = lead_of.get(row["node_id"])
        unit = core_units.unit_by_id(db, lead["unit_id"]) if lead else None
        row["lead_name"] = unit["name"] if unit else ""
        row["sample"] = par["trend"][-1]["sample"] if par else False
    remedies = remedies_as_of(db, year, period.as_of(today), plans_read)
    return {
        "year": year,
        "per_index": per_index,
        "latest_year": latest_year,
        "losses": losses,
        "remedies": remedies,
        **remedy_counts(remedies),
    }


def field_lost(field: dict) -> float | None:
    """The points a field lost in its year (its maximum less its score); None without both."""
    if field.get("max") is None or field.get("score") is None:
        return None
    return field["max"] - field["score"]


def worst_field(fields: list[dict]) -> dict | None:
    """The field that lost most points (the first of equals), None when none lost any."""
    losing = [r for r in fields if r.get("max") and r["lost"] is not None and r["lost"] > 0]
    return max(losing, key=lambda r: r["lost"]) if losing else None


def strongest_weakest(fields: list[dict]) -> tuple[dict, dict] | None:
    """The field with the highest and the lowest share of its maximum, within one index's
    fields; None with fewer than two shares or when all are equal."""
    shared = [r for r in fields if r["percent"] is not None]
    if len(shared) < 2:
        return None
    ranked = sorted(shared, key=lambda r: (-r["percent"], r["code"]))
    if ranked[0]["percent"] == ranked[-1]["percent"]:
        return None
    return ranked[0], ranked[-1]


def remedy_counts(remedies: list[dict]) -> dict:
    """The remedial tasks counted: done in all, and per reform field (the first part of the
    criterion's code, "LV3" of "LV3.2") the tasks, how many are done and those still open."""
    by_field: dict[str, dict] = {}
    for r in remedies:
        code = (r.get("node_code") or "").split(".")[0]
        if code:
            entry = by_field.setdefault(code, {"remedies": [], "done": 0, "open": []})
            entry["remedies"].append(r)
            entry["done"] += bool(r["done"])
            if not r["done"]:
                entry["open"].append(r)
    done = sum(r["done"] for r in remedies)
    return {"remedies_done": done, "remedies_open": len(remedies) - done, "remedies_by_field": by_field}
