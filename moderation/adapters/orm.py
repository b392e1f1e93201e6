"""The database schema, as SQLAlchemy 2 mapped classes. Alembic migrations are written from these."""
from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    literal_column,
    or_,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator

from ..domain.appeals import AppealOutcome
from ..domain.model import (
    Action,
    CommentState,
    ComplaintOutcome,
    DeliveryState,
    ModelVerdict,
    QueueState,
    Reason,
    SanctionKind,
)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on both PostgreSQL and SQLite (which stores no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        # SQLite keeps no offset: store every moment as UTC so it reads back as the same moment.
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC) if value is not None else None


E = TypeVar("E", bound=enum.StrEnum)


class EnumText(TypeDecorator[E], Generic[E]):
    """A column of one of the domain's StrEnums, stored as its plain string value (so the schema is
    the same VARCHAR as ever) and read back as the enum member. A value outside the enum is refused
    before it reaches the database."""

    impl = String
    cache_ok = True

    def __init__(self, enum_class: type[E], length: int):
        super().__init__(length)
        self.enum_class = enum_class

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else str(self.enum_class(value).value)

    def process_result_value(self, value: Any, dialect: Any) -> E | None:
        return None if value is None else self.enum_class(value)

    def coerce_compared_value(self, op: Any, value: Any) -> Any:
        # A filter compares as plain text: asking for a state that does not exist finds nothing.
        return self.impl_instance


# A 64-bit autoincrementing key that SQLite also understands (it only autoincrements INTEGER).
BigID = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    type_annotation_map: ClassVar = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    url: Mapped[str] = mapped_column(String(2000), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    section: Mapped[str] = mapped_column(String(200), default="")
    published_at: Mapped[datetime | None]
    comments_open: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Every comment written while it is set waits for a moderator (a live court case, say); since when.
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    sensitive_since: Mapped[datetime | None]
    # When its comments close by themselves (the policy's days after publication), unless an editor
    # reopened them by hand, which ends automatic closing for the article.
    closes_at: Mapped[datetime | None]
    close_automatically: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))

    __table_args__ = (
        # The articles whose comments are due to close, for the sweep.
        Index("ix_articles_closing", "closes_at", postgresql_where=text("comments_open AND closes_at IS NOT NULL")),
    )


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("comments.id"))
    # The top-level comment of the thread, so a page of threads loads in one query.
    root_id: Mapped[str] = mapped_column(String(32))
    author_id: Mapped[str] = mapped_column(String(200))
    author_name: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # as the author wrote it (latest author edit)
    amended_body: Mapped[str | None] = mapped_column(Text)  # a moderator's replacement text
    state: Mapped[CommentState] = mapped_column(EnumText(CommentState, 16), default=CommentState.PUBLISHED)
    withheld: Mapped[bool] = mapped_column(Boolean, default=False)
    moderation_reason: Mapped[Reason | None] = mapped_column(EnumText(Reason, 16))
    revision: Mapped[int] = mapped_column(Integer, default=1)  # bumped by each author edit
    scored_revision: Mapped[int] = mapped_column(Integer, default=0)  # the newest text the classifiers have dealt with
    unscorable_revision: Mapped[int | None] = mapped_column(Integer)  # ... if they failed on it: a person must read it
    created_at: Mapped[datetime]
    edited_at: Mapped[datetime | None]
    moderated_at: Mapped[datetime | None]
    # When it left public view (deleted by a moderator, withdrawn, erased): its text is kept for the
    # retention period from then; when the text was purged (erasure or retention), if it was.
    removed_at: Mapped[datetime | None]
    text_purged_at: Mapped[datetime | None]
    # Bumped by every UPDATE of the row, whoever makes it: a thread's count of comments and sum of
    # changes move whenever anything in it changes, which is what the widget's polls ask.
    changes: Mapped[int] = mapped_column(Integer, server_default="0",
                                         onupdate=literal_column("changes + 1"))

    __table_args__ = (
        Index("ix_comments_article_thread", "article_id", "parent_id", "created_at", "id"),
        # How busy an article is right now (the policy's exposure), without reading its whole thread.
        Index("ix_comments_article_time", "article_id", "created_at"),
        Index("ix_comments_article_changes", "article_id", "changes"),
        Index("ix_comments_root", "root_id", "created_at"),
        Index("ix_comments_author", "author_id", "created_at"),
        # Finds comments whose current text has not been scored yet, for the sweep.
        Index("ix_comments_unscored", "created_at", postgresql_where=text("scored_revision < revision")),
        # Counts the withheld comments for /metrics without reading every comment.
        Index("ix_comments_withheld", "created_at", postgresql_where=text("withheld AND state = 'published'")),
        # What the retention purge looks for: removed comments whose text is still kept.
        Index("ix_comments_removed_text", "removed_at", postgresql_where=text("removed_at IS NOT NULL AND text_purged_at IS NULL")),
        # The dashboard's search by words in the text or the author's name (a substring match,
        # which PostgreSQL's trigram indexes answer; SQLite reads the table).
        *(Index(f"ix_comments_{column}_trigrams", column, postgresql_using="gin",
                postgresql_ops={column: "gin_trgm_ops"}).ddl_if(dialect="postgresql")
          for column in ("body", "amended_body", "author_name")),
    )


