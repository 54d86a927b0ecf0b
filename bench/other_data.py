"""Generated reform-index results, inspections (with checklists, findings, recommendations and
their follow-up) and monthly public-service results."""

from __future__ import annotations

import math
from datetime import date, timedelta
from datetime import time as clock

from bench import corpus
from bench.rows import TODAY, insert_rows, local_to_utc, uid, unit_alive, work_stamp, working_days

# --- reform indices ----------------------------------------------------------------


def build_indices(world) -> None:
    """The indices and frameworks of the demo (by the app's functions), their lead agencies,
    and for each year before a plan year the city's PAR Index, SIPAS, PAPI and PCI, the
    departments' and (from 2025) the communes' own PAR results, published the next May."""
    from core.permissions import SYSTEM
    from indices import demo, leads, results, store

    db, rng = world.db, world.rng("indices")
    demo.install_frameworks(db, SYSTEM)
    by_code = {u["code"]: u for u in world.units}
    for index_code, fw_code, node_code, periods in demo.LEADS:
        node = demo._node(db, index_code, fw_code, node_code)
        for unit, start, end in periods:
            if unit in by_code:
                leads.set_lead(db, SYSTEM, node["id"], by_code[unit]["id"], start, end)
    city = by_code["HN"]["id"]
    for year in sorted({y - 1 for y in world.scale.years}):
        published = {"published_on": f"{year + 1}-05-15", "source": "Dữ liệu sinh tự động (bench)"}
        nodes = demo.PAR_OLD if year <= 2021 else demo.PAR_876
        parents = {p for _c, p, *_r in nodes if p}
        maxima = {c: top for c, _p, _n, _e, top in nodes if c not in parents and not c.startswith("LV8")}
        total = round(rng.uniform(87, 93), 2)
        budget = (100 - total) * 0.6  # the rest is lost in the survey (LV8)
        losses = {c: rng.uniform(0.1, 0.5) * maxima[c] for c in rng.sample(sorted(maxima), 6)}
        shrink = min(1.0, budget / sum(losses.values()))
        losses = {c: math.floor(v * shrink * 4) / 4 for c, v in losses.items() if v * shrink >= 0.25}

        def save(code: str, subject: int, scores: list[dict], year=year, published=published, **header) -> None:
            index = store.index_by_code(db, code)
            results.save_result(db, SYSTEM, index["id"], year, subject, scores=scores, **published, **header)

        rank = rng.randint(2, 12)
        save("PAR", city, demo._par_scores(nodes, total, losses), total_score=total, rank=rank, ranked_of=63)
        elements = [round(rng.uniform(82, 92), 2) for _ in demo.SIPAS_ELEMENTS]
        save(
            "SIPAS",
            city,
            [{"node_code": c[0], "score": s} for c, s in zip(demo.SIPAS_ELEMENTS, elements, strict=True)],
            total_score=round(sum(elements) / len(elements), 2),
        )
        dims = [round(rng.uniform(3.4, 7.8), 2) for _ in demo.PAPI_DIMENSIONS]
        save(
            "PAPI",
            city,
            [{"node_code": c[0], "score": s} for c, s in zip(demo.PAPI_DIMENSIONS, dims, strict=True)],
            rank=rng.randint(5, 20),
            ranked_of=63 if year < 2025 else 34,
        )
        subs = [round(rng.uniform(5.9, 7.7), 2) for _ in demo.PCI_SUBINDICES]
        save(
            "PCI",
            city,
            [{"node_code": c[0], "score": s} for c, s in zip(demo.PCI_SUBINDICES, subs, strict=True)],
            total_score=round(sum(subs), 2),
            rank=rng.randint(4, 12),
            ranked_of=63 if year < 2025 else 34,
        )
        if year >= 2022:
            for code, fields, kinds in (
                ("PAR-SO", demo.DEPT_FIELDS, ("department",)),
                ("PAR-XA", demo.COMMUNE_FIELDS, ("commune",)),
            ):
                subjects = world.units_alive(kinds, f"{year}-12-31")
                subjects = subjects[: max(3, round(len(subjects) * min(1.0, world.scale.factor)))]
                for unit in subjects:
                    scores = [
                        {"node_code": c, "score": round(top * rng.uniform(0.78, 0.99), 2)}
                        for c, _p, _n, _e, top in fields
                    ]
                    save(code, unit["id"], scores)


