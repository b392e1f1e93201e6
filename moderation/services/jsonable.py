"""What the services keep as JSON (the audit trail's before and after, a request's recorded answer):
their own results, with moments and days written as ISO 8601 text, as the API gives them."""
from __future__ import annotations

from datetime import date, time
from typing import Any

from pydantic import BaseModel

from .results import answer


def jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):  # a result record: kept as the API sends it
        return jsonable(answer(value))
    if isinstance(value, (date, time)):  # a datetime is a date
        return value.isoformat()
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return value