class Score(Base):
    __tablename__ = "comment_scores"

    id: Mapped[int] = mapped_column(BigID, primary_key=True, autoincrement=True)
    comment_id: Mapped[str] = mapped_column(ForeignKey("comments.id"))
    revision: Mapped[int] = mapped_column(Integer)
    model_version: Mapped[str] = mapped_column(String(200))
    abuse: Mapped[float] = mapped_column(Float)
    off_topic: Mapped[float | None] = mapped_column(Float)
    spam: Mapped[float] = mapped_column(Float)
    labels: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]

    __table_args__ = (
        # Scoring the same text with the same model twice writes one row.
        UniqueConstraint("comment_id", "revision", "model_version", name="uq_score_once"),
        Index("ix_scores_time", "created_at"),  # the newest scores, for /metrics' time to score
    )


class Complaint(Base):
    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(BigID, primary_key=True, autoincrement=True)
    comment_id: Mapped[str] = mapped_column(ForeignKey("comments.id"))
    reporter_key: Mapped[str] = mapped_column(String(200))
    reporter_id: Mapped[str | None] = mapped_column(String(200))  # null for anonymous readers
    reason: Mapped[Reason] = mapped_column(EnumText(Reason, 16))
    note: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[ComplaintOutcome | None] = mapped_column(EnumText(ComplaintOutcome, 16))  # once decided
    created_at: Mapped[datetime]
    # The reporter's weight, fixed when their identity was erased (their track record went with it).
    reporter_weight: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        UniqueConstraint("comment_id", "reporter_key", name="uq_complaint_once_per_reader"),
        Index("ix_complaints_reporter_time", "reporter_key", "created_at"),
        Index("ix_complaints_reporter_id", "reporter_id"),
        # Notes still kept, for the retention purge.
        Index("ix_complaints_noted", "created_at", postgresql_where=text("note <> ''")),
    )


class QueueItem(Base):
    __tablename__ = "queue_items"

    comment_id: Mapped[str] = mapped_column(ForeignKey("comments.id"), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(200))
    state: Mapped[QueueState] = mapped_column(EnumText(QueueState, 16), default=QueueState.OPEN)
    reason: Mapped[Reason] = mapped_column(EnumText(Reason, 16))
    priority: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime]
    entered_at: Mapped[datetime]
    entered_coverage: Mapped[str] = mapped_column(String(8))
    triggers: Mapped[list[Any]] = mapped_column(default=list)
    explanation: Mapped[list[Any]] = mapped_column(default=list)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claim_expires_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(200))
    reviewed_revision: Mapped[int] = mapped_column(Integer, default=0)  # the text a moderator last decided on
    urgency: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # as of the last evaluation
    # The parts the priority adds up to ({"part", "points", "detail"}), as of the last evaluation.
    priority_parts: Mapped[list[Any] | None] = mapped_column(JSON)
    # The coverage level, and what the article's exposure added, when the policy last looked at it:
    # the sweep works out again the items for which either is no longer so (a null coverage: the
    # policy changed since, or the item is older than these columns).
    assessed_coverage: Mapped[str | None] = mapped_column(String(8))
    # None where exposure plays no part: an appeal, or an item the policy no longer ranks (it no longer flags the text).
    exposure_points: Mapped[int | None] = mapped_column(Integer)

    @classmethod
    def free_to_claim(cls, at: datetime) -> ColumnElement[bool]:
        """Items nobody holds at `at`: the SQL form of `domain.queue_item.QueueEntry.claim_live`
        negated (no claimant, or a claim that has expired)."""
        return or_(cls.claimed_by.is_(None), cls.claim_expires_at.is_(None), cls.claim_expires_at <= at)

    __table_args__ = (
        # The queue page: open items by priority, then deadline, with a stable tie-break.
        Index("ix_queue_page", "state", text("priority DESC"), "due_at", "comment_id"),
        Index("ix_queue_reason_page", "state", "reason", text("priority DESC"), "due_at", "comment_id"),
        Index("ix_queue_article_page", "state", "article_id", text("priority DESC"), "due_at", "comment_id"),
        Index("ix_queue_due", "state", "due_at"),
        # The queue's depth by reason and coverage for /metrics, from the index alone.
        Index("ix_queue_open_reasons", "reason", "entered_coverage", postgresql_where=text("state = 'open'")),
    )


