"""Logs are one JSON object per line, carrying the fields a log search needs."""
from __future__ import annotations

import json
import logging

from moderation.adapters.logs import JsonFormatter


def test_json_lines_carry_extra_fields_and_exceptions():
    record = logging.LogRecord("moderation.x", logging.ERROR, __file__, 1, "decision on %s", ("c1",), None)
    record.moderator = "mod-a"
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "decision on c1" and line["level"] == "error" and line["moderator"] == "mod-a"
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    assert "ValueError: boom" in json.loads(JsonFormatter().format(record))["exception"]
