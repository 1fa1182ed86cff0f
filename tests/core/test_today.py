"""Today's prescription through the facade (README, "The app"): per stage, the check-in
owed, the last decision with its reason, and load flags in stages 4–5."""

from __future__ import annotations

import pytest

from core.model import RunType, Stage, Verdict
from core.runback import Runback
from tests.core.helpers_metrics import DAY, MONDAY, WEEK, Clock, runner

DAILY = "Daily check-in: how is your knee now (0–10)?"
NEXT_MORNING = ("Next-morning check-in: how is your knee this morning (0–10)? It decides "
                "yesterday's run.")


def walk_run_level_1(rb: Runback, clock: Clock, day, pain_during: int = 1,
                     morning_pain: int | None = 1) -> None:
    """Level 1 as prescribed on ``day``, then (unless None) the next morning's check-in."""
    clock.set(day)
    rb.log_walk_run(rounds=8, run_minutes=1, walk_minutes=2, pain_during=pain_during, effort=4)
    if morning_pain is not None:
        clock.set(day + DAY)
        rb.check_in(morning_pain)


def tick_all(rb: Runback) -> None:
    for exercise in rb.protocol.exercises:
        rb.tick_exercise(exercise.key)


# --- stage 1: calm the pain ------------------------------------------------------------------

@pytest.mark.parametrize(("minutes", "pain", "suggested", "why"), [
    pytest.param(30, 1, 35, "last session 30 min at 1/10 pain",
                 id="comfortable 30 min: up a step to 35"),
    pytest.param(30, 2, 35, "last session 30 min at 2/10 pain",
                 id="pain at the threshold is comfortable: up to 35"),
    pytest.param(40, 3, 30, "cut back from 40 min: pain reached 3/10 last time",
                 id="pain above the threshold after 40 min: down to 30"),
    pytest.param(42, 0, 45, "last session 42 min at 0/10 pain",
                 id="a step up stops at the 45 min ceiling"),
    pytest.param(12, 6, 10, "cut back from 12 min: pain reached 6/10 last time",
                 id="a cut back stops at the 10 min floor"),
])
def test_stage_1_suggests_cross_training_minutes_from_the_last_session(minutes, pain,
                                                                       suggested, why):
    rb, _ = runner(Stage.CALM, today=MONDAY + DAY)
    rb.log_cross_training("bike", minutes, effort=4, pain_during=pain)
    today = rb.today_view()
    assert today.stage is Stage.CALM
    assert today.headline == f"Cross-training: {suggested} min easy (bike, swim or walk)"
    assert today.details[0] == f"Suggested minutes: {why}."


def test_stage_1_minutes_go_up_after_comfort_and_down_after_pain():
    rb, clock = runner(Stage.CALM)
    first = rb.today_view()
    assert first.headline == "Cross-training: 20 min easy (bike, swim or walk)"
    assert first.details[0] == "Suggested minutes: 20 min to start with."
    suggested = []
    for offset, pain in enumerate((1, 1, 4), start=1):
        clock.set(MONDAY + offset * DAY)
        minutes = int(rb.today_view().headline.split()[1])
        rb.log_cross_training("swim", minutes, effort=3, pain_during=pain)
        suggested.append(int(rb.today_view().headline.split()[1]))
    assert suggested == [25, 30, 22]  # 20 → 25 → 30, then 30 × 0.75 after pain 4/10
    assert rb.today_view().flags == ()


# --- stage 2: restore strength ---------------------------------------------------------------

def test_stage_2_strength_session_due_until_done_today():
    rb, _ = runner(Stage.STRENGTH)
    today = rb.today_view()
    assert today.headline == "Strength session due"
    assert today.details[0] == "Strength session due: 0 of 2 done this week."

    rb.tick_exercise("glute_bridge")  # a partial session is not done
    assert rb.today_view().headline == "Strength session due"

    tick_all(rb)
    today = rb.today_view()
    assert today.headline == "Strength session done today: 1 of 2 this week"
    assert not any("due" in line for line in today.details)


