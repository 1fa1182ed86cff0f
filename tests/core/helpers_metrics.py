"""Shared helpers for the core tests: a settable clock, runners placed in a stage, and
plain model values for the metrics functions."""

from __future__ import annotations

import datetime as dt
import itertools

from core.model import ExerciseTick, Log, RunType, Session, SessionKind, Stage
from core.rules import protocol as protocol_module
from core.rules.plan import Plan
from core.runback import Runback

MONDAY = dt.date(2024, 1, 1)  # an ISO week starts on this day
DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(weeks=1)

_ids = itertools.count(1)


class Clock:
    """A clock the test moves by hand; the facade reads it for 'today'."""

    def __init__(self, day: dt.date):
        self.set(day)

    def set(self, day: dt.date) -> None:
        self.now = dt.datetime.combine(day, dt.time(8, 0)).astimezone()

    def __call__(self) -> dt.datetime:
        return self.now

    @property
    def today(self) -> dt.date:
        return self.now.date()


def runner(stage: Stage | int = Stage.STRENGTH, start: dt.date = MONDAY,
           today: dt.date | None = None) -> tuple[Runback, Clock]:
    """A set-up in-memory runner in ``stage`` from ``start``, with the clock at ``today``.

    Setup checks in pain 1 on ``start``; stage 1 is reached through setup (pain 4), the
    others by the physio setting them on ``start``.
    """
    clock = Clock(start)
    rb = Runback.in_memory(clock=clock)
    stage = Stage(stage)
    if stage is Stage.CALM:
        rb.setup("patellofemoral_pain", "left", 4, True)
    else:
        rb.setup("patellofemoral_pain", "left", 1, True)
        if stage is not Stage.STRENGTH:
            rb.set_stage(stage, "Physio's assessment")
    assert rb.stage is stage
    clock.set(today or start)
    return rb, clock


def default_plan() -> Plan:
    return Plan(protocol_module.default())


def run(day: dt.date, minutes: float, effort: int | None, pain: int = 1,
        run_type: RunType = RunType.EASY) -> Session:
    return Session(next(_ids), day, SessionKind.RUN, minutes=minutes, effort=effort,
                   pain_during=pain, run_type=run_type)


def walk_run(day: dt.date, run_minutes: float, walk_minutes: float, rounds: int,
             effort: int | None) -> Session:
    return Session(next(_ids), day, SessionKind.WALK_RUN,
                   minutes=rounds * (run_minutes + walk_minutes), effort=effort, pain_during=1,
                   level=1, run_minutes=run_minutes, walk_minutes=walk_minutes, rounds=rounds)


def strength(day: dt.date, complete: bool = True) -> Session:
    """A strength session of two exercises; incomplete means the second is not ticked."""
    exercises = (ExerciseTick("glute_bridge", "Glute bridge", 3, 12, None, True),
                 ExerciseTick("plank", "Plank", 3, None, 30, complete))
    return Session(next(_ids), day, SessionKind.STRENGTH, exercises=exercises)


def log_of(*sessions: Session) -> Log:
    return Log(sessions=tuple(sorted(sessions, key=lambda s: (s.date, s.id))))


def loads_by_week(on: dt.date, weekly: tuple[float, ...]) -> dict[dt.date, float]:
    """Daily loads giving these 7-day block totals, oldest first, the last block ending on
    ``on``; each block's load sits on its first day, so four blocks make 28 days of history."""
    loads = {}
    for back, load in enumerate(reversed(weekly)):
        loads[on - dt.timedelta(days=7 * back + 6)] = load
    return loads
