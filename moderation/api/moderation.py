"""The moderators' API: the queue, claims, decisions, history, sanctions, coverage and policy."""
from __future__ import annotations

from flask import Blueprint

from ..domain.appeals import AppealOutcome
from ..domain.model import Reader
from ..services import (
    appeals,
    decisions,
    erasure,
    exports,
    legal_holds,
    policy_admin,
    policy_settings,
    queue,
    reporters,
    sanctions,
)
from ..services.results import answer
from ..web import ctx
from .responses import (
    AppealView,
    ClaimedItem,
    CommenterHistory,
    CommentHistory,
    CoverageView,
    DecisionOutcome,
    ErasureOutcome,
    HoldReleased,
    LegalHoldList,
    LegalHoldView,
    PolicyDocument,
    PolicyHistory,
    QueuePage,
    ReaderExport,
    ReporterList,
    SanctionOutcome,
)
from .schemas import AppealJudgement, DecisionIn, LegalHoldIn, PolicyIn, QueueQuery, SanctionIn
from .spec import endpoint

bp = Blueprint("moderation", __name__, url_prefix="/api/v1/moderation")


@endpoint(bp, "GET", "/queue", summary="Open items by priority, with scores, complaints, deadline and why",
          auth="moderator", query=QueueQuery, returns=QueuePage, responses={200: "A page of items", 422: "Bad filter"})
def get_queue(query: QueueQuery, reader: Reader):
    return queue.list_queue(ctx(), reader, **query.model_dump())


@endpoint(bp, "POST", "/comments/<comment_id>/claim", summary="Claim an item for review for a few minutes",
          auth="moderator", returns=ClaimedItem, responses={200: "Claimed", 404: "Unknown comment",
                                       403: "own_decision: an appeal against your own decision",
                                       409: "Claimed by someone else, or not in the queue"})
def claim(comment_id: str, reader: Reader):
    return queue.claim(ctx(), reader, comment_id)


@endpoint(bp, "POST", "/comments/<comment_id>/decision", summary="Approve, amend or delete a comment",
          auth="moderator", body=DecisionIn, returns=DecisionOutcome,
          responses={200: "Decided", 404: "Unknown comment",
                     409: "Claimed by someone else, already decided (send override), or appeal_pending (judge the appeal)",
                     422: "Invalid decision"})
def decide(comment_id: str, body: DecisionIn, reader: Reader):
    return decisions.decide(
        ctx(), reader, comment_id, body.action, body.reason, body.body, body.note, body.override
    )


@endpoint(bp, "GET", "/comments/<comment_id>/history", summary="The audit trail, original text included",
          auth="moderator", returns=CommentHistory, responses={200: "Events, oldest first", 404: "Unknown comment"})
def history(comment_id: str, reader: Reader):
    return decisions.history(ctx(), comment_id)


@endpoint(bp, "POST", "/users/<user_id>/sanctions", summary="Warn, suspend or ban a commenter", auth="moderator",
          body=SanctionIn, returns=SanctionOutcome, responses={201: "Sanctioned", 422: "Invalid sanction"})
def sanction(user_id: str, body: SanctionIn, reader: Reader):
    return sanctions.sanction(ctx(), reader, user_id, body.kind, body.until, body.reason), 201


@endpoint(bp, "GET", "/users/<user_id>", summary="A commenter's standing, sanctions and recent comments",
          auth="moderator", returns=CommenterHistory, responses={200: "History", 404: "Unknown commenter"})
def user_history(user_id: str, reader: Reader):
    return sanctions.user_history(ctx(), reader, user_id)


@endpoint(bp, "GET", "/coverage", summary="Current coverage level, next change, and the schedule", auth="moderator",
          returns=CoverageView, responses={200: "Coverage"})
def coverage(reader: Reader):
    return policy_settings.coverage_info(ctx())


@endpoint(bp, "GET", "/policy", summary="The staffed-hours policy in force", auth="moderator",
          returns=PolicyDocument, responses={200: "Policy configuration"})
def get_policy(reader: Reader):
    return policy_settings.get_policy(ctx())


@endpoint(bp, "PUT", "/policy", summary="Replace the policy (validated; previous versions kept)", auth="admin",
          body=PolicyIn, returns=PolicyDocument, responses={200: "Saved", 422: "Invalid policy"})
def put_policy(body: PolicyIn, reader: Reader):
    return policy_admin.save(ctx(), reader, body.config, body.note)


@endpoint(bp, "GET", "/policy/history", summary="Earlier versions of the policy", auth="admin",
          returns=PolicyHistory, responses={200: "Newest first"})
def policy_history(reader: Reader):
    return {"versions": [answer(v) for v in policy_settings.policy_history(ctx())]}


@endpoint(bp, "POST", "/comments/<comment_id>/appeal", summary="Judge an author's appeal: uphold the decision or overturn it",
          auth="moderator", body=AppealJudgement, returns=AppealView,
          responses={200: "Judged; the author is told, with the reasons",
                     403: "own_decision: the appeal is against your own decision", 404: "Unknown comment",
                     409: "no_open_appeal, or claimed by someone else"})
def judge_appeal(comment_id: str, body: AppealJudgement, reader: Reader):
    return appeals.judge_appeal(ctx(), reader, comment_id, AppealOutcome(body.outcome), body.note)


@endpoint(bp, "GET", "/comments/<comment_id>/reporters", summary="Who is behind each reporter pseudonym (recorded in the trail)",
          auth="admin", returns=ReporterList, responses={200: "Reporters, first first", 404: "Nobody reported it"})
def reveal_reporters(comment_id: str, reader: Reader):
    return reporters.reveal(ctx(), reader, comment_id)


@endpoint(bp, "PUT", "/comments/<comment_id>/legal-hold", summary="Keep a comment's text from erasure and retention",
          auth="admin", body=LegalHoldIn, returns=LegalHoldView,
          responses={200: "Held (a new reason replaces the old)", 404: "Unknown comment",
                     409: "text_purged: nothing left to hold"})
def place_hold(comment_id: str, body: LegalHoldIn, reader: Reader):
    return legal_holds.place_hold(ctx(), reader, comment_id, body.reason)


@endpoint(bp, "DELETE", "/comments/<comment_id>/legal-hold", summary="Release a legal hold (what was due is purged now)",
          auth="admin", returns=HoldReleased, responses={200: "Released", 404: "Unknown comment", 409: "not_held"})
def release_hold(comment_id: str, reader: Reader):
    return legal_holds.release_hold(ctx(), reader, comment_id)


@endpoint(bp, "GET", "/legal-holds", summary="Comments under a legal hold", auth="admin", returns=LegalHoldList,
          responses={200: "Newest first"})
def list_holds(reader: Reader):
    return LegalHoldList(holds=legal_holds.list_holds(ctx()))


@endpoint(bp, "GET", "/users/<user_id>/export", summary="A reader's data, as they would download it", auth="admin",
          returns=ReaderExport, responses={200: "The reader's data as JSON", 404: "The service holds nothing about them"})
def export_user(user_id: str, reader: Reader):
    return exports.export_reader(ctx(), user_id, must_exist=True)


@endpoint(bp, "POST", "/users/<user_id>/erasure", summary="Erase a reader (the publisher's account-deletion hook, say)",
          auth="admin", returns=ErasureOutcome, responses={200: "Erased (running it again finds nothing more)"})
def erase_user(user_id: str, reader: Reader):
    return erasure.erase_reader(ctx(), user_id, requested_by=reader.id)
