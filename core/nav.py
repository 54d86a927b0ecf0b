"""The app's pages and who sees them. Plain data; `streamlit_app.py` turns it into
`st.navigation`. Each slice lists its own pages in `<slice>/nav.py` as ``PAGES``."""

from __future__ import annotations

from dataclasses import dataclass

from core.roles import ALL

SECTIONS = (
    "nav.section.work",
    "nav.section.inspections",
    "nav.section.media",
    "nav.section.reports",
    "nav.section.admin",
)


@dataclass(frozen=True)
class PageSpec:
    path: str  # file path from the project root, e.g. "plans/page.py"
    title_key: str
    url_path: str
    section: str = "nav.section.work"
    icon: str = ":material/article:"
    roles: tuple[str, ...] = tuple(sorted(ALL))  # the office; a page open to a unit's liaison says so
    # Landing page for these roles (the first match wins).
    default_for: tuple[str, ...] = ()
    order: int = 100


# Pages that are steps of one job share one menu entry (the job's first page the role may
# open, under the job's name); each step shows the job's steps as tabs (streamlit_app.py).
# By address, so a slice's nav.py stays its own list of pages.
JOBS: dict[str, tuple[str, ...]] = {
    "plan": ("plans", "plan-activity", "plan-new-activity", "plan-setup", "plan-import"),
    "indices": ("indices", "remediation", "indices-analysis"),
    "services": (
        "services",
        "services-unit",
        "services-targets",
        "services-entry",
        "services-import",
        "services-publish",  # the documents slice's page: draft and issue a month's publication
        "services-published",
    ),
    "inspection": ("inspections", "inspection", "inspection-new", "inspection-manage"),
    "media_review": ("media-review", "media-add"),
    "media_setup": ("media-sources", "media-rules"),
    "media_read": ("media-search", "media-analysis"),
    "reports": ("report-new", "exports", "spreadsheets", "inspection-documents", "report-templates"),
}


def job_of(url_path: str) -> str | None:
    return next((job for job, paths in JOBS.items() if url_path in paths), None)


def job_steps(role: str, url_path: str) -> list[PageSpec]:
    """The steps of `url_path`'s job that `role` may open, in the job's order ([] when the
    page is a job of its own)."""
    job = job_of(url_path)
    if job is None:
        return []
    mine = {p.url_path: p for p in pages_for(role)}
    return [mine[path] for path in JOBS[job] if path in mine]


def menu_for(role: str) -> list[tuple[PageSpec, str | None]]:
    """The role's menu: one entry per job (its first step, with the job's name) and every
    page that is a job of its own, in menu order."""
    entries: list[tuple[PageSpec, str | None]] = []
    seen: set[str] = set()
    for page in pages_for(role):
        job = job_of(page.url_path)
        if job is None:
            entries.append((page, None))
        elif job not in seen:
            seen.add(job)
            entries.append((job_steps(role, page.url_path)[0], job))
    return entries


def all_pages() -> list[PageSpec]:
    pages: list[PageSpec] = []
    from core.slices import modules

    for module in modules("nav"):
        pages.extend(module.PAGES)
    return pages


def pages_for(role: str) -> list[PageSpec]:
    """The pages `role` may open, in menu order."""
    visible = [p for p in all_pages() if role in p.roles]
    return sorted(visible, key=lambda p: (SECTIONS.index(p.section), p.order, p.url_path))


def default_page(role: str) -> PageSpec:
    visible = pages_for(role)
    for page in visible:
        if role in page.default_for:
            return page
    return visible[0]
