"""Pages of the plans slice."""

from core.nav import PageSpec
from core.permissions import PERMISSIONS, ROLES

# The pages that only write are shown to the roles that may write.
EDITORS = tuple(r for r in ROLES if r in PERMISSIONS["plans.edit"])

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
    # "/plans" has always been the grid; the other screens of the old plan page got their own pages.
    PageSpec("plans/grid_page.py", "nav.plans", "plans", "nav.section.work", ":material/campaign:", order=0),
    PageSpec(
        "plans/activity_page.py", "nav.plan_activity", "plan-activity", "nav.section.work", ":material/task:", order=1
    ),
    PageSpec(
        "plans/new_activity_page.py",
        "nav.plan_new_activity",
        "plan-new-activity",
        "nav.section.work",
        ":material/add_task:",
        roles=EDITORS,
        order=2,
    ),
    PageSpec(
        "plans/setup_page.py",
        "nav.plan_setup",
        "plan-setup",
        "nav.section.work",
        ":material/tune:",
        roles=EDITORS,
        order=3,
    ),
    PageSpec(
        "plans/import_page.py",
        "nav.plan_import",
        "plan-import",
        "nav.section.work",
        ":material/upload_file:",
        roles=EDITORS,
        order=4,
    ),
]
