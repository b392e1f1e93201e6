"""Every endpoint refuses what its declared `auth` does not allow, before its view runs: the
declarations drive the requests, so a new endpoint is checked as soon as it is declared. (Malformed
input is refused before authentication, so each request here is otherwise well formed.)"""
from __future__ import annotations

import re

import pytest
from flask import Blueprint

from moderation import create_app
from moderation.api.auth import CHECKS_ONLY, GIVES_READER
from moderation.api.spec import AUTH_NOTES, OPERATIONS, endpoint
from moderation.config import Settings
from support.bodies import VALID_BODIES
from support.tokens import SSO_SECRET, TokenFactory

TOKEN_NEEDED = {"reader", "author", "subscriber", "moderator", "editor", "admin"}
# The roles an endpoint asks for, and tokens that fall short of each.
SHORT_OF = {
    "moderator": {"a reader": (), "a subscriber": ()},
    "editor": {"a reader": (), "a moderator": ("moderator",)},
    "admin": {"a reader": (), "a moderator": ("moderator",), "an editor": ("editor",)},
}
REFUSAL_CODE = {"moderator": "moderator_only", "editor": "editor_only", "admin": "admin_only"}


@pytest.fixture(scope="module")
def client():
    # No database behind it: a request that got as far as a view would fail, not be refused.
    app = create_app(Settings.from_env({}, database_url="sqlite://", sso_secret=SSO_SECRET, secret_key="k",
                                       metrics_token="scraper-token", log_level="CRITICAL"))
    return app.test_client()


def _path(op) -> str:
    return re.sub(r"\{\w+\}", "some-id", op.path)


def _ask(client, op, headers=None):
    kwargs = {"json": VALID_BODIES[op.body]} if op.body is not None else {}
    return client.open(_path(op), method=op.method.upper(), headers=headers or {}, **kwargs)


def _ids(ops):
    return [f"{op.method.upper()} {op.path}" for op in ops]


def _declared(*auths):
    ops = [op for op in OPERATIONS if op.auth in auths]
    assert ops, f"no endpoint declares auth {auths}"
    return ops


def test_every_kind_of_auth_declared_is_enforced_by_the_declaration():
    assert set(GIVES_READER) | set(CHECKS_ONLY) == set(AUTH_NOTES)
    assert {op.auth for op in OPERATIONS} <= set(AUTH_NOTES)


def test_an_endpoint_cannot_declare_an_auth_nobody_checks():
    with pytest.raises(ValueError, match="unknown auth 'staff'"):
        endpoint(Blueprint("nowhere", __name__), "GET", "/x", summary="x", returns=None, auth="staff")


@pytest.mark.parametrize("op", _declared(*TOKEN_NEEDED), ids=_ids(_declared(*TOKEN_NEEDED)))
def test_without_a_token_the_request_is_refused_as_unauthenticated(client, op):
    answer = _ask(client, op)
    assert answer.status_code == 401, answer.get_data(as_text=True)
    assert answer.get_json()["error"]["code"] == "unauthenticated"
    assert answer.headers["WWW-Authenticate"] == 'Bearer realm="comments"'


@pytest.mark.parametrize("op", _declared(*SHORT_OF), ids=_ids(_declared(*SHORT_OF)))
def test_a_token_without_the_role_is_refused_as_forbidden(client, op):
    tokens = TokenFactory(SSO_SECRET)
    for who, roles in SHORT_OF[op.auth].items():
        answer = _ask(client, op, tokens.headers("someone", roles=roles, subscriber=who == "a subscriber"))
        assert answer.status_code == 403, f"{who}: {answer.get_data(as_text=True)}"
        assert answer.get_json()["error"]["code"] == REFUSAL_CODE[op.auth]


@pytest.mark.parametrize("op", _declared("anyone", *TOKEN_NEEDED), ids=_ids(_declared("anyone", *TOKEN_NEEDED)))
def test_a_token_that_is_not_a_bearer_token_is_refused_wherever_tokens_are_read(client, op):
    answer = _ask(client, op, {"Authorization": "Basic c29tZW9uZTpzZWNyZXQ="})
    assert answer.status_code == 401
    assert answer.get_json()["error"]["code"] == "invalid_token"


@pytest.mark.parametrize("op", _declared("public", "anyone"), ids=_ids(_declared("public", "anyone")))
def test_endpoints_open_to_anyone_do_not_ask_for_a_token(client, op):
    assert _ask(client, op).status_code not in (401, 403)


@pytest.mark.parametrize("op", _declared("public"), ids=_ids(_declared("public")))
def test_public_endpoints_do_not_read_a_token_sent_to_them(client, op):
    assert _ask(client, op, {"Authorization": "Bearer not-a-token"}).status_code not in (401, 403)


def test_metrics_need_the_metrics_token_once_one_is_set(client):
    (op,) = _declared("metrics")
    assert _ask(client, op).status_code == 401
    assert _ask(client, op, TokenFactory(SSO_SECRET).admin()).status_code == 401
    answer = _ask(client, op, {"Authorization": "Bearer scraper-token"})
    assert answer.status_code == 200
    assert "moderation_http_request_seconds" in answer.get_data(as_text=True)
