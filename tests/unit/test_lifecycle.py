"""What moderation does to a comment, and when its author may still change it."""
from __future__ import annotations

from datetime import timedelta

import pytest

from moderation.domain.lifecycle import Moderation, apply_decision, ensure_editable, public_status, was_hidden
from moderation.domain.model import Action, Conflict, InvalidInput, Reason

LIVE = Moderation("published", False, None, None)
WINDOW = timedelta(minutes=15)


def test_amend_shows_new_text_and_releases_a_hidden_comment():
    after = apply_decision(Moderation("published", True, None, None), Action.AMEND, Reason.ABUSE, "[removed] and the rest")
    assert after == Moderation("published", False, "[removed] and the rest", "abuse")
    assert public_status(after.state, after.withheld) == "published"


def test_delete_then_approve_restores():
    deleted = apply_decision(LIVE, Action.DELETE, Reason.LEGAL, None)
    assert public_status(deleted.state, deleted.withheld) == "deleted" and was_hidden(deleted)
    restored = apply_decision(deleted, Action.APPROVE, Reason.OTHER, None)
    assert restored == Moderation("published", False, None, None)


def test_approving_an_amended_comment_keeps_the_amendment():
    amended = apply_decision(LIVE, Action.AMEND, Reason.ABUSE, "tidied")
    assert apply_decision(amended, Action.APPROVE, Reason.OTHER, None).amended_body == "tidied"


def test_approving_takes_no_reason_while_amending_and_deleting_need_one():
    assert apply_decision(LIVE, Action.APPROVE, None, None) == LIVE
    for action, text in ((Action.AMEND, "tidied"), (Action.DELETE, None)):
        with pytest.raises(InvalidInput) as err:
            apply_decision(LIVE, action, None, text)
        assert err.value.code == "reason_required"


def test_withdrawn_comments_are_beyond_moderation():
    with pytest.raises(Conflict) as err:
        apply_decision(Moderation("withdrawn", False, None, None), Action.DELETE, Reason.ABUSE, None)
    assert err.value.code == "comment_withdrawn"


@pytest.mark.parametrize(
    "current, age, under_review, code",
    [
        (LIVE, timedelta(minutes=16), False, "edit_window_closed"),
        (LIVE, timedelta(minutes=1), True, "under_review"),
        (Moderation("published", False, "amended", "abuse"), timedelta(minutes=1), False, "comment_moderated"),
        (Moderation("deleted", False, None, "abuse"), timedelta(minutes=1), False, "comment_moderated"),
    ],
)
def test_when_an_author_may_not_edit(current, age, under_review, code):
    with pytest.raises(Conflict) as err:
        ensure_editable(current, age, WINDOW, under_review)
    assert err.value.code == code


def test_an_author_may_edit_a_live_comment_in_the_window():
    ensure_editable(LIVE, timedelta(minutes=14, seconds=59), WINDOW, under_review=False)
    ensure_editable(Moderation("published", True, None, None), timedelta(minutes=1), WINDOW, under_review=False)


def test_every_reason_reads_as_a_phrase_for_readers():
    from moderation.domain.model import Reason

    assert {reason: reason.phrase for reason in Reason}[Reason.OFF_TOPIC] == "off-topic"
    assert all(reason.phrase and "_" not in reason.phrase for reason in Reason)
