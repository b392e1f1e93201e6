"""On-call alerts: telling the person on call (by the rota in the policy) at once when a comment is
withheld for abuse or legal reasons, when an item goes overdue, or when the queue grows past a
size; escalating to the fallback contact when nobody acknowledges in time.

How an alert travels:

1. **Raised** in the same transaction as what caused it (`comment_withheld`, `item_overdue`,
   `check_queue_size`): an `alerts` row per recipient, so an alert exists exactly when its cause
   was committed, and a worker restart loses nothing.
2. **Batched** (`compose`): each recipient's waiting alerts become one message, at most one per
   `batch_minutes`, with a line and a dashboard link per item and an acknowledgement link; the
   message's e-mail and webhook calls go into the outbox (`alert_deliveries`).
3. **Delivered** (`deliver`): each outbox row is claimed by a conditional update that commits
   *before* anything is sent, so two runs (two workers, a worker and `moderation send-alerts`)
   can never both send it. A failure that certainly sent nothing (no connection, the server said
   "try later") is retried with growing waits, up to MAX_ATTEMPTS; a refusal is final.

The guarantee: **each e-mail and webhook call goes out at most once.** If the process dies after
handing a message over and before recording it, or the receiver does not answer after receiving
it, the row is left as "unconfirmed" and not sent again (it may or may not have arrived). What
covers that gap is escalation: an alert nobody acknowledges reaches the fallback contact after
`acknowledge_minutes`, whatever happened to its message.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from classifiers.scores import Scores

from ..adapters.database import rows_affected
from ..adapters.orm import (
    Alert,
    AlertBatch,
    AlertDelivery,
    Article,
    Comment,
    QueueItem,
    ServiceState,
    StaffAccount,
)
from ..config import Settings
from ..domain.coverage import Coverage, coverage_at
from ..domain.model import DeliveryState, InvalidInput, NotFound, QueueState, Reader
from ..domain.policy import PolicyConfig
from ..domain.rota import Rota, escalation_due, may_send, on_call
from ..domain.wording import newsroom_time, plural
from .audit import record
from .context import Context
from .policy_settings import current_policy
from .results import AlertRun

log = logging.getLogger(__name__)

# The queue reasons whose withholding wakes the person on call. A threat is withheld as abuse and
# named a threat from its sub-label. Add a reason here to alert on it too.
ALERT_ON_WITHHOLDING = frozenset({"abuse", "legal"})
THREAT_LABEL = 0.5  # the threat sub-label at which an abusive comment is called a threat

FALLBACK, NEWSROOM = "fallback", "newsroom"  # recipients that are not staff usernames
ACKNOWLEDGE_FOR = timedelta(days=30)  # how long an acknowledgement link works
MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(seconds=30)  # then 1, 2, 4, 8 minutes
# Longer than any one send may take (10 s timeouts): a row still "sending" after this was abandoned
# by a process that died mid-way, and may or may not have gone out.
SENDING_LEASE = timedelta(minutes=10)
MAX_LISTED = 25  # items spelt out in one message (a night's backlog going overdue at once lists the rest by link)
ESCALATION_LOOKBACK = timedelta(days=2)  # older unacknowledged alerts are history, not escalated
QUEUE_SIZE_KEY = "queue_size_alert"


class DeliveryFailed(Exception):
    """A channel could not deliver a message; the subclass says whether to try again."""


class TryAgain(DeliveryFailed):
    """Nothing was delivered and a later attempt may succeed (no connection, "try later")."""


class Refused(DeliveryFailed):
    """The receiver refused the message for good (unknown address, 4xx from a webhook)."""


class Unconfirmed(DeliveryFailed):
    """The message may have been delivered (the answer never came): never sent again."""


@dataclass
class Channels:
    """How messages leave: `email(to, subject, text)` and `webhook(url, payload)`, raising
    DeliveryFailed subclasses. `email` is None when no SMTP server is configured."""

    email: Callable[[str, str, str], None] | None
    webhook: Callable[[str, dict[str, Any]], None]


# --- raising alerts (inside the transaction that caused them) -------------------------------------

def comment_withheld(session: Session, config: PolicyConfig, comment: Comment, reason: str,
                     scores: Scores | None, now: datetime, withheld_by: str = "") -> None:
    """`withheld_by` names the policy's conclusion that hid it: a banned phrase of the newsroom's
    word lists alerts whatever the queue reason."""
    banned = withheld_by == "banned_phrase"
    if reason not in ALERT_ON_WITHHOLDING and not banned:
        return
    threat = scores is not None and _number(scores.labels.get("threat")) >= THREAT_LABEL
    what = ("a threat" if threat else "a banned phrase" if banned
            else "legal reasons" if reason == "legal" else reason)
    score = f" (abuse score {scores.abuse:.2f})" if scores is not None and reason == "abuse" else ""
    summary = f"Withheld for {what}{score}: a comment under {_article(session, comment.article_id)}."
    _raise(session, config, now, f"withheld:{comment.id}:{now.isoformat()}", "withheld", comment.id,
           "threat" if threat else "banned_phrase" if banned else reason, summary)


def item_overdue(session: Session, config: PolicyConfig, item: QueueItem, now: datetime) -> None:
    tz = config.schedule.tz
    summary = (f"Overdue ({item.reason.replace('_', '-')}): an item under {_article(session, item.article_id)}, "
               f"due {newsroom_time(item.due_at, tz)}.")
    _raise(session, config, now, f"overdue:{item.comment_id}:{item.due_at.isoformat()}", "overdue", item.comment_id,
           item.reason, summary)


def check_queue_size(session: Session, config: PolicyConfig, now: datetime) -> bool:
    """Alert once when the open queue reaches the rota's size; again only after it has fallen below."""
    limit = config.rota.queue_size_alert
    if limit is None or not config.rota.active:
        return False
    state = session.get(ServiceState, QUEUE_SIZE_KEY, with_for_update=True)
    open_items = _open_items(session)
    raised = state is not None and state.value == "raised"
    if open_items < limit:
        if state is not None and raised:
            state.value, state.updated_at = "clear", now
        return False
    if raised:
        return False
    if state is None:
        session.add(ServiceState(key=QUEUE_SIZE_KEY, value="raised", updated_at=now))
    else:
        state.value, state.updated_at = "raised", now
    _raise(session, config, now, f"queue_size:{now.isoformat()}", "queue_size", None, None,
           f"The queue has {plural(open_items, 'open item')}, at or past the alert size of {limit}.")
    return True


