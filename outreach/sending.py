"""Handing one message to the office's mail server with the standard library's smtplib.

Returns the outcome instead of raising: the server's answer is what the message log keeps,
delivered or not, and one refused address never stops the rest of a run."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from core.settings import Settings

TIMEOUT_S = 30


@dataclass(frozen=True)
class Outcome:
    status: str  # delivered | refused | failed
    answer: str  # the server's answer (or the error) as it came


def build(
    settings: Settings,
    *,
    to: str,
    subject: str,
    body: str,
    cc: tuple[str, ...] = (),
    attachments: tuple[tuple[str, str, bytes], ...] = (),
) -> EmailMessage:
    """A plain-text message (UTF-8) from the office's sender; attachments are (name, MIME type, bytes)."""
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    if cc:
        message["Cc"] = ", ".join(cc)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings.smtp_from.rpartition("@")[2] or None)
    message.set_content(body)
    for name, mime, data in attachments:
        maintype, _, subtype = mime.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message


def deliver(settings: Settings, message: EmailMessage) -> Outcome:
    """Send `message` through the configured server: STARTTLS when set (the default), a
    sign-in when a user is set. Every failure is an outcome with the server's words."""
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_S) as server:
            if settings.smtp_starttls:
                server.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                server.login(settings.smtp_user, settings.smtp_password)
            refused = server.send_message(message)
            code, answer = server.noop()
    except smtplib.SMTPRecipientsRefused as exc:
        return Outcome("refused", "; ".join(f"{to}: {c} {_text(m)}" for to, (c, m) in exc.recipients.items()))
    except smtplib.SMTPResponseException as exc:
        return Outcome("refused", f"{exc.smtp_code} {_text(exc.smtp_error)}")
    except (smtplib.SMTPException, OSError) as exc:
        return Outcome("failed", f"{type(exc).__name__}: {exc}")
    words = "; ".join(f"{to}: {c} {_text(m)}" for to, (c, m) in refused.items())
    if message["To"] in refused:  # a copy refused still leaves the message delivered to its addressee
        return Outcome("refused", words)
    return Outcome("delivered", f"{code} {_text(answer)}" + (f" ({words})" if words else ""))


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
