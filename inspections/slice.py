"""What the inspections slice brings: inspection plans, inspections, findings, follow-up,
holidays, and the calendar feed route."""

from core.roles import ADMIN, ALL, OFFICE
from core.slices import Slice

SLICE = Slice(
    name="inspections",
    migrations="inspections.store",
    strings="inspections.strings",
    nav="inspections.nav",
    routes="inspections.routes",
    demo="inspections.demo",
    cli="inspections.__main__",
    permissions={
        "inspections.view": ALL,
        "inspections.edit": OFFICE,
        "inspections.findings": OFFICE | {"inspector"},  # inspectors: only on their own teams
        "holidays.manage": ADMIN,
        "calendar.revoke_any": ADMIN,
    },
    provides={"units.activity": "inspections.followup:unit_activity"},
)
