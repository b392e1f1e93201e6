"""Who is on call, and how alerts reach them: the rota kept in the policy, and the rules for
batching and escalating alerts.

Shifts are read on the newsroom's clock (the staffing schedule's time zone): a shift named on
Monday from 22:00 to 06:00 runs from Monday night into Tuesday morning, and one from 00:00 to 00:00
is the whole day. Two shifts may overlap
(a night shared by two people): both are alerted. Plain Python, tested without a database.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

WEBHOOK_FORMATS = ("slack", "json")  # {"text": ...} for Slack and its kin; "json" adds the alerts as data
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_BATCH_MINUTES = 60
MAX_ACKNOWLEDGE_MINUTES = 24 * 60
# Not a full check of RFC 5322, just enough to catch a name typed where an address belongs.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/]+\S*$")


@dataclass(frozen=True)
class Webhook:
    url: str
    format: str = "slack"


@dataclass(frozen=True)
class OnCallPerson:
    """A member of staff who can be on call: their dashboard username and how to reach them."""

    username: str
    email: str
    webhook: Webhook | None = None


@dataclass(frozen=True)
class Shift:
    username: str
    weekdays: tuple[int, ...]  # the days the shift starts on, 0 is Monday
    start: time
    end: time  # at or before `start`: the shift ends the next day (at `start`: 24 hours)


@dataclass(frozen=True)
class Fallback:
    """Who is told when an alert goes unacknowledged (a duty editor, the desk's shared inbox)."""

    name: str
    email: str = ""
    webhook: Webhook | None = None


@dataclass(frozen=True)
class Rota:
    people: tuple[OnCallPerson, ...] = ()
    shifts: tuple[Shift, ...] = ()
    fallback: Fallback | None = None
    newsroom_webhook: Webhook | None = None  # every alert also goes here, batched like a person's
    batch_minutes: int = 5  # at most one message per recipient in this long
    acknowledge_minutes: int = 20  # unacknowledged this long after its message: the fallback is told
    queue_size_alert: int | None = None  # open items at which the queue itself raises an alert

    @property
    def active(self) -> bool:
        """Whether alerts are raised at all: somebody (or some channel) to send them to."""
        return bool(self.shifts or self.fallback or self.newsroom_webhook)

    def person(self, username: str) -> OnCallPerson | None:
        return next((p for p in self.people if p.username == username), None)

    def validate(self) -> list[str]:
        problems: list[str] = []
        seen: set[str] = set()
        for person in self.people:
            who = person.username or "(no username)"
            if not person.username.strip():
                problems.append("rota: every person on call needs the username of their staff account")
            elif person.username in seen:
                problems.append(f"rota: {who} is listed twice among the people on call")
            seen.add(person.username)
            if not _EMAIL.match(person.email or ""):
                problems.append(f"rota: {who} needs an e-mail address for alerts "
                                f"(“{person.email}” is not one)" if person.email else
                                f"rota: {who} needs an e-mail address for alerts")
            problems += _webhook_problems(person.webhook, f"{who}'s webhook")
        for number, shift in enumerate(self.shifts, 1):
            name = f"rota shift {number} ({shift.username or 'nobody'})"
            if shift.username not in seen:
                problems.append(f"{name}: {shift.username or 'the shift'} is not among the people on call; "
                                "add them with an e-mail address")
            if not shift.weekdays:
                problems.append(f"{name}: choose at least one day for the shift to start on")
            if any(d not in range(7) for d in shift.weekdays):
                problems.append(f"{name}: days are numbered 0 (Monday) to 6 (Sunday)")
        if self.fallback is not None:
            if not self.fallback.name.strip():
                problems.append("rota: the fallback contact needs a name")
            if not self.fallback.email and self.fallback.webhook is None:
                problems.append("rota: the fallback contact needs an e-mail address or a webhook")
            if self.fallback.email and not _EMAIL.match(self.fallback.email):
                problems.append(f"rota: the fallback's e-mail address “{self.fallback.email}” is not one")
            problems += _webhook_problems(self.fallback.webhook, "the fallback's webhook")
        elif self.shifts:
            problems.append("rota: a fallback contact is needed, to be told when an alert goes unacknowledged")
        problems += _webhook_problems(self.newsroom_webhook, "the newsroom webhook")
        if not 1 <= self.batch_minutes <= MAX_BATCH_MINUTES:
            problems.append(f"rota: alerts are gathered for 1 to {MAX_BATCH_MINUTES} minutes between messages")
        if not 1 <= self.acknowledge_minutes <= MAX_ACKNOWLEDGE_MINUTES:
            problems.append("rota: the time to acknowledge an alert must be between 1 minute and 24 hours")
        if self.queue_size_alert is not None and self.queue_size_alert < 1:
            problems.append("rota: the queue size that raises an alert must be at least 1 (or left empty)")
        return problems


def _webhook_problems(hook: Webhook | None, what: str) -> list[str]:
    if hook is None:
        return []
    problems = []
    if not _URL.match(hook.url):
        problems.append(f"rota: {what} must be a web address starting with https:// or http:// (“{hook.url}” is not)")
    if hook.format not in WEBHOOK_FORMATS:
        problems.append(f"rota: {what} is sent as Slack text (slack) or as JSON data (json), not “{hook.format}”")
    return problems


def on_call(rota: Rota, tz: ZoneInfo, when: datetime) -> tuple[str, ...]:
    """The usernames whose shift covers `when`, in the order the rota lists them."""
    if when.tzinfo is None:
        raise ValueError("on_call needs a timezone-aware datetime")
    today = when.astimezone(tz).date()
    found: list[str] = []
    for shift in rota.shifts:
        # A shift that started yesterday may still be running (an overnight shift).
        for start_day in (today, today - timedelta(days=1)):
            if start_day.weekday() in shift.weekdays and _covers(shift, start_day, tz, when):
                if shift.username not in found:
                    found.append(shift.username)
                break
    return tuple(found)


def _covers(shift: Shift, day: date, tz: ZoneInfo, when: datetime) -> bool:
    """Whether the shift starting on `day` covers `when`. Compared in UTC: two wall-clock times in
    one zone compare naively in Python, which is wrong across a clock change."""
    start = datetime.combine(day, shift.start, tzinfo=tz).astimezone(UTC)
    end_day = day if shift.end > shift.start else day + timedelta(days=1)
    end = datetime.combine(end_day, shift.end, tzinfo=tz).astimezone(UTC)
    return start <= when < end


def may_send(last_message_at: datetime | None, now: datetime, rota: Rota) -> bool:
    """Whether a recipient may be sent another message now: at most one per `batch_minutes`.
    Whatever arrives meanwhile waits, and goes together in the next one."""
    return last_message_at is None or now - last_message_at >= timedelta(minutes=rota.batch_minutes)


def escalation_due(sent_at: datetime, now: datetime, rota: Rota) -> bool:
    return now - sent_at >= timedelta(minutes=rota.acknowledge_minutes)


# --- as JSON, inside the policy document ---------------------------------------------------------

def rota_to_dict(rota: Rota) -> dict[str, Any]:
    return {
        "people": [{"username": p.username, "email": p.email, "webhook": _hook_to_dict(p.webhook)} for p in rota.people],
        "shifts": [
            {"username": s.username, "weekdays": list(s.weekdays), "start": _clock(s.start), "end": _clock(s.end)}
            for s in rota.shifts
        ],
        "fallback": None if rota.fallback is None else {
            "name": rota.fallback.name, "email": rota.fallback.email, "webhook": _hook_to_dict(rota.fallback.webhook)},
        "newsroom_webhook": _hook_to_dict(rota.newsroom_webhook),
        "batch_minutes": rota.batch_minutes,
        "acknowledge_minutes": rota.acknowledge_minutes,
        "queue_size_alert": rota.queue_size_alert,
    }


def rota_from_dict(data: Any) -> Rota:
    """Parse (KeyError, TypeError, ValueError on malformed data); `validate` judges the result.
    A policy saved before rotas existed has none: no alerts."""
    if data is None:
        return Rota()
    fallback = data.get("fallback")
    queue_size = data.get("queue_size_alert")
    return Rota(
        people=tuple(
            OnCallPerson(username=str(p["username"]).strip(), email=str(p.get("email") or "").strip(),
                         webhook=_hook_from_dict(p.get("webhook")))
            for p in data.get("people", [])
        ),
        shifts=tuple(
            Shift(username=str(s["username"]).strip(), weekdays=tuple(int(d) for d in s["weekdays"]),
                  start=time.fromisoformat(s["start"]), end=time.fromisoformat(s["end"]))
            for s in data.get("shifts", [])
        ),
        fallback=None if fallback is None else Fallback(
            name=str(fallback.get("name") or "").strip(), email=str(fallback.get("email") or "").strip(),
            webhook=_hook_from_dict(fallback.get("webhook"))),
        newsroom_webhook=_hook_from_dict(data.get("newsroom_webhook")),
        batch_minutes=int(data.get("batch_minutes", 5)),
        acknowledge_minutes=int(data.get("acknowledge_minutes", 20)),
        queue_size_alert=None if queue_size in (None, "") else int(queue_size),
    )


def _hook_to_dict(hook: Webhook | None) -> dict[str, str] | None:
    return None if hook is None else {"url": hook.url, "format": hook.format}


def _hook_from_dict(data: Any) -> Webhook | None:
    if data in (None, ""):
        return None
    if isinstance(data, str):
        return Webhook(url=data.strip())
    return Webhook(url=str(data["url"]).strip(), format=str(data.get("format") or "slack"))


def _clock(moment: time) -> str:
    return moment.isoformat(timespec="minutes")
