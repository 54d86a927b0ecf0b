"""Published results of an index per year and assessed subject: a score per node of
that year's framework. Points lost are derived (max − score), never stored.

Scores must lie within their node's range and belong to that year's framework; for
frameworks that add up, children's scores may not exceed their parent's. Bad input
raises ValidationError listing each problem and changes nothing."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from core import audit
from core import units as core_units
from core.errors import ValidationError
from core.i18n import utc_now_iso
from core.permissions import User, require
from core.text import clean_line, nfc
from indices import store
from indices.frameworks import framework_for, framework_tree, get_index
from indices.values import EPSILON, add_error, effective_scores, integer, number, rounded, shown, year_of
from indices.views import result_view

SCORE_FIELDS = ("score", "self_score", "appraised_score")
SUBJECT_UNIT_KINDS = {"city": ("city",), "department": ("department",), "commune": ("commune", "district")}


def check_subject(db: Database, index: dict, subject_unit_id: int, year: int) -> dict:
    unit = core_units.unit_by_id(db, subject_unit_id)
    if unit is None:
        raise ValidationError("error.unit_unknown_id", unit=subject_unit_id)
    if unit["kind"] not in SUBJECT_UNIT_KINDS[index["subject_kind"]]:
        raise ValidationError("indices.error.subject_wrong_kind", unit=unit["name"], index=index["code"])
    if (unit["valid_from"] and unit["valid_from"] > f"{year}-12-31") or (
        unit["valid_to"] and unit["valid_to"] < f"{year}-01-01"
    ):
        raise ValidationError("indices.error.subject_not_in_year", unit=unit["name"], year=year)
    return unit


def check_scores(
    framework: dict, nodes: list[dict], scores: list[dict], total_score: float | None = None
) -> tuple[list[dict], list[dict]]:
    """Validate score rows (node_code, score, self_score, appraised_score, evidence, rank,
    rank_change, note, row) against a framework's nodes. Returns (clean rows, errors)."""
    errors: list[dict] = []
    by_code = {n["code"]: n for n in nodes}
    clean: dict[int, dict] = {}
    for position, raw in enumerate(scores, start=1):
        row = raw.get("row", position)
        code = clean_line(str(raw.get("node_code") or ""))
        node = by_code.get(code)
        if node is None:
            add_error(errors, row, "indices.error.node_not_in_framework", code=code or "—", framework=framework["code"])
            continue
        if node["id"] in clean:
            add_error(errors, row, "indices.error.duplicate_code", code=code, first=clean[node["id"]]["row"])
            continue
        out = {"row": row, "node_id": node["id"], "code": code}
        try:
            for field in SCORE_FIELDS:
                value = number(raw.get(field), field, row)
                out[field] = value
                if value is None:
                    continue
                if value < 0:
                    add_error(errors, row, "indices.error.score_negative", code=code, value=value)
                elif framework["unit"] == "percent" and value > 100 + EPSILON:
                    add_error(errors, row, "indices.error.percent_over_100", code=code, value=value)
                elif value > node["max_points"] + EPSILON:
                    add_error(
                        errors, row, "indices.error.score_above_max", code=code, value=value, max=node["max_points"]
                    )
            out["rank"] = integer(raw.get("rank"), "rank", row)
            out["rank_change"] = integer(raw.get("rank_change"), "rank_change", row)
        except ValidationError as exc:
            errors.append({"row": row, "key": exc.key, "params": exc.params})
            continue
        if out["rank"] is not None and out["rank"] < 1:
            add_error(errors, row, "indices.error.rank_invalid", rank=out["rank"], of="—")
        out["evidence"] = nfc(raw.get("evidence") or "").strip() or None
        out["note"] = nfc(raw.get("note") or "").strip() or None
        if all(out[k] is None for k in (*SCORE_FIELDS, "rank", "rank_change", "evidence", "note")):
            continue  # an empty grid row
        clean[node["id"]] = out
    if not errors and framework["aggregation"] == "sum":
        effective = effective_scores(nodes, clean.values(), "sum")
        for node in nodes:
            kids = [n for n in nodes if n["parent_id"] == node["id"]]
            given = clean.get(node["id"], {})
            parent_score = given.get("score") if given.get("score") is not None else given.get("appraised_score")
            kid_sum = sum(effective[k["id"]] or 0 for k in kids)
            if parent_score is not None and kids and kid_sum > parent_score + EPSILON:
                add_error(
                    errors,
                    given["row"],
                    "indices.error.children_exceed_score",
                    code=node["code"],
                    total=rounded(kid_sum),
                    score=parent_score,
                )
        top_sum = sum(effective[n["id"]] or 0 for n in nodes if n["parent_id"] is None)
        if total_score is not None and top_sum > total_score + EPSILON:
            add_error(errors, None, "indices.error.fields_exceed_total", total=rounded(top_sum), score=total_score)
    return list(clean.values()), errors


