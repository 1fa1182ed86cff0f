"""What a runner's file shows: the log, the plan in force, and the views built from them.

``Runback`` (core/runback.py) adds the actions that change the file. Views are computed
once per state of the log and day, because several windows read the same ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import InvalidInput
from core.file.row_checks import broken_plan, plan_problems
from core.file.store import Store
from core.model import (
    Discharge,
    Log,
    PlanChange,
    Profile,
    Questionnaire,
    ReadinessTest,
    RunType,
    Session,
    SessionKind,
    Stage,
    StageEvent,
)
from core.rules import metrics, stages, surgery
from core.rules import protocol as protocol_module
from core.rules.plan import Plan
from core.rules.protocol import Protocol
from core.rules.reach import RECENT_WEEKS, reach
from core.rules.summary import KeptWeeks, WeekRow
from core.rules.today import (
    Today,
    WalkRunToday,
    build,
    cross_training_minutes,
    next_quality_session,
    runs_not_in_plan,
    walk_run_today,
)
from core.rules.walkrun import (
    Decision,
    LadderState,
    WalkRunPlan,
    ladder_of,
    prescribe,
    replay,
)

if TYPE_CHECKING:
    from core import reminders
    from core.outcomes import History, Instrument, InstrumentKey, SetDue
    from core.rules.series import Charts, KeptCharts


def system_clock() -> dt.datetime:
    return dt.datetime.now().astimezone()


class RunnerView:
    """Read-only access to one runner's programme."""

    def __init__(self, store: Store, base: Protocol | None = None,
                 clock: Callable[[], dt.datetime] = system_clock):
        self.store = store
        self.base = base or protocol_module.default()
        self.clock = clock
        self._log: Log | None = None
        self._first: RunnerView | None = None  # Today from a bounded read, until all is read
        self._derived: tuple[Plan, LadderState] | None = None
        # The plan in force, kept while its changes are the same: made again, its
        # protocols are built and checked again (~0.4 ms of a check-in at 50 years).
        self._plan: Plan | None = None
        self._views: dict[tuple[str, dt.date], object] = {}  # views of the current log
        self._weeks = KeptWeeks()  # every week's row, kept between actions
        self._recent = KeptWeeks(RECENT_WEEKS)  # the last weeks' rows, kept alike
        self._charts: KeptCharts | None = None  # the charts' series, kept alike

    def close(self) -> None:
        self.store.close()

    @property
    def path(self) -> Path | None:
        """The runner's file (None for a file in memory)."""
        return self.store.path

    def start_reading(self) -> None:
        """Read what the first view needs now (a bounded read: core/rules/reach.py), and
        begin reading the rest in slices (``read_more``). Until it is all read, Today and
        the window's frame come from the first view, which equals them; anything else
        that reads the log, and every action, first finishes the read."""
        if self._log is not None or self._first is not None:
            return
        today = self.today
        log = self.store.load_first(lambda small: reach(small, Plan(self.base,
                                                                    small.plan_changes), today))
        first = RunnerView(self.store, self.base, self.clock)
        first._log = self._checked(log)
        self._first = first
        self.store.start_reading()

    def read_more(self, seconds: float) -> bool:
        """Read on for about ``seconds``; True once the whole file is read.

        :raises RunbackError: damage found in the rows read (naming the row).
        """
        if self._log is None and self.store.read_more(seconds):
            self.log  # noqa: B018 - takes what was read
        return self._log is not None

    @property
    def all_read(self) -> bool:
        """Whether the whole file is in memory (not only what the first view needs)."""
        return self._log is not None

    def _shown(self) -> RunnerView:
        """The view Today is drawn from: the whole log, or the first view until then."""
        return self._first if self._log is None and self._first is not None else self

    def read_all(self) -> None:
        """Read the whole file now: damage deep in it raises here (a ``RunbackError``
        naming the row), not in the middle of a redraw."""
        self.log  # noqa: B018 - reading it is the point

    # --- state ---------------------------------------------------------------------------

    @property
    def today(self) -> dt.date:
        return self.clock().date()

    def _now(self) -> str:
        """The save time: UTC, so entries sort in the order they were made even across the
        repeated hour at the end of summer time."""
        return self.clock().astimezone(dt.UTC).isoformat(timespec="milliseconds")

    @property
    def log(self) -> Log:
        if self._log is None:
            self._log = self._checked(self.store.load())
            self._first = None
        return self._log

    def _checked(self, log: Log) -> Log:
        """``log``, once its plan changes are known to be valid: a plan value another
        program changed must fail here, with the row named, not later in a redraw."""
        problems = plan_problems(self.base, log.plan_changes)
        if problems:
            raise broken_plan(self.store.path, *problems[0])
        return log

    def _derive(self) -> tuple[Plan, LadderState]:
        if self._derived is None:
            plan = self._plan or Plan(self.base, self.log.plan_changes)
            self._plan = plan
            self._derived = (plan, ladder_of(self.log, plan))
        return self._derived

    @property
    def plan(self) -> Plan:
        return self._derive()[0]

    @property
    def protocol(self) -> Protocol:
        """The protocol in force today, with this runner's changes."""
        return self.plan.on(self.today)

    @property
    def ladder(self) -> LadderState:
        return self._derive()[1]

    @property
    def needs_setup(self) -> bool:
        return self.profile is None

    @property
    def profile(self) -> Profile | None:
        """The runner's profile (None before the first-run setup)."""
        return self._shown().log.profile

    @property
    def stage(self) -> Stage | None:
        return stages.current_stage(self._shown().log)

    def decisions(self) -> tuple[Decision, ...]:
        """Every walk–run decision, oldest first."""
        return self.ladder.decisions

    def latest_decisions(self) -> list[Decision]:
        """Every walk–run decision, newest first (the tables' order)."""
        return sorted(self.decisions(), key=lambda d: (d.date, d.session_id), reverse=True)

    def stage_since(self) -> dt.date | None:
        """The day the runner entered the current stage (None before the setup)."""
        found = stages.periods(self.log)
        return found[-1].start if found else None

    def stage_history(self) -> list[StageEvent]:
        """Every stage event (start, suggestion, move, decline), newest first."""
        return sorted(self.log.stage_events, key=lambda e: (e.date, e.id), reverse=True)

    def plan_history(self) -> list[PlanChange]:
        """Every change of this runner's plan, newest first."""
        return sorted(self.log.plan_changes, key=lambda c: (c.date, c.id), reverse=True)

    def latest_sessions(self, kinds: tuple[SessionKind, ...], limit: int) -> list[Session]:
        """The ``limit`` latest sessions of ``kinds``, newest first: read from the end of
        each kind, not a walk over every session."""
        return self.log.sessions.latest(kinds, limit)[::-1]

    def suggestion(self) -> stages.Suggestion | None:
        return self._view("suggestion", lambda: stages.suggest(self.log, self.plan, self.ladder,
                                                               self.today))

    def today_view(self) -> Today:
        stage = self.require_stage()
        return self._view("today", lambda: build(self.log, self.plan, self.ladder, stage,
                                                 self.suggestion(), self.today))

    def weekly_rows(self) -> list[WeekRow]:
        """Every week of the programme (for the export and the charts): kept between
        actions, only the weeks an action can change computed again."""
        return self._view("weeks", lambda: self._weeks.rows(self.log, self.plan, self.today))

    def recent_weeks(self) -> list[WeekRow]:
        """The last eight weeks, for the tabs: cheap however long the history, and after
        an action only the weeks it changed are computed again."""
        return self._view("recent weeks", lambda: self._recent.rows(self.log, self.plan,
                                                                    self.today))

    def charts(self) -> Charts:
        """The data of the five progress charts: kept between actions, only the points of
        the entries an action wrote put again."""
        if self._charts is None:
            from core.rules.series import KeptCharts  # only the Progress tab needs it

            self._charts = KeptCharts()
        charts = self._charts
        return self._view("charts", lambda: charts.charts(self.log, self.plan,
                                                          self.weekly_rows(), self.today))

    def _view(self, name: str, make: Callable[[], object]):
        """A view computed once per state of the log and day (views are read by many tabs)."""
        key = (name, self.today)
        if key not in self._views:
            self._views[key] = make()
        return self._views[key]

    def walk_run_plan(self) -> WalkRunPlan:
        """Today's ladder level, or a rest day, with the reason."""
        return prescribe(self.ladder, self.protocol, self.today)

    def walk_run_today(self) -> WalkRunToday:
        """The walk–run to do today (for the watch), or why there is none. Read from what
        the first view holds (Today can offer it before the rest of the file is read)."""
        shown = self._shown()
        return shown._view("walk-run today", lambda: walk_run_today(
            shown.log, shown.ladder, None if shown.needs_setup else shown.stage,
            shown.protocol, shown.today))

    def prescribed_on(self, day: dt.date) -> WalkRunPlan:
        """What the ladder prescribed on ``day``: the ladder as it stood that morning, under
        the plan in force then (a backfilled session is judged against it)."""
        walk_runs = self.log.sessions_of(SessionKind.WALK_RUN)
        if not walk_runs.since(day) and not any(c.date > day for c in self.plan.level_sets):
            # Nothing logged or placed after that day: the ladder as it is.
            return prescribe(self.ladder, self.plan.on(day), day)
        return prescribe(replay(self.log, self.plan, before=day), self.plan.on(day), day)

    def walk_run_warning(self, level: int | None, date: dt.date | None = None) -> str | None:
        """What the walk–run form says before saving, if the session would move nothing."""
        day = self.today if date is None else date
        stage = stages.stage_on(stages.periods(self.log), day)
        if stage is not None and stage < Stage.RETURN_TO_RUN:
            return runs_not_in_plan(stage)
        if self.log.sessions_of(SessionKind.WALK_RUN).between(day, day):
            return (f"A walk–run is already logged on {day.isoformat()}; only one a day "
                    f"counts.")
        plan = self.prescribed_on(day)
        if plan.stop or plan.check_in_first:
            return plan.reason
        if level is not None and level != plan.level:
            where = "above" if level > plan.level else "below"
            return (f"Level {level} is {where} the prescribed level {plan.level}: the session "
                    f"will be kept but count for nothing. The ladder moves only by the rules "
                    f"or your physio.")
        return None

    def suggested_cross_training(self) -> tuple[int, str]:
        """Minutes of cross-training to suggest today, and why."""
        return cross_training_minutes(self.log, self.protocol)

    def next_quality_session(self) -> RunType | None:
        """The next run type to bring back in stage 5 (None: all are back)."""
        return next_quality_session(self.log, self.protocol, stages.evidence_since(self.log))

    def readiness(self) -> dict[ReadinessTest, bool | None]:
        """Each readiness check: passed, failed last time, or not tried. In stage 3 only
        attempts since entering it count (as for the move to stage 4); elsewhere the latest
        attempt ever is shown."""
        since = stages.evidence_since(self.log) if self.stage is Stage.MECHANICS else None
        return stages.readiness_status(self.log, since, self.protocol.pain.threshold)

    def surgery_criteria(self) -> tuple[surgery.Criterion, ...]:
        """After knee surgery, the return-to-run criteria (Rambaud 2018), each met, not yet
        or not measured; none for another knee problem. As for the readiness checks, in
        stage 3 only assessments since entering it count; elsewhere the latest ever."""
        if not surgery.after_surgery(self.log):
            return ()
        since = stages.evidence_since(self.log) if self.stage is Stage.MECHANICS else None
        return self._view("surgery criteria", lambda: surgery.criteria(
            self.log, self.protocol, since, self.today))

    def cadence_band(self) -> tuple[int, tuple[float, float]] | None:
        """The latest baseline cadence and its target band, if a baseline is recorded."""
        baseline = metrics.cadence_baseline_on(self.log, self.today)
        if baseline is None:
            return None
        return baseline, metrics.cadence_band(baseline, self.protocol)

    def session_on(self, kind: SessionKind, day: dt.date) -> Session | None:
        """The latest session of ``kind`` logged on ``day``, if any: the one a log form
        shows for that day, and a save replaces once the runner says so."""
        same_day = self.log.sessions_of(kind).between(day, day)
        return max(same_day, key=lambda s: (s.recorded_at, s.id)) if same_day else None

    def strength_session(self, date: dt.date | None = None) -> Session | None:
        day = self.today if date is None else date
        return next(iter(self.log.sessions_of(SessionKind.STRENGTH).between(day, day)), None)

    def reminder_facts(self) -> reminders.Facts:
        """Today's check-in and strength session, for the reminders (core/reminders.py):
        read from what the first view holds, as Today is."""
        from core import reminders
        from core.rules.today import strength_due

        shown = self._shown()
        stage = None if shown.needs_setup else shown.stage
        if stage is None:
            return reminders.Facts(set_up=False, checked_in=False, strength_due=None)
        today = shown.today
        return reminders.Facts(
            set_up=True, checked_in=shown.log.check_ins.get(today) is not None,
            strength_due=(strength_due(shown.log, shown.protocol, today)
                          if stage >= Stage.STRENGTH else None),
            finished=shown.discharged() is not None)

    # --- outcome questionnaires (core/outcomes) ------------------------------------------

    def instruments_used(self) -> tuple[Instrument, ...]:
        """The questionnaires the physio uses with this runner, in the instruments' order
        (all four until the physio chooses; none before the setup)."""
        from core.outcomes import INSTRUMENTS

        profile = self.profile
        if profile is None:
            return ()
        used = INSTRUMENTS.keys() if profile.instruments is None else profile.instruments
        return tuple(each for key, each in INSTRUMENTS.items() if key in used)

    def questionnaire_on(self, instrument: InstrumentKey | str, day: dt.date
                         ) -> Questionnaire | None:
        """The questionnaire of ``instrument`` taken on ``day``, if any (one a day)."""
        from core.outcomes import instrument as find

        key = find(instrument).key
        return next((q for q in self._shown().log.questionnaires.between(day, day)
                     if q.instrument == key), None)

    def outcome_histories(self) -> tuple[History, ...]:
        """Each instrument's questionnaires with their scores and their change from the
        first score: the instruments used, then any other taken, in the instruments' order.
        """
        from core.outcomes import histories

        shown = self._shown()
        return shown._view("outcome histories", lambda: histories(
            shown.log.questionnaires, (each.key for each in shown.instruments_used())))

    def outcome_history(self, instrument: InstrumentKey | str) -> History:
        """One instrument's questionnaires, scores and changes (empty if never taken)."""
        from core.outcomes import history
        from core.outcomes import instrument as find

        of = find(instrument)
        found = next((each for each in self.outcome_histories() if each.instrument is of),
                     None)
        return found or history(of, ())

    def questionnaires_due(self) -> SetDue | None:
        """The questionnaires due today and why (at setup, after a stage change, every
        ``outcomes.every_weeks`` weeks, at discharge), or None; none before the setup. Read
        from what the first view holds (Today can show it before the rest of the file is
        read)."""
        from core.outcomes import set_due

        shown = self._shown()
        profile = shown.log.profile
        if profile is None:
            return None
        discharge = shown.discharged()
        return shown._view("questionnaires due", lambda: set_due(
            profile.start_date, shown.log.stage_events, shown.log.questionnaires,
            (each.key for each in shown.instruments_used()),
            shown.protocol.outcomes.every_weeks, shown.today,
            None if discharge is None else discharge.date))

    # --- the discharge (core/runback.py: discharge, reopen) ------------------------------

    def discharged(self) -> Discharge | None:
        """The physio's discharge in force (the programme finished on its date), or None:
        not discharged, or re-opened since. Read from what the first view holds."""
        return next((each for each in reversed(self._shown().log.discharges)
                     if each.in_force), None)

    def discharge_history(self) -> list[Discharge]:
        """Every discharge, re-opened ones too, newest first."""
        return sorted(self.log.discharges, key=lambda d: (d.date, d.id), reverse=True)

    def refresh(self) -> None:
        """Forget computed views (a new day, or the file changed outside this object)."""
        self._invalidate()

    def require_profile(self) -> Profile:
        """The profile, which every action after the first-run setup needs."""
        profile = self.log.profile
        if profile is None:
            raise InvalidInput("setup", "Finish the first-run setup before logging.")
        return profile

    def require_stage(self) -> Stage:
        """The current stage: set at the first-run setup, so known from then on."""
        self.require_profile()
        stage = self.stage
        if stage is None:
            raise InvalidInput("setup", "This file has no stage yet; finish the first-run "
                                        "setup.")
        return stage

    def _invalidate(self) -> None:
        self.store.stop_reading()
        self._first = None
        self._log = None
        self._derived = self._plan = None
        self._views.clear()
        self._weeks.forget()
        self._recent.forget()
        self._charts = None
