"""The wrong advances and wrong repeats a physio found (issue 10, defects 1–13), one test
each, named after the behaviour that failed, plus the ladder caps. Each drives the real
facade on an in-memory store, the way the app does."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from core.changes import Area
from core.errors import InvalidInput
from core.model import Actor, Rule, RunType, SessionKind, Stage, Taken, Verdict
from core.runback import Runback
from tests.core.helpers_engine import Runner, day


def return_to_run(level: int = 1) -> Runner:
    runner = Runner(stage=Stage.RETURN_TO_RUN)
    if level != 1:
        runner.place(0, level)
    return runner


class Ticking:
    """A clock that moves a second on every reading: entries saved one after the other
    have save times in that order, as they do in the app."""

    def __init__(self, runner: Runner):
        self.runner, self.seconds = runner, 0

    def __call__(self) -> dt.datetime:
        self.seconds += 1
        return self.runner.clock() + dt.timedelta(seconds=self.seconds)


def decision_of(runner: Runner, offset: int):
    return next(d for d in runner.decisions if d.date == day(offset))


# --- 1 and 2: the top of the ladder ---------------------------------------------------------


def test_a_stage_5_suggestion_is_withdrawn_when_a_later_session_at_the_top_fails():
    runner = return_to_run(8)
    for offset in (1, 3):
        runner.walk_run(offset, pain=0)
        runner.check_in(offset + 1, 0)
    assert runner.app.suggestion().to_stage is Stage.PERFORMANCE
    runner.walk_run(5, pain=6)  # a painful session at the top: step back
    assert runner.last_decision.verdict is Verdict.STEP_BACK
    assert runner.app.suggestion() is None
    assert runner.app.today_view().suggestion is None
    with pytest.raises(InvalidInput, match="no stage move"):
        runner.app.accept_suggestion()


def test_one_session_at_the_top_level_does_not_complete_the_ladder():
    runner = return_to_run(8)
    runner.walk_run(1, pain=0)
    runner.check_in(2, 0)
    assert not runner.last_decision.ladder_complete
    assert "1 of 2 sessions" in runner.last_decision.reason
    assert runner.app.suggestion() is None
    runner.walk_run(3, pain=0)
    runner.check_in(4, 0)
    assert runner.last_decision.ladder_complete
    assert runner.app.suggestion().to_stage is Stage.PERFORMANCE


# --- 3: the runner cannot promote themselves ------------------------------------------------


def test_logging_a_level_above_the_prescription_does_not_move_the_ladder():
    runner = return_to_run()
    assert "above the prescribed level 1" in runner.app.walk_run_warning(6)  # the form warns
    changes = runner.walk_run(1, pain=0, level=6)
    assert "count for nothing" in changes.notice
    runner.check_in(2, 0)
    runner.walk_run(3, pain=0, level=6)
    runner.check_in(4, 0)
    assert [d.verdict for d in runner.decisions] == [Verdict.NOT_COUNTED] * 2
    assert all("level 6, above the prescribed level 1" in d.reason for d in runner.decisions)
    assert runner.app.ladder.level == 1
    assert len(runner.app.log.sessions_of(SessionKind.WALK_RUN)) == 2  # both kept


def test_a_session_below_the_prescribed_level_is_kept_and_earns_no_pass():
    runner = return_to_run(4)
    runner.walk_run(1, pain=0, level=2)
    runner.check_in(2, 0)
    assert runner.last_decision.verdict is Verdict.NOT_COUNTED
    assert "below the prescribed level 4" in runner.last_decision.reason
    assert (runner.app.ladder.level, runner.app.ladder.passes) == (4, 0)


def test_a_stop_sign_at_another_level_still_steps_back_from_the_prescribed_one():
    runner = return_to_run(4)
    runner.walk_run(1, pain=0, level=6, limp=True)
    assert (runner.last_decision.verdict, runner.last_decision.next_level) == (
        Verdict.STEP_BACK, 3)


# --- 4: a step-back found late stands --------------------------------------------------------


def test_a_step_back_found_by_a_late_check_in_stands():
    runner = return_to_run(3)
    runner.check_in(1, 0)
    runner.walk_run(1, pain=0)
    # The next morning (day 2) is not recorded; on day 3 Today asks for it first.
    plan = runner.on(3).walk_run_plan()
    assert not plan.run_today and plan.check_in_first
    assert day(2).isoformat() in plan.reason
    assert runner.app.today_view().headline.startswith("Check in first")
    runner.walk_run(3, pain=0)  # run anyway, at the level shown
    runner.check_in(2, 4)  # the late check-in: 4 points worse, a step-back
    runner.check_in(4, 0)
    first, second = runner.decisions
    assert (first.verdict, first.next_level) == (Verdict.STEP_BACK, 2)
    assert second.verdict is Verdict.NOT_COUNTED
    assert runner.app.ladder.level == 2  # the step-back stands


def test_a_session_logged_while_a_next_morning_is_owed_earns_no_pass():
    runner = return_to_run(3)
    runner.app.clock = Ticking(runner)
    runner.check_in(1, 0)
    runner.walk_run(1, pain=0)
    runner.walk_run(3, pain=0)
    runner.check_in(2, 0)  # late, but fine: the first session passes
    runner.check_in(4, 0)
    first, second = runner.decisions
    assert first.counted_pass
    assert (second.verdict, second.rule) == (Verdict.NOT_COUNTED, Rule.MORNING_OWED)
    assert runner.app.ladder.passes == 1


# --- 5: the true morning before ----------------------------------------------------------


def test_the_morning_before_is_a_check_in_made_before_the_session():
    runner = return_to_run(2)
    runner.check_in(1, 0)
    runner.walk_run(2, pain=0)
    runner.check_in(2, 3, taken=Taken.AFTER_SESSION)  # sore that evening: not a baseline
    runner.check_in(3, 2)
    decision = runner.last_decision
    assert (decision.verdict, decision.rule) == (Verdict.STEP_BACK, Rule.NEXT_MORNING_WORSE)
    assert f"against 0/10 on {day(1).isoformat()}" in decision.reason


def test_a_same_day_check_in_saved_after_the_session_is_not_its_morning_before():
    runner = return_to_run(2)
    runner.app.clock = Ticking(runner)
    runner.check_in(1, 1)
    runner.walk_run(2, pain=0)
    runner.check_in(2, 3)  # saved after the session, not said when: after it
    runner.check_in(3, 3)
    assert f"against 1/10 on {day(1).isoformat()}" in runner.last_decision.reason


def test_without_a_recent_check_in_the_next_morning_must_be_at_or_below_the_threshold():
    runner = return_to_run(2)  # the setup check-in on day 0 is 4 days before the session
    runner.walk_run(4, pain=0)
    runner.check_in(5, 3)
    decision = runner.last_decision
    assert (decision.verdict, decision.rule) == (Verdict.REPEAT, Rule.NEXT_MORNING_WORSE)
    assert "the threshold 2/10 (no check-in in the 2 days before the session)" in (
        decision.reason)


# --- 6: high or rising morning pain ------------------------------------------------------


def test_high_morning_pain_blocks_an_advance():
    runner = return_to_run()
    for offset in range(0, 6):
        runner.check_in(offset, 4)
    for offset in (1, 3):
        runner.walk_run(offset, pain=2)
    runner.check_in(5, 4)
    assert [d.rule for d in runner.decisions] == [Rule.MORNING_CEILING] * 2
    assert "above the morning ceiling of 3/10" in runner.last_decision.reason
    assert runner.app.ladder.level == 1


def test_a_weekly_rise_in_morning_pain_blocks_an_advance():
    runner = return_to_run()
    for offset in range(0, 7):
        runner.check_in(offset, 1)
    for offset, pain in zip(range(7, 13), (2, 2, 2, 2, 2, 3), strict=True):
        runner.check_in(offset, pain)
    runner.walk_run(12, pain=0)
    runner.check_in(13, 3)  # not worse than the morning before, not above the ceiling
    decision = runner.last_decision
    assert (decision.verdict, decision.rule) == (Verdict.REPEAT, Rule.MORNING_WEEK_RISE)
    assert "up 1.3 on the week before (1.0/10)" in decision.reason


def test_next_morning_swelling_steps_back_and_stiffness_earns_no_pass():
    runner = return_to_run(3)
    runner.walk_run(1, pain=0)
    runner.check_in(2, 0, stiffness=True)
    assert runner.last_decision.rule == Rule.MORNING_STIFFNESS
    runner.walk_run(3, pain=0)
    runner.check_in(4, 0, swelling=True)
    assert (runner.last_decision.verdict, runner.last_decision.rule) == (
        Verdict.STEP_BACK, Rule.MORNING_SWELLING)
    assert runner.app.ladder.level == 2


# --- 7: back from stage 5 ------------------------------------------------------------------


def test_back_from_stage_5_the_ladder_resumes_two_levels_below_the_top():
    runner = Runner(stage=Stage.PERFORMANCE)
    app = runner.on(10)
    changes = app.set_stage(Stage.RETURN_TO_RUN, "Knee flared on the long run.")
    top = app.protocol.top_level
    assert app.ladder.level == top - 2
    assert app.walk_run_plan().level == top - 2
    placed = app.log.plan_changes[-1]
    assert (placed.date, placed.value, placed.actor) == (day(10), top - 2, Actor.APP)
    assert "2 levels below the top" in placed.reason
    assert Area.PLAN in changes.areas


# --- 8: no runs before stage 4 --------------------------------------------------------------


def test_walk_runs_before_stage_4_move_nothing():
    runner = Runner(stage=Stage.STRENGTH)
    assert "no runs yet" in runner.app.walk_run_warning(None)
    for offset in (1, 3, 5):
        changes = runner.walk_run(offset, pain=0)
        runner.check_in(offset + 1, 0)
    assert "ask your physio" in changes.notice.lower()
    assert {d.verdict for d in runner.decisions} == {Verdict.NOT_COUNTED}
    assert runner.app.ladder.level == 1
    assert any("no runs yet" in line for line in runner.app.today_view().details)
    runner.on(8).set_stage(Stage.RETURN_TO_RUN, "Ready to run.")
    assert runner.app.walk_run_plan().level == 1
    assert runner.app.walk_run_plan().reason.startswith("First walk–run session")


def test_a_continuous_run_before_stage_4_gets_the_same_warning():
    runner = Runner(stage=Stage.CALM)
    changes = runner.on(1).log_run(RunType.EASY, 20, 4, 0, date=day(1))
    assert "no runs yet" in changes.notice and "ask your physio" in changes.notice


# --- 9: rest after a stop sign ------------------------------------------------------------------


def test_after_a_limp_the_next_walk_run_waits_two_days_and_starts_one_level_lower():
    runner = return_to_run(3)
    runner.walk_run(1, pain=0, limp=True)
    for offset in (2, 3):
        plan = runner.on(offset).walk_run_plan()
        assert (plan.run_today, plan.stop) == (False, True)
        assert "call your physio" in plan.reason
    assert runner.app.today_view().headline.startswith("Stop")
    plan = runner.on(4).walk_run_plan()
    assert (plan.run_today, plan.level) == (True, 2)


def test_a_walk_run_during_the_rest_after_a_stop_sign_earns_no_pass():
    runner = return_to_run(3)
    runner.walk_run(1, pain=0, swelling=True)
    runner.walk_run(3, pain=0)
    runner.check_in(4, 0)
    assert runner.last_decision.rule == Rule.STOP_SIGN_REST
    assert runner.app.ladder.passes == 0


# --- 10: backfilled sessions ------------------------------------------------------------


def test_a_backfilled_session_is_judged_against_the_ladder_of_its_date():
    runner = return_to_run()
    runner.place(5, 4)
    runner.on(6).log_walk_run(8, 1, 2, pain_during=0, effort=4, date=day(2))
    session = runner.app.log.sessions_of(SessionKind.WALK_RUN)[-1]
    assert session.level == 1  # the level prescribed on day 2, not today's 4
    assert runner.app.ladder.level == 4


# --- 11: one walk–run a day ----------------------------------------------------------------


def test_a_second_walk_run_on_one_day_is_refused():
    runner = return_to_run()
    runner.walk_run(1, pain=0)
    with pytest.raises(InvalidInput, match="already logged"):
        runner.walk_run(1, pain=0)
    assert "already logged" in runner.app.walk_run_warning(1, day(1))


def test_a_second_walk_run_written_by_another_tool_counts_for_nothing():
    runner = return_to_run()
    runner.walk_run(1, pain=0)
    runner.check_in(2, 0)
    first = runner.app.log.sessions_of(SessionKind.WALK_RUN)[0]
    runner.app.store.conn.execute(
        "INSERT INTO sessions (date, kind, minutes, effort, pain_during, level, "
        "planned_run_minutes, planned_walk_minutes, planned_rounds, run_minutes, "
        "walk_minutes, rounds, recorded_at) SELECT date, kind, minutes, effort, pain_during, "
        "level, planned_run_minutes, planned_walk_minutes, planned_rounds, run_minutes, "
        "walk_minutes, rounds, recorded_at FROM sessions WHERE id = ?", (first.id,))
    runner.app.refresh()
    assert [d.rule for d in runner.decisions] == [Rule.PAIN_RULE, Rule.SECOND_OF_THE_DAY]
    assert runner.app.ladder.passes == 1


# --- 12: effort ------------------------------------------------------------------------------


def test_an_effort_above_the_easy_range_earns_no_pass():
    runner = return_to_run()
    runner.walk_run(1, pain=0, effort=9)
    runner.check_in(2, 0)
    decision = runner.last_decision
    assert (decision.verdict, decision.rule) == (Verdict.REPEAT, Rule.EFFORT_ABOVE_EASY)
    assert "effort 9/10 is above the easy range 3–5" in decision.reason
    assert runner.app.ladder.passes == 0


# --- 13: save times across the end of summer time -----------------------------------------


def test_a_repeated_hour_at_the_end_of_summer_time_does_not_reorder_entries():
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    moments = iter([
        dt.datetime(2026, 10, 20, 9, 0, tzinfo=berlin),  # setup
        dt.datetime(2026, 10, 20, 9, 1, tzinfo=berlin),  # stage 4
        # 25 October: 02:30 in summer time (00:30 UTC), then 02:10 in winter time
        # (01:10 UTC): the second is later, though its local text sorts first.
        dt.datetime(2026, 10, 25, 2, 30, tzinfo=berlin),
        dt.datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=berlin),
    ])
    now = {"t": next(moments)}
    app = Runback.in_memory(clock=lambda: now["t"])
    app.setup("patellofemoral_pain", "left", 0, True)
    now["t"] = next(moments)
    app.set_stage(Stage.RETURN_TO_RUN, "Ready.")
    now["t"] = next(moments)
    app.change_plan("walk_run.level", 3, "Placed at 3 before the run.")
    now["t"] = next(moments)
    app.log_walk_run(5, 3, 2, pain_during=0, effort=4, level=3)
    (decision,) = app.decisions()
    assert decision.verdict is not Verdict.NOT_COUNTED  # judged at level 3, as placed
    assert decision.level == 3


# --- the caps ----------------------------------------------------------------------------------


def test_at_most_two_level_advances_in_any_seven_days():
    runner = return_to_run()
    runner.on(0).change_plans({"walk_run.sessions_to_advance": 1,
                               "walk_run.rest_days_between": 0}, "Fast learner.")
    for offset in (1, 2, 3):
        runner.check_in(offset, 0)
        runner.walk_run(offset, pain=0)
    runner.check_in(4, 0)
    assert [d.verdict for d in runner.decisions] == [
        Verdict.ADVANCE, Verdict.ADVANCE, Verdict.REPEAT]
    assert runner.last_decision.rule == Rule.ADVANCES_PER_7_DAYS
    assert runner.app.ladder.level == 3


def test_at_most_four_walk_runs_a_week_count():
    runner = return_to_run()
    runner.on(0).change_plans({"walk_run.sessions_to_advance": 10,
                               "walk_run.rest_days_between": 0}, "Daily walks.")
    for offset in range(0, 5):  # Monday to Friday
        runner.check_in(offset, 0)
        runner.walk_run(offset, pain=0)
    runner.check_in(5, 0)
    assert [d.counted_pass for d in runner.decisions] == [True] * 4 + [False]
    assert runner.last_decision.rule == Rule.RUNS_PER_WEEK
    assert not runner.on(6).walk_run_plan().run_today
