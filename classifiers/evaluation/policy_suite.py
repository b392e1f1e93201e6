"""``python -m classifiers policy-suite``: our own policy test suite, judged at the model's thresholds.

``policy_suite.json`` holds demo articles and short reader comments written for this
project, each with the outcome the moderation policy wants (withheld, flagged, left
alone, ...). AUC says how well a model ranks; this says whether it does the right thing
at the thresholds the service actually uses. It is a test, never training data.

A run is a report, not a gate: it exits 0 however many cases are wrong, unless
``--require SHARE`` is given, when it exits 1 if any group's share right is below it.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

SUITE_PATH = Path(__file__).with_name("policy_suite.json")

# What each expectation asks of the scores; see judge().
EXPECTATIONS = ("withhold", "flag_abuse", "not_withheld", "clean", "off_topic", "spam")


@dataclass(frozen=True)
class Case:
    id: str
    group: str
    article: str
    text: str
    expect: str
    parent: str | None = None


@dataclass(frozen=True)
class Suite:
    articles: dict[str, dict[str, str]]
    cases: list[Case]


class Scored(Protocol):
    """What the suite reads of a comment's scores (classifiers.scores.Scores, or anything alike)."""

    @property
    def abuse(self) -> float: ...
    @property
    def off_topic(self) -> float | None: ...
    @property
    def spam(self) -> float: ...
    @property
    def labels(self) -> dict[str, Any]: ...


@dataclass
class CaseOutcome:
    case: Case
    result: Scored
    right: bool


@dataclass
class GroupResult:
    group: str
    expect: str
    outcomes: list[CaseOutcome] = field(default_factory=list)

    @property
    def cases(self) -> int:
        return len(self.outcomes)

    @property
    def right(self) -> int:
        return sum(o.right for o in self.outcomes)

    @property
    def share(self) -> float:
        return self.right / self.cases if self.cases else 0.0


def load_suite(path: Path = SUITE_PATH) -> Suite:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    cases = [Case(**case) for case in raw["cases"]]
    return Suite(articles=raw["articles"], cases=cases)


def comment_inputs(suite: Suite) -> list:
    """One ``CommentInput`` per case: the article as context, and the parent's text for a reply."""
    from classifiers.api import CommentInput

    texts = {case.id: case.text for case in suite.cases}
    inputs = []
    for case in suite.cases:
        article = suite.articles[case.article]
        inputs.append(
            CommentInput(
                id=case.id,
                text=case.text,
                article_title=article["title"],
                article_body=article["body"],
                parent_text=texts[case.parent] if case.parent else None,
                article_id=case.article,
            )
        )
    return inputs


def judge(expect: str, result, thresholds: dict) -> bool:
    """Whether scores meet an expectation at the given thresholds (the manifest's ``scorer.thresholds``)."""
    abuse, spam, off_topic = result.abuse, result.spam, result.off_topic
    abuse_flag = thresholds["abuse"]["flag"]
    withhold_part = thresholds["abuse"]["withhold_part"]
    spam_flag = thresholds["spam"]["flag"]
    off_topic_flag = thresholds["off_topic"]["flag"]
    if expect == "withhold":
        return abuse >= withhold_part
    if expect == "flag_abuse":
        return abuse >= abuse_flag
    if expect == "not_withheld":
        return abuse < withhold_part and spam < spam_flag
    if expect == "clean":
        return abuse < abuse_flag and spam < spam_flag and (off_topic is None or off_topic < off_topic_flag)
    if expect == "off_topic":
        return off_topic is not None and off_topic >= off_topic_flag
    if expect == "spam":
        return spam >= spam_flag
    raise ValueError(f"unknown expectation {expect!r}; expected one of {', '.join(EXPECTATIONS)}")


def tuning_half(suite: Suite) -> set[str]:
    """Ids of the cases a model may choose its thresholds on: every other case of each group (the
    first, third, ...). The rest is held out, and the report shows it on its own."""
    seen: dict[str, int] = {}
    chosen = set()
    for case in suite.cases:
        position = seen.get(case.group, 0)
        seen[case.group] = position + 1
        if position % 2 == 0:
            chosen.add(case.id)
    return chosen


def held_out(groups: list[GroupResult], suite: Suite) -> list[GroupResult]:
    tuning = tuning_half(suite)
    return [GroupResult(g.group, g.expect, [o for o in g.outcomes if o.case.id not in tuning]) for g in groups]


def thresholds_from_suite(thresholds: dict) -> bool:
    return thresholds.get("chosen_on") == "policy suite, tuning half"


