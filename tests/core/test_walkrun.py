"""The walk–run decisions of docs/RULES.md ("The walk–run ladder"), one rule per row.

Most tests drive the real facade on an in-memory store; the restart table calls
``prescribe`` directly on a ladder state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from core.model import Rule, Stage, Verdict
from core.rules.protocol import Level
from core.rules.walkrun import LadderState, prescribe
from tests.core.helpers_engine import (
    Runner,
    day,
    default_protocol,
)

SESSION_DAY = 2  # day offsets from the programme start


def return_to_run() -> Runner:
    return Runner(stage=Stage.RETURN_TO_RUN)


# --- one session, one rule --------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    pain: int
    morning_before: int
    next_morning: int | None
    verdict: Verdict
    rule: str
    next_level: int
    level: int = 3
    complete: bool = True
    limp: bool = False
    swelling: bool = False


RULES = {
    "pain 2/10 during, next morning not worse -> counts toward moving up (1 of 2)":
        Row(2, 1, 1, Verdict.REPEAT, Rule.PAIN_RULE, 3),
    "pain 0/10 during, next morning better -> counts toward moving up (1 of 2)":
        Row(0, 2, 0, Verdict.REPEAT, Rule.PAIN_RULE, 3),
    "pain 3/10 during is above the threshold -> repeat":
        Row(3, 1, 1, Verdict.REPEAT, Rule.PAIN_ABOVE_THRESHOLD, 3),
    "pain 4/10 during, above the threshold and below the stop -> repeat":
        Row(4, 1, 0, Verdict.REPEAT, Rule.PAIN_ABOVE_THRESHOLD, 3),
    "pain 5/10 during reaches the stop threshold -> step back":
        Row(5, 1, 1, Verdict.STEP_BACK, Rule.STOP_THRESHOLD, 2),
    "pain 9/10 during is past the stop threshold -> step back":
        Row(9, 1, 1, Verdict.STEP_BACK, Rule.STOP_THRESHOLD, 2),
    "next morning worse by 1 -> repeat":
        Row(1, 1, 2, Verdict.REPEAT, Rule.NEXT_MORNING_WORSE, 3),
    "pain 3/10 during and next morning worse by 1 -> repeat":
        Row(3, 0, 1, Verdict.REPEAT, Rule.PAIN_ABOVE_THRESHOLD, 3),
    "next morning worse by 2 -> step back":
        Row(0, 1, 3, Verdict.STEP_BACK, Rule.NEXT_MORNING_WORSE, 2),
    "next morning worse by 6 -> step back":
        Row(2, 0, 6, Verdict.STEP_BACK, Rule.NEXT_MORNING_WORSE, 2),
    "pain 3/10 during and next morning worse by 2 -> step back":
        Row(3, 2, 4, Verdict.STEP_BACK, Rule.NEXT_MORNING_WORSE, 2),
    "a limp -> step back, even pain-free":
        Row(0, 0, 0, Verdict.STEP_BACK, Rule.LIMP_OR_SWELLING, 2, limp=True),
    "new swelling -> step back, even pain-free":
        Row(0, 0, 0, Verdict.STEP_BACK, Rule.LIMP_OR_SWELLING, 2, swelling=True),
    "a limp decides at once, without the next morning -> step back":
        Row(1, 0, None, Verdict.STEP_BACK, Rule.LIMP_OR_SWELLING, 2, limp=True),
    "pain 5/10 during decides at once, without the next morning -> step back":
        Row(5, 0, None, Verdict.STEP_BACK, Rule.STOP_THRESHOLD, 2),
    "pain 2/10 during and no next-morning check-in -> no decision yet":
        Row(2, 0, None, Verdict.PENDING, Rule.NEXT_MORNING_OWED, 3),
    "pain 4/10 during and no next-morning check-in -> no decision yet":
        Row(4, 0, None, Verdict.PENDING, Rule.NEXT_MORNING_OWED, 3),
    "step back at level 1 stays at level 1 (pain 6/10)":
        Row(6, 0, 0, Verdict.STEP_BACK, Rule.STOP_THRESHOLD, 1, level=1),
    "step back at level 1 stays at level 1 (next morning worse by 3)":
        Row(0, 0, 3, Verdict.STEP_BACK, Rule.NEXT_MORNING_WORSE, 1, level=1),
    "a round short of the plan, pain-free -> does not count":
        Row(0, 0, 0, Verdict.REPEAT, Rule.INCOMPLETE, 3, complete=False),
    "top level cut short, pain-free -> does not count":
        Row(0, 0, 0, Verdict.REPEAT, Rule.INCOMPLETE, 8, level=8, complete=False),
}


@pytest.mark.parametrize("row", RULES.values(), ids=RULES.keys())
def test_one_session_rule(row: Row):
    runner = return_to_run()
    runner.place(SESSION_DAY, row.level)
    runner.check_in(SESSION_DAY, row.morning_before)
    runner.walk_run(SESSION_DAY, pain=row.pain, complete=row.complete,
                    limp=row.limp, swelling=row.swelling)
    if row.next_morning is not None:
        runner.check_in(SESSION_DAY + 1, row.next_morning)

    (decision,) = runner.decisions
    assert (decision.verdict, decision.rule) == (row.verdict, row.rule), decision.reason
    assert decision.level == row.level
    assert decision.next_level == row.next_level
    assert decision.date == day(SESSION_DAY)
    assert decision.reason  # every decision explains itself
    assert runner.app.ladder.level == row.next_level


def test_reasons_name_the_rule_and_its_numbers():
    runner = return_to_run()
    runner.place(2, 3)
    runner.check_in(2, 1)
    runner.walk_run(2, pain=5)
    assert runner.last_decision.reason == ("Step back to level 2: pain during reached 5/10 "
                                           "(stop threshold 5/10).")
    runner.walk_run(4, pain=1)
    runner.check_in(5, 3)
    reason = runner.last_decision.reason
    assert "next morning 3/10 against 1/10 on " + day(2).isoformat() in reason
    assert "2 points worse" in reason


def test_next_morning_is_compared_with_the_latest_check_in_before_a_session_day_without_one():
    runner = return_to_run()
    runner.place(1, 2)
    runner.check_in(1, 3)  # no check-in on the session day itself
    runner.walk_run(2, pain=0)
    runner.check_in(3, 4)
    decision = runner.last_decision
    assert (decision.verdict, decision.rule) == (Verdict.REPEAT, Rule.NEXT_MORNING_WORSE)
    assert f"against 3/10 on {day(1).isoformat()}" in decision.reason


# --- the article's example and the sequences ----------------------------------------------


def test_article_level_1_is_1_min_run_2_min_walk_8_rounds():
    level_1 = default_protocol().level(1)
    assert level_1 == Level(1, run_minutes=1.0, walk_minutes=2.0, rounds=8)
    assert level_1.describe() == "Walk–run level 1: 1 min run / 2 min walk × 8"
    top = default_protocol().level(default_protocol().top_level)
    assert top.continuous and top.total_run_minutes == 30


def test_article_example_two_comfortable_sessions_at_level_1_move_up_to_level_2():
    runner = return_to_run()
    runner.walk_run(1, pain=2)  # prescribed: level 1
    runner.check_in(2, 0)
    first = runner.last_decision
    assert (first.level, first.verdict, first.rule) == (1, Verdict.REPEAT, Rule.PAIN_RULE)
    assert first.rule_held and "1 of 2 sessions" in first.reason
    assert runner.app.ladder.passes == 1

    runner.walk_run(3, pain=1)
    runner.check_in(4, 0)
    second = runner.last_decision
    assert (second.level, second.verdict, second.next_level) == (1, Verdict.ADVANCE, 2)
    assert second.reason.startswith("Move up to level 2:")
    assert "2 of 2 sessions at level 1 passed" in second.reason

    plan = prescribe(runner.app.ladder, runner.app.protocol, day(5))
    assert (plan.level, plan.run_today) == (2, True)
    runner.walk_run(5, pain=0)
    logged = runner.app.log.sessions[-1]
    assert (logged.level, logged.planned_run_minutes, logged.planned_walk_minutes,
            logged.planned_rounds) == (2, 2.0, 2.0, 6)


def test_no_decision_without_the_next_morning_check_in_then_it_appears():
    runner = return_to_run()
    runner.walk_run(1, pain=1)
    runner.walk_run(3, pain=0)  # no check-in on day 2: the first session waits
    first, second = runner.decisions
    assert first.verdict is Verdict.PENDING
    assert day(2).isoformat() in first.reason
    assert second.verdict is Verdict.PENDING
    assert runner.app.ladder.passes == 0

    runner.check_in(2, 0)  # added late, for the morning after the first session
    first, second = runner.decisions
    assert (first.verdict, first.rule, first.rule_held) == (Verdict.REPEAT, Rule.PAIN_RULE, True)
    assert second.verdict is Verdict.PENDING
    runner.check_in(4, 0)
    assert runner.last_decision.verdict is Verdict.ADVANCE


def test_back_to_back_days_do_not_count_toward_moving_up():
    runner = return_to_run()
    runner.walk_run(1, pain=0)
    runner.check_in(2, 0)
    runner.walk_run(2, pain=0)  # the very next day
    runner.check_in(3, 0)
    second = runner.last_decision
    assert (second.verdict, second.rule, second.rule_held) == (Verdict.REPEAT, Rule.REST_DAY, True)
    assert day(1).isoformat() in second.reason
    assert (runner.app.ladder.level, runner.app.ladder.passes) == (1, 1)

    runner.walk_run(4, pain=0)  # after a rest day: the second session that counts
    runner.check_in(5, 0)
    assert (runner.last_decision.verdict, runner.last_decision.next_level) == (
        Verdict.ADVANCE, 2)


def test_an_incomplete_session_does_not_count_toward_moving_up():
    runner = return_to_run()
    runner.walk_run(1, pain=0, complete=False)
    runner.check_in(2, 0)
    assert runner.last_decision.rule == Rule.INCOMPLETE
    assert "7 × 1 min of the planned 8 × 1 min" in runner.last_decision.reason
    runner.walk_run(3, pain=0)
    runner.check_in(4, 0)
    assert (runner.last_decision.verdict, runner.app.ladder.passes) == (Verdict.REPEAT, 1)
    runner.walk_run(5, pain=0)
    runner.check_in(6, 0)
    assert runner.last_decision.verdict is Verdict.ADVANCE


def test_two_step_backs_at_level_1_stay_at_level_1():
    runner = return_to_run()
    runner.walk_run(1, pain=7)
    runner.walk_run(3, pain=0, limp=True)
    assert [(d.verdict, d.level, d.next_level) for d in runner.decisions] == [
        (Verdict.STEP_BACK, 1, 1), (Verdict.STEP_BACK, 1, 1)]
    assert runner.app.ladder.level == 1
    assert runner.app.ladder.step_backs_in_a_row == 2


def test_the_top_level_done_with_the_rule_holding_completes_the_ladder_and_goes_no_higher():
    runner = return_to_run()
    top = runner.app.protocol.top_level
    runner.place(1, top)
    runner.walk_run(1, pain=1)
    runner.check_in(2, 0)
    first = runner.last_decision
    assert (first.verdict, first.rule, first.ladder_complete) == (
        Verdict.REPEAT, Rule.PAIN_RULE, False)  # one pass of the 2 every level needs
    runner.walk_run(3, pain=0)
    runner.check_in(4, 0)
    done = runner.last_decision
    assert (done.verdict, done.rule, done.level, done.next_level) == (
        Verdict.ADVANCE, Rule.LADDER_COMPLETE, top, top)
    assert done.ladder_complete and done.rule_held
    runner.walk_run(5, pain=0)  # prescribed: still the top level
    runner.check_in(6, 0)
    assert runner.last_decision.level == top
    assert runner.last_decision.next_level == top
    assert runner.app.ladder.level == top
    assert prescribe(runner.app.ladder, runner.app.protocol, day(8)).level == top


def test_a_painful_session_between_two_good_ones_restarts_the_count():
    runner = return_to_run()
    runner.walk_run(1, pain=0)
    runner.check_in(2, 0)
    runner.walk_run(3, pain=3)
    runner.check_in(4, 0)
    runner.walk_run(5, pain=0)
    runner.check_in(6, 0)
    assert [d.verdict for d in runner.decisions] == [Verdict.REPEAT] * 3
    assert runner.app.ladder.passes == 1


# --- today's prescription: rest days and restarts -----------------------------------------


def test_the_day_after_a_walk_run_is_a_rest_day():
    runner = return_to_run()
    runner.walk_run(1, pain=0)
    runner.check_in(2, 0)
    ladder, protocol = runner.app.ladder, runner.app.protocol
    rest = prescribe(ladder, protocol, day(2))
    assert rest.run_today is False
    assert rest.reason.startswith(f"Rest day: your last walk–run was on {day(1).isoformat()}")
    assert runner.app.today_view().headline == "Rest day: no run today"
    assert prescribe(ladder, protocol, day(3)).run_today is True


def test_two_rest_days_when_the_physio_asks_for_two():
    runner = return_to_run()
    runner.on(0).change_plan("walk_run.rest_days_between", 2, "Slower start.")
    runner.walk_run(1, pain=0)
    runner.check_in(2, 0)  # while it is owed, no new walk–run is prescribed at all
    ladder, protocol = runner.app.ladder, runner.app.protocol
    assert [prescribe(ladder, protocol, day(n)).run_today for n in (2, 3, 4)] == [
        False, False, True]


BREAKS = {
    "13 days off is not a break -> same level": (4, 13, 4),
    "14 days off (2 full weeks) -> restart two levels lower": (4, 14, 2),
    "20 days off (still 2 full weeks) -> restart two levels lower": (4, 20, 2),
    "21 days off (3 full weeks) -> restart three levels lower": (5, 21, 2),
    "28 days off at level 2 -> restart at level 1, not below": (2, 28, 1),
    "100 days off at the top level -> restart at level 1": (8, 100, 1),
}


@pytest.mark.parametrize(("level", "days_off", "restart"), BREAKS.values(), ids=BREAKS.keys())
def test_restart_lower_after_a_break(level: int, days_off: int, restart: int):
    last = day(10)
    state = LadderState(level=level, passes=1, last_session=last, decisions=(),
                        active_since=last)
    plan = prescribe(state, default_protocol(), last + dt.timedelta(days=days_off))
    assert (plan.level, plan.run_today) == (restart, True)
    if restart != level:
        assert plan.reason.startswith(f"Restart at level {restart}: {days_off} days")


def test_after_a_break_the_next_session_is_logged_and_judged_at_the_lower_level():
    runner = return_to_run()
    runner.place(1, 4)
    runner.walk_run(1, pain=0)
    runner.check_in(2, 0)
    runner.walk_run(16, pain=0)  # 15 days later: 2 full weeks off
    runner.check_in(17, 0)
    assert runner.app.log.sessions[-1].level == 2
    assert (runner.last_decision.level, runner.last_decision.verdict) == (2, Verdict.REPEAT)
