"""The OpenAPI document is generated whole from the endpoints and the response models: every
reference resolves, every answer has a schema, and no model lets an undocumented field through."""
from __future__ import annotations

import moderation.app  # noqa: F401  (registers every endpoint)
from moderation.api import responses
from moderation.api.spec import OPERATIONS, openapi_document


def _refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_every_reference_in_the_document_resolves():
    doc = openapi_document()
    components = doc["components"]
    for ref in set(_refs(doc)):
        kind, name = ref.removeprefix("#/components/").split("/")
        assert name in components[kind], ref


def test_every_answer_of_every_operation_has_a_schema_and_errors_have_the_error_body():
    paths = openapi_document()["paths"]
    for op in OPERATIONS:
        documented = paths[op.path][op.method]["responses"]
        assert [int(status) for status in documented] == list(op.statuses)
        for status, response in documented.items():
            if int(status) == 304:  # Not Modified: no body, the ETag to send again
                assert "content" not in response and response["headers"]["ETag"]["required"], op.path
                continue
            (_media_type, content), = response["content"].items()
            assert content["schema"], (op.path, status)
            if int(status) >= 400 and op.endpoint != "ops.readyz":
                assert content["schema"] == {"$ref": "#/components/schemas/ErrorBody"}, (op.path, status)
            if int(status) in (429, 503) and op.endpoint != "ops.readyz":
                assert response["headers"]["Retry-After"]["required"], (op.path, status)
            if int(status) == 401:
                assert response["headers"]["WWW-Authenticate"]["required"], (op.path, status)


def test_operations_with_input_document_the_answers_to_bad_input():
    for op in OPERATIONS:
        if op.body is not None:
            assert {400, 413, 415, 422} <= set(op.statuses), op.path
        if op.path_params:
            assert {404, 422} <= set(op.statuses), op.path
        if op.auth != "public":
            assert 401 in op.statuses, op.path


def test_no_response_model_accepts_fields_it_does_not_name():
    models = [m for m in vars(responses).values()
              if isinstance(m, type) and issubclass(m, responses.Body) and m is not responses.Body]
    assert len(models) > 40
    assert all(m.model_config.get("extra") == "forbid" for m in models)
