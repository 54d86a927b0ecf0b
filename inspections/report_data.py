"""Figures of the inspections slice for a period, as they stood at its cut-off, with the
slice's own labels: what the inspection report, the CCHC report and the spreadsheets read
(the exports slice). Read-only, no permission check of their own (the report that shows
them checks)."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from core import periods
from core.i18n import t
from core.periods import Period
from core.units import unit_by_id
from inspections import followup, schedule, store
from inspections.followup import FOLLOW_UP_STATES, follow_up_state, is_overdue

STATUSES = ("planned", "confirmed", "done", "postponed", "cancelled")


def status_label(status: str, lang: str = "vi") -> str:
    """An inspection's status as the pages name it ("Dự kiến", "Đã kiểm tra", …)."""
    return t(f"inspections.status.{status}", lang) if status in STATUSES else status


def kind_label(kind: str, lang: str = "vi") -> str:
    return t(f"inspections.kind.{kind}", lang)


def recommendation_label(status: str, lang: str = "vi") -> str:
    return t(f"inspections.rec.{status}", lang)


def follow_up_label(state: str, lang: str = "vi") -> str:
    """A recommendation's follow-up state (`followup.follow_up_state`) as reports name it."""
    return t(f"inspections.state.{state}", lang)


def inspections_between(db: Database, utc_from: str, utc_to: str, as_of: str | None = None) -> list[dict]:
    """Inspections starting in [utc_from, utc_to) with their unit and counts of findings and
    recommendations, as they stood at the end of `as_of` (ISO day; default the window's last
    day): done only once ended, recommendations closed only if closed by then, the conclusion
    notice's number only once issued."""
    return store.inspections_between(db, utc_from, utc_to, as_of)


def findings_by_area(db: Database, utc_from: str, utc_to: str) -> list[dict]:
    """Findings of inspections starting in the window, counted per content area and kind."""
    return store.findings_by_area(db, utc_from, utc_to)


def recommendations_between(db: Database, utc_from: str, utc_to: str, as_of: str | None = None) -> list[dict]:
    """Recommendations of inspections starting in the window, with units and remedy reports,
    as they stood at the end of `as_of` (default the window's last day): status, closing date
    and remedy report only if they had happened by then."""
    return store.recommendations_between(db, utc_from, utc_to, as_of)


def overdue_recommendations_by_unit(db: Database, as_of: str) -> list[dict]:
    """Recommendations overdue at the end of `as_of` (`followup.is_overdue`, on their status as
    it stood then), counted per responsible unit, most first, with the oldest deadline."""
    units: dict[int, dict] = {}
    for rec in store.recommendations_as_of(db, as_of, open_only=True):  # a closed one is never overdue
        if is_overdue(rec, as_of):
            entry = units.setdefault(
                rec["unit_id"], {"unit_name": rec["unit_name"], "overdue": 0, "oldest": rec["deadline"]}
            )
            entry["overdue"] += 1
            entry["oldest"] = min(entry["oldest"], rec["deadline"])
    return sorted(units.values(), key=lambda u: (-u["overdue"], u["unit_name"]))


def inspection_figures(db: Database, period: Period, today: date) -> dict:
    """The inspections of the period as they stood at its cut-off (or `today` while it runs):
    counts by status, findings by area, recommendations with their follow-up state, and
    overdue recommendations per unit."""
    utc_from, utc_to = period.utc_window()
    as_of = period.as_of(today).isoformat()
    inspections = inspections_between(db, utc_from, utc_to, as_of)
    recs = [{**r, "state": follow_up_state(r, as_of)} for r in recommendations_between(db, utc_from, utc_to, as_of)]
    figures = {
        "as_of": as_of,
        "inspections": inspections,
        "planned": sum(i["status"] != "cancelled" for i in inspections),
        "done": sum(i["status"] == "done" for i in inspections),
        "by_status": {key: sum(i["status"] == key for i in inspections) for key in STATUSES},
        "areas": findings_by_area(db, utc_from, utc_to),
        "recommendations": recs,
        "states": {key: sum(r["state"] == key for r in recs) for key in FOLLOW_UP_STATES},
        "overdue_by_unit": overdue_recommendations_by_unit(db, as_of),
    }
    return {**figures, **_derived(figures)}


def _derived(figures: dict) -> dict:
    """What `inspection_figures` derives from its own counts: the inspections still to carry
    out (planned or confirmed; and of those not cancelled, the ones not done), the
    recommendations remedied (on time or late) and not yet closed, the recommendations
    overdue at the cut-off across every unit, the strengths and shortcomings found, and the
    content area with most shortcomings."""
    by_status, states, areas = figures["by_status"], figures["states"], figures["areas"]
    return {
        "pending": by_status["planned"] + by_status["confirmed"],
        "not_done": figures["planned"] - figures["done"],
        "remedied": states["closed_on_time"] + states["closed_late"],
        "unclosed": states["open"] + states["overdue"] + states["reported"],
        "overdue_outstanding": sum(u["overdue"] for u in figures["overdue_by_unit"]),
        "strengths": sum(a["strengths"] for a in areas),
        "shortcomings": sum(a["shortcomings"] for a in areas),
        "most_shortcomings": most_shortcomings(areas),
    }


