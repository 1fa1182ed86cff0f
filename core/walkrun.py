"""The walk–run ladder: a decision after each session, and where the runner stands.

The clinic's rule (article, step 4): progress only if pain during the run is at most
2/10 and the next morning is not worse than the morning before. Published return-to-run
programmes add: each level at least twice, a rest day between runs, stop on a limp or new
swelling, and restart lower after a break. Every number comes from the protocol in force
on the session's date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from core.model import Log, Session, SessionKind, Verdict
from core.plan import Plan
from core.protocol import Protocol

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Decision:
    """The engine's verdict on one walk–run session, with the rule and numbers behind it."""

    session_id: int
    date: dt.date
    level: int
    verdict: Verdict
    next_level: int
    rule: str
    reason: str
    rule_held: bool = False  # pain during ≤ threshold and next morning not worse
    ladder_complete: bool = False


@dataclass(frozen=True)
class LadderState:
    """Where the runner stands after replaying every walk–run session."""

    level: int
    passes: int  # sessions counted toward advancing at this level
    last_session: dt.date | None
    decisions: tuple[Decision, ...]
    active_since: dt.date | None = None  # last session, or a later level set by the physio

    @property
    def step_backs_in_a_row(self) -> int:
        return step_backs_in_a_row(self.decisions)


def step_backs_in_a_row(decisions: tuple[Decision, ...] | list[Decision]) -> int:
    """Step-backs at the end of ``decisions``; sessions still awaiting their morning are skipped."""
    count = 0
    for decision in reversed(decisions):
        if decision.verdict is Verdict.PENDING:
            continue
        if decision.verdict is not Verdict.STEP_BACK:
            break
        count += 1
    return count


def morning_before(log: Log, day: dt.date) -> tuple[int | None, dt.date | None]:
    """The pain check-in the morning of ``day``, or else the latest one before it."""
    pain = log.pain_on(day)
    if pain is not None:
        return pain, day
    earlier = log.last_check_in_before(day)
    if earlier is not None:
        return earlier.pain, earlier.date
    return None, None


def decide(session: Session, log: Log, protocol: Protocol, passes_before: int,
           previous: dt.date | None) -> Decision:
    """Judge one walk–run session. ``passes_before`` counts earlier passes at its level."""
    level = session.level or 1
    top = protocol.top_level
    threshold, stop = protocol.pain_threshold, protocol.pain_stop
    pain = session.pain_during if session.pain_during is not None else 0

    def verdict(kind: Verdict, rule: str, reason: str, **extra) -> Decision:
        next_level = {Verdict.ADVANCE: min(level + 1, top),
                      Verdict.STEP_BACK: max(level - 1, 1)}.get(kind, level)
        return Decision(session.id, session.date, level, kind, next_level, rule, reason, **extra)

    # Stop signs decide at once: no need to wait for the morning.
    if session.limp or session.swelling:
        sign = " and ".join(n for n, on in (("a limp", session.limp),
                                             ("new swelling", session.swelling)) if on)
        return verdict(Verdict.STEP_BACK, "limp-or-swelling",
                       f"Step back to level {max(level - 1, 1)}: you reported {sign}. Stop "
                       f"the session when either appears.")
    if pain >= stop:
        return verdict(Verdict.STEP_BACK, "stop-threshold",
                       f"Step back to level {max(level - 1, 1)}: pain during reached {pain}/10 "
                       f"(stop threshold {stop}/10).")

    next_morning = log.pain_on(session.date + ONE_DAY)
    if next_morning is None:
        return verdict(Verdict.PENDING, "next-morning-owed",
                       f"No decision yet: record your knee pain on the morning of "
                       f"{(session.date + ONE_DAY).isoformat()} to decide the next step.")
    before, before_date = morning_before(log, session.date)
    if before is None:
        before, compared = threshold, f"the threshold {threshold}/10 (no earlier check-in)"
    else:
        compared = f"{before}/10 on {before_date.isoformat()}"
    worse = next_morning - before
    morning = f"next morning {next_morning}/10 against {compared}"
    if worse >= protocol.get("pain.morning_worse_step_back"):
        return verdict(Verdict.STEP_BACK, "next-morning-worse",
                       f"Step back to level {max(level - 1, 1)}: {morning}, {worse} points "
                       f"worse (step back at {protocol.get('pain.morning_worse_step_back')}).")
    if pain > threshold:
        return verdict(Verdict.REPEAT, "pain-above-threshold",
                       f"Repeat level {level}: pain during was {pain}/10, above the "
                       f"{threshold}/10 threshold (stop at {stop}/10); {morning}.")
    if worse >= protocol.get("pain.morning_worse_repeat"):
        return verdict(Verdict.REPEAT, "next-morning-worse",
                       f"Repeat level {level}: {morning}, {worse} point{'s' * (worse > 1)} "
                       f"worse.")

    held = f"pain during {pain}/10 (≤ {threshold}), {morning}, not worse"
    rest_days = protocol.get("walk_run.rest_days_between")
    if previous is not None and (session.date - previous).days <= rest_days:
        return verdict(Verdict.REPEAT, "rest-day",
                       f"Repeat level {level}: {held}, but the last walk–run was on "
                       f"{previous.isoformat()}; with no rest day between, this session does "
                       f"not count toward moving up.", rule_held=True)
    planned = protocol.level(level)
    rounds = session.rounds or 0
    run_minutes = session.run_minutes or 0.0
    if rounds < planned.rounds or run_minutes < planned.run_minutes:
        return verdict(Verdict.REPEAT, "incomplete",
                       f"Repeat level {level}: {held}, but you did {rounds} × "
                       f"{run_minutes:g} min of the planned {planned.rounds} × "
                       f"{planned.run_minutes:g} min, so it does not count toward moving up.",
                       rule_held=True)

    passes = passes_before + 1
    needed = protocol.get("walk_run.sessions_to_advance")
    if level >= top:
        return verdict(Verdict.ADVANCE, "ladder-complete",
                       f"Ladder complete: {held} at the top level ({planned.describe()}). "
                       f"Ready for stage 5, building performance.",
                       rule_held=True, ladder_complete=True)
    if passes >= needed:
        return verdict(Verdict.ADVANCE, "pain-rule",
                       f"Move up to level {level + 1}: {held}; {passes} of {needed} sessions "
                       f"at level {level} passed.", rule_held=True)
    return verdict(Verdict.REPEAT, "pain-rule",
                   f"Repeat level {level}: {held}; {passes} of {needed} sessions at this "
                   f"level passed so far.", rule_held=True)


