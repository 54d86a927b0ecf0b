"""Frameworks and results as spreadsheets: CSV or XLSX in, CSV or XLSX out.

Imports come in two steps — a preview that lists every problem without writing, and
a commit that writes everything in one transaction or nothing. What we export reads
back unchanged (header row of column keys; derived columns are ignored on import)."""

from __future__ import annotations

from sqlite_utils import Database

from core import office_files, tabular
from core.errors import ValidationError
from core.permissions import User, require
from core.text import clean_line, fold
from indices import frameworks, results, store, views
from indices.values import number

FRAMEWORK_COLUMNS = ("code", "parent_code", "name_vi", "name_en", "max_points")
RESULT_COLUMNS = ("node_code", "score", "self_score", "appraised_score", "evidence", "rank", "rank_change", "note")
# Headers people write in Vietnamese templates, folded, mapped to our keys.
ALIASES = {
    "ma": "code",
    "ma tieu chi": "code",
    "ma cap tren": "parent_code",
    "ten": "name_vi",
    "ten tieu chi": "name_vi",
    "ten tieng anh": "name_en",
    "diem toi da": "max_points",
    "ma nut": "node_code",
    "diem": "score",
    "diem tu cham": "self_score",
    "diem tham dinh": "appraised_score",
    "tai lieu kiem chung": "evidence",
    "xep hang": "rank",
    "thay doi thu hang": "rank_change",
    "ghi chu": "note",
}


def read_table(data: bytes, filename: str = "", max_bytes: int | None = None) -> list[dict]:
    """Rows of a CSV (UTF-8, comma, semicolon or tab) or XLSX file as dicts keyed by folded
    header, each with its spreadsheet line number in ``row``. Read by the guarded office
    reader, under the configured upload limit (`settings.upload_max_bytes`)."""
    limits = office_files.limits_for(max_bytes)
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        try:
            raw_rows = office_files.xlsx_rows(data, limits=limits)
        except office_files.DamagedFile:
            raise ValidationError("indices.error.xlsx_unreadable") from None
    else:
        raw_rows = office_files.csv_rows(data, limits)
    raw_rows = [r for r in raw_rows if any(c not in (None, "") for c in r)]
    if not raw_rows:
        raise ValidationError("error.csv_empty")
    headers = []
    for h in raw_rows[0]:
        key = fold(str(h or "")).replace(" ", "_") if h else ""
        headers.append(ALIASES.get(key.replace("_", " "), key))
    rows = []
    for line, values in enumerate(raw_rows[1:], start=2):
        row = {"row": line}
        for header, value in zip(headers, values, strict=False):
            if header:
                row[header] = tabular.unescape_text(value) if isinstance(value, str) else value
        rows.append(row)
    if not rows:
        raise ValidationError("error.csv_empty")
    return rows


def _require_columns(rows: list[dict], required: tuple[str, ...]) -> None:
    present = set().union(*(r.keys() for r in rows))
    missing = [c for c in required if c not in present]
    if missing:
        raise ValidationError("error.csv_missing_columns", columns=", ".join(missing))


# --- frameworks --------------------------------------------------------------


def preview_framework(
    db: Database, user: User, index_id: int, data: bytes, filename: str = "", *, max_bytes: int | None = None, **meta
) -> dict:
    """What importing this file would create: the header, the tree, and every problem."""
    require(user, "indices.edit")
    rows = read_table(data, filename, max_bytes)
    _require_columns(rows, ("code", "name_vi", "max_points"))
    errors: list[dict] = []
    clean_meta = None
    try:
        clean_meta = frameworks.check_framework_meta(db, index_id, meta)
    except ValidationError as exc:
        errors.append({"row": None, "key": exc.key, "params": exc.params})
    unit = (clean_meta or meta).get("unit") or "points"
    aggregation = (clean_meta or meta).get("aggregation") or "sum"
    max_total = (clean_meta or {}).get("max_total") or number(meta.get("max_total"), "max_total") or 100.0
    nodes, tree_errors = frameworks.validate_tree(rows, unit=unit, aggregation=aggregation, max_total=max_total)
    return {"meta": clean_meta, "nodes": nodes or rows, "errors": errors + tree_errors}


def import_framework(
    db: Database, actor: User, index_id: int, data: bytes, filename: str = "", *, max_bytes: int | None = None, **meta
) -> dict:
    """Create the framework described by the file, all or nothing."""
    require(actor, "indices.edit")
    rows = read_table(data, filename, max_bytes)
    _require_columns(rows, ("code", "name_vi", "max_points"))
    return frameworks.create_framework(db, actor, index_id, nodes=rows, **meta)


