"""Roles and what each may do. Every write function calls `require(user, action)`.

Hiding a button is a courtesy; this check is the rule. Object-level rules (an
inspector may edit only findings of inspections they are on) live in the slice
and are checked after the role check here."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from core.errors import PermissionDenied
from core.roles import ROLES

__all__ = ["PERMISSIONS", "ROLES", "SYSTEM", "User", "can", "require"]


class _Permissions(Mapping[str, frozenset[str]]):
    """action -> roles allowed, as the installed slices declare them in their manifests
    (`<slice>/slice.py`). Read lazily: the manifests are imported on first use."""

    @staticmethod
    @cache
    def _table() -> dict[str, frozenset[str]]:
        from core.slices import permissions

        return permissions()

    def __getitem__(self, action: str) -> frozenset[str]:
        return self._table()[action]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


# Declared once per slice; the permission-matrix test walks it.
PERMISSIONS: Mapping[str, frozenset[str]] = _Permissions()


@dataclass(frozen=True)
class User:
    id: int | None
    username: str
    role: str
    full_name: str = ""
    email: str = ""
    lang: str = "vi"
    active: bool = True

    @classmethod
    def from_row(cls, row: dict) -> User:
        return cls(
            id=row["id"],
            username=row["username"],
            role=row["role"],
            full_name=row.get("full_name") or "",
            email=row.get("email") or "",
            lang=row.get("lang") or "vi",
            active=bool(row.get("active", 1)),
        )

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


# The actor for command-line administration and start-up tasks.
SYSTEM = User(id=None, username="system", role="admin", full_name="System")


def can(user: User | None, action: str) -> bool:
    if action not in PERMISSIONS:
        raise KeyError(f"unknown permission {action!r}")
    return user is not None and user.active and user.role in PERMISSIONS[action]


def require(user: User | None, action: str) -> None:
    """Raise PermissionDenied (with a translatable message) unless `user` may do `action`."""
    if not can(user, action):
        raise PermissionDenied("error.permission_denied", action=action)
