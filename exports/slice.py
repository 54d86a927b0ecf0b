"""What the exports slice brings: Decree 30 reports, their register and templates, spreadsheets."""

from core.roles import OFFICE
from core.slices import Slice

SLICE = Slice(
    name="exports",
    migrations="exports.store",
    strings="exports.strings",
    nav="exports.nav",
    demo="exports.demo",
    cli="exports.__main__",
    permissions={
        "reports.view": OFFICE | {"leader"},
        "reports.generate": OFFICE,
        "reports.templates": OFFICE,
    },
    provides={
        "outreach.issued_files": "exports.mailing:issued_files",
        "outreach.periodic_draft": "exports.mailing:periodic_draft",
        "outreach.monthly_draft": "exports.mailing:monthly_draft",
        "outreach.tracker_parts": "exports.page_parts:reminder_letter_part",
    },
)
