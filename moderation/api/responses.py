"""Response bodies: what every endpoint answers, for every status. The OpenAPI document's response
schemas are generated from these models, and the tests check real answers against them, so the
contract and the service cannot drift apart."""
from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from ..domain.coverage import Coverage
from ..domain.model import Action, Reason, SanctionKind

CommentStatus = Literal["published", "awaiting_review", "withdrawn", "deleted", "erased"]
AppealState = Literal["pending", "upheld", "overturned", "withdrawn"]


class Body(BaseModel):
    # A field the service sends but the contract leaves out is an error, not a silent extra.
    model_config = ConfigDict(extra="forbid")


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def may_be_left_out(**field: Any) -> Any:
    """A field a body may leave out but never send as null: None stands for "left out" (the model's
    type says what a client may send; read the body with `model_dump(exclude_unset=True)`)."""
    return Field(default=None, **field)


def only_for(who: str) -> Any:
    """A field present in the answers to some askers only: absent, never null, for the others."""
    return Field(default=None, description=f"Only for {who}.", json_schema_extra=_no_default)


# --- errors --------------------------------------------------------------------------------------

class FieldProblem(Body):
    field: str = Field(description="Where the problem is, dotted (`config.flag.abuse`), or `(body)`.")
    problem: str


class Error(Body):
    code: str = Field(description="Stable and machine-readable: `comment_not_found`, `too_many_comments`...")
    message: str = Field(description="A sentence a person can read.")
    details: list[FieldProblem] = only_for("`invalid_request`: one entry per invalid field")


class ErrorBody(Body):
    """Every 4xx and 5xx answer of the API."""

    error: Error


# --- operations ----------------------------------------------------------------------------------

class Health(Body):
    status: Literal["ok"]


class ReadinessChecks(Body):
    database: str = Field(description="`ok`, or `unavailable: <error>`.")
    broker: str = Field(description="`ok`, `not_configured` (no REDIS_URL), or `unavailable: <error>`.")


class Readiness(Body):
    status: Literal["ready", "not_ready"]
    checks: ReadinessChecks


class OpenApiDocument(BaseModel):
    """The OpenAPI 3.1 document itself (its own schema is OpenAPI's)."""

    model_config = ConfigDict(extra="allow")
    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]
    components: dict[str, Any]


# --- articles and readers' comments --------------------------------------------------------------

class ArticleView(Body):
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


class CommentAuthor(Body):
    name: str
    # The publisher's reader id may be a customer number.
    id: str = only_for("moderators")


class CommentView(Body):
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


class ThreadPage(Body):
    comments: list[ThreadComment]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last.")


class ComplaintView(Body):
    id: int
    comment_id: str
    reason: Reason
    created_at: AwareDatetime
    note: str = only_for("the reader who wrote it (not an anonymous repeat)")
    queued: bool = only_for("a new complaint: is the comment now waiting for a moderator")


class ReaderStanding(Body):
    id: str
    name: str
    subscriber: bool
    staff: bool
    may_comment: bool
    banned: bool
    suspended_until: AwareDatetime | None
    unread_notifications: int


class WidgetConfig(Body):
    subscribe_url: str
    edit_window_seconds: int
    live_update_seconds: int = Field(description="How often an open widget asks for changes (conditional GETs).")
    timezone: str = Field(description="The newsroom's clock (IANA name): times are shown to readers on it.")
    max_body_chars: int
    reasons: list[Reason] = Field(description="The reasons a reader may report a comment for, in the order to offer them.")
    reason_labels: dict[Reason, str] = Field(description="What readers read for each reason: when they report a "
                                                         "comment, and on their own comment a moderator removed "
                                                         "or amended.")
    commenting_paused: bool = Field(description="Commenting is paused everywhere: show `pause_message` instead of "
                                                "the composer.")
    pause_message: str | None = Field(description="What readers are told while commenting is paused.")


class NotificationArticle(Body):
    id: str
    title: str
    url: str


class NotificationView(Body):
    id: int
    kind: str = Field(description="`withheld`, `comment_approve`, `comment_amend`, `comment_delete`, "
                                  "`complaint_outcome`, `sanction_<kind>`, `appeal_upheld`, `appeal_overturned`.")
    comment_id: str | None
    article: NotificationArticle | None = Field(description="The article the comment is under, when it is about one.")
    message: str
    created_at: AwareDatetime
    read: bool


class NotificationList(Body):
    notifications: list[NotificationView] = Field(description="Newest first, at most 50.")


class NotificationsMarked(Body):
    marked: int


# --- moderators ----------------------------------------------------------------------------------

class Trigger(Body):
    kind: Literal["complaint", "flag", "appeal", "banned_phrase", "suspect_phrase", "sensitive_article"] = Field(
        description="`banned_phrase`/`suspect_phrase`: the newsroom's word lists; `sensitive_article`: posted on "
                    "an article marked sensitive.")
    reason: Reason
    detail: str


