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
