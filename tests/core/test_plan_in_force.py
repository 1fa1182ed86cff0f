"""The plan in force on each date, as the runner sees it: the pain chart draws the threshold
as it was on each date, and Today says when a physio changed the plan, and why."""

from __future__ import annotations

from core.model import Stage
from tests.core.helpers_engine import Runner, day


def test_the_threshold_line_steps_on_the_day_the_physio_changed_it():
    runner = Runner(stage=Stage.RETURN_TO_RUN)
    runner.check_in(3, 1)
    runner.on(10).change_plan("pain.threshold", 3, "Tolerates mild pain.")
    runner.check_in(14, 1)
    steps = runner.app.charts().pain.threshold_steps
    assert list(zip(steps.dates, steps.values, strict=True)) == [
        (day(0), 2.0), (day(10), 2.0), (day(10), 3.0), (day(14), 3.0)]
    assert runner.app.charts().pain.threshold == 3


def test_a_change_that_keeps_the_threshold_draws_no_step():
    runner = Runner(stage=Stage.RETURN_TO_RUN)
    runner.on(5).change_plan("pain.stop", 6, "Another setting.")
    steps = runner.on(7).charts().pain.threshold_steps
    assert list(steps.values) == [2.0, 2.0]


def test_today_shows_a_physio_change_and_its_reason_for_a_week():
    runner = Runner(stage=Stage.RETURN_TO_RUN)
    runner.on(10).change_plan("pain.threshold", 3, "Tolerates mild pain.")
    line = f"Your physio changed your plan on {day(10).isoformat()}: Tolerates mild pain."
    assert line in runner.app.today_view().details
    assert line in runner.on(16).today_view().details
    assert line not in runner.on(17).today_view().details
