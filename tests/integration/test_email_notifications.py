"""Moderation outcomes reach authors by e-mail when an SMTP server is configured."""
from __future__ import annotations

import email
import socket

import pytest
from aiosmtpd.controller import Controller

from moderation.cli import main
from moderation.domain.model import Action, Reader, Reason
from moderation.services import articles, comments, decisions
from support.tokens import SSO_SECRET

pytestmark = pytest.mark.integration


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("gone@"):
            return "550 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode()))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_author_is_emailed_once_when_a_moderator_removes_their_comment(db_url, monkeypatch, capsys):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        for name, value in {
            "DATABASE_URL": db_url, "MODERATION_SSO_SECRET": SSO_SECRET, "MODERATION_SECRET_KEY": "k",
            "MODERATION_SMTP_HOST": "127.0.0.1", "MODERATION_SMTP_PORT": str(port),
            "MODERATION_SMTP_SENDER": "comments@paper.example", "MODERATION_LOG_LEVEL": "WARNING",
        }.items():
            monkeypatch.setenv(name, value)
        from moderation import create_app

        ctx = create_app().extensions["moderation"].context
        articles.upsert_article(ctx, Reader(id="ed", name="Ed", roles=frozenset({"editor"})), "a1", {"title": "T"})
        moderator = Reader(id="mod", name="Mo", roles=frozenset({"moderator"}))
        gone = Reader(id="gone", name="Gone", subscriber=True, email="gone@readers.example")
        author = Reader(id="sam", name="Sam", subscriber=True, email="sam@readers.example")
        for reader, text in ((gone, "An old comment"), (author, "Something defamatory")):
            comment = comments.post_comment(ctx, reader, "a1", text, None)
            decisions.decide(ctx, moderator, comment.id, Action.DELETE, Reason.LEGAL, None, "")

        assert main(["send-emails"]) == 0
        assert main(["send-emails"]) == 0  # nothing is sent twice
        assert len(inbox.messages) == 1  # the refused address did not stop the next one
        recipients, content = inbox.messages[0]
        assert recipients == ["sam@readers.example"]
        assert "Subject: A moderator removed your comment" in content
        body = email.message_from_string(content).get_payload(decode=True).decode()
        assert "removed your comment \u201cSomething defamatory\u201d (reason: legal reasons)" in body
        assert "sent 1 notification e-mails, 1 refused" in capsys.readouterr().out
    finally:
        controller.stop()