def test_stage_2_due_again_the_next_day_and_done_for_the_week_after_two():
    rb, clock = runner(Stage.STRENGTH)
    tick_all(rb)
    clock.set(MONDAY + DAY)
    assert rb.today_view().details[0] == "Strength session due: 1 of 2 done this week."
    clock.set(MONDAY + 2 * DAY)
    tick_all(rb)
    clock.set(MONDAY + 3 * DAY)
    today = rb.today_view()
    assert today.headline == "Strength: this week's sessions done"
    assert not any("Strength session due" in line for line in today.details)
    clock.set(MONDAY + WEEK)  # a new ISO week starts from zero
    assert rb.today_view().details[0] == "Strength session due: 0 of 2 done this week."


# --- stage 3: retrain running mechanics ------------------------------------------------------

READINESS_LABELS = ("30 min brisk walk", "10 single-leg squats each side",
                    "10 single-leg hops on the painful side", "1 min jogging on the spot")


def test_stage_3_asks_for_a_baseline_then_shows_the_cadence_band():
    rb, _ = runner(Stage.MECHANICS)
    assert rb.today_view().headline == ("Record your baseline cadence (steps per minute) on an "
                                        "easy run")
    rb.set_cadence_baseline(160)
    today = rb.today_view()
    assert today.headline == "Easy short run or drills at 168–176 steps/min"
    assert today.details[0] == "Baseline 160 steps/min; target +5 to +10%."
    assert any("land under your body" in line for line in today.details)


def test_stage_3_lists_the_readiness_checks_left():
    rb, _ = runner(Stage.MECHANICS)
    line = [d for d in rb.today_view().details if d.startswith("Readiness checks")]
    assert line == ["Readiness checks to pass (pain ≤ 2/10): " + "; ".join(READINESS_LABELS)
                    + "."]

    rb.log_readiness("brisk_walk_30min", completed=True, pain=1)
    rb.log_readiness("single_leg_hops", completed=True, pain=4)  # hurt: not passed
    rb.log_readiness("single_leg_squats", completed=False, pain=0)  # not completed
    line = [d for d in rb.today_view().details if d.startswith("Readiness checks")]
    assert line == ["Readiness checks to pass (pain ≤ 2/10): 10 single-leg squats each side; "
                    "10 single-leg hops on the painful side; 1 min jogging on the spot."]

    for test in ("single_leg_hops", "single_leg_squats", "jog_on_spot_1min"):
        rb.log_readiness(test, completed=True, pain=2)
    assert not any(d.startswith("Readiness checks") for d in rb.today_view().details)


# --- stage 4: graded return to run -----------------------------------------------------------

def test_stage_4_prescribes_the_level_then_a_rest_day_then_the_level_again():
    rb, clock = runner(Stage.RETURN_TO_RUN)
    today = rb.today_view()
    assert today.headline == "Walk–run level 1: 1 min run / 2 min walk × 8"
    assert today.walk_run_level == 1

    rb.log_walk_run(rounds=8, run_minutes=1, walk_minutes=2, pain_during=1, effort=4)
    assert rb.today_view().headline == "Walk–run done today: check in tomorrow morning"

    clock.set(MONDAY + DAY)
    # The morning after, the check-in comes first: nothing new until it has decided.
    assert rb.today_view().headline == ("Check in first: no new walk–run until the "
                                        "next-morning pain is in")
    rb.check_in(1)
    today = rb.today_view()
    assert today.headline == "Rest day: no run today"
    assert "Strength session due: 0 of 2 done this week." in today.details

    clock.set(MONDAY + 2 * DAY)
    assert rb.today_view().headline == "Walk–run level 1: 1 min run / 2 min walk × 8"


def test_stage_4_moves_to_the_next_level_text_after_two_passing_sessions():
    rb, clock = runner(Stage.RETURN_TO_RUN)
    walk_run_level_1(rb, clock, MONDAY)
    walk_run_level_1(rb, clock, MONDAY + 2 * DAY)
    clock.set(MONDAY + 4 * DAY)
    today = rb.today_view()
    assert today.headline == "Walk–run level 2: 2 min run / 2 min walk × 6"
    assert today.walk_run_level == 2
    assert today.last_decision.verdict is Verdict.ADVANCE
    assert today.last_decision.reason.startswith("Move up to level 2: pain during 1/10 (≤ 2)")
    assert "2 of 2 sessions at level 1 passed" in today.last_decision.reason


