"""What a signed-in person does to their own account from the account page (plain: no
Streamlit). The password rules themselves live in core.auth."""

from __future__ import annotations

from sqlite_utils import Database

from core import auth
from core.errors import ValidationError
from core.permissions import User


def change_password(db: Database, user: User, old_password: str, new_password: str, confirmation: str) -> None:
    """Change one's own password; the new one typed twice the same, then auth's rules."""
    if new_password != confirmation:
        raise ValidationError("account.password_mismatch")
    auth.change_password(db, user, old_password, new_password)
