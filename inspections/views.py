"""What the inspection pages show, as plain data: table rows, the month and week
calendar grids, and an inspection's full detail with what the viewer may change."""

from __future__ import annotations

import calendar as std_calendar
from datetime import date, timedelta

from sqlite_utils import Database

from core import periods
from core.i18n import fmt_date, t
from core.markup import md_escape
from core.permissions import User, can, require
from inspections import followup, schedule

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PAGE_SIZES = (50, 100, 200, 500)  # rows a page of the schedule's list
CANDIDATES_PAGE = 10  # suggested units shown at a time on the new-inspection page


def month_choices(today: date) -> list[str]:
    """The months the schedule can be filtered by: two years back to the end of next year."""
    return [f"{y}-{m:02d}" for y in range(today.year - 2, today.year + 2) for m in range(1, 13)]


def month_label(month: str) -> str:
    """'YYYY-MM' as shown: 'MM/YYYY'."""
    return f"{month[5:]}/{month[:4]}"


def wanted_id(value: str | None) -> int | None:
    """The inspection id a link asked for (`?id=`), or None when there is none or it is not a number."""
    return int(value) if value and value.isdigit() else None


def upcoming(rows: list[dict]) -> list[dict]:
    """The inspections still to happen: planned or confirmed."""
    return [r for r in rows if r["status"] in ("planned", "confirmed")]


def when(row: dict) -> str:
    start, end = periods.local(row["starts_at"]), periods.local(row["ends_at"])
    return f"{fmt_date(start.date())} {start:%H:%M}–{end:%H:%M}"


def inspection_labels(rows: list[dict], viewer: User | None = None, mine_mark: str = "") -> dict[int, str]:
    """Picker labels "dd/mm/yyyy hh:mm–hh:mm · unit"; with a `viewer`, the inspections whose
    team they are on are marked (★ … `mine_mark`) so an inspector finds their own at a glance."""
    labels = {}
    for row in rows:
        label = f"{when(row)} · {row['unit_name']}"
        if viewer is not None and any(m["user_id"] == viewer.id for m in row["team"]):
            label = f"★ {label} {mine_mark}"
        labels[row["id"]] = label
    return labels


def team_text(team: list[dict], lang: str) -> str:
    return "; ".join(f"{m['full_name'] or m['username']} ({t('inspections.role.' + m['role'], lang)})" for m in team)


def table_rows(rows: list[dict], lang: str) -> list[dict]:
    """One display row per inspection, in the page's language."""
    return [
        {
            "id": r["id"],
            t("inspections.col.when", lang): when(r),
            t("inspections.col.unit", lang): r["unit_name"],
            t("inspections.col.kind", lang): t("inspections.kind." + r["kind"], lang),
            t("inspections.col.place", lang): r["place"] or "",
            t("inspections.col.team", lang): team_text(r["team"], lang),
            t("inspections.col.status", lang): t("inspections.status." + r["status"], lang),
        }
        for r in rows
    ]


def _label(row: dict) -> str:
    start = periods.local(row["starts_at"])
    code = row["unit_code"]
    mark = " ✕" if row["status"] == "cancelled" else ""
    return f"{start:%H:%M} {code}{mark}"


def month_grid(rows: list[dict], month: str) -> list[dict]:
    """Weeks of `month` ('YYYY-MM'), Monday first: each cell 'dd' and the inspections of the day."""
    year, mon = (int(x) for x in month.split("-"))
    by_day: dict[date, list[str]] = {}
    for r in rows:
        by_day.setdefault(periods.local(r["starts_at"]).date(), []).append(_label(r))
    weeks = []
    for week in std_calendar.Calendar(firstweekday=0).monthdatescalendar(year, mon):
        weeks.append(
            {
                key: (f"{d.day:02d}" + ("\n" + "\n".join(by_day.get(d, [])) if by_day.get(d) else ""))
                if d.month == mon
                else ""
                for key, d in zip(WEEKDAYS, week, strict=True)
            }
        )
    return weeks


def week_days(rows: list[dict], monday: date) -> list[dict]:
    """Monday to Sunday of one week, each with its inspections (label and id)."""
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        items = [r for r in rows if periods.local(r["starts_at"]).date() == day]
        days.append({"day": day, "items": items})
    return days


def detail(db: Database, viewer: User, inspection_id: int) -> dict:
    """An inspection with team, checklist, findings, recommendations and their follow-up,
    and what `viewer` may change on it."""
    require(viewer, "inspections.view")
    row = schedule.get_inspection(db, inspection_id)
    row["findings"] = followup.list_findings(db, inspection_id)
    row["recommendations"] = followup.list_recommendations(db, inspection_id)
    row["can_edit"] = can(viewer, "inspections.edit")
    row["can_findings"] = schedule.can_edit_findings(db, viewer, inspection_id)
    return row


# --- one inspection's results, as Markdown with every text of a person escaped ------------------


def findings_by_item(row: dict) -> list[tuple[dict | None, list[dict]]]:
    """Each checklist item with its findings, in checklist order; then findings on no item."""
    found: dict = {}
    for f in row["findings"]:
        found.setdefault(f["item_id"], []).append(f)
    pairs = [(item, found.get(item["id"], [])) for item in row["items"]]
    return pairs + ([(None, found[None])] if found.get(None) else [])


def item_heading(item: dict) -> str:
    return f"**{item['position']}\\. {md_escape(item['title'])}**"


def finding_line(finding: dict, lang: str) -> str:
    icon = "✅ " if finding["kind"] == "strength" else "⚠️ "
    line = f"- {icon}{t('inspections.finding.' + finding['kind'], lang)}: {md_escape(finding['text'])}"
    if finding.get("cause"):
        kind = f" ({t('inspections.cause_kind.' + finding['cause_kind'], lang)})" if finding.get("cause_kind") else ""
        line += f"  \n  _{t('inspections.cause_line', lang)}{kind}: {md_escape(finding['cause'])}_"
    return line


def recommendation_label(rec: dict, lang: str, today: date) -> str:
    """The expander label of a recommendation (Streamlit renders labels as Markdown too)."""
    parts = (
        md_escape(rec["text"]),
        md_escape(rec["unit_name"]),
        f"{t('inspections.deadline', lang)}: {fmt_date(rec['deadline'])}",
        t("inspections.rec." + rec["status"], lang),
    )
    return ("🔴 " if followup.is_overdue(rec, today) else "") + " — ".join(parts)


def followup_line(entry: dict, lang: str) -> str:
    kind = t("inspections.followup." + entry["kind"], lang)
    return f"- {fmt_date(entry['on_date'])} · {kind}: {md_escape(entry['text'] or '')}"
