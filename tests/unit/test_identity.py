"""Reader tokens: what the publisher signs is what the service believes, and nothing else."""
from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from moderation.adapters.identity import TokenVerifier
from moderation.domain.model import Role, Unauthenticated

SECRET = "publisher-shared-secret-of-decent-length"


# Tokens here may be made when the tests are collected, long before a slow run reaches them: a
# week of validity keeps "expired" out of tests that are about something else.
GENEROUS_EXPIRY_SECONDS = 7 * 24 * 3600


def _token(claims=None, key=SECRET, algorithm="HS256", **overrides):
    base = {"sub": "reader-1", "name": "Ailsa", "subscriber": True, "exp": int(time.time()) + GENEROUS_EXPIRY_SECONDS}
    base.update(claims or {})
    base.update(overrides)
    return jwt.encode({k: v for k, v in base.items() if v is not None}, key, algorithm=algorithm)


def test_valid_token_gives_the_reader_it_names():
    reader = TokenVerifier(SECRET).reader(_token(roles=["moderator", "superuser"], email="a@example.org"))
    assert (reader.id, reader.name, reader.subscriber) == ("reader-1", "Ailsa", True)
    assert reader.roles == frozenset({Role.MODERATOR})  # unknown roles are ignored, not trusted
    assert reader.email == "a@example.org"


@pytest.mark.parametrize("subscriber, expected", [(True, True), (False, False), ("true", False), (1, False), (None, False)])
def test_only_a_literal_true_makes_a_subscriber(subscriber, expected):
    assert TokenVerifier(SECRET).reader(_token(subscriber=subscriber)).subscriber is expected


def test_expiry_allows_a_little_clock_skew_only():
    verifier = TokenVerifier(SECRET, leeway_seconds=30)
    assert verifier.reader(_token(exp=int(time.time()) - 10)).id == "reader-1"
    with pytest.raises(Unauthenticated) as err:
        verifier.reader(_token(exp=int(time.time()) - 60))
    assert err.value.code == "token_expired"


@pytest.mark.parametrize(
    "token",
    [
        _token(key="another-secret-that-someone-guessed"),
        _token(exp=None),
        _token(sub=None),
        _token(sub=""),
        "a.b.c",
        "not a token",
    ],
)
def test_forged_or_incomplete_tokens_are_refused(token):
    with pytest.raises(Unauthenticated) as err:
        TokenVerifier(SECRET).reader(token)
    assert err.value.code == "invalid_token"


def test_unsigned_token_is_refused():
    header = jwt.utils.base64url_encode(b'{"alg":"none","typ":"JWT"}').decode()
    payload = jwt.utils.base64url_encode(f'{{"sub":"x","exp":{int(time.time()) + 60}}}'.encode()).decode()
    with pytest.raises(Unauthenticated):
        TokenVerifier(SECRET).reader(f"{header}.{payload}.")


def test_rs256_tokens_verify_with_the_publishers_public_key():
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    verifier = TokenVerifier("", public_key=public_pem)
    assert verifier.reader(_token(key=private, algorithm="RS256")).id == "reader-1"
    with pytest.raises(Unauthenticated):
        verifier.reader(_token())  # an HS256 token cannot pass for RS256


def test_missing_name_and_overlong_name():
    assert TokenVerifier(SECRET).reader(_token(name=None)).name == "Reader"
    assert len(TokenVerifier(SECRET).reader(_token(name="x" * 500)).name) == 200


def test_service_without_keys_refuses_every_token():
    with pytest.raises(Unauthenticated) as err:
        TokenVerifier("").reader(_token())
    assert err.value.code == "sso_not_configured"


def test_a_remembered_token_still_expires(monkeypatch):
    verifier = TokenVerifier(SECRET, leeway_seconds=30)
    token = _token(exp=int(time.time()) + 5)
    assert verifier.reader(token).id == "reader-1"
    later = time.time() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(Unauthenticated) as err:
        verifier.reader(token)
    assert err.value.code == "token_expired"


@pytest.mark.parametrize("roles", [7, "admin", {"admin": True}])
def test_malformed_roles_claim_grants_nothing(roles):
    assert TokenVerifier(SECRET).reader(_token(roles=roles)).roles == frozenset()


def test_an_email_claim_longer_than_320_characters_is_refused_not_a_server_error():
    verifier = TokenVerifier(SECRET)
    assert verifier.reader(_token(email="e" * 308 + "@example.org")).email.endswith("@example.org")  # 320: fits
    with pytest.raises(Unauthenticated) as err:
        verifier.reader(_token(email="e" * 309 + "@example.org"))
    assert err.value.code == "invalid_token"


@pytest.mark.parametrize("claims", [{"sub": "reader\x00"}, {"sub": "\ud800"}, {"email": "a\x00@example.org"}])
def test_a_sub_or_email_the_database_cannot_hold_is_refused(claims):
    with pytest.raises(Unauthenticated) as err:
        TokenVerifier(SECRET).reader(_token(claims))
    assert err.value.code == "invalid_token"


def test_a_name_the_database_cannot_hold_falls_back_to_reader():
    assert TokenVerifier(SECRET).reader(_token(name="Ailsa\x00")).name == "Reader"
