"""Pages of the inspections slice."""

from core.nav import PageSpec
from core.permissions import PERMISSIONS, ROLES

_SECTION = "nav.section.inspections"
_EDITORS = tuple(r for r in ROLES if r in PERMISSIONS["inspections.edit"])

PAGES = [
    PageSpec(
        "inspections/my_page.py",
        "nav.inspections_mine",
        "my-inspections",
        _SECTION,
        ":material/event_available:",
        roles=("inspector", "staff"),
        default_for=("inspector",),
        order=-1,
    ),
    PageSpec("inspections/page.py", "nav.inspections", "inspections", _SECTION, ":material/fact_check:", order=10),
    PageSpec(
        "inspections/detail_page.py", "nav.inspection_detail", "inspection", _SECTION, ":material/assignment:", order=20
    ),
    PageSpec(
        "inspections/new_page.py",
        "nav.inspection_new",
        "inspection-new",
        _SECTION,
        ":material/add_circle:",
        roles=_EDITORS,
        order=15,
    ),
    PageSpec(
        "inspections/manage_page.py",
        "nav.inspection_manage",
        "inspection-manage",
        _SECTION,
        ":material/edit_calendar:",
        roles=_EDITORS,
        order=25,
    ),
    PageSpec(
        "inspections/team_page.py",
        "nav.inspection_team",
        "inspection-team",
        _SECTION,
        ":material/badge:",
        roles=_EDITORS,
        order=27,
    ),
    PageSpec(
        "inspections/feeds_page.py",
        "nav.calendar_feeds",
        "calendar-feeds",
        _SECTION,
        ":material/calendar_month:",
        order=30,
    ),
    PageSpec(
        "inspections/holidays_page.py",
        "nav.holidays",
        "holidays",
        "nav.section.admin",
        ":material/event_busy:",
        roles=("admin",),
        order=40,
    ),
]