def _raise(session: Session, config: PolicyConfig, now: datetime, event: str, kind: str, comment_id: str | None,
           reason: str | None, summary: str) -> None:
    for recipient in recipients(config, now):
        exists = session.scalar(select(Alert.id).where(Alert.event == event, Alert.recipient == recipient))
        if exists is None:
            session.add(Alert(event=event, recipient=recipient, kind=kind, comment_id=comment_id, reason=reason,
                              summary=summary, created_at=now))


def recipients(config: PolicyConfig, now: datetime) -> list[str]:
    """Whoever the rota has on call now; with nobody on call under part coverage, the fallback
    straight away (under full coverage the desk is at the dashboard); and the newsroom's channel."""
    rota = config.rota
    found = list(on_call(rota, config.schedule.tz, now))
    if not found and rota.fallback is not None and coverage_at(config.schedule, now) is Coverage.PART:
        found.append(FALLBACK)
    if rota.newsroom_webhook is not None:
        found.append(NEWSROOM)
    return found


# --- the periodic run: escalate, batch, deliver --------------------------------------------------

def run(ctx: Context, channels: Channels) -> AlertRun:
    escalated = escalate(ctx)
    composed = compose(ctx)
    delivered = deliver(ctx, channels)
    return AlertRun(escalated=escalated, messages=composed, **delivered)