def _framework_columns() -> list[tabular.Column]:
    return [
        tabular.Column("code", "code", width=12),
        tabular.Column("parent_code", "parent_code", width=12),
        tabular.Column("name_vi", "name_vi", width=60),
        tabular.Column("name_en", "name_en", width=40),
        tabular.Column("max_points", "max_points", "number", width=12),
    ]


def export_framework(db: Database, user: User, framework_id: int, fmt: str = "xlsx") -> bytes:
    """The framework's tree as CSV or XLSX, ready to edit and import as a new version."""
    require(user, "indices.view")
    framework = frameworks.get_framework(db, framework_id)
    rows = [{**n, "max_points": n["max_points"]} for n in frameworks.framework_tree(db, framework_id)]
    columns = _framework_columns()
    if fmt == "csv":
        return tabular.to_csv(columns, rows)
    return tabular.to_xlsx([(framework["code"].replace("/", "-"), columns, rows)])


# --- results -----------------------------------------------------------------


def preview_results(
    db: Database,
    user: User,
    index_id: int,
    year: int,
    subject_unit_id: int,
    data: bytes,
    filename: str = "",
    max_bytes: int | None = None,
) -> dict:
    """The node scores a results file holds, checked against that year's framework."""
    require(user, "indices.edit")
    rows = read_table(data, filename, max_bytes)
    _require_columns(rows, ("node_code",))
    framework = frameworks.framework_for(db, index_id, int(year))
    nodes = store.list_nodes(db, framework["id"])
    clean, errors = results.check_scores(framework, nodes, rows)
    by_id = {n["id"]: n for n in nodes}
    shown = [{**c, "name_vi": by_id[c["node_id"]]["name_vi"], "max": by_id[c["node_id"]]["max_points"]} for c in clean]
    return {"framework": framework, "rows": shown, "errors": errors}


def import_results(
    db: Database,
    actor: User,
    index_id: int,
    year: int,
    subject_unit_id: int,
    data: bytes,
    filename: str = "",
    *,
    max_bytes: int | None = None,
    **header,
) -> dict:
    """Replace the node scores of one result with the file's, all or nothing."""
    require(actor, "indices.edit")
    rows = read_table(data, filename, max_bytes)
    _require_columns(rows, ("node_code",))
    return results.save_result(db, actor, index_id, year, subject_unit_id, scores=rows, replace_scores=True, **header)


def result_columns() -> list[tabular.Column]:
    return [
        tabular.Column("node_code", "node_code", width=12),
        tabular.Column("name_vi", "name_vi", width=60),
        tabular.Column("max", "max", "number", width=10),
        tabular.Column("score", "score", "number", width=10),
        tabular.Column("lost", "lost", "number", width=10),
        tabular.Column("self_score", "self_score", "number", width=10),
        tabular.Column("appraised_score", "appraised_score", "number", width=10),
        tabular.Column("difference", "difference", "number", width=10),
        tabular.Column("evidence", "evidence", width=40),
        tabular.Column("rank", "rank", "int", width=8),
        tabular.Column("rank_change", "rank_change", "int", width=8),
        tabular.Column("note", "note", width=30),
    ]


def export_results(
    db: Database, user: User, index_id: int, year: int, subject_unit_id: int, fmt: str = "xlsx"
) -> bytes:
    """One result's node scores (or an empty template of that year's framework)."""
    require(user, "indices.view")
    existing = store.find_result(db, index_id, int(year), subject_unit_id)
    if existing:
        view = views.build_view(db, existing)
        stored = {s["node_id"]: s for s in store.list_scores(db, existing["id"])}
        rows = [{**r, "node_code": r["code"], "score": stored.get(r["node_id"], {}).get("score")} for r in view["rows"]]
    else:
        framework = frameworks.framework_for(db, index_id, int(year))
        rows = [
            {"node_code": n["code"], "name_vi": n["name_vi"], "max": n["max_points"]}
            for n in frameworks.framework_tree(db, framework["id"])
        ]
    columns = result_columns()
    if fmt == "csv":
        return tabular.to_csv(columns, rows)
    index = frameworks.get_index(db, index_id)
    return tabular.to_xlsx([(clean_line(f"{index['code']} {year}"), columns, rows)])
