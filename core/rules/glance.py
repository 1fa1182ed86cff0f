"""Today at a glance: the go / easy / stop light on today's prescription, the week from
Monday to Sunday (planned and done, each day's pain), and where the runner stands.

Nothing here decides anything: the light and the week's plan read the ladder's and the
plan's own rules (core/rules/walkrun.py, core/rules/today.py), so Today cannot say "go"
where the engine says rest. docs/RULES.md, "Today at a glance", lists how each is read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from core.model import Log, SessionKind, Stage, Verdict
from core.rules import metrics
from core.rules.plan import Plan
from core.rules.protocol import Protocol
from core.rules.stages import ExitProgress, evidence_since, exit_progress
from core.rules.today import run_types_back, strength_done_this_week
from core.rules.walkrun import Decision, LadderState, WalkRunPlan

ONE_DAY = dt.timedelta(days=1)


class Light(StrEnum):
    """Today's state: do the session, keep it easy, or stop and rest."""

    GO = "go"
    EASY = "easy"
    STOP = "stop"


@dataclass(frozen=True)
class TodayLight:
    light: Light
    resume: str | None = None  # after a step back: when to walk–run again, at which level


def light(log: Log, ladder: LadderState, run_plan: WalkRunPlan, last: Decision | None,
          stage: Stage, strength_due: bool, protocol: Protocol, today: dt.date
          ) -> TodayLight:
    """Stop after a stop sign (a limp, swelling: the prescription says until when) and on
    the rest days after a step back (said here), until the ladder prescribes again; easy
    on rest days, while a check-in is owed and in stage 1 (relative rest); go when a
    session is due. ``last``: the last walk–run decision made (Today's)."""
    if stage is Stage.RETURN_TO_RUN:
        if run_plan.stop:  # the prescription's reason says when to resume, and to call
            return TodayLight(Light.STOP)
        walked_since = last is not None and bool(
            log.sessions_of(SessionKind.WALK_RUN).since(last.date + ONE_DAY))
        if (last is not None and last.verdict is Verdict.STEP_BACK and not walked_since
                and not run_plan.run_today and not run_plan.check_in_first):
            resume = next_walk_run_day(ladder, protocol, today)
            return TodayLight(Light.STOP, _resume(resume, run_plan.level, "the pain"))
        return TodayLight(Light.GO if run_plan.run_today else Light.EASY)
    if stage is Stage.CALM:
        return TodayLight(Light.EASY)
    if stage is Stage.STRENGTH:
        return TodayLight(Light.GO if strength_due else Light.EASY)
    return TodayLight(Light.GO)


def _resume(day: dt.date, level: int, what: str) -> str:
    return (f"Walk–run again from {day.isoformat()} at level {level}. If {what} persists, "
            f"call your physio.")


def next_walk_run_day(ladder: LadderState, protocol: Protocol, today: dt.date) -> dt.date:
    """The first day from tomorrow the rest rules allow a walk–run: the rest days after
    the last one, a stop sign's rest, and the week's cap."""
    day = today + ONE_DAY
    while not _rest_allows(day, ladder.last_session, ladder.runs_by_week, ladder, protocol):
        day += ONE_DAY
    return day


def _rest_allows(day: dt.date, last: dt.date | None, runs: dict[dt.date, int],
                 ladder: LadderState, protocol: Protocol) -> bool:
    """Whether the rest rules allow a walk–run on ``day``, the last one on ``last`` and
    ``runs`` in each week by its Monday: the rest days between, a stop sign's rest, the
    week's cap."""
    return ((last is None or (day - last).days > protocol.walk_run.rest_days_between)
            and (ladder.rest_until is None or day >= ladder.rest_until)
            and runs.get(metrics.monday(day), 0) < protocol.walk_run.runs_per_week)


# --- the week strip ------------------------------------------------------------------------

DONE_WORDS = {SessionKind.WALK_RUN: "walk–run", SessionKind.RUN: "run",
              SessionKind.CROSS_TRAINING: "cross-training", SessionKind.STRENGTH: "strength",
              SessionKind.MOBILITY: "mobility"}


class Zone(StrEnum):
    """A day's pain against the plan's thresholds (the colour of its mark)."""

    SAFE = "safe"  # at or below the threshold
    ACCEPTABLE = "acceptable"  # above it, below the stop threshold
    STOP = "stop"  # at or above the stop threshold


@dataclass(frozen=True)
class Day:
    date: dt.date
    planned: tuple[str, ...]  # from today on: what the rules allow ("walk–run", "rest"...)
    done: tuple[str, ...]  # the sessions logged that day
    pain: int | None  # the day's check-in
    zone: Zone | None


def zone(pain: int, protocol: Protocol) -> Zone:
    if pain <= protocol.pain.threshold:
        return Zone.SAFE
    return Zone.ACCEPTABLE if pain < protocol.pain.stop else Zone.STOP


