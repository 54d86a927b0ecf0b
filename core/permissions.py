"""Roles and what each may do. Every write function calls `require(user, action)`.

Hiding a button is a courtesy; this check is the rule. Object-level rules (an
inspector may edit only findings of inspections they are on) live in the slice
and are checked after the role check here."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import PermissionDenied

ROLES = ("admin", "staff", "inspector", "leader")

_ALL = set(ROLES)
_OFFICE = {"admin", "staff"}

# action -> roles allowed. Declared once; the permission-matrix test walks it.
PERMISSIONS: dict[str, set[str]] = {
    # core
    "users.manage": {"admin"},
    "units.manage": {"admin"},
    "audit.view": {"admin"},
    "settings.manage": {"admin"},
    "account.self": _ALL,  # change own password, language, calendar tokens
    # plans and indices
    "plans.view": _ALL,
    "plans.edit": _OFFICE,
    "plans.channels": {"admin"},  # extend the list of channels (hình thức)
    "indices.view": _ALL,
    "indices.edit": _OFFICE,
    # inspections
    "inspections.view": _ALL,
    "inspections.edit": _OFFICE,
    "inspections.findings": _OFFICE | {"inspector"},  # inspectors: only on their own teams
    "holidays.manage": {"admin"},
    "calendar.revoke_any": {"admin"},
    # media
    "media.view": _ALL,
    "media.review": _OFFICE,
    "media.fetch": _OFFICE,
    "media.sources": {"admin"},
    # reports
    "reports.view": {"admin", "staff", "leader"},
    "reports.generate": _OFFICE,
    "reports.templates": _OFFICE,
}


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
