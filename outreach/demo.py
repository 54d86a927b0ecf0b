"""Demo data of the outreach slice (filled in below)."""


def build(db, actor) -> dict:
    return {}
