"""The staffed-hours policy: which comments a moderator must look at, how soon, and in what order,
and which are hidden from the public until they do.

`evaluate` is a pure function of the facts about one comment, the configuration, the coverage
level in force and the clock. Every conclusion comes with a sentence saying why, for the
moderator's "why is this here".
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType

from .article_controls import CommentClosing
from .coverage import Coverage, StaffingSchedule
from .model import Reason
from .rota import Rota
from .word_lists import PhraseHit, PhraseHits, phrase_words
from .wording import REASON_WORDING, duration, plural

# Longer than any sensible review deadline, and short enough that `now + deadline` cannot overflow.
MAX_DEADLINE = timedelta(days=30)

# Most severe first (SPEC §4: legal > abuse > untrue > spam > off-topic); "other" is vaguest.
SEVERITY: Mapping[Reason, int] = MappingProxyType(
    {Reason.LEGAL: 6, Reason.ABUSE: 5, Reason.UNTRUE: 4, Reason.SPAM: 3, Reason.OFF_TOPIC: 2, Reason.OTHER: 1}
)
SIGNAL_REASON: Mapping[str, Reason] = MappingProxyType(
    {"abuse": Reason.ABUSE, "off_topic": Reason.OFF_TOPIC, "spam": Reason.SPAM}
)


@dataclass(frozen=True)
class FlagThresholds:
    """Scores at or above which a comment enters the queue without any complaint."""

    abuse: float = 0.5
    off_topic: float = 0.5
    spam: float = 0.5
    source: str = "unset"  # where the numbers came from, e.g. the model card that recommended them


@dataclass(frozen=True)
class WithholdBars:
    """When to hide a comment from the public before anyone has reviewed it."""

    abuse: float  # abuse score at or above which it is hidden
    complaint_weight: float  # summed weight of distinct complainants ...
    min_complainants: int  # ... from at least this many distinct readers


@dataclass(frozen=True)
class Deadlines:
    complaint: timedelta
    flag: timedelta


@dataclass(frozen=True)
class PolicyConfig:
    flag: FlagThresholds = field(default_factory=FlagThresholds)
    withhold: Mapping[Coverage, WithholdBars] = field(
        default_factory=lambda: {
            Coverage.FULL: WithholdBars(abuse=0.97, complaint_weight=6.0, min_complainants=4),
            Coverage.PART: WithholdBars(abuse=0.90, complaint_weight=3.0, min_complainants=2),
        }
    )
    deadlines: Mapping[Coverage, Deadlines] = field(
        default_factory=lambda: {
            Coverage.FULL: Deadlines(complaint=timedelta(hours=1), flag=timedelta(hours=2)),
            Coverage.PART: Deadlines(complaint=timedelta(hours=4), flag=timedelta(hours=8)),
        }
    )
    # Severity first: no other part of a priority (deadline, scores, complaints, exposure) can lift an
    # item above a graver one. False weighs severity with the rest, so an overdue or busy item may.
    severity_first: bool = True
    # How much one reader's complaint counts, by the reason they gave.
    complaint_weight: Mapping[Reason, float] = field(
        default_factory=lambda: {
            Reason.LEGAL: 2.0,
            Reason.ABUSE: 1.5,
            Reason.UNTRUE: 1.0,
            Reason.SPAM: 1.0,
            Reason.OFF_TOPIC: 0.5,
            Reason.OTHER: 0.75,
        }
    )
    schedule: StaffingSchedule = field(default_factory=StaffingSchedule)
    # Who is told, and how, when something needs a person at once (domain/rota.py).
    rota: Rota = field(default_factory=Rota)
    # Comments close by themselves some days after an article is published (off unless set).
    closing: CommentClosing = field(default_factory=CommentClosing)

    def validate(self) -> list[str]:
        problems = list(self.schedule.validate())
        problems += self.rota.validate()
        problems += self.closing.validate()
        for name in ("abuse", "off_topic", "spam"):
            value = getattr(self.flag, name)
            if not 0.0 <= value <= 1.0:
                problems.append(f"flag threshold for {name} must be between 0 and 1")
        for level in Coverage:
            if level not in self.withhold:
                problems.append(f"withholding bars for {level} coverage are missing")
            if level not in self.deadlines:
                problems.append(f"deadlines for {level} coverage are missing")
        if problems:
            return problems
        full, part = self.withhold[Coverage.FULL], self.withhold[Coverage.PART]
        for level, bars in self.withhold.items():
            if not 0.0 < bars.abuse <= 1.0:
                problems.append(f"{level} withholding abuse bar must be in (0, 1]")
            # NaN compares false both ways, so a NaN bar would silently never withhold; infinity likewise.
            if not (math.isfinite(bars.complaint_weight) and bars.complaint_weight > 0) or bars.min_complainants < 1:
                problems.append(f"{level} withholding complaint bar must be positive")
            if bars.abuse < self.flag.abuse:
                problems.append(f"{level} withholding abuse bar must not be below the abuse flag threshold")
        # Fewer people watching must never mean less caution.
        if part.abuse > full.abuse or part.complaint_weight > full.complaint_weight or (
            part.min_complainants > full.min_complainants
        ):
            problems.append("part-time withholding bars must not be higher than full-time ones")
        for level, d in self.deadlines.items():
            if d.complaint <= timedelta(0) or d.flag <= timedelta(0):
                problems.append(f"{level} review deadlines must be positive")
            elif d.complaint > MAX_DEADLINE or d.flag > MAX_DEADLINE:
                problems.append(f"{level} review deadlines must not exceed {MAX_DEADLINE.days} days")
        for reason in Reason:
            weight = self.complaint_weight.get(reason)
            if weight is None or not (math.isfinite(weight) and weight >= 0):
                problems.append(f"complaint weight for {reason} must be given and not negative")
        if not isinstance(self.severity_first, bool):
            problems.append("priority severity_first must be true or false")
        return problems


@dataclass(frozen=True)
class Scores:
    abuse: float
    spam: float
    off_topic: float | None = None
    labels: Mapping[str, object] = field(default_factory=dict)
    model: str = ""


@dataclass(frozen=True)
class ComplaintFact:
    reporter: str  # a stable key per reader: their id, or a hash of an anonymous reader's address
    reason: Reason
    reporter_weight: float = 1.0  # from the reporter's track record; 1.0 for a newcomer
    anonymous: bool = False  # not signed in: anyone can be many anonymous readers


# All anonymous complaints about a comment together count as one reader of at most this weight:
# they bring it to a moderator's attention, but cannot hide it on their own.
ANONYMOUS_READERS = "anonymous readers"
ANONYMOUS_MAX_WEIGHT = 1.0


@dataclass(frozen=True)
class Exposure:
    """How many readers are likely to see the comment."""

    article_published_at: datetime | None = None
    comments_last_hour: int = 0


@dataclass(frozen=True)
class CommentFacts:
    created_at: datetime
    scores: Scores | None = None
    complaints: tuple[ComplaintFact, ...] = ()
    exposure: Exposure = field(default_factory=Exposure)
    # From an earlier evaluation, if the comment is already in the queue.
    queued_due_at: datetime | None = None
    withheld: bool = False
    # The classifiers failed on its current text: with no scores to go on, a person must read it.
    unscorable: bool = False
    # The newsroom's banned and suspect phrases found in its current text (not yet reviewed).
    phrases: PhraseHits = field(default_factory=PhraseHits)
    # Its current text was written while its article was marked sensitive (not yet reviewed).
    sensitive_article: bool = False


@dataclass(frozen=True)
class Trigger:
    kind: str  # "complaint", "flag", "banned_phrase", "suspect_phrase" or "sensitive_article"
    reason: Reason
    detail: str


@dataclass(frozen=True)
class PolicyDecision:
    enqueue: bool
    withhold: bool
    reason: Reason | None
    triggers: tuple[Trigger, ...]
    due_at: datetime | None
    priority: int
    explanation: tuple[str, ...]
    urgency: int = 0  # NORMAL, DUE_SOON or OVERDUE: when it changes the priority must be worked out again
    priority_parts: tuple[PriorityPart, ...] = ()  # their points add up to `priority`
    # Which conclusion hides it: one of WITHHELD_BY, or "" when it is not withheld.
    withheld_by: str = ""


# The conclusions that hide a comment, by name (the audit trail's `withheld` event records which).
WITHHELD_BY = ("banned_phrase", "sensitive_article", "abuse_score", "complaints", "until_review")
# Which review deadline each kind of trigger is held to: what the newsroom's lists or an article's
# sensitivity raise is, like a classifier's flag, found by the service rather than reported by readers.
DEADLINE_KIND: Mapping[str, str] = MappingProxyType({
    "complaint": "complaint", "flag": "flag", "banned_phrase": "flag", "suspect_phrase": "flag",
    "sensitive_article": "flag",
})


@dataclass(frozen=True)
class PriorityPart:
    """One reason an item sits where it does in the queue: its points, and a sentence saying why."""

    name: str  # "severity", "deadline", "score", "complaints", "article age" or "activity"
    points: int
    detail: str


NORMAL, DUE_SOON, OVERDUE = 0, 1, 2
DUE_SOON_WINDOW = timedelta(minutes=30)


def urgency(due_at: datetime, now: datetime) -> int:
    if due_at <= now:
        return OVERDUE
    return DUE_SOON if due_at - now <= DUE_SOON_WINDOW else NORMAL


def complainant_weights(complaints: tuple[ComplaintFact, ...], config: PolicyConfig) -> dict[str, tuple[float, Reason]]:
    """One entry per distinct reader: a reader who complains twice counts once, at their gravest reason.

    The reason and the weight are chosen separately, so that neither depends on the order the
    complaints arrive in and a reader's second complaint can never make the comment look less
    serious: the reason is the gravest they gave (an admin who weights "untrue" above "legal" must
    not make a legal complaint disappear), the weight the largest any one of their complaints carries.
    """
    by_reader: dict[str, tuple[float, Reason]] = {}
    anonymous: list[tuple[float, Reason]] = []
    for c in complaints:
        weight = config.complaint_weight.get(c.reason, 0.0) * max(c.reporter_weight, 0.0)
        if c.anonymous:
            anonymous.append((weight, c.reason))
            continue
        best = by_reader.get(c.reporter)
        if best is None:
            by_reader[c.reporter] = (weight, c.reason)
        else:
            gravest = c.reason if SEVERITY[c.reason] > SEVERITY[best[1]] else best[1]
            by_reader[c.reporter] = (max(weight, best[0]), gravest)
    if anonymous:
        gravest = max((r for _, r in anonymous), key=lambda r: SEVERITY[r])
        by_reader[ANONYMOUS_READERS] = (min(math.fsum(w for w, _ in anonymous), ANONYMOUS_MAX_WEIGHT), gravest)
    return by_reader


def _total_weight(readers: dict[str, tuple[float, Reason]]) -> float:
    # fsum is exact, so the total (and whether it reaches a bar) cannot depend on the order of the readers.
    return math.fsum(w for w, _ in readers.values())


def evaluate(facts: CommentFacts, config: PolicyConfig, coverage: Coverage, now: datetime) -> PolicyDecision:
    triggers = _triggers(facts, config)
    explanation = [t.detail for t in triggers]
    if not triggers:
        # A hidden comment must still say why it is hidden, even once nothing else holds it in the queue.
        note = (_WITHHELD_UNTIL_REVIEW,) if facts.withheld else ()
        return PolicyDecision(False, facts.withheld, None, (), facts.queued_due_at, 0, note,
                              withheld_by="until_review" if facts.withheld else "")

    reason = max((t.reason for t in triggers), key=lambda r: SEVERITY[r])
    readers = complainant_weights(facts.complaints, config)
    complaint_weight = _total_weight(readers)

    withheld_by, why_withheld = _withholding(facts, config.withhold[coverage], coverage, len(readers), complaint_weight)
    if why_withheld:
        explanation.append(why_withheld)

    # The tightest deadline among the triggers applies: with a configuration whose flag deadline is
    # shorter than its complaint deadline, a complaint must not buy a flagged comment more time.
    kinds = sorted({DEADLINE_KIND[t.kind] for t in triggers})
    allowed, deadline_kind = min((getattr(config.deadlines[coverage], kind), kind) for kind in kinds)
    due_at = now + allowed
    if facts.queued_due_at is not None and facts.queued_due_at <= due_at:
        due_at = facts.queued_due_at  # a deadline, once set, is only ever brought forward
        explanation.append("Review due by the deadline set when it entered the queue.")
    else:
        explanation.append(f"Review due within {duration(allowed)} ({coverage}-time coverage, {deadline_kind}).")

    parts = _priority_parts(facts, config, reason, len(readers), complaint_weight, due_at, now)
    explanation.extend(p.detail for p in parts)
    return PolicyDecision(
        True, bool(withheld_by), reason, tuple(triggers), due_at, sum(p.points for p in parts), tuple(explanation),
        urgency(due_at, now), parts, withheld_by,
    )


def in_short(triggers: tuple[Trigger, ...] | list[Trigger]) -> str:
    """One sentence for the queue list: the gravest reason the item is there (what readers said
    before what a model scored, at equal severity), and how many other reasons there are."""
    if not triggers:
        return ""
    first = max(triggers, key=lambda t: (SEVERITY[t.reason], t.kind != "flag"))
    sentence = first.detail[:1].upper() + first.detail[1:]
    others = len(triggers) - 1
    return f"{sentence.rstrip('.')} (and {plural(others, 'more reason')})." if others else sentence


def _triggers(facts: CommentFacts, config: PolicyConfig) -> list[Trigger]:
    triggers = []
    readers = complainant_weights(facts.complaints, config)
    if readers:
        counts: dict[Reason, int] = {}
        for _, r in readers.values():
            counts[r] = counts.get(r, 0) + 1
        for r in sorted(counts, key=lambda r: (-SEVERITY[r], r.value)):
            n = counts[r]
            triggers.append(Trigger("complaint", r, f"{n} reader{'s' if n > 1 else ''} reported it as {_label(r)}."))
    for hit in facts.phrases.banned:
        triggers.append(Trigger("banned_phrase", Reason.OTHER, f"Contains the banned phrase {_phrase(hit)}."))
    for hit in facts.phrases.suspect:
        triggers.append(Trigger("suspect_phrase", Reason.OTHER, f"Contains the suspect phrase {_phrase(hit)}."))
    if facts.sensitive_article:
        triggers.append(Trigger("sensitive_article", Reason.OTHER, SENSITIVE_ARTICLE))
    if facts.unscorable:
        triggers.append(Trigger("flag", Reason.OTHER, UNSCORABLE))
    if facts.scores is not None:
        for signal in ("abuse", "off_topic", "spam"):
            value = getattr(facts.scores, signal)
            threshold = getattr(config.flag, signal)
            if value is not None and value >= threshold:
                detail = f"{signal.replace('_', '-')} score {value:.2f} is at or above the flag threshold {threshold:.2f}"
                drivers = _drivers(facts.scores.labels, signal)
                triggers.append(Trigger("flag", SIGNAL_REASON[signal], detail + (f" ({drivers})." if drivers else ".")))
    return triggers


def _drivers(labels: Mapping[str, object], signal: str) -> str:
    explanation = labels.get("explanation") if isinstance(labels, Mapping) else None
    words = explanation.get(signal) if isinstance(explanation, Mapping) else None
    if not words:
        return ""
    return "driven by " + ", ".join(f"“{w}”" for w in list(words)[:5])


def _phrase(hit: PhraseHit) -> str:
    """The listed phrase, and how the comment disguised it if it did."""
    written = "" if phrase_words(hit.written) == phrase_words(hit.phrase) else f" (written “{hit.written}”)"
    return f"“{hit.phrase}”{written}"


def _withholding(
    facts: CommentFacts, bars: WithholdBars, coverage: Coverage, complainants: int, complaint_weight: float
) -> tuple[str, str]:
    """Which conclusion hides the comment (a WITHHELD_BY name, "" for none), and why in words. The
    newsroom's own rules come first: they hold at any coverage."""
    banned = facts.phrases.banned
    if banned:
        phrases = ", ".join(_phrase(hit) for hit in banned)
        return "banned_phrase", f"Withheld at any coverage: it contains the banned phrase{'s' * (len(banned) > 1)} {phrases}."
    if facts.sensitive_article:
        return "sensitive_article", "Withheld: the article is marked sensitive, so every new comment waits for a moderator."
    if facts.withheld:
        # Hidden comments stay hidden until a moderator decides; a shift change alone releases nothing.
        return "until_review", _WITHHELD_UNTIL_REVIEW
    abuse = facts.scores.abuse if facts.scores else 0.0
    if abuse >= bars.abuse:
        return "abuse_score", f"Withheld: abuse score {abuse:.2f} reaches the {coverage}-time bar {bars.abuse:.2f}."
    if complainants >= bars.min_complainants and complaint_weight >= bars.complaint_weight:
        return "complaints", (
            f"Withheld: {complainants} distinct readers complained (weight {complaint_weight:.1f}), "
            f"reaching the {coverage}-time bar of {bars.min_complainants} readers and weight {bars.complaint_weight:.1f}."
        )
    return "", ""


