"""Pages of the plans slice."""

from core.nav import PageSpec

PAGES = [
    PageSpec("plans/page.py", "nav.plans", "plans", "nav.section.work", ":material/campaign:"),
]
