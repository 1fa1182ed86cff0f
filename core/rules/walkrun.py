"""The walk–run ladder: a decision after each session, and where the runner stands.

The clinic's rule (article, step 4): progress only if pain during the run is at most
2/10 and the next morning is not worse than the morning before. Published return-to-run
programmes add (docs/RULES.md names each source): each level at least twice, a rest day
between runs, easy effort, at most 4 runs a week and 2 level advances in any 7 days
(Delaware), stop on a limp or new swelling and rest 2 days before going on one level
lower (soreness rules, Fees 1998), no advance while morning pain stays high or rises week
on week (Silbernagel 2007), and restart lower after a break. Every number comes from the
protocol in force on the session's date.

Safety first: a rule that fails (pain, a worse morning, a stop sign) always stands; a
pass is earned only by a session that is eligible for one — in stage 4 or later, at the
prescribed level, the only one of its day, logged when no earlier morning was owed,
after the rest days, within the weekly cap, at an easy effort and complete. The ladder
moves only by these decisions or by a physio's placement, never by the level a runner
types.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from core.model import (
    CheckIn,
    Log,
    PlanChange,
    Rule,
    Session,
    SessionKind,
    Stage,
    Taken,
    Verdict,
)
from core.rules.metrics import monday
from core.rules.plan import Plan
from core.rules.protocol import Protocol
from core.rules.stage_periods import periods, stage_on

ONE_DAY = dt.timedelta(days=1)
# A weekly mean needs a few mornings to mean anything; fewer, and no rise is read.
MIN_MORNINGS_A_WEEK = 3


@dataclass(frozen=True)
class Decision:
    """The engine's verdict on one walk–run session, with the rule and numbers behind it."""

    session_id: int
    date: dt.date
    level: int  # the level the session was judged at (the prescribed one)
    verdict: Verdict
    next_level: int
    rule: Rule
    reason: str
    rule_held: bool = False  # the pain rule held (a pass unless something else stopped it)
    ladder_complete: bool = False
    stop_sign: bool = False  # a limp or swelling: stop, rest, start lower
    counted_pass: bool = False  # this session counted toward moving up


@dataclass(frozen=True)
class LadderState:
    """Where the runner stands after replaying every walk–run session."""

    level: int
    passes: int  # sessions counted toward advancing at this level
    last_session: dt.date | None
    decisions: tuple[Decision, ...]
    active_since: dt.date | None = None  # last session, or a later level set by the physio
    pass_dates: tuple[dt.date, ...] = ()  # the days of those passes
    pending: Decision | None = None  # the first session still waiting for its next morning
    rest_until: dt.date | None = None  # after a stop sign: no walk–run before this day
    stop_sign: Decision | None = None  # the stop sign behind rest_until
    placed: PlanChange | None = None  # the physio's level set after the last session
    runs_by_week: dict[dt.date, int] = field(default_factory=dict, compare=False)

    @property
    def step_backs_in_a_row(self) -> int:
        return step_backs_in_a_row(self.decisions)

    def complete(self, protocol: Protocol, since: dt.date | None = None) -> bool:
        """The top level passed as often as any level (``sessions_to_advance``), with no
        later session failing or still waiting for its morning: the 4 → 5 criterion,
        computed from the latest sessions. Only passes on or after ``since`` count."""
        if self.level < protocol.top_level or self.pending is not None:
            return False
        dates = [d for d in self.pass_dates if since is None or d >= since]
        return len(dates) >= protocol.walk_run.sessions_to_advance


def step_backs_in_a_row(decisions: tuple[Decision, ...] | list[Decision]) -> int:
    """Step-backs at the end of ``decisions``; sessions still awaiting their morning, or
    counting for nothing, are skipped."""
    count = 0
    for decision in reversed(decisions):
        if decision.verdict in (Verdict.PENDING, Verdict.NOT_COUNTED):
            continue
        if decision.verdict is not Verdict.STEP_BACK:
            break
        count += 1
    return count


