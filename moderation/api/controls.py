"""The newsroom's controls over what may be posted: the banned and suspect word lists, and the
site-wide pause of commenting."""
from __future__ import annotations

from flask import Blueprint

from ..domain.model import Reader
from ..services import site_controls, word_lists
from ..web import ctx
from .responses import SiteControls, WordListHistory, WordListsView
from .schemas import SiteIn, WordListsIn
from .spec import endpoint

bp = Blueprint("controls", __name__, url_prefix="/api/v1/moderation")


@endpoint(bp, "GET", "/word-lists", summary="The banned and suspect phrases in force", auth="moderator",
          returns=WordListsView, responses={200: "The lists, with who saved them and when"})
def get_word_lists(reader: Reader):
    return word_lists.get_word_lists(ctx())


@endpoint(bp, "PUT", "/word-lists", summary="Replace the banned and suspect phrases (validated; earlier versions kept)",
          auth="admin", body=WordListsIn, returns=WordListsView,
          responses={200: "Saved: they apply to comments posted or edited from now on",
                     422: "invalid_word_lists: every problem named (empty, too long, too many, twice, on both lists)"})
def put_word_lists(body: WordListsIn, reader: Reader):
    return word_lists.save_word_lists(ctx(), reader, {"banned": body.banned, "suspect": body.suspect}, body.note)


@endpoint(bp, "GET", "/word-lists/history", summary="Every saved version of the word lists", auth="moderator",
          returns=WordListHistory, responses={200: "Newest first"})
def word_list_history(reader: Reader):
    return WordListHistory(versions=word_lists.word_list_history(ctx()))


@endpoint(bp, "GET", "/site", summary="Whether commenting is paused everywhere, and the message readers see",
          auth="moderator", returns=SiteControls, responses={200: "The site's switches"})
def get_site(reader: Reader):
    return site_controls.get_site(ctx())


@endpoint(bp, "PUT", "/site", summary="Pause or resume commenting everywhere (moderators may pause; resuming is for admins)",
          auth="moderator", body=SiteIn, returns=SiteControls,
          responses={200: "Changed (recorded in the audit trail)",
                     403: "moderator_only, or admin_only: only an admin may resume commenting",
                     422: "message_too_long"})
def put_site(body: SiteIn, reader: Reader):
    return site_controls.set_site(ctx(), reader, body.commenting_paused, body.message)
