"""An Idempotency-Key is tied to the request it first came with: the same request however its
JSON is spelt, and any other request (another body, another path) is a different one."""
from moderation.api.spec import fingerprint

POST = ("POST", "/api/v1/articles/a1/comments")


def test_the_same_request_spelt_differently_has_the_same_fingerprint():
    assert fingerprint(*POST, {"body": "Hi", "parent_id": None}) == fingerprint(*POST, {"parent_id": None, "body": "Hi"})


def test_another_body_or_path_has_another_fingerprint():
    first = fingerprint(*POST, {"body": "Hi", "parent_id": None})
    assert fingerprint(*POST, {"body": "Hi!", "parent_id": None}) != first
    assert fingerprint("POST", "/api/v1/articles/a2/comments", {"body": "Hi", "parent_id": None}) != first
