"""Random sequences of every user action, through the facade, on a real (in-memory) file:
whatever a runner or physio does, the ladder moves up only after `sessions_to_advance`
eligible passes at the current level, each with its next-morning check-in; never faster
than the cap of advances in 7 days; never before stage 4; and nothing a runner types
moves it."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import InvalidInput
from core.model import SessionKind, Stage, Verdict
from core.rules.stage_periods import periods, stage_on
from tests.core.helpers_engine import Runner

PROPERTY = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

pains = st.one_of(st.integers(0, 2), st.integers(0, 2), st.integers(0, 10))
# A comfortable session with its mornings, as a runner following the plan logs it: often,
# so that random histories climb the ladder and the advance rules are exercised.
good = st.tuples(st.just("good"), st.integers(0, 2), st.integers(0, 1))
actions = st.one_of(
    good, good, good, good, good, good, good, good,
    st.tuples(st.just("days"), st.integers(1, 3)),
    st.tuples(st.just("check_in"), pains, st.booleans(), st.booleans(),
              st.sampled_from([None, "before_session", "after_session"])),
    st.tuples(st.just("walk_run"), pains, st.none() | st.integers(1, 8), st.integers(2, 8),
              st.sampled_from([False] * 9 + [True]), st.booleans()),
    st.tuples(st.just("backfill"), st.integers(1, 6), pains, st.integers(3, 5)),
    st.tuples(st.just("run"), pains, st.integers(10, 60)),
    st.tuples(st.just("stage"), st.integers(1, 5)),
    st.tuples(st.just("place"), st.integers(1, 8)),
    st.tuples(st.just("plan"), st.sampled_from([
        {"walk_run.sessions_to_advance": 1}, {"walk_run.rest_days_between": 0},
        {"pain.threshold": 3}, {"walk_run.sessions_to_advance": 3}])),
    st.tuples(st.just("accept")),
    st.tuples(st.just("delete")),
)


def act(runner: Runner, offset: int, action: tuple) -> int:
    app = runner.on(offset)
    kind = action[0]
    try:
        if kind == "days":
            return offset + action[1]
        if kind == "good":
            _, pain, extra_rest = action
            app.check_in(0)
            planned = app.protocol.level(app.walk_run_plan().level)
            app.log_walk_run(planned.rounds, planned.run_minutes, planned.walk_minutes, pain, 4)
            runner.on(offset + 1).check_in(0)
            return offset + 2 + extra_rest
        if kind == "check_in":
            _, pain, swelling, stiffness, taken = action
            app.check_in(pain, swelling=swelling, stiffness=stiffness, taken=taken)
        elif kind == "walk_run":
            _, pain, level, effort, limp, complete = action
            planned = app.protocol.level(level or app.walk_run_plan().level)
            rounds = planned.rounds if complete else max(1, planned.rounds - 1)
            app.log_walk_run(rounds, planned.run_minutes, planned.walk_minutes, pain, effort,
                             limp=limp, level=level)
        elif kind == "backfill":
            _, back, pain, effort = action
            day = app.today - dt.timedelta(days=back)
            planned = app.protocol.level(app.prescribed_on(day).level)
            app.log_walk_run(planned.rounds, planned.run_minutes, planned.walk_minutes, pain,
                             effort, date=day)
        elif kind == "run":
            app.log_run("easy", action[2], 4, action[1])
        elif kind == "stage":
            app.set_stage(action[1], "Physio's call.")
        elif kind == "place":
            app.change_plan("walk_run.level", action[1], "Placed by the physio.")
        elif kind == "plan":
            app.change_plans(action[1], "Plan change.")
        elif kind == "accept":
            app.accept_suggestion()
        elif kind == "delete":
            walk_runs = app.log.sessions_of(SessionKind.WALK_RUN)
            if walk_runs:
                app.delete_session(walk_runs[-1].id)
    except InvalidInput:
        pass  # refused with a message: nothing changed
    return offset


@PROPERTY
@given(st.lists(actions, min_size=5, max_size=60))
def test_the_ladder_moves_up_only_on_eligible_passes_whatever_is_done(steps):
    runner = Runner(stage=Stage.RETURN_TO_RUN)
    offset = 0
    for step in steps:
        offset = act(runner, offset, step)
    app = runner.app
    log, plan = app.log, app.plan
    stage_periods = periods(log)
    sessions = {s.id: s for s in log.sessions_of(SessionKind.WALK_RUN)}
    passes: list = []
    advances: list[dt.date] = []
    level = None
    for decision in app.decisions():
        session = sessions[decision.session_id]
        protocol = plan.on(decision.date)
        if level is not None and decision.level != level:
            passes = []  # a placement, a break or a step-back: the count starts again
        level = decision.level
        if decision.counted_pass:
            # A pass: eligible, with its next morning, at the prescribed level.
            assert log.check_ins.get(decision.date + dt.timedelta(days=1)) is not None
            assert session.level == decision.level
            assert (session.pain_during or 0) <= protocol.pain.threshold
            assert not (session.limp or session.swelling)
            assert (session.effort or 0) <= protocol.walk_run.effort_max
            passes.append(decision)
        if decision.verdict is Verdict.ADVANCE and not decision.ladder_complete:
            stage = stage_on(stage_periods, decision.date)
            assert stage is not None and stage >= Stage.RETURN_TO_RUN
            needed = protocol.walk_run.sessions_to_advance
            assert decision.counted_pass
            assert len(passes) >= needed
            recent = [d for d in advances if (decision.date - d).days < 7]
            assert len(recent) < protocol.walk_run.advances_per_7_days
            advances.append(decision.date)
            passes, level = [], decision.next_level
        if decision.verdict is Verdict.STEP_BACK:
            passes, level = [], decision.next_level
        if stage_on(stage_periods, decision.date) in (Stage.CALM, Stage.STRENGTH,
                                                      Stage.MECHANICS):
            assert decision.verdict is Verdict.NOT_COUNTED
    assert 1 <= app.ladder.level <= app.protocol.top_level