def morning_before(log: Log, session: Session, protocol: Protocol) -> CheckIn | None:
    """The baseline of the article's rule: a check-in made before the session, at most
    ``pain.morning_before_max_days`` old. A check-in on the session's day counts if it
    says it was taken before the session, or (not said) was saved before the session was."""
    same_day = log.check_ins.get(session.date)
    if same_day is not None and same_day.taken is not Taken.AFTER_SESSION and (
            same_day.taken is Taken.BEFORE_SESSION
            or (same_day.recorded_at or "") <= (session.recorded_at or "")):
        return same_day
    earlier = log.last_check_in_before(session.date)
    if earlier is not None and (
            (session.date - earlier.date).days <= protocol.pain.morning_before_max_days):
        return earlier
    return None


def baseline_pain(log: Log, session: Session, protocol: Protocol) -> int | None:
    """The pain of the session's morning before, if there is one (see ``morning_before``)."""
    before = morning_before(log, session, protocol)
    return None if before is None else before.pain


def morning_means(log: Log, day: dt.date) -> tuple[float, float] | None:
    """Mean morning pain of the 7 days ending ``day`` and of the 7 before, if each week
    has enough mornings (check-ins taken after a session are not mornings)."""
    means = []
    for end in (day, day - dt.timedelta(days=7)):
        pains = [c.pain for c in log.check_ins.between(end - dt.timedelta(days=6), end)
                 if c.taken is not Taken.AFTER_SESSION]
        if len(pains) < MIN_MORNINGS_A_WEEK:
            return None
        means.append(sum(pains) / len(pains))
    return means[0], means[1]


def _level_words(verdict: Verdict, level: int) -> str:
    if verdict is Verdict.STEP_BACK:
        return "Stay at level 1" if level <= 1 else f"Step back to level {level - 1}"
    return f"Repeat level {level}"


def judge(session: Session, level: int, log: Log, protocol: Protocol) -> Decision:
    """The rules on one session judged at ``level`` (the prescribed one): stop signs at
    once, then the next morning. Eligibility for a pass is checked by ``replay``."""
    top = protocol.top_level
    threshold, stop = protocol.pain.threshold, protocol.pain.stop
    pain = session.pain_during if session.pain_during is not None else 0

    def verdict(kind: Verdict, rule: Rule, reason: str, **extra) -> Decision:
        next_level = {Verdict.ADVANCE: min(level + 1, top),
                      Verdict.STEP_BACK: max(level - 1, 1)}.get(kind, level)
        return Decision(session.id, session.date, level, kind, next_level, rule, reason,
                        **extra)

    rest = protocol.walk_run.stop_sign_rest_days
    # Stop signs decide at once: no need to wait for the morning.
    if session.limp or session.swelling:
        sign = " and ".join(n for n, on in (("a limp", session.limp),
                                             ("new swelling", session.swelling)) if on)
        return verdict(Verdict.STEP_BACK, Rule.LIMP_OR_SWELLING,
                       f"{_level_words(Verdict.STEP_BACK, level)}: you reported {sign}. Stop "
                       f"the session when either appears, rest {rest} day{'s' * (rest != 1)}, "
                       f"and call your physio if it persists.", stop_sign=True)
    if session.pain_during is None:  # imported from a watch file: it cannot know the pain
        return verdict(Verdict.PENDING, Rule.PAIN_DURING_OWED,
                       f"No decision yet: add the knee pain you had during the walk–run of "
                       f"{session.date.isoformat()} (imported from a watch file, which cannot "
                       f"know it).")
    if pain >= stop:
        return verdict(Verdict.STEP_BACK, Rule.STOP_THRESHOLD,
                       f"{_level_words(Verdict.STEP_BACK, level)}: pain during reached "
                       f"{pain}/10 (stop threshold {stop}/10).")

    next_day = session.date + ONE_DAY
    next_check_in = log.check_ins.get(next_day)
    if next_check_in is None:
        return verdict(Verdict.PENDING, Rule.NEXT_MORNING_OWED,
                       f"No decision yet: record your knee pain on the morning of "
                       f"{next_day.isoformat()} to decide the next step.")
    next_morning = next_check_in.pain
    if next_check_in.swelling:
        return verdict(Verdict.STEP_BACK, Rule.MORNING_SWELLING,
                       f"{_level_words(Verdict.STEP_BACK, level)}: the knee was swollen the "
                       f"next morning ({next_day.isoformat()}). Rest {rest} "
                       f"day{'s' * (rest != 1)}, and call your physio if it persists.",
                       stop_sign=True)
    before = morning_before(log, session, protocol)
    if before is None:
        days = protocol.pain.morning_before_max_days
        baseline = threshold
        compared = (f"the threshold {threshold}/10 (no check-in in the {days} "
                    f"day{'s' * (days != 1)} before the session)")
    else:
        baseline = before.pain
        compared = f"{before.pain}/10 on {before.date.isoformat()}"
    worse = next_morning - baseline
    morning = f"next morning {next_morning}/10 against {compared}"
    step_back_at = protocol.pain.morning_worse_step_back
    if worse >= step_back_at:
        return verdict(Verdict.STEP_BACK, Rule.NEXT_MORNING_WORSE,
                       f"{_level_words(Verdict.STEP_BACK, level)}: {morning}, {worse} points "
                       f"worse (step back at {step_back_at}).")
    if pain > threshold:
        return verdict(Verdict.REPEAT, Rule.PAIN_ABOVE_THRESHOLD,
                       f"Repeat level {level}: pain during was {pain}/10, above the "
                       f"{threshold}/10 threshold (stop at {stop}/10); {morning}.")
    if worse >= protocol.pain.morning_worse_repeat:
        return verdict(Verdict.REPEAT, Rule.NEXT_MORNING_WORSE,
                       f"Repeat level {level}: {morning}, {worse} point{'s' * (worse > 1)} "
                       f"worse.")
    ceiling = protocol.pain.morning_ceiling
    if next_morning > ceiling:
        return verdict(Verdict.REPEAT, Rule.MORNING_CEILING,
                       f"Repeat level {level}: next morning {next_morning}/10 is above the "
                       f"morning ceiling of {ceiling}/10; pain must settle by the next "
                       f"morning before moving up.")
    if next_check_in.stiffness:
        return verdict(Verdict.REPEAT, Rule.MORNING_STIFFNESS,
                       f"Repeat level {level}: the knee was stiff the next morning "
                       f"({next_day.isoformat()}); no moving up with stiffness.")
    means = morning_means(log, next_day)
    rise = protocol.pain.morning_week_rise
    if means is not None and means[0] - means[1] >= rise:
        return verdict(Verdict.REPEAT, Rule.MORNING_WEEK_RISE,
                       f"Repeat level {level}: morning pain this week averages "
                       f"{means[0]:.1f}/10, up {means[0] - means[1]:.1f} on the week before "
                       f"({means[1]:.1f}/10); morning pain must not rise week on week (no "
                       f"moving up at a rise of {rise} or more).")
    held = f"pain during {pain}/10 (≤ {threshold}), {morning}, not worse"
    return verdict(Verdict.REPEAT, Rule.PAIN_RULE, held, rule_held=True)


