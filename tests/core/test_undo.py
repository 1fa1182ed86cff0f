"""Undo and redo round-trip every action: done, undone, the file holds exactly what it held
before; redone, exactly what it held after the action. The decisions recompute with it."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Callable

import pytest
from hypothesis import strategies as st

from core.changes import Area, Changes
from core.errors import InvalidInput
from core.model import Actor, KneeProblem, ReadinessTest, Stage
from core.rules.plan import LEVEL_KEY
from core.runback import Runback
from tests.conftest import START, Clock
from tests.core import watch_samples as samples
from tests.core.helpers_actions import act, actions
from tests.properties import short_and_long

DAY = dt.timedelta(days=1)


def dump(path) -> dict[str, list[tuple]]:
    """Every table's rows, read from the file by a connection of its own."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {table: conn.execute(f'SELECT rowid, * FROM "{table}" ORDER BY rowid').fetchall()
                for table in tables}
    finally:
        conn.close()


def as_from_scratch(runback: Runback) -> None:
    """The log kept in memory equals the file read afresh: the same decisions, Today."""
    fresh = Runback(runback.store, clock=runback.clock)
    assert runback.log == fresh.log
    assert runback.decisions() == fresh.decisions()
    assert runback.today_card() == fresh.today_card()


def in_stage(tmp_path, stage: Stage, problem: KneeProblem = KneeProblem.PATELLOFEMORAL
             ) -> tuple[Runback, Clock]:
    clock = Clock(START)
    runback = Runback.create(tmp_path / "runner.db", clock=clock)
    surgery = START - 100 * DAY if problem is KneeProblem.AFTER_SURGERY else None
    runback.setup(problem, "left", current_pain=1, can_walk_30_min=True,
                  surgery_date=surgery)
    if runback.stage is not stage:
        runback.set_stage(stage, "Physio's assessment")
    return runback, clock


def walk_run(runback: Runback, pain: int = 1) -> Changes:
    return runback.log_walk_run(8, 1, 2, pain, 4)


def suggested(tmp_path) -> tuple[Runback, Clock]:
    """A runner in stage 1 to whom the rules suggest stage 2 (3 calm days)."""
    clock = Clock(START)
    runback = Runback.create(tmp_path / "runner.db", clock=clock)
    runback.setup("patellofemoral_pain", "left", current_pain=4, can_walk_30_min=False)
    for _ in range(3):
        clock.advance()
        runback.check_in(1)
    assert runback.suggestion() is not None
    return runback, clock


def imported(runback: Runback, tmp_path) -> object:
    from core.exchange.watch import WatchFiles

    start = dt.datetime.combine(runback.today, dt.time(7, 0), dt.UTC)
    path = tmp_path / "walk-run.fit"
    path.write_bytes(samples.fit_activity(start, samples.walk_run(8, 60, 120)))
    with WatchFiles([path], dt.datetime(2030, 1, 1, tzinfo=dt.UTC)) as found:
        (read,) = list(found)
    proposal = runback.import_proposal(read.activity)
    return dataclasses.replace(proposal, pain_during=1, effort=4)


Prepare = Callable[[object], tuple[Runback, Clock]]
Action = Callable[[Runback], object]


def journal_entry(runback: Runback, title: str):
    return next(entry for day in runback.journal() for entry in day.entries
                if entry.title == title)


def first_exercise(runback: Runback) -> str:
    return runback.plan.on(runback.today).exercises[0].key


def ticked_two(runback: Runback) -> None:
    for exercise in runback.plan.on(runback.today).exercises[:2]:
        runback.tick_exercise(exercise.key)


def discharged(runback: Runback) -> Changes:
    return runback.discharge(note="Back to running")


def with_questionnaire(runback: Runback) -> None:
    from core.outcomes import AKPS

    runback.take_questionnaire("akps", {item.key: item.answers[0].points
                                        for item in AKPS.items})


def akps_answers() -> dict[str, int]:
    from core.outcomes import AKPS

    return {item.key: item.answers[-1].points for item in AKPS.items}


