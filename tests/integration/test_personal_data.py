"""Every column that can hold a reader's personal data, and proof that erasing the reader clears or
de-identifies each one. A column added to the schema fails this test until it is classified here."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from moderation import create_app
from moderation.adapters.orm import Base
from moderation.config import Settings
from moderation.domain.appeals import AppealOutcome
from moderation.domain.model import Action, Reader, Reason, SanctionKind
from moderation.services import appeals, articles, comments, complaints, decisions, erasure, sanctions
from moderation.services.idempotency import IdempotencyKey
from support.api import give_scores
from support.clock import WEEKDAY_MORNING, MutableClock
from support.tokens import SSO_SECRET

pytestmark = pytest.mark.integration

# Where a reader's personal data can be, and what erasure does with it.
PERSONAL = {
    "comments.author_id": "a random stand-in id",
    "comments.author_name": "emptied",
    "comments.body": "emptied (a legal hold keeps it until released)",
    "comments.amended_body": "emptied",
    "comment_scores.labels": "the words the classifiers quoted go",
    "queue_items.triggers": "emptied (they quote the classifiers' words)",
    "queue_items.explanation": "emptied",
    "complaints.reporter_key": "the stand-in's key (the report still counts once)",
    "complaints.reporter_id": "the stand-in id",
    "complaints.note": "emptied",
    "decisions.text": "emptied",
    "decisions.note": "emptied",
    "appeals.author_id": "the stand-in id",
    "appeals.note": "emptied",
    "appeals.outcome_note": "emptied",
    "users.id": "the row is deleted (a stand-in row keeps sanctions)",
    "users.name": "deleted with the row",
    "users.email": "deleted with the row",
    "sanctions.user_id": "the stand-in id",
    "sanctions.reason": "emptied",
    "notifications.recipient_id": "the rows are deleted",
    "notifications.message": "deleted with the rows",
    "idempotency_records.owner": "the rows are deleted",
    "idempotency_records.result": "deleted with the rows",
    "audit_events.actor": "the stand-in id",
    "audit_events.user_id": "the stand-in id",
    "audit_events.note": "emptied on their comments, reports and sanctions",
    "audit_events.before": "texts taken out",
    "audit_events.after": "texts taken out",
}
# Everything else: ids of rows, states, times, scores, the newsroom's own staff and settings.
NOT_PERSONAL = {
    # On-call alerts name the article and the scores, never a comment's words or its author.
    "alerts": ["id", "event", "recipient", "kind", "comment_id", "reason", "summary", "escalated_from", "created_at",
               "batch_id", "acknowledged_at", "acknowledged_by", "escalated_at"],
    "alert_batches": ["id", "recipient", "subject", "text", "created_at", "acknowledged_at", "acknowledged_by"],
    "alert_deliveries": ["id", "batch_id", "channel", "target", "format", "state", "attempts", "next_attempt_at",
                         "claimed_at", "sent_at", "error"],
    "articles": ["id", "title", "url", "body", "section", "published_at", "comments_open", "created_at", "updated_at",
                 "sensitive", "sensitive_since", "closes_at", "close_automatically"],
    "audit_events": ["id", "comment_id", "action", "reason", "created_at"],
    "decision_tallies": ["moderator_id", "action", "decisions"],
    "idempotency_records": ["key", "fingerprint", "created_at"],
    "model_versions": ["id", "version", "state", "base_version", "decisions_through", "decisions_used", "metrics",
                       "reasons", "manifest", "arrays", "created_at"],
    "notifications": ["id", "comment_id", "kind", "created_at", "read_at", "emailed_at"],
    "policy_versions": ["id", "config", "author", "note", "created_at"],
    "service_state": ["key", "value", "updated_at"],
    # The newsroom's own lists and switches, changed by its staff.
    "word_list_versions": ["id", "banned", "suspect", "author", "note", "created_at"],
    "site_controls": ["id", "commenting_paused", "message", "changed_by", "changed_at"],
    "staff_accounts": ["id", "username", "user_id", "display_name", "password_hash", "roles", "active",
                       "session_version", "last_login_at", "created_at"],
    "staff_login_failures": ["id", "username", "network", "at"],
    "users": ["banned", "suspended_until", "warnings", "complaints_upheld", "complaints_rejected", "created_at"],
    "comments": ["id", "article_id", "parent_id", "root_id", "state", "withheld", "moderation_reason", "revision",
                 "scored_revision", "unscorable_revision", "created_at", "edited_at", "moderated_at", "removed_at",
                 "text_purged_at", "changes"],
    "sanctions": ["id", "kind", "until", "moderator_id", "created_at"],
    "appeals": ["id", "comment_id", "action", "reason", "decided_by", "created_at", "outcome", "judged_by", "judged_at"],
    "comment_scores": ["id", "comment_id", "revision", "model_version", "abuse", "off_topic", "spam", "created_at"],
    "complaints": ["id", "comment_id", "reason", "outcome", "created_at", "reporter_weight"],
    "decisions": ["id", "comment_id", "revision", "moderator_id", "action", "reason", "created_at"],
    "legal_holds": ["comment_id", "reason", "placed_by", "placed_at"],
    "queue_items": ["comment_id", "article_id", "state", "reason", "priority", "due_at", "entered_at",
                    "entered_coverage", "claimed_by", "claim_expires_at", "resolved_at", "resolved_by",
                    "reviewed_revision", "urgency",
                    # The parts say which score and how much weight, never the comment's or a reader's words.
                    "priority_parts", "assessed_coverage", "exposure_points"],
}

ZED = Reader(id="zed-4471", name="Zebedee Quill", subscriber=True, email="zq@example.org")
MARKERS = ("zed-4471", "Zebedee Quill", "zq@example.org", "quillmarker")
MORGAN = Reader(id="mod-morgan", name="Morgan", roles=frozenset({"moderator"}))
CASEY = Reader(id="mod-casey", name="Casey", roles=frozenset({"moderator"}))
EDITOR = Reader(id="ed", name="Editor", roles=frozenset({"editor"}))


def test_every_column_is_classified_as_personal_data_or_not():
    columns = {f"{t.name}.{c.name}" for t in Base.metadata.sorted_tables for c in t.columns}
    classified = set(PERSONAL) | {f"{table}.{name}" for table, names in NOT_PERSONAL.items() for name in names}
    assert columns - classified == set(), "classify the new columns: may they hold a reader's personal data?"
    assert classified - columns == set(), "these columns no longer exist"
    assert not set(PERSONAL) & (classified - set(PERSONAL))


def _columns_with_markers(ctx) -> dict[str, set[str]]:
    """Each personal-data column, with the markers found in it."""
    found: dict[str, set[str]] = {}
    with ctx.transaction() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)).mappings():
                for column, value in row.items():
                    text = str(value)
                    hits = {m for m in MARKERS if m in text}
                    if hits:
                        found.setdefault(f"{table.name}.{column}", set()).update(hits)
    return found


def _fill_every_personal_column(ctx, clock):
    articles.upsert_article(ctx, EDITOR, "a1", {"title": "Harbour bridge"})
    first = comments.post_comment(ctx, ZED, "a1", "quillmarker: the bridge is late", None, IdempotencyKey("k-1", "f" * 64))
    clock.advance(minutes=1)
    comments.edit_comment(ctx, ZED, first.id, "quillmarker: the bridge is very late")
    decisions.decide(ctx, MORGAN, first.id, Action.AMEND, Reason.ABUSE, "quillmarker: amended", "Zebedee Quill again")
    appeals.file_appeal(ctx, ZED, first.id, "quillmarker: please look again")
    appeals.judge_appeal(ctx, CASEY, first.id, AppealOutcome.UPHELD, "Zebedee Quill, rule 2 applies")
    second = comments.post_comment(ctx, ZED, "a1", "quillmarker second thoughts", None)
    give_scores(ctx, second.id, abuse=0.97, model="m1", labels={"explanation": {"abuse": ["quillmarker"]}})
    others = comments.post_comment(ctx, Reader(id="olly", name="Olly", subscriber=True), "a1", "Buy watches", None)
    complaints.file_complaint(ctx, ZED, f"reader:{ZED.id}", others.id, Reason.SPAM, "quillmarker spots an advert")
    sanctions.sanction(ctx, MORGAN, ZED.id, SanctionKind.WARN, None, "Zebedee Quill was rude")
    return first, second


def test_erasure_clears_or_deidentifies_every_personal_column(db_url):
    clock = MutableClock(WEEKDAY_MORNING)
    settings = Settings.from_env({}, database_url=db_url, sso_secret=SSO_SECRET, secret_key="k", log_level="WARNING")
    app = create_app(settings, clock=clock)
    ctx = app.extensions["moderation"].context
    try:
        _fill_every_personal_column(ctx, clock)
        before = _columns_with_markers(ctx)
        # The fixture reaches every column on the list, and the list names every column reached.
        assert set(before) == set(PERSONAL)

        clock.advance(minutes=5)
        outcome = erasure.erase_reader(ctx, ZED.id, requested_by="admin-ash")
        assert (outcome.comments, outcome.complaints) == (2, 1)
        assert _columns_with_markers(ctx) == {}
    finally:
        app.extensions["moderation_engine"].dispose()
        ctx.autocommit.dispose()