def _not_counted(decision: Decision, reason: str, rule: Rule) -> Decision:
    """A session kept but earning nothing: the ladder stays where it is."""
    return Decision(decision.session_id, decision.date, decision.level, Verdict.NOT_COUNTED,
                    decision.level, rule, reason, rule_held=decision.rule_held)


def _no_pass(decision: Decision, rule: Rule, why: str) -> Decision:
    """The rule held but the session earns no pass: repeat the level, passes kept."""
    return Decision(decision.session_id, decision.date, decision.level, Verdict.REPEAT,
                    decision.level, rule, f"Repeat level {decision.level}: {decision.reason}, "
                                          f"but {why}", rule_held=True)


def restart(level: int, since: dt.date | None, day: dt.date, protocol: Protocol
            ) -> tuple[int, str] | None:
    """After a break of ``walk_run.break_days`` or more, the level to restart at."""
    if since is None:
        return None
    gap = (day - since).days
    if gap < protocol.walk_run.break_days:
        return None
    weeks = gap // 7
    per_week = protocol.walk_run.levels_back_per_week_off
    lowered = max(1, level - weeks * per_week)
    return lowered, (f"Restart at level {lowered}: {gap} days since your last walk–run "
                     f"({weeks} full week{'s' * (weeks != 1)} off, {per_week} "
                     f"level{'s' * (per_week != 1)} back per week, not below level 1).")


def placed_level(change: PlanChange) -> int:
    """The level a physio's placement names (a whole number: checked when the file was
    read, core/file/row_checks.py)."""
    value = change.value
    return value if isinstance(value, int) else int(str(value))


