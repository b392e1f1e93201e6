"""How views reach the composition root's objects for the current app."""
from __future__ import annotations

from flask import current_app

from ..services.context import Context


def ctx() -> Context:
    return current_app.extensions["moderation"].context
