"""Pages of the outreach slice."""

from core.nav import PageSpec

PAGES = [
    PageSpec("outreach/page.py", "nav.outreach", "outreach", "nav.section.work", ":material/outgoing_mail:", order=40),
    PageSpec(
        "outreach/unit_page.py",
        "nav.outreach_unit",
        "my-unit",
        "nav.section.work",
        ":material/assignment_ind:",
        roles=("liaison",),
        default_for=("liaison",),
        order=0,
    ),
    PageSpec(
        "outreach/liaisons_page.py",
        "nav.outreach_admin",
        "liaisons",
        "nav.section.admin",
        ":material/contact_mail:",
        roles=("admin",),
        order=15,
    ),
]
