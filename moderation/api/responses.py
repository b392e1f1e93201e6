"""Response bodies: what every endpoint answers, for every status. The OpenAPI document's response
schemas are generated from these models, and the tests check real answers against them, so the
contract and the service cannot drift apart. What a use case answers is its own result
(`services/results.py`), named here as it is; the models below are the API's own: errors,
envelopes, and what no use case builds."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..domain.coverage import Coverage
from ..domain.model import Reason
from ..services.results import (
    AppealView,
    ArticleView,
    AuditEntry,
    ClaimedItem,
    CommentAuthor,
    CommentCounts,
    CommentDetail,
    CommenterHistory,
    CommentHistory,
    CommentView,
    ComplaintNote,
    ComplaintRecord,
    ComplaintSummary,
    ComplaintView,
    CoverageView,
    DeadlinesView,
    DecisionOutcome,
    ErasureOutcome,
    ExportedComment,
    ExportedComplaint,
    ExportedReader,
    ExportedSanction,
    FullTimeHours,
    HoldReleased,
    Holiday,
    LegalHoldView,
    ModerationDetail,
    NotificationArticle,
    NotificationView,
    PriorityPartView,
    QueueEntry,
    QueueItemView,
    QueuePage,
    ReaderExport,
    ReaderStanding,
    ReporterList,
    RevealedReporter,
    SanctionOutcome,
    SanctionView,
    SavedPolicy,
    ScheduleExceptionView,
    ScheduleSummary,
    ScoreView,
    SiteControls,
    TextVersion,
    ThreadComment,
    ThreadPage,
    Trigger,
    UserNote,
    WordListsView,
    only_for,
)
from ..services.results import Result as Body
from ..services.results import no_default as _no_default

# What the use cases answer, sent as they are.
__all__ = [
    "AppealView",
    "ArticleView",
    "AuditEntry",
    "ClaimedItem",
    "CommentAuthor",
    "CommentCounts",
    "CommentDetail",
    "CommentHistory",
    "CommentView",
    "CommenterHistory",
    "ComplaintNote",
    "ComplaintRecord",
    "ComplaintSummary",
    "ComplaintView",
    "CoverageView",
    "DeadlinesView",
    "DecisionOutcome",
    "ErasureOutcome",
    "ExportedComment",
    "ExportedComplaint",
    "ExportedReader",
    "ExportedSanction",
    "FullTimeHours",
    "HoldReleased",
    "Holiday",
    "LegalHoldView",
    "ModerationDetail",
    "NotificationArticle",
    "NotificationView",
    "PriorityPartView",
    "QueueEntry",
    "QueueItemView",
    "QueuePage",
    "ReaderExport",
    "ReaderStanding",
    "ReporterList",
    "RevealedReporter",
    "SanctionOutcome",
    "SanctionView",
    "ScheduleExceptionView",
    "ScheduleSummary",
    "ScoreView",
    "SiteControls",
    "TextVersion",
    "ThreadComment",
    "ThreadPage",
    "Trigger",
    "UserNote",
    "WordListsView",
]


def may_be_left_out(**field: Any) -> Any:
    """A field a body may leave out but never send as null: None stands for "left out" (the model's
    type says what a client may send; read the body with `model_dump(exclude_unset=True)`)."""
    return Field(default=None, **field)


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


class NotificationList(Body):
    notifications: list[NotificationView] = Field(description="Newest first, at most 50.")


class NotificationsMarked(Body):
    marked: int


# --- moderators ----------------------------------------------------------------------------------


class LegalHoldList(Body):
    holds: list[LegalHoldView] = Field(description="Newest first.")


# --- coverage and policy -------------------------------------------------------------------------

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


class PolicyVersionView(SavedPolicy):
    # The service's record, its stored document described by the policy's contract.
    config: PolicyDocument  # type: ignore[assignment]


class PolicyHistory(Body):
    versions: list[PolicyVersionView] = Field(description="Newest first, at most 50.")


class WordListHistory(Body):
    versions: list[WordListsView] = Field(description="Newest first, at most 50.")
