"""Any text a reader can send scores without error, alone or in any batch, with the same scores either
way; and a batch that fails leaves nothing behind in the near-duplicate memory."""

import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from classifiers.api import CommentInput, Scorer
from classifiers.artifact import load_bundle
from classifiers.features.near_duplicates import NearDuplicateIndex
from classifiers.models.abuse import SUB_LABELS

pytestmark = pytest.mark.slow  # trains or loads a model: the slow tier

# Pieces that trip up array code which measures a text before transforming it: a case mapping that
# changes the length ("İ" lower-cases to two code points), combining marks, right-to-left text and
# marks, emoji with modifiers and joiners, control and invisible characters, and what the
# normaliser rewrites (entities, literal escapes, links, mentions, letters spelled out).
AWKWARD = [
    "İ", "İstanbul", "ß", "ﬁ", "ŉ", "ǰ", "ΐ", "ǅ", "K", "ΣΑΣ", "e\u0301", "\u0301\u0308", "שלום", "مرحبا",
    "\u202e", "\u200f", "👍🏽", "👨\u200d👩\u200d👧", "🇬🇧", "\x00", "\x07", "\x1c", "\x7f", "\u200b", "\ufeff",
    "\u2028", "\u3000", "&amp;", "&#0;", "&#xd800;", "&", "\\x41", "\\u0041", "\\n", "http://x.com/a?b=1",
    "www.", ".co.uk", "@user", "RT", "URL", "i d i o t", "f.u.c.k", "idiot", "aaaa", "!!!!", "$5",
    "+44 7700 900123", "1", " ",
]
# Lone surrogates are not valid in JSON, so no comment can carry one.
piece = st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(AWKWARD))
short_text = st.lists(piece, max_size=40).map("".join)
long_text = st.builds(lambda pieces, times: ("".join(pieces) * times)[:5000],
                      st.lists(piece, min_size=1, max_size=8), st.integers(1, 5000))
blank = st.text(st.sampled_from(" \t\n\r\x0b\x0c\u00a0\u2028\u3000"), max_size=5)
any_text = st.one_of(blank, short_text, long_text)
maybe_text = st.one_of(st.none(), any_text)
comment = st.builds(lambda text, title, body, parent: (text, title, body, parent), any_text, maybe_text, maybe_text, maybe_text)

TURKISH = [("İstanbul'da İzmir'e giden otobüsler İptal edildi, İnanılmaz", None, None, None),
           ("İİİİİİİİİİİİİİİİİİİİ and then some ordinary words after them", "Bus routes", None, None)]


@pytest.fixture(scope="module")
def bundle():
    return load_bundle()


@pytest.fixture(scope="module")
def forgetful(bundle):
    """No near-duplicate memory: the one thing meant to make a text's scores depend on what came before it."""
    return Scorer(bundle, recent_capacity=0)


def _inputs(batch) -> list[CommentInput]:
    return [CommentInput(str(i), text, article_title=title, article_body=body, parent_text=parent, article_id="a1")
            for i, (text, title, body, parent) in enumerate(batch)]


def _check(comment: CommentInput, result) -> None:
    values = [result.abuse, result.spam, *(result.labels[name] for name in SUB_LABELS)]
    assert all(0.0 <= v <= 1.0 for v in values), result
    if comment.has_context:
        assert 0.0 <= result.off_topic <= 1.0, result
    else:
        assert result.off_topic is None
    json.dumps(result.to_dict(), allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(comment, min_size=1, max_size=6))
@example(TURKISH)
@example([(" ", None, None, None), ("", "", "", "")])
def test_any_text_scores_alone_and_in_a_batch_the_same(bundle, forgetful, batch):
    comments = _inputs(batch)
    with_memory = Scorer(bundle).score_batch(comments)  # later texts meet earlier ones in the memory
    together = forgetful.score_batch(comments)
    assert len(with_memory) == len(together) == len(comments)  # one result per comment, in order
    for c, remembered, in_batch in zip(comments, with_memory, together):
        _check(c, remembered)
        _check(c, in_batch)
        [alone] = forgetful.score_batch([c])
        _check(c, alone)
        for signal in ("abuse", "spam", *SUB_LABELS):
            a = in_batch.labels[signal] if signal in SUB_LABELS else getattr(in_batch, signal)
            b = alone.labels[signal] if signal in SUB_LABELS else getattr(alone, signal)
            assert a == pytest.approx(b, abs=1e-6), (signal, c)
        assert (in_batch.off_topic is None) == (alone.off_topic is None)
        if alone.off_topic is not None:
            assert in_batch.off_topic == pytest.approx(alone.off_topic, abs=1e-6), ("off_topic", c)


LONG = ["The new bus routes should run later at night for shift workers coming home.",
        "I would rather the council spent the money on fixing the roads in the east end."]


def test_a_batch_that_fails_leaves_the_near_duplicate_memory_as_it_was(bundle, monkeypatch):
    scorer = Scorer(bundle)
    scorer.score_batch([CommentInput("earlier", "Something else entirely was said under another article, at length.")])
    remembered = len(scorer.recent)

    def fail(texts, contexts):
        raise IndexError("a bug after the memory step")

    with monkeypatch.context() as patched:
        patched.setattr(scorer.off_topic, "score", fail)
        with pytest.raises(IndexError):
            scorer.score_batch([CommentInput(str(i), t, article_title="Buses") for i, t in enumerate(LONG)])
    assert len(scorer.recent) == remembered
    for i, t in enumerate(LONG):  # tried again alone: nobody is a copy of themselves
        [result] = scorer.score_batch([CommentInput(str(i), t, article_title="Buses")])
        assert "near-duplicate of a recent comment" not in result.labels["explanation"]["spam"]


def test_forgetting_since_a_mark_keeps_what_came_before():
    index = NearDuplicateIndex()
    text = "the same long comment pasted under many articles by a spammer"
    index.add(index.signature(text), "a1")
    mark = index.mark()
    index.add(index.signature(text), "a2")  # shares every bucket with the first
    index.add(index.signature(text + " again"), "a3")
    index.forget_since(mark)
    assert len(index) == 1
    assert index.query(index.signature(text)) == (1.0, {"a1"})