def escalate(ctx: Context) -> int:
    """Alerts to people on call that nobody acknowledged within the rota's time, about something
    still waiting, go to the fallback contact, once."""
    now = ctx.now()
    with ctx.transaction() as session:
        config = current_policy(session)
        rota = config.rota
        if rota.fallback is None:
            return 0
        rows = session.execute(
            select(Alert, AlertBatch.created_at)
            .join(AlertBatch, AlertBatch.id == Alert.batch_id)
            .where(Alert.recipient.not_in((FALLBACK, NEWSROOM)), Alert.acknowledged_at.is_(None),
                   Alert.escalated_at.is_(None), Alert.created_at >= now - ESCALATION_LOOKBACK)
            .order_by(Alert.id)
            .with_for_update(of=Alert, skip_locked=True)
        ).all()
        escalated = 0
        for alert, sent_at in rows:
            if not escalation_due(sent_at, now, rota) or not _still_waiting(session, alert, rota):
                continue
            # Only if no run at the same moment escalated it first (SQLite locks no rows read).
            if not rows_affected(session.execute(update(Alert).where(Alert.id == alert.id, Alert.escalated_at.is_(None))
                                 .values(escalated_at=now).execution_options(synchronize_session=False))):
                continue
            if session.scalar(select(Alert.id).where(Alert.event == alert.event, Alert.recipient == FALLBACK)) is None:
                session.add(Alert(event=alert.event, recipient=FALLBACK, kind=alert.kind, comment_id=alert.comment_id,
                                  reason=alert.reason, summary=alert.summary, escalated_from=alert.recipient,
                                  created_at=now))
            escalated += 1
        return escalated


def _still_waiting(session: Session, alert: Alert, rota: Rota) -> bool:
    """Whether what the alert was about still needs someone: an item a moderator has since decided
    needs no escalation, nor a queue back under its alert size."""
    if alert.comment_id is not None:
        return session.scalar(select(QueueItem.state).where(QueueItem.comment_id == alert.comment_id)) == QueueState.OPEN
    return rota.queue_size_alert is not None and _open_items(session) >= rota.queue_size_alert


def _open_items(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(QueueItem).where(QueueItem.state == QueueState.OPEN)) or 0


def compose(ctx: Context) -> int:
    """Each recipient's waiting alerts into one message, unless they had one within `batch_minutes`."""
    now = ctx.now()
    with ctx.transaction() as session:
        waiting = session.scalars(select(Alert.recipient).where(Alert.batch_id.is_(None)).distinct()).all()
    composed = 0
    for recipient in sorted(waiting):
        try:
            composed += _compose_for(ctx, recipient, now)
        except _TakenMeanwhile:
            continue  # another run batched them first: its message is the one
    return composed


class _TakenMeanwhile(Exception):
    pass


def _compose_for(ctx: Context, recipient: str, now: datetime) -> int:
    with ctx.transaction() as session:
        config = current_policy(session)
        alerts = session.scalars(
            select(Alert).where(Alert.recipient == recipient, Alert.batch_id.is_(None)).order_by(Alert.id)
            .with_for_update(skip_locked=True)
        ).all()
        if not alerts:
            return 0
        last = session.scalar(select(func.max(AlertBatch.created_at)).where(AlertBatch.recipient == recipient))
        if not may_send(last, now, config.rota):
            return 0
        batch = AlertBatch(recipient=recipient, subject="", text="", created_at=now)
        session.add(batch)
        session.flush()
        # Taken only if still unbatched: SQLite does not lock the rows read above, so a run at the
        # same moment may have batched them; then this whole message is rolled back.
        taken = rows_affected(session.execute(
            update(Alert).where(Alert.id.in_([a.id for a in alerts]), Alert.batch_id.is_(None))
            .values(batch_id=batch.id).execution_options(synchronize_session=False)
        ))
        if taken != len(alerts):
            raise _TakenMeanwhile
        batch.subject, batch.text = _message(session, config, recipient, alerts, batch.id, ctx.settings)
        for channel, target, form in _channels_of(config.rota, recipient):
            session.add(AlertDelivery(batch_id=batch.id, channel=channel, target=target, format=form,
                                      state=DeliveryState.PENDING, attempts=0, next_attempt_at=now, error=""))
        return 1


