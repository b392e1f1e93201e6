"""The OpenAPI document is the contract. Requests generated from it (schemathesis: its examples,
coverage and fuzzing phases, valid and invalid input), each sent as an admin, a subscriber, a reader
whose token has expired and nobody, get answers the document describes: a listed status, with the
listed content type, headers and body schema, and never a server error."""
from __future__ import annotations

import json
from types import SimpleNamespace

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from moderation.api.spec import openapi_document
from support.api import give_scores
from support.clock import WEEKDAY_MORNING, MutableClock
from support.contract import checked_answers
from support.databases import truncate_all
from support.live import pin_policy, start_service
from support.tokens import SSO_SECRET, TokenFactory

pytestmark = pytest.mark.e2e

TOKENS = TokenFactory(SSO_SECRET)
CALLERS = {
    "admin": TOKENS.headers("fuzz-admin", roles=("admin",), exp_in=86400),
    "subscriber": TOKENS.headers("fuzz-subscriber", exp_in=86400),
    "expired token": TOKENS.headers("fuzz-expired", exp_in=-3600),
    "anonymous": {},
}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    unsupported_method,  # 405 with Allow for a method the path does not take
]

# The document /api/v1/openapi.json serves (test_the_served_document_is_the_one_tested checks it).
schema = schemathesis.openapi.from_dict(openapi_document())
# Ids of what the service holds (set by `world`): generated ids rarely name anything, so without
# these most answers would be 404s.
KNOWN: dict[str, list[str]] = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    if not path_parameters:
        return st.just(path_parameters)
    return st.sampled_from([path_parameters] + [
        {**path_parameters, name: known} for name in path_parameters for known in KNOWN.get(name, ())
    ])


@pytest.fixture(scope="module")
def contract_service(pg_url):
    truncate_all(pg_url)
    clock = MutableClock(WEEKDAY_MORNING)
    server, app, base = start_service(pg_url, clock)
    yield SimpleNamespace(base=base, app=app, clock=clock, database=pg_url)
    server.shutdown()
    app.extensions["moderation_engine"].dispose()
    app.extensions["moderation"].context.autocommit.dispose()


@pytest.fixture
def world(contract_service):
    """Every operation is tried on the same data, two minutes after the previous one began (so
    readers' per-minute limits start afresh), on a weekday morning: an article; a comment by
    another reader with a reply, scores and a complaint, so in the queue; one by the fuzzing
    subscriber, not in the queue; and a third, removed by a moderator after the subscriber
    reported it (so there are notifications and an audit trail)."""
    service = contract_service
    truncate_all(service.database)
    service.clock.advance(minutes=2)
    pin_policy(service.app)
    ctx = service.app.extensions["moderation"].context
    with httpx.Client(base_url=service.base, timeout=10, event_hooks=checked_answers(service.app)) as api:
        def post(body: str, headers: dict, **more) -> str:
            answer = api.post("/api/v1/articles/harbour-bridge/comments", json={"body": body, **more}, headers=headers)
            assert answer.status_code == 201, answer.text
            return answer.json()["id"]

        api.put("/api/v1/articles/harbour-bridge", json={"title": "Harbour bridge"}, headers=TOKENS.editor())
        queued = post("First.", TOKENS.subscriber("writer"))
        post("A reply.", TOKENS.subscriber("replier"), parent_id=queued)
        give_scores(ctx, queued, abuse=0.2, spam=0.1, off_topic=0.3)
        api.post(f"/api/v1/comments/{queued}/complaints", json={"reason": "abuse", "note": "Rude."},
                 headers=TOKENS.subscriber("reporter"))
        own = post("Mine.", CALLERS["subscriber"])
        removed = post("Buy now.", TOKENS.subscriber("seller"))
        api.post(f"/api/v1/comments/{removed}/complaints", json={"reason": "spam"}, headers=CALLERS["subscriber"])
        decided = api.post(f"/api/v1/moderation/comments/{removed}/decision", json={"action": "delete", "reason": "spam"},
                           headers=TOKENS.moderator())
        assert decided.status_code == 200, decided.text
    KNOWN.update(article_id=["harbour-bridge"], comment_id=[queued, own], user_id=["writer", "fuzz-subscriber"])
    yield service.base
    KNOWN.clear()


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_every_generated_request_gets_an_answer_the_document_describes(case, world):
    for headers in CALLERS.values():
        case.call_and_validate(base_url=world, headers=headers, checks=CHECKS)


def test_the_served_document_is_the_one_tested(contract_service):
    served = httpx.get(f"{contract_service.base}/api/v1/openapi.json").json()
    assert served == json.loads(json.dumps(openapi_document()))
