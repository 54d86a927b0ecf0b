"""What a result shows: every node of its framework with max, score, points lost
(derived), self and appraised scores and their difference, evidence, and the
node's lead agency on 31/12 of the year."""

from __future__ import annotations

from sqlite_utils import Database

from core.errors import NotFound
from core.permissions import User, require
from indices import store
from indices.frameworks import framework_tree
from indices.leads import lead_assignments, leads_on
from indices.values import effective_scores, rounded


def result_view(db: Database, user: User, index_id: int, year: int, subject_unit_id: int) -> dict:
    """One result with every node of its framework: max, score, points lost (derived),
    self and appraised scores and their difference, evidence, and the node's lead agency."""
    require(user, "indices.view")
    result = store.find_result(db, index_id, int(year), subject_unit_id)
    if result is None:
        raise NotFound("indices.error.result_not_found", year=year)
    return build_view(db, result)


def build_views(db: Database, results: list[dict]) -> list[dict]:
    """`build_view` of each result, reading every score in one query and each framework and
    its tree once (results of several years share them)."""
    scores: dict[int, list[dict]] = {r["id"]: [] for r in results}
    for s in store.scores_for_results(db, list(scores)):
        scores[s["result_id"]].append(s)
    frameworks: dict[int, tuple[dict, list[dict]]] = {}
    return [build_view(db, r, scores[r["id"]], frameworks) for r in results]


def build_view(db: Database, result: dict, scores: list[dict] | None = None, frameworks: dict | None = None) -> dict:
    """The view of a stored result row (callers have checked the permission). `frameworks`
    (framework id -> (row, tree, its nodes by id, their lead assignments)) keeps what earlier
    views of the same call read."""
    frameworks = {} if frameworks is None else frameworks
    if result["framework_id"] not in frameworks:
        row = store.framework_row(db, result["framework_id"])
        tree = framework_tree(db, row["id"])
        nodes = {n["id"]: n for n in tree}
        frameworks[result["framework_id"]] = (row, tree, nodes, lead_assignments(db, list(nodes)))
    framework, tree, nodes, assignments = frameworks[result["framework_id"]]
    framework = dict(framework)  # each view its own, as when read for it alone
    scores = store.list_scores(db, result["id"]) if scores is None else scores
    by_node = {s["node_id"]: s for s in scores}
    effective = effective_scores(tree, scores, framework["aggregation"])
    leads = leads_on(db, [n["id"] for n in tree], f"{result['year']}-12-31", nodes, assignments)
    rows = []
    for node in tree:
        s = by_node.get(node["id"], {})
        score = effective[node["id"]]
        self_score, appraised = s.get("self_score"), s.get("appraised_score")
        rows.append(
            {
                "node_id": node["id"],
                "code": node["code"],
                "parent_code": node["parent_code"],
                "depth": node["depth"],
                "name_vi": node["name_vi"],
                "name_en": node["name_en"],
                "leaf": node["leaf"],
                "max": node["max_points"],
                "score": score,
                "lost": rounded(node["max_points"] - score) if score is not None else None,
                "self_score": self_score,
                "appraised_score": appraised,
                "difference": rounded(self_score - appraised)
                if self_score is not None and appraised is not None
                else None,
                "evidence": s.get("evidence"),
                "rank": s.get("rank"),
                "rank_change": s.get("rank_change"),
                "note": s.get("note"),
                "lead": leads.get(node["id"]),
            }
        )
    total = result["total_score"]
    if total is None and framework["aggregation"] == "sum":
        tops = [r["score"] for r in rows if r["depth"] == 1]
        total = rounded(sum(tops)) if tops and all(v is not None for v in tops) else None
    percent = (
        None
        if total is None
        else (total if framework["unit"] == "percent" else rounded(total / framework["max_total"] * 100))
    )
    return {
        "result": result,
        "framework": framework,
        "rows": rows,
        "total": total,
        "max_total": framework["max_total"],
        "lost_total": rounded(framework["max_total"] - total) if total is not None else None,
        "percent": percent,
    }


def results_for(db: Database, user: User, index_id: int, subject_unit_id: int | None = None) -> list[dict]:
    """Every result of an index (optionally for one subject), each as `result_view` gives it."""
    require(user, "indices.view")
    return build_views(db, store.list_results(db, index_id, subject_unit_id))


def latest_city_results(db: Database, year: int | None = None) -> list[dict]:
    """For each index about the city, its latest result (at or before `year`), as views."""
    views = []
    for index in store.list_indices(db):
        if index["subject_kind"] != "city":
            continue
        results = [r for r in store.list_results(db, index["id"]) if year is None or r["year"] <= year]
        if results:
            latest = max(results, key=lambda r: r["year"])
            views.append({**build_view(db, latest), "index": index})
    return views
