"""Errors a person can act on. They carry a message key, not a sentence, so the
page shows them in the user's language (see core.i18n)."""

from __future__ import annotations


class AppError(Exception):
    """A refused action or bad input. `key` names a string in the i18n catalogue."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str = "vi") -> str:
        from core.i18n import t

        return t(self.key, lang, **self.params)

    def __str__(self) -> str:  # readable in logs and the command line
        return self.message("vi")


class PermissionDenied(AppError):
    """The acting user's role does not allow the action."""


class NotFound(AppError):
    """The record does not exist (or is not visible to the user)."""


class ValidationError(AppError):
    """Input that breaks a rule; `errors` may list several problems (row, column, key)."""

    def __init__(self, key: str, errors: list[dict] | None = None, **params):
        super().__init__(key, **params)
        self.errors = errors or []


class DatabaseBusy(AppError):
    """Another writer held the database for longer than the busy timeout; trying again helps."""