def test_the_last_decision_waits_for_the_next_morning_and_then_shows_its_reason():
    rb, clock = runner(Stage.RETURN_TO_RUN)
    walk_run_level_1(rb, clock, MONDAY, morning_pain=None)
    assert rb.today_view().last_decision is None  # pending: no decision yet
    clock.set(MONDAY + DAY)
    rb.check_in(1)
    decision = rb.today_view().last_decision
    assert decision.verdict is Verdict.REPEAT
    assert decision.date == MONDAY
    assert decision.reason == ("Repeat level 1: pain during 1/10 (≤ 2), next morning 1/10 "
                               "against 1/10 on 2024-01-01, not worse; 1 of 2 sessions at this "
                               "level passed so far.")


def test_a_session_at_the_stop_threshold_is_decided_at_once():
    rb, _ = runner(Stage.RETURN_TO_RUN)
    rb.log_walk_run(rounds=5, run_minutes=1, walk_minutes=2, pain_during=5, effort=4)
    decision = rb.today_view().last_decision
    assert decision.verdict is Verdict.STEP_BACK
    assert decision.reason == ("Stay at level 1: pain during reached 5/10 (stop threshold "
                               "5/10).")  # there is no level below 1 to step back to


# --- stage 5: build performance --------------------------------------------------------------

def test_stage_5_brings_quality_sessions_back_one_at_a_time():
    rb, clock = runner(Stage.PERFORMANCE)
    headlines = [rb.today_view().headline]
    runs = [("long", 1), ("long", 3), ("long", 2), ("hills", 0), ("hills", 2),
            ("speed", 1), ("speed", 2)]
    for offset, (run_type, pain) in enumerate(runs, start=1):
        clock.set(MONDAY + offset * DAY)
        rb.log_run(run_type, minutes=40, effort=5, pain_during=pain)
        headlines.append(rb.today_view().headline)
    prefix = "Build performance: easy running; next to bring back: "
    assert headlines == [
        prefix + "long",
        prefix + "long",
        prefix + "long",  # pain 3/10 is above the threshold: does not count
        prefix + "hills",
        prefix + "hills",
        prefix + "speed",
        prefix + "speed",
        "Build performance: easy runs, long runs, hills and speed all back",
    ]
    assert ("Mobility for hips and ankles: Hip flexor stretch, Hip circles, Ankle dorsiflexion "
            "rocks, Calf raises with slow lowering.") in rb.today_view().details


def test_stage_5_shows_the_weekly_load_ceiling_from_last_week():
    rb, clock = runner(Stage.PERFORMANCE)
    rb.log_run(RunType.EASY, minutes=30, effort=5, pain_during=0)
    assert not any(line.startswith("Weekly load") for line in rb.today_view().details)
    clock.set(MONDAY + 3 * DAY)
    rb.log_run(RunType.EASY, minutes=30, effort=5, pain_during=0)  # last week: 300
    clock.set(MONDAY + WEEK + DAY)
    rb.log_run(RunType.EASY, minutes=40, effort=5, pain_during=0)  # this week so far: 200
    assert "Weekly load so far 200 of at most 330 (last week 300 + 10%)." in \
        rb.today_view().details


# --- check-ins owed --------------------------------------------------------------------------

def test_a_daily_check_in_is_owed_until_given():
    rb, clock = runner(Stage.STRENGTH)
    assert rb.today_view().check_in_owed is None  # setup checked in on the start day
    clock.set(MONDAY + DAY)
    assert rb.today_view().check_in_owed == DAILY
    rb.check_in(1)
    assert rb.today_view().check_in_owed is None


def test_the_morning_after_a_walk_run_the_next_morning_check_in_is_owed():
    rb, clock = runner(Stage.RETURN_TO_RUN)
    walk_run_level_1(rb, clock, MONDAY, morning_pain=None)
    clock.set(MONDAY + DAY)
    assert rb.today_view().check_in_owed == NEXT_MORNING
    rb.check_in(2)
    assert rb.today_view().check_in_owed is None


def test_the_morning_after_a_continuous_run_the_next_morning_check_in_is_owed():
    rb, clock = runner(Stage.PERFORMANCE)
    rb.log_run("long", minutes=50, effort=4, pain_during=1)
    clock.set(MONDAY + DAY)
    assert rb.today_view().check_in_owed == NEXT_MORNING


