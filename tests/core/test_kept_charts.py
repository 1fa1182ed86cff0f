"""The chart series are kept between actions, each action putting again only the points of
the entries it wrote, yet after any sequence of actions — check-ins (back-dated too), runs
and walk–runs with a cadence or without, other sessions, ticks, deletions, cadence
baselines, plan changes, stage moves, new days — every chart equals the one computed from
scratch from the file: each point a runner sees on the Progress tab."""

from __future__ import annotations

from hypothesis import example
from hypothesis import strategies as st

from core.model import RunType, Stage
from core.rules import series
from core.rules.plan import LEVEL_KEY, Plan
from core.rules.summary import weekly_rows
from core.runback import Runback
from tests.core.helpers_actions import act_and_check, steps
from tests.core.helpers_metrics import DAY, MONDAY, runner
from tests.properties import short_and_long

EXAMPLES = 200  # under -m slow; the default run tries tests.properties.SHORT
HISTORY_DAYS = 60  # the clock starts this long after the programme's start
# An entry's day, counted from the programme's start (today's, if later than today): any,
# or often one of a few, so entries land on the same day, a run and its next morning too.
DAY_NUMBER = st.integers(0, HISTORY_DAYS + 20) | st.integers(40, 43)
# Settings a physio may change that the charts show: the threshold's steps, the cadence
# band, the strength target, the load's ratio and its bands, the ladder level.
CHANGES = {
    "pain.threshold": [1, 2, 3], "mechanics.cadence_rise_min_percent": [2, 5, 8],
    "mechanics.cadence_rise_max_percent": [10, 15], "strength.sessions_per_week": [1, 3],
    "load.acute_days": [5, 7], "load.chronic_days": [21, 28],
    "load.ratio_min_history_days": [0, 14], LEVEL_KEY: [1, 3],
}
# Each step: an action, and whether the Progress tab then reads the charts.
STEPS = steps(DAY_NUMBER, CHANGES)


def assert_charts_as_from_scratch(runback: Runback) -> None:
    log = runback.store.load()  # the file itself, read afresh
    plan = Plan(runback.base, log.plan_changes)
    today = runback.today
    expected = series.charts(log, plan, weekly_rows(log, plan, today), today)
    charts = runback.charts()
    for name in ("pain", "run_walk", "adherence", "load", "cadence"):
        assert getattr(charts, name) == getattr(expected, name), name


@short_and_long(EXAMPLES, st.sampled_from([Stage.RETURN_TO_RUN, Stage.PERFORMANCE,
                                           Stage.MECHANICS]), STEPS)
@example(Stage.PERFORMANCE, [  # a run, its next morning, then the run moved by deletion
    (("run", RunType.EASY, 30.0, 2, 4, 41, None, 168), True),
    (("check in", 3, 42), True),
    (("run", RunType.LONG, 50.0, 1, 5, 41, 12.0, None), True),
    (("delete", 10_000), True),
    (("baseline", 155, 40), True),
    (("plan", "mechanics.cadence_rise_min_percent", 2), True)])
def test_kept_charts_equal_charts_from_scratch_after_any_actions(stage, drawn):
    runback, _ = runner(stage, start=MONDAY, today=MONDAY + HISTORY_DAYS * DAY)
    act_and_check(runback, drawn, CHANGES, assert_charts_as_from_scratch)


def test_charts_read_again_after_the_file_is_reread():
    """A file changed outside the window is read again (``refresh``): the charts follow."""
    runback, _ = runner(Stage.PERFORMANCE, start=MONDAY, today=MONDAY + HISTORY_DAYS * DAY)
    runback.log_run(RunType.EASY, 30, 4, 2, cadence=170)
    assert runback.charts().cadence.cadence.values == (170.0,)
    other = Runback(runback.store, clock=runback.clock)  # another window on the same file
    other.log_run(RunType.EASY, 35, 4, 2, cadence=172, date=runback.today - DAY)
    runback.refresh()
    assert runback.charts().cadence.cadence.values == (172.0, 170.0)
    assert_charts_as_from_scratch(runback)
