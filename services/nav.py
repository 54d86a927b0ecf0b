"""Pages of the services slice."""

from core.nav import PageSpec

PAGES = [
    PageSpec(
        "services/dashboard_page.py", "services.nav", "services", "nav.section.work", ":material/task_alt:", order=30
    ),
    PageSpec(
        "services/unit_page.py", "services.nav_unit", "services-unit", "nav.section.work", ":material/domain:", order=34
    ),
    PageSpec(
        "services/import_page.py",
        "services.nav_import",
        "services-import",
        "nav.section.work",
        ":material/upload_file:",
        roles=("admin", "staff"),
        order=31,
    ),
    PageSpec(
        "services/entry_page.py",
        "services.nav_entry",
        "services-entry",
        "nav.section.work",
        ":material/edit_note:",
        roles=("admin", "staff"),
        order=32,
    ),
    PageSpec(
        "services/published_page.py",
        "services.nav_published",
        "services-published",
        "nav.section.work",
        ":material/campaign:",
        roles=("admin", "staff"),
        order=35,
    ),
    PageSpec(
        "services/targets_page.py",
        "services.nav_targets",
        "services-targets",
        "nav.section.work",
        ":material/flag:",
        order=33,
    ),
]
