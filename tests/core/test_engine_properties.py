"""Properties of the walk–run engine over random logs: whatever the runner enters, the
ladder never moves up on a painful session, never leaves the ladder, never jumps, and the
same log always gives the same decisions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from core.model import Actor, Log, PlanChange, Session, Verdict
from core.rules.plan import LEVEL_KEY, Plan
from core.rules.walkrun import Decision, LadderState, prescribe, replay, restart
from tests.core.helpers_engine import START, default_protocol, make_log, walk_run_session

PROTOCOL = default_protocol()
TOP = PROTOCOL.top_level
PROPERTY = settings(max_examples=150, deadline=None)


@dataclass(frozen=True)
class Case:
    log: Log
    plan: Plan

    @property
    def state(self) -> LadderState:
        return replay(self.log, self.plan)

    def judged(self) -> list[tuple[Session, Decision]]:
        """Each walk–run session with its decision (replay judges them in date order)."""
        state = self.state
        sessions = sorted(self.log.sessions, key=lambda s: (s.date, s.id))
        assert [s.id for s in sessions] == [d.session_id for d in state.decisions]
        return list(zip(sessions, state.decisions, strict=True))

    def morning_before(self, session: Session) -> int:
        """The check-in on the session day, else the latest before (the start one at worst)."""
        return [c.pain for c in self.log.check_ins if c.date <= session.date][-1]


pains = st.integers(0, 10)
mostly_low_pains = st.one_of(st.integers(0, 2), pains)  # enough comfortable sessions to climb
# Back-to-back days, the usual rest day or two, and breaks.
gaps = st.one_of(st.integers(0, 3), st.integers(2, 3), st.integers(4, 25))
rarely = st.sampled_from([False] * 8 + [True])
morning_kinds = st.sampled_from(["missing", "drift", "drift", "drift", "any"])
drifts = st.sampled_from([-2, -1, -1, 0, 0, 0, 0, 1, 1, 2])


@st.composite
def cases(draw, level_sets: bool = True, recorded_levels: bool = True) -> Case:
    """A random history: sessions at random gaps, with random pains, missing check-ins,
    limps, swellings and short sessions, and perhaps the physio's changes on the way."""
    count = draw(st.integers(0, 10))
    dates, when = [], START
    for _ in range(count):
        when += dt.timedelta(days=draw(gaps))
        dates.append(when)
    last = (dates[-1] if dates else START) + dt.timedelta(days=1)

    changes = []
    for number in range(draw(st.integers(0, 3))):
        change_day = START + dt.timedelta(days=draw(st.integers(0, (last - START).days)))
        key = draw(st.sampled_from(["pain.threshold", "pain.stop"]
                                   + [LEVEL_KEY] * level_sets))
        value = draw({"pain.threshold": st.integers(0, 4), "pain.stop": st.integers(5, 9),
                      LEVEL_KEY: st.integers(1, TOP)}[key])
        changes.append(PlanChange(number + 1, change_day, key, value, "physio", Actor.PHYSIO))
    plan = Plan(PROTOCOL, tuple(changes))

    sessions: list[Session] = []
    pain = draw(mostly_low_pains)
    check_ins = {START: pain}  # the first-run setup always records one
    for offset in range(1, (last - START).days + 1):
        kind = draw(morning_kinds)
        if kind == "missing":
            continue
        # Mostly a knee that drifts a point or two, sometimes any pain at all.
        pain = draw(pains) if kind == "any" else min(10, max(0, pain + draw(drifts)))
        check_ins[START + dt.timedelta(days=offset)] = pain
    for number, session_day in enumerate(dates, start=1):
        how = draw(st.sampled_from(["prescribed", "chosen", "unrecorded"] if recorded_levels
                                   else ["unrecorded"]))
        if how == "prescribed":  # what the app logs by default
            state = replay(make_log(sessions, check_ins), plan)
            level = prescribe(state, plan.on(session_day), session_day).level
        elif how == "chosen":  # the runner picked a level
            level = draw(st.integers(1, TOP))
        else:  # an older file without the level recorded
            level = None
        sessions.append(walk_run_session(
            number, session_day, level=level, pain=draw(mostly_low_pains),
            complete=not draw(rarely), limp=draw(rarely), swelling=draw(rarely)))
    return Case(make_log(sessions, check_ins), plan)


@PROPERTY
@given(cases())
def test_no_advance_after_pain_above_the_threshold_or_a_worse_next_morning(case: Case):
    for session, decision in case.judged():
        if decision.verdict is not Verdict.ADVANCE:
            continue
        protocol = case.plan.on(session.date)
        next_morning = case.log.pain_on(session.date + dt.timedelta(days=1))
        assert session.pain_during <= protocol.pain.threshold
        assert next_morning is not None
        assert next_morning <= case.morning_before(session)
        assert not (session.limp or session.swelling)
        assert decision.rule_held


@PROPERTY
@given(cases())
def test_levels_stay_on_the_ladder_and_move_one_step_at_most(case: Case):
    state = case.state
    assert 1 <= state.level <= TOP
    for decision in state.decisions:
        assert 1 <= decision.level <= TOP
        assert 1 <= decision.next_level <= TOP
        assert abs(decision.next_level - decision.level) <= 1
        if decision.verdict is Verdict.ADVANCE:
            assert decision.next_level == min(decision.level + 1, TOP)
            assert decision.ladder_complete == (decision.level == TOP)
        elif decision.verdict is Verdict.STEP_BACK:
            assert decision.next_level == max(decision.level - 1, 1)
        else:
            assert decision.next_level == decision.level


@PROPERTY
@given(cases(), st.randoms(use_true_random=False))
def test_replay_is_deterministic(case: Case, random):
    first = case.state
    assert replay(case.log, case.plan) == first
    shuffled_sessions = list(case.log.sessions)
    random.shuffle(shuffled_sessions)
    shuffled_changes = list(case.plan.changes)
    random.shuffle(shuffled_changes)
    same_log = Log(check_ins=tuple(case.log.check_ins), sessions=tuple(shuffled_sessions))
    assert replay(same_log, Plan(PROTOCOL, tuple(shuffled_changes))) == first


@PROPERTY
@given(cases())
def test_a_decision_is_pending_exactly_when_the_next_morning_is_missing_and_no_stop_sign(
        case: Case):
    for session, decision in case.judged():
        protocol = case.plan.on(session.date)
        stop_sign = session.limp or session.swelling or session.pain_during >= protocol.pain.stop
        missing = case.log.pain_on(session.date + dt.timedelta(days=1)) is None
        assert (decision.verdict is Verdict.PENDING) == (missing and not stop_sign)
        if stop_sign:
            assert decision.verdict is Verdict.STEP_BACK


@PROPERTY
@given(cases(level_sets=False, recorded_levels=False))
def test_sessions_without_a_recorded_level_are_judged_where_the_ladder_stands(case: Case):
    level, last = 1, None
    for session, decision in case.judged():
        lowered = restart(level, last, session.date, case.plan.on(session.date))
        assert decision.level == (level if lowered is None else lowered[0])  # after a break
        level, last = decision.next_level, session.date
    assert case.state.level == level
