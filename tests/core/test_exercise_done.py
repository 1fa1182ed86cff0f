"""Strength work records what was done: sets × reps (or hold) and a load per exercise,
kept in the runner's file, the start of the next session, and each exercise's progression
for the physio."""

from __future__ import annotations

import sqlite3

import pytest

from core.errors import BrokenRow, InvalidInput
from core.model import SessionKind, Variant
from core.rules.exercise_progress import last_done, progressions
from core.runback import Runback
from tests.conftest import Clock


def strength(runback: Runback):
    return runback.log.sessions_of(SessionKind.STRENGTH)


def test_what_was_done_is_kept_in_the_file_and_an_untick_forgets_it(runner_file, clock):
    path = runner_file.path
    runner_file.tick_exercise("glute_bridge", 1, sets=3, reps=15, load_kg=12.5)
    runner_file.tick_exercise("plank", hold_seconds=45)
    runner_file.tick_exercise("step_up")  # as the dose says
    runner_file.close()
    again = Runback.open(path, clock=clock)
    try:
        done = {e.key: e for e in again.strength_session().exercises}
        assert done["glute_bridge"].done_text == "3 × 15 at 12.5 kg"
        assert done["glute_bridge"].pain == 1
        assert done["plank"].done_text == "3 × 45 s hold"
        assert done["step_up"].done_text == "3 × 10" and done["step_up"].done_sets is None
        again.tick_exercise("glute_bridge", 1, sets=2, reps=15)  # corrected: no load
        again.untick_exercise("plank")
        done = {e.key: e for e in again.strength_session().exercises}
        assert done["glute_bridge"].done_text == "2 × 15"
        assert not done["plank"].ticked and done["plank"].done_hold_seconds is None
    finally:
        again.close()


@pytest.mark.parametrize("key, done, field", [
    pytest.param("plank", {"reps": 10}, "reps", id="reps for a hold"),
    pytest.param("glute_bridge", {"hold_seconds": 30}, "hold_seconds", id="a hold for reps"),
    pytest.param("glute_bridge", {"sets": 0}, "sets", id="no sets"),
    pytest.param("glute_bridge", {"reps": 2.5}, "reps", id="a fraction of a rep"),
    pytest.param("glute_bridge", {"load_kg": -5}, "load", id="a negative load"),
    pytest.param("glute_bridge", {"load_kg": 900}, "load", id="a load beyond 500 kg"),
    pytest.param("glute_bridge", {"weight": 5}, "weight", id="an unknown value"),
])
def test_what_cannot_have_been_done_is_refused_and_nothing_saved(runner_file, key, done,
                                                                  field):
    with pytest.raises(InvalidInput) as refused:
        runner_file.tick_exercise(key, **done)
    assert refused.value.field == field
    assert runner_file.strength_session() is None


def test_the_next_session_starts_from_last_time(runner_file, clock):
    first = clock.day
    runner_file.tick_exercise("glute_bridge", sets=3, reps=12, load_kg=10)
    clock.advance(3)
    runner_file.tick_exercise("glute_bridge", sets=3, reps=12, load_kg=15)
    runner_file.tick_exercise("plank")
    clock.advance(3)
    latest = last_done(strength(runner_file), "glute_bridge", clock.day)
    assert (latest.date, latest.text) == (first + (clock.day - first) / 2, "3 × 12 at 15 kg")
    earlier = last_done(strength(runner_file), "glute_bridge", latest.date)
    assert earlier.text == "3 × 12 at 10 kg"
    assert last_done(strength(runner_file), "plank", clock.day).text == "3 × 30 s hold"
    assert last_done(strength(runner_file), "dead_bug", clock.day) is None
    assert last_done(strength(runner_file), "glute_bridge", first) is None


def test_each_exercise_progression_in_order_with_its_change(runner_file, clock):
    for reps, load in ((10, None), (12, 5.0), (12, 7.5)):
        runner_file.tick_exercise("glute_bridge", sets=3, reps=reps, load_kg=load)
        runner_file.tick_exercise("plank", hold_seconds=20 + reps)
        clock.advance(3)
    programme = runner_file.protocol.stored("strength.exercises")
    programme[0]["variant"] = "harder"
    runner_file.change_plan("strength.exercises", programme, "Single leg now")
    runner_file.tick_exercise("glute_bridge", sets=3, reps=8)
    shown = {p.key: p for p in progressions(strength(runner_file))}
    assert list(shown) == ["glute_bridge", "plank"]
    bridge = shown["glute_bridge"]
    assert [d.text for d in bridge.done] == ["3 × 10", "3 × 12 at 5 kg", "3 × 12 at 7.5 kg",
                                             "3 × 8"]
    assert bridge.done[-1].variant is Variant.HARDER
    assert bridge.change == "reps 10 → 8, standard → harder form"
    assert shown["plank"].change == "hold 30 s → 32 s"
    assert [d.volume for d in shown["plank"].done] == [90, 96, 96]


def test_a_done_value_counted_unlike_the_dose_is_named_when_the_file_is_read(tmp_path):
    path = tmp_path / "runner.db"
    runback = Runback.create(path, clock=Clock())
    runback.setup("patellofemoral_pain", "left", current_pain=1, can_walk_30_min=True)
    runback.tick_exercise("plank", hold_seconds=40)
    runback.close()
    conn = sqlite3.connect(path)  # another program, as DATA.md allows
    conn.execute("UPDATE exercise_ticks SET done_reps = 12 WHERE exercise_key = 'plank'")
    conn.commit()
    conn.close()
    again = Runback.open(path, clock=Clock())
    try:
        with pytest.raises(BrokenRow) as caught:
            again.log  # noqa: B018 - reading it is what fails
    finally:
        again.close()
    assert (caught.value.table, caught.value.column) == ("exercise_ticks", "done_reps")
    assert "counted in seconds held" in str(caught.value)
