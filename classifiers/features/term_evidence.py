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

import numpy as np

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
        return self._backgrounds([token], [self.featurizer.token_idf(token)])[0]

    def _backgrounds(self, tokens: list[str], idfs: list[float]) -> list[float]:
        cache, out = self._background, []
        for token, idf in zip(tokens, idfs):
            found = cache.get(token)
            if found is None:
                # idf = log(N / df) + 1 (smoothed), so df / N is about exp(1 - idf).
                document_rate = math.exp(1.0 - idf)
                common = document_rate > self.max_document_rate and document_rate * self._n_documents >= self.min_documents
                found = 0.0 if common else document_rate / self.background_length
                if len(cache) < 200_000:
                    cache[token] = found
            out.append(found)
        return out

    def score(self, comment: list[str], context_counts: Counter, context_length: int) -> tuple[float, float, float]:
        """(coverage, mean, total) for one comment against a context's ``stem_counts``.

        Zeros when either side has no words. ``coverage`` is the older, saturating
        measure (IDF-weighted share of the comment's words present in the context).
        """
        coverage, mean, total = (float(v) for v in self.score_batch([comment], [context_counts], [context_length])[0])
        return coverage, mean, total

    def score_batch(self, comments: list[list[str]], context_counts: list[Counter], context_lengths: list[int] | np.ndarray) -> np.ndarray:
        """``score`` of each comment against its own context, as rows (coverage, mean, total).

        Each distinct word's IDF and background rate is looked up once; the sums run
        over the words in order, so every row equals what ``score`` gave word by word.
        """
        n = len(comments)
        out = np.zeros((n, 3))
        lengths = np.array([len(c) for c in comments], dtype=np.int64)
        context_sizes = np.asarray(context_lengths, dtype=np.int64)
        scored = np.flatnonzero((lengths > 0) & (context_sizes > 0))
        if not len(scored):
            return out
        words = [t for i in scored.tolist() for t in comments[i]]
        doc = np.repeat(scored, lengths[scored])
        distinct = list(dict.fromkeys(words))
        position = {t: k for k, t in enumerate(distinct)}
        word_of = np.fromiter(map(position.__getitem__, words), dtype=np.int64, count=len(words))
        distinct_idf = self.featurizer.token_idfs(distinct)
        distinct_stem = [stem(t) for t in distinct]
        idf = distinct_idf[word_of]
        count = np.fromiter(
            (context_counts[i].get(distinct_stem[w], 0) for i, w in zip(doc.tolist(), word_of.tolist())), dtype=np.int64, count=len(words)
        )
        background = np.array(self._backgrounds(distinct, distinct_idf.tolist()))[word_of]
        evidence = np.zeros(len(words))
        where = np.flatnonzero((count > 0) & (background > 0.0))
        mu = self.mu
        evidence[where] = [
            max(0.0, math.log((c + mu * p) / ((length + mu) * p)))
            for c, p, length in zip(count[where].tolist(), background[where].tolist(), context_sizes[doc[where]].tolist())
        ]
        weight = np.bincount(doc, weights=idf, minlength=n)
        covered = np.bincount(doc, weights=np.where(count > 0, idf, 0.0), minlength=n)
        total = np.bincount(doc, weights=evidence, minlength=n)
        out[scored, 0] = np.where(weight[scored] > 0, covered[scored] / np.where(weight[scored] > 0, weight[scored], 1.0), 0.0)
        out[scored, 1] = total[scored] / lengths[scored]
        out[scored, 2] = total[scored]
        return out
