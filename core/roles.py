"""The roles, and the role sets slices use when they declare their permissions.

Kept apart from `core.permissions` so a slice's manifest can name roles without
importing the permission check (which itself reads every manifest)."""

from __future__ import annotations

ROLES = ("admin", "staff", "inspector", "leader", "liaison")
LEAST_PRIVILEGE = "leader"  # reads only: what a new account gets unless an administrator chooses more

# Everyone in the reform office. A unit's liaison (its CCHC focal point, outreach slice) is
# outside it: it sees only its own unit's requests, through the outreach slice's functions.
ALL = frozenset({"admin", "staff", "inspector", "leader"})
EVERYONE = frozenset(ROLES)
OFFICE = frozenset({"admin", "staff"})  # the reform office: administrators and staff
ADMIN = frozenset({"admin"})
