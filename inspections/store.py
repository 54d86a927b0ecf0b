"""SQL of the inspections slice. Only this module of `inspections` writes SQL."""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

migrations = Migrations("inspections")
