"""What the use cases answer: frozen records that the services build and the entry points read.

The API sends them as its response bodies (`api/responses.py` uses these very classes, so the
OpenAPI document, the tests that check answers against it and the services share one definition);
the dashboard reads their attributes. A field made with `only_for` is absent from an answer unless
the service set it: `answer()` leaves unset fields out, never sends them as null."""
from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from ..domain.coverage import Coverage
from ..domain.model import Action, ModelVerdict, QueueState, Reason, SanctionKind

CommentStatus = Literal["published", "awaiting_review", "withdrawn", "deleted", "erased"]
AppealState = Literal["pending", "upheld", "overturned", "withdrawn"]
AppealedAction = Literal["delete", "amend"]
TextKind = Literal["posted", "edited", "amended_by_a_moderator"]


class Result(BaseModel):
    # A field the service sends but the contract leaves out is an error, not a silent extra.
    model_config = ConfigDict(extra="forbid", frozen=True)


def no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def only_for(who: str) -> Any:
    """A field present in the answers to some askers only: absent, never null, for the others."""
    return Field(default=None, description=f"Only for {who}.", json_schema_extra=no_default)


def answer(result: BaseModel) -> dict[str, Any]:
    """`result` as the JSON object it is sent or kept as (moments still `datetime`s): the fields the
    service set, under their names in the contract."""
    return result.model_dump(exclude_unset=True, by_alias=True)



# --- comments and readers --------------------------------------------------------------------

class ArticleView(Result):
    id: str
    title: str
    url: str
    section: str
    published_at: AwareDatetime | None
    comments_open: bool = Field(description="Open now: not closed by an editor, nor past the time comments close by "
                                            "themselves.")
    closes_at: AwareDatetime | None = Field(description="When comments close by themselves (the policy's days after "
                                                        "publication for the article's section); null: they do not.")
    sensitive: bool = Field(description="Every new comment waits for a moderator before readers see it.")
    comment_count: int = Field(description="Comments readers can see (published and not withheld).")


class CommentAuthor(Result):
    name: str
    # The publisher's reader id may be a customer number.
    id: str = only_for("moderators")


class CommentView(Result):
    """A comment as the asker may see it: the public, its author or a moderator."""

    id: str
    article_id: str
    parent_id: str | None
    author: CommentAuthor
    mine: bool = Field(description="The asker wrote it.")
    status: CommentStatus
    body: str | None = Field(description="The text shown (amended if a moderator amended it); null when it is not "
                                         "shown to the asker.")
    amended: bool
    placeholder: str | None = Field(description="What readers see instead of a comment that is not shown.")
    created_at: AwareDatetime
    edited_at: AwareDatetime | None
    moderation_reason: Reason | None = only_for("its author and moderators")
    editable: bool = only_for("its author: may they still edit it")
    appealable: bool = only_for("its author, where it was asked: may they appeal the moderator's decision now")
    appeal: AppealState | None = only_for("its author, where it was asked: how their appeal stands (null: none)")
    original_body: str = only_for("moderators: the author's own words")
    state: Literal["published", "withdrawn", "deleted", "erased"] = only_for("moderators")
    withheld: bool = only_for("moderators")
    revision: int = only_for("moderators")


class ThreadComment(CommentView):
    reported: bool = Field(description="The asker (a signed-in reader, or an anonymous reader's network) has reported it.")
    replies: list[ThreadComment] = Field(description="Oldest first, each with its own replies. A comment readers "
                                                     "cannot read is left out unless replies hang from it (its "
                                                     "author still sees it).")


class ThreadPage(Result):
    comments: list[ThreadComment]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last.")


class ComplaintView(Result):
    id: int
    comment_id: str
    reason: Reason
    created_at: AwareDatetime
    note: str = only_for("the reader who wrote it (not an anonymous repeat)")
    queued: bool = only_for("a new complaint: is the comment now waiting for a moderator")


class FiledComplaint(Result):
    """A report, and whether it is new (a reader's repeat report is the one they filed before)."""

    complaint: ComplaintView
    created: bool


class ReaderStanding(Result):
    id: str
    name: str
    subscriber: bool
    staff: bool
    may_comment: bool
    banned: bool
    suspended_until: AwareDatetime | None
    unread_notifications: int


class NotificationArticle(Result):
    id: str
    title: str
    url: str


