"""Pages of the core slice."""

from core.nav import PageSpec
from core.roles import EVERYONE

PAGES = [
    # Landing pages are claimed by the slices (the plan dashboard, "my inspections"); this overview
    # is the fallback landing page for a role no slice claims.
    PageSpec("core/home_page.py", "nav.home", "home", "nav.section.work", ":material/home:", order=0),
    PageSpec(
        "core/account_page.py",
        "nav.account",
        "account",
        "nav.section.admin",
        ":material/person:",
        tuple(sorted(EVERYONE)),
        order=90,
    ),
    PageSpec(
        "core/guide_page.py",
        "nav.guide",
        "guide",
        "nav.section.admin",
        ":material/help:",
        tuple(sorted(EVERYONE)),
        order=95,
    ),
    PageSpec("core/users_page.py", "nav.users", "users", "nav.section.admin", ":material/group:", ("admin",), order=10),
    PageSpec(
        "core/units_page.py", "nav.units", "units", "nav.section.admin", ":material/account_tree:", ("admin",), order=20
    ),
    PageSpec(
        "core/office_page.py", "nav.office", "office", "nav.section.admin", ":material/badge:", ("admin",), order=25
    ),
    PageSpec(
        "core/audit_page.py", "nav.audit", "audit", "nav.section.admin", ":material/history:", ("admin",), order=30
    ),
]
