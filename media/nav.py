"""Pages of the media slice."""

from core.nav import PageSpec

PAGES = [
    PageSpec(
        "media/review_page.py",
        "nav.media.review",
        "media-review",
        "nav.section.media",
        ":material/fact_check:",
        roles=("admin", "staff"),
        order=10,
    ),
    PageSpec(
        "media/add_article_page.py",
        "nav.media.add",
        "media-add",
        "nav.section.media",
        ":material/post_add:",
        roles=("admin", "staff"),
        order=11,
    ),
    PageSpec(
        "media/rules_page.py",
        "nav.media.rules",
        "media-rules",
        "nav.section.media",
        ":material/rule:",
        roles=("admin", "staff"),
        order=12,
    ),
    PageSpec(
        "media/search_page.py", "nav.media.search", "media-search", "nav.section.media", ":material/search:", order=20
    ),
    PageSpec(
        "media/analysis_page.py",
        "nav.media.analysis",
        "media-analysis",
        "nav.section.media",
        ":material/monitoring:",
        order=30,
    ),
    PageSpec(
        "media/sources_page.py",
        "nav.media.sources",
        "media-sources",
        "nav.section.media",
        ":material/rss_feed:",
        roles=("admin", "staff"),
        order=40,
    ),
]
