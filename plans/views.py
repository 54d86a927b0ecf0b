"""What the plan pages show, as plain data: choices and their labels, table rows, and the
Markdown of an activity's facts and evidence (user and feed text escaped). No Streamlit here,
so each decision a page shows is tested without a browser."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from core import units as core_units
from core.i18n import fmt_date, fmt_datetime, fmt_money, fmt_number, fmt_percent, t
from core.markup import md_escape, md_link
from plans import channels, importer, plans, themes

GRID_COLUMNS = (
    "id",
    "theme",
    "title",
    "lead",
    "deadline",
    "status",
    "progress",
    "overdue",
    "at_risk",
    "budget",
    "review",
)


def plan_choices(db: Database, all_plans: list[dict], today: date) -> tuple[dict[int, str], int | None]:
    """Labels of the plans ("year · number · title") and the one to show first: this
    year's annual plan, else the newest."""
    labels = {p["id"]: " · ".join(str(x) for x in (p["year"], p["number"], p["title"]) if x) for p in all_plans}
    current = plans.annual_plan_for(db, today.year)
    default = current["id"] if current and current["id"] in labels else next(iter(labels), None)
    return labels, default


def plan_caption(plan: dict, lang: str) -> str:
    """Issuer · issued on · status, as escaped Markdown."""
    issued = t("plans.page.issued", lang, date=fmt_date(plan["issued_on"], lang)) if plan["issued_on"] else ""
    parts = (plan["issuer"], issued, t("plans.plan_status." + plan["status"], lang))
    return " · ".join(md_escape(x) for x in parts if x)


def activity_labels(rows: list[dict]) -> dict[int, str]:
    return {r["id"]: f"{r['theme_code'] or ''} · {r['title']}" for r in rows}


def filter_options(db: Database, plan: dict) -> dict:
    """What the grid can be filtered by: the plan's themes, the units of its year, and
    every channel (an old activity may use one no longer offered)."""
    return {
        "themes": themes.list_themes(db, plan["id"]),
        "units": {u["id"]: u["name"] for u in plans.units_for_year(db, plan["year"])},
        "channels": channels.list_channels(db, active_only=False),
    }


def view_filters(view: dict, options: dict) -> dict:
    """A saved view's filters, limited to what can still be chosen for this plan."""
    f = view["filters"]
    theme_ids = {x["id"] for x in options["themes"]}
    codes = {x["code"] for x in options["channels"]}
    return {
        "theme_ids": [i for i in f["theme_ids"] if i in theme_ids],
        "lead_unit_ids": [u for u in f["lead_unit_ids"] if u in options["units"]],
        "channel_codes": [c for c in f["channel_codes"] if c in codes],
        "statuses": list(f["statuses"]),
        "quarters": list(f["quarters"]),
        "overdue_only": bool(f["overdue_only"]),
    }


def channel_name(channel: dict, lang: str) -> str:
    return (channel["name_en"] if lang == "en" else None) or channel["name_vi"]


PAGE_SIZES = (50, 100, 200, 500)


def grid_rows(rows: list[dict]) -> list[dict]:
    """The grid's rows (columns GRID_COLUMNS) from `grid.rows`."""
    return [
        {
            "id": r["id"],
            "theme": r["theme_code"],
            "title": r["title"],
            "lead": r["lead_unit_name"],
            "deadline": date.fromisoformat(r["deadline"][:10]) if r["deadline"] else None,
            "status": r["status"],
            "progress": round(r["progress"], 1),
            "overdue": r["overdue"],
            "at_risk": r["at_risk"],
            "budget": r["budget"],
            "review": r["review_note"],
        }
        for r in rows
    ]


def group_labels(db: Database, act: dict, lang: str) -> dict[int, str]:
    """The unit groups of an activity, each named with how many units it stands for on the
    activity's start ("Các sở, ban, ngành (23 đơn vị)")."""
    day = act["planned_start"] or act["deadline"] or date.today().isoformat()
    ids = [act.get("lead_group_id"), *act.get("coordinating_group_ids", [])]
    labels = {}
    for group_id in filter(None, ids):
        group = core_units.group_by_id(db, group_id)
        if group:
            count = len(core_units.expand_group(db, group, day))
            labels[group_id] = t("plans.group_label", lang, name=group["name"], n=fmt_number(count, lang))
    return labels


def activity_facts(act: dict, unit_names: dict[int, str], lang: str, groups: dict[int, str] | None = None) -> str:
    """Lead and coordinating units (and unit groups, see `group_labels`), dates, output and
    target, as Markdown with the text escaped."""
    groups = groups or {}
    lead = unit_names.get(act["lead_unit_id"]) or groups.get(act.get("lead_group_id")) or "—"
    coord = [unit_names.get(u, str(u)) for u in act["coordinating_unit_ids"]]
    coord += [groups[g] for g in act.get("coordinating_group_ids", []) if g in groups]
    return t(
        "plans.page.facts",
        lang,
        lead=md_escape(lead),
        coord=md_escape(", ".join(coord) or "—"),
        planned=f"{fmt_date(act['planned_start'], lang)} – {fmt_date(act['planned_end'], lang)}",
        actual=f"{fmt_date(act['actual_start'], lang)} – {fmt_date(act['actual_end'], lang)}",
        deadline=fmt_date(act["deadline"], lang),
        output=md_escape(act["output"] or "—"),
        target=fmt_number(act["target"], lang) if act["target"] else "—",
        unit=md_escape(act["target_unit"] or ""),
    )


