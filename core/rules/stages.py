"""Which stage the runner is in, and when the engine suggests moving.

The engine only suggests; the runner or physio confirms. Criteria look only at what was
logged since the runner entered the current stage (or since they last declined a
suggestion), so a declined suggestion returns only on fresh evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.model import Log, ReadinessTest, SessionKind, Stage, StageEventKind, StageRule
from core.rules import surgery
from core.rules.plan import Plan
from core.rules.stage_periods import (  # noqa: F401  (read from here by the views and tests)
    CHANGES_STAGE,
    StagePeriod,
    current_stage,
    periods,
    stage_on,
)
from core.rules.walkrun import LadderState, step_backs_in_a_row

ONE_WEEK = dt.timedelta(weeks=1)
SIX_DAYS = dt.timedelta(days=6)


@dataclass(frozen=True)
class Suggestion:
    from_stage: Stage
    to_stage: Stage
    rule: StageRule
    reason: str

    @property
    def forward(self) -> bool:
        return self.to_stage > self.from_stage


def evidence_since(log: Log) -> dt.date | None:
    """The first day whose entries count toward a suggestion."""
    since = None
    for event in log.stage_events:
        if event.kind in CHANGES_STAGE:
            since = event.date
        elif event.kind is StageEventKind.DECLINED:
            since = event.date + dt.timedelta(days=1)
    return since


def suggest(log: Log, plan: Plan, ladder: LadderState, today: dt.date) -> Suggestion | None:
    """A stage move whose criteria hold today, back moves (flares) first."""
    stage = current_stage(log)
    since = evidence_since(log)
    if stage is None or since is None:
        return None
    protocol = plan.on(today)
    threshold = protocol.pain.threshold
    back = _flare(log, plan, ladder, stage, since)
    if back:
        return back
    if stage is Stage.CALM:
        days = protocol.calm.exit_pain_days
        run = _pain_run(log, since, days, lambda pain: pain <= threshold)
        if run:
            return Suggestion(stage, Stage.STRENGTH, StageRule.CALM_EXIT,
                              f"Daily pain was {threshold}/10 or less for {days} days in a row "
                              f"(up to {run.isoformat()}): time to build strength.")
    elif stage is Stage.STRENGTH:
        weeks = _strength_weeks(log, plan, since, today)
        needed = protocol.strength.exit_weeks
        if weeks >= needed:
            per_week = protocol.strength.sessions_per_week
            return Suggestion(stage, Stage.MECHANICS, StageRule.STRENGTH_EXIT,
                              f"{weeks} weeks in a row with at least {per_week} completed "
                              f"strength sessions and exercise pain {threshold}/10 or less.")
    elif stage is Stage.MECHANICS:
        passed = _readiness_passed(log, since, threshold)
        after_surgery = surgery.gate(log, protocol, since, today)  # (): not after surgery
        if len(passed) == len(ReadinessTest) and surgery.all_met(after_surgery):
            return Suggestion(stage, Stage.RETURN_TO_RUN, StageRule.READINESS_PASSED,
                              f"All four readiness checks passed with pain {threshold}/10 or "
                              f"less: {'; '.join(test.label for test in ReadinessTest)}."
                              + surgery.reason(after_surgery))
    elif stage is Stage.RETURN_TO_RUN and ladder.complete(protocol, since):
        # Computed from the latest sessions: a later failure withdraws it
        # (docs/RULES.md, Stage moves).
        needed = protocol.walk_run.sessions_to_advance
        top = protocol.level(protocol.top_level)
        return Suggestion(stage, Stage.PERFORMANCE, StageRule.LADDER_COMPLETE,
                          f"The top ladder level ({top.describe()}) passed {needed} "
                          f"time{'s' * (needed != 1)}, the last on "
                          f"{ladder.pass_dates[-1].isoformat()}, with no session failing "
                          f"since.")
    return None


@dataclass(frozen=True)
class ExitProgress:
    """How far the current stage's exit criterion has come: ``done`` of ``needed``."""

    done: int
    needed: int
    what: str  # "calm days in a row (pain 2/10 or less)"


