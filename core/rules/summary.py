"""The weekly summary a physio reads: one row per ISO week of the programme."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.model import Log, Session, SessionKind, Stage
from core.rules.metrics import (
    WEEK,
    AdherenceWeek,
    LoadWeek,
    _first_load_day,  # where load_weeks starts the ratio's minimum history
    adherence_weeks,
    load_weeks,
    monday,
    prescribed_walk_runs,
)
from core.rules.plan import Plan
from core.rules.protocol import Protocol
from core.rules.stages import periods, stage_on
from core.rules.walkrun import baseline_pain

ONE_DAY = dt.timedelta(days=1)
SIX_DAYS = dt.timedelta(days=6)


@dataclass(frozen=True)
class WeekRow:
    week: dt.date  # Monday
    stage: Stage | None
    levels: tuple[int, ...]
    sessions: int
    running_sessions: int
    run_minutes: float
    walk_minutes: float
    pain_during_max: int | None
    pain_during_mean: float | None
    next_morning_worse: int
    daily_pain_mean: float | None
    adherence: AdherenceWeek
    load: LoadWeek

    @property
    def run_walk_ratio(self) -> float | None:
        return self.run_minutes / self.walk_minutes if self.walk_minutes else None


def programme_span(log: Log, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The Mondays of the programme's first week and of this one (or of the last entry's,
    if later); None before anything is entered."""
    dates = [d for d in (log.profile.start_date if log.profile else None,
                         log.check_ins[0].date if log.check_ins else None,
                         log.sessions[0].date if log.sessions else None) if d]
    if not dates:
        return None
    return monday(min(dates)), monday(max(today, _last_entry(log) or today))


def programme_weeks(log: Log, today: dt.date, last: int | None = None) -> list[dt.date]:
    """Mondays from the programme's first week to this one (only the ``last`` few, if
    given: their cost does not grow with the history)."""
    span = programme_span(log, today)
    if span is None or (last is not None and last <= 0):
        return []
    week, final = span
    if last is not None:
        week = max(week, final - (last - 1) * WEEK)
    weeks = []
    while week <= final:
        weeks.append(week)
        week += WEEK
    return weeks


def _last_entry(log: Log) -> dt.date | None:
    dates = [x[-1].date for x in (log.check_ins, log.sessions) if x]
    return max(dates) if dates else None


def next_morning_worse(log: Log, session: Session, protocol: Protocol) -> bool | None:
    """Whether the morning after was worse than the morning before (None: not known)."""
    after = log.pain_on(session.date + ONE_DAY)
    before = baseline_pain(log, session, protocol)
    if after is None or before is None:
        return None
    return after > before


def weekly_rows(log: Log, plan: Plan, today: dt.date, last: int | None = None
                ) -> list[WeekRow]:
    """One row per ISO week of the programme (only the ``last`` few weeks, if given)."""
    return rows_of_weeks(log, plan, today, programme_weeks(log, today, last))


def rows_of_weeks(log: Log, plan: Plan, today: dt.date, weeks: list[dt.date]
                  ) -> list[WeekRow]:
    """The rows of ``weeks`` (consecutive Mondays of the programme): each the same as in
    ``weekly_rows`` of every week, read only from the entries these weeks look at."""
    if not weeks:
        return []
    stage_periods = periods(log)
    adherence = adherence_weeks(log, plan, stage_periods, weeks)
    loads = load_weeks(log, plan, weeks, today)
    sessions: dict[dt.date, list[Session]] = {w: [] for w in weeks}
    pains: dict[dt.date, list[int]] = {w: [] for w in weeks}
    last_day = weeks[-1] + SIX_DAYS
    for session in log.sessions.between(weeks[0], last_day):
        sessions[monday(session.date)].append(session)
    for check_in in log.check_ins.between(weeks[0], last_day):
        pains[monday(check_in.date)].append(check_in.pain)
    rows = []
    # Ten years are ~500 weeks and ~5,000 sessions: each session is read once, each of its
    # properties once (sums stay sums of the same numbers in the same order).
    for index, week in enumerate(weeks):
        levels: set[int] = set()
        during: list[int] = []
        run_minutes: list[float] = []
        walk_minutes: list[float] = []
        running = worse = 0
        for session in sessions[week]:
            if session.level:
                levels.add(session.level)
            if session.pain_during is not None:
                during.append(session.pain_during)
            run_minutes.append(session.total_run_minutes)
            walk_minutes.append(session.total_walk_minutes)
            if session.is_running:
                running += 1
                worse += bool(next_morning_worse(log, session, plan.on(session.date)))
        rows.append(WeekRow(
            week=week,
            stage=stage_on(stage_periods, min(week + SIX_DAYS, today)),
            levels=tuple(sorted(levels)),
            sessions=len(sessions[week]),
            running_sessions=running,
            run_minutes=sum(run_minutes),
            walk_minutes=sum(walk_minutes),
            pain_during_max=max(during) if during else None,
            pain_during_mean=_mean(during) if during else None,
            next_morning_worse=worse,
            daily_pain_mean=_mean(pains[week]) if pains[week] else None,
            adherence=adherence[index],
            load=loads[index],
        ))
    return rows


