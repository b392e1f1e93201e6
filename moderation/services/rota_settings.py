"""Changing the on-call rota alone: a new version of the policy in force with only its rota replaced."""
from __future__ import annotations

from typing import Any

from ..domain.model import InvalidInput, Reader
from ..domain.policy_codec import config_to_dict
from ..domain.rota import rota_from_dict
from . import policy_admin
from .context import Context
from .policy_settings import current_policy


def save_rota(ctx: Context, admin: Reader, rota_data: object, note: str = "") -> dict[str, Any]:
    """Validated with the rest of the policy and kept in its history, like any other change."""
    with ctx.transaction() as session:
        document = config_to_dict(current_policy(session))
    try:
        rota_from_dict(rota_data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InvalidInput("invalid_policy", f"The rota is malformed: {exc}") from None
    document["rota"] = rota_data
    return policy_admin.save(ctx, admin, document, note or "Rota changed")
