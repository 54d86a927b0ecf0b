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

PAGES += [
    PageSpec("plans/indices_page.py", "indices.nav", "indices", "nav.section.work", ":material/leaderboard:", order=20),
    PageSpec(
        "plans/remediation_page.py",
        "indices.nav_remediation",
        "remediation",
        "nav.section.work",
        ":material/build:",
        order=21,
    ),
    PageSpec(
        "plans/indices_analysis_page.py",
        "indices.nav_analysis",
        "indices-analysis",
        "nav.section.work",
        ":material/insights:",
        order=22,
    ),
]
