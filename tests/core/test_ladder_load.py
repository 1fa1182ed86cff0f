"""Load flags through the facade: a runner who follows the walk–run ladder exactly sees no
load flag (the rises are the plan's); one who adds runs of their own sees them."""

from __future__ import annotations

import itertools

from core.model import Stage
from tests.core.helpers_engine import Runner, day

SIX_WEEKS = 42
EASY_EFFORT = 5  # the top of the easy range: the ladder's weeks are then above the tiny base


def follow_the_ladder(runner: Runner, days: range, effort: int = EASY_EFFORT) -> list:
    """Check in every morning and do each walk–run the ladder prescribes, as planned; the
    flags Today shows each day."""
    shown = []
    for offset in days:
        runner.check_in(offset, 0)
        if runner.app.walk_run_plan().run_today:
            runner.walk_run(offset, effort=effort)
        shown.append(runner.app.today_view().flags)
    return shown


def row_of(runner: Runner, offset: int):
    """The weekly row of the week starting ``day(offset)`` (a Monday)."""
    return next(row for row in runner.app.weekly_rows() if row.week == day(offset))


def test_a_runner_following_the_ladder_for_six_weeks_sees_no_load_flag():
    runner = Runner(stage=Stage.RETURN_TO_RUN)
    shown = follow_the_ladder(runner, range(1, SIX_WEEKS + 1))
    assert runner.app.ladder.level >= 4, "the ladder moved up: its load rose"
    assert [flags for flags in shown if flags] == []
    rows = runner.app.weekly_rows()
    assert [row.load.flags for row in rows if row.load.flags] == []
    # Without the ladder's exemption these weeks would raise context flags: some week rose
    # by more than 10 % on a week above the tiny base.
    base = runner.app.protocol.load.min_weekly_load
    loads = [row.load.load for row in rows]
    assert any(before >= base and after > 1.1 * before
               for before, after in itertools.pairwise(loads))


def test_a_runner_who_adds_long_runs_of_their_own_sees_the_spike_first():
    runner = Runner(stage=Stage.RETURN_TO_RUN)
    follow_the_ladder(runner, range(1, 28))
    # Week 5: two 40-minute runs on the ladder's rest days, on top of the ladder.
    extra = []
    for offset in range(28, 35):
        runner.check_in(offset, 0)
        if runner.app.walk_run_plan().run_today:
            runner.walk_run(offset, effort=EASY_EFFORT)
        elif len(extra) < 2:
            runner.app.log_run("long", minutes=40, effort=5, pain_during=0, date=day(offset))
            extra.append(offset)
    flags = row_of(runner, 28).load.flags
    assert len(extra) == 2
    assert flags[0].startswith("spike: run 40 min on "), flags
    assert any(flag.startswith("context: weekly load up") for flag in flags), flags
    assert runner.app.today_view().flags == flags


def test_walk_runs_on_the_ladders_rest_days_are_not_the_plans_rise():
    runner = Runner(stage=Stage.RETURN_TO_RUN)
    follow_the_ladder(runner, range(1, 7))
    for offset in range(7, 14):  # a walk–run every day: the rest days are the runner's own
        runner.check_in(offset, 0)
        runner.walk_run(offset, effort=EASY_EFFORT)
    week = row_of(runner, 7).load
    assert any(flag.startswith("context: weekly load up") for flag in week.flags), week
