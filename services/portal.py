"""The public page of a month's results for the citizens' portal: a static HTML page of
the issued ranking (unit names and figures only — no people, no sign-in). Only months
whose publication was issued are shown (services' own list, `publishing.issued_months`);
the route is served only when the administrator has turned the public page on
(`publishing.set_public_page`)."""

from __future__ import annotations

from datetime import date
from html import escape

from sqlite_utils import Database

from core.errors import NotFound
from core.i18n import fmt_number, fmt_percent
from core.office import get_office
from core.periods import month_label as label
from core.periods import parse_month
from core.permissions import SYSTEM
from services import publication, publishing

COLUMNS = (
    "Hạng",
    "Đơn vị",
    "Hồ sơ đã giải quyết",
    "Đúng hạn",
    "Quá hạn",
    "Tỷ lệ đúng hạn",
    "Tỷ lệ trực tuyến",
    "Điểm Bộ chỉ số (QĐ 766)",
    "Thay đổi thứ hạng",
)


def _cells(r: dict) -> list[str]:
    change = r["rank_change"]
    return [
        str(r["rank"] or ""),
        r["unit"],
        fmt_number(r["resolved"]),
        fmt_number(r["on_time"]),
        fmt_number(r["late"]),
        fmt_percent(r["on_time_rate"]),
        fmt_percent(r["online_rate"]),
        fmt_number(r["index_score"], digits=2),
        "" if change is None else f"{change:+d}" if change else "0",
    ]


def month_html(db: Database, month: str) -> str:
    """The issued month as one self-contained HTML page; NotFound for a month not issued."""
    month = parse_month(month)
    issued = publishing.issued_months(db).get(month)
    if issued is None:
        raise NotFound("services.error.not_issued", month=label(month))
    office = get_office(db)
    day = date.fromisoformat(issued["issued_on"])
    title = f"Công khai kết quả giải quyết thủ tục hành chính tháng {label(month)}"
    head = "".join(f"<th>{escape(c)}</th>" for c in COLUMNS)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in _cells(r)) + "</tr>"
        for r in publication.ranking_rows(db, SYSTEM, month)
    )
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #999; padding: .3rem .5rem; }}
td:not(:nth-child(2)) {{ text-align: right; }}
</style>
</head>
<body>
<p>{escape(office["parent_body"])}<br>{escape(office["issuing_body"])}</p>
<h1>{escape(title)}</h1>
<p>Văn bản số {escape(issued["symbol"])} ngày {day:%d/%m/%Y}.</p>
<table>
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody>
</table>
</body>
</html>
"""


def public_html(db: Database, month: str) -> str:
    """The page the public route serves: NotFound unless the public page is on and the
    month issued (the same refusal either way, so nothing is learnt from it)."""
    if not publishing.options(db)["public_page"]:
        raise NotFound("services.error.not_issued", month=month)
    return month_html(db, month)
