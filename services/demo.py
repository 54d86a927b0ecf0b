"""Demo data of the services slice: twelve months (December 2025 to November 2026) of
generated but plausible figures for the departments, communes and wards the demo has,
with a few units poor on time or online; desk satisfaction, QĐ 766 scores and example
targets. Seeded, so every build gives the same figures; running it twice adds nothing."""

from __future__ import annotations

import random

from sqlite_utils import Database

from core import audit
from core.i18n import utc_now_iso
from core.periods import shift
from core.permissions import User
from services import results, store

FIRST, MONTHS = "2025-12", 12
POOR_ON_TIME = {"SYT", "X-SS"}  # resolve many files late
POOR_ONLINE = {"SVHTT", "P-HD"}  # still take most files at the desk
# Example targets (not the city's official figures): on time ≥ 95 %, online ≥ 80 %, satisfied ≥ 95 %.
EXAMPLE_TARGETS = {"on_time_rate": 95.0, "online_rate": 80.0, "satisfaction_rate": 95.0}


def month_figures(rng: random.Random, kind: str, carried: int, on_time: float, online: float) -> dict:
    """One unit's month as the one-stop system reports it; every total equals its parts."""
    new = rng.randint(300, 2000) if kind == "department" else rng.randint(400, 1500)
    online_n = round(new * min(0.99, max(0.0, rng.gauss(online, 0.03))))
    received = carried + new
    resolved = round(received * rng.uniform(0.82, 0.92))
    late = round(resolved * (1 - min(1.0, max(0.0, rng.gauss(on_time, 0.01)))))
    ahead = round((resolved - late) * rng.uniform(0.3, 0.55))
    pending = received - resolved
    overdue = round(pending * (rng.uniform(0.05, 0.15) if on_time < 0.93 else rng.uniform(0.0, 0.03)))
    full = round(online_n * rng.uniform(0.45, 0.7))
    return {
        "received": received,
        "carried_over": carried,
        "online": online_n,
        "in_person": new - online_n,
        "resolved": resolved,
        "ahead": ahead,
        "on_time": resolved - late - ahead,
        "late": late,
        "pending": pending,
        "pending_within": pending - overdue,
        "pending_overdue": overdue,
        "apologies": round(late * rng.uniform(0.6, 1.0)),
        "full_online": full,
        "partial_online": online_n - full,
        "paid_online": round(online_n * rng.uniform(0.2, 0.45)),
        "digitised": round(new * rng.uniform(0.75, 0.97)),
        "withdrawn": rng.randint(0, 5),
    }


def build(db: Database, actor: User) -> dict:
    """Add the months the database does not have yet; return counts of what was added."""
    counts = {"service_months": 0, "service_results": 0}
    have = set(store.months(db))
    groups = store.index_groups(db)
    rng = random.Random(766)
    carried: dict[int, int] = {}
    now = utc_now_iso()
    for step in range(MONTHS):
        month = shift(FIRST, step)
        reporting = results.reporting_units(db, month)
        rows = []
        for unit in reporting:
            code = unit["code"]
            on_time = 0.86 if code in POOR_ON_TIME else 0.975
            online = 0.55 if code in POOR_ONLINE else 0.86
            figures = month_figures(rng, unit["kind"], carried.get(unit["id"], rng.randint(20, 120)), on_time, online)
            carried[unit["id"]] = figures["pending"]
            votes = rng.randint(150, 600)
            unhappy = round(votes * (rng.uniform(0.06, 0.12) if code in POOR_ON_TIME else rng.uniform(0.0, 0.04)))
            very = round((votes - unhappy) * rng.uniform(0.5, 0.7))
            quality = rng.uniform(0.55, 0.75) if code in POOR_ON_TIME | POOR_ONLINE else rng.uniform(0.78, 0.97)
            scores = {g["code"]: round(g["max"] * min(1.0, quality + rng.uniform(-0.05, 0.05)), 2) for g in groups}
            rows.append((unit, figures, (very, votes - unhappy - very, unhappy), scores))
        if month in have or not rows:
            continue
        with db.atomic():
            store.insert_results(
                db,
                [
                    {"month": month, "unit_id": u["id"], **f, "source": "demo", "updated_at": now, "updated_by": "demo"}
                    for u, f, _v, _s in rows
                ],
            )
            for unit, _f, (very, happy, unhappy), scores in rows:
                store.put_satisfaction(
                    db,
                    {
                        "month": month,
                        "unit_id": unit["id"],
                        "very_satisfied": very,
                        "satisfied": happy,
                        "dissatisfied": unhappy,
                    },
                )
                for group, score in scores.items():
                    store.put_index_score(
                        db,
                        {
                            "month": month,
                            "unit_id": unit["id"],
                            "framework": "qd766",
                            "group_code": group,
                            "score": score,
                        },
                    )
            audit.record(db, actor, "import", "service_results", month, None, {"rows": len(rows), "source": "demo"})
        counts["service_months"] += 1
        counts["service_results"] += len(rows)
    for year in (2025, 2026):
        if not results.targets(db, year):
            results.set_targets(db, actor, year, EXAMPLE_TARGETS, example=True)
    return counts
