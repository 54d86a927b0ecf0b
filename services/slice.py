"""What the services slice brings: monthly public-service (TTHC) results per unit, the
QĐ 766 service index, desk satisfaction, targets, ranking, and inspection candidates."""

from core.roles import ADMIN, ALL, OFFICE
from core.slices import Slice

SLICE = Slice(
    name="services",
    migrations="services.store",
    strings="services.strings",
    nav="services.nav",
    routes="services.routes",
    demo="services.demo",
    cli="services.__main__",
    permissions={
        "services.view": ALL,
        "services.edit": OFFICE,  # import a month, correct figures, set targets
        "services.publish": OFFICE,  # record a month's publication as issued (the documents slice issues it)
        "services.admin": ADMIN,  # turn the public page on or off
    },
    provides={
        "inspections.candidates": "services.indicators:units_below_target",
        "indices.unit_candidates": "services.indicators:units_below_target",
    },
)
