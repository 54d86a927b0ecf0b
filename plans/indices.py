"""Reform indices as versioned data: an index has one framework per period, each a
tree of fields → criteria → sub-criteria with maximum points; results per year and
assessed subject give a score per node. Points lost are derived (max − score).

Every rule about frameworks and results lives here: the tree must be acyclic, codes
unique, and (for frameworks that add up) children's maxima may not exceed their
parent's; scores must lie within their node's range and belong to that year's
framework. Bad input raises ValidationError listing each problem and changes nothing."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from core import audit
from core.errors import NotFound, ValidationError
from core.i18n import utc_now_iso
from core.permissions import User, require
from core.text import clean_line, nfc
from core.units import unit_by_id
from plans import store

MAX_DEPTH = 3  # field → criterion → sub-criterion
EPSILON = 1e-6
SCORE_FIELDS = ("score", "self_score", "appraised_score")
SUBJECT_UNIT_KINDS = {"city": ("city",), "department": ("department",), "commune": ("commune", "district")}


# --- small helpers -----------------------------------------------------------


def _number(value, field: str, row=None) -> float | None:
    """A decimal from a form, a grid or a spreadsheet cell; accepts the Vietnamese comma."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value != value:  # NaN from an empty grid cell
        return None
    if isinstance(value, bool):
        raise ValidationError("indices.error.not_a_number", field=field, value=value, row=row or "")
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace("%", "").replace(" ", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValidationError("indices.error.not_a_number", field=field, value=value, row=row or "") from None


def _int(value, field: str, row=None) -> int | None:
    number = _number(value, field, row)
    if number is None:
        return None
    if abs(number - round(number)) > EPSILON:
        raise ValidationError("indices.error.not_a_number", field=field, value=value, row=row or "")
    return int(round(number))


def _year(value, field: str = "year") -> int:
    year = _int(value, field)
    if year is None or not 2000 <= year <= 2100:
        raise ValidationError("indices.error.year_invalid", year=value)
    return year


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _shown(value):
    """A number as a message shows it: 101 rather than 101.0."""
    return f"{value:g}" if isinstance(value, float) else value


def _error(errors: list, row, key: str, **params) -> None:
    errors.append({"row": row, "key": key, "params": {k: _shown(v) for k, v in params.items()}})


# --- indices and frameworks --------------------------------------------------


def list_indices(db: Database) -> list[dict]:
    return store.list_indices(db)


def get_index(db: Database, index_id: int) -> dict:
    row = store.index_row(db, index_id)
    if row is None:
        raise NotFound("indices.error.index_not_found", index=index_id)
    return row


def create_index(
    db: Database,
    actor: User,
    *,
    code: str,
    name_vi: str,
    name_en: str = "",
    subject_kind: str = "city",
    publisher: str = "",
) -> dict:
    """Declare an index (PAR Index, SIPAS, the city's framework for communes...)."""
    require(actor, "indices.edit")
    code, name_vi = clean_line(code), clean_line(name_vi)
    if not code or not name_vi:
        raise ValidationError("indices.error.index_incomplete")
    if subject_kind not in store.INDEX_SUBJECT_KINDS:
        raise ValidationError("indices.error.subject_kind_unknown", kind=subject_kind)
    if store.index_by_code(db, code):
        raise ValidationError("indices.error.index_code_taken", code=code)
    row = {
        "code": code,
        "name_vi": name_vi,
        "name_en": clean_line(name_en) or None,
        "subject_kind": subject_kind,
        "publisher": clean_line(publisher) or None,
        "position": len(store.list_indices(db)) + 1,
    }
    with db.atomic():
        index_id = store.insert_index(db, row)
        audit.record(db, actor, "create", "reform_indices", index_id, None, row)
    return store.index_row(db, index_id)


def validate_tree(nodes: list[dict], *, unit: str, aggregation: str, max_total: float) -> tuple[list[dict], list[dict]]:
    """Check a framework's nodes (dicts with code, parent_code, name_vi, name_en,
    max_points, row). Returns (clean nodes in tree order with depth, errors)."""
    errors: list[dict] = []
    clean: dict[str, dict] = {}
    order: list[str] = []
    for position, raw in enumerate(nodes, start=1):
        row = raw.get("row", position)
        code = clean_line(str(raw.get("code") or ""))
        if not code:
            _error(errors, row, "indices.error.node_code_missing")
            continue
        if code in clean:
            _error(errors, row, "indices.error.duplicate_code", code=code, first=clean[code]["row"])
            continue
        name_vi = clean_line(raw.get("name_vi") or "")
        if not name_vi:
            _error(errors, row, "indices.error.node_name_missing", code=code)
        try:
            max_points = _number(raw.get("max_points"), "max_points", row)
        except ValidationError as exc:
            errors.append({"row": row, "key": exc.key, "params": exc.params})
            max_points = None
        if max_points is None or max_points <= 0:
            _error(errors, row, "indices.error.max_invalid", code=code)
        elif unit == "percent" and max_points > 100 + EPSILON:
            _error(errors, row, "indices.error.percent_over_100", code=code, value=max_points)
        parent = clean_line(str(raw.get("parent_code") or ""))
        clean[code] = {
            "row": row,
            "code": code,
            "parent_code": parent or None,
            "name_vi": name_vi,
            "name_en": clean_line(raw.get("name_en") or "") or None,
            "max_points": max_points,
            "position": position,
        }
        order.append(code)
    for code in order:
        parent = clean[code]["parent_code"]
        if parent and parent not in clean:
            _error(errors, clean[code]["row"], "indices.error.parent_unknown", code=code, parent=parent)
            clean[code]["parent_code"] = None
    # cycles and depth: walk up from each node
    for code in order:
        seen, current, depth = [code], clean[code]["parent_code"], 1
        while current:
            if current in seen:
                _error(errors, clean[code]["row"], "indices.error.cycle", path=" → ".join(seen + [current]))
                depth = None
                break
            seen.append(current)
            current = clean[current]["parent_code"]
            depth += 1
        clean[code]["depth"] = depth
        if depth and depth > MAX_DEPTH:
            _error(errors, clean[code]["row"], "indices.error.too_deep", code=code, depth=MAX_DEPTH)
    if aggregation == "sum":
        children: dict[str | None, list[dict]] = {}
        for code in order:
            if clean[code]["depth"]:
                children.setdefault(clean[code]["parent_code"], []).append(clean[code])
        for parent, kids in children.items():
            total = sum(k["max_points"] or 0 for k in kids)
            limit = clean[parent]["max_points"] if parent else max_total
            if limit is not None and total > limit + EPSILON:
                row = clean[parent]["row"] if parent else kids[0]["row"]
                _error(
                    errors, row, "indices.error.children_exceed_max", code=parent or "—", total=_round(total), max=limit
                )
    if not order and not errors:
        _error(errors, None, "indices.error.framework_empty")
    if errors:
        return [], errors
    return _tree_order([clean[c] for c in order]), []


def _tree_order(nodes: list[dict]) -> list[dict]:
    """Depth-first order (each parent followed by its children, in input order)."""
    by_parent: dict[str | None, list[dict]] = {}
    for node in nodes:
        by_parent.setdefault(node["parent_code"], []).append(node)
    out: list[dict] = []

    def walk(parent):
        for node in by_parent.get(parent, []):
            out.append(node)
            walk(node["code"])

    walk(None)
    return out


def check_framework_meta(db: Database, index_id: int, meta: dict) -> dict:
    """Clean a framework's header (code, title, years, unit, aggregation, max_total, note)."""
    get_index(db, index_id)
    code = clean_line(meta.get("code") or "")
    title = clean_line(meta.get("title") or "")
    if not code or not title:
        raise ValidationError("indices.error.framework_incomplete")
    from_year = _year(meta.get("from_year"), "from_year")
    to_year = None if meta.get("to_year") in (None, "") else _year(meta.get("to_year"), "to_year")
    if to_year is not None and to_year < from_year:
        raise ValidationError("indices.error.framework_years_reversed", from_year=from_year, to_year=to_year)
    unit = meta.get("unit") or "points"
    aggregation = meta.get("aggregation") or "sum"
    if unit not in store.FRAMEWORK_UNITS:
        raise ValidationError("indices.error.framework_unit_unknown", unit=unit)
    if aggregation not in store.FRAMEWORK_AGGREGATIONS:
        raise ValidationError("indices.error.framework_aggregation_unknown", aggregation=aggregation)
    max_total = _number(meta.get("max_total"), "max_total")
    if unit == "percent" and max_total is None:
        max_total = 100.0
    if max_total is None or max_total <= 0:
        raise ValidationError("indices.error.max_invalid", code=code)
    if unit == "percent" and max_total > 100 + EPSILON:
        raise ValidationError("indices.error.percent_over_100", code=code, value=max_total)
    if store.framework_by_code(db, index_id, code):
        raise ValidationError("indices.error.framework_code_taken", code=code)
    for other in store.list_frameworks(db, index_id):
        other_end = other["to_year"] or 9999
        if from_year <= other_end and (to_year or 9999) >= other["from_year"]:
            raise ValidationError(
                "indices.error.framework_overlap",
                code=other["code"],
                from_year=other["from_year"],
                to_year=other["to_year"] or "…",
            )
    return {
        "index_id": index_id,
        "code": code,
        "title": title,
        "from_year": from_year,
        "to_year": to_year,
        "unit": unit,
        "aggregation": aggregation,
        "max_total": max_total,
        "note": nfc(meta.get("note") or "").strip() or None,
    }


def create_framework(db: Database, actor: User, index_id: int, *, nodes: list[dict], **meta) -> dict:
    """Create a framework and its whole tree in one transaction, or refuse it all."""
    require(actor, "indices.edit")
    row = check_framework_meta(db, index_id, meta)
    clean, errors = validate_tree(nodes, unit=row["unit"], aggregation=row["aggregation"], max_total=row["max_total"])
    if errors:
        raise ValidationError("indices.error.framework_rejected", errors=errors, n=len(errors))
    row["created_at"] = utc_now_iso()
    with db.atomic():
        framework_id = store.insert_framework(db, row)
        ids: dict[str, int] = {}
        for position, node in enumerate(clean, start=1):
            ids[node["code"]] = store.insert_node(
                db,
                {
                    "framework_id": framework_id,
                    "parent_id": ids.get(node["parent_code"]),
                    "code": node["code"],
                    "depth": node["depth"],
                    "name_vi": node["name_vi"],
                    "name_en": node["name_en"],
                    "max_points": node["max_points"],
                    "position": position,
                },
            )
        audit.record(
            db, actor, "create", "index_frameworks", framework_id, None, {**row, "nodes": [n["code"] for n in clean]}
        )
    return store.framework_row(db, framework_id)


def get_framework(db: Database, framework_id: int) -> dict:
    row = store.framework_row(db, framework_id)
    if row is None:
        raise NotFound("indices.error.framework_not_found", framework=framework_id)
    return row


def list_frameworks(db: Database, index_id: int | None = None) -> list[dict]:
    return store.list_frameworks(db, index_id)


def framework_for(db: Database, index_id: int, year: int) -> dict:
    """The framework in force for `year`; refuses a year no framework covers."""
    row = store.framework_for_year(db, index_id, int(year))
    if row is None:
        index = get_index(db, index_id)
        raise ValidationError("indices.error.no_framework_for_year", index=index["code"], year=year)
    return row


def framework_tree(db: Database, framework_id: int) -> list[dict]:
    """The nodes in depth-first order, each with its parent's code and a leaf flag."""
    nodes = store.list_nodes(db, framework_id)
    by_id = {n["id"]: n for n in nodes}
    parents = {n["parent_id"] for n in nodes if n["parent_id"]}
    rows = [
        {**n, "parent_code": by_id[n["parent_id"]]["code"] if n["parent_id"] else None, "leaf": n["id"] not in parents}
        for n in nodes
    ]
    return _tree_order(rows)


# --- results -----------------------------------------------------------------


def _check_subject(db: Database, index: dict, subject_unit_id: int, year: int) -> dict:
    unit = unit_by_id(db, subject_unit_id)
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
            _error(errors, row, "indices.error.node_not_in_framework", code=code or "—", framework=framework["code"])
            continue
        if node["id"] in clean:
            _error(errors, row, "indices.error.duplicate_code", code=code, first=clean[node["id"]]["row"])
            continue
        out = {"row": row, "node_id": node["id"], "code": code}
        try:
            for field in SCORE_FIELDS:
                value = _number(raw.get(field), field, row)
                out[field] = value
                if value is None:
                    continue
                if value < 0:
                    _error(errors, row, "indices.error.score_negative", code=code, value=value)
                elif framework["unit"] == "percent" and value > 100 + EPSILON:
                    _error(errors, row, "indices.error.percent_over_100", code=code, value=value)
                elif value > node["max_points"] + EPSILON:
                    _error(errors, row, "indices.error.score_above_max", code=code, value=value, max=node["max_points"])
            out["rank"] = _int(raw.get("rank"), "rank", row)
            out["rank_change"] = _int(raw.get("rank_change"), "rank_change", row)
        except ValidationError as exc:
            errors.append({"row": row, "key": exc.key, "params": exc.params})
            continue
        if out["rank"] is not None and out["rank"] < 1:
            _error(errors, row, "indices.error.rank_invalid", rank=out["rank"], of="—")
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
                _error(
                    errors,
                    given["row"],
                    "indices.error.children_exceed_score",
                    code=node["code"],
                    total=_round(kid_sum),
                    score=parent_score,
                )
        top_sum = sum(effective[n["id"]] or 0 for n in nodes if n["parent_id"] is None)
        if total_score is not None and top_sum > total_score + EPSILON:
            _error(errors, None, "indices.error.fields_exceed_total", total=_round(top_sum), score=total_score)
    return list(clean.values()), errors


def effective_scores(nodes: list[dict], scores, aggregation: str) -> dict[int, float | None]:
    """node_id -> final score: the one given (or the appraised one), else — when the
    framework adds up and every child has a score — the children's sum."""
    given = {}
    for s in scores:
        value = s.get("score") if s.get("score") is not None else s.get("appraised_score")
        given[s["node_id"]] = value
    children: dict[int | None, list[dict]] = {}
    for n in nodes:
        children.setdefault(n["parent_id"], []).append(n)
    out: dict[int, float | None] = {}

    def value(node) -> float | None:
        if node["id"] in out:
            return out[node["id"]]
        result = given.get(node["id"])
        kids = children.get(node["id"], [])
        if result is None and aggregation == "sum" and kids:
            kid_values = [value(k) for k in kids]
            result = sum(kid_values) if all(v is not None for v in kid_values) else None
        else:
            for k in kids:
                value(k)
        out[node["id"]] = result
        return result

    for n in nodes:
        value(n)
    return out


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
    year = _year(year)
    _check_subject(db, index, subject_unit_id, year)
    framework = framework_for(db, index_id, year)
    nodes = store.list_nodes(db, framework["id"])
    existing = store.find_result(db, index_id, year, subject_unit_id)
    head = _clean_header(framework, {**(existing or {}), **header})
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


def _clean_header(framework: dict, data: dict) -> dict:
    total = _number(data.get("total_score"), "total_score")
    if total is not None:
        if total < 0:
            raise ValidationError("indices.error.total_negative", value=_shown(total))
        if framework["unit"] == "percent" and total > 100 + EPSILON:
            raise ValidationError("indices.error.total_percent_over_100", value=_shown(total))
        if total > framework["max_total"] + EPSILON:
            raise ValidationError(
                "indices.error.total_above_max", value=_shown(total), max=_shown(framework["max_total"])
            )
    rank = _int(data.get("rank"), "rank")
    ranked_of = _int(data.get("ranked_of"), "ranked_of")
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
        "rank_change": _int(data.get("rank_change"), "rank_change"),
        "source": clean_line(data.get("source") or "") or None,
        "published_on": published_on or None,
        "note": nfc(data.get("note") or "").strip() or None,
    }


