"""A run, cross-training or mobility session on a day that has one of its kind (issue 15):
added beside it by default (several a day are fine); a form correcting the day's session
says replace=False, and core refuses with the question naming the old and new values;
replace=True puts the new one in its place, its number kept, one step to undo."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import InvalidInput
from core.model import SessionKind, Stage
from tests.core.test_undo import dump, in_stage

LOGS = {
    "run": (SessionKind.RUN,
            lambda rb, **how: rb.log_run("easy", 30, 4, 2, notes="Flat", **how),
            lambda rb, **how: rb.log_run("long", 50, 5, 1, **how),
            "A run is already logged on {day} (easy run, 30 min, pain during 2/10, effort "
            "4/10, “Flat”). Replace it with this one (long run, 50 min, pain during 1/10, "
            "effort 5/10)?"),
    "cross-training": (SessionKind.CROSS_TRAINING,
                       lambda rb, **how: rb.log_cross_training("bike", 20, 3, 1, **how),
                       lambda rb, **how: rb.log_cross_training("swim", 30, 3, 0, **how),
                       "A cross-training session is already logged on {day} (bike, 20 min, "
                       "pain during 1/10, effort 3/10). Replace it with this one (swim, 30 "
                       "min, pain during 0/10, effort 3/10)?"),
    "mobility": (SessionKind.MOBILITY,
                 lambda rb, **how: rb.log_mobility(10, "Hips", **how),
                 lambda rb, **how: rb.log_mobility(15, **how),
                 "A mobility session is already logged on {day} (10 min, “Hips”). Replace "
                 "it with this one (15 min)?"),
}

STEP_WORDS = {SessionKind.RUN: "run", SessionKind.CROSS_TRAINING: "cross-training",
              SessionKind.MOBILITY: "mobility session"}  # Edit → Undo "change to the run of …"


@pytest.fixture
def runner(tmp_path):
    """A runner in stage 5, two days on."""
    runback, clock = in_stage(tmp_path, Stage.PERFORMANCE)
    clock.advance(2)
    yield runback, clock
    runback.close()


@pytest.mark.parametrize("kind, first, second, question", LOGS.values(), ids=LOGS.keys())
def test_a_second_session_that_day_is_added_unless_a_form_asks(runner, kind, first, second,
                                                               question):
    runback, clock = runner
    first(runback)
    before = dump(runback.path)
    with pytest.raises(InvalidInput) as refused:
        second(runback, replace=False)
    assert refused.value.field == "replace"
    assert str(refused.value) == question.format(day=clock.day)
    assert dump(runback.path) == before  # nothing saved

    second(runback)  # by default beside it: two that day
    assert len(runback.log.sessions_of(kind)) == 2
    assert runback.session_on(kind, clock.day) == runback.log.sessions_of(kind)[-1]


@pytest.mark.parametrize("kind, first, second, question", LOGS.values(), ids=LOGS.keys())
def test_replace_puts_the_new_session_in_the_old_ones_place_and_undoes(runner, kind, first,
                                                                        second, question):
    runback, clock = runner
    first(runback)
    (stored,) = runback.log.sessions_of(kind)
    before = dump(runback.path)
    step = second(runback, replace=True).step
    (replaced,) = runback.log.sessions_of(kind)
    assert replaced.id == stored.id
    assert replaced != stored
    assert step.name == f"change to the {STEP_WORDS[kind]} of {clock.day}"
    after = dump(runback.path)
    runback.undo(step)
    assert dump(runback.path) == before
    runback.redo(step)
    assert dump(runback.path) == after


def test_replace_on_a_day_without_one_adds_it(runner):
    runback, clock = runner
    runback.log_run("easy", 30, 4, 2, replace=True)
    runback.log_run("easy", 30, 4, 2, date=clock.day - dt.timedelta(days=1), replace=False)
    assert len(runback.log.sessions_of(SessionKind.RUN)) == 2