class PriorityPartView(Body):
    part: Literal["severity", "deadline", "score", "complaints", "article age", "activity"]
    points: int
    detail: str = Field(description="The sentence saying why, also one of the item's `why`.")


class QueueItemView(Body):
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


class ScoreView(Body):
    abuse: float
    off_topic: float | None
    spam: float
    labels: dict[str, Any] = Field(description="The classifiers' finer labels and the words behind the scores.")
    model: str
    revision: int = Field(description="The revision of the text that was scored.")
    scored_at: AwareDatetime


class ComplaintNote(Body):
    reporter: str = Field(description="The reporter's pseudonym on this comment (`Reporter A`); admins may reveal who.")
    reason: Reason
    note: str
    at: AwareDatetime
    anonymous: bool


class ComplaintSummary(Body):
    count: int
    open: int
    by_reason: dict[Reason, int]
    notes: list[ComplaintNote] = Field(description="At most 20.")


class AppealView(Body):
    id: int
    comment_id: str
    action: Literal["delete", "amend"] = Field(description="The decision appealed against.")
    reason: Reason
    note: str = Field(description="The author's note.")
    state: AppealState
    created_at: AwareDatetime
    outcome_note: str = Field(description="The reasons the author was given (empty while pending).")
    judged_at: AwareDatetime | None
    decided_by: str = only_for("moderators: who took the decision (they may not judge the appeal)")
    judged_by: str | None = only_for("moderators")


class LegalHoldView(Body):
    comment_id: str
    reason: str
    placed_by: str
    placed_at: AwareDatetime


class LegalHoldList(Body):
    holds: list[LegalHoldView] = Field(description="Newest first.")


class HoldReleased(Body):
    comment_id: str
    released: bool
    text_purged: bool = Field(description="The text was due to go (its author was erased, or its retention period "
                                          "has passed) and went with the release.")


class ModerationDetail(Body):
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


class QueuePage(Body):
    items: list[QueueEntry]
    next_cursor: str | None


class ClaimedItem(QueueItemView):
    comment_id: str


class DecisionOutcome(Body):
    comment_id: str
    action: Action
    reason: Reason | None = Field(description="Null for an approval, which records no reason.")
    queue: QueueItemView


class AuditEntry(Body):
    id: int | None = Field(description="Null for `posted`, which the comment itself records.")
    at: AwareDatetime
    actor: str
    action: str
    reason: str | None
    note: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class CommentHistory(Body):
    comment_id: str
    author: CommentAuthor
    article_id: str
    original_body: str
    current_body: str
    amended_body: str | None
    events: list[AuditEntry] = Field(description="Oldest first.")


class SanctionOutcome(Body):
    user_id: str
    kind: SanctionKind
    until: AwareDatetime | None
    reason: str
    banned: bool
    suspended_until: AwareDatetime | None
    warnings: int


class SanctionView(Body):
    kind: SanctionKind
    until: AwareDatetime | None
    reason: str
    by: str
    at: AwareDatetime


class CommentCounts(Body):
    total: int
    removed_by_moderators: int


class ComplaintRecord(Body):
    upheld: int
    not_upheld: int


class UserNote(Body):
    by: str
    at: AwareDatetime
    note: str


class CommenterHistory(Body):
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


# --- coverage and policy -------------------------------------------------------------------------

class DeadlinesView(Body):
    complaint: float = Field(description="Minutes.")
    flag: float = Field(description="Minutes.")


class ScheduleExceptionView(Body):
    name: str
    start: AwareDatetime
    end: AwareDatetime
    coverage: Coverage


class FullTimeHours(Body):
    weekdays: list[str]
    from_: str = Field(alias="from", description="HH:MM, local time.")
    until: str = Field(description="HH:MM, local time.")


class Holiday(Body):
    date: date
    name: str


class ScheduleSummary(Body):
    timezone: str
    full_time: FullTimeHours
    part_time: str
    holidays: str = Field(description="Country and subdivision of the public holidays (`GB/SCT`).")
    upcoming_holidays: list[Holiday] = Field(description="Within the next 60 days.")
    exceptions: list[ScheduleExceptionView]


class CoverageView(Body):
    level: Coverage
    at: AwareDatetime
    next_change: AwareDatetime | None
    next_level: Coverage | None
    schedule: ScheduleSummary
    deadlines_minutes: dict[Coverage, DeadlinesView]


class FlagThresholdsView(Body):
    abuse: float
    off_topic: float
    spam: float
    source: str = Field(description="Where the thresholds came from (a model's recommendation, an admin).")


class WithholdBarsView(Body):
    abuse: float
    complaint_weight: float
    min_complainants: int


class ScheduleView(Body):
    timezone: str
    full_weekdays: list[int] = Field(description="0 is Monday.")
    full_start: str
    full_end: str
    holiday_country: str
    holiday_subdivision: str | None
    exceptions: list[ScheduleExceptionView]


