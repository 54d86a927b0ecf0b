"""SQL of the exports slice. Only this module of `exports` writes SQL."""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

migrations = Migrations("exports")
