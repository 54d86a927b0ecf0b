"""What the media slice brings: feed sources, fetching, ingestion, review, search, analysis,
and the background fetcher."""

from core.roles import ADMIN, ALL, OFFICE
from core.slices import Slice

SLICE = Slice(
    name="media",
    migrations="media.store",
    strings="media.strings",
    nav="media.nav",
    background="media.background",
    demo="media.demo",
    cli="media.__main__",
    permissions={
        "media.view": ALL,
        "media.review": OFFICE,
        "media.fetch": OFFICE,
        "media.sources": ADMIN,
    },
    provides={
        "plans.activity_coverage": "media.evidence:coverage_for_activity",  # linked coverage shown as evidence
    },
)