class NotificationView(Result):
    id: int
    kind: str = Field(description="`withheld`, `comment_approve`, `comment_amend`, `comment_delete`, "
                                  "`complaint_outcome`, `sanction_<kind>`, `appeal_upheld`, `appeal_overturned`.")
    comment_id: str | None
    article: NotificationArticle | None = Field(description="The article the comment is under, when it is about one.")
    message: str
    created_at: AwareDatetime
    read: bool


# --- the queue and moderators' decisions -----------------------------------------------------

class Trigger(Result):
    kind: Literal["complaint", "flag", "appeal", "banned_phrase", "suspect_phrase", "sensitive_article"] = Field(
        description="`banned_phrase`/`suspect_phrase`: the newsroom's word lists; `sensitive_article`: posted on "
                    "an article marked sensitive.")
    reason: Reason
    detail: str


class PriorityPartView(Result):
    part: Literal["severity", "deadline", "score", "complaints", "article age", "activity"]
    points: int
    detail: str = Field(description="The sentence saying why, also one of the item's `why`.")


class QueueItemView(Result):
    state: Literal["open", "resolved"]
    reason: Reason
    priority: int
    priority_parts: list[PriorityPartView] = Field(
        description="What the priority adds up to, part by part (empty for an item assessed before parts were kept).")
    summary: str = Field(description="Why it is in the queue in one sentence: the gravest reason, and how many others.")
    due_at: AwareDatetime
    overdue: bool
    entered_at: AwareDatetime
    entered_coverage: Coverage | Literal[""] = Field(description="Empty for a comment decided outside the queue.")
    why: list[str]
    triggers: list[Trigger]
    claimed_by: str | None
    claim_expires_at: AwareDatetime | None
    resolved_at: AwareDatetime | None
    resolved_by: str | None


class ScoreView(Result):
    abuse: float
    off_topic: float | None
    spam: float
    labels: dict[str, Any] = Field(description="The classifiers' finer labels and the words behind the scores.")
    model: str
    revision: int = Field(description="The revision of the text that was scored.")
    scored_at: AwareDatetime


class ComplaintNote(Result):
    reporter: str = Field(description="The reporter's pseudonym on this comment (`Reporter A`); admins may reveal who.")
    reason: Reason
    note: str
    at: AwareDatetime
    anonymous: bool


class ComplaintSummary(Result):
    count: int
    open: int
    by_reason: dict[Reason, int]
    notes: list[ComplaintNote] = Field(description="At most 20.")


class AppealView(Result):
    id: int
    comment_id: str
    action: AppealedAction = Field(description="The decision appealed against.")
    reason: Reason
    note: str = Field(description="The author's note.")
    state: AppealState
    created_at: AwareDatetime
    outcome_note: str = Field(description="The reasons the author was given (empty while pending).")
    judged_at: AwareDatetime | None
    decided_by: str = only_for("moderators: who took the decision (they may not judge the appeal)")
    judged_by: str | None = only_for("moderators")


class LegalHoldView(Result):
    comment_id: str
    reason: str
    placed_by: str
    placed_at: AwareDatetime


class HoldReleased(Result):
    comment_id: str
    released: bool
    text_purged: bool = Field(description="The text was due to go (its author was erased, or its retention period "
                                          "has passed) and went with the release.")


class ModerationDetail(Result):
    queue: QueueItemView | None
    scores: ScoreView | None
    complaints: ComplaintSummary
    appeal: AppealView | None
    legal_hold: LegalHoldView | None


class CommentDetail(CommentView):
    moderation: ModerationDetail = only_for("moderators")


class QueueEntry(QueueItemView):
    comment_id: str
    article_id: str
    comment: CommentView
    scores: ScoreView | None
    complaints: ComplaintSummary


class QueuePage(Result):
    items: list[QueueEntry]
    next_cursor: str | None


class ClaimedItem(QueueItemView):
    comment_id: str


class DecisionOutcome(Result):
    comment_id: str
    action: Action
    reason: Reason | None = Field(description="Null for an approval, which records no reason.")
    queue: QueueItemView


class AuditEntry(Result):
    id: int | None = Field(description="Null for `posted`, which the comment itself records.")
    at: AwareDatetime
    actor: str
    action: str
    reason: str | None
    note: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class CommentHistory(Result):
    comment_id: str
    author: CommentAuthor
    article_id: str
    original_body: str
    current_body: str
    amended_body: str | None
    events: list[AuditEntry] = Field(description="Oldest first.")


# --- commenters ------------------------------------------------------------------------------

class SanctionOutcome(Result):
    user_id: str
    kind: SanctionKind
    until: AwareDatetime | None
    reason: str
    banned: bool
    suspended_until: AwareDatetime | None
    warnings: int


