"""A valid request body for each body model the API declares."""
from __future__ import annotations

from moderation.api.schemas import (
    AppealIn,
    AppealJudgement,
    ArticleIn,
    CommentEdit,
    CommentIn,
    ComplaintIn,
    DecisionIn,
    LegalHoldIn,
    PolicyIn,
    SanctionIn,
    SiteIn,
    WordListsIn,
)
from moderation.domain.policy import PolicyConfig
from moderation.domain.policy_codec import config_to_dict

VALID_BODIES = {
    ArticleIn: {"title": "Harbour bridge"},
    CommentIn: {"body": "Hello."},
    CommentEdit: {"body": "Hello again."},
    ComplaintIn: {"reason": "spam"},
    DecisionIn: {"action": "approve", "reason": "spam"},
    SanctionIn: {"kind": "warn", "reason": "Rude."},
    PolicyIn: {"config": config_to_dict(PolicyConfig())},
    AppealIn: {"note": "Please look again."},
    AppealJudgement: {"outcome": "upheld", "note": "Stands."},
    LegalHoldIn: {"reason": "Case 2026/114"},
    WordListsIn: {"banned": ["kill yourself"], "suspect": []},
    SiteIn: {"commenting_paused": True, "message": "Back soon."},
}
