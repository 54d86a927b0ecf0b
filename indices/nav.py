"""Pages of the indices slice."""

from core.nav import PageSpec

PAGES = [
    PageSpec("indices/page.py", "indices.nav", "indices", "nav.section.work", ":material/leaderboard:", order=20),
    PageSpec(
        "indices/remediation_page.py",
        "indices.nav_remediation",
        "remediation",
        "nav.section.work",
        ":material/build:",
        order=21,
    ),
    PageSpec(
        "indices/analysis_page.py",
        "indices.nav_analysis",
        "indices-analysis",
        "nav.section.work",
        ":material/insights:",
        order=22,
    ),
]
