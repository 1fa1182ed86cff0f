"""Reminders: due at the chosen time, once a day per kind, only for what is not done yet."""

import datetime as dt

import pytest

from core.model import Stage
from core.reminders import Facts, Kind, ReminderSettings, due, waiting
from core.runback import Runback
from tests.conftest import START, Clock

ON = ReminderSettings(enabled=True, time=dt.time(8, 0), strength=True)
OWED = Facts(set_up=True, checked_in=False, strength_due=None)
STRENGTH = "Strength session due: 0 of 2 done this week."
DAY = dt.date(2026, 3, 3)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


@pytest.mark.parametrize(("settings", "now", "facts", "fired", "kinds"), [
    pytest.param(ON, at(7, 59), OWED, {}, None, id="a minute before the time: nothing"),
    pytest.param(ON, at(8, 0), OWED, {}, (Kind.CHECK_IN,), id="at the time: check in"),
    pytest.param(ON, at(21, 30), OWED, {}, (Kind.CHECK_IN,),
                 id="opened late: still owed, still reminded"),
    pytest.param(ReminderSettings(), at(9), OWED, {}, None, id="off by default: nothing"),
    pytest.param(ON, at(9), Facts(True, True, None), {}, None,
                 id="checked in already: nothing"),
    pytest.param(ON, at(9), OWED, {Kind.CHECK_IN: DAY}, None, id="fired today: not again"),
    pytest.param(ON, at(9), OWED, {Kind.CHECK_IN: DAY - dt.timedelta(days=1)},
                 (Kind.CHECK_IN,), id="fired yesterday: again today"),
    pytest.param(ON, at(9), Facts(True, True, STRENGTH), {}, (Kind.STRENGTH,),
                 id="strength due, checked in: strength only"),
    pytest.param(ON, at(9), Facts(True, False, STRENGTH), {}, (Kind.CHECK_IN, Kind.STRENGTH),
                 id="both due: one message for both"),
    pytest.param(ON, at(9), Facts(True, False, STRENGTH), {Kind.CHECK_IN: DAY},
                 (Kind.STRENGTH,), id="check-in fired, strength not yet: strength"),
    pytest.param(ReminderSettings(True, dt.time(8), strength=False), at(9),
                 Facts(True, True, STRENGTH), {}, None, id="strength days off: nothing"),
    pytest.param(ON, at(9), Facts(False, False, None), {}, None,
                 id="before the first-run setup: nothing"),
    pytest.param(ON, at(9), Facts(True, False, STRENGTH, finished=True), {}, None,
                 id="discharged: nothing"),
])
def test_due(settings, now, facts, fired, kinds):
    reminder = due(settings, now, facts, fired)
    assert (None if reminder is None else reminder.kinds) == kinds


def test_the_words_say_what_is_due():
    check_in = due(ON, at(9), OWED, {})
    assert check_in is not None and "Check in" in check_in.text
    both = due(ON, at(9), Facts(True, False, STRENGTH), {})
    assert both is not None and "Check in" in both.text and STRENGTH in both.text
    strength = due(ON, at(9), Facts(True, True, STRENGTH), {})
    assert strength is not None and strength.text == STRENGTH
    assert "strength" in strength.title


def test_nothing_waits_once_every_kind_fired_today():
    fired = {Kind.CHECK_IN: DAY, Kind.STRENGTH: DAY}
    assert not waiting(ON, at(9), fired)
    assert waiting(ON, at(9), {Kind.CHECK_IN: DAY})  # strength may still be due
    assert not waiting(ReminderSettings(True, dt.time(8), False), at(9), {Kind.CHECK_IN: DAY})


def test_facts_from_the_runners_file():
    clock = Clock(START)
    runback = Runback.in_memory(clock=clock)
    assert not runback.reminder_facts().set_up
    runback.setup("patellofemoral_pain", "left", current_pain=4, can_walk_30_min=False,
                  goal="Run 10 km")
    assert runback.reminder_facts().checked_in  # the setup's pain is today's check-in
    clock.advance()
    assert runback.reminder_facts() == Facts(True, False, None)  # stage 1: no strength
    runback.set_stage(Stage.STRENGTH, "Test: physio placed the runner.")
    facts = runback.reminder_facts()
    assert facts.strength_due is not None and "0 of 2" in facts.strength_due
    for exercise in runback.protocol.strength.exercises:
        runback.tick_exercise(exercise.key)
    runback.check_in(1)
    assert runback.reminder_facts() == Facts(True, True, None)  # done today
    runback.discharge(note="Done.")
    assert runback.reminder_facts().finished