# --- inspections ------------------------------------------------------------------

SLOTS = ((clock(8), clock(11, 30)), (clock(13, 30), clock(16, 30)))


def build_inspections(world) -> None:
    """Each year's inspection plan and its inspections on working days, half a day each, a
    team of a head, perhaps a member, and a secretary never in two places at once; the
    default checklist; findings, recommendations (deadline 15 days after the conclusion
    notice) and their follow-up up to the data's today."""
    from inspections.followup import default_deadline
    from inspections.schedule import DEFAULT_CHECKLIST

    db, rng = world.db, world.rng("inspections")
    ids = {"plan": 0, "inspection": 0, "item": 0, "finding": 0, "rec": 0, "followup": 0}
    people = world.inspectors + world.staff
    for year in world.scale.years:
        rows = {k: [] for k in ("inspection_plans", "inspections", "inspection_team", "inspection_items")}
        rows |= {"findings": [], "recommendations": [], "followups": []}
        ids["plan"] += 1
        issued = date(year, 1, rng.randint(10, 25))
        rows["inspection_plans"].append(
            {
                "id": ids["plan"],
                "year": year,
                "number": f"{rng.randint(3, 30)}/KH-SNV",
                "title": f"Kế hoạch kiểm tra công tác cải cách hành chính năm {year}",
                "issued_on": issued.isoformat(),
                "created_at": work_stamp(issued, rng),
            }
        )
        days = working_days(date(year, 2, 20), date(year, 12, 18))
        busy: set[tuple[int, date, int]] = set()
        count = world.scale.per_year(120)
        visits = sorted(rng.choice(days) for _ in range(count))
        inspected: set[int] = set()
        for day in visits:
            slot = rng.randrange(2)
            free = [p for p in people if (p, day, slot) not in busy]
            if len(free) < 2:
                slot = 1 - slot
                free = [p for p in people if (p, day, slot) not in busy]
                if len(free) < 2:
                    continue
            conclusion = day + timedelta(days=rng.randint(7, 14))
            deadline = default_deadline(conclusion)
            units = [
                u
                for u in world.units_alive(("department", "district", "commune"), day.isoformat(), deadline.isoformat())
                if u["id"] not in inspected
            ] or world.units_alive(("department", "district", "commune"), day.isoformat(), deadline.isoformat())
            unit = rng.choice(units)
            inspected.add(unit["id"])
            _inspection(world, rng, rows, ids, unit, day, slot, free, busy, conclusion, deadline, DEFAULT_CHECKLIST)
        with db.atomic():
            for table, table_rows in rows.items():
                insert_rows(db, table, table_rows)


