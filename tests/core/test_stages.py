"""Stage moves of docs/RULES.md: the engine suggests, the runner or physio confirms, and every
change is kept with its date, reason and who made it."""

from __future__ import annotations

import pytest

from core.changes import Area
from core.errors import InvalidInput
from core.model import Actor, ReadinessTest, Stage, StageEventKind, StageRule, Verdict
from tests.core.helpers_engine import Runner, day


def events(runner: Runner, kind: StageEventKind) -> list:
    return [e for e in runner.app.log.stage_events if e.kind is kind]


def suggested(runner: Runner) -> tuple[Stage, Stage, str] | None:
    suggestion = runner.app.suggestion()
    if suggestion is None:
        return None
    return suggestion.from_stage, suggestion.to_stage, suggestion.rule


# --- 1 -> 2: daily pain <= 2 for 3 days in a row ---------------------------------------------

CALM_EXIT = {
    "pain 2, 1, 0 on three days in a row -> suggest stage 2": ([2, 1, 0], True),
    "pain 2, 2, 2 on three days in a row (at the threshold) -> suggest stage 2": ([2, 2, 2], True),
    "pain 1, 3, 1: one day above the threshold -> no suggestion": ([1, 3, 1], False),
    "pain 0, 1, a day missing, 0 -> no suggestion": ([0, 1, None, 0], False),
    "pain 1, 1: only two days -> no suggestion": ([1, 1], False),
    "pain 0, 0, 0, then 3 today -> no suggestion": ([0, 0, 0, 3], False),
}


@pytest.mark.parametrize(("pains", "expected"), CALM_EXIT.values(), ids=CALM_EXIT.keys())
def test_calm_exit_needs_three_comfortable_days_in_a_row(pains, expected):
    runner = Runner(start_pain=5)  # day 0: pain 5, stage 1
    assert runner.app.stage is Stage.CALM
    for offset, pain in enumerate(pains, start=1):
        if pain is not None:
            runner.check_in(offset, pain)
    want = (Stage.CALM, Stage.STRENGTH, StageRule.CALM_EXIT) if expected else None
    assert suggested(runner) == want


def test_the_calm_exit_counts_the_start_day_check_in():
    runner = Runner(start_pain=2, can_walk_30_min=False)  # stage 1 although pain is 2
    assert runner.app.stage is Stage.CALM
    runner.check_in(1, 1)
    assert suggested(runner) is None
    runner.check_in(2, 0)
    assert suggested(runner) == (Stage.CALM, Stage.STRENGTH, StageRule.CALM_EXIT)


def test_a_suggestion_is_recorded_once_as_suggested_and_told_once():
    runner = Runner(start_pain=5)
    runner.check_in(1, 2)
    assert runner.check_in(2, 1).notice == ""
    changes = runner.check_in(3, 0)
    assert Area.STAGE in changes.areas
    assert changes.notice.startswith("Move on to stage 2?")
    runner.check_in(4, 0)
    assert runner.check_in(5, 1).notice == ""

    (event,) = events(runner, StageEventKind.SUGGESTED)
    assert (event.date, event.from_stage, event.to_stage, event.actor) == (
        day(3), Stage.CALM, Stage.STRENGTH, Actor.APP)
    assert "3 days in a row" in event.reason and day(3).isoformat() in event.reason
    assert runner.app.stage is Stage.CALM  # suggested, not moved


def test_accepting_a_suggestion_moves_the_stage_and_records_who_and_why():
    runner = Runner(start_pain=5)
    for offset in (1, 2, 3):
        runner.check_in(offset, 1)
    reason = runner.app.suggestion().reason
    runner.on(4).accept_suggestion(Actor.RUNNER)

    assert runner.app.stage is Stage.STRENGTH
    (accepted,) = events(runner, StageEventKind.ACCEPTED)
    assert (accepted.date, accepted.from_stage, accepted.to_stage, accepted.reason,
            accepted.actor) == (day(4), Stage.CALM, Stage.STRENGTH, reason, Actor.RUNNER)
    assert runner.app.suggestion() is None  # the new stage's criteria start from scratch


def test_accepting_or_declining_with_nothing_suggested_is_refused():
    runner = Runner(start_pain=5)
    with pytest.raises(InvalidInput, match="no stage move"):
        runner.app.accept_suggestion()
    with pytest.raises(InvalidInput, match="no stage move"):
        runner.app.decline_suggestion()
    assert [e.kind for e in runner.app.log.stage_events] == [StageEventKind.START]


