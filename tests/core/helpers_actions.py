"""Random runner actions for the property tests of what is kept between actions (weekly
rows, chart series): every kind of entry, back-dated too, deletions, ticks, cadence
baselines, plan changes, stage moves and suggestions, new days; and the loop that does
them one by one, checking what a window reads after each."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from core.errors import InvalidInput
from core.model import Activity, RunType, Stage
from core.runback import Runback
from tests.core.helpers_metrics import DAY, MONDAY

PAIN = st.integers(0, 2) | st.integers(0, 10)  # often within the threshold, so it counts
CADENCE = st.none() | st.sampled_from([160, 168, 175])


def actions(day_number: SearchStrategy[int], changes: dict[str, list]) -> SearchStrategy:
    """One action as a tuple, its name first; an entry's date is ``day_number``, the days
    since the programme's start (today, if later); a plan change one of ``changes``."""
    return st.one_of(
        st.tuples(st.just("check in"), PAIN, day_number),
        st.tuples(st.just("walk-run"), st.integers(1, 8), st.sampled_from([1, 2, 3, 5]),
                  st.sampled_from([0.0, 1.0, 2.0, 4.0]), PAIN, st.integers(1, 8), day_number,
                  st.none() | st.integers(1, 6), CADENCE),
        st.tuples(st.just("run"), st.sampled_from(list(RunType)), st.floats(5, 90), PAIN,
                  st.integers(1, 9), day_number, st.none() | st.floats(1, 20), CADENCE),
        st.tuples(st.just("cross-train"), st.sampled_from(list(Activity)), st.floats(5, 90),
                  st.integers(1, 9), PAIN, day_number),
        st.tuples(st.just("mobility"), st.floats(5, 60), day_number),
        st.tuples(st.just("delete"), st.integers(0, 1000)),
        st.tuples(st.just("tick"), st.integers(0, 20), st.none() | PAIN, day_number),
        st.tuples(st.just("untick"), st.integers(0, 20), day_number),
        st.tuples(st.just("baseline"), st.sampled_from([150, 155, 160]), day_number),
        st.tuples(st.just("plan"), st.sampled_from(sorted(changes)), st.integers(0, 2)),
        st.tuples(st.just("stage"), st.sampled_from(list(Stage))),
        st.tuples(st.just("suggestion"), st.booleans()),
        st.tuples(st.just("new day"), st.integers(1, 10)),
    )


def steps(day_number: SearchStrategy[int], changes: dict[str, list]) -> SearchStrategy:
    """Up to 40 steps, each an action (``actions``) and whether a window then reads what
    is kept (mostly, so each action is checked alone; not always: several actions may
    pass between two reads)."""
    return st.lists(st.tuples(actions(day_number, changes),
                              st.sampled_from([True, True, True, False])), max_size=40)


def act_and_check(runback: Runback, drawn: list[tuple[tuple, bool]],
                  changes: dict[str, list], check: Callable[[Runback], None]) -> None:
    """``check`` what ``runback`` keeps, then do each of the steps ``drawn`` (from
    ``steps``; an action refused is skipped), checking after those that look, and once
    more at the end."""
    check(runback)
    for action, look in drawn:
        with contextlib.suppress(InvalidInput):  # refused: a second walk–run that day…
            act(runback, action, changes)
        if look:
            check(runback)
    check(runback)


def act(runback: Runback, action: tuple, changes: dict[str, list]) -> None:
    """Do ``action`` (drawn from ``actions``) through the facade; it may refuse it with
    ``InvalidInput`` (a second walk–run that day, the stage it is already in …)."""
    name, *values = action
    today = runback.today

    def dated(number: int) -> dt.date:
        return min(today, MONDAY + number * DAY)

    if name == "check in":
        pain, number = values
        runback.check_in(pain, date=dated(number), replace=True)
    elif name == "walk-run":
        rounds, run, walk, pain, effort, number, level, cadence = values
        runback.log_walk_run(rounds, run, walk, pain, effort, level=level, cadence=cadence,
                             date=dated(number))
    elif name == "run":
        run_type, minutes, pain, effort, number, distance, cadence = values
        runback.log_run(run_type, minutes, effort, pain, distance_km=distance,
                        cadence=cadence, date=dated(number))
    elif name == "cross-train":
        activity, minutes, effort, pain, number = values
        runback.log_cross_training(activity, minutes, effort, pain, date=dated(number))
    elif name == "mobility":
        minutes, number = values
        runback.log_mobility(minutes, date=dated(number))
    elif name == "delete":
        (index,) = values
        sessions = runback.log.sessions
        if sessions:
            runback.delete_session(sessions[index % len(sessions)].id)
    elif name in ("tick", "untick"):
        index, *rest = values
        day = dated(rest[-1])
        exercises = runback.plan.on(day).exercises
        key = exercises[index % len(exercises)].key
        if name == "tick":
            runback.tick_exercise(key, rest[0], date=day)
        else:
            runback.untick_exercise(key, date=day)
    elif name == "baseline":
        steps, number = values
        runback.set_cadence_baseline(steps, date=dated(number))
    elif name == "plan":
        key, choice = values
        options = changes[key]
        runback.change_plan(key, options[choice % len(options)], "physio's review")
    elif name == "stage":
        (stage,) = values
        runback.set_stage(stage, "physio's assessment")
    elif name == "suggestion":
        (accept,) = values
        if runback.suggestion() is not None:
            if accept:
                runback.accept_suggestion()
            else:
                runback.decline_suggestion(reason="not yet")
    elif name == "new day":
        (days,) = values
        runback.clock.set(today + days * DAY)  # type: ignore[attr-defined]