def ladder_of(log: Log, plan: Plan) -> LadderState:
    """``replay(log, plan)``, once per log and plan: the views' ladder and the load rules'
    (metrics.prescribed_walk_runs) are the same one. A cache the bench needs: replaying 50
    years' walk–runs again for the load rules was ~1.3 ms of every save (python -m bench,
    "save a tick"); ``kept_ladder`` carries it to the log after an action that cannot
    change it."""
    return log.memo(("ladder", plan), lambda: replay(log, plan))


def kept_ladder(log: Log, plan: Plan, ladder: LadderState) -> None:
    """``ladder`` is ``log``'s under ``plan``: an action that changed no walk–run, check-in,
    plan or stage made ``log`` from the one ``ladder`` was replayed from."""
    log.memo(("ladder", plan), lambda: ladder)


def replay(log: Log, plan: Plan, before: dt.date | None = None) -> LadderState:
    """Decide every walk–run session in order (only those dated before ``before``, if
    given: the ladder as it stood that morning). Deterministic for the same log and plan."""
    stage_periods = periods(log)
    level, passes = 1, 0
    pass_dates: list[dt.date] = []
    last: dt.date | None = None
    active_since: dt.date | None = None
    rest_until: dt.date | None = None
    stop_sign: Decision | None = None
    pending: Decision | None = None
    morning_saved = ""  # the latest save time of an earlier session's next morning
    advances: list[dt.date] = []
    runs_by_week: dict[dt.date, int] = {}
    days_run: set[dt.date] = set()
    decisions: list[Decision] = []
    level_sets = [c for c in plan.level_sets if before is None or c.date < before]
    placed: PlanChange | None = None
    sessions = log.sessions_of(SessionKind.WALK_RUN)
    # Entries of one day keep the order they were saved in (UTC save times sort truly).
    for session in sorted(sessions, key=lambda s: (s.date, s.recorded_at, s.id)):
        if before is not None and session.date >= before:
            break
        while level_sets and ((level_sets[0].date, level_sets[0].recorded_at)
                              <= (session.date, session.recorded_at)):
            placed = level_sets.pop(0)
            level, passes, pass_dates = placed_level(placed), 0, []
            active_since = placed.date
            rest_until = stop_sign = None
        protocol = plan.on(session.date)
        level = min(level, protocol.top_level)
        stage = stage_on(stage_periods, session.date)
        if stage is not None and stage < Stage.RETURN_TO_RUN:
            decisions.append(Decision(
                session.id, session.date, level, Verdict.NOT_COUNTED, level,
                Rule.BEFORE_STAGE_4,
                f"Kept, but it moves nothing: your plan has no walk–runs before stage "
                f"{int(Stage.RETURN_TO_RUN)} (you were in stage {int(stage)}). Ask your "
                f"physio before running."))
            continue
        lowered = restart(level, active_since, session.date, protocol)
        if lowered is not None:
            level, passes, pass_dates = lowered[0], 0, []
        decision = judge(session, level, log, protocol)
        if decision.rule_held:
            decision = _eligible(decision, session, protocol, last, rest_until, pending,
                                 morning_saved, runs_by_week, days_run)
        if decision.verdict is Verdict.REPEAT and decision.rule is Rule.PAIN_RULE:
            passes += 1
            pass_dates.append(session.date)
            decision = _counted(decision, passes, protocol, advances)
        # What this session does to the ladder.
        if decision.verdict is Verdict.ADVANCE and not decision.ladder_complete:
            level, passes, pass_dates = decision.next_level, 0, []
            advances.append(session.date)
        elif decision.verdict is Verdict.STEP_BACK:
            level, passes, pass_dates = decision.next_level, 0, []
        elif decision.verdict is Verdict.REPEAT and not decision.rule_held:
            passes, pass_dates = 0, []  # a failed session restarts the count
        if decision.stop_sign:
            stop_sign = decision
            rest_until = session.date + dt.timedelta(
                days=protocol.walk_run.stop_sign_rest_days + 1)
        if decision.verdict is Verdict.PENDING and pending is None:
            pending = decision
        next_morning = log.check_ins.get(session.date + ONE_DAY)
        if next_morning is not None:
            morning_saved = max(morning_saved, next_morning.recorded_at or "")
        week = monday(session.date)
        runs_by_week[week] = runs_by_week.get(week, 0) + 1
        days_run.add(session.date)
        decisions.append(decision)
        last = active_since = session.date
        placed = None
    for change in level_sets:  # a physio's placement after the last session: a fresh start
        placed = change
        level, passes, pass_dates = placed_level(change), 0, []
        active_since = change.date
        rest_until = stop_sign = None
    return LadderState(level, passes, last, tuple(decisions), active_since, tuple(pass_dates),
                       pending, rest_until, stop_sign, placed, runs_by_week)