# Comments in the article's last hour beyond which a thread counts as fully busy (no further boost),
# so nobody needs to count past it.
BUSY_THREAD = 40
# Fewer comments than this in the last hour are activity, not a busy thread.
LIVELY_THREAD = 10
ACTIVITY_WINDOW = timedelta(hours=1)  # the "last hour" comments are counted over

# The points each part of a priority can add. Exposure counts in steps (whole hours of the article's
# age, five comments of activity) so that a priority changes, and the queue is worked out again,
# when the article's exposure really changes rather than at every comment posted.
SEVERITY_FIRST_STEP = 10_000  # per level of severity: more than all the other parts together can add
SEVERITY_WEIGHED_STEP = 1_000  # ... or, when the policy weighs severity with the rest, less
OVERDUE_POINTS, DUE_SOON_POINTS = 2_000, 500
SCORE_POINTS = 300  # for a flagged score of 1.0; scores below their flag threshold add nothing
COMPLAINT_POINTS, COMPLAINT_POINTS_MAX = 60, 600  # per unit of complainants' weight
AGE_POINTS, AGE_HOURS = 200, 48  # for an article published within the hour, down to nothing after two days
ACTIVITY_STEP, ACTIVITY_STEP_POINTS = 5, 25  # per five comments in the last hour, up to BUSY_THREAD