def test_a_late_missing_next_morning_check_in_is_asked_for_by_date():
    rb, clock = runner(Stage.RETURN_TO_RUN)
    walk_run_level_1(rb, clock, MONDAY, morning_pain=None)
    clock.set(MONDAY + 2 * DAY)  # the morning after (Tuesday) was skipped
    assert rb.today_view().check_in_owed == DAILY  # today's own check-in comes first
    rb.check_in(1)
    assert rb.today_view().check_in_owed == (
        "Missing next-morning pain for the walk–run of 2024-01-01: add a check-in for "
        "2024-01-02 to get its decision.")
    rb.check_in(1, date=MONDAY + DAY)
    today = rb.today_view()
    assert today.check_in_owed is None
    assert today.last_decision.verdict is Verdict.REPEAT


# --- load flags ------------------------------------------------------------------------------

def test_stage_4_flags_a_run_of_ones_own_as_a_spike_but_not_the_ladder():
    rb, clock = runner(Stage.RETURN_TO_RUN)
    walk_run_level_1(rb, clock, MONDAY)  # 8 min of running, as the ladder prescribes
    assert rb.today_view().flags == ()
    clock.set(MONDAY + 2 * DAY)
    rb.log_run("easy", minutes=20, effort=4, pain_during=0)
    assert rb.today_view().flags == (
        "spike: run 20 min on 2024-01-03 is 150 % longer than your longest in 30 days "
        "(8 min, on 2024-01-01): > 100 % band",)


def test_stage_5_shows_the_run_spike_first_then_the_context_flags():
    rb, clock = runner(Stage.PERFORMANCE)
    for week in range(5):
        for day in (0, 2, 4):  # three 30-minute runs a week: 360
            clock.set(MONDAY + week * WEEK + day * DAY)
            rb.log_run("easy", minutes=30, effort=4, pain_during=0)
    assert rb.today_view().flags == ()
    clock.set(MONDAY + 4 * WEEK + 6 * DAY)
    rb.log_run("long", minutes=60, effort=5, pain_during=0)  # 660: ratio 660 / 435
    assert rb.today_view().flags == (
        "spike: run 60 min on 2024-02-04 is 100 % longer than your longest in 30 days "
        "(30 min, on 2024-01-05): > 30–100 % band",
        "context: weekly load up 83 % on last week (above 10 %) — a guide, not a predictor of "
        "injury",
        "context: weekly load up 83 % on two weeks before (above 30 %) — a guide, not a "
        "predictor of injury",
        "context: acute:chronic ratio 1.52 (above 1.5) — a guide, not a predictor of injury",
    )


def test_stage_5_never_prescribes_a_run_over_110_percent_of_the_30_day_longest():
    rb, clock = runner(Stage.PERFORMANCE)
    assert "No run in the last 30 days: start short and easy, and ask your physio how long." \
        in rb.today_view().details
    rb.log_run("easy", minutes=25, effort=4, pain_during=0)
    clock.set(MONDAY + 2 * DAY)
    rb.log_run("easy", minutes=20, effort=4, pain_during=0)
    clock.set(MONDAY + 3 * DAY)
    assert rb.today_view().details[0] == (
        "Longest run today: at most 27.5 min (110 % of your longest in 30 days, 25 min on "
        "2024-01-01).")


def test_the_longest_run_today_follows_the_physios_spike_setting():
    rb, clock = runner(Stage.PERFORMANCE)
    rb.log_run("easy", minutes=30, effort=4, pain_during=0)
    rb.change_plan("load.spike_percent", 20, "a seasoned runner")
    clock.set(MONDAY + DAY)
    assert rb.today_view().details[0] == (
        "Longest run today: at most 36 min (120 % of your longest in 30 days, 30 min on "
        "2024-01-01).")


@pytest.mark.parametrize("stage", [Stage.CALM, Stage.STRENGTH, Stage.MECHANICS],
                         ids=lambda s: f"no load flags in stage {int(s)}")
def test_load_flags_are_shown_only_from_stage_4(stage):
    rb, clock = runner(stage)
    rb.log_run("easy", minutes=20, effort=3, pain_during=0)
    clock.set(MONDAY + WEEK)
    rb.log_run("easy", minutes=60, effort=6, pain_during=0)
    assert rb.today_view().flags == ()
    assert rb.weekly_rows()[1].load.flags  # the numbers still raise them for the physio