def most_shortcomings(areas: list[dict]) -> dict | None:
    """The one content area with more shortcomings than every other; None when areas tie."""
    ranked = sorted(areas, key=lambda a: -a["shortcomings"])
    if not ranked or not ranked[0]["shortcomings"]:
        return None
    if len(ranked) > 1 and ranked[1]["shortcomings"] == ranked[0]["shortcomings"]:
        return None
    return ranked[0]


def inspection_units(db: Database, inspections: list[dict]) -> list[dict]:
    """Per inspection done or concluded: its unit, day, conclusion notice and findings quoted."""
    units = []
    for row in inspections:
        if row["status"] == "cancelled":
            continue
        full = schedule.get_inspection(db, row["id"])
        findings = followup.list_findings(db, row["id"])
        if not findings and not full["conclusion_number"]:
            continue
        units.append(
            {
                **row,
                "conclusion_on": full["conclusion_on"],
                "strength_texts": [f["text"] for f in findings if f["kind"] == "strength"],
                "shortcoming_texts": [f["text"] for f in findings if f["kind"] == "shortcoming"],
            }
        )
    return units


def inspection_plans_of_year(db: Database, year: int) -> list[dict]:
    return [p for p in store.list_inspection_plans(db) if p["year"] == year]


def all_inspections(db: Database) -> list[dict]:
    return store.all_inspections(db)


def inspections_with_team(db: Database) -> list[dict]:
    """Every inspection with its unit name, status and team (schedule.list_inspections)."""
    return schedule.list_inspections(db)


def all_recommendations(db: Database) -> list[dict]:
    return store.all_recommendations(db)


# --- the documents of an inspection round (KH, QĐ, TB, biên bản) ----------------------


def inspection_plan(db: Database, inspection_plan_id: int) -> dict | None:
    """One inspection plan (number, issue day, title, year, self_report_due), with the number
    and date of the decision forming its team when recorded as issued outside the app
    (decision_number, decision_issued_on), or None."""
    return store.inspection_plan_row(db, inspection_plan_id)


def inspection_plans(db: Database) -> list[dict]:
    return store.list_inspection_plans(db)


def plan_inspections(db: Database, inspection_plan_id: int, as_of: str | None = None) -> list[dict]:
    """The inspections of a plan that were not cancelled (by the end of `as_of`, an ISO day,
    when given: a plan dated 15/01 still lists a visit cancelled in December), by start, each
    with its team (each member with honorific, position and unit where recorded) and checklist."""

    def standing(r: dict) -> bool:
        if r["status"] != "cancelled":
            return True
        return bool(as_of and r.get("cancelled_at") and r["cancelled_at"][:10] > as_of)

    rows = [r for r in schedule.list_inspections(db) if r["plan_id"] == inspection_plan_id and standing(r)]
    return [inspection(db, r["id"]) for r in sorted(rows, key=lambda r: (r["starts_at"], r["id"]))]


def inspection(db: Database, inspection_id: int) -> dict:
    """One inspection with its unit (name and kind), team (with positions) and checklist."""
    row = schedule.get_inspection(db, inspection_id)
    profiles = store.inspector_profiles(db)
    row["team"] = [{**m, **_person(m, profiles.get(m["user_id"]))} for m in row["team"]]
    unit = unit_by_id(db, row["unit_id"]) or {}
    row["unit_kind"] = unit.get("kind")
    return row


def _person(member: dict, profile: dict | None) -> dict:
    profile = profile or {}
    return {
        "name": member.get("full_name") or member.get("username"),
        "honorific": profile.get("honorific") or "",
        "position": profile.get("position") or "",
        "work_unit": profile.get("work_unit") or "",
    }


def findings(db: Database, inspection_id: int) -> list[dict]:
    return followup.list_findings(db, inspection_id)


def findings_of(db: Database, inspection_ids: list[int]) -> dict[int, list[dict]]:
    """inspection id -> its findings (as `findings` lists them), for many inspections in one read."""
    out: dict[int, list[dict]] = {i: [] for i in inspection_ids}
    for row in store.findings_of(db, inspection_ids):
        out[row["inspection_id"]].append(row)
    return out


def quoted_findings(db: Database, inspection_ids: list[int], per_area: int) -> list[dict]:
    """The findings a report quotes of several inspections, in the order `findings_of` gives
    them (inspection by inspection, in the order of `inspection_ids`): the first `per_area`
    of each content area and kind, and every shortcoming with a cause recorded (of the others,
    a report that quotes `per_area` a field would print nothing)."""
    return store.quoted_findings(db, inspection_ids, per_area)


def recommendations(db: Database, inspection_id: int) -> list[dict]:
    return followup.list_recommendations(db, inspection_id)


def inspector_profiles(db: Database) -> dict[int, dict]:
    """What the round's documents print of each person, by user id: honorific, position, unit."""
    return store.inspector_profiles(db)


def first_visit(db: Database, inspection_plan_id: int) -> date | None:
    """The local day of the plan's first inspection visit (None without any)."""
    rows = plan_inspections(db, inspection_plan_id)
    return min((periods.local(r["starts_at"]).date() for r in rows), default=None)
