"""A reader's standing: whether they may post or edit now, and how much their reports weigh.

The services gather the facts (the reader's token, their record, the article, the site's switches)
and ask here. The one-statement insert of the common case tests the same bars in SQL: it is built
from `STORED_BARS`, so a bar added here that it does not test stops it from being built at all.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from .article_controls import comments_open_at


@dataclass(frozen=True)
class Standing:
    """What the service's record says about a reader (a reader it has no record of is in good standing)."""

    banned: bool = False
    suspended_until: datetime | None = None
    complaints_upheld: int = 0
    complaints_rejected: int = 0

    def suspended(self, at: datetime) -> bool:
        """A suspension is in force at `at` (it ends at the moment given)."""
        return self.suspended_until is not None and self.suspended_until > at

    def barred(self, at: datetime) -> bool:
        """Banned, or suspended at `at`: may neither post nor edit."""
        return self.banned or self.suspended(at)

    def may_edit(self, at: datetime) -> bool:
        """Whether the reader could edit their comments at all (each comment has its own window too)."""
        return not self.barred(at)

    def reporter_weight(self) -> float:
        """NEWCOMER_WEIGHT for a reader with no decided reports, towards MAX_REPORTER_WEIGHT as
        moderators uphold their reports and towards 0 as they do not."""
        decided = self.complaints_upheld + self.complaints_rejected
        return MAX_REPORTER_WEIGHT * (self.complaints_upheld + 1) / (decided + 2)


GOOD_STANDING = Standing()
MAX_REPORTER_WEIGHT = 2.0
NEWCOMER_WEIGHT = GOOD_STANDING.reporter_weight()  # 1.0
ANONYMOUS_REPORTER_WEIGHT = 0.5  # a report from someone not signed in: nobody's track record


def reporter_weight(standing: Standing | None, anonymous: bool) -> float:
    """How much a report counts: an anonymous reporter's fixed weight, else their record's."""
    if anonymous:
        return ANONYMOUS_REPORTER_WEIGHT
    return (standing or GOOD_STANDING).reporter_weight()


class PostingBar(enum.StrEnum):
    """Why a comment may not be posted; the value is the error code readers' clients see."""

    SIGNED_OUT = "unauthenticated"
    NOT_SUBSCRIBER = "subscription_required"
    ARTICLE_MISSING = "article_not_found"
    SITE_PAUSED = "commenting_paused"
    ACCOUNT_BARRED = "account_suspended"
    ARTICLE_CLOSED = "comments_closed"


# Known from the reader's token alone: refused before any path reads the database.
READER_BARS = (PostingBar.SIGNED_OUT, PostingBar.NOT_SUBSCRIBER)
# Known from stored rows: the one-statement insert must test every one of these.
STORED_BARS = (PostingBar.ARTICLE_MISSING, PostingBar.SITE_PAUSED, PostingBar.ACCOUNT_BARRED, PostingBar.ARTICLE_CLOSED)
# What stops an author editing a comment they already posted (its article's state plays no part).
_EDITING_STORED_BARS = (PostingBar.SITE_PAUSED, PostingBar.ACCOUNT_BARRED)
EDITING_BARS = (*READER_BARS, *_EDITING_STORED_BARS)


@dataclass(frozen=True)
class PostingFacts:
    """Everything the posting bars look at."""

    signed_in: bool
    subscriber: bool
    staff: bool
    standing: Standing = GOOD_STANDING
    site_paused: bool = False
    article_exists: bool = True
    article_open: bool = True  # not closed by hand (nor by the sweep, once their time came)
    article_closes_at: datetime | None = None  # when they close by themselves


def reader_bar(signed_in: bool, subscriber: bool, staff: bool) -> PostingBar | None:
    """The bar the reader's token alone settles, if any (none of these depends on the time)."""
    if not signed_in:
        return PostingBar.SIGNED_OUT
    if not (subscriber or staff):  # staff may comment without subscribing
        return PostingBar.NOT_SUBSCRIBER
    return None


def _stored_bar(bars: tuple[PostingBar, ...], facts: PostingFacts, at: datetime) -> PostingBar | None:
    return next((bar for bar in bars if _applies(bar, facts, at)), None)


def _applies(bar: PostingBar, facts: PostingFacts, at: datetime) -> bool:
    """Whether one of the STORED_BARS stands in the way."""
    if bar is PostingBar.ARTICLE_MISSING:
        return not facts.article_exists
    if bar is PostingBar.SITE_PAUSED:
        return facts.site_paused
    if bar is PostingBar.ACCOUNT_BARRED:
        return facts.standing.barred(at)
    if bar is PostingBar.ARTICLE_CLOSED:
        return not comments_open_at(facts.article_open, facts.article_closes_at, at)
    raise ValueError(f"{bar!r} is known from the reader's token, not from stored rows")


def posting_bar(facts: PostingFacts, at: datetime) -> PostingBar | None:
    """The first reason the reader may not post on the article at `at`, or None when they may."""
    return reader_bar(facts.signed_in, facts.subscriber, facts.staff) or _stored_bar(STORED_BARS, facts, at)


def editing_bar(facts: PostingFacts, at: datetime) -> PostingBar | None:
    """The first reason the author may not edit their comment at `at`, or None when nothing but
    the comment's own state (see `lifecycle.ensure_editable`) stands in the way."""
    return reader_bar(facts.signed_in, facts.subscriber, facts.staff) or _stored_bar(_EDITING_STORED_BARS, facts, at)


def may_comment(signed_in: bool, subscriber: bool, staff: bool, standing: Standing, at: datetime) -> bool:
    """Whether the reader may comment at all, article and site aside (what the widget asks)."""
    facts = PostingFacts(signed_in=signed_in, subscriber=subscriber, staff=staff, standing=standing)
    return posting_bar(facts, at) is None