def test_a_declined_suggestion_returns_only_on_fresh_evidence():
    runner = Runner(start_pain=5)
    for offset in (1, 2, 3):
        runner.check_in(offset, 1)
    runner.on(3).decline_suggestion(Actor.PHYSIO, "Wait for the clinic visit.")

    (declined,) = events(runner, StageEventKind.DECLINED)
    assert (declined.date, declined.from_stage, declined.to_stage, declined.actor) == (
        day(3), Stage.CALM, Stage.STRENGTH, Actor.PHYSIO)
    assert declined.reason.startswith("Declined: Wait for the clinic visit.")
    assert runner.app.stage is Stage.CALM
    assert runner.app.suggestion() is None

    runner.check_in(4, 0)
    runner.check_in(5, 0)
    assert runner.app.suggestion() is None  # two fresh days are not yet three
    changes = runner.check_in(6, 0)
    assert suggested(runner) == (Stage.CALM, Stage.STRENGTH, StageRule.CALM_EXIT)
    assert changes.notice
    assert [e.date for e in events(runner, StageEventKind.SUGGESTED)] == [day(3), day(6)]


def test_set_stage_records_the_physio_with_date_and_reason():
    runner = Runner(start_pain=5)
    runner.on(2).set_stage(Stage.MECHANICS, "Pain settled at the clinic.")
    assert runner.app.stage is Stage.MECHANICS
    start, moved = runner.app.log.stage_events
    assert (start.kind, start.to_stage, start.date, start.actor) == (
        StageEventKind.START, Stage.CALM, day(0), Actor.RUNNER)
    assert (moved.kind, moved.date, moved.from_stage, moved.to_stage, moved.reason,
            moved.actor) == (StageEventKind.SET, day(2), Stage.CALM, Stage.MECHANICS,
                             "Pain settled at the clinic.", Actor.PHYSIO)
    with pytest.raises(InvalidInput, match="Say why"):
        runner.app.set_stage(Stage.STRENGTH, "  ")


# --- 2 -> 3: two ISO weeks in a row with >= 2 completed, comfortable strength sessions -------

# Day offsets from a Monday: week 1 is days 0–6, week 2 days 7–13, week 3 days 14–20.
STRENGTH_EXIT = {
    "2 complete sessions in each of 2 weeks in a row -> suggest stage 3":
        ([(1, None, 0), (3, None, 0), (8, None, 0), (10, None, 0)], 11, True),
    "3 and 2 sessions, exercise pain 2/10 -> suggest stage 3":
        ([(0, 2, 0), (2, 2, 0), (4, 1, 0), (7, 2, 0), (9, 0, 0)], 10, True),
    "week 2 has one complete and one partial session -> no suggestion":
        ([(1, None, 0), (3, None, 0), (8, None, 0), (10, None, 1)], 11, False),
    "exercise pain 3/10 in a week-2 session -> no suggestion":
        ([(1, None, 0), (3, None, 0), (8, None, 0), (10, 3, 0)], 11, False),
    "2 good weeks, and the new week has just begun -> suggest stage 3":
        ([(1, None, 0), (3, None, 0), (8, None, 0), (10, None, 0)], 15, True),
    "2 good weeks, then a whole week without sessions -> no suggestion":
        ([(1, None, 0), (3, None, 0), (8, None, 0), (10, None, 0)], 22, False),
    "only one week with 2 sessions -> no suggestion":
        ([(1, None, 0), (3, None, 0), (8, None, 0)], 12, False),
    "two good weeks with a thin week between -> no suggestion":
        ([(1, None, 0), (3, None, 0), (8, None, 0), (15, None, 0), (17, None, 0)], 18, False),
    "4 sessions in one week do not make two weeks -> no suggestion":
        ([(7, None, 0), (8, None, 0), (10, None, 0), (12, None, 0)], 13, False),
}


@pytest.mark.parametrize(("sessions", "today", "expected"), STRENGTH_EXIT.values(),
                         ids=STRENGTH_EXIT.keys())
def test_strength_exit_needs_two_weeks_in_a_row_of_two_complete_comfortable_sessions(
        sessions, today, expected):
    runner = Runner(start_pain=0)  # day 0 (a Monday): stage 2
    assert runner.app.stage is Stage.STRENGTH
    for offset, pain, skip in sessions:
        runner.strength_session(offset, pain=pain, skip=skip)
    runner.on(today)
    want = (Stage.STRENGTH, Stage.MECHANICS, StageRule.STRENGTH_EXIT) if expected else None
    assert suggested(runner) == want


def test_strength_exit_is_suggested_when_the_last_exercise_is_ticked():
    runner = Runner(start_pain=0)
    for offset in (1, 3, 8):
        runner.strength_session(offset)
    runner.strength_session(10, skip=1)
    assert suggested(runner) is None
    last = runner.app.plan.on(day(10)).exercises[-1].key
    changes = runner.on(10).tick_exercise(last, date=day(10))
    assert changes.notice.startswith("Move on to stage 3?")
    (event,) = events(runner, StageEventKind.SUGGESTED)
    assert (event.date, event.to_stage) == (day(10), Stage.MECHANICS)