def _mean(pains: list[int]) -> float:
    """The mean of whole-number pains: exact as ``statistics.fmean``, whose module (with
    decimal and fractions) took ~5 ms of loading a runner's file."""
    return sum(pains) / len(pains)


class KeptWeeks:
    """Every week's row, kept between actions: after one, only the weeks it can change are
    computed again (at 50 years, ~2,600 weeks took ~100 ms to compute after each entry;
    the export and the charts read them: issue 12's export budget).

    ``changed`` is told what each action wrote; ``rows`` brings the rows up to date with
    the log, the plan and the day. What a change at a date can reach:

    - a session: its week, and the weeks after that look back on it — the two weeks of
      the context rises, the ratio's windows, the run spike's window;
    - a check-in: the week of the run the day before (its next morning) to the runs it is
      the morning before of;
    - a stage event or a plan change: every week from its own on (in force from its date);
    - the profile (the programme's first week): every week;
    - a new day: this week (it ends today) and the weeks since the day before;
    - the walk–runs done as the ladder prescribed (a check-in, a plan change or a stage
      move can change every later decision) and the first day with running load (the
      ratio's minimum history): compared before and after, each difference reaching as a
      session at its date would.
    """

    def __init__(self, last: int | None = None) -> None:
        """``last``: the rows of only the last few weeks (the tabs' ``recent_weeks``: a
        save computes the one or two weeks it changes, not all of them again)."""
        self._last = last
        self._log: Log | None = None  # the log the rows are of, with the changes since
        self._rows: list[WeekRow] = []
        self._today: dt.date | None = None
        self._first_load: dt.date | None = None
        self._prescribed: dict[int, dt.date] = {}  # session id -> its date
        self._sessions: set[dt.date] = set()  # dates changed since the rows were computed
        self._check_ins: set[dt.date] = set()
        self._from: dt.date | None = None  # every week from this day's on changed
        self._all = False

    def forget(self) -> None:
        """Compute every row afresh next time (the log was read again)."""
        self._log, self._rows = None, []

    def changed(self, old: Log, new: Log, touched: list[tuple[str, object]]) -> None:
        """An action turned ``old`` into ``new`` by writing the rows in ``touched``."""
        if self._log is None:
            return
        if self._log is not old:  # a change these rows did not see: start again
            self.forget()
            return
        self._log = new
        for field, key in touched:
            if field == "sessions":
                for log in (old, new):
                    session = log.session(key) if isinstance(key, int) else None
                    if session is not None:
                        self._sessions.add(session.date)
            elif field == "check_ins" and isinstance(key, dt.date):
                self._check_ins.add(key)
            elif field in ("stage_events", "plan_changes"):
                entries = getattr(new, field)
                entry = entries.get(key) or getattr(old, field).get(key)
                if entry is None:
                    self._all = True
                else:
                    self._since(entry.date)
            elif field == "profile":
                self._all = True

    def rows(self, log: Log, plan: Plan, today: dt.date) -> list[WeekRow]:
        """Every week's row of ``log`` under ``plan`` on ``today``.

        Only the rows of the weeks changed are made and put in place: no pass over every
        week (at 50 years, listing the ~2,600 weeks and matching the rows to them took
        ~1 ms of every entry, for the charts and the export)."""
        span = self._span(log, today)
        if (self._log is not log or self._all or span is None or not self._rows
                or self._rows[0].week != span[0]):
            return self._computed(log, plan, today, programme_weeks(log, today, self._last))
        start, final = span
        reach = _reach(plan)
        # The days changed: (first, last), last None for every day from the first on.
        spans: list[tuple[dt.date, dt.date | None]] = [
            (day, day + reach.session) for day in self._sessions]
        spans += [(day - ONE_DAY, day + reach.morning_before) for day in self._check_ins]
        prescribed = _prescribed_dates(log, plan)
        for session_id in prescribed.keys() ^ self._prescribed.keys():
            day = prescribed.get(session_id) or self._prescribed[session_id]
            spans.append((day, day + reach.session))
        first_load = _first_load_day(log)
        if first_load != self._first_load:
            known = [day for day in (first_load, self._first_load) if day is not None]
            until = max(known) + reach.ratio_history if len(known) == 2 else None
            spans.append((min(known), until))
        changed_from = self._from
        if today != self._today:
            changed_from = min(day for day in (changed_from, today, self._today) if day)
        if changed_from is not None:
            spans.append((changed_from, None))
        if self._rows[-1].week < final:
            spans.append((self._rows[-1].week + WEEK, None))
        if not spans:
            self._mark_computed(log, today, prescribed, first_load)
            return self._rows
        first = monday(min(day for day, _ in spans))
        ends = [end for _, end in spans if end is not None]
        last = monday(max(ends)) if len(ends) == len(spans) else final
        # The rows are of consecutive weeks from ``start``: the changed ones, by index.
        count = (final - start).days // 7 + 1
        low = max(0, (first - start).days // 7)
        high = max(low, min(count, (last - start).days // 7 + 1))
        fresh = rows_of_weeks(log, plan, today, [start + i * WEEK for i in range(low, high)])
        rows = self._rows[:low] + fresh + self._rows[high:count]
        if len(rows) != count:  # a week kept that was never computed
            return self._computed(log, plan, today, programme_weeks(log, today, self._last))
        self._rows = rows
        self._mark_computed(log, today, prescribed, first_load)
        return self._rows

    def _span(self, log: Log, today: dt.date) -> tuple[dt.date, dt.date] | None:
        """The first and last Mondays of the rows kept (``programme_span``, or its last
        weeks)."""
        span = programme_span(log, today)
        if span is None or self._last is None:
            return span
        if self._last <= 0:
            return None
        start, final = span
        return max(start, final - (self._last - 1) * WEEK), final

    def _since(self, day: dt.date) -> None:
        self._from = day if self._from is None else min(self._from, day)

    def _computed(self, log: Log, plan: Plan, today: dt.date, weeks: list[dt.date]
                  ) -> list[WeekRow]:
        self._rows = rows_of_weeks(log, plan, today, weeks)
        self._mark_computed(log, today, _prescribed_dates(log, plan), _first_load_day(log))
        return self._rows

    def _mark_computed(self, log: Log, today: dt.date, prescribed: dict[int, dt.date],
                       first_load: dt.date | None) -> None:
        self._log, self._today = log, today
        self._prescribed, self._first_load = prescribed, first_load
        self._sessions, self._check_ins = set(), set()
        self._from, self._all = None, False


@dataclass(frozen=True)
class _Reach:
    """How many days after it a change's date can show in a week's row, under any of a
    plan's protocols."""

    session: dt.timedelta  # a session's load, length and ladder verdict
    morning_before: dt.timedelta  # a check-in as the morning before a run
    ratio_history: dt.timedelta  # the first day with running load: the ratio's history


def _reach(plan: Plan) -> _Reach:
    protocols = [plan.base, *(plan.on(day) for day in plan.change_dates)]
    return _Reach(
        session=dt.timedelta(days=max(
            max(p.load.chronic_days, p.load.acute_days, p.load.spike_window_days, 2 * 7)
            for p in protocols)),
        morning_before=dt.timedelta(days=max(p.pain.morning_before_max_days
                                             for p in protocols)),
        ratio_history=dt.timedelta(days=max(p.load.ratio_min_history_days
                                            for p in protocols)))


def _prescribed_dates(log: Log, plan: Plan) -> dict[int, dt.date]:
    """The walk–runs done as the ladder prescribed (metrics.prescribed_walk_runs), dated."""
    if not log.sessions_of(SessionKind.WALK_RUN):
        return {}
    return {session_id: log.sessions.get(session_id).date  # type: ignore[union-attr]
            for session_id in prescribed_walk_runs(log, plan)}

