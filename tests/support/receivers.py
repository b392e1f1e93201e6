"""Real receivers for what the service sends out: an SMTP server (aiosmtpd) keeping every message,
and an HTTP server keeping every JSON body posted to it (a Slack-style webhook)."""
from __future__ import annotations

import email
import email.policy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

from support.workers import free_port


class Mailbox:
    """`with Mailbox() as mail:` an SMTP server on a free port; `mail.to(address)` lists the
    messages each address received, as email.message objects."""

    def __init__(self):
        self.port = free_port()
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for rcpt, m in self.messages if address in rcpt]

    def __enter__(self) -> Mailbox:
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


class WebhookReceiver:
    """An HTTP server keeping each JSON body posted, by path. `fail_next(path, status, times)` makes
    it answer with an error first, as a receiver that is briefly down would."""

    def __init__(self):
        self.posts: list[tuple[str, dict]] = []
        self._failures: dict[str, list[int]] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"null")
                planned = receiver._failures.get(self.path)
                status = planned.pop(0) if planned else 200
                if status == 200:
                    receiver.posts.append((self.path, body))
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def to(self, path: str) -> list[dict]:
        return [body for p, body in self.posts if p == path]

    def fail_next(self, path: str, status: int, times: int = 1) -> None:
        self._failures.setdefault(path, []).extend([status] * times)

    def __enter__(self) -> WebhookReceiver:
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
