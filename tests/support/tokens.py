"""Reader tokens as the publisher's site would sign them."""
from __future__ import annotations

import time

import jwt

SSO_SECRET = "test-sso-secret-that-is-long-enough-for-hs256"


class TokenFactory:
    def __init__(self, secret: str):
        self.secret = secret

    def make(self, sub: str, *, name: str | None = None, subscriber: bool = True, roles=(), exp_in: int = 7 * 24 * 3600,
             secret: str | None = None, **extra) -> str:
        claims = {"sub": sub, "name": name or sub.title(), "subscriber": subscriber, "exp": int(time.time()) + exp_in, **extra}
        if roles:
            claims["roles"] = list(roles)
        return jwt.encode(claims, secret or self.secret, algorithm="HS256")

    def headers(self, sub: str, **kwargs) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.make(sub, **kwargs)}"}

    def subscriber(self, sub: str = "sam", **kwargs) -> dict[str, str]:
        return self.headers(sub, **kwargs)

    def moderator(self, sub: str = "mod-morgan", **kwargs) -> dict[str, str]:
        return self.headers(sub, roles=("moderator",), **kwargs)

    def editor(self, sub: str = "ed-erin", **kwargs) -> dict[str, str]:
        return self.headers(sub, roles=("editor",), **kwargs)

    def admin(self, sub: str = "admin-ash", **kwargs) -> dict[str, str]:
        return self.headers(sub, roles=("admin",), **kwargs)
