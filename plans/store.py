"""SQL of the plans slice. Only this module of `plans` writes SQL."""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

migrations = Migrations("plans")