def _eligible(decision: Decision, session: Session, protocol: Protocol,
              last: dt.date | None, rest_until: dt.date | None, pending: Decision | None,
              morning_saved: str, runs_by_week: dict[dt.date, int],
              days_run: set[dt.date]) -> Decision:
    """A session whose pain rule held earns a pass only if nothing below stops it."""
    level = decision.level
    if session.date in days_run:
        return _not_counted(decision, f"Kept, but it counts for nothing: a walk–run was "
                                      f"already logged on {session.date.isoformat()}, and "
                                      f"only one a day counts.", Rule.SECOND_OF_THE_DAY)
    if session.level is not None and session.level != level:
        where = "above" if session.level > level else "below"
        return _not_counted(decision, f"Kept, but it counts for nothing: logged at level "
                                      f"{session.level}, {where} the prescribed level "
                                      f"{level}. The ladder moves only by the rules or your "
                                      f"physio.",
                                      (Rule.LEVEL_ABOVE_PRESCRIBED if where == "above" else
                                       Rule.LEVEL_BELOW_PRESCRIBED))
    if pending is not None:
        return _not_counted(decision, f"Kept, but it counts for nothing: the walk–run of "
                                      f"{pending.date.isoformat()} still waits for its "
                                      f"next-morning check-in.", Rule.MORNING_OWED)
    if morning_saved > (session.recorded_at or ""):
        return _not_counted(decision, "Kept, but it counts for nothing: it was logged while "
                                      "an earlier walk–run's next-morning check-in was still "
                                      "owed.", Rule.MORNING_OWED)
    if rest_until is not None and session.date < rest_until:
        return _no_pass(decision, Rule.STOP_SIGN_REST,
                        f"after the stop sign the next walk–run waits until "
                        f"{rest_until.isoformat()}, so this session does not count toward "
                        f"moving up.")
    rest_days = protocol.walk_run.rest_days_between
    if last is not None and (session.date - last).days <= rest_days:
        return _no_pass(decision, Rule.REST_DAY,
                        f"the last walk–run was on {last.isoformat()}; with no rest day "
                        f"between, this session does not count toward moving up.")
    cap = protocol.walk_run.runs_per_week
    if runs_by_week.get(monday(session.date), 0) >= cap:
        return _no_pass(decision, Rule.RUNS_PER_WEEK,
                        f"it is walk–run number {runs_by_week[monday(session.date)] + 1} this "
                        f"week; at most {cap} a week count.")
    effort, easy_low, easy_high = (session.effort, protocol.walk_run.effort_min,
                                   protocol.walk_run.effort_max)
    if effort is not None and effort > easy_high:
        return _no_pass(decision, Rule.EFFORT_ABOVE_EASY,
                        f"effort {effort}/10 is above the easy range {easy_low}–{easy_high}.")
    planned = protocol.level(level)
    rounds = session.rounds or 0
    run_minutes = session.run_minutes or 0.0
    if rounds < planned.rounds or run_minutes < planned.run_minutes:
        return _no_pass(decision, Rule.INCOMPLETE,
                        f"you did {rounds} × {run_minutes:g} min of the planned "
                        f"{planned.rounds} × {planned.run_minutes:g} min, so it does not "
                        f"count toward moving up.")
    return decision