def save_result(
    db: Database,
    actor: User,
    index_id: int,
    year: int,
    subject_unit_id: int,
    *,
    scores: list[dict] = (),
    replace_scores: bool = False,
    **header,
) -> dict:
    """Create or update the published result of one index, year and subject, with its
    node scores (merged into the stored ones unless `replace_scores`). All or nothing."""
    require(actor, "indices.edit")
    index = get_index(db, index_id)
    year = year_of(year)
    check_subject(db, index, subject_unit_id, year)
    framework = framework_for(db, index_id, year)
    nodes = store.list_nodes(db, framework["id"])
    existing = store.find_result(db, index_id, year, subject_unit_id)
    head = clean_header(framework, {**(existing or {}), **header})
    by_id = {n["id"]: n for n in nodes}
    merged: dict[str, dict] = {}
    if existing and not replace_scores:
        for s in store.list_scores(db, existing["id"]):
            merged[by_id[s["node_id"]]["code"]] = {**s, "node_code": by_id[s["node_id"]]["code"], "row": None}
    given = [{"row": position, **s} for position, s in enumerate(scores, start=1)]
    for s in given:
        merged.pop(clean_line(str(s.get("node_code") or "")), None)
    clean, errors = check_scores(framework, nodes, list(merged.values()) + given, head["total_score"])
    if errors:
        raise ValidationError("indices.error.result_rejected", errors=errors, n=len(errors))
    if not clean and all(head[k] is None for k in ("total_score", "rank")):
        raise ValidationError("indices.error.result_empty", year=year)
    rows = [{k: c[k] for k in ("node_id", *SCORE_FIELDS, "evidence", "rank", "rank_change", "note")} for c in clean]
    now = utc_now_iso()
    with db.atomic():
        if existing:
            result_id = existing["id"]
            store.update_result(db, result_id, {**head, "framework_id": framework["id"], "updated_at": now})
        else:
            result_id = store.insert_result(
                db,
                {
                    **head,
                    "index_id": index_id,
                    "framework_id": framework["id"],
                    "year": year,
                    "subject_unit_id": subject_unit_id,
                    "created_at": now,
                    "updated_at": now,
                },
            )
        before_scores = {by_id[s["node_id"]]["code"]: s["score"] for s in store.list_scores(db, result_id)}
        store.replace_scores(db, result_id, rows)
        audit.record(
            db,
            actor,
            "update" if existing else "create",
            "index_results",
            result_id,
            {**{k: existing.get(k) for k in head}, "scores": before_scores} if existing else None,
            {**head, "scores": {by_id[r["node_id"]]["code"]: r["score"] for r in rows}},
        )
    return result_view(db, actor, index_id, year, subject_unit_id)


def clean_header(framework: dict, data: dict) -> dict:
    total = number(data.get("total_score"), "total_score")
    if total is not None:
        if total < 0:
            raise ValidationError("indices.error.total_negative", value=shown(total))
        if framework["unit"] == "percent" and total > 100 + EPSILON:
            raise ValidationError("indices.error.total_percent_over_100", value=shown(total))
        if total > framework["max_total"] + EPSILON:
            raise ValidationError(
                "indices.error.total_above_max", value=shown(total), max=shown(framework["max_total"])
            )
    rank = integer(data.get("rank"), "rank")
    ranked_of = integer(data.get("ranked_of"), "ranked_of")
    if rank is not None and (rank < 1 or (ranked_of is not None and rank > ranked_of)):
        raise ValidationError("indices.error.rank_invalid", rank=rank, of=ranked_of or "—")
    if ranked_of is not None and ranked_of < 1:
        raise ValidationError("indices.error.rank_invalid", rank=rank or "—", of=ranked_of)
    published_on = data.get("published_on")
    if isinstance(published_on, date):
        published_on = published_on.isoformat()
    elif published_on:
        try:
            published_on = date.fromisoformat(str(published_on)[:10]).isoformat()
        except ValueError:
            raise ValidationError("error.date_invalid", field="published_on", value=published_on, row="") from None
    return {
        "total_score": total,
        "rank": rank,
        "ranked_of": ranked_of,
        "rank_change": integer(data.get("rank_change"), "rank_change"),
        "source": clean_line(data.get("source") or "") or None,
        "published_on": published_on or None,
        "note": nfc(data.get("note") or "").strip() or None,
    }


def find_result(db: Database, index_id: int, year: int, subject_unit_id: int) -> dict | None:
    return store.find_result(db, index_id, int(year), subject_unit_id)


def result_years(db: Database, index_id: int, subject_unit_id: int | None = None) -> list[int]:
    return sorted({r["year"] for r in store.list_results(db, index_id, subject_unit_id)})


def subject_choices(db: Database, index: dict) -> list[dict]:
    """The units an index may assess (by its subject kind), those with results first, then by name."""
    kinds = SUBJECT_UNIT_KINDS[index["subject_kind"]]
    known = {u["id"] for u in result_subjects(db, index["id"])}
    subjects = [u for u in core_units.list_units(db) if u["kind"] in kinds]
    return sorted(subjects, key=lambda u: (u["id"] not in known, u["name"]))


def result_subjects(db: Database, index_id: int) -> list[dict]:
    ids = sorted({r["subject_unit_id"] for r in store.list_results(db, index_id)})
    return [core_units.unit_by_id(db, i) for i in ids]


def entry_rows(db: Database, user: User, index_id: int, year: int, subject_unit_id: int) -> list[dict]:
    """The data-entry grid of one result: every node of the year's framework with the
    values stored for it (not derived ones), ready to edit and pass to `save_result`."""
    require(user, "indices.view")
    framework = framework_for(db, index_id, int(year))
    existing = store.find_result(db, index_id, int(year), subject_unit_id)
    stored = {s["node_id"]: s for s in store.list_scores(db, existing["id"])} if existing else {}
    return [
        {
            "node_code": n["code"],
            "depth": n["depth"],
            "name_vi": n["name_vi"],
            "name_en": n["name_en"],
            "max": n["max_points"],
            **{k: stored.get(n["id"], {}).get(k) for k in SCORE_FIELDS},
            "evidence": stored.get(n["id"], {}).get("evidence") or "",
            "rank": stored.get(n["id"], {}).get("rank"),
            "rank_change": stored.get(n["id"], {}).get("rank_change"),
            "note": stored.get(n["id"], {}).get("note") or "",
        }
        for n in framework_tree(db, framework["id"])
    ]
