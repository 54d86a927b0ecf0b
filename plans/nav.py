"""Pages of the plans slice."""

from core.nav import PageSpec

PAGES = [
    PageSpec(
        "plans/dashboard_page.py",
        "nav.plans_dashboard",
        "plans-dashboard",
        "nav.section.work",
        ":material/dashboard:",
        default_for=("admin", "staff", "leader"),
        order=-1,
    ),
    PageSpec("plans/page.py", "nav.plans", "plans", "nav.section.work", ":material/campaign:"),
]
