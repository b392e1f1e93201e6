"""Requests generated from the OpenAPI document: whatever a client sends, the service answers
with a proper status (never a 500) and, for errors, its declared error format."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from support.clock import MutableClock
from support.live import start_service
from support.tokens import SSO_SECRET, TokenFactory

pytestmark = pytest.mark.e2e

TOKENS = TokenFactory(SSO_SECRET)
# Each generated request is sent as an admin (who may reach everything), a subscriber and nobody.
CALLERS = {
    "admin": TOKENS.headers("fuzz-admin", roles=("admin",), exp_in=86400),
    "subscriber": TOKENS.headers("fuzz-subscriber", exp_in=86400),
    "anonymous": {},
}


def test_no_generated_request_makes_the_service_fail(db_url):
    server, app, base = start_service(db_url, MutableClock())
    try:
        schema = schemathesis.openapi.from_url(f"{base}/api/v1/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 20
        for operation in operations:
            _fuzz(operation, base)
    finally:
        server.shutdown()


def _fuzz(operation, base: str) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        for caller, headers in CALLERS.items():
            response = case.call(base_url=base, headers=headers)
            where = f"{case.method} {case.formatted_path} as {caller}"
            assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:300]}"
            if response.status_code >= 400:
                assert set(response.json()["error"]) >= {"code", "message"}, where

    check()