def _channels_of(rota: Rota, recipient: str) -> list[tuple[str, str, str]]:
    if recipient == NEWSROOM:
        hooks, email = [rota.newsroom_webhook], ""
    elif recipient == FALLBACK:
        hooks, email = [rota.fallback.webhook] if rota.fallback else [], rota.fallback.email if rota.fallback else ""
    else:
        person = rota.person(recipient)
        hooks, email = ([person.webhook], person.email) if person else ([], "")
    found = [("email", email, "")] if email else []
    return found + [("webhook", h.url, h.format) for h in hooks if h is not None]


def _message(session: Session, config: PolicyConfig, recipient: str, alerts: Sequence[Alert], batch_id: int,
             settings: Settings) -> tuple[str, str]:
    base = settings.public_url.rstrip("/")
    tz = config.schedule.tz
    rota = config.rota
    on_duty = on_call(rota, tz, alerts[0].created_at)
    names = _display_names(session, [recipient, *on_duty, *(a.escalated_from for a in alerts if a.escalated_from)])
    kinds = sorted({_KIND_WORDS[a.kind] for a in alerts})
    subject = f"[Comment moderation] {plural(len(alerts), 'alert')}: {', '.join(kinds)}"
    if recipient == FALLBACK:
        late = sorted({names.get(a.escalated_from, a.escalated_from) for a in alerts if a.escalated_from})
        opening = (f"To {rota.fallback.name if rota.fallback else 'the fallback contact'}: "
                   + (f"not acknowledged by {', '.join(late)} within {plural(rota.acknowledge_minutes, 'minute')}."
                      if late else "nobody is on call on the rota right now."))
    elif recipient == NEWSROOM:
        opening = f"For the desk (on call: {', '.join(names.get(u, u) for u in on_duty) or 'nobody'})."
    else:
        opening = f"To {names.get(recipient, recipient)}, on call for comment moderation."
    lines = [opening, ""]
    for number, alert in enumerate(alerts[:MAX_LISTED], 1):
        lines.append(f"{number}. {newsroom_time(alert.created_at, tz)}: {alert.summary}")
        lines.append(f"   {base}/dashboard/comments/{alert.comment_id}" if alert.comment_id
                     else f"   {base}/dashboard/")
    if len(alerts) > MAX_LISTED:
        lines.append(f"... and {plural(len(alerts) - MAX_LISTED, 'more alert')}: {base}/dashboard/alerts")
    lines += ["", f"Acknowledge (you will be asked to sign in): {base}/dashboard/alerts/ack/{ack_token(settings, batch_id)}",
              f"The queue: {base}/dashboard/"]
    if recipient not in (FALLBACK, NEWSROOM) and rota.fallback is not None:
        lines.append(f"Unacknowledged after {plural(rota.acknowledge_minutes, 'minute')}, these go to "
                     f"{rota.fallback.name}.")
    return subject, "\n".join(lines)


_KIND_WORDS = {"withheld": "comment withheld", "overdue": "item overdue", "queue_size": "queue size"}


def _display_names(session: Session, usernames: list[str | None],
                   by: InstrumentedAttribute[str] = StaffAccount.username) -> dict[str, str]:
    """Staff members' names by username (or by `by`, another unique column of their account)."""
    rows = session.execute(select(by, StaffAccount.display_name).where(by.in_([u for u in usernames if u]))).all()
    return {key: name for key, name in rows}


