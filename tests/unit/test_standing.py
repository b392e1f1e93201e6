"""A reader's standing: who may post and edit, and how much a reader's reports weigh."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from moderation.domain.standing import (
    ANONYMOUS_REPORTER_WEIGHT,
    EDITING_BARS,
    GOOD_STANDING,
    MAX_REPORTER_WEIGHT,
    NEWCOMER_WEIGHT,
    READER_BARS,
    STORED_BARS,
    PostingBar,
    PostingFacts,
    Standing,
    editing_bar,
    may_comment,
    posting_bar,
    reporter_weight,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SUBSCRIBER = PostingFacts(signed_in=True, subscriber=True, staff=False)


def test_a_suspension_bars_until_the_moment_it_ends_and_a_ban_for_ever():
    suspended = Standing(suspended_until=T0 + timedelta(days=1))
    assert suspended.barred(T0) and not suspended.may_edit(T0)
    assert not suspended.barred(T0 + timedelta(days=1)) and suspended.may_edit(T0 + timedelta(days=1))
    assert Standing(banned=True).barred(T0 + timedelta(days=3650))
    assert not GOOD_STANDING.barred(T0)


@pytest.mark.parametrize(("facts", "bar"), [
    (SUBSCRIBER, None),
    (PostingFacts(signed_in=True, subscriber=False, staff=True), None),  # staff need no subscription
    (PostingFacts(signed_in=False, subscriber=False, staff=False), PostingBar.SIGNED_OUT),
    (PostingFacts(signed_in=True, subscriber=False, staff=False), PostingBar.NOT_SUBSCRIBER),
    (PostingFacts(signed_in=True, subscriber=True, staff=False, article_exists=False), PostingBar.ARTICLE_MISSING),
    (PostingFacts(signed_in=True, subscriber=True, staff=False, site_paused=True), PostingBar.SITE_PAUSED),
    (PostingFacts(signed_in=True, subscriber=True, staff=False, standing=Standing(banned=True)), PostingBar.ACCOUNT_BARRED),
    (PostingFacts(signed_in=True, subscriber=True, staff=False, standing=Standing(suspended_until=T0 + timedelta(seconds=1))),
     PostingBar.ACCOUNT_BARRED),
    (PostingFacts(signed_in=True, subscriber=True, staff=False, standing=Standing(suspended_until=T0)), None),  # just ended
    (PostingFacts(signed_in=True, subscriber=True, staff=False, article_open=False), PostingBar.ARTICLE_CLOSED),
    (PostingFacts(signed_in=True, subscriber=True, staff=False, article_closes_at=T0), PostingBar.ARTICLE_CLOSED),
    (PostingFacts(signed_in=True, subscriber=True, staff=False, article_closes_at=T0 + timedelta(seconds=1)), None),
])
def test_each_posting_bar(facts, bar):
    assert posting_bar(facts, T0) is bar


def test_the_first_bar_is_the_one_reported():
    everything = PostingFacts(signed_in=True, subscriber=False, staff=False, standing=Standing(banned=True),
                              site_paused=True, article_exists=False, article_open=False)
    assert posting_bar(everything, T0) is PostingBar.NOT_SUBSCRIBER
    assert posting_bar(PostingFacts(signed_in=True, subscriber=True, staff=False, site_paused=True,
                                    standing=Standing(banned=True), article_open=False), T0) is PostingBar.SITE_PAUSED


def test_every_bar_is_either_the_readers_or_stored_and_editing_ignores_the_article():
    assert set(READER_BARS) | set(STORED_BARS) == set(PostingBar)
    assert not set(READER_BARS) & set(STORED_BARS)
    closed_and_gone = PostingFacts(signed_in=True, subscriber=True, staff=False, article_exists=False, article_open=False)
    assert editing_bar(closed_and_gone, T0) is None
    assert editing_bar(PostingFacts(signed_in=True, subscriber=True, staff=False, site_paused=True), T0) is PostingBar.SITE_PAUSED
    assert editing_bar(PostingFacts(signed_in=True, subscriber=True, staff=False, standing=Standing(banned=True)), T0) \
        is PostingBar.ACCOUNT_BARRED
    assert PostingBar.ARTICLE_CLOSED not in EDITING_BARS


def test_may_comment_is_the_posting_rule_without_article_and_site():
    assert may_comment(True, True, False, GOOD_STANDING, T0)
    assert not may_comment(True, False, False, GOOD_STANDING, T0)
    assert may_comment(True, False, True, GOOD_STANDING, T0)
    assert not may_comment(True, True, False, Standing(suspended_until=T0 + timedelta(hours=1)), T0)


def test_reporter_weight_starts_at_one_and_moves_with_the_track_record_within_its_cap():
    assert NEWCOMER_WEIGHT == 1.0 and reporter_weight(None, anonymous=False) == 1.0
    assert reporter_weight(Standing(complaints_upheld=2, complaints_rejected=0), anonymous=False) == pytest.approx(1.5)
    assert reporter_weight(Standing(complaints_upheld=0, complaints_rejected=2), anonymous=False) == pytest.approx(0.5)
    reliable = Standing(complaints_upheld=10_000, complaints_rejected=0).reporter_weight()
    assert 1.99 < reliable < MAX_REPORTER_WEIGHT
    assert reporter_weight(Standing(complaints_upheld=50), anonymous=True) == ANONYMOUS_REPORTER_WEIGHT
