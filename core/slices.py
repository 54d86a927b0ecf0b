"""The installed slices and what each brings to the app.

Each slice declares, in `<slice>/slice.py`, one `Slice`: its migrations, string
catalogue, pages, HTTP routes, background task, demo builder, command line,
permissions and the hooks it provides to other slices. Core reads those manifests
and nothing else, so adding a slice is one line in `INSTALLED`. Modules are named as
strings and imported only when used, so reading a manifest imports no Streamlit and
no other slice.

Hooks let a slice that others depend on ask for contributions without importing them
(the way lemon24/reader's plugins or Datasette's hooks work): the asking slice calls
`provided("hook.name")` and gets the functions every installed slice registered under
that name, in `INSTALLED` order.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType

# The one ordered list of installed slices. The order is the dependency order: a slice
# may use the slices before it (through their public functions), and migrations are
# applied in this order, so a later slice may reference an earlier slice's tables.
INSTALLED: tuple[str, ...] = (
    "core",
    "plans",
    "indices",
    "inspections",
    "services",
    "media",
    "outreach",
    "exports",
)


@dataclass(frozen=True)
class Slice:
    name: str  # the package, e.g. "plans"
    migrations: str | None = None  # module exposing `migrations` (sqlite-utils Migrations named after the slice)
    strings: str | None = None  # module exposing STRINGS, the slice's i18n catalogue
    nav: str | None = None  # module exposing PAGES, a list of core.nav.PageSpec
    routes: str | None = None  # module exposing ROUTES, Starlette routes served by st.App
    background: str | None = None  # module exposing start() -> asyncio task or None
    demo: str | None = None  # module exposing build(db, actor) -> dict of counts added
    cli: str | None = None  # module run by `python -m <name>`
    permissions: Mapping[str, frozenset[str]] = field(default_factory=dict)  # action -> roles allowed
    provides: Mapping[str, str] = field(default_factory=dict)  # hook name -> "module:function"


@cache
def installed() -> tuple[Slice, ...]:
    """The manifests of the installed slices, in dependency order."""
    slices = []
    for name in INSTALLED:
        manifest = importlib.import_module(f"{name}.slice").SLICE
        if manifest.name != name:
            raise ValueError(f"{name}/slice.py declares the slice {manifest.name!r}")
        slices.append(manifest)
    return tuple(slices)


def modules(kind: str) -> list[ModuleType]:
    """The modules every installed slice names for `kind` ("migrations", "strings", "nav", …)."""
    return [importlib.import_module(getattr(s, kind)) for s in installed() if getattr(s, kind)]


def provided(hook: str) -> list[Callable]:
    """The functions installed slices provide for `hook`, in dependency order."""
    found = []
    for s in installed():
        target = s.provides.get(hook)
        if target:
            module_name, _, function = target.partition(":")
            found.append(getattr(importlib.import_module(module_name), function))
    return found


def permissions() -> dict[str, frozenset[str]]:
    """Every action any installed slice declares, with the roles allowed to do it."""
    merged: dict[str, frozenset[str]] = {}
    for s in installed():
        for action, roles in s.permissions.items():
            if action in merged:
                raise ValueError(f"permission {action!r} declared twice (again by {s.name})")
            merged[action] = frozenset(roles)
    return merged
