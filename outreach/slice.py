"""What the outreach slice brings: requests to units with deadlines, a liaison account per
unit, the tracker of who has answered, e-mail reminders on a ladder, and the data of the
reminder letter (công văn đôn đốc)."""

from core.roles import ADMIN, ALL, OFFICE
from core.slices import Slice

SLICE = Slice(
    name="outreach",
    migrations="outreach.store",
    strings="outreach.strings",
    nav="outreach.nav",
    demo="outreach.demo",
    cli="outreach.__main__",
    permissions={
        "outreach.view": ALL,  # the tracker of every unit (a liaison sees its own unit through outreach.access)
        "outreach.manage": OFFICE,  # create requests, review answers, units' heads, run reminders
        "outreach.submit": OFFICE | {"liaison"},  # a liaison for its own unit; staff for an answer sent by letter
        "outreach.liaisons": ADMIN,  # create liaison accounts
    },
)