def exit_progress(log: Log, plan: Plan, stage: Stage, today: dt.date) -> ExitProgress | None:
    """Stages 1–3: the count their move on waits for, read as ``suggest`` reads it (stage 4
    counts its ladder's passes, stage 5 its run types back: core/rules/glance.py)."""
    since = evidence_since(log)
    if since is None:
        return None
    protocol = plan.on(today)
    threshold = protocol.pain.threshold
    if stage is Stage.CALM:
        needed = protocol.calm.exit_pain_days
        done, last = 0, None
        for check_in in reversed(log.check_ins[-needed:]):
            if (check_in.date < since or check_in.pain > threshold
                    or (last is not None and (last - check_in.date).days != 1)):
                break
            done, last = done + 1, check_in.date
        return ExitProgress(done, needed, f"calm days in a row (pain {threshold}/10 or less)")
    if stage is Stage.STRENGTH:
        needed = protocol.strength.exit_weeks
        return ExitProgress(min(_strength_weeks(log, plan, since, today), needed), needed,
                            f"weeks in a row with {protocol.strength.sessions_per_week} "
                            f"strength sessions done")
    if stage is Stage.MECHANICS:
        return ExitProgress(len(_readiness_passed(log, since, threshold)), len(ReadinessTest),
                            "readiness checks passed")
    return None


def readiness_status(log: Log, since: dt.date | None, threshold: int
                     ) -> dict[ReadinessTest, bool | None]:
    """Each readiness check: passed (True), failed last time (False) or not tried (None)."""
    latest = {}
    for check in log.readiness:
        if since is None or check.date >= since:
            latest[check.test] = check.completed and check.pain <= threshold
    return {test: latest.get(test) for test in ReadinessTest}


def _readiness_passed(log: Log, since: dt.date, threshold: int) -> list[ReadinessTest]:
    return [t for t, ok in readiness_status(log, since, threshold).items() if ok]


def _pain_run(log: Log, since: dt.date, days: int, good) -> dt.date | None:
    """The last day of the latest ``days`` consecutive check-ins that all satisfy ``good``."""
    recent = [c for c in log.check_ins[-days:] if c.date >= since]
    if len(recent) < days:
        return None
    consecutive = (recent[-1].date - recent[0].date).days == days - 1
    if consecutive and all(good(c.pain) for c in recent):
        return recent[-1].date
    return None


def _strength_weeks(log: Log, plan: Plan, since: dt.date, today: dt.date) -> int:
    """Consecutive ISO weeks, ending this week or last, with enough comfortable sessions."""
    strength = log.sessions_of(SessionKind.STRENGTH)

    def comfortable(monday: dt.date) -> int:
        count = 0
        for session in strength.between(max(monday, since), monday + SIX_DAYS):
            pain = session.exercise_pain_max
            if session.strength_complete and (
                    pain is None or pain <= plan.on(session.date).pain.threshold):
                count += 1
        return count

    needed = plan.on(today).strength.sessions_per_week
    week = today - dt.timedelta(days=today.weekday())
    if comfortable(week) < needed:
        week -= ONE_WEEK  # this week may still be under way
    count = 0
    while comfortable(week) >= needed:  # back from the latest week: no pass over the rest
        count += 1
        week -= ONE_WEEK
    return count


def _flare(log: Log, plan: Plan, ladder: LadderState, stage: Stage, since: dt.date
           ) -> Suggestion | None:
    """Pain flaring since entering this stage: suggest the stage before."""
    if stage is Stage.CALM:
        return None
    protocol = plan.current
    previous = Stage(stage - 1)
    in_a_row = protocol.stage_back.step_backs_in_a_row
    if stage is Stage.RETURN_TO_RUN:
        # Only step-backs since entering the stage (or declining) are fresh evidence.
        step_backs = step_backs_in_a_row([d for d in ladder.decisions if d.date >= since])
        if step_backs >= in_a_row:
            return Suggestion(stage, previous, StageRule.FLARE_STEP_BACKS,
                              f"{step_backs} step-backs in a row on the ladder: settle the "
                              f"knee before running again.")
    if stage is Stage.PERFORMANCE:
        latest = log.sessions.latest((SessionKind.WALK_RUN, SessionKind.RUN), in_a_row)
        runs = [s for s in latest if s.date >= since]
        stop = protocol.pain.stop
        if len(runs) == in_a_row and all(
                s.limp or s.swelling or (s.pain_during or 0) >= stop for s in runs):
            return Suggestion(stage, previous, StageRule.FLARE_RUNS,
                              f"The last {in_a_row} runs hurt {stop}/10 or more, or brought a "
                              f"limp or swelling: go back to the walk–run ladder.")
    days = protocol.stage_back.flare_pain_days
    threshold = protocol.pain.threshold
    flare = _pain_run(log, since, days, lambda pain: pain > threshold)
    if flare:
        return Suggestion(stage, previous, StageRule.FLARE_DAILY_PAIN,
                          f"Daily pain was above {threshold}/10 for {days} days in a row (up to "
                          f"{flare.isoformat()}): step back to {previous.title.lower()}.")
    return None
