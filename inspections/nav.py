"""Pages of the inspections slice."""

from core.nav import PageSpec

PAGES = [
    PageSpec("inspections/page.py", "nav.inspections", "inspections", "nav.section.inspections", ":material/fact_check:"),
]
