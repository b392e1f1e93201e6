"""The request body is read whole only when it fits within MAX_CONTENT_LENGTH, however it is sent.

A body with a Content-Length over the limit is refused by werkzeug before it is read. One sent
chunked has no length to check: werkzeug reads it up to the limit and, when it goes on past it,
returns the part it read without a word, so the JSON came out cut short (refused as malformed, or
taken as it was when the cut still parsed). Here one byte past the limit makes it too large
(413), as its Content-Length would have.
"""
from __future__ import annotations

from typing import IO, cast

from flask import Request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream


class _BodyOfUnknownLength(LimitedStream):
    def __init__(self, stream: IO[bytes], limit: int):
        super().__init__(stream, limit, is_max=True)
        self._sent = stream

    def on_exhausted(self) -> None:
        # A read past the limit: too large only if the client sent more (one exactly at the limit is whole).
        if self._sent.read(1):
            raise RequestEntityTooLarge()

    def readall(self) -> bytes:
        data = super().readall()  # stops at the limit without looking further
        if self.is_exhausted:
            self.on_exhausted()
        return data


class BoundedRequest(Request):
    @cached_property
    def stream(self) -> IO[bytes]:
        # The same condition under which werkzeug limits a body of unknown length to the maximum.
        limit = self.max_content_length
        if self.content_length is None and limit is not None and "wsgi.input_terminated" in self.environ:
            # A raw I/O stream read as a file, as werkzeug does with its own LimitedStream.
            return cast(IO[bytes], _BodyOfUnknownLength(self.environ["wsgi.input"], limit))
        return super().stream
