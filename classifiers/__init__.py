"""Abuse, off-topic and spam classifiers for news comments.

Importing this package loads no model and no heavy module: ``load_scorer`` reads the
artifact when it is called, so the web process can import the types for free.
"""

__all__ = ["CommentInput", "Scorer", "Scores", "load_scorer"]


def __getattr__(name):
    if name == "Scores":
        from classifiers.scores import Scores

        return Scores
    if name in __all__:
        from classifiers import api

        return getattr(api, name)
    raise AttributeError(f"module 'classifiers' has no attribute {name!r}")