class SanctionView(Result):
    kind: SanctionKind
    until: AwareDatetime | None
    reason: str
    by: str
    at: AwareDatetime


class CommentCounts(Result):
    total: int
    removed_by_moderators: int


class ComplaintRecord(Result):
    upheld: int
    not_upheld: int


class UserNote(Result):
    by: str
    at: AwareDatetime
    note: str


class CommenterHistory(Result):
    user_id: str
    name: str
    banned: bool
    suspended_until: AwareDatetime | None
    warnings: int
    comments: CommentCounts
    complaints_filed: ComplaintRecord
    sanctions: list[SanctionView] = Field(description="Newest first, at most 50.")
    recent_comments: list[CommentView] = Field(description="Newest first, at most 50.")
    notes: list[UserNote] = Field(description="Moderators' notes on the commenter, newest first, at most 50.")


# --- the newsroom's controls -----------------------------------------------------------------

class WordListsView(Result):
    banned: list[str] = Field(description="A comment containing one is withheld until a moderator reviews it, at any coverage.")
    suspect: list[str] = Field(description="A comment containing one goes to the queue.")
    version: int = Field(description="0 before any list was saved.")
    author: str | None
    note: str
    created_at: AwareDatetime | None


class SiteControls(Result):
    commenting_paused: bool
    message: str = Field(description="What readers are told while commenting is paused (empty otherwise).")
    changed_by: str | None
    changed_at: AwareDatetime | None


class CommentingPause(Result):
    """What the comment widget is told of the site-wide pause."""

    commenting_paused: bool
    pause_message: str | None


# --- coverage --------------------------------------------------------------------------------

class DeadlinesView(Result):
    complaint: float = Field(description="Minutes.")
    flag: float = Field(description="Minutes.")


class ScheduleExceptionView(Result):
    name: str
    start: AwareDatetime
    end: AwareDatetime
    coverage: Coverage


class FullTimeHours(Result):
    weekdays: list[str]
    from_: str = Field(alias="from", description="HH:MM, local time.")
    until: str = Field(description="HH:MM, local time.")


class Holiday(Result):
    date: date
    name: str


class ScheduleSummary(Result):
    timezone: str
    full_time: FullTimeHours
    part_time: str
    holidays: str = Field(description="Country and subdivision of the public holidays (`GB/SCT`).")
    upcoming_holidays: list[Holiday] = Field(description="Within the next 60 days.")
    exceptions: list[ScheduleExceptionView]


class CoverageView(Result):
    level: Coverage
    at: AwareDatetime
    next_change: AwareDatetime | None
    next_level: Coverage | None
    schedule: ScheduleSummary
    deadlines_minutes: dict[Coverage, DeadlinesView]


# --- staff and the service's own runs ----------------------------------------------------------

class StaffAccountView(Result):
    """A dashboard login, without what signs it in."""

    username: str
    user_id: str = Field(description="The id the member of staff acts under.")
    name: str
    roles: list[str]
    active: bool
    last_login_at: AwareDatetime | None


class SweepOutcome(Result):
    """What one pass of the deadline and coverage sweep did."""

    coverage: Coverage
    reassessed: int
    reassessed_for_coverage: int
    reassessed_for_exposure: int
    newly_withheld: int
    idempotency_keys_forgotten: int
    queue_size_alert: bool = Field(description="The queue reached the rota's alert size and an alert was raised.")
    articles_closed: int


class PurgeSummary(Result):
    """How much one retention purge removed (never what)."""

    comment_texts: int
    complaint_notes: int
    audit_details: int


class EmailsSent(Result):
    sent: int
    refused: int = Field(description="Refused for good by the mail server (the reader still sees them in the widget).")


class AlertRun(Result):
    """What one run of the on-call alerts did."""

    escalated: int = Field(description="Unacknowledged alerts passed to the fallback contact.")
    messages: int = Field(description="Messages composed from waiting alerts.")
    sent: int
    retrying: int
    failed: int
    unconfirmed: int = Field(description="Sends that may or may not have arrived: never tried again.")


# --- retrained models ----------------------------------------------------------------------------

class RetrainingWaiting(Result):
    """Too few decisions since the last candidate to train another."""

    outcome: Literal["waiting"] = "waiting"
    new_decisions: int
    needed: int


class RetrainingBusy(Result):
    """Another run holds the lease."""

    outcome: Literal["busy"] = "busy"
    new_decisions: int


