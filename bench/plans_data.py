"""Generated communication plans: the five-year plans, each year's city plan (and, at large
scales, departments' own plans) with the six themes, activities with lead and coordinating
units, channels and budgets, progress updates and the activity history they leave, as
`plans.progress.add_progress` and `plans.activities.change_status` would write them."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

from bench import corpus
from bench.rows import TODAY, insert_rows, unit_alive, work_stamp

ISSUER = "UBND thành phố Hà Nội"


def build_plans(world) -> None:
    from plans import rules
    from plans.demo import CHANNELS, THEMES_2021

    db, scale = world.db, world.scale
    rng = world.rng("plans")
    with db.atomic():
        insert_rows(
            db,
            "channels",
            [
                {"code": c, "name_vi": vi, "name_en": en, "position": i, "active": 1}
                for i, (c, vi, en) in enumerate(CHANNELS, start=1)
            ],
        )
    channels = [r[0] for r in db.execute("select id from channels order by id")]
    five_year = {}
    ids = {"plan": 0, "theme": 0, "activity": 0, "progress": 0, "history": 0, "evidence": 0}
    world.plans_by_year = {}  # year -> the city plan's id
    world.activities_by_year = {}  # year -> [(activity id, theme id)] of the city plan
    world.themes_by_year = {}  # year -> {theme code: id} of the city plan
    n_plans = max(1, math.ceil(scale.factor - 1e-9))
    per_plan = max(3, round(400 * scale.factor / n_plans))
    departments = [u for u in world.units if u["kind"] == "department"]
    for year in scale.years:
        rows = {k: [] for k in ("plans", "themes", "activities", "units", "channels", "groups", "progress", "history")}
        rows["evidence"] = []
        period = (
            (1, 2021, 2025, "145/KH-UBND", "2021-05-31")
            if year <= 2025
            else (2, 2026, 2030, "18/KH-UBND", "2026-01-08")
        )
        key, first, last, number, issued = period
        if key not in five_year:
            ids["plan"] += 1
            five_year[key] = ids["plan"]
            rows["plans"].append(
                {
                    "id": ids["plan"],
                    "year": first,
                    "end_year": last,
                    "kind": "five_year",
                    "number": number,
                    "issued_on": issued,
                    "issuer": ISSUER,
                    "title": f"Kế hoạch thông tin, tuyên truyền CCHC giai đoạn {first}–{last}",
                    "status": "in_force",
                    "parent_id": None,
                    "created_at": work_stamp(issued, rng),
                }
            )
        status = "in_force" if year == TODAY.year else "closed"
        # departments' own plans first, the city's last: the year's plan is the latest in force
        issuers = [rng.choice(departments) for _ in range(n_plans - 1)] + [None]
        for position, dept in enumerate(issuers):
            ids["plan"] += 1
            plan_id = ids["plan"]
            issued_on = date(year, 1, rng.randint(8, 28)).isoformat()
            symbol = "UBND" if dept is None else dept["code"].replace("-", "")
            title = (
                f"Kế hoạch thông tin, tuyên truyền về cải cách hành chính nhà nước của thành phố Hà Nội năm {year}"
                if dept is None
                else f"Kế hoạch tuyên truyền CCHC năm {year} của {dept['name']} ({position + 1})"
            )
            rows["plans"].append(
                {
                    "id": plan_id,
                    "year": year,
                    "end_year": year,
                    "kind": "annual",
                    "number": f"{rng.randint(2, 95) * 3 + position}/KH-{symbol}",
                    "issued_on": issued_on,
                    "issuer": ISSUER if dept is None else dept["name"],
                    "title": title,
                    "status": status,
                    "parent_id": five_year[key],
                    "created_at": work_stamp(issued_on, rng),
                }
            )
            themes = {}
            for t_pos, (code, theme_title, keywords) in enumerate(THEMES_2021, start=1):
                ids["theme"] += 1
                themes[code] = ids["theme"]
                rows["themes"].append(
                    {
                        "id": ids["theme"],
                        "plan_id": plan_id,
                        "position": t_pos,
                        "code": code,
                        "title": theme_title,
                        "description": None,
                        "keywords": json.dumps(keywords, ensure_ascii=False),
                    }
                )
            acts = _activities(world, rng, rows, ids, plan_id, year, issued_on, themes, channels, per_plan, rules)
            if dept is None:
                world.plans_by_year[year] = plan_id
                world.activities_by_year[year] = acts
                world.themes_by_year[year] = themes
        with db.atomic():
            insert_rows(db, "plans", rows["plans"])
            insert_rows(db, "themes", rows["themes"])
            insert_rows(db, "activities", rows["activities"])
            insert_rows(db, "activity_units", rows["units"])
            insert_rows(db, "activity_channels", rows["channels"])
            insert_rows(db, "activity_unit_groups", rows["groups"])
            insert_rows(db, "progress_updates", rows["progress"])
            insert_rows(db, "activity_history", rows["history"])
            insert_rows(db, "evidence", rows["evidence"])


def _activities(world, rng, rows, ids, plan_id, year, issued_on, themes, channels, count, rules) -> list:
    """`count` activities of one plan with their links, progress and history; returns
    [(activity id, theme id, planned start, planned end)]."""
    made = []
    positions: dict[int, int] = {}
    staff = world.staff
    outlets = [o[0] for o in corpus.OUTLETS[:12]]
    groups = world.groups
    for _ in range(count):
        code = rng.choice(list(themes))
        theme_id = themes[code]
        recurrence = rng.choices(["none", "monthly", "quarterly"], [7, 2, 1])[0]
        if recurrence == "none":
            start = date(year, 1, 1) + timedelta(days=rng.randint(14, 300))
            end = min(start + timedelta(days=rng.randint(20, 150)), date(year, 12, 20))
        else:
            start, end = date(year, 1, 1), date(year, 12, 15)
        first, last = start.isoformat(), end.isoformat()
        leads = world.units_alive(("department", "district", "commune", "other"), first, last)
        kinds = rng.choices(["department", "other", "district", "commune"], [6, 1, 2, 2])[0]
        pool = [u for u in leads if u["kind"] == kinds] or [u for u in leads if u["kind"] == "department"]
        lead = rng.choice(pool)
        coordinating = sorted({u["id"] for u in rng.sample(leads, k=min(len(leads), rng.randint(0, 3)))} - {lead["id"]})
        title = rng.choice(corpus.ACTIVITY_TITLES[code]).format(
            unit=lead["name"], year=year, prev=year - 1, outlet=rng.choice(outlets)
        )
        output, target_unit, span = rng.choice(corpus.OUTPUTS)
        target = float(rng.randint(*span)) if span else None
        budget = rng.randint(2, 120) * 5_000_000
        ids["activity"] += 1
        act_id = ids["activity"]
        positions[theme_id] = positions.get(theme_id, 0) + 1
        created = work_stamp(issued_on, rng)
        act = {
            "id": act_id,
            "plan_id": plan_id,
            "theme_id": theme_id,
            "position": positions[theme_id],
            "title": title,
            "description": None,
            "lead_unit_id": lead["id"],
            "period_kind": "dates" if recurrence == "none" else "year",
            "planned_start": first,
            "planned_end": last,
            "deadline": last,
            "actual_start": None,
            "actual_end": None,
            "output": output,
            "target": target,
            "target_unit": target_unit,
            "budget": budget,
            "budget_used": None,
            "status": "not_started",
            "recurrence": recurrence,
            "index_node_id": None,
            "expected_effect": None,
            "created_at": created,
            "updated_at": created,
            "review_note": None,
        }
        rows["units"] += [{"activity_id": act_id, "unit_id": u} for u in coordinating]
        rows["channels"] += [
            {"activity_id": act_id, "channel_id": c} for c in sorted(rng.sample(channels, k=rng.randint(1, 3)))
        ]
        alive_groups = [g for g in groups if unit_alive(g, first, last)]
        if alive_groups and rng.random() < 0.15:
            group = rng.choice(alive_groups)
            rows["groups"].append({"activity_id": act_id, "group_id": group["id"], "role": "coordinating"})
        _progress(rng, rows, ids, act, staff, rules)
        rows["activities"].append(act)
        made.append((act_id, theme_id, first, last))
    return made


def _progress(rng, rows, ids, act, staff, rules) -> None:
    """Dated updates from the planned start on, as the progress form records them: the first
    positive one starts the activity, reaching 100 % finishes it (history rows each time);
    some activities end postponed or cancelled with a reason; a finished one records its
    budget used on its actual end."""
    start, end = date.fromisoformat(act["planned_start"]), date.fromisoformat(act["planned_end"])
    horizon = min(end + timedelta(days=30), TODAY)
    fate = rng.choices(["finish", "lag", "postpone", "cancel", "idle"], [70, 14, 6, 3, 7])[0]
    author = rng.choice(staff)
    if fate == "idle" or start > TODAY:
        return
    n = max(1, round(rng.gauss(10, 3)))
    span = max(1, (horizon - start).days)
    days = sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(n))
    goal = 100 if fate == "finish" and end + timedelta(days=30) <= TODAY else rng.randint(30, 95)
    value = 0.0
    for i, day in enumerate(days):
        value = goal if i == n - 1 else min(goal, value + rng.uniform(0.5, 2.0) * goal / n)
        value = max(value, 1.0)
        if act["target"]:
            count, percent = float(max(1, round(act["target"] * value / 100))), None
        else:
            count, percent = None, float(round(value))
        reached = rules.progress_percent(percent, count, act["target"], "in_progress")
        on = day.isoformat()
        stamp = work_stamp(on, rng)
        ids["progress"] += 1
        rows["progress"].append(
            {
                "id": ids["progress"],
                "activity_id": act["id"],
                "on_date": on,
                "percent": percent,
                "count": count,
                "note": rng.choice(corpus.PROGRESS_NOTES),
                "author_id": author,
                "created_at": stamp,
            }
        )
        if reached >= 100 and act["status"] != "done":
            act["actual_start"] = act["actual_start"] or on
            act["actual_end"] = on
            _status(rows, ids, act, "done", on, author, stamp)
        elif act["status"] in ("not_started", "postponed") and reached > 0:
            act["actual_start"] = act["actual_start"] or on
            _status(rows, ids, act, "in_progress", on, author, stamp)
        elif not act["actual_start"]:
            act["actual_start"] = on
            act["updated_at"] = stamp
    last_day = days[-1]
    if act["status"] == "done":
        used = round(act["budget"] * rng.uniform(0.7, 1.0) / 100_000) * 100_000
        act["budget_used"] = used
        _status(rows, ids, act, "done", act["actual_end"], author, work_stamp(act["actual_end"], rng, 9, 10))
    elif fate in ("postpone", "cancel"):
        day = min(last_day + timedelta(days=rng.randint(1, 20)), TODAY).isoformat()
        reason, cause = rng.choice(corpus.REASONS)
        _status(
            rows,
            ids,
            act,
            "postponed" if fate == "postpone" else "cancelled",
            day,
            author,
            work_stamp(day, rng),
            reason,
            cause,
        )


def _status(rows, ids, act, status, day, author, stamp, reason=None, cause=None) -> None:
    act["status"] = status
    act["updated_at"] = stamp
    ids["history"] += 1
    rows["history"].append(
        {
            "id": ids["history"],
            "activity_id": act["id"],
            "on_date": day,
            "status": status,
            "budget_used": act["budget_used"],
            "reason": reason,
            "cause": cause,
            "author_id": author,
            "recorded_at": stamp,
        }
    )
