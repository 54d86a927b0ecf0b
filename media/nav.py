"""Pages of the media slice."""

from core.nav import PageSpec

PAGES = [
    PageSpec("media/page.py", "nav.media", "media", "nav.section.media", ":material/newspaper:"),
]
