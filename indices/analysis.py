"""Reading the indices over time: the trend of each index and of its fields (score
and rank), the biggest losses of a year, and whether remedies that were done were
followed by a better score the next year than remedies that were not.

Scores are compared as a share of the node's maximum, so years scored on different
frameworks (2021 on the old PAR Index, 2023 on QĐ 876) line up by node code."""

from __future__ import annotations

from sqlite_utils import Database

from core import units as core_units
from core.permissions import User, require
from indices import remediation, store, views


def _share(score: float | None, maximum: float | None) -> float | None:
    if score is None or not maximum:
        return None
    return round(score / maximum * 100, 2)


def city_unit_id(db: Database) -> int | None:
    """The unit the city's indices are about (the first unit of kind city), if any."""
    city = next((u for u in core_units.list_units(db) if u["kind"] == "city"), None)
    return city["id"] if city else None


def _city_views(db: Database, index_id: int, subject_unit_id: int | None = None) -> list[dict]:
    if subject_unit_id is None:
        subject_unit_id = city_unit_id(db)
    return views.build_views(db, store.list_results(db, index_id, subject_unit_id))


def of_subject(views_of_index: list[dict], subject_unit_id: int | None) -> list[dict]:
    """The views (of every subject, as `views.results_for` gives them) about one subject,
    in the same order `_city_views` reads them; all of them when there is no subject."""
    if subject_unit_id is None:
        return views_of_index
    return [v for v in views_of_index if v["result"]["subject_unit_id"] == subject_unit_id]


def trend_rows(views_of_index: list[dict], published_by: str | None = None) -> list[dict]:
    """`trend` of views already built (so a caller needing several readings builds them once)."""
    rows = [
        {
            "year": v["result"]["year"],
            "total": v["total"],
            "max_total": v["max_total"],
            "percent": v["percent"],
            "rank": v["result"]["rank"],
            "ranked_of": v["result"]["ranked_of"],
            "rank_change": v["result"]["rank_change"],
            "framework": v["framework"]["code"],
            "published_on": v["result"].get("published_on"),
        }
        for v in views_of_index
    ]
    return [r for r in rows if published_by is None or not r["published_on"] or r["published_on"] <= published_by]


def trend(
    db: Database, user: User, index_id: int, subject_unit_id: int | None = None, *, published_by: str | None = None
) -> list[dict]:
    """One row per year: total, percent of the maximum, rank, number ranked, rank change and
    publication date. With `published_by` (ISO day) only the results published by then — what
    a report with that cut-off may cite (a result without a publication date is kept)."""
    require(user, "indices.view")
    return trend_rows(_city_views(db, index_id, subject_unit_id), published_by)


def field_rows(views_of_index: list[dict]) -> list[dict]:
    """`field_trend` of views already built."""
    rows = []
    for v in views_of_index:
        for r in v["rows"]:
            if r["depth"] == 1 and r["score"] is not None:
                rows.append(
                    {
                        "year": v["result"]["year"],
                        "code": r["code"],
                        "name_vi": r["name_vi"],
                        "name_en": r["name_en"],
                        "score": r["score"],
                        "max": r["max"],
                        "percent": _share(r["score"], r["max"]),
                        "rank": r["rank"],
                    }
                )
    return rows


def field_trend(db: Database, user: User, index_id: int, subject_unit_id: int | None = None) -> list[dict]:
    """One row per year and field (top-level node, matched by code across frameworks)."""
    require(user, "indices.view")
    return field_rows(_city_views(db, index_id, subject_unit_id))


def loss_rows(index: dict, views_of_index: list[dict], year: int) -> list[dict]:
    """The leaves of one index's views of `year` that lost points, unsorted (`biggest_losses`)."""
    rows = []
    for v in views_of_index:
        if v["result"]["year"] != year:
            continue
        for r in v["rows"]:
            if r["leaf"] and r["lost"] is not None and r["lost"] > 0:
                rows.append(
                    {
                        **r,
                        "index_id": index["id"],
                        "index_code": index["code"],
                        "year": year,
                        "lost_share": _share(r["lost"], r["max"]),
                    }
                )
    return rows


def largest_losses(rows: list[dict], limit: int) -> list[dict]:
    """`loss_rows` of one or more indices, the largest share of the maximum first."""
    rows = sorted(rows, key=lambda r: (-r["lost_share"], -r["lost"], r["index_code"], r["code"]))
    return rows[:limit]


def biggest_losses(db: Database, user: User, year: int, limit: int = 10, index_id: int | None = None) -> list[dict]:
    """The sub-criteria (leaf nodes) of the city's indices (or of one index) that lost the
    largest share of their maximum in `year`, largest first."""
    require(user, "indices.view")
    rows = []
    for index in store.list_indices(db):
        if index["subject_kind"] != "city" or (index_id is not None and index["id"] != index_id):
            continue
        rows += loss_rows(index, _city_views(db, index["id"]), year)
    return largest_losses(rows, limit)


def remedy_effect(db: Database, user: User, index_id: int | None = None) -> dict:
    """Each remedial task of plan year P with its node's score share in P−1 (what it
    answered) and in P (the next result), and the mean change for done vs not done."""
    require(user, "indices.view")
    shares: dict[tuple[int, int, str], float | None] = {}  # (index, year, node code) -> share
    for index in store.list_indices(db):
        if index["subject_kind"] == "city":
            for v in _city_views(db, index["id"]):
                for r in v["rows"]:
                    shares[(index["id"], v["result"]["year"], r["code"])] = _share(r["score"], r["max"])
    rows = []
    for r in remediation.list_remedies(db, user):
        if index_id is not None and r["index_id"] != index_id:
            continue
        before = shares.get((r["index_id"], r["plan_year"] - 1, r["node_code"]))
        after = shares.get((r["index_id"], r["plan_year"], r["node_code"]))
        change = round(after - before, 2) if before is not None and after is not None else None
        rows.append({**r, "share_before": before, "share_after": after, "change": change})
    summary = {}
    for key, done in (("done", True), ("not_done", False)):
        group = [r for r in rows if r["done"] == done]
        changes = [r["change"] for r in group if r["change"] is not None]
        summary[key] = {
            "n": len(group),
            "measured": len(changes),
            "mean_change": round(sum(changes) / len(changes), 2) if changes else None,
        }
    return {"rows": rows, "summary": summary}