def deliver(ctx: Context, channels: Channels, limit: int = 100, budget_seconds: float = 45.0) -> dict[str, int]:
    """Send what is due in the outbox, each row at most once (see the module's docstring). Stops
    taking new rows after `budget_seconds`, well inside a worker's time limit, so a slow receiver
    delays the rest to the next run instead of getting the job killed mid-send."""
    started = time.monotonic()
    now = ctx.now()
    with ctx.transaction() as session:
        abandoned = rows_affected(session.execute(
            update(AlertDelivery)
            .where(AlertDelivery.state == DeliveryState.SENDING, AlertDelivery.claimed_at <= now - SENDING_LEASE)
            .values(state=DeliveryState.UNCONFIRMED, error="The sending process stopped before recording whether it was delivered.")
        ))
    counts = {"sent": 0, "retrying": 0, "failed": 0, "unconfirmed": abandoned}
    for _ in range(limit):
        if time.monotonic() - started > budget_seconds:
            break
        claimed = _claim_next(ctx, now)
        if claimed is None:
            break
        delivery_id, attempt = claimed
        with ctx.transaction() as session:
            delivery = _existing(session.get(AlertDelivery, delivery_id))
            batch = _existing(session.get(AlertBatch, delivery.batch_id))
            channel, target, form = delivery.channel, delivery.target, delivery.format
            subject, text = batch.subject, batch.text
            payload = _webhook_payload(session, batch, form, ctx) if channel == "webhook" else None
        outcome, error = "sent", ""
        try:
            if channel == "email":
                if channels.email is None:
                    raise Refused("no SMTP server is configured (MODERATION_SMTP_HOST)")
                channels.email(target, subject, text)
            else:
                channels.webhook(target, payload or {})
        except TryAgain as exc:
            outcome, error = ("retrying" if attempt < MAX_ATTEMPTS else "failed"), str(exc)
        except Refused as exc:
            outcome, error = "failed", str(exc)
        except Unconfirmed as exc:
            outcome, error = "unconfirmed", str(exc)
        except Exception as exc:  # an adapter's surprise: it may have sent, so it is never sent again
            log.exception("alert delivery failed unexpectedly", extra={"delivery": delivery_id})
            outcome, error = "unconfirmed", f"{exc.__class__.__name__}: {exc}"
        finished = ctx.now()
        with ctx.transaction() as session:
            delivery = _existing(session.get(AlertDelivery, delivery_id, with_for_update=True))
            delivery.error = error[:2000]
            if outcome == "sent":
                delivery.state, delivery.sent_at = DeliveryState.SENT, finished
            elif outcome == "retrying":
                delivery.state = DeliveryState.PENDING
                delivery.next_attempt_at = finished + FIRST_RETRY * 2 ** (attempt - 1)
            else:
                delivery.state = DeliveryState(outcome)
        counts[outcome] += 1
        if outcome != "sent":
            log.warning("alert not delivered", extra={"delivery": delivery_id, "channel": channel, "outcome": outcome,
                                                      "error": error[:200]})
    return counts


_Row = TypeVar("_Row")


def _existing(row: _Row | None) -> _Row:
    """A row this run claimed or created: deliveries and their messages are never deleted."""
    assert row is not None, "an alert delivery or its message went missing"
    return row


def _claim_next(ctx: Context, now: datetime) -> tuple[int, int] | None:
    """Take one due row for this run, committed before anything is sent: a row another run claimed
    first does not match the update, whatever the database's locking."""
    while True:
        with ctx.transaction() as session:
            row = session.execute(
                select(AlertDelivery.id, AlertDelivery.attempts)
                .where(AlertDelivery.state == DeliveryState.PENDING, AlertDelivery.next_attempt_at <= now)
                .order_by(AlertDelivery.next_attempt_at, AlertDelivery.id).limit(1)
            ).first()
            if row is None:
                return None
            taken = rows_affected(session.execute(
                update(AlertDelivery)
                .where(AlertDelivery.id == row.id, AlertDelivery.state == DeliveryState.PENDING, AlertDelivery.attempts == row.attempts)
                .values(state=DeliveryState.SENDING, claimed_at=ctx.now(), attempts=row.attempts + 1)
            ))
        if taken:
            return row.id, row.attempts + 1