class WebhookView(Body):
    url: str
    format: Literal["slack", "json"] = Field(description="`slack`: `{\"text\": ...}`; `json`: the text with the alerts as data.")


class OnCallPersonView(Body):
    username: str = Field(description="Their staff account's username.")
    email: str
    webhook: WebhookView | None


class ShiftView(Body):
    username: str
    weekdays: list[int] = Field(description="The days the shift starts on; 0 is Monday.")
    start: str = Field(description="HH:MM on the newsroom's clock.")
    end: str = Field(description="HH:MM; at or before `start`, the shift ends the next day.")


class FallbackView(Body):
    name: str
    email: str
    webhook: WebhookView | None


class RotaView(Body):
    """Who is alerted when something needs a person at once."""

    people: list[OnCallPersonView]
    shifts: list[ShiftView]
    fallback: FallbackView | None = Field(description="Told when an alert goes unacknowledged, or nobody is on call.")
    newsroom_webhook: WebhookView | None = Field(description="Every alert also goes here.")
    batch_minutes: int = Field(description="At most one message per recipient in this long.")
    acknowledge_minutes: int = Field(description="Unacknowledged this long after its message, an alert goes to the fallback.")
    queue_size_alert: int | None = Field(description="Open items at which the queue raises an alert; null: never.")


class PriorityOrderView(Body):
    severity_first: bool = Field(description="True: no other part of a priority lifts an item above a graver one. "
                                             "False: severity is weighed with the deadline, scores, complaints and exposure.")


class PolicyDocument(Body):
    """The staffed-hours policy, as `PUT /api/v1/moderation/policy` takes it in `config`."""

    flag: FlagThresholdsView
    withhold: dict[Coverage, WithholdBarsView]
    deadlines_minutes: dict[Coverage, DeadlinesView]
    complaint_weight: dict[Reason, float]
    priority: PriorityOrderView | None = Field(
        default=None, description="Absent from versions saved before it existed: those put severity first.")
    schedule: ScheduleView
    rota: RotaView
    closing: ClosingView = may_be_left_out(json_schema_extra=_no_default,
                                           description="Always in answers; may be left out of a saved policy (then never).")


class ClosingView(Body):
    after_days: int | None = Field(description="Days after publication when comments close by themselves; null: never.")
    sections: dict[str, int | None] = Field(description="A section's own number of days (null: never), overriding "
                                                        "`after_days`; sections are matched ignoring case.")


class PolicyVersionView(Body):
    version: int
    author: str
    note: str
    created_at: AwareDatetime
    config: PolicyDocument


class PolicyHistory(Body):
    versions: list[PolicyVersionView] = Field(description="Newest first, at most 50.")


class WordListsView(Body):
    banned: list[str] = Field(description="A comment containing one is withheld until a moderator reviews it, at any coverage.")
    suspect: list[str] = Field(description="A comment containing one goes to the queue.")
    version: int = Field(description="0 before any list was saved.")
    author: str | None
    note: str
    created_at: AwareDatetime | None


class WordListHistory(Body):
    versions: list[WordListsView] = Field(description="Newest first, at most 50.")


class SiteControls(Body):
    commenting_paused: bool
    message: str = Field(description="What readers are told while commenting is paused (empty otherwise).")
    changed_by: str | None
    changed_at: AwareDatetime | None


# --- readers' data -------------------------------------------------------------------------------

class ErasureOutcome(Body):
    erased: bool
    comments: int = Field(description="Comments now tombstones (their threads kept).")
    comments_held: int = Field(description="Of those, comments whose text a legal hold keeps until it is released.")
    complaints: int = Field(description="Reports the reader filed, kept de-identified.")


class TextVersion(Body):
    kind: Literal["posted", "edited", "amended_by_a_moderator"]
    body: str
    at: AwareDatetime


class ExportedComment(CommentView):
    article_title: str
    versions: list[TextVersion] = Field(description="Oldest first; empty once the text has been purged.")


class ExportedReader(Body):
    id: str
    name: str
    email: str | None
    banned: bool
    suspended_until: AwareDatetime | None
    warnings: int


class ExportedComplaint(Body):
    comment_id: str
    reason: Reason
    note: str
    created_at: AwareDatetime
    outcome: str | None


class ExportedSanction(Body):
    kind: SanctionKind
    until: AwareDatetime | None
    reason: str
    at: AwareDatetime


class ReaderExport(Body):
    """Everything the service holds about a reader that they may see."""

    format: str
    exported_at: AwareDatetime
    reader: ExportedReader
    comments: list[ExportedComment]
    complaints: list[ExportedComplaint]
    notifications: list[NotificationView]
    sanctions: list[ExportedSanction]
    appeals: list[AppealView]


class RevealedReporter(Body):
    reporter: str
    reader_id: str | None = Field(description="Null for a reader who was not signed in.")
    anonymous: bool
    reason: Reason
    at: AwareDatetime


class ReporterList(Body):
    comment_id: str
    reporters: list[RevealedReporter]
