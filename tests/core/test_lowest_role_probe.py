"""Every write function of every slice, called by the lowest role with whatever arguments
(nonsense included), is refused before it reads its arguments and changes nothing.

The functions are found as tests/core/test_audit_completeness.py finds them (every public
function of a slice's plain modules that checks a write permission), not listed by hand,
so a new one is probed the day it is written. Its arguments are filled by name: the
database, the acting user (the lowest role), and None for everything else — a function
that looks at its arguments before the permission check fails here with what it raised."""

from __future__ import annotations

import importlib
import inspect

import pytest

from core import auth
from core.db import data_version
from core.errors import PermissionDenied
from core.permissions import PERMISSIONS, SYSTEM
from core.roles import LEAST_PRIVILEGE
from tests.conftest import TEST_PASSWORD
from tests.core.test_audit_completeness import READS, _checked_actions, write_functions

ACTOR_NAMES = {"actor", "user", "by", "who"}


def _actions(dotted: str) -> set[str]:
    from tests.core.test_audit_completeness import ROOT

    slice_name, module, name = dotted.split(".")
    return _checked_actions(ROOT / slice_name / f"{module}.py")[name]


def _probed() -> list[str]:
    """The write functions the lowest role may not run (none of the permissions they check allows it)."""
    return sorted(
        name
        for name in write_functions() - set(READS)
        if not any(LEAST_PRIVILEGE in PERMISSIONS[a] for a in _actions(name) if a in PERMISSIONS)
    )


def _arguments(function, db, actor) -> tuple[list, dict]:
    positional, keywords = [], {}
    for parameter in inspect.signature(function).parameters.values():
        if parameter.default is not inspect.Parameter.empty or parameter.kind in (
            parameter.VAR_POSITIONAL,
            parameter.VAR_KEYWORD,
        ):
            continue
        value = db if parameter.name == "db" else actor if parameter.name in ACTOR_NAMES else None
        if parameter.kind == parameter.KEYWORD_ONLY:
            keywords[parameter.name] = value
        else:
            positional.append(value)
    return positional, keywords


def test_the_probe_finds_the_write_functions():
    found = _probed()
    assert len(found) >= 60, found  # every slice's writes, not a handful
    expected = {"core.auth.create_user", "plans.activities.change_status", "inspections.followup.delete_finding"}
    assert expected <= set(found)


@pytest.mark.parametrize("dotted", _probed())
def test_every_write_function_called_by_the_lowest_role_is_refused_and_changes_nothing(db, dotted):
    lowest = auth.create_user(db, SYSTEM, username="thap_nhat", password=TEST_PASSWORD, role=LEAST_PRIVILEGE)
    slice_name, module, name = dotted.split(".")
    function = getattr(importlib.import_module(f"{slice_name}.{module}"), name)
    args, kwargs = _arguments(function, db, lowest)
    before = (data_version(db), db.execute("select count(*) from audit_log").fetchone()[0])
    with pytest.raises(PermissionDenied):
        function(*args, **kwargs)
    assert (data_version(db), db.execute("select count(*) from audit_log").fetchone()[0]) == before
