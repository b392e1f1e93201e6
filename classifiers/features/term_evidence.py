"""How much more often a comment's words occur in its context than in text at large.

Cosine similarity and plain word overlap both reward a comment for using words its
context happens to contain; against a 2,000-word article nearly every common word is
"present", so short, generic comments look on-topic. Here each comment word is scored
by a smoothed likelihood ratio, as in query-likelihood retrieval with Dirichlet
smoothing: how much likelier the word is under the context's own word distribution
than under the background one (estimated from the featuriser's IDF). A word the
context uses often and the world uses rarely is strong evidence; "the" is none.

Two views are returned per context: the mean evidence per comment word (is what the
comment says related?) and the total (how much related content is there?), because a
three-word comment cannot carry as much evidence of relevance as a paragraph.
"""

from __future__ import annotations

import math
from collections import Counter

from classifiers.features.hashed_ngrams import HashedNgrams


class TermEvidence:
    """Dirichlet-smoothed log-likelihood ratios of comment words under a context.

    ``mu`` is the smoothing mass in words: contexts much shorter than it (a title)
    move the estimate little per word, so a single shared title word still counts but
    cannot dominate. ``background_length`` converts IDF's per-document rates into
    per-word probabilities (the typical length of the texts IDF was fitted on).
    """

    def __init__(self, featurizer: HashedNgrams, mu: float = 30.0, background_length: float = 20.0):
        self.featurizer = featurizer
        self.mu = mu
        self.background_length = background_length
        self._background: dict[str, float] = {}

    def background(self, token: str) -> float:
        found = self._background.get(token)
        if found is None:
            # idf = log(N / df) + 1 (smoothed), so df / N is about exp(1 - idf).
            document_rate = min(0.5, math.exp(1.0 - self.featurizer.token_idf(token)))
            found = document_rate / self.background_length
            if len(self._background) < 200_000:
                self._background[token] = found
        return found

    def score(self, comment: list[str], context_counts: Counter, context_length: int) -> tuple[float, float, float]:
        """(coverage, mean, total) for one comment; zeros when either side has no words.

        ``coverage`` is the older, saturating measure (IDF-weighted share of the
        comment's words present in the context), computed in the same pass.
        """
        if not comment or not context_length:
            return 0.0, 0.0, 0.0
        total = covered = weight = 0.0
        for token in comment:
            idf = self.featurizer.token_idf(token)
            weight += idf
            count = context_counts.get(token, 0)
            if count:
                covered += idf
                p = self.background(token)
                ratio = (count + self.mu * p) / ((context_length + self.mu) * p)
                total += max(0.0, math.log(ratio))
        return covered / weight if weight else 0.0, total / len(comment), total