def _webhook_payload(session: Session, batch: AlertBatch, form: str, ctx: Context) -> dict[str, Any]:
    if form != "json":
        return {"text": f"*{batch.subject}*\n{batch.text}"}
    base = ctx.settings.public_url.rstrip("/")
    alerts = session.scalars(select(Alert).where(Alert.batch_id == batch.id).order_by(Alert.id)).all()
    return {
        "text": batch.text,
        "subject": batch.subject,
        "recipient": batch.recipient,
        "acknowledge_url": f"{base}/dashboard/alerts/ack/{ack_token(ctx.settings, batch.id)}",
        "alerts": [
            {"kind": a.kind, "reason": a.reason, "summary": a.summary, "comment_id": a.comment_id,
             "url": f"{base}/dashboard/comments/{a.comment_id}" if a.comment_id else f"{base}/dashboard/",
             "at": a.created_at.isoformat(), "escalated_from": a.escalated_from}
            for a in alerts
        ],
    }


# --- acknowledging --------------------------------------------------------------------------------

def _signer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt="alert-acknowledgement")


def ack_token(settings: Settings, batch_id: int) -> str:
    return _signer(settings).dumps({"batch": batch_id})


def batch_of_token(ctx: Context, token: str) -> int:
    try:
        data = _signer(ctx.settings).loads(token, max_age=int(ACKNOWLEDGE_FOR.total_seconds()))
    except BadData:
        raise InvalidInput("invalid_alert_link", "This acknowledgement link is not valid, or is more than "
                           f"{ACKNOWLEDGE_FOR.days} days old. The alerts are listed on the Alerts page.") from None
    batch = data.get("batch") if isinstance(data, dict) else None
    if not isinstance(batch, int):
        raise InvalidInput("invalid_alert_link", "This acknowledgement link is not valid.")
    return batch


@dataclass(frozen=True)
class AlertLine:
    summary: str
    comment_id: str | None
    at: datetime


@dataclass(frozen=True)
class AlertMessage:
    """One message sent to one person or channel, as its acknowledgement page shows it."""

    id: int
    recipient: str  # a name, or which channel
    subject: str
    created_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None  # a name
    alerts: tuple[AlertLine, ...]


def message_view(ctx: Context, batch_id: int) -> AlertMessage:
    with ctx.transaction() as session:
        batch = session.get(AlertBatch, batch_id)
        if batch is None:
            raise NotFound("alert_not_found", "There is no such alert message.")
        alerts = session.scalars(select(Alert).where(Alert.batch_id == batch_id).order_by(Alert.id)).all()
        names = _acknowledgers(session, [batch.acknowledged_by])
        return AlertMessage(
            id=batch.id, recipient=_recipient_name(session, batch.recipient), subject=batch.subject,
            created_at=batch.created_at, acknowledged_at=batch.acknowledged_at,
            acknowledged_by=names.get(batch.acknowledged_by, batch.acknowledged_by) if batch.acknowledged_by else None,
            alerts=tuple(AlertLine(a.summary, a.comment_id, a.created_at) for a in alerts),
        )