def replay(log: Log, plan: Plan) -> LadderState:
    """Decide every walk–run session in order; deterministic for the same log and plan."""
    level, passes, last = 1, 0, None
    decisions: list[Decision] = []
    level_sets = list(plan.level_sets)
    for session in sorted(log.sessions_of(SessionKind.WALK_RUN), key=lambda s: (s.date, s.id)):
        # Entries of one day keep the order they were saved in.
        while level_sets and ((level_sets[0].date, level_sets[0].recorded_at)
                              <= (session.date, session.recorded_at)):
            level, passes = int(level_sets.pop(0).value), 0
        if session.level is None:  # an entry without its level is judged where the ladder stands
            session = replace(session, level=level)
        if session.level != level:
            level, passes = session.level, 0
        decision = decide(session, log, plan.on(session.date), passes, last)
        decisions.append(decision)
        if decision.verdict in (Verdict.ADVANCE, Verdict.STEP_BACK):
            level, passes = decision.next_level, 0
        elif decision.rule_held and decision.rule == "pain-rule":
            passes += 1
        elif decision.verdict is Verdict.REPEAT and not decision.rule_held:
            passes = 0
        last = session.date
    if level_sets:  # a physio's level set after the last session: counts as a fresh start
        level, passes = int(level_sets[-1].value), 0
        return LadderState(level, passes, last, tuple(decisions), level_sets[-1].date)
    return LadderState(level, passes, last, tuple(decisions), last)


@dataclass(frozen=True)
class WalkRunPlan:
    """What the ladder prescribes on a given day."""

    level: int
    run_today: bool
    reason: str


def prescribe(state: LadderState, protocol: Protocol, today: dt.date) -> WalkRunPlan:
    """Today's level, or a rest day; after a long break, restart lower."""
    level = min(state.level, protocol.top_level)
    if state.active_since is None:
        return WalkRunPlan(level, True, f"First walk–run session at level {level}.")
    rest_days = protocol.get("walk_run.rest_days_between")
    if state.last_session and (today - state.last_session).days <= rest_days:
        return WalkRunPlan(level, False,
                           f"Rest day: your last walk–run was on "
                           f"{state.last_session.isoformat()}; keep at least {rest_days} rest "
                           f"day{'s' * (rest_days > 1)} between runs.")
    gap = (today - state.active_since).days
    if gap >= protocol.get("walk_run.break_days"):
        weeks = gap // 7
        back = weeks * protocol.get("walk_run.levels_back_per_week_off")
        lowered = max(1, level - back)
        return WalkRunPlan(lowered, True,
                           f"Restart at level {lowered}: {gap} days since your last walk–run "
                           f"({weeks} full week{'s' * (weeks != 1)} off, one level back per "
                           f"week, not below level 1).")
    return WalkRunPlan(level, True, f"Walk–run day at level {level}.")
