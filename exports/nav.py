"""Pages of the exports slice."""

from core.nav import PageSpec

PAGES = [
    PageSpec(
        "exports/page.py",
        "nav.exports",
        "exports",
        "nav.section.reports",
        ":material/description:",
        roles=("admin", "staff", "leader"),
    ),
]
