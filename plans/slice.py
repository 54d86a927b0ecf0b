"""What the plans slice brings: communication plans, themes, activities, progress, evidence."""

from core.roles import ADMIN, ALL, OFFICE
from core.slices import Slice

SLICE = Slice(
    name="plans",
    migrations="plans.store",
    strings="plans.strings",
    nav="plans.nav",
    demo="plans.demo",
    cli="plans.__main__",
    permissions={
        "plans.view": ALL,
        "plans.edit": OFFICE,
        "plans.channels": ADMIN,  # extend the list of channels (hình thức)
    },
)