def progress_table(history: list[dict], lang: str) -> list[dict]:
    return [
        {
            t("plans.page.on_date", lang): fmt_date(p["on_date"], lang),
            t("plans.page.percent", lang): fmt_percent(p["percent"], lang, 0) if p["percent"] is not None else "",
            t("plans.page.count_done", lang): fmt_number(p["count"], lang) if p["count"] is not None else "",
            t("plans.page.note", lang): p["note"] or "",
            t("plans.page.progress_cause", lang): (
                f"{p.get('cause')} ({t('plans.cause.' + p['cause_kind'], lang).lower()})"
                if p.get("cause") and p.get("cause_kind")
                else p.get("cause") or ""
            ),
            t("plans.page.author", lang): p["author"] or "",
        }
        for p in history
    ]


def audit_table(entries: list[dict], lang: str) -> list[dict]:
    return [
        {
            t("plans.page.when", lang): fmt_datetime(a["at"], lang),
            t("plans.page.author", lang): a["actor"],
            t("plans.page.action", lang): a["action"],
            t("plans.page.changes", lang): a["after"] or "",
        }
        for a in entries
    ]


def evidence_lines(evidence: list[dict], coverage: list[dict]) -> list[str]:
    """One Markdown list item per evidence link and linked article: the note or title as
    text, the address as the only link."""
    lines = [f"- {md_link(e['note'] or e['url'], e['url'])}" for e in evidence if e["kind"] == "link"]
    for article in coverage:
        outlet = md_escape(article.get("outlet") or "")
        lines.append(f"- 📰 {md_link(article['title'], article['url'])}" + (f" — {outlet}" if outlet else ""))
    return lines


def file_label(item: dict, lang: str) -> str:
    return f"{item['file_name']} ({fmt_number(item['size'] / 1024, lang)} KB)"


def import_table(preview: dict, lang: str) -> list[dict]:
    return [
        {
            t("plans.col.stt", lang): a["stt"],
            t("plans.col.theme", lang): a["theme_code"],
            t("plans.col.title", lang): a["title"],
            t("plans.col.lead_unit", lang): a["lead_name"],
            t("plans.col.coordinating", lang): "; ".join(
                f"{name} ({t('plans.import.unit_group', lang)})" if name in a.get("unit_groups", ()) else name
                for name, _unit in a["coordinating"]
            ),
            t("plans.col.window", lang): " – ".join(
                fmt_date(d, lang) for d in (a["planned_start"], a["planned_end"]) if d
            ),
            t("plans.col.deadline", lang): fmt_date(a["deadline"], lang),
            t("plans.col.target", lang): " ".join(
                x for x in (fmt_number(a["target"], lang), a["target_unit"] or "") if x
            ),
            t("plans.col.budget", lang): fmt_money(a["budget"], lang),
            t("plans.col.funding_note", lang): a["funding_note"],
            t("plans.col.review", lang): "; ".join(importer.message(f, lang) for f in a["flags"]),
        }
        for a in preview["activities"]
    ]


def import_year_note(preview: dict, lang: str) -> str | None:
    """Where the preview's year comes from: the document (and what it says), or the person's
    confirmation against it."""
    found = preview.get("document_year")
    if not found:
        return None
    if found["year"] != preview["year"]:
        return t("plans.import.year_confirmed", lang, year=preview["year"], found=found["year"])
    source = t(f"plans.import.year_source.{found['source']}", lang)
    return t("plans.import.year_read", lang, year=found["year"], source=source, text=found["text"])


def past_imports_table(batches: list[dict], lang: str) -> list[dict]:
    """The plan imports, newest first: number, when, who, which file, what it brought, whether undone."""
    return [
        {
            t("plans.col.batch", lang): b["id"],
            t("plans.col.imported_at", lang): fmt_datetime(b["created_at"], lang),
            t("plans.col.imported_by", lang): b["actor"],
            t("plans.col.file", lang): b["file_name"],
            t("plans.col.themes_added", lang): b["counts"].get("themes", 0),
            t("plans.col.activities_added", lang): b["counts"].get("activities", 0),
            t("plans.col.batch_state", lang): (
                t("plans.page.batch_undone", lang, at=fmt_datetime(b["undone_at"], lang), who=b["undone_by"])
                if b["undone"]
                else t("plans.page.batch_in_force", lang)
            ),
        }
        for b in batches
    ]
