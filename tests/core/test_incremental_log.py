"""After each action the in-memory log (updated row by row) equals the file read afresh:
its entries, their lookups, and every view built from them."""

import contextlib
import datetime as dt

from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.errors import InvalidInput
from core.model import Actor, ReadinessTest, SessionKind, Stage
from core.runback import Runback
from core.views import RECENT_WEEKS

START = dt.date(2026, 1, 5)
EXERCISES = ["glute_bridge", "plank", "dead_bug"]

actions = st.lists(st.tuples(
    st.sampled_from(["check_in", "late_check_in", "tick", "untick", "walk_run", "run", "late_run",
                     "cross", "delete", "sleep", "readiness", "cadence", "stage", "plan",
                     "next_day"]),
    st.integers(0, 10)), min_size=1, max_size=40)


def act(runback: Runback, clock, name: str, number: int) -> None:
    day = clock[0]
    if name == "next_day":
        clock[0] = day + dt.timedelta(days=1 + number % 3)
    elif name == "check_in":
        runback.check_in(number)
    elif name == "late_check_in":
        runback.check_in(number, "late", date=max(START, day - dt.timedelta(days=number)))
    elif name == "tick":
        runback.tick_exercise(EXERCISES[number % 3], pain=number)
    elif name == "untick":
        runback.untick_exercise(EXERCISES[number % 3])
    elif name == "walk_run":
        runback.log_walk_run(8, 1, 2, number, 4, limp=number == 7)
    elif name == "run":
        runback.log_run("easy", 20 + number, 4, number % 4)
    elif name == "late_run":
        runback.log_run("long", 40, 5, 1, date=max(START, day - dt.timedelta(days=number)))
    elif name == "cross":
        runback.log_cross_training("bike", 30, 4, number)
    elif name == "delete":
        sessions = runback.log.sessions
        if sessions:
            runback.delete_session(sessions[number % len(sessions)].id)
    elif name == "sleep":
        runback.log_sleep(number / 2)
    elif name == "readiness":
        runback.log_readiness(list(ReadinessTest)[number % 4], number % 2 == 0, number)
    elif name == "cadence":
        runback.set_cadence_baseline(150 + number)
    elif name == "stage":
        runback.set_stage(Stage(1 + number % 5), "Physio's call")
    elif name == "plan":
        runback.change_plan("walk_run.level", 1 + number % 8, "Placed", Actor.PHYSIO)


@settings(max_examples=80, deadline=None)
@given(actions)
@example([("next_day", 2), ("check_in", 1), ("run", 1), ("late_check_in", 1),
          ("late_run", 2), ("tick", 0), ("late_check_in", 2)])
def test_the_log_kept_in_memory_is_the_log_on_disk(steps):
    clock = [START]
    runback = Runback.in_memory(clock=lambda: dt.datetime.combine(clock[0], dt.time(9)))
    runback.setup("patellofemoral_pain", "left", 3, True)
    for name, number in steps:
        with contextlib.suppress(InvalidInput):  # a refused action changes nothing
            act(runback, clock, name, number)
        assert runback.log == runback.store.load()
        assert runback.decisions() == Runback(runback.store, clock=runback.clock).decisions()
        assert_reads_as_afresh(runback, clock[0])


def assert_reads_as_afresh(runback: Runback, today: dt.date) -> None:
    """The spliced log's lookups and views answer as those of the file read afresh."""
    afresh = Runback(runback.store, clock=runback.clock)
    log, read = runback.log, afresh.log
    for kind in SessionKind:
        assert log.sessions_of(kind) == read.sessions_of(kind)
    last_id = max((s.id for s in read.sessions), default=0)
    for session_id in range(1, last_id + 2):  # deleted sessions are gone from the lookup too
        assert log.session(session_id) == read.session(session_id)
    for offset in range((today - START).days + 2):
        day = START + dt.timedelta(days=offset)
        assert log.pain_on(day) == read.pain_on(day)
        assert log.last_check_in_before(day) == read.last_check_in_before(day)
    assert runback.today_view() == afresh.today_view()
    assert runback.suggestion() == afresh.suggestion()
    assert runback.recent_weeks() == afresh.weekly_rows()[-RECENT_WEEKS:]
    assert runback.strength_session() == afresh.strength_session()
    assert runback.next_quality_session() == afresh.next_quality_session()
    assert runback.suggested_cross_training() == afresh.suggested_cross_training()