def run_suite(scorer, suite: Suite) -> list[GroupResult]:
    """Score every case in one batch, in the suite's order, and judge it; groups in first-seen order.

    One batch in order is how comments reach a fresh scorer: its near-duplicate memory
    holds only the cases before each one.
    """
    results = scorer.score_batch(comment_inputs(suite))
    thresholds = scorer.thresholds
    groups: dict[str, GroupResult] = {}
    for case, result in zip(suite.cases, results):
        group = groups.setdefault(case.group, GroupResult(case.group, case.expect))
        group.outcomes.append(CaseOutcome(case, result, judge(case.expect, result, thresholds)))
    return list(groups.values())


def _percent(share: float) -> str:
    return f"{100 * share:.1f}%"


def render_table(groups: list[GroupResult]) -> str:
    width = max(len("overall"), *(len(g.group) for g in groups))
    lines = [f"{'group':<{width}}  {'expect':<12}  {'cases':>5}  {'right':>5}  {'share':>6}"]
    for g in groups:
        lines.append(f"{g.group:<{width}}  {g.expect:<12}  {g.cases:>5}  {g.right:>5}  {_percent(g.share):>6}")
    cases, right = sum(g.cases for g in groups), sum(g.right for g in groups)
    lines.append(f"{'overall':<{width}}  {'':<12}  {cases:>5}  {right:>5}  {_percent(right / cases if cases else 0):>6}")
    mean = sum(g.share for g in groups) / len(groups) if groups else 0.0
    lines.append(f"mean of the group shares: {_percent(mean)}")
    return "\n".join(lines)


def render_thresholds(thresholds: dict) -> str:
    abuse = thresholds["abuse"]
    return (
        f"thresholds: abuse flag {abuse['flag']}, withhold_part {abuse['withhold_part']}, "
        f"withhold_full {abuse.get('withhold_full')}; off_topic flag {thresholds['off_topic']['flag']}; "
        f"spam flag {thresholds['spam']['flag']}"
    )


def render_failures(groups: list[GroupResult]) -> str:
    lines = []
    for g in groups:
        for o in g.outcomes:
            if o.right:
                continue
            r, case = o.result, o.case
            off_topic = "none" if r.off_topic is None else f"{r.off_topic:.4f}"
            subs = ", ".join(f"{k} {v:.2f}" for k, v in r.labels.items() if isinstance(v, (int, float)))
            reply = f" (reply to {case.parent})" if case.parent else ""
            lines.append(f"{case.id} [{case.article}]{reply}: expected {case.expect}")
            lines.append(f"    abuse {r.abuse:.4f} ({subs}); off_topic {off_topic}; spam {r.spam:.4f}")
            lines.append(f"    {case.text}")
    return "\n".join(lines) if lines else "no failures"


def report(scorer, suite: Suite, out: IO[str], failures: bool = False, require: float | None = None) -> int:
    """Print the report; the exit status is 1 only when ``require`` is given and a group falls short of it."""
    groups = run_suite(scorer, suite)
    print(
        f"policy suite: {len(suite.cases)} cases under {len(suite.articles)} articles; model {scorer.version}",
        file=out,
    )
    print(render_thresholds(scorer.thresholds), file=out)
    print(file=out)
    print(render_table(groups), file=out)
    judged = groups
    if thresholds_from_suite(scorer.thresholds):
        judged = held_out(groups, suite)
        print("\nThis model's thresholds were chosen on the suite's tuning half (every other case of each group);"
              " the held-out half alone:\n", file=out)
        print(render_table(judged), file=out)
    if failures:
        print("\nwrong cases:", file=out)
        print(render_failures(groups), file=out)
    if require is None:
        return 0
    short = [g for g in judged if g.share < require]
    if short:
        names = ", ".join(f"{g.group} {_percent(g.share)}" for g in short)
        print(f"\nbelow the required {_percent(require)}: {names}", file=out)
        return 1
    return 0


def main(args) -> int:
    from classifiers.api import load_scorer
    from classifiers.artifact import ArtifactError

    require = getattr(args, "require", None)
    if require is not None and not 0.0 <= require <= 1.0:
        print("error: --require is a share between 0 and 1, e.g. 0.9", file=sys.stderr)
        return 2
    try:
        scorer = load_scorer(args.model)
    except ArtifactError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not all(scorer.thresholds.get(signal) for signal in ("abuse", "off_topic", "spam")):
        print("error: the model's manifest gives no thresholds to judge the suite at", file=sys.stderr)
        return 2
    return report(scorer, load_suite(), sys.stdout, failures=args.failures, require=require)
