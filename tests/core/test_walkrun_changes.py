"""Walk–run decisions under a physio's changes to the plan, and their determinism."""

from __future__ import annotations

import datetime as dt

from core.model import Actor, Log, PlanChange, Rule, Stage, Verdict
from core.rules.plan import LEVEL_KEY, Plan
from core.rules.walkrun import prescribe, replay
from core.runback import Runback
from tests.core.helpers_engine import (
    Runner,
    day,
    default_plan,
    default_protocol,
    make_log,
    walk_run_session,
)


def return_to_run() -> Runner:
    return Runner(stage=Stage.RETURN_TO_RUN)


# --- the physio's changes ------------------------------------------------------------------


def test_a_physio_level_set_places_the_runner_on_that_level():
    runner = return_to_run()
    runner.walk_run(1, pain=0)
    runner.check_in(2, 0)
    runner.on(3).change_plan(LEVEL_KEY, 4, "Coped well with hill walks.")
    change = runner.app.log.plan_changes[-1]
    assert (change.date, change.key, change.value, change.actor) == (
        day(3), LEVEL_KEY, 4, Actor.PHYSIO)
    assert (runner.app.ladder.level, runner.app.ladder.passes) == (4, 0)
    assert prescribe(runner.app.ladder, runner.app.protocol, day(3)).level == 4

    runner.walk_run(3, pain=0)  # at the prescribed level
    runner.check_in(4, 0)
    assert runner.app.log.sessions[-1].level == 4
    assert (runner.last_decision.level, runner.last_decision.next_level) == (4, 4)


def test_a_physio_level_set_before_the_first_session():
    runner = return_to_run()
    runner.on(1).change_plan(LEVEL_KEY, 3, "Ran short easy jogs before.")
    runner.walk_run(2, pain=0)
    assert runner.app.log.sessions[-1].level == 3


def test_a_physio_level_set_applies_to_later_entries_without_a_recorded_level():
    sessions = [walk_run_session(1, day(1), level=None),
                walk_run_session(2, day(5), level=None, pain=3)]
    plan = Plan(default_protocol(), (PlanChange(1, day(3), LEVEL_KEY, 4, "clinic",
                                                Actor.PHYSIO),))
    state = replay(make_log(sessions, {day(n): 0 for n in range(7)}), plan)
    assert [d.level for d in state.decisions] == [1, 4]
    assert state.level == 4


def test_a_threshold_change_applies_from_its_date_and_earlier_decisions_keep_the_old_one():
    runner = return_to_run()
    runner.walk_run(1, pain=3)
    runner.check_in(2, 0)
    assert runner.last_decision.rule == Rule.PAIN_ABOVE_THRESHOLD

    runner.on(3).change_plan("pain.threshold", 3, "Mild pain is acceptable now.")
    assert runner.app.plan.on(day(2)).pain.threshold == 2
    assert runner.app.plan.on(day(3)).pain.threshold == 3
    runner.walk_run(3, pain=3)
    runner.check_in(4, 0)

    before, after = runner.decisions
    assert (before.verdict, before.rule) == (Verdict.REPEAT, Rule.PAIN_ABOVE_THRESHOLD)
    assert "above the 2/10 threshold" in before.reason
    assert (after.verdict, after.rule, after.rule_held) == (Verdict.REPEAT, Rule.PAIN_RULE, True)
    assert "(≤ 3)" in after.reason


def test_a_lower_stop_threshold_steps_back_earlier():
    runner = return_to_run()
    runner.on(0).change_plan("pain.stop", 4, "Flare last month.")
    runner.walk_run(1, pain=4, level=2)
    assert (runner.last_decision.verdict, runner.last_decision.rule) == (
        Verdict.STEP_BACK, Rule.STOP_THRESHOLD)


# --- determinism ---------------------------------------------------------------------------


def test_replaying_the_same_log_twice_gives_the_same_decisions():
    runner = return_to_run()
    for offset, pain, morning in ((1, 0, 0), (3, 2, 0), (5, 3, 1), (7, 0, 0), (8, 1, 0),
                                  (10, 5, None), (12, 0, 3), (30, 1, None)):
        runner.walk_run(offset, pain=pain)
        if morning is not None:
            runner.check_in(offset + 1, morning)
    log = runner.app.store.load()
    plan = Plan(runner.app.base, log.plan_changes)
    first = replay(log, plan)
    second = replay(runner.app.store.load(), Plan(runner.app.base, log.plan_changes))
    assert first == second
    assert first == runner.app.ladder
    assert len(first.decisions) == 8
    assert len({d.verdict for d in first.decisions}) == 4  # the history exercises every verdict


def test_replay_does_not_depend_on_the_order_sessions_are_given_in():
    sessions = [walk_run_session(n, day(2 * n), pain=n % 4) for n in range(1, 7)]
    pains = {day(d): d % 3 for d in range(0, 14)}
    forward = replay(make_log(sessions, pains), default_plan())
    shuffled = Log(check_ins=make_log([], pains).check_ins, sessions=tuple(reversed(sessions)))
    assert replay(shuffled, default_plan()) == forward


def test_a_level_set_after_a_session_on_the_same_day_stands_for_what_comes_next():
    """Entries of one day keep the order they were saved in (their recorded_at)."""
    moments = iter(dt.datetime(2024, 3, 5, 8, 0, second, tzinfo=dt.UTC) for second in range(60))
    app = Runback.in_memory(clock=lambda: next(moments).replace(day=4))
    app.setup("patellofemoral_pain", "left", 0, True)
    app.set_stage(Stage.RETURN_TO_RUN, "Ready to run.")
    app.log_walk_run(8, 1, 2, 0, 4)  # level 1, earlier that day
    app.change_plan(LEVEL_KEY, 4, "Seen in clinic after the run.")
    assert app.ladder.level == 4
    assert app.ladder.passes == 0
