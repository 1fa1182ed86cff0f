"""Today at a glance (core/rules/glance.py): the light never says "go" where the ladder
says rest, says "stop" with when to resume after a stop sign or a step back, and the
week's plan never puts a walk–run where the ladder's rest rules would refuse it."""

from __future__ import annotations

import datetime as dt
import itertools

from core.model import Stage
from tests.core.helpers_metrics import DAY, MONDAY, runner
from tests.core.test_today import walk_run_level_1


def glance_of(rb):
    today = rb.today_card()["today"]
    return today["light"], today["light_words"], today["days"]


def test_go_on_a_walk_run_day_and_easy_on_the_rest_day_after():
    rb, clock = runner(Stage.RETURN_TO_RUN)
    light, _, days = glance_of(rb)
    assert light == "go"
    assert days[0]["planned"] == "walk–run L1" and days[0]["when"] == "today"
    # The days after: never two walk–runs in a row (a rest day between, the default).
    planned = [d["planned"].split("\n")[0] for d in days[1:]]
    assert all(not (a.startswith("walk–run") and b.startswith("walk–run"))
               for a, b in itertools.pairwise(planned))
    walk_run_level_1(rb, clock, MONDAY)
    light, words, days = glance_of(rb)  # Tuesday: the morning is in, a rest day
    assert light == "easy"
    assert words.startswith("Easy day")
    assert days[0]["done"] == "walk–run L1" and days[1]["pain"] == "1"


def test_the_planned_walk_run_days_are_the_days_the_ladder_then_prescribes():
    rb, clock = runner(Stage.RETURN_TO_RUN)
    walk_run_level_1(rb, clock, MONDAY)  # and Tuesday's check-in
    _, _, days = glance_of(rb)
    planned = {MONDAY + dt.timedelta(days=i) for i, d in enumerate(days)
               if d["planned"].startswith("walk–run")}
    day = MONDAY + DAY
    while day < MONDAY + 7 * DAY:  # live on: check in each morning, walk–run when told
        clock.set(day)
        if rb.log.pain_on(day) is None:
            rb.check_in(1)
        prescribed = rb.walk_run_plan().run_today
        assert prescribed is (day in planned), day
        if prescribed:
            rb.log_walk_run(rounds=8, run_minutes=1, walk_minutes=2, pain_during=1, effort=4)
        day += DAY


def test_stop_after_a_limp_says_when_to_resume_and_to_call_the_physio():
    rb, clock = runner(Stage.RETURN_TO_RUN)
    clock.set(MONDAY)
    rb.log_walk_run(rounds=8, run_minutes=1, walk_minutes=2, pain_during=1, effort=4,
                    limp=True)
    clock.set(MONDAY + DAY)
    rb.check_in(1)
    light, words, days = glance_of(rb)
    assert light == "stop" and words == "Stop: rest today."
    resume = rb.ladder.rest_until
    details = rb.today_card()["today"]["details"]  # the prescription says the rest once
    assert f"Walk–run again from {resume.isoformat()} at level 1" in details
    assert "call your physio" in details
    # No walk–run planned before the rest is over.
    assert not any(d["planned"].startswith("walk–run")
                   for i, d in enumerate(days) if MONDAY + i * DAY < resume)


def test_stop_on_the_rest_day_after_a_step_back_then_go_when_the_ladder_says_so():
    rb, clock = runner(Stage.RETURN_TO_RUN)
    walk_run_level_1(rb, clock, MONDAY, pain_during=6, morning_pain=None)  # ≥ the stop 5
    clock.set(MONDAY + DAY)
    rb.check_in(1)
    light, words, _ = glance_of(rb)
    assert light == "stop"
    assert "Walk–run again from" in words and "If the pain persists" in words
    clock.set(MONDAY + 2 * DAY)
    rb.check_in(1)
    assert rb.walk_run_plan().run_today
    assert glance_of(rb)[0] == "go"


def test_stage_one_is_easy_and_stage_two_goes_only_while_strength_is_due():
    rb, _ = runner(Stage.CALM)
    assert glance_of(rb)[0] == "easy"
    rb, _ = runner(Stage.STRENGTH)
    assert glance_of(rb)[0] == "go"
    for exercise in rb.protocol.exercises:
        rb.tick_exercise(exercise.key)
    light, _, days = glance_of(rb)  # today's session done: the week's other one planned
    assert light == "easy"
    assert days[0]["done"] == "strength"
    assert sum("strength" in d["planned"] for d in days[1:]) == 1


def test_where_you_stand_counts_what_the_next_stage_waits_for():
    rb, clock = runner(Stage.CALM)  # setup checked in 4/10 on Monday
    standing = rb.today_card()["today"]["standing"]
    assert standing["exit"]["words"] == "Calm days in a row (pain 2/10 or less): 0 of 3"
    for day, pain in enumerate((2, 1, 3, 1, 0), start=1):
        clock.set(MONDAY + day * DAY)
        rb.check_in(pain)
    exit = rb.today_card()["today"]["standing"]["exit"]
    assert (exit["value"], exit["of"]) == (2, 3)  # Thursday's 3/10 broke the run
    clock.set(MONDAY + 6 * DAY)
    rb.check_in(2)
    assert rb.today_card()["today"]["standing"]["exit"]["value"] == 3
    assert rb.suggestion() is not None  # and the move on is suggested: the same count


def test_stage_four_stands_on_its_level_and_passes():
    rb, clock = runner(Stage.RETURN_TO_RUN)
    walk_run_level_1(rb, clock, MONDAY)
    standing = rb.today_card()["today"]["standing"]
    assert standing["exit"] is None
    assert standing["level"]["words"] == "Level 1 of 8 · 1 of 2 passes at this level"
