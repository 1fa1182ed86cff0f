"""Shared builders for the walk–run and stage-move tests.

Two ways to build a runner's history:

- through the ``Runback`` facade with a movable clock (a real in-memory SQLite store,
  exactly what the app writes), for rule tests;
- as plain ``Log`` / ``Session`` values, for pure-function and property tests of
  ``core.rules.walkrun``.
"""

from __future__ import annotations

import datetime as dt

from core.model import CheckIn, Log, Session, SessionKind, Stage, WalkRunEntry
from core.rules import protocol as protocol_module
from core.rules.plan import Plan
from core.rules.protocol import Protocol
from core.rules.walkrun import prescribe
from core.runback import Runback

START = dt.date(2024, 3, 4)  # a Monday, so ISO weeks start on START + 7 * n
ONE_DAY = dt.timedelta(days=1)


def day(offset: int) -> dt.date:
    """The date ``offset`` days after the programme start."""
    return START + dt.timedelta(days=offset)


def default_protocol() -> Protocol:
    return protocol_module.default()


class Clock:
    """A clock the test moves forward; the facade refuses dates after it."""

    def __init__(self, today: dt.date):
        self.today = today

    def __call__(self) -> dt.datetime:
        return dt.datetime.combine(self.today, dt.time(12, 0), tzinfo=dt.UTC)

    def to(self, today: dt.date) -> None:
        if today < self.today:
            raise ValueError(f"the test clock only moves forward ({self.today} -> {today})")
        self.today = today


class Runner:
    """A ``Runback`` on an in-memory store, plus its clock and date-first shortcuts."""

    def __init__(self, start_pain: int = 0, can_walk_30_min: bool = True,
                 stage: Stage | None = None):
        self.clock = Clock(START)
        self.app = Runback.in_memory(clock=self.clock)
        self.app.setup("patellofemoral_pain", "left", start_pain, can_walk_30_min)
        if stage is not None and self.app.stage is not stage:
            self.app.set_stage(stage, "Test starts in this stage.")

    def on(self, offset: int) -> Runback:
        """The facade with its clock moved on to ``day(offset)`` (entries for earlier days,
        logged late, leave the clock where it is)."""
        self.clock.to(max(self.clock.today, day(offset)))
        return self.app

    def check_in(self, offset: int, pain: int, **more):
        # A later entry for the day replaces the one stored (asked first in the window).
        return self.on(offset).check_in(pain, date=day(offset), **{"replace": True, **more})

    def place(self, offset: int, level: int):
        """The physio places the runner on a ladder level (the only way, besides the
        engine's decisions, that the ladder moves)."""
        return self.on(offset).change_plan("walk_run.level", level, "Test starts here.")

    def walk_run(self, offset: int, pain: int = 0, level: int | None = None,
                 complete: bool = True, limp: bool = False, swelling: bool = False,
                 effort: int = 4):
        """Log a walk–run at the prescribed level (or ``level``), as planned unless not
        ``complete`` (then one round short)."""
        app = self.on(offset)
        protocol = app.plan.on(day(offset))
        chosen = level if level is not None else prescribe(app.ladder, protocol, day(offset)).level
        planned = protocol.level(chosen)
        rounds = planned.rounds if complete or planned.rounds == 1 else planned.rounds - 1
        run_minutes = planned.run_minutes if complete or planned.rounds > 1 else (
            planned.run_minutes - 5)
        return app.log_walk_run(WalkRunEntry(rounds, run_minutes, planned.walk_minutes, pain,
                                             effort, limp=limp, swelling=swelling, level=chosen,
                                             date=day(offset)))

    def strength_session(self, offset: int, pain: int | None = None, skip: int = 0):
        """Tick the day's exercises (all but the last ``skip``), each with ``pain``."""
        app = self.on(offset)
        keys = [e.key for e in app.plan.on(day(offset)).exercises]
        for key in keys[:len(keys) - skip]:
            app.tick_exercise(key, pain=pain, date=day(offset))

    @property
    def decisions(self):
        return self.app.decisions()

    @property
    def last_decision(self):
        return self.app.decisions()[-1]


# --- plain values, for the pure functions ----------------------------------------------


def walk_run_session(session_id: int, when: dt.date, level: int | None = 1, pain: int = 0,
                     complete: bool = True, limp: bool = False, swelling: bool = False,
                     protocol: Protocol | None = None) -> Session:
    """A walk–run session as the store returns it: planned intervals of ``level``."""
    protocol = protocol or default_protocol()
    planned = protocol.level(level or 1)
    rounds = planned.rounds if complete else max(0, planned.rounds - 1)
    run_minutes = planned.run_minutes if complete or planned.rounds > 1 else (
        planned.run_minutes / 2)
    return Session(id=session_id, date=when, kind=SessionKind.WALK_RUN,
                   minutes=rounds * (run_minutes + planned.walk_minutes), effort=4,
                   pain_during=pain, level=level, planned_run_minutes=planned.run_minutes,
                   planned_walk_minutes=planned.walk_minutes, planned_rounds=planned.rounds,
                   run_minutes=run_minutes, walk_minutes=planned.walk_minutes, rounds=rounds,
                   limp=limp, swelling=swelling)


def make_log(sessions: list[Session] | tuple[Session, ...],
             pains: dict[dt.date, int]) -> Log:
    """A log as the store loads it: check-ins and sessions sorted by date."""
    return Log(check_ins=tuple(CheckIn(d, p) for d, p in sorted(pains.items())),
               sessions=tuple(sorted(sessions, key=lambda s: (s.date, s.id))))


def default_plan() -> Plan:
    return Plan(default_protocol())