def severity_part(reason: Reason, severity_first: bool = True) -> PriorityPart:
    step = SEVERITY_FIRST_STEP if severity_first else SEVERITY_WEIGHED_STEP
    rank = f"Severity {_label(reason)} ({SEVERITY[reason]} of {max(SEVERITY.values())})"
    return PriorityPart("severity", SEVERITY[reason] * step,
                        f"{rank}, which comes before every other part." if severity_first else f"{rank}.")


def deadline_parts(due_at: datetime, now: datetime) -> list[PriorityPart]:
    level = urgency(due_at, now)
    if level == OVERDUE:
        return [PriorityPart("deadline", OVERDUE_POINTS, "Overdue: past its review deadline.")]
    if level == DUE_SOON:
        return [PriorityPart("deadline", DUE_SOON_POINTS, "Due within 30 minutes.")]
    return []


def exposure_points(exposure: Exposure, now: datetime) -> int:
    """What the article's age and activity add to a priority at `now`: when this differs from what
    an item was assessed with, its priority is out of date."""
    return sum(p.points for p in _exposure_parts(exposure, now))


def _exposure_parts(exposure: Exposure, now: datetime) -> list[PriorityPart]:
    parts = []
    if exposure.article_published_at is not None:
        hours = int(max((now - exposure.article_published_at).total_seconds(), 0.0) // 3600)
        if hours < AGE_HOURS:
            parts.append(PriorityPart("article age", round(AGE_POINTS * (AGE_HOURS - hours) / AGE_HOURS),
                                      f"Article published {hours} h ago."))
    count = min(exposure.comments_last_hour, BUSY_THREAD)
    if count >= ACTIVITY_STEP:
        many = count >= BUSY_THREAD
        said = f"{BUSY_THREAD} or more comments" if many else plural(count, "comment")
        parts.append(PriorityPart("activity", count // ACTIVITY_STEP * ACTIVITY_STEP_POINTS,
                                  f"Busy thread: {said} in the last hour." if count >= LIVELY_THREAD
                                  else f"Recent activity: {said} in the last hour."))
    return parts


def _priority_parts(
    facts: CommentFacts, config: PolicyConfig, reason: Reason, complainants: int, complaint_weight: float,
    due_at: datetime, now: datetime,
) -> tuple[PriorityPart, ...]:
    """The priority is the sum of these parts, an integer so the queue has one deterministic order."""
    parts = [severity_part(reason, config.severity_first), *deadline_parts(due_at, now)]
    if facts.scores is not None:
        flagged = [(getattr(facts.scores, s), s) for s in ("abuse", "off_topic", "spam")
                   if getattr(facts.scores, s) is not None and getattr(facts.scores, s) >= getattr(config.flag, s)]
        if flagged:
            top, signal = max(flagged, key=lambda f: f[0])
            if round(top * SCORE_POINTS):
                parts.append(PriorityPart("score", round(top * SCORE_POINTS),
                                          f"Highest flagged score: {signal.replace('_', '-')} {top:.2f}."))
    if complainants and min(round(complaint_weight * COMPLAINT_POINTS), COMPLAINT_POINTS_MAX):
        parts.append(PriorityPart(
            "complaints", min(round(complaint_weight * COMPLAINT_POINTS), COMPLAINT_POINTS_MAX),
            f"{plural(complainants, 'distinct complainant')}, weight {complaint_weight:.1f}.",
        ))
    parts.extend(_exposure_parts(facts.exposure, now))
    return tuple(parts)


_WITHHELD_UNTIL_REVIEW = "Withheld from readers until a moderator reviews it."
UNSCORABLE = "The classifiers could not score this comment; a moderator should read it."
SENSITIVE_ARTICLE = "Posted on an article marked sensitive: every new comment waits for a moderator."


def _label(reason: Reason) -> str:
    # Moderators read "off-topic", not the code "off_topic".
    return REASON_WORDING[reason].name.lower()