class Decision(Base):
    """A moderator's decision; also a labelled example for retraining."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(BigID, primary_key=True, autoincrement=True)
    comment_id: Mapped[str] = mapped_column(ForeignKey("comments.id"))
    revision: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)  # the author's text the decision was about
    moderator_id: Mapped[str] = mapped_column(String(200))
    action: Mapped[Action] = mapped_column(EnumText(Action, 16))
    reason: Mapped[Reason | None] = mapped_column(EnumText(Reason, 16))  # none for an approval: it finds nothing against the text
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_decisions_time", "created_at"),)


class DecisionTally(Base):
    """Decisions per moderator and action, kept up to date with each decision, so /metrics reads a
    few rows rather than counting the whole (ever-growing) decisions table."""

    __tablename__ = "decision_tallies"

    moderator_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    action: Mapped[str] = mapped_column(String(16), primary_key=True)
    decisions: Mapped[int] = mapped_column(BigInteger)


class User(Base):
    """A reader known to the service: sanctions and complaint track record."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(320))
    banned: Mapped[bool] = mapped_column(Boolean, default=False)
    suspended_until: Mapped[datetime | None]
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    complaints_upheld: Mapped[int] = mapped_column(Integer, default=0)
    complaints_rejected: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]


class Sanction(Base):
    __tablename__ = "sanctions"

    id: Mapped[int] = mapped_column(BigID, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[SanctionKind] = mapped_column(EnumText(SanctionKind, 16))
    until: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(Text)
    moderator_id: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


class AuditEvent(Base):
    """Append-only: rows are only ever inserted (PostgreSQL enforces it with a trigger)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigID, primary_key=True, autoincrement=True)
    comment_id: Mapped[str | None] = mapped_column(String(32), index=True)
    user_id: Mapped[str | None] = mapped_column(String(200), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime]

    __table_args__ = (
        # The retention purge's windows of the trail, and the reporters' notes it still holds.
        Index("ix_audit_events_time", "created_at"),
        Index("ix_audit_complaint_notes", "created_at", postgresql_where=text("action = 'complaint' AND note <> ''")),
    )


class Appeal(Base):
    """An author's appeal against a moderator's removal or amendment of their comment (one per comment)."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(BigID, primary_key=True, autoincrement=True)
    comment_id: Mapped[str] = mapped_column(ForeignKey("comments.id"), unique=True)
    author_id: Mapped[str] = mapped_column(String(200), index=True)
    note: Mapped[str] = mapped_column(Text)
    action: Mapped[Action] = mapped_column(EnumText(Action, 16))  # the decision appealed: delete / amend
    reason: Mapped[str] = mapped_column(String(16))  # ... and its reason
    decided_by: Mapped[str] = mapped_column(String(200))  # the moderator who took it: may not judge the appeal
    created_at: Mapped[datetime]
    outcome: Mapped[AppealOutcome | None] = mapped_column(EnumText(AppealOutcome, 16))  # once judged or withdrawn
    outcome_note: Mapped[str] = mapped_column(Text, default="")  # the reasons the author is given
    judged_by: Mapped[str | None] = mapped_column(String(200))
    judged_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_appeals_time", "created_at"),)


class LegalHold(Base):
    """A comment whose text must be kept (erasure and retention leave it) until an admin releases it."""

    __tablename__ = "legal_holds"

    comment_id: Mapped[str] = mapped_column(ForeignKey("comments.id"), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    placed_by: Mapped[str] = mapped_column(String(200))
    placed_at: Mapped[datetime]


class Notification(Base):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(BigID, primary_key=True, autoincrement=True)
    recipient_id: Mapped[str] = mapped_column(String(200))
    comment_id: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_notifications_recipient", "recipient_id", "created_at"),)


class PolicyVersion(Base):
    """Every saved policy configuration; the newest is in force."""

    __tablename__ = "policy_versions"

    id: Mapped[int] = mapped_column(BigID, primary_key=True, autoincrement=True)
    config: Mapped[dict[str, Any]] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]


class WordListVersion(Base):
    """Every saved version of the newsroom's banned and suspect phrases; the newest is in force."""

    __tablename__ = "word_list_versions"

    id: Mapped[int] = mapped_column(BigID, primary_key=True, autoincrement=True)
    banned: Mapped[list[Any]] = mapped_column(JSON)
    suspect: Mapped[list[Any]] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]


class SiteControl(Base):
    """The one row of site-wide switches: whether commenting is paused everywhere, and what readers are told."""

    __tablename__ = "site_controls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    commenting_paused: Mapped[bool] = mapped_column(Boolean, default=False)
    message: Mapped[str] = mapped_column(Text, default="")
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime]


class ServiceState(Base):
    """Small facts the periodic jobs remember between runs (e.g. the coverage level last seen)."""

    __tablename__ = "service_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime]