def find_result(db: Database, index_id: int, year: int, subject_unit_id: int) -> dict | None:
    return store.find_result(db, index_id, int(year), subject_unit_id)


def result_view(db: Database, user: User, index_id: int, year: int, subject_unit_id: int) -> dict:
    """One result with every node of its framework: max, score, points lost (derived),
    self and appraised scores and their difference, evidence, and the node's lead agency."""
    require(user, "indices.view")
    result = store.find_result(db, index_id, int(year), subject_unit_id)
    if result is None:
        raise NotFound("indices.error.result_not_found", year=year)
    return _view(db, result)


def _view(db: Database, result: dict, scores: list[dict] | None = None) -> dict:
    from plans.remediation import leads_on  # the lead agency of each node, on 31/12 of the year

    framework = store.framework_row(db, result["framework_id"])
    tree = framework_tree(db, framework["id"])
    scores = store.list_scores(db, result["id"]) if scores is None else scores
    by_node = {s["node_id"]: s for s in scores}
    effective = effective_scores(tree, scores, framework["aggregation"])
    leads = leads_on(db, [n["id"] for n in tree], f"{result['year']}-12-31")
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
                "lost": _round(node["max_points"] - score) if score is not None else None,
                "self_score": self_score,
                "appraised_score": appraised,
                "difference": _round(self_score - appraised)
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
        total = _round(sum(tops)) if tops and all(v is not None for v in tops) else None
    percent = (
        None
        if total is None
        else (total if framework["unit"] == "percent" else _round(total / framework["max_total"] * 100))
    )
    return {
        "result": result,
        "framework": framework,
        "rows": rows,
        "total": total,
        "max_total": framework["max_total"],
        "lost_total": _round(framework["max_total"] - total) if total is not None else None,
        "percent": percent,
    }


def results_for(db: Database, user: User, index_id: int, subject_unit_id: int | None = None) -> list[dict]:
    """Every result of an index (optionally for one subject), each as `result_view` gives it."""
    require(user, "indices.view")
    return [_view(db, r) for r in store.list_results(db, index_id, subject_unit_id)]


def result_years(db: Database, index_id: int, subject_unit_id: int | None = None) -> list[int]:
    return sorted({r["year"] for r in store.list_results(db, index_id, subject_unit_id)})


def result_subjects(db: Database, index_id: int) -> list[dict]:
    ids = sorted({r["subject_unit_id"] for r in store.list_results(db, index_id)})
    return [unit_by_id(db, i) for i in ids]


def get_node(db: Database, node_id: int) -> dict:
    node = store.node_row(db, node_id)
    if node is None:
        raise NotFound("indices.error.node_not_found", node=node_id)
    return node


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
