"""The first view: Today drawn from a bounded read of the file (core/rules/reach.py) is
Today drawn from the whole file, on every day of the demo, on long histories, and after
random sequences of every action; the rest of the file read in slices is the whole file;
an action taken during that read lands on the whole log; damage past the first view is
still found, by the read in slices, with the row named."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

import pytest
from hypothesis import strategies as st

from core.errors import BrokenRow
from core.exchange.demo import create_demo
from core.file.store import Store
from core.model import ReadinessTest, Stage
from core.rules.reach import LOOKBACK_DAYS
from core.runback import Runback
from tests.core.helpers_engine import START, Clock, Runner
from tests.core.test_ladder_properties import act
from tests.core.test_ladder_properties import actions as ladder_actions
from tests.properties import short_and_long

DEMO_END = dt.date(2026, 6, 28)


def first_and_whole(store: Store, day: dt.date) -> tuple[tuple, tuple]:
    """Today on ``day`` from the first view (before the rest is read), and from the whole
    file, over the same store: its card, and the walk–run Today offers to the watch."""
    first = Runback(store, clock=Clock(day))
    first.start_reading()
    card, watch = first.today_card(), first.walk_run_today()
    assert not first.all_read  # drawn from the first view, not the whole file
    store.stop_reading()
    whole = Runback(store, clock=Clock(day))
    return (card, watch), (whole.today_card(), whole.walk_run_today())


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    create_demo(path, weeks=16, end=DEMO_END).close()
    return path


def every_day_agrees(path, step: int) -> None:
    store = Store.open(path)
    try:
        day = Runback(store).require_profile().start_date
        while day <= DEMO_END + dt.timedelta(days=LOOKBACK_DAYS + 30):
            first, whole = first_and_whole(store, day)
            assert first == whole, day
            day += dt.timedelta(days=step if day <= DEMO_END else 17)
    finally:
        store.close()


def test_today_from_the_first_view_is_today_from_the_whole_file_on_demo_days(demo_file):
    every_day_agrees(demo_file, 3)


@pytest.mark.slow
def test_today_from_the_first_view_is_today_from_the_whole_file_on_every_day_of_the_demo(
        tmp_path):
    create_demo(tmp_path / "demo.db", end=DEMO_END).close()  # every stage, 26 weeks
    every_day_agrees(tmp_path / "demo.db", 1)


@pytest.mark.parametrize("years", [pytest.param(1.2, id="1.2 years"),
                                   pytest.param(5, id="5 years", marks=pytest.mark.slow)])
def test_a_long_history_reads_a_bounded_part_first(tmp_path, years):
    """Years in stage 5 (the bench's history): the first view reads about the last half
    year and what the rules name, not the years before."""
    from bench import history

    path = tmp_path / "long.db"
    end = dt.date(2026, 11, 20)
    history.generate(path, years, end)
    store = Store.open(path)
    try:
        for day in (end, end + dt.timedelta(days=9), end + dt.timedelta(days=100)):
            first, whole = first_and_whole(store, day)
            assert first == whole, day
        runback = Runback(store, clock=Clock(end))
        runback.start_reading()
        first_log = runback._shown().log
        assert len(first_log.check_ins) < 300 < len(runback.log.check_ins)
    finally:
        store.close()


days_later = st.integers(1, 120)
actions = st.one_of(ladder_actions, st.tuples(st.just("days"), days_later),
                    st.tuples(st.just("cross"), st.integers(0, 6)),
                    st.tuples(st.just("strength"), st.integers(0, 5)),
                    st.tuples(st.just("readiness"), st.integers(0, 4)))


def more_act(runner: Runner, offset: int, action: tuple) -> int:
    if action[0] == "cross":
        runner.on(offset).log_cross_training("bike", 30, 3, action[1])
        return offset
    if action[0] == "strength":
        runner.strength_session(offset, pain=action[1])
        return offset
    if action[0] == "readiness":
        runner.on(offset).log_readiness(ReadinessTest.SINGLE_LEG_SQUAT, True, action[1])
        return offset
    return act(runner, offset, action)


@short_and_long(120, st.sampled_from(list(Stage)), st.lists(actions, min_size=5, max_size=50),
                st.integers(0, 400))
def test_today_from_the_first_view_is_today_from_the_whole_log_whatever_was_done(
        stage, steps, later):
    runner = Runner(stage=stage)
    offset = 0
    for step in steps:
        offset = more_act(runner, offset, step)
    store = runner.app.store
    for day in (runner.clock.today, runner.clock.today + dt.timedelta(days=later)):
        first, whole = first_and_whole(store, day)
        assert first == whole, day


def test_the_rest_read_in_slices_is_the_whole_file(demo_file):
    store = Store.open(demo_file)
    try:
        whole = store.load()
        store.start_reading()
        slices = 1
        while not store.read_more(0.0):  # one batch a call
            slices += 1
        assert store.load() == whole
        assert slices > 3
    finally:
        store.close()


def test_an_action_during_the_read_lands_on_the_whole_log(demo_file, tmp_path):
    path = tmp_path / "runner.db"
    shutil.copy(demo_file, path)
    runback = Runback.open(path, clock=Clock(DEMO_END))
    runback.start_reading()
    before = runback.today_card()
    runback.check_in(2, "Fine after the weekend.", replace=True)  # before the rest is read
    assert runback.all_read
    runback.close()
    again = Runback.open(path, clock=Clock(DEMO_END))
    try:
        assert again.log.check_ins.get(DEMO_END).notes == "Fine after the weekend."
        assert len(again.log.sessions) > 50
        card = again.today_card()
        assert card["check_in"]["pain"] == 2 and before["check_in"]["pain"] != card
    finally:
        again.close()


def test_damage_past_the_first_view_is_found_by_the_read_in_slices(tmp_path):
    path = tmp_path / "runner.db"
    clock = Clock(START)
    runback = Runback.create(path, clock=clock)
    runback.setup("patellofemoral_pain", "left", 2, True)
    runback.check_in(2, "The first morning.", replace=True)
    for days in range(LOOKBACK_DAYS + 60, LOOKBACK_DAYS + 100):  # more than the rules'
        clock.to(START + dt.timedelta(days=days))  # latest check-ins in a row
        runback.check_in(1)
    runback.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE check_ins SET date = '04/03/2024' WHERE date = ?",
                 (START.isoformat(),))
    conn.commit()
    conn.close()
    opened = Runback.open(path, clock=clock)
    try:
        opened.start_reading()  # what Today reads is whole: the window can be drawn
        assert opened.today_card()["check_in"]["pain"] == 1
        with pytest.raises(BrokenRow) as caught:
            while not opened.read_more(0.01):
                pass
        assert caught.value.table == "check_ins" and "ISO form" in str(caught.value)
    finally:
        opened.close()
