"""Request bodies and query strings, validated before any service is called."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from ..domain.client_input import MAX_ID_CHARS, in_utc
from ..domain.model import Action, Reason, SanctionKind
from ..domain.policy import PolicyConfig
from ..domain.policy_codec import config_to_dict
from ..services.cursors import MAX_CURSOR_CHARS
from .responses import may_be_left_out

# A moment the database can store: with a time zone, and within range once in UTC.
Moment = Annotated[AwareDatetime, AfterValidator(in_utc)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ArticleIn(Strict):
    """Fields left out keep their value (a new article needs a title); null is refused except for
    `published_at`."""

    title: str = may_be_left_out(min_length=1, max_length=500)
    url: str = may_be_left_out(max_length=2000)
    body: str = may_be_left_out(max_length=200_000)
    section: str = may_be_left_out(max_length=200)
    published_at: Moment | None = Field(default=None, strict=False)
    comments_open: bool = may_be_left_out(description="false closes comments; true reopens them (and ends their "
                                                      "closing by themselves, for this article).")
    sensitive: bool = may_be_left_out(description="Every comment posted or edited while true waits for a "
                                                  "moderator before readers see it.")


class CommentIn(Strict):
    # Length and emptiness are checked after trimming, by the domain, with their own error codes.
    body: str
    parent_id: str | None = Field(default=None, max_length=32)


class CommentEdit(Strict):
    body: str


class ComplaintIn(Strict):
    reason: Reason = Field(strict=False)
    note: str = Field(default="", max_length=1000)


class DecisionIn(Strict):
    action: Action = Field(strict=False)
    # Required to amend or delete (422 `reason_required` without); an approval records none.
    reason: Reason | None = Field(default=None, strict=False)
    body: str | None = None
    note: str = Field(default="", max_length=2000)
    override: bool = False  # required to change a decision already taken


class SanctionIn(Strict):
    kind: SanctionKind = Field(strict=False)
    until: Moment | None = Field(default=None, strict=False)
    reason: str = Field(min_length=1, max_length=2000)


class AppealIn(Strict):
    # Emptiness is checked after trimming, by the domain, with its own code.
    note: str = Field(max_length=1000)


class AppealJudgement(Strict):
    outcome: Literal["upheld", "overturned"]
    note: str = Field(min_length=1, max_length=2000, description="The reasons the author is given.")


class LegalHoldIn(Strict):
    reason: str = Field(min_length=1, max_length=2000)


class PolicyIn(Strict):
    # Checked by the domain, which names every problem; the example is the built-in policy.
    config: dict = Field(json_schema_extra={"examples": [config_to_dict(PolicyConfig())]})
    note: str = Field(default="", max_length=2000)


class WordListsIn(Strict):
    # Each phrase is checked by the domain, which names every problem in words.
    banned: list[str] = Field(max_length=1000, json_schema_extra={"examples": [["kill yourself"]]})
    suspect: list[str] = Field(max_length=1000)
    note: str = Field(default="", max_length=2000)


class SiteIn(Strict):
    commenting_paused: bool
    message: str = Field(default="", max_length=2000, description="What readers are told while commenting is paused "
                                                                   "(at most 500 characters once spaces are tidied).")


class ThreadQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    limit: int = Field(default=20, ge=1, le=100)
    cursor: str | None = Field(default=None, max_length=MAX_CURSOR_CHARS)
    order: Literal["newest", "oldest"] = "newest"


class QueueQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    state: Literal["open", "resolved", "all"] = "open"
    reason: Reason | None = None
    article_id: str | None = Field(default=None, max_length=MAX_ID_CHARS)
    overdue: bool | None = None
    limit: int = Field(default=50, ge=1, le=200)
    cursor: str | None = Field(default=None, max_length=MAX_CURSOR_CHARS)