def week(log: Log, ladder: LadderState, run_plan: WalkRunPlan, stage: Stage,
         strength_due: bool, protocol: Protocol, today: dt.date) -> tuple[Day, ...]:
    """Monday to Sunday of today's week: what was done and how the knee was each day, and
    from today on what the plan has: walk–run and rest days as the ladder's rest rules
    allow them (stage 4), the strength sessions still to do this week on the days left,
    daily easy cross-training (stage 1) or drills (stage 3)."""
    monday = metrics.monday(today)
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    planned: dict[dt.date, list[str]] = {day: [] for day in days if day >= today}
    if stage is Stage.RETURN_TO_RUN:
        walked = bool(log.sessions_of(SessionKind.WALK_RUN).between(today, today))
        _plan_walk_runs(planned, ladder, run_plan, protocol, today, walked)
    elif stage is Stage.CALM:
        for words in planned.values():
            words.append("cross-training")
    elif stage is Stage.MECHANICS:
        for words in planned.values():
            words.append("drills")
    if stage >= Stage.STRENGTH:
        _plan_strength(planned, log, strength_due, protocol, today)
    sessions = log.sessions.between(monday, days[-1])
    result = []
    for day in days:
        done = tuple(_done_words(s) for s in sessions if s.date == day)
        pain = log.pain_on(day)
        result.append(Day(day, tuple(planned.get(day, ())), done, pain,
                          None if pain is None else zone(pain, protocol)))
    return tuple(result)


def _done_words(session) -> str:
    words = DONE_WORDS[session.kind]
    if session.kind is SessionKind.WALK_RUN and session.level is not None:
        return f"{words} L{session.level}"
    if session.kind is SessionKind.STRENGTH and not session.strength_complete:
        return f"{words} (part)"
    return words


def _plan_walk_runs(planned: dict[dt.date, list[str]], ladder: LadderState,
                    run_plan: WalkRunPlan, protocol: Protocol, today: dt.date,
                    walked_today: bool) -> None:
    """Today as prescribed (nothing more once today's walk–run is done); the days after
    as the rest rules allow, each walk–run planned counting as the last one for the
    next."""
    last = ladder.last_session
    if run_plan.run_today:
        last = today
    runs = dict(ladder.runs_by_week)
    if run_plan.run_today:
        runs[metrics.monday(today)] = runs.get(metrics.monday(today), 0) + 1
    waiting = run_plan.check_in_first and ladder.pending is not None
    for day, words in planned.items():
        if day == today:
            if not walked_today:
                words.append(f"walk–run L{run_plan.level}" if run_plan.run_today else "rest")
            continue
        allowed = (_rest_allows(day, last, runs, ladder, protocol)
                   and not (waiting and ladder.pending is not None
                            and day <= ladder.pending.date + ONE_DAY))
        if allowed:
            words.append("walk–run")
            last = day
            runs[metrics.monday(day)] = runs.get(metrics.monday(day), 0) + 1
        else:
            words.append("rest")


def _plan_strength(planned: dict[dt.date, list[str]], log: Log, strength_due: bool,
                   protocol: Protocol, today: dt.date) -> None:
    """The week's strength sessions not done yet, one a day from today (today when due),
    on days without a walk–run first."""
    left = protocol.strength.sessions_per_week - strength_done_this_week(log, today)
    days = [day for day in planned if day > today or strength_due]
    free = [day for day in days if not any(w.startswith("walk–run") for w in planned[day])]
    busy = [day for day in days if day not in free]
    for day in sorted((free + busy)[:max(left, 0)]):
        planned[day].append("strength")


# --- where the runner stands ---------------------------------------------------------------

@dataclass(frozen=True)
class Standing:
    stage: Stage
    level: int | None  # stage 4: the ladder's level, of ``top``
    top: int
    passes: int  # sessions counted toward moving up at this level, of ``needed``
    needed: int
    exit: ExitProgress | None  # what moving on to the next stage waits for


def standing(log: Log, plan: Plan, ladder: LadderState, stage: Stage, today: dt.date
             ) -> Standing:
    """The stage and how far its exit criterion has come; in stage 4 the ladder's level
    and the passes counted at it; in stage 5 the run types brought back."""
    protocol = plan.on(today)
    progress = exit_progress(log, plan, stage, today)
    if stage is Stage.PERFORMANCE:
        kinds = protocol.reintroduce
        progress = ExitProgress(run_types_back(log, protocol, evidence_since(log)),
                                len(kinds), "run types back ("
                                + ", ".join(kind.value for kind in kinds) + ")")
    on_ladder = stage is Stage.RETURN_TO_RUN
    return Standing(stage, min(ladder.level, protocol.top_level) if on_ladder else None,
                    protocol.top_level, ladder.passes if on_ladder else 0,
                    protocol.walk_run.sessions_to_advance, progress)
