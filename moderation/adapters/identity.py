"""Readers' identity tokens, signed by the publisher's site (SPEC §2)."""
from __future__ import annotations

import functools
import time

import jwt

from ..domain.client_input import MAX_ID_CHARS, is_storable
from ..domain.model import Reader, Role, Unauthenticated

MAX_NAME_CHARS = 200
MAX_EMAIL_CHARS = 320  # the longest address RFC 5321 allows, and the width of its column


class TokenVerifier:
    def __init__(self, secret: str, public_key: str = "", leeway_seconds: int = 30):
        self._keys = []
        if secret:
            self._keys.append((secret, "HS256"))
        if public_key:
            self._keys.append((public_key, "RS256"))
        self._leeway = leeway_seconds
        # A widget sends the same token with every request: its signature is checked once, its
        # expiry every time.
        self._verified = functools.lru_cache(maxsize=20_000)(self._verify)

    def reader(self, token: str) -> Reader:
        reader, expires = self._verified(token)
        if expires + self._leeway < time.time():
            raise Unauthenticated("token_expired", "The sign-in token has expired.")
        return reader

    def _verify(self, token: str) -> tuple[Reader, float]:
        if not self._keys:
            raise Unauthenticated("sso_not_configured", "This service has no key to check reader tokens with.")
        claims = None
        for key, algorithm in self._keys:
            try:
                claims = jwt.decode(
                    token, key, algorithms=[algorithm], leeway=self._leeway, options={"require": ["exp", "sub"]}
                )
                break
            except jwt.ExpiredSignatureError:
                raise Unauthenticated("token_expired", "The sign-in token has expired.") from None
            except jwt.InvalidTokenError:
                continue
        if claims is None:
            raise Unauthenticated("invalid_token", "The sign-in token is not valid.")
        sub = claims.get("sub")
        if not isinstance(sub, str) or not 0 < len(sub) <= MAX_ID_CHARS or not is_storable(sub):
            raise Unauthenticated("invalid_token", "The sign-in token names no reader.")
        name = claims.get("name")
        name = name.strip()[:MAX_NAME_CHARS] if isinstance(name, str) and name.strip() and is_storable(name) else "Reader"
        raw_roles = claims.get("roles")
        if not isinstance(raw_roles, list):
            raw_roles = []  # a malformed claim grants nothing
        roles = frozenset(Role(r) for r in raw_roles if isinstance(r, str) and r in Role._value2member_map_)
        email = claims.get("email") if isinstance(claims.get("email"), str) else None
        if email is not None and (len(email) > MAX_EMAIL_CHARS or not is_storable(email)):
            raise Unauthenticated("invalid_token", "The sign-in token's e-mail address is not one that can be kept.")
        reader = Reader(id=sub, name=name, subscriber=claims.get("subscriber") is True, roles=roles, email=email)
        return reader, float(claims["exp"])


def sign_token(secret: str, claims: dict) -> str:
    """What the publisher's site does; used by the demo page and the tests."""
    return jwt.encode(claims, secret, algorithm="HS256")
