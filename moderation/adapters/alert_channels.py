"""How on-call alerts leave the service: e-mail through the SMTP server, JSON to webhooks.

Each failure is sorted by whether anything can have been delivered (services.alerts decides what
to do about it): no connection, or a receiver saying "later", delivered nothing and may be tried
again; a timeout waiting for the answer may have delivered it, and is never repeated.
"""
from __future__ import annotations

import smtplib
import socket

import httpx

from ..config import Settings
from ..services.alerts import Channels, Refused, TryAgain, Unconfirmed
from ..services.notifications import PermanentFailure
from .mail import SmtpSender

# Connecting is retried at once a couple of times (nothing is sent before a connection exists);
# then the outbox's own growing waits take over.
WEBHOOK_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
CONNECT_RETRIES = 2


def make_channels(settings: Settings) -> Channels:
    smtp = SmtpSender(settings.smtp_host, settings.smtp_port, settings.smtp_sender) if settings.smtp_host else None
    return Channels(email=_email(smtp) if smtp else None, webhook=post_webhook)


def _email(smtp: SmtpSender):
    def send(to: str, subject: str, text: str) -> None:
        try:
            smtp.send(to, subject, text)
        except PermanentFailure as exc:
            raise Refused(f"the mail server refused {to}: {exc}") from exc
        except smtplib.SMTPResponseException as exc:
            # 4xx: "not now", nothing accepted; 5xx: refused for good.
            kind = TryAgain if 400 <= exc.smtp_code < 500 else Refused
            raise kind(f"the mail server answered {exc.smtp_code}: {exc.smtp_error!r}") from exc
        except (ConnectionRefusedError, socket.gaierror, smtplib.SMTPConnectError) as exc:
            raise TryAgain(f"cannot reach the mail server: {exc}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            # Cut off or timed out part-way: the message may have been accepted.
            raise Unconfirmed(f"the mail server stopped answering: {exc.__class__.__name__}: {exc}") from exc
    return send


def post_webhook(url: str, payload: dict) -> None:
    transport = httpx.HTTPTransport(retries=CONNECT_RETRIES)
    try:
        with httpx.Client(transport=transport, timeout=WEBHOOK_TIMEOUT, follow_redirects=False) as client:
            response = client.post(url, json=payload)
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        raise TryAgain(f"cannot reach {url}: {exc.__class__.__name__}") from exc
    except httpx.HTTPError as exc:
        raise Unconfirmed(f"no answer from {url}: {exc.__class__.__name__}") from exc
    if response.status_code == 429 or response.status_code >= 500:
        raise TryAgain(f"{url} answered {response.status_code}")
    if response.status_code >= 300:
        raise Refused(f"{url} answered {response.status_code}: {response.text[:200]}")