class StaffAccount(Base):
    """A dashboard login. `user_id` is the identity the moderator acts under (the same id the
    publisher's tokens give them, so decisions made through either surface are one person's)."""

    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(BigID, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    user_id: Mapped[str] = mapped_column(String(200), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(400))
    roles: Mapped[list[Any]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of every session's identity: bumping it (sign-out, new password, disabling) ends them all.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    last_login_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class LoginFailure(Base):
    """A failed dashboard sign-in, counted to slow down password guessing."""

    __tablename__ = "staff_login_failures"

    id: Mapped[int] = mapped_column(BigID, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100))
    # Where the attempt came from: a network, or "device:<id>" for a browser known to the account.
    source: Mapped[str] = mapped_column("network", String(64))
    at: Mapped[datetime]

    __table_args__ = (Index("ix_login_failures_user_time", "username", "at"),)


class IdempotencyRecord(Base):
    """The result of a request sent with an Idempotency-Key, replayed when the request is retried."""

    __tablename__ = "idempotency_records"

    owner: Mapped[str] = mapped_column(String(300), primary_key=True)  # whose key: a reader or an anonymous reporter
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))  # of what was asked, to catch a key reused for something else
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_idempotency_records_created", "created_at"),)


class ModelVersion(Base):
    """Every model retrained from moderators' decisions, promoted or refused by the evaluation gate.
    The newest promoted one is the model in force; before any, the shipped artifact is."""

    __tablename__ = "model_versions"

    id: Mapped[int] = mapped_column(BigID, primary_key=True, autoincrement=True)
    version: Mapped[str] = mapped_column(String(200), index=True)
    state: Mapped[ModelVerdict] = mapped_column(EnumText(ModelVerdict, 16))
    base_version: Mapped[str] = mapped_column(String(200))  # the model in force it was measured against
    decisions_through: Mapped[int] = mapped_column(BigInteger)  # the newest decision it learnt from
    decisions_used: Mapped[int] = mapped_column(Integer)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON)  # validation figures: {"candidate": ..., "current": ...}
    reasons: Mapped[list[Any]] = mapped_column(default=list)  # why the gate refused it
    manifest: Mapped[dict[str, Any]] = mapped_column(JSON)
    arrays: Mapped[bytes | None] = mapped_column(LargeBinary)  # the weights, kept for promoted models only
    created_at: Mapped[datetime]


class AlertBatch(Base):
    """One message to one recipient (an on-call person, the fallback contact, the newsroom's
    channel) listing the alerts gathered since their last one; acknowledged as a whole."""

    __tablename__ = "alert_batches"

    id: Mapped[int] = mapped_column(BigID, primary_key=True, autoincrement=True)
    recipient: Mapped[str] = mapped_column(String(200))  # a username, "fallback" or "newsroom"
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)  # what was sent, links included
    created_at: Mapped[datetime]
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[str | None] = mapped_column(String(200))  # the staff member's user id

    __table_args__ = (Index("ix_alert_batches_recipient_time", "recipient", "created_at"),)


class Alert(Base):
    """Something a person must know at once, for one recipient. Written in the same transaction as
    what caused it (a withholding, an item going overdue), so it cannot be lost; sent in a batch."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(BigID, primary_key=True, autoincrement=True)
    event: Mapped[str] = mapped_column(String(200))  # what happened, e.g. "withheld:<comment>:<when>"
    recipient: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # withheld / overdue / queue_size
    comment_id: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text)  # one line, without the comment's words or its author
    escalated_from: Mapped[str | None] = mapped_column(String(200))  # for the fallback: who did not acknowledge
    created_at: Mapped[datetime]
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("alert_batches.id"))
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[str | None] = mapped_column(String(200))
    escalated_at: Mapped[datetime | None]

    __table_args__ = (
        # One alert per happening per recipient, however often the code that raises it runs.
        UniqueConstraint("event", "recipient", name="uq_alert_once_per_recipient"),
        Index("ix_alerts_unbatched", "recipient", "id", postgresql_where=text("batch_id IS NULL")),
        Index("ix_alerts_batch", "batch_id"),
        Index("ix_alerts_time", "created_at"),
    )


class AlertDelivery(Base):
    """The outbox: one row per channel of a batch (an e-mail, a webhook call). Claimed before it is
    sent and never sent again once claimed (see services.alerts for the guarantee)."""

    __tablename__ = "alert_deliveries"

    id: Mapped[int] = mapped_column(BigID, primary_key=True, autoincrement=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("alert_batches.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))  # email / webhook
    target: Mapped[str] = mapped_column(String(2000))  # the address or the URL
    format: Mapped[str] = mapped_column(String(16), default="")  # a webhook's: slack / json
    state: Mapped[DeliveryState] = mapped_column(EnumText(DeliveryState, 16), default=DeliveryState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    error: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_alert_deliveries_due", "state", "next_attempt_at"),)
