"""The newsroom's banned and suspect phrases: the lists in force, their history, and saving a new version."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..adapters.orm import WordListVersion
from ..domain.model import Reader
from ..domain.word_lists import WordLists, word_lists_from
from .audit import record
from .context import Context
from .results import WordListsView


def current_word_lists(session: Session) -> tuple[int, WordLists]:
    """The lists in force and their version (0: none saved yet, so nothing is listed)."""
    latest = session.scalars(select(WordListVersion).order_by(WordListVersion.id.desc()).limit(1)).first()
    if latest is None:
        return 0, WordLists()
    return latest.id, WordLists(banned=tuple(latest.banned), suspect=tuple(latest.suspect))


def word_lists_in_force(ctx: Context, session: Session) -> tuple[int, WordLists]:
    """As current_word_lists, remembered by the process until a newer version is saved (the caller
    makes sure of that: posting's single statement refuses to run once a newer version exists)."""
    latest = session.scalar(select(WordListVersion.id).order_by(WordListVersion.id.desc()).limit(1)) or 0
    known = ctx.memo.get("word_lists")
    if known is None or known[0] != latest:
        known = ctx.memo["word_lists"] = current_word_lists(session)
    return known


def remembered_word_lists(ctx: Context) -> tuple[int, WordLists] | None:
    """The lists this process last read, without asking the database; None before the first read."""
    return ctx.memo.get("word_lists")


def _view(row: WordListVersion | None) -> WordListsView:
    if row is None:
        return WordListsView(banned=[], suspect=[], version=0, author=None, note="", created_at=None)
    return WordListsView(banned=list(row.banned), suspect=list(row.suspect), version=row.id, author=row.author,
                         note=row.note, created_at=row.created_at)


def get_word_lists(ctx: Context) -> WordListsView:
    with ctx.transaction() as session:
        return _view(session.scalars(select(WordListVersion).order_by(WordListVersion.id.desc()).limit(1)).first())


def save_word_lists(ctx: Context, admin: Reader, data: object, note: str = "") -> WordListsView:
    """Validate and store a new version (earlier ones stay as history). The lists apply to comments
    posted or edited from now on; comments already published are not searched again."""
    lists = word_lists_from(data)
    now = ctx.now()
    with ctx.transaction() as session:
        _, before = current_word_lists(session)
        row = WordListVersion(banned=list(lists.banned), suspect=list(lists.suspect), author=admin.id, note=note,
                              created_at=now)
        session.add(row)
        session.flush()
        record(session, actor=admin.id, action="word_lists_changed", at=now, note=note,
               before={"banned": list(before.banned), "suspect": list(before.suspect)},
               after={"banned": list(lists.banned), "suspect": list(lists.suspect), "version": row.id})
        return _view(row)


def word_list_history(ctx: Context, limit: int = 50) -> list[WordListsView]:
    with ctx.transaction() as session:
        rows = session.scalars(select(WordListVersion).order_by(WordListVersion.id.desc()).limit(limit)).all()
        return [_view(r) for r in rows]