def acknowledge(ctx: Context, batch_id: int, staff: Reader) -> bool:
    """Record that `staff` has taken the message's alerts in hand (and every copy of them sent to
    anyone else), in the audit trail; False if it had been acknowledged already."""
    now = ctx.now()
    with ctx.transaction() as session:
        batch = session.get(AlertBatch, batch_id, with_for_update=True)
        if batch is None:
            raise NotFound("alert_not_found", "There is no such alert message.")
        recorded = rows_affected(session.execute(
            update(AlertBatch).where(AlertBatch.id == batch_id, AlertBatch.acknowledged_at.is_(None))
            .values(acknowledged_at=now, acknowledged_by=staff.id).execution_options(synchronize_session=False)
        ))
        if not recorded:
            return False  # acknowledged already (perhaps a moment ago, by someone else)
        alerts = session.scalars(select(Alert).where(Alert.batch_id == batch_id).order_by(Alert.id)).all()
        events = {a.event for a in alerts}
        session.execute(update(Alert).where(Alert.event.in_(events), Alert.acknowledged_at.is_(None))
                        .values(acknowledged_at=now, acknowledged_by=staff.id))
        sent = newsroom_time(batch.created_at, current_policy(session).schedule.tz)
        to = _recipient_name(session, batch.recipient)
        commented: Sequence[str | None] = sorted({a.comment_id for a in alerts if a.comment_id}) or [None]
        for comment_id in commented:
            kinds = sorted({a.kind for a in alerts if a.comment_id == comment_id})
            record(session, actor=staff.id, action="alert_acknowledged", at=now, comment_id=comment_id,
                   note=f"Acknowledged the on-call alert ({', '.join(kinds)}) sent to {to} on {sent}.",
                   after={"alert_message": batch.id, "recipient": batch.recipient})
        return True


def _recipient_name(session: Session, recipient: str) -> str:
    if recipient == NEWSROOM:
        return "the newsroom's channel"
    if recipient == FALLBACK:
        fallback = current_policy(session).rota.fallback
        return f"the fallback contact ({fallback.name})" if fallback else "the fallback contact"
    return _display_names(session, [recipient]).get(recipient, recipient)


def _acknowledgers(session: Session, user_ids: list[str | None]) -> dict[str, str]:
    return _display_names(session, user_ids, by=StaffAccount.user_id)


# --- the history and the rota, for the dashboard ----------------------------------------------------

@dataclass(frozen=True)
class Delivery:
    channel: str
    target: str
    state: str
    attempts: int
    error: str
    sent_at: datetime | None


@dataclass(frozen=True)
class AlertRecord:
    """One alert and where it stands: waiting, sent (by which channels), acknowledged, escalated."""

    id: int
    at: datetime
    kind: str
    reason: str | None
    summary: str
    comment_id: str | None
    recipient: str  # a name, or which channel
    escalated_from: str | None
    message: int | None  # the message it went out in; None while waiting to be sent
    deliveries: tuple[Delivery, ...]
    acknowledged_at: datetime | None
    acknowledged_by: str | None  # a name
    escalated_at: datetime | None


def history(ctx: Context, limit: int = 100) -> list[AlertRecord]:
    """Alerts newest first, each with where it stands."""
    with ctx.transaction() as session:
        alerts = session.scalars(select(Alert).order_by(Alert.id.desc()).limit(limit)).all()
        batch_ids = {a.batch_id for a in alerts if a.batch_id}
        deliveries: dict[int, list[AlertDelivery]] = {}
        for d in session.scalars(select(AlertDelivery).where(AlertDelivery.batch_id.in_(batch_ids)).order_by(AlertDelivery.id)):
            deliveries.setdefault(d.batch_id, []).append(d)
        names = _acknowledgers(session, [a.acknowledged_by for a in alerts])
        people = {a.recipient: _recipient_name(session, a.recipient) for a in alerts}
        return [
            AlertRecord(
                id=a.id, at=a.created_at, kind=a.kind, reason=a.reason, summary=a.summary, comment_id=a.comment_id,
                recipient=people[a.recipient], escalated_from=a.escalated_from, message=a.batch_id,
                deliveries=tuple(Delivery(d.channel, d.target, d.state, d.attempts, d.error, d.sent_at)
                                 for d in (deliveries.get(a.batch_id, []) if a.batch_id else [])),
                acknowledged_at=a.acknowledged_at,
                acknowledged_by=names.get(a.acknowledged_by, a.acknowledged_by) if a.acknowledged_by else None,
                escalated_at=a.escalated_at,
            )
            for a in alerts
        ]


def _article(session: Session, article_id: str) -> str:
    title = session.scalar(select(Article.title).where(Article.id == article_id))
    return f"\u201c{title}\u201d" if title else f"article {article_id}"


def _number(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0
