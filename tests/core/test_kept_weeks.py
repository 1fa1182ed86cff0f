"""The weekly rows are kept between actions and only the weeks an action can change are
computed again, yet after any sequence of actions — check-ins, back-dated sessions,
deletions, ticks, plan changes, stage moves, new days — they equal the rows computed
from scratch from the file."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from core.model import Stage
from core.rules.metrics import monday
from core.rules.plan import LEVEL_KEY, Plan
from core.rules.summary import WeekRow, weekly_rows
from core.runback import Runback
from core.views import RECENT_WEEKS
from tests.core.helpers_actions import act_and_check, steps
from tests.core.helpers_metrics import DAY, MONDAY, WEEK, runner
from tests.properties import short_and_long

EXAMPLES = 200  # under -m slow; the default run tries tests.properties.SHORT
HISTORY_DAYS = 87  # the clock starts this long after the programme's start (a Thursday)
# An entry's day, counted from the programme's start (today's, if later than today): any,
# or often around one weekend, so a run and its next morning or its morning before fall
# on either side of a week's end.
DAY_NUMBER = st.integers(0, HISTORY_DAYS + 30) | st.integers(26, 30)
# Settings a physio may change, with values that keep the protocol valid together, and
# chosen to move what spans weeks: the ratio's windows and history, the spike's window,
# the morning before, the strength plan, the ladder level.
CHANGES = {
    "load.acute_days": [5, 7], "load.chronic_days": [21, 28, 42],
    "load.ratio_min_history_days": [0, 14, 60], "load.spike_window_days": [14, 30, 60],
    "load.min_weekly_load": [0, 300], "load.weekly_rise_caution_percent": [10, 25],
    "pain.threshold": [1, 2, 3], "pain.morning_before_max_days": [0, 2, 7],
    "strength.sessions_per_week": [1, 3], LEVEL_KEY: [1, 2, 4],
}
# Each step: an action, and whether a window then reads the rows.
STEPS = steps(DAY_NUMBER, CHANGES)


def assert_rows_as_from_scratch(runback: Runback) -> None:
    log = runback.store.load()  # the file itself, read afresh
    expected = weekly_rows(log, Plan(runback.base, log.plan_changes), runback.today)
    assert runback.weekly_rows() == expected
    assert runback.recent_weeks() == expected[-RECENT_WEEKS:]


@short_and_long(EXAMPLES, st.sampled_from([Stage.RETURN_TO_RUN, Stage.PERFORMANCE,
                                           Stage.STRENGTH]), STEPS)
def test_kept_weekly_rows_equal_rows_from_scratch_after_any_actions(stage, drawn):
    runback, _ = runner(stage, start=MONDAY, today=MONDAY + HISTORY_DAYS * DAY)
    act_and_check(runback, drawn, CHANGES, assert_rows_as_from_scratch)


def rows_after(runback: Runback, action) -> tuple[list[WeekRow], list[WeekRow]]:
    """The rows a window read before ``action`` and after it, after it checked against
    the rows from scratch."""
    before = runback.weekly_rows()
    action()
    assert_rows_as_from_scratch(runback)
    return before, runback.weekly_rows()


def changed_weeks(before: list[WeekRow], after: list[WeekRow]) -> list[dt.date]:
    return [old.week for old, new in zip(before, after, strict=True) if old != new]


SUNDAY = MONDAY + 27 * DAY  # the end of the programme's fourth week


def test_a_next_morning_on_monday_changes_the_week_of_sunday_s_run():
    runback, clock = runner(Stage.PERFORMANCE, start=MONDAY, today=SUNDAY)
    runback.check_in(0, taken="before_session")
    runback.log_run("easy", 30, 3, 0)
    clock.set(SUNDAY + DAY)
    before, after = rows_after(runback, lambda: runback.check_in(4))
    assert after[-2].week == monday(SUNDAY)
    assert (before[-2].next_morning_worse, after[-2].next_morning_worse) == (0, 1)


def test_a_morning_before_on_sunday_changes_the_week_of_monday_s_run():
    runback, _ = runner(Stage.PERFORMANCE, start=MONDAY, today=SUNDAY + 2 * DAY)
    runback.check_in(0, date=SUNDAY - DAY)
    runback.log_run("easy", 30, 3, 0, date=SUNDAY + DAY)
    runback.check_in(2)  # the next morning: worse than Saturday's 0
    before, after = rows_after(runback, lambda: runback.check_in(3, date=SUNDAY))
    assert after[-1].week == SUNDAY + DAY
    assert (before[-1].next_morning_worse, after[-1].next_morning_worse) == (1, 0)


def test_a_new_day_within_the_week_moves_this_week_s_ratio():
    runback, clock = runner(Stage.PERFORMANCE, start=MONDAY, today=SUNDAY + 25 * DAY)
    for number in range(10, 52, 2):
        runback.log_run("easy", 30 + number % 7 * 5, 5, 1, date=MONDAY + number * DAY)
    before, after = rows_after(runback, lambda: clock.set(runback.today + 2 * DAY))
    assert changed_weeks(before, after) == [monday(runback.today)]


def test_a_worse_morning_entered_late_reaches_every_week_the_ladder_then_changes():
    """The morning after the first walk–run, entered weeks later and worse, steps the
    ladder back: each later walk–run is then above its level, no longer as the ladder
    prescribed, and run spikes show in weeks far beyond that morning's own."""
    runback, clock = runner(Stage.RETURN_TO_RUN, start=MONDAY, today=MONDAY)
    for number in range(1, 50):
        clock.set(MONDAY + number * DAY)
        runback.check_in(0, taken="before_session")
        prescribed = runback.walk_run_plan()
        if prescribed.run_today:
            level = runback.protocol.level(prescribed.level)
            runback.log_walk_run(level.rounds, level.run_minutes, level.walk_minutes, 0, 3)
    morning = MONDAY + 2 * DAY
    before, after = rows_after(runback, lambda: runback.check_in(6, date=morning,
                                                                 taken="before_session",
                                                                 replace=True))
    assert max(changed_weeks(before, after)) >= monday(morning) + 3 * WEEK


def test_rows_read_again_after_the_file_is_reread():
    """A file changed outside the window is read again (``refresh``): the rows follow."""
    runback, _ = runner(Stage.PERFORMANCE, start=MONDAY, today=MONDAY + HISTORY_DAYS * DAY)
    runback.log_run("easy", 30, 4, 2)
    assert runback.weekly_rows()[-1].running_sessions == 1
    other = Runback(runback.store, clock=runback.clock)  # another window on the same file
    other.log_run("easy", 35, 4, 2, date=runback.today - DAY)
    runback.refresh()
    assert runback.weekly_rows()[-1].running_sessions == 2
    assert_rows_as_from_scratch(runback)