# Each action a runner or a physio can take: how to get a runner ready for it, and it.
ACTIONS: dict[str, tuple[Callable[[Runback], object] | None, Stage, Action]] = {
    "check-in": (None, Stage.STRENGTH, lambda rb: rb.check_in(2, "Fine", date=START + DAY)),
    "check-in replaced": (None, Stage.STRENGTH,
                          lambda rb: rb.check_in(3, "Sore after Sunday", replace=True)),
    "tick, the session made": (None, Stage.STRENGTH,
                               lambda rb: rb.tick_exercise(first_exercise(rb), pain=1)),
    "tick of a second exercise": (lambda rb: rb.tick_exercise(first_exercise(rb)),
                                  Stage.STRENGTH, lambda rb: rb.tick_exercise(
                                      rb.plan.on(rb.today).exercises[1].key)),
    "untick": (ticked_two, Stage.STRENGTH, lambda rb: rb.untick_exercise(first_exercise(rb))),
    "untick of the last, the session removed": (
        lambda rb: rb.tick_exercise(first_exercise(rb)), Stage.STRENGTH,
        lambda rb: rb.untick_exercise(first_exercise(rb))),
    "walk-run": (None, Stage.RETURN_TO_RUN, walk_run),
    "walk-run replaced": (walk_run, Stage.RETURN_TO_RUN,
                          lambda rb: rb.log_walk_run(8, 1, 2, 4, 5, replace=True)),
    "run": (None, Stage.PERFORMANCE, lambda rb: rb.log_run("easy", 30, 4, 1, distance_km=5)),
    "cross-training": (None, Stage.CALM, lambda rb: rb.log_cross_training("bike", 30, 4, 1)),
    "mobility": (None, Stage.PERFORMANCE, lambda rb: rb.log_mobility(15)),
    "deletion of a walk-run": (walk_run, Stage.RETURN_TO_RUN,
                               lambda rb: rb.delete_session(rb.log.sessions[-1].id)),
    "deletion of a strength session": (ticked_two, Stage.STRENGTH,
                                       lambda rb: rb.delete_session(rb.log.sessions[-1].id)),
    "readiness": (None, Stage.MECHANICS,
                  lambda rb: rb.log_readiness(ReadinessTest.BRISK_WALK, True, 0)),
    "surgery check": (None, Stage.MECHANICS, lambda rb: rb.log_surgery_check(
        full_extension=True, flexion_percent=96, effusion="none", pain=1)),
    "sleep": (None, Stage.PERFORMANCE, lambda rb: rb.log_sleep(7.5)),
    "sleep again": (lambda rb: rb.log_sleep(6), Stage.PERFORMANCE, lambda rb: rb.log_sleep(8)),
    "cadence baseline": (None, Stage.MECHANICS, lambda rb: rb.set_cadence_baseline(160)),
    "plan change": (None, Stage.RETURN_TO_RUN,
                    lambda rb: rb.change_plan("pain.threshold", 3, "physio's review")),
    "plan changes": (None, Stage.RETURN_TO_RUN, lambda rb: rb.change_plans(
        {"pain.threshold": 1, LEVEL_KEY: 3}, "physio's review")),
    "stage set": (None, Stage.RETURN_TO_RUN,
                  lambda rb: rb.set_stage(Stage.PERFORMANCE, "pain-free")),
    "stage set back from 5": (None, Stage.PERFORMANCE,
                              lambda rb: rb.set_stage(Stage.RETURN_TO_RUN, "flare")),
    "suggestion accepted": ("suggested", Stage.CALM, lambda rb: rb.accept_suggestion()),
    "suggestion declined": ("suggested", Stage.CALM,
                            lambda rb: rb.decline_suggestion(Actor.PHYSIO, "wait a week")),
    "questionnaire": (None, Stage.STRENGTH,
                      lambda rb: rb.take_questionnaire("akps", akps_answers())),
    "questionnaire replaced": (with_questionnaire, Stage.STRENGTH, lambda rb: (
        rb.take_questionnaire("akps", akps_answers(), "again", replace=True))),
    "questionnaire deleted": (with_questionnaire, Stage.STRENGTH, lambda rb: (
        rb.delete_questionnaire(rb.log.questionnaires[-1].id))),
    "instruments": (None, Stage.STRENGTH, lambda rb: rb.set_instruments(["akps", "psfs"])),
    "discharge": (None, Stage.PERFORMANCE, discharged),
    "re-open": (discharged, Stage.PERFORMANCE, lambda rb: rb.reopen()),
    "session corrected in the journal": (walk_run, Stage.RETURN_TO_RUN, lambda rb: (
        rb.edit_session(rb.log.sessions[-1].id, 3, 5, "harder than it felt"))),
    "check-in deleted in the journal": (None, Stage.STRENGTH,
                                        lambda rb: rb.delete_entry(journal_entry(rb, "Check-in"))),
    "sleep deleted in the journal": (lambda rb: rb.log_sleep(6), Stage.PERFORMANCE,
                                     lambda rb: rb.delete_entry(journal_entry(rb, "Sleep"))),
    "readiness deleted in the journal": (
        lambda rb: rb.log_readiness(ReadinessTest.JOG_ON_SPOT, True, 1), Stage.MECHANICS,
        lambda rb: rb.delete_entry(journal_entry(rb, "Readiness"))),
    "import": ("import", Stage.RETURN_TO_RUN, None),
    "pain added to an import": ("import saved", Stage.RETURN_TO_RUN, None),
}