# --- 3 -> 4: the four readiness checks, each with pain <= 2 -----------------------------------

ALL_CHECKS = tuple(ReadinessTest)
READINESS = {
    "all four passed with pain 0-2 -> suggest stage 4":
        ({t: (True, p) for t, p in zip(ALL_CHECKS, (0, 1, 2, 2), strict=True)}, True),
    "single-leg hops hurt 3/10 -> no suggestion":
        ({**{t: (True, 0) for t in ALL_CHECKS}, ReadinessTest.SINGLE_LEG_HOP: (True, 3)}, False),
    "jogging on the spot not completed -> no suggestion":
        ({**{t: (True, 0) for t in ALL_CHECKS}, ReadinessTest.JOG_ON_SPOT: (False, 0)}, False),
    "three of four checks passed -> no suggestion":
        ({t: (True, 0) for t in ALL_CHECKS[:3]}, False),
}


@pytest.mark.parametrize(("checks", "expected"), READINESS.values(), ids=READINESS.keys())
def test_readiness_checks_open_the_return_to_run(checks, expected):
    runner = Runner(stage=Stage.MECHANICS)
    for offset, (test, (completed, pain)) in enumerate(checks.items(), start=1):
        runner.on(offset).log_readiness(test, completed, pain, date=day(offset))
    want = (Stage.MECHANICS, Stage.RETURN_TO_RUN, StageRule.READINESS_PASSED) if expected else None
    assert suggested(runner) == want


def test_a_failed_readiness_check_passed_later_counts():
    runner = Runner(stage=Stage.MECHANICS)
    for test in ALL_CHECKS:
        runner.on(1).log_readiness(test, True, 0, date=day(1))
    runner.on(1).log_readiness(ReadinessTest.SINGLE_LEG_SQUAT, True, 4, date=day(1))
    assert suggested(runner) is None  # the latest try counts, and it hurt
    runner.on(3).log_readiness(ReadinessTest.SINGLE_LEG_SQUAT, True, 1, date=day(3))
    assert suggested(runner) == (Stage.MECHANICS, Stage.RETURN_TO_RUN, StageRule.READINESS_PASSED)


def test_readiness_checks_from_before_the_stage_do_not_count():
    runner = Runner(start_pain=0)  # stage 2
    for test in ALL_CHECKS:
        runner.on(1).log_readiness(test, True, 0, date=day(1))
    runner.on(2).set_stage(Stage.MECHANICS, "Strength is good.")
    assert suggested(runner) is None


# --- 4 -> 5: the top ladder level done with the rule holding ------------------------------


def top_level_runner() -> Runner:
    runner = Runner(stage=Stage.RETURN_TO_RUN)
    runner.on(0).change_plan("walk_run.level", runner.app.protocol.top_level, "Nearly there.")
    return runner


def test_the_top_level_done_with_the_rule_holding_suggests_stage_5():
    runner = top_level_runner()
    runner.walk_run(1, pain=1)
    assert runner.last_decision.verdict is Verdict.PENDING
    assert suggested(runner) is None  # not before the next morning says so
    runner.check_in(2, 0)
    assert suggested(runner) is None  # one pass of the 2 every level needs
    runner.walk_run(3, pain=0)
    changes = runner.check_in(4, 0)
    assert suggested(runner) == (Stage.RETURN_TO_RUN, Stage.PERFORMANCE, StageRule.LADDER_COMPLETE)
    assert changes.notice.startswith("Move on to stage 5?")
    assert day(3).isoformat() in runner.app.suggestion().reason


TOP_LEVEL_NOT_DONE = {
    "top level with pain 3/10 during -> no suggestion": {"pain": 3},
    "top level cut short -> no suggestion": {"complete": False},
    "top level with the next morning worse by 1 -> no suggestion": {"next_morning": 1},
    "logged one level below the top, done well -> no suggestion": {"level": 7},
}


@pytest.mark.parametrize("changes", TOP_LEVEL_NOT_DONE.values(), ids=TOP_LEVEL_NOT_DONE.keys())
def test_the_top_level_without_the_rule_holding_does_not_suggest_stage_5(changes):
    runner = top_level_runner()
    runner.walk_run(1, pain=changes.get("pain", 0), complete=changes.get("complete", True),
                    level=changes.get("level"))
    runner.check_in(2, changes.get("next_morning", 0))
    assert runner.last_decision.verdict is not Verdict.PENDING
    assert suggested(runner) is None


def test_moving_up_below_the_top_level_does_not_suggest_stage_5():
    runner = Runner(stage=Stage.RETURN_TO_RUN)
    runner.place(0, 7)
    runner.walk_run(1)
    runner.check_in(2, 0)
    runner.walk_run(3)
    runner.check_in(4, 0)
    assert (runner.last_decision.verdict, runner.last_decision.next_level) == (
        Verdict.ADVANCE, 8)
    assert suggested(runner) is None


