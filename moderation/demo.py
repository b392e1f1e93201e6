"""Demo articles, comments and accounts for the embedded default, written for this service."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from .adapters.identity import sign_token
from .adapters.orm import Article
from .domain.model import Reader, Reason, Role
from .services import articles, comments, complaints, staff
from .services.context import Context

ARTICLES = [
    {
        "id": "harbour-bridge-reopens",
        "title": "Harbour bridge reopens after eighteen months of repairs",
        "section": "Local",
        "body": (
            "The swing bridge linking the old town to the harbour reopened to traffic on Monday after "
            "eighteen months of repairs to its corroded steel deck. The council said the work came in "
            "slightly over budget because of extra welding found necessary once the old paint was "
            "stripped. Cyclists will have a separate lane for the first time, and the bridge will swing "
            "open for boats twice a day instead of on demand."
        ),
    },
    {
        "id": "school-meals-pilot",
        "title": "Free school breakfasts to be trialled in twelve primary schools",
        "section": "Education",
        "body": (
            "Twelve primary schools will offer free breakfasts to every pupil from January in a pilot "
            "that the education committee hopes will improve attendance and concentration. Head teachers "
            "will record attendance and reading scores through the year, and the committee will decide "
            "next autumn whether to extend the scheme to all forty of the region's primary schools."
        ),
    },
    {
        "id": "league-cup-final-report",
        "title": "Late header settles a tense league cup final",
        "section": "Sport",
        "body": (
            "A header from a corner in the eighty-ninth minute gave the visitors a one-nil win in a final "
            "that had few clear chances. The home side's goalkeeper made three fine saves in the second "
            "half, and the losing manager said his team had deserved at least extra time."
        ),
    },
]

DEMO_COMMENTS = [
    ("harbour-bridge-reopens", "reader-ailsa", "Ailsa", "Finally! The detour through the industrial estate added twenty minutes to my commute."),
    ("harbour-bridge-reopens", "reader-tom", "Tom", "Does anyone know whether the cycle lane is separated by a kerb or just paint?"),
    ("school-meals-pilot", "reader-morag", "Morag", "Our school had a breakfast club years ago and attendance went up noticeably. Good to see it back."),
    ("league-cup-final-report", "reader-dev", "Dev", "Their keeper deserved man of the match, whatever the result."),
    ("harbour-bridge-reopens", "reader-grumpy", "Gordon", "Anyone who voted for this money pit is a brainless idiot. Typical council clowns."),
    ("league-cup-final-report", "reader-seller", "Best Deals", "Cheap match tickets and replica shirts!!! Visit www.cheap-shirts.example today!!!"),
]

# Readers' reports on the demo comments above: (comment author, reporter, reason, note).
DEMO_COMPLAINTS = [
    ("reader-grumpy", "reader-ailsa", "abuse", "Name-calling, not an argument."),
    ("reader-grumpy", "reader-morag", "abuse", ""),
    ("reader-seller", "reader-dev", "spam", "Advert for a ticket tout."),
]

ACCOUNTS = {
    "subscriber": {"sub": "demo-subscriber", "name": "Sam Subscriber", "subscriber": True},
    "second_subscriber": {"sub": "demo-subscriber-2", "name": "Priya Patel", "subscriber": True},
    "reader": {"sub": "demo-reader", "name": "Rowan Reader", "subscriber": False},
    "moderator": {"sub": "demo-moderator", "name": "Morgan Moderator", "subscriber": True, "roles": ["moderator"]},
    "admin": {"sub": "demo-admin", "name": "Alex Admin", "subscriber": True, "roles": ["admin"]},
}


STAFF = [
    # username, display name, roles, the id they act under (the same person as the token accounts above)
    ("morgan", "Morgan Moderator", ["moderator"], "demo-moderator"),
    ("casey", "Casey Moderator", ["moderator"], "demo-moderator-2"),
    ("alex", "Alex Admin", ["admin"], "demo-admin"),
]


def seed_staff(ctx: Context, password: str) -> None:
    """Dashboard logins for the demo staff, all with this instance's demo password."""
    existing = {account.username for account in staff.list_accounts(ctx)}
    for username, name, roles, user_id in STAFF:
        if username not in existing:
            staff.create_account(ctx, username, name, password, roles, user_id)


def demo_tokens(secret: str, days: int = 30) -> dict[str, str]:
    exp = int((datetime.now(UTC) + timedelta(days=days)).timestamp())
    return {name: sign_token(secret, {**claims, "exp": exp}) for name, claims in ACCOUNTS.items()}


def seed(ctx: Context) -> bool:
    """Add the demo content once; returns False when it was already there."""
    with ctx.transaction() as session:
        if session.scalar(select(Article.id).where(Article.id == ARTICLES[0]["id"])):
            return False
    editor = Reader(id="demo-editor", name="Demo editor", roles=frozenset({Role.EDITOR}))
    now = ctx.now()
    for offset, article in enumerate(ARTICLES):
        data: dict[str, Any] = {k: v for k, v in article.items() if k != "id"}
        data["url"] = f"/demo/articles/{article['id']}"
        data["published_at"] = now - timedelta(hours=3 + 20 * offset)
        articles.upsert_article(ctx, editor, article["id"], data)
    posted = {}
    for article_id, sub, name, text in DEMO_COMMENTS:
        posted[sub] = comments.post_comment(ctx, Reader(id=sub, name=name, subscriber=True), article_id, text, None).id
    for author, reporter, reason, note in DEMO_COMPLAINTS:
        complaints.file_complaint(ctx, Reader(id=reporter, name=reporter, subscriber=True), f"reader:{reporter}",
                                  posted[author], Reason(reason), note)
    return True
