"""Demo data of the exports slice, built by code; running it twice adds nothing."""

from __future__ import annotations

from sqlite_utils import Database

from core.office import get_office, set_office
from core.permissions import User

DEMO_SIGNER = "Nguyễn Văn Minh"  # a made-up name, so demo reports can be issued


def build(db: Database, actor: User) -> dict:
    """Add this slice's demo records; return counts of what was added. The office gets a
    signer's name when it has none: without one nothing can be issued."""
    if (get_office(db).get("signer_name") or "").strip():
        return {}
    set_office(db, actor, {"signer_name": DEMO_SIGNER})
    return {"signer": 1}
