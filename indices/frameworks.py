"""Reform indices as versioned data: an index has one framework per period, each a
tree of fields → criteria → sub-criteria with maximum points.

Every rule about frameworks lives here: the tree must be acyclic, codes unique, and
(for frameworks that add up) children's maxima may not exceed their parent's. Bad
input raises ValidationError listing each problem and changes nothing."""

from __future__ import annotations

from sqlite_utils import Database

from core import audit
from core.errors import NotFound, ValidationError
from core.i18n import utc_now_iso
from core.permissions import User, require
from core.text import clean_line, nfc
from indices import store
from indices.values import EPSILON, add_error, number, rounded, year_of

MAX_DEPTH = 3  # field → criterion → sub-criterion


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
            add_error(errors, row, "indices.error.node_code_missing")
            continue
        if code in clean:
            add_error(errors, row, "indices.error.duplicate_code", code=code, first=clean[code]["row"])
            continue
        name_vi = clean_line(raw.get("name_vi") or "")
        if not name_vi:
            add_error(errors, row, "indices.error.node_name_missing", code=code)
        try:
            max_points = number(raw.get("max_points"), "max_points", row)
        except ValidationError as exc:
            errors.append({"row": row, "key": exc.key, "params": exc.params})
            max_points = None
        if max_points is None or max_points <= 0:
            add_error(errors, row, "indices.error.max_invalid", code=code)
        elif unit == "percent" and max_points > 100 + EPSILON:
            add_error(errors, row, "indices.error.percent_over_100", code=code, value=max_points)
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
            add_error(errors, clean[code]["row"], "indices.error.parent_unknown", code=code, parent=parent)
            clean[code]["parent_code"] = None
    # cycles and depth: walk up from each node
    for code in order:
        seen, current, depth = [code], clean[code]["parent_code"], 1
        while current:
            if current in seen:
                add_error(errors, clean[code]["row"], "indices.error.cycle", path=" → ".join(seen + [current]))
                depth = None
                break
            seen.append(current)
            current = clean[current]["parent_code"]
            depth += 1
        clean[code]["depth"] = depth
        if depth and depth > MAX_DEPTH:
            add_error(errors, clean[code]["row"], "indices.error.too_deep", code=code, depth=MAX_DEPTH)
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
                params = {"code": parent or "—", "total": rounded(total), "max": limit}
                add_error(errors, row, "indices.error.children_exceed_max", **params)
    if not order and not errors:
        add_error(errors, None, "indices.error.framework_empty")
    if errors:
        return [], errors
    return tree_order([clean[c] for c in order]), []


def tree_order(nodes: list[dict]) -> list[dict]:
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
    from_year = year_of(meta.get("from_year"), "from_year")
    to_year = None if meta.get("to_year") in (None, "") else year_of(meta.get("to_year"), "to_year")
    if to_year is not None and to_year < from_year:
        raise ValidationError("indices.error.framework_years_reversed", from_year=from_year, to_year=to_year)
    unit = meta.get("unit") or "points"
    aggregation = meta.get("aggregation") or "sum"
    if unit not in store.FRAMEWORK_UNITS:
        raise ValidationError("indices.error.framework_unit_unknown", unit=unit)
    if aggregation not in store.FRAMEWORK_AGGREGATIONS:
        raise ValidationError("indices.error.framework_aggregation_unknown", aggregation=aggregation)
    max_total = number(meta.get("max_total"), "max_total")
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
    return tree_order(rows)


def get_node(db: Database, node_id: int) -> dict:
    node = store.node_row(db, node_id)
    if node is None:
        raise NotFound("indices.error.node_not_found", node=node_id)
    return node
