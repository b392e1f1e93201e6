"""Articles, registered by the publisher's CMS."""
from __future__ import annotations

from flask import Blueprint

from ..domain.model import Reader
from ..services import articles
from ..web import ctx
from .responses import ArticleView
from .schemas import ArticleIn
from .spec import endpoint

bp = Blueprint("articles", __name__, url_prefix="/api/v1/articles")


@endpoint(bp, "PUT", "/<article_id>", summary="Create or update an article", auth="editor", body=ArticleIn,
          returns=ArticleView,
          responses={200: "Updated", 201: "Created", 422: "Invalid fields"})
def put_article(article_id: str, body: ArticleIn, reader: Reader):
    article, created = articles.upsert_article(ctx(), reader, article_id, body.model_dump(exclude_unset=True))
    return article, 201 if created else 200


@endpoint(bp, "GET", "/<article_id>", summary="An article's public data and comment count", auth="public",
          returns=ArticleView, responses={200: "The article", 404: "Unknown article"})
def get_article(article_id: str):
    return articles.get_article(ctx(), article_id)
