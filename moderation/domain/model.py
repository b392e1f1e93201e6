"""The nouns of comment moderation, as plain values with no persistence or web concerns."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Reason(enum.StrEnum):
    """Reason codes from the user terms, shared by complaints and moderators' decisions."""

    ABUSE = "abuse"
    OFF_TOPIC = "off_topic"
    UNTRUE = "untrue"
    SPAM = "spam"
    LEGAL = "legal"
    OTHER = "other"

    @property
    def phrase(self) -> str:
        """How the reason reads in a sentence to a reader (`wording.REASON_WORDING` words every reason)."""
        from .wording import REASON_WORDING

        return REASON_WORDING[self].in_a_sentence


class Role(enum.StrEnum):
    MODERATOR = "moderator"
    EDITOR = "editor"
    ADMIN = "admin"


class CommentState(enum.StrEnum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"  # by its author
    DELETED = "deleted"  # by a moderator
    ERASED = "erased"  # its author's data was erased: a tombstone that keeps the thread together


class QueueState(enum.StrEnum):
    OPEN = "open"  # waiting for a moderator
    RESOLVED = "resolved"  # decided, or nothing left to review (withdrawn, erased, appeal judged)


class ComplaintOutcome(enum.StrEnum):
    UPHELD = "upheld"
    NOT_UPHELD = "not_upheld"
    WITHDRAWN = "withdrawn"  # the comment went before a moderator decided (its author withdrew or was erased)


class ModelVerdict(enum.StrEnum):
    """What the evaluation gate made of a retrained model."""

    PROMOTED = "promoted"
    REJECTED = "rejected"


class DeliveryState(enum.StrEnum):
    """Where one message of the alerts' outbox stands."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNCONFIRMED = "unconfirmed"  # its sender stopped before recording whether it arrived


class Action(enum.StrEnum):
    APPROVE = "approve"
    AMEND = "amend"
    DELETE = "delete"


class SanctionKind(enum.StrEnum):
    WARN = "warn"
    SUSPEND = "suspend"
    BAN = "ban"
    LIFT = "lift"  # ends a suspension or ban


@dataclass(frozen=True)
class Reader:
    """Whoever is making a request, as vouched for by the publisher's signed token."""

    id: str
    name: str
    subscriber: bool = False
    roles: frozenset[Role] = field(default_factory=frozenset)
    email: str | None = None

    @property
    def is_moderator(self) -> bool:
        # Editors and admins can do everything a moderator can.
        return bool(self.roles)

    @property
    def is_editor(self) -> bool:
        return Role.EDITOR in self.roles or Role.ADMIN in self.roles

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles


MAX_BODY_CHARS = 5000
# Characters that print as nothing: a comment made only of these (and spaces) is empty.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def normalize_body(raw: object) -> str:
    """Return the comment text to store, or raise InvalidInput.

    Text is kept as written (it is always rendered escaped); only surrounding whitespace is
    trimmed and line endings are unified so that the length limit means the same everywhere.
    """
    if not isinstance(raw, str):
        raise InvalidInput("body_not_text", "The comment body must be a string.")
    text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text.translate(_INVISIBLE).strip():
        raise InvalidInput("body_empty", "The comment is empty.")
    if len(text) > MAX_BODY_CHARS:
        raise InvalidInput(
            "body_too_long", f"The comment is {len(text)} characters long; the limit is {MAX_BODY_CHARS}."
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates from JSON escapes such as "\ud800" are not text.
        raise InvalidInput("body_invalid_utf8", "The comment is not valid UTF-8 text.") from None
    if "\x00" in text:
        raise InvalidInput("body_invalid_characters", "The comment contains a NUL character.")
    return text


class DomainError(Exception):
    """A request that the rules refuse; `code` is stable and shown to API clients."""

    code = "error"

    def __init__(self, code: str | None = None, message: str = ""):
        super().__init__(message or code or self.code)
        if code:
            self.code = code
        self.message = message or self.code


class InvalidInput(DomainError):
    code = "invalid_input"


class NotFound(DomainError):
    code = "not_found"


class Unauthenticated(DomainError):
    code = "unauthenticated"


class Forbidden(DomainError):
    code = "forbidden"


class Conflict(DomainError):
    code = "conflict"


class Unavailable(DomainError):
    """Refused for now, not for what was sent: try again later (a site-wide pause, say)."""

    code = "unavailable"

    def __init__(self, code: str, message: str, retry_after: int):
        super().__init__(code, message)
        self.retry_after = retry_after  # whole seconds worth waiting before trying again


class RateLimited(DomainError):
    code = "rate_limited"

    def __init__(self, code: str, message: str, retry_after: int):
        super().__init__(code, message)
        self.retry_after = retry_after  # whole seconds until the request would be accepted