def _inspection(world, rng, rows, ids, unit, day, slot, free, busy, conclusion, deadline, checklist) -> None:
    ids["inspection"] += 1
    inspection_id = ids["inspection"]
    team_size = min(len(free), rng.choice((2, 3, 3)))
    heads = [p for p in free if p in world.inspectors] or free
    head = rng.choice(heads)
    others = rng.sample([p for p in free if p != head], team_size - 1)
    team = [(head, "head")] + [(p, "secretary" if i == len(others) - 1 else "member") for i, p in enumerate(others)]
    for person, _role in team:
        busy.add((person, day, slot))
    start, end = SLOTS[slot]
    past = day < TODAY
    kind = "unannounced" if rng.random() < 0.1 else "scheduled"
    if past:
        status = rng.choices(["done", "cancelled", "postponed"], [94, 4, 2])[0]
    else:
        status = rng.choice(["planned", "confirmed"])
    created_day = date(day.year, 1, 1) + timedelta(days=rng.randint(20, 40))
    created = work_stamp(min(created_day, day - timedelta(days=3)), rng)
    done = status == "done" and conclusion <= TODAY
    row = {
        "id": inspection_id,
        "uid": f"inspection-{uid(rng)}@cchc-planner",
        "plan_id": ids["plan"],
        "unit_id": unit["id"],
        "kind": kind,
        "starts_at": local_to_utc(day, start),
        "ends_at": local_to_utc(day, end),
        "place": f"Trụ sở {unit['name']}"
        if unit["kind"] == "department"
        else f"UBND {unit['name'].lower()}"
        if unit["kind"] != "commune"
        else f"Bộ phận một cửa {unit['name'].lower()}",
        "status": status,
        "sequence": 0 if status == "planned" else 1,
        "self_report_on": (day - timedelta(days=8)).isoformat()
        if kind == "scheduled" and (past or rng.random() < 0.5)
        else None,
        "self_report_file": None,
        "conclusion_on": conclusion.isoformat() if done else None,
        "conclusion_number": f"{ids['inspection'] % 900 + 10}/TB-SNV" if done else None,
        "note": None,
        "cancelled_at": work_stamp(day - timedelta(days=rng.randint(1, 10)), rng) if status == "cancelled" else None,
        "created_at": created,
        "updated_at": created,
    }
    if status != "planned":
        row["updated_at"] = work_stamp(day if status == "done" else day - timedelta(days=1), rng)
    rows["inspections"].append(row)
    rows["inspection_team"] += [{"inspection_id": inspection_id, "user_id": p, "role": r} for p, r in team]
    items = []
    for position, (code, title) in enumerate(checklist, start=1):
        ids["item"] += 1
        items.append(ids["item"])
        rows["inspection_items"].append(
            {"id": ids["item"], "inspection_id": inspection_id, "position": position, "code": code, "title": title}
        )
    if not done:
        return
    at = work_stamp(conclusion, rng)
    for _ in range(rng.randint(1, 4)):
        _finding(rng, rows, ids, inspection_id, items, "strength", head, at)
    for _ in range(rng.randint(4, 9)):
        finding = _finding(rng, rows, ids, inspection_id, items, "shortcoming", head, at)
        for _ in range(rng.choice((1, 1, 1, 2))):
            _recommendation(rng, rows, ids, inspection_id, finding, unit, head, deadline, at)
    row["updated_at"] = at


def _finding(rng, rows, ids, inspection_id, items, kind, author, at) -> int:
    ids["finding"] += 1
    text = rng.choice(corpus.FINDINGS[kind]).format(n=rng.randint(3, 45))
    rows["findings"].append(
        {
            "id": ids["finding"],
            "inspection_id": inspection_id,
            "item_id": rng.choice(items),
            "kind": kind,
            "text": text,
            "created_by": author,
            "created_at": at,
        }
    )
    return ids["finding"]


def _recommendation(rng, rows, ids, inspection_id, finding, unit, inspector, deadline, at) -> None:
    ids["rec"] += 1
    rec_id = ids["rec"]
    fate = rng.choices(["on_time", "late", "open"], [70, 18, 12])[0]
    closed_on = (
        deadline - timedelta(days=rng.randint(0, 10))
        if fate == "on_time"
        else deadline + timedelta(days=rng.randint(3, 40))
    )
    closed = fate != "open" and closed_on <= TODAY
    rec = {
        "id": rec_id,
        "inspection_id": inspection_id,
        "finding_id": finding,
        "text": rng.choice(corpus.RECOMMENDATIONS),
        "unit_id": unit["id"],
        "inspector_id": inspector,
        "deadline": deadline.isoformat(),
        "status": "closed" if closed else "open",
        "closed_on": closed_on.isoformat() if closed else None,
        "created_at": at,
        "updated_at": at,
    }
    rows["recommendations"].append(rec)

    def followup(day: date, kind: str, text: str | None) -> str:
        ids["followup"] += 1
        stamp = work_stamp(day, rng)
        rows["followups"].append(
            {
                "id": ids["followup"],
                "recommendation_id": rec_id,
                "on_date": day.isoformat(),
                "kind": kind,
                "text": text,
                "file": None,
                "created_by": inspector,
                "created_at": stamp,
            }
        )
        return stamp

    if (
        deadline + timedelta(days=5) <= TODAY
        and (not closed or closed_on > deadline + timedelta(days=2))
        and rng.random() < 0.3
    ):
        followup(deadline + timedelta(days=2), "note", "Đã nhắc đơn vị gửi báo cáo kết quả khắc phục.")
    if closed:
        followup(closed_on, "remedy_report", "Đơn vị gửi báo cáo kết quả khắc phục.")
        rec["updated_at"] = followup(closed_on, "closed", "Đã khắc phục xong.")