def _counted(decision: Decision, passes: int, protocol: Protocol,
             advances: list[dt.date]) -> Decision:
    """A pass: move up once ``sessions_to_advance`` are in, within the advance cap."""
    level, top = decision.level, protocol.top_level
    needed = protocol.walk_run.sessions_to_advance
    held = decision.reason

    def made(verdict: Verdict, rule: Rule, reason: str, **extra) -> Decision:
        next_level = level + 1 if verdict is Verdict.ADVANCE and level < top else level
        return Decision(decision.session_id, decision.date, level, verdict, next_level, rule,
                        reason, rule_held=True, counted_pass=True, **extra)

    if passes < needed:
        return made(Verdict.REPEAT, Rule.PAIN_RULE,
                    f"Repeat level {level}: {held}; {passes} of {needed} sessions at this "
                    f"level passed so far.")
    if level >= top:
        return made(Verdict.ADVANCE, Rule.LADDER_COMPLETE,
                    f"Ladder complete: {held}; {passes} of {needed} sessions at the top "
                    f"level ({protocol.level(top).describe()}) passed. Ready for stage "
                    f"{int(Stage.PERFORMANCE)}, building performance.", ladder_complete=True)
    cap = protocol.walk_run.advances_per_7_days
    recent = [d for d in advances if (decision.date - d).days < 7]
    if len(recent) >= cap:
        return made(Verdict.REPEAT, Rule.ADVANCES_PER_7_DAYS,
                    f"Repeat level {level}: {held}; {passes} of {needed} sessions passed, but "
                    f"you moved up {len(recent)} time{'s' * (len(recent) != 1)} in the last 7 "
                    f"days (on {', '.join(d.isoformat() for d in recent)}); at most {cap} in "
                    f"any 7 days. The next passing session moves you up.")
    return made(Verdict.ADVANCE, Rule.PAIN_RULE,
                f"Move up to level {level + 1}: {held}; {passes} of {needed} sessions at level "
                f"{level} passed.")


@dataclass(frozen=True)
class WalkRunPlan:
    """What the ladder prescribes on a given day."""

    level: int
    run_today: bool
    reason: str
    stop: bool = False  # a stop sign: rest, and call the physio if it persists
    check_in_first: bool = False  # an earlier session's next morning is owed


def prescribe(state: LadderState, protocol: Protocol, today: dt.date) -> WalkRunPlan:
    """Today's level, or a rest day; after a stop sign, rest then one level lower; after
    a long break, restart lower; nothing new while a next-morning check-in is owed."""
    level = min(state.level, protocol.top_level)
    if state.pending is not None and state.pending.rule is Rule.PAIN_DURING_OWED:
        return WalkRunPlan(level, False, f"First add the pain during the walk–run of "
                                         f"{state.pending.date.isoformat()} (imported from a "
                                         f"watch file): it decides the next step.",
                           check_in_first=True)
    if state.pending is not None:
        owed = state.pending.date + ONE_DAY
        if owed > today:
            return WalkRunPlan(level, False,
                               f"Walk–run done today. Check in tomorrow morning "
                               f"({owed.isoformat()}): your knee's answer decides the next "
                               f"step.", check_in_first=True)
        when = "this morning" if owed == today else f"for {owed.isoformat()}"
        return WalkRunPlan(level, False,
                           f"Check in first: record your knee pain {when}, the morning after "
                           f"the walk–run of {state.pending.date.isoformat()}. No new "
                           f"walk–run until it has decided the next step.",
                           check_in_first=True)
    if state.rest_until is not None and today < state.rest_until and state.stop_sign:
        sign = state.stop_sign
        return WalkRunPlan(level, False,
                           f"Stop: rest after the stop sign on {sign.date.isoformat()} "
                           f"({sign.rule.replace('-', ' ')}). Walk–run again from "
                           f"{state.rest_until.isoformat()} at level {level}. If the limp or "
                           f"swelling persists, call your physio.", stop=True)
    if state.active_since is None:
        return WalkRunPlan(level, True, f"First walk–run session at level {level}.")
    if state.placed is not None:
        placed = state.placed
        return WalkRunPlan(level, True,
                           f"Your physio placed you at level {level} on "
                           f"{placed.date.isoformat()}: {placed.reason}")
    rest_days = protocol.walk_run.rest_days_between
    if state.last_session and (today - state.last_session).days <= rest_days:
        return WalkRunPlan(level, False,
                           f"Rest day: your last walk–run was on "
                           f"{state.last_session.isoformat()}; keep at least {rest_days} rest "
                           f"day{'s' * (rest_days != 1)} between runs.")
    cap = protocol.walk_run.runs_per_week
    done = state.runs_by_week.get(monday(today), 0)
    if done >= cap:
        return WalkRunPlan(level, False,
                           f"Rest day: {done} walk–runs this week already; at most {cap} a "
                           f"week.")
    lowered = restart(level, state.active_since, today, protocol)
    if lowered is not None:
        return WalkRunPlan(lowered[0], True, lowered[1])
    return WalkRunPlan(level, True, f"Walk–run day at level {level}.")
