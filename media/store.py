"""SQL of the media slice. Only this module of `media` writes SQL."""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

migrations = Migrations("media")