def _call(method: str, *args, **kwargs) -> Action:
    return lambda runback: getattr(runback, method)(*args, **kwargs)


@pytest.mark.parametrize("name", list(ACTIONS))
def test_undo_puts_the_file_back_and_redo_does_it_again(tmp_path, name):
    prepare, stage, action = ACTIONS[name]
    problem = (KneeProblem.AFTER_SURGERY if name == "surgery check"
               else KneeProblem.PATELLOFEMORAL)
    if prepare == "suggested":
        runback, clock = suggested(tmp_path)
    else:
        runback, clock = in_stage(tmp_path, stage, problem)
        clock.advance(2)
    if prepare in ("import", "import saved"):
        proposal = imported(runback, tmp_path)
        if prepare == "import saved":
            saved = runback.save_import(dataclasses.replace(proposal, pain_during=None))
            session_id = runback.log.sessions[-1].id
            assert saved.step is not None
            action = _call("add_pain_during", session_id, 2, effort=4)
        else:
            action = _call("save_import", proposal)
    elif callable(prepare):
        prepare(runback)
    try:
        before = dump(runback.path)
        changes = action(runback)
        after = dump(runback.path)
        assert after != before
        step = changes.step
        assert step is not None and step.name
        decisions = runback.decisions()
        undone = runback.undo(step)
        assert dump(runback.path) == before
        assert undone.areas == changes.areas
        as_from_scratch(runback)
        runback.redo(step)
        assert dump(runback.path) == after
        assert runback.decisions() == decisions
        as_from_scratch(runback)
    finally:
        runback.close()


@pytest.fixture
def runner(tmp_path):
    """A runner in stage 4, two days on."""
    runback, clock = in_stage(tmp_path, Stage.RETURN_TO_RUN)
    clock.advance(2)
    yield runback, clock
    runback.close()


def test_each_step_says_what_it_was(runner):
    runback, clock = runner
    assert runback.check_in(3, "Sore").step.name == f"check-in of {clock.day}"
    assert runback.log_walk_run(8, 1, 2, 1, 4).step.name == f"walk–run of {clock.day}"
    session = runback.log.sessions[-1].id
    assert (runback.delete_session(session).step.name
            == f"deletion of the walk–run of {clock.day}")
    tick = runback.tick_exercise(first_exercise(runback))
    assert tick.step.name.startswith("tick of Glute bridge on ")
    assert (runback.change_plan("pain.threshold", 3, "review").step.name
            == "plan change: Pain threshold (progress at or below)")
    assert runback.set_stage(Stage.PERFORMANCE, "ready").step.name == "stage set to 5"