class CandidateJudged(Result):
    """A candidate was trained and the gate promoted or rejected it."""

    outcome: ModelVerdict
    version: str
    decisions: int = Field(description="The decisions it learnt from.")
    reasons: list[str] = Field(description="Why the gate refused it; empty when promoted.")
    metrics: dict[str, Any] = Field(description="The gate's figures, as stored: {\"candidate\": {signal: figures}, "
                                                "\"current\": {signal: figures}}.")
    rescoring: int = Field(description="Open items the new model scores again.")


RetrainingOutcome = RetrainingWaiting | RetrainingBusy | CandidateJudged


class RetrainingStatus(Result):
    promoted: str | None = Field(description="The promoted model in force; null: the one the service started with.")
    new_decisions: int = Field(description="Decisions no candidate has learnt from yet.")


class ModelCandidate(Result):
    """A retrained candidate on record, with the gate's figures and verdict."""

    version: str
    state: ModelVerdict
    base_version: str
    decisions: int
    metrics: dict[str, Any]
    reasons: list[str]
    created_at: AwareDatetime


# --- the policy's versions -----------------------------------------------------------------------

class SavedPolicy(Result):
    """A saved version of the policy: who saved it, when and why, around the document itself."""

    version: int
    author: str
    note: str
    created_at: AwareDatetime
    config: dict[str, Any] = Field(description="The policy document, as stored.")


class PolicyInForce(Result):
    """The policy the service applies now: a saved version, or the built-in defaults (no version,
    author or time) before an admin has saved one."""

    version: int | None
    author: str | None
    created_at: AwareDatetime | None
    config: dict[str, Any] = Field(description="The policy document in force.")


class PolicyRevision(SavedPolicy):
    changes: list[str] | None = Field(description="What it changed from the version before it, in words; null: the "
                                                  "oldest version kept.")


# --- readers' data ---------------------------------------------------------------------------

class ErasureOutcome(Result):
    erased: bool
    comments: int = Field(description="Comments now tombstones (their threads kept).")
    comments_held: int = Field(description="Of those, comments whose text a legal hold keeps until it is released.")
    complaints: int = Field(description="Reports the reader filed, kept de-identified.")


class TextVersion(Result):
    kind: TextKind
    body: str
    at: AwareDatetime


class ExportedComment(CommentView):
    article_title: str
    versions: list[TextVersion] = Field(description="Oldest first; empty once the text has been purged.")


class ExportedReader(Result):
    id: str
    name: str
    email: str | None
    banned: bool
    suspended_until: AwareDatetime | None
    warnings: int


class ExportedComplaint(Result):
    comment_id: str
    reason: Reason
    note: str
    created_at: AwareDatetime
    outcome: str | None


class ExportedSanction(Result):
    kind: SanctionKind
    until: AwareDatetime | None
    reason: str
    at: AwareDatetime


class ReaderExport(Result):
    """Everything the service holds about a reader that they may see."""

    format: str
    exported_at: AwareDatetime
    reader: ExportedReader
    comments: list[ExportedComment]
    complaints: list[ExportedComplaint]
    notifications: list[NotificationView]
    sanctions: list[ExportedSanction]
    appeals: list[AppealView]


class RevealedReporter(Result):
    reporter: str
    reader_id: str | None = Field(description="Null for a reader who was not signed in.")
    anonymous: bool
    reason: Reason
    at: AwareDatetime


class ReporterList(Result):
    comment_id: str
    reporters: list[RevealedReporter]


# --- the review dashboard ------------------------------------------------------------------------

class ReviewedArticle(Result):
    id: str
    title: str
    url: str
    body: str
    comments_open: bool


class ReviewItem(ModerationDetail):
    """One comment under review, with the conversation around it."""

    comment: CommentView
    article: ReviewedArticle
    parent: CommentView | None
    earlier: list[CommentView] = Field(description="The comments just before it at the same level, oldest first.")
    replies: list[CommentView]


class FoundComment(CommentView):
    queue_state: QueueState | None
    overdue: bool


class AuditedComment(Result):
    body: str
    author_name: str


class TrailEvent(Result):
    """An event of the trail across the whole service, with the comment it is about."""

    id: int
    at: AwareDatetime
    actor: str
    action: str
    reason: str | None
    note: str
    comment_id: str | None
    user_id: str | None = Field(description="The reader it is about: named by the event, or the comment's author.")
    comment: AuditedComment | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class AuditTrailPage(Result):
    events: list[TrailEvent] = Field(description="Newest first.")
    next_before: int | None = Field(description="Pass as `before_id` for the next page; null on the last.")