# --- moves back: flares ---------------------------------------------------------------------


def test_two_step_backs_in_a_row_in_stage_4_suggest_stage_3():
    runner = Runner(stage=Stage.RETURN_TO_RUN)
    runner.walk_run(1, pain=5, level=3)
    assert suggested(runner) is None
    changes = runner.walk_run(3, pain=0, limp=True)
    assert suggested(runner) == (Stage.RETURN_TO_RUN, Stage.MECHANICS, StageRule.FLARE_STEP_BACKS)
    assert changes.notice.startswith("Step back to stage 3?")
    (event,) = events(runner, StageEventKind.SUGGESTED)
    assert (event.from_stage, event.to_stage, event.actor) == (
        Stage.RETURN_TO_RUN, Stage.MECHANICS, Actor.APP)


def test_step_backs_with_a_repeat_between_do_not_suggest_a_move_back():
    runner = Runner(stage=Stage.RETURN_TO_RUN)
    runner.walk_run(1, pain=5, level=3)
    runner.walk_run(3, pain=3)
    runner.check_in(4, 0)
    runner.walk_run(5, pain=6)
    assert [d.verdict for d in runner.decisions] == [
        Verdict.STEP_BACK, Verdict.REPEAT, Verdict.STEP_BACK]
    assert suggested(runner) is None


def test_step_backs_from_before_a_decline_are_not_fresh_evidence():
    runner = Runner(stage=Stage.RETURN_TO_RUN)
    runner.walk_run(1, pain=5, level=3)
    runner.walk_run(3, pain=6)
    runner.on(3).decline_suggestion(Actor.PHYSIO, "Knee was checked: carry on.")
    runner.walk_run(5, pain=7)  # one fresh step-back
    assert suggested(runner) is None
    runner.walk_run(7, pain=0)  # awaiting its next morning
    assert runner.last_decision.verdict is Verdict.PENDING
    assert suggested(runner) is None  # still only one fresh step-back
    runner.walk_run(9, pain=0, swelling=True)  # the second fresh one in a row
    assert suggested(runner) == (Stage.RETURN_TO_RUN, Stage.MECHANICS, StageRule.FLARE_STEP_BACKS)


FLARES = {
    "stage 2, daily pain 3, 4, 3 -> suggest stage 1": (Stage.STRENGTH, [3, 4, 3], True),
    "stage 3, daily pain 5, 5, 5 -> suggest stage 2": (Stage.MECHANICS, [5, 5, 5], True),
    "stage 4, daily pain 3, 3, 3 -> suggest stage 3": (Stage.RETURN_TO_RUN, [3, 3, 3], True),
    "stage 5, daily pain 4, 3, 6 -> suggest stage 4": (Stage.PERFORMANCE, [4, 3, 6], True),
    "stage 2, daily pain 3, 2, 3 -> no suggestion": (Stage.STRENGTH, [3, 2, 3], False),
    "stage 2, daily pain 3, 3, a day missing, 3 -> no suggestion":
        (Stage.STRENGTH, [3, 3, None, 3], False),
    "stage 3, daily pain 3, 3: two days only -> no suggestion": (Stage.MECHANICS, [3, 3], False),
}


@pytest.mark.parametrize(("stage", "pains", "expected"), FLARES.values(), ids=FLARES.keys())
def test_daily_pain_above_the_threshold_three_days_in_a_row_suggests_the_stage_before(
        stage, pains, expected):
    runner = Runner(stage=stage)
    for offset, pain in enumerate(pains, start=1):
        if pain is not None:
            runner.check_in(offset, pain)
    want = (stage, Stage(stage - 1), StageRule.FLARE_DAILY_PAIN) if expected else None
    assert suggested(runner) == want


def test_stage_1_has_no_stage_before_it():
    runner = Runner(start_pain=6)
    for offset in (1, 2, 3, 4):
        runner.check_in(offset, 7)
    assert suggested(runner) is None


def test_accepting_a_move_back_records_it_and_changes_the_stage():
    runner = Runner(stage=Stage.STRENGTH)
    for offset in (1, 2, 3):
        runner.check_in(offset, 4)
    runner.on(3).accept_suggestion(Actor.PHYSIO)
    assert runner.app.stage is Stage.CALM
    (accepted,) = events(runner, StageEventKind.ACCEPTED)
    assert (accepted.date, accepted.from_stage, accepted.to_stage, accepted.actor) == (
        day(3), Stage.STRENGTH, Stage.CALM, Actor.PHYSIO)
    assert "above 2/10 for 3 days in a row" in accepted.reason
