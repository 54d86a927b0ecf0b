"""What core brings: accounts, units, office settings, audit log, health and sign-in routes."""

from core.roles import ADMIN, EVERYONE, OFFICE
from core.slices import Slice

SLICE = Slice(
    name="core",
    migrations="core.store",
    strings="core.strings",
    nav="core.nav_pages",
    routes="core.routes",
    demo=None,  # users and units are built by core.demo itself, before every slice's demo
    cli="core.__main__",
    permissions={
        "users.manage": ADMIN,
        "units.manage": ADMIN,
        "units.alias": OFFICE,  # remember another name of a unit when mapping it at an import
        "audit.view": ADMIN,
        "imports.undo": OFFICE,  # list past imports and undo one (core.batches; the import's own permission too)
        "settings.manage": ADMIN,
        "account.self": EVERYONE,  # change own password, language, calendar tokens
    },
)
