"""How much more often a comment's words occur in its context than in text at large.

Cosine similarity and plain word overlap both reward a comment for using words its
context happens to contain; against a 2,000-word article nearly every common word is
"present", so short, generic comments look on-topic. Here each comment word is scored
by a smoothed likelihood ratio, as in query-likelihood retrieval with Dirichlet
smoothing: how much likelier the word is under the context's own word distribution
than under the background one (estimated from the featuriser's IDF). A word the
context uses often and the world uses rarely is strong evidence.

Common words are no evidence at all: the background rates come from short social-media
texts, where "the" or "of" are rarer than in any article, so they would otherwise
"match" every article and make any long comment look on-topic. Words are compared by
stem, so "buses" counts for an article about a bus.

Two views are returned per context: the mean evidence per comment word (is what the
comment says related?) and the total (how much related content is there?), because a
three-word comment cannot carry as much evidence of relevance as a paragraph.
"""

from __future__ import annotations

import math
from collections import Counter

from classifiers.features.hashed_ngrams import HashedNgrams
from classifiers.features.stems import stem


def stem_counts(tokens: list[str]) -> Counter:
    return Counter(stem(t) for t in tokens)


class TermEvidence:
    """Dirichlet-smoothed log-likelihood ratios of comment words under a context.

    ``mu`` is the smoothing mass in words: contexts much shorter than it (a title)
    move the estimate little per word, so a single shared title word still counts but
    cannot dominate. ``background_length`` converts IDF's per-document rates into
    per-word probabilities (the typical length of the texts IDF was fitted on).
    Words found in more than ``max_document_rate`` of background texts, and in at least
    ``min_documents`` of them, are treated as function words or generic vocabulary and
    give no evidence; the count keeps a small corpus (a test, a first moderator batch)
    from calling every word it has seen twice "common".
    """

    def __init__(
        self,
        featurizer: HashedNgrams,
        mu: float = 30.0,
        background_length: float = 20.0,
        max_document_rate: float = 0.01,
        min_documents: int = 50,
    ):
        self.featurizer = featurizer
        self.mu = mu
        self.background_length = background_length
        self.max_document_rate = max_document_rate
        self.min_documents = min_documents
        # A word never seen has the largest IDF, log(N + 1) + 1, which gives N back.
        self._n_documents = math.exp(float(featurizer.idf_.max()) - 1.0) - 1.0
        self._background: dict[str, float] = {}

    def background(self, token: str) -> float:
        """Per-word background probability of ``token``; 0 for words too common to be evidence."""
        found = self._background.get(token)
        if found is None:
            # idf = log(N / df) + 1 (smoothed), so df / N is about exp(1 - idf).
            document_rate = math.exp(1.0 - self.featurizer.token_idf(token))
            common = document_rate > self.max_document_rate and document_rate * self._n_documents >= self.min_documents
            found = 0.0 if common else document_rate / self.background_length
            if len(self._background) < 200_000:
                self._background[token] = found
        return found

    def score(self, comment: list[str], context_counts: Counter, context_length: int) -> tuple[float, float, float]:
        """(coverage, mean, total) for one comment against a context's ``stem_counts``.

        Zeros when either side has no words. ``coverage`` is the older, saturating
        measure (IDF-weighted share of the comment's words present in the context).
        """
        if not comment or not context_length:
            return 0.0, 0.0, 0.0
        total = covered = weight = 0.0
        for token in comment:
            idf = self.featurizer.token_idf(token)
            weight += idf
            count = context_counts.get(stem(token), 0)
            if count:
                covered += idf
                p = self.background(token)
                if p > 0.0:
                    total += max(0.0, math.log((count + self.mu * p) / ((context_length + self.mu) * p)))
        return covered / weight if weight else 0.0, total / len(comment), total
