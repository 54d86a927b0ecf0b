"""Pages of the exports slice."""

from core.nav import PageSpec
from core.permissions import PERMISSIONS, ROLES


def _roles(action: str) -> tuple[str, ...]:
    return tuple(r for r in ROLES if r in PERMISSIONS[action])


_SECTION = "nav.section.reports"

PAGES = [
    # "/exports" stays the reports page every reader opens: the register of issued reports.
    PageSpec(
        "exports/page.py", "nav.exports", "exports", _SECTION, ":material/description:", _roles("reports.view"), order=0
    ),
    PageSpec(
        "exports/new_report_page.py",
        "exports.tab.new",
        "report-new",
        _SECTION,
        ":material/note_add:",
        _roles("reports.generate"),
        order=1,
    ),
    PageSpec(
        "exports/sheets_page.py",
        "exports.tab.sheets",
        "spreadsheets",
        _SECTION,
        ":material/table:",
        _roles("reports.view"),
        order=2,
    ),
    PageSpec(
        "exports/templates_page.py",
        "exports.tab.templates",
        "report-templates",
        _SECTION,
        ":material/article:",
        _roles("reports.templates"),
        order=3,
    ),
    PageSpec(
        "exports/documents_page.py",
        "exports.tab.documents",
        "inspection-documents",
        _SECTION,
        ":material/gavel:",
        _roles("reports.templates"),
        order=4,
    ),
    # A step of the services job (core.nav.JOBS), at the address it always had.
    PageSpec(
        "exports/publication_page.py",
        "exports.nav_publish",
        "services-publish",
        "nav.section.work",
        ":material/campaign:",
        _roles("reports.generate"),
        order=35,
    ),
]
