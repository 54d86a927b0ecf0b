"""Fixtures of the outreach tests: a few units, a liaison for two of them, a leader with an
address, and a real SMTP server (aiosmtpd) on a free port of 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass, field
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

from core import auth, units
from core.permissions import SYSTEM
from core.settings import Settings
from outreach import liaisons

TEST_UNITS = [
    ("STP", "Sở Tư pháp", "department"),
    ("SYT", "Sở Y tế", "department"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "department"),
    ("P-HK", "Phường Hoàn Kiếm", "commune"),
]


@dataclass
class Mailbox:
    """What the server received: each message as parsed, with its envelope recipients."""

    messages: list[tuple[list[str], Message]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # addresses the server answers 550

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (list(envelope.rcpt_tos), email.message_from_bytes(envelope.original_content, policy=email.policy.default))
        )
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        return [m for rcpts, m in self.messages if address.lower() in (r.lower() for r in rcpts)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mailbox():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        box.port = controller.port
        yield box
    finally:
        controller.stop()


@pytest.fixture
def mail_settings(data_dir, mailbox) -> Settings:
    """Settings that send through the test server (plain SMTP on 127.0.0.1: no STARTTLS)."""
    return Settings(
        data_dir=data_dir.resolve(),
        base_url="https://cchc.example.org",
        smtp_host="127.0.0.1",
        smtp_port=mailbox.port,
        smtp_from="cchc@example.org",
        smtp_starttls=False,
    )


@pytest.fixture
def unit_ids(db) -> dict[str, int]:
    return {code: units.add_unit(db, SYSTEM, code=code, name=name, kind=kind)["id"] for code, name, kind in TEST_UNITS}


@pytest.fixture
def liaison(db, users, unit_ids):
    """Liaisons of STP and SYT (username -> User), the head of STP, and a leader with an address."""
    made = {}
    for code in ("STP", "SYT"):
        user, _password = liaisons.create_liaison(
            db, SYSTEM, username=f"dm_{code.lower()}", unit=code, email=f"dm.{code.lower()}@example.org",
            full_name=f"Đầu mối {code}",
        )  # fmt: skip
        made[code] = user
    liaisons.set_unit_head(db, SYSTEM, "STP", name="Giám đốc Sở Tư pháp", email="gd.stp@example.org")
    made["leader"] = auth.create_user(
        db, SYSTEM, username="u_lanhdao", password="Test@12345", role="leader", full_name="Lãnh đạo Sở",
        email="lanhdao@example.org",
    )  # fmt: skip
    return made