# --- services -------------------------------------------------------------------


def build_services(world) -> None:
    """Twelve months per year (November to October) of each reporting unit's results, from
    the demo's generator: departments and communes existing on the month's first day (and
    the districts until they ended), desk satisfaction, QĐ 766 scores from August 2022, and
    each year's targets."""
    from core.periods import shift
    from services import store
    from services.demo import EXAMPLE_TARGETS, month_figures

    db, rng = world.db, world.rng("services")
    groups = store.index_groups(db)
    carried: dict[int, int] = {}
    quality: dict[int, tuple[float, float, float]] = {}
    first_month = f"{world.scale.years[0] - 1}-11"
    share = min(1.0, world.scale.factor)
    for year in world.scale.years:
        with db.atomic():
            insert_rows(
                db,
                "service_targets",
                [{"year": year, "indicator": k, "value": v, "example": 1} for k, v in EXAMPLE_TARGETS.items()],
            )
        for step in range(12):
            month = shift(first_month, (year - world.scale.years[0]) * 12 + step)
            day = f"{month}-01"
            reporting = world.units_alive(("department", "district", "commune"), day)
            reporting = reporting[: max(3, round(len(reporting) * share))]
            reporting += [u for u in world.other_units if u["kind"] == "commune" and unit_alive(u, day)]
            results, votes, scores = [], [], []
            stamp = f"{shift(month, 1)}-05T02:00:00+00:00"
            for unit in reporting:
                if unit["id"] not in quality:
                    poor = rng.random() < 0.1
                    quality[unit["id"]] = (
                        0.86 if poor else 0.975,
                        0.55 if rng.random() < 0.1 else 0.86,
                        0.65 if poor else 0.88,
                    )
                on_time, online, level = quality[unit["id"]]
                kind = "department" if unit["kind"] == "department" else "commune"
                figures = month_figures(rng, kind, carried.get(unit["id"], rng.randint(20, 120)), on_time, online)
                carried[unit["id"]] = figures["pending"]
                results.append(
                    {
                        "month": month,
                        "unit_id": unit["id"],
                        **figures,
                        "source": f"Bao-cao-mot-cua-{month}.xlsx",
                        "updated_at": stamp,
                        "updated_by": "canbo",
                    }
                )
                total = rng.randint(150, 600)
                unhappy = round(total * (rng.uniform(0.06, 0.12) if on_time < 0.9 else rng.uniform(0.0, 0.04)))
                very = round((total - unhappy) * rng.uniform(0.5, 0.7))
                votes.append(
                    {
                        "month": month,
                        "unit_id": unit["id"],
                        "very_satisfied": very,
                        "satisfied": total - unhappy - very,
                        "dissatisfied": unhappy,
                    }
                )
                if month >= "2022-08":
                    for g in groups:
                        value = round(g["max"] * min(1.0, level + rng.uniform(-0.06, 0.06)), 2)
                        scores.append(
                            {
                                "month": month,
                                "unit_id": unit["id"],
                                "framework": "qd766",
                                "group_code": g["code"],
                                "score": value,
                            }
                        )
            with db.atomic():
                insert_rows(db, "service_results", results)
                insert_rows(db, "service_satisfaction", votes)
                insert_rows(db, "service_index_scores", scores)
