"""Demo data of the exports slice, built by code; running it twice adds nothing."""

from __future__ import annotations

from sqlite_utils import Database

from core.office import get_office, set_office
from core.permissions import User
from exports import profiles

DEMO_SIGNER = "Nguyễn Văn Minh"  # a made-up name, so demo reports can be issued
# Made up too: the Tờ trình is signed by the director himself, the city's report by a
# vice-chair of UBND Thành phố; neither is the office's own signer.
OWN_SIGNERS = {"cchc-submission": "Trần Thu Hà", "cchc": "Lê Minh Quang"}


def build(db: Database, actor: User) -> dict:
    """Add this slice's demo records; return counts of what was added. The office gets a
    signer's name when it has none: without one nothing can be issued."""
    added = {}
    if not (get_office(db).get("signer_name") or "").strip():
        set_office(db, actor, {"signer_name": DEMO_SIGNER})
        added["signer"] = 1
    for kind, name in OWN_SIGNERS.items():
        profile = profiles.get_profile(db, kind)
        if not (profile["signer_name"] or "").strip():
            profiles.save_profile(db, actor, kind, {**profile, "signer_name": name})
            added["signers"] = added.get("signers", 0) + 1
    return added
