"""The registry of report kinds: each kind's builder reads its figures from the slices'
`report_data` and returns the report's content. The page, the command line and the
register ask here; the builders live in a module each."""

from __future__ import annotations

from sqlite_utils import Database

from core.errors import ValidationError
from core.periods import Period, parse_period
from core.permissions import User
from exports import charts
from exports.cchc_report import build_cchc
from exports.indices_report import build_indices
from exports.inspection_report import build_inspection
from exports.progress_report import build_progress
from exports.prose import Content
from exports.services_report import KIND as SERVICES_MONTHLY
from exports.services_report import build_services_monthly

BUILDERS = {
    "progress": build_progress,
    "inspection": build_inspection,
    "indices": build_indices,
    "cchc": build_cchc,
    SERVICES_MONTHLY: build_services_monthly,
}


def build(db: Database, actor: User, kind: str, period: Period, narrative: dict | None = None, **options) -> Content:
    """The content of a report of `kind` for `period`."""
    builder = BUILDERS.get(kind)
    if builder is None:
        raise ValidationError("exports.error.kind_unknown", kind=kind)
    return builder(db, actor, period, narrative, **options)


def preview(db: Database, actor: User, kind: str, period_code: str) -> Content:
    """The content of a report without its charts: figures and drafts for the page."""
    return build(db, actor, kind, parse_period(period_code), with_charts=False)


def preview_with_chart(db: Database, actor: User, kind: str, period_code: str, lang: str = "vi") -> tuple:
    """(preview, its status chart as a Vega-Lite spec or None when the period has no figures):
    what the new-report page shows, made together so the page keeps both between runs."""
    content = preview(db, actor, kind, period_code)
    if content.figures.get("totals") is None:
        return content, None
    return content, charts.spec(charts.status_chart(content.figures, lang))


def draft_narrative(db: Database, actor: User, kind: str, period_code: str) -> dict[str, str]:
    """The Vietnamese drafts the page pre-fills before staff edit them."""
    return preview(db, actor, kind, period_code).drafts