def test_a_step_changed_since_is_not_undone_and_nothing_changes(runner):
    runback, _ = runner
    first = runback.check_in(2, date=START + DAY).step
    runback.check_in(5, date=START + DAY, replace=True)
    before = dump(runback.path)
    with pytest.raises(InvalidInput, match="cannot be undone"):
        runback.undo(first)
    assert dump(runback.path) == before


def test_a_check_in_is_never_overwritten_silently(runner):
    runback, _ = runner
    runback.check_in(3, "Sore after Sunday", date=START + DAY)
    with pytest.raises(InvalidInput, match=r"Replace 3/10 'Sore after Sunday' with "
                                           r"2/10\?") as refused:
        runback.check_in(2, date=START + DAY)
    assert refused.value.field == "replace"
    assert runback.log.check_ins.get(START + DAY).pain == 3
    runback.check_in(3, "Sore after Sunday", date=START + DAY)  # the same: no question
    runback.check_in(2, date=START + DAY, replace=True)
    assert runback.log.check_ins.get(START + DAY).pain == 2


def test_several_steps_joined_are_undone_as_one(runner):
    runback, _ = runner
    before = dump(runback.path)
    with runback.recording() as steps:
        runback.check_in(2, date=START + DAY)
        runback.check_in(4, date=START + DAY, replace=True)
        runback.log_sleep(7)
    step = runback.joined(steps)
    assert step is not None and Area.SLEEP in step.areas
    after = dump(runback.path)
    runback.undo(step)
    assert dump(runback.path) == before
    runback.redo(step)
    assert dump(runback.path) == after


# Settings a physio may change in the random actions (tests/core/helpers_actions.py).
CHANGES = {"pain.threshold": [1, 2, 3], "strength.sessions_per_week": [1, 3],
           LEVEL_KEY: [1, 2, 4]}
DAY_NUMBER = st.integers(0, 40)


@short_and_long(100, st.sampled_from([Stage.RETURN_TO_RUN, Stage.PERFORMANCE,
                                      Stage.STRENGTH]),
                st.lists(actions(DAY_NUMBER, CHANGES), max_size=25))
def test_any_actions_undone_newest_first_give_back_each_state(tmp_path_factory, stage,
                                                              steps):
    from tests.core.helpers_metrics import MONDAY
    from tests.core.helpers_metrics import Clock as Moved

    clock = Moved(MONDAY)
    runback = Runback.create(tmp_path_factory.mktemp("undo") / "runner.db", clock=clock)
    try:
        runback.setup("patellofemoral_pain", "left", 1, True)
        if stage is not Stage.STRENGTH:
            runback.set_stage(stage, "Physio's assessment")
        clock.set(MONDAY + 20 * DAY)
        states = [dump(runback.path)]
        done = []
        for action in steps:
            with runback.recording() as recorded, contextlib.suppress(InvalidInput):
                act(runback, action, CHANGES)
            step = runback.joined(recorded)
            if step is not None:
                done.append(step)
                states.append(dump(runback.path))
        for step, state in zip(reversed(done), reversed(states[:-1]), strict=True):
            runback.undo(step)
            assert dump(runback.path) == state
        as_from_scratch(runback)
        for step, state in zip(done, states[1:], strict=True):
            runback.redo(step)
            assert dump(runback.path) == state
        as_from_scratch(runback)
    finally:
        runback.close()


def test_a_second_walk_run_that_day_asks_and_replaces_the_first_in_its_place(runner):
    runback, clock = runner
    walk_run(runback)
    first = runback.log.sessions[-1]
    with pytest.raises(InvalidInput) as refused:
        runback.log_walk_run(8, 1, 2, 4, 5)
    assert str(refused.value) == (
        f"A walk–run is already logged on {clock.day} (level 1: 8 × 1 min run / 2 min walk, "
        f"pain during 1/10, effort 4/10); only one a day counts. Replace it with this one "
        f"(level 1: 8 × 1 min run / 2 min walk, pain during 4/10, effort 5/10)?")
    assert refused.value.field == "replace"
    runback.log_walk_run(8, 1, 2, 4, 5, replace=True)
    (replaced,) = runback.log.sessions_of(first.kind)
    assert (replaced.id, replaced.pain_during, replaced.effort) == (first.id, 4, 5)
