"""The review dashboard driven over plain HTTP, as a signed-in moderator (no browser)."""
from __future__ import annotations

import re

import httpx

from moderation.services import staff

STAFF_PASSWORD = "correct horse battery staple"


def signed_in_moderator(base_url: str, ctx, username: str = "morgan") -> httpx.Client:
    """An HTTP client holding the session of a new moderator account (the service must not insist
    on Secure cookies, since tests speak plain HTTP)."""
    staff.create_account(ctx, username, username.title(), STAFF_PASSWORD, ["moderator"], f"mod-{username}")
    client = httpx.Client(base_url=base_url, timeout=10)
    response = sign_in(client, username, STAFF_PASSWORD)
    assert response.status_code == 302, response.text
    return client


def sign_in(client: httpx.Client, username: str, password: str) -> httpx.Response:
    """Fill in and send the sign-in form: 302 when signed in, 401 when refused."""
    login = client.get("/dashboard/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', login.text).group(1)
    return client.post("/dashboard/login", data={"username": username, "password": password, "csrf_token": token})
