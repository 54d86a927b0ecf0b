"""The numbers of index frameworks and results: read from forms, grids and
spreadsheet cells, per-row problems collected for a ValidationError, and the
final score of each node (given, or its children's sum)."""

from __future__ import annotations

from core.errors import ValidationError

EPSILON = 1e-6


def number(value, field: str, row=None) -> float | None:
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


def integer(value, field: str, row=None) -> int | None:
    found = number(value, field, row)
    if found is None:
        return None
    if abs(found - round(found)) > EPSILON:
        raise ValidationError("indices.error.not_a_number", field=field, value=value, row=row or "")
    return int(round(found))


def year_of(value, field: str = "year") -> int:
    year = integer(value, field)
    if year is None or not 2000 <= year <= 2100:
        raise ValidationError("indices.error.year_invalid", year=value)
    return year


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def shown(value):
    """A number as a message shows it: 101 rather than 101.0."""
    return f"{value:g}" if isinstance(value, float) else value


def add_error(errors: list, row, key: str, **params) -> None:
    errors.append({"row": row, "key": key, "params": {k: shown(v) for k, v in params.items()}})


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
