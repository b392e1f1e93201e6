"""The newsroom's own rules in the policy: banned and suspect phrases, sensitive articles, and
comments closing by themselves some days after publication."""
from datetime import UTC, datetime, timedelta

import pytest

from classifiers.scores import Scores
from moderation.domain.article_controls import CommentClosing
from moderation.domain.coverage import Coverage
from moderation.domain.model import InvalidInput
from moderation.domain.policy import CommentFacts, PolicyConfig, evaluate
from moderation.domain.policy_codec import config_from_dict, config_to_dict
from moderation.domain.word_lists import WordLists

NOW = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)
CONFIG = PolicyConfig()
QUIET = Scores(abuse=0.05, spam=0.05, off_topic=0.05)
LISTS = WordLists(banned=("kill yourself",), suspect=("idiot",))


def judged(text: str, coverage=Coverage.FULL, **kwargs):
    facts = CommentFacts(created_at=NOW, scores=QUIET, phrases=LISTS.find(text), **kwargs)
    return evaluate(facts, CONFIG, coverage, NOW)


@pytest.mark.parametrize("coverage", list(Coverage))
def test_a_banned_phrase_withholds_the_comment_at_any_coverage(coverage):
    decision = judged("Just k1ll yourself.", coverage)
    assert decision.enqueue and decision.withhold
    assert decision.withheld_by == "banned_phrase"
    assert [t.kind for t in decision.triggers] == ["banned_phrase"]


def test_the_why_names_the_banned_phrase_and_how_it_was_disguised():
    decision = judged("Just k.1.l.l y.o.u.r.s.e.l.f")
    assert decision.triggers[0].detail == "Contains the banned phrase “kill yourself” (written “k.1.l.l y.o.u.r.s.e.l.f”)."
    assert "Withheld at any coverage: it contains the banned phrase “kill yourself” (written" in " ".join(
        decision.explanation)
    plain = judged("kill yourself")
    assert plain.triggers[0].detail == "Contains the banned phrase “kill yourself”."


def test_a_suspect_phrase_queues_the_comment_without_hiding_it():
    decision = judged("What an idiot.", Coverage.PART)
    assert decision.enqueue and not decision.withhold and decision.withheld_by == ""
    assert decision.triggers[0].kind == "suspect_phrase"
    assert decision.triggers[0].detail == "Contains the suspect phrase “idiot”."
    assert decision.due_at == NOW + CONFIG.deadlines[Coverage.PART].flag  # held to the flag deadline


def test_a_comment_without_listed_phrases_is_left_alone():
    decision = judged("A thoughtful comment about the idiom of the skill of killing time.")
    assert not decision.enqueue and not decision.withhold


def test_a_banned_phrase_beside_a_high_abuse_score_is_withheld_for_the_phrase():
    facts = CommentFacts(created_at=NOW, scores=Scores(abuse=0.99, spam=0.0, off_topic=0.0),
                         phrases=LISTS.find("kill yourself"))
    decision = evaluate(facts, CONFIG, Coverage.FULL, NOW)
    assert decision.withheld_by == "banned_phrase" and decision.reason.value == "abuse"


def test_every_comment_written_on_a_sensitive_article_is_withheld_until_reviewed():
    decision = judged("A perfectly polite remark.", sensitive_article=True)
    assert decision.enqueue and decision.withhold and decision.withheld_by == "sensitive_article"
    assert decision.triggers[0].kind == "sensitive_article"
    assert "the article is marked sensitive" in " ".join(decision.explanation)


def test_a_comment_already_withheld_stays_withheld_and_says_so_once_nothing_else_holds_it():
    decision = evaluate(CommentFacts(created_at=NOW, scores=QUIET, withheld=True), CONFIG, Coverage.FULL, NOW)
    assert decision.withhold and decision.withheld_by == "until_review"


# --- closing by themselves -----------------------------------------------------------------------

PUBLISHED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_comments_close_the_policys_days_after_publication_unless_the_section_says_otherwise():
    closing = CommentClosing(after_days=7, sections={"Court reports": 1, "Obituaries": None})
    assert closing.closes_at(PUBLISHED, "News") == PUBLISHED + timedelta(days=7)
    assert closing.closes_at(PUBLISHED, " court  REPORTS ") == PUBLISHED + timedelta(days=1)
    assert closing.closes_at(PUBLISHED, "Obituaries") is None
    assert closing.closes_at(None, "News") is None  # not published yet


def test_by_default_comments_never_close_by_themselves():
    assert CommentClosing().closes_at(PUBLISHED, "News") is None


def test_closing_rules_are_checked_and_kept_with_the_policy():
    config = config_to_dict(PolicyConfig(closing=CommentClosing(after_days=3, sections={"Sport": 10})))
    assert config["closing"] == {"after_days": 3, "sections": {"Sport": 10}}
    assert config_from_dict(config).closing.days_for("sport") == 10
    for bad in ({"after_days": 0, "sections": {}}, {"after_days": 2.5, "sections": {}},
                {"after_days": 3, "sections": {"Sport": -1}}, {"after_days": 3, "sections": {"Sport": 2, "SPORT": 4}},
                {"after_days": 3, "sections": {"": 2}}, {"after_days": True, "sections": {}}):
        with pytest.raises(InvalidInput) as refused:
            config_from_dict({**config, "closing": bad})
        assert "close" in refused.value.message or "section" in refused.value.message


def test_a_policy_saved_before_closing_existed_keeps_comments_open():
    config = config_to_dict(PolicyConfig())
    del config["closing"]
    assert config_from_dict(config).closing == CommentClosing()


def test_several_banned_phrases_are_all_named():
    lists = WordLists(banned=("kill yourself", "scumbag"))
    decision = evaluate(CommentFacts(created_at=NOW, scores=QUIET, phrases=lists.find("Scumbag. Kill yourself.")),
                        CONFIG, Coverage.FULL, NOW)
    assert "Withheld at any coverage: it contains the banned phrases “kill yourself”, “scumbag”." in decision.explanation
    assert [t.detail for t in decision.triggers] == ["Contains the banned phrase “kill yourself”.",
                                                     "Contains the banned phrase “scumbag”."]
