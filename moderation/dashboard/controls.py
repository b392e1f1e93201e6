"""The newsroom's controls in the dashboard: the word lists, the site-wide pause, and each
article's comments (closed or open, sensitive or not)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from ..domain.client_input import ensure_id
from ..domain.model import DomainError, NotFound
from ..domain.word_lists import MAX_PHRASE_CHARS, MAX_PHRASES, WordLists
from ..services import articles, site_controls, word_lists
from ..web import ctx
from . import bp
from .views import moderator

# --- word lists ---------------------------------------------------------------------------------

def _phrases(field: str) -> tuple[str, ...]:
    """One phrase a line, as typed in the form (blank lines skipped, spaces tidied)."""
    return tuple(" ".join(line.split()) for line in request.form.get(field, "").splitlines() if line.strip())


@bp.route("/word-lists", methods=["GET", "POST"])
@login_required
def word_lists_page():
    problems: list[str] = []
    typed = None
    if request.method == "POST":
        if not moderator().is_admin:
            abort(403)
        typed = WordLists(banned=_phrases("banned"), suspect=_phrases("suspect"))
        problems = typed.validate()
        if not problems:
            try:
                word_lists.save_word_lists(ctx(), moderator(), {"banned": list(typed.banned), "suspect": list(typed.suspect)},
                                           request.form.get("note", "")[:2000])
            except DomainError as exc:
                problems = [exc.message]
            else:
                flash("Word lists saved: they apply to comments posted or edited from now on.")
                return redirect(url_for(".word_lists_page"))
    current = word_lists.get_word_lists(ctx())
    shown = typed if typed is not None else current  # what was typed, or else the lists in force
    return render_template("dashboard/controls/word_lists.html", tab="word_lists", current=current, shown=shown,
                           problems=problems, note=request.form.get("note", ""), history=word_lists.word_list_history(ctx()),
                           may_edit=moderator().is_admin, max_phrases=MAX_PHRASES, max_chars=MAX_PHRASE_CHARS), (
        422 if problems else 200)


# --- the site-wide pause -------------------------------------------------------------------------

@bp.route("/site", methods=["GET", "POST"])
@login_required
def site_page():
    problem = ""
    if request.method == "POST":
        pause = request.form.get("commenting_paused") == "1"
        message = request.form.get("message", "")[:2000]
        if not request.form.get("confirm"):
            problem = ("Tick the box to confirm: pausing stops every reader posting on every article."
                       if pause else "Tick the box to confirm: resuming reopens every discussion at once.")
        else:
            try:
                site_controls.set_site(ctx(), moderator(), pause, message)
            except DomainError as exc:
                problem = exc.message
            else:
                flash("Commenting is paused on every article." if pause else "Commenting has resumed.")
                return redirect(url_for(".site_page"))
    return render_template("dashboard/controls/site.html", tab="site", site=site_controls.get_site(ctx()),
                           problem=problem, message=request.form.get("message", ""),
                           default_message=site_controls.DEFAULT_PAUSE_MESSAGE), 422 if problem else 200


# --- articles ------------------------------------------------------------------------------------

@bp.get("/articles")
@login_required
def articles_page():
    search = request.args.get("q", "").strip()[:200]
    return render_template("dashboard/controls/articles.html", tab="articles", search=search,
                           articles=articles.recent_articles(ctx(), search))


@bp.get("/articles/<article_id>")
@login_required
def article_page(article_id: str):
    ensure_id(article_id, "article_id")
    try:
        article = articles.get_article(ctx(), article_id)
    except NotFound:
        abort(404)
    return render_template("dashboard/controls/article.html", tab="articles", article=article,
                           may_reopen=moderator().is_editor)


@bp.post("/articles/<article_id>/controls")
@login_required
def article_controls(article_id: str):
    ensure_id(article_id, "article_id")
    wanted = request.form.get("set", "")
    changes = {"close": {"comments_open": False}, "reopen": {"comments_open": True},
               "sensitive": {"sensitive": True}, "not_sensitive": {"sensitive": False}}.get(wanted)
    if changes is None:
        abort(400)
    try:
        articles.set_controls(ctx(), moderator(), article_id, **changes)
    except NotFound:
        abort(404)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash({"close": "Comments are closed on this article.", "reopen": "Comments are open again on this article.",
               "sensitive": "Marked sensitive: every new comment waits for a moderator.",
               "not_sensitive": "No longer sensitive: new comments are published at once."}[wanted])
    return redirect(url_for(".article_page", article_id=article_id))
