"""The data behind each progress chart, as plain date/value lists (no plotting here).

Fifty years are ~20,000 sessions and ~18,000 check-ins: the series are kept between
actions (``KeptCharts``), each action putting again only the points of the entries it
wrote, and the cadence band is worked out only where it can move (a new baseline or plan
change).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from core.model import Log, Session, SessionKind
from core.rules import metrics
from core.rules.plan import Plan
from core.rules.stages import StagePeriod, periods
from core.rules.summary import WeekRow

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Series:
    dates: tuple[dt.date, ...]
    values: tuple[float, ...]

    def __len__(self) -> int:
        return len(self.dates)


def _series(pairs) -> Series:
    dates, values = [], []
    for day, value in pairs:
        dates.append(day)
        values.append(float(value))
    return Series(tuple(dates), tuple(values))


@dataclass(frozen=True)
class PainChart:
    daily: Series  # check-ins (the morning after a run is its next-morning pain)
    during: Series  # pain during each session that recorded it
    next_morning: Series  # the check-in the morning after each running session
    threshold: int  # in force today
    stages: tuple[StagePeriod, ...]
    threshold_steps: Series = Series((), ())  # the threshold as it was on each date: a step line


@dataclass(frozen=True)
class RunWalkChart:
    ratio: Series  # run ÷ walk minutes per walk–run session (continuous runs are left out)
    run_minutes: Series  # total running minutes per running session


@dataclass(frozen=True)
class AdherenceChart:
    done: Series  # completed sessions per ISO week (dated by its Monday)
    planned: Series


@dataclass(frozen=True)
class LoadChart:
    load: Series  # weekly load (dated by the week's Monday)
    ratio: Series  # acute:chronic ratio at each week's end, where known
    caution: float
    high: float
    spikes: Series = Series((), ())  # run spikes (the primary load flag) in each week that has one


@dataclass(frozen=True)
class CadenceChart:
    cadence: Series  # steps per minute per run that recorded it
    band_low: Series  # the target band in force on each run's date
    band_high: Series


@dataclass(frozen=True)
class Charts:
    pain: PainChart
    run_walk: RunWalkChart
    adherence: AdherenceChart
    load: LoadChart
    cadence: CadenceChart


def charts(log: Log, plan: Plan, rows: list[WeekRow], today: dt.date) -> Charts:
    """Everything the progress tab draws, computed from scratch."""
    return KeptCharts().charts(log, plan, rows, today)


class Points:
    """One chart series kept in the order of its keys (a date, or a session's date and
    id), with its dates and values in lists beside: an entry's point is put or taken out
    in place, and the ``Series`` is made again only after a change."""

    def __init__(self, points: Iterable[tuple[object, dt.date, float]] = ()) -> None:
        self.keys: list = []
        self.dates: list[dt.date] = []
        self.values: list[float] = []
        for key, day, value in points:  # in key order
            self.keys.append(key)
            self.dates.append(day)
            self.values.append(value)
        self._series: Series | None = None
        self._start = 0

    def remove(self, key: object) -> None:
        index = bisect.bisect_left(self.keys, key)
        if index < len(self.keys) and self.keys[index] == key:
            del self.keys[index], self.dates[index], self.values[index]
            self._series = None

    def put(self, key: object, day: dt.date, value: float) -> None:
        keys = self.keys
        if not keys or key > keys[-1]:  # after all of them (a build puts them in order)
            keys.append(key)
            self.dates.append(day)
            self.values.append(value)
            self._series = None
            return
        self.remove(key)
        index = bisect.bisect_left(keys, key)
        keys.insert(index, key)
        self.dates.insert(index, day)
        self.values.insert(index, value)
        self._series = None

    def splice(self, low: object, high: object,
               points: Iterable[tuple[object, dt.date, float]]) -> None:
        """The points keyed ``low`` to ``high`` (both included) replaced by ``points``,
        which lie in that range, in key order."""
        start = bisect.bisect_left(self.keys, low)
        end = bisect.bisect_right(self.keys, high)
        keys, dates, values = [], [], []
        for key, day, value in points:
            keys.append(key)
            dates.append(day)
            values.append(value)
        self.keys[start:end], self.dates[start:end], self.values[start:end] = (
            keys, dates, values)
        self._series = None

    def series(self, start: int = 0) -> Series:
        """The points from the ``start``-th on (the same object until they change)."""
        if self._series is None or start != self._start:
            self._series = Series(tuple(self.dates[start:]), tuple(self.values[start:]))
            self._start = start
        return self._series

    def index(self, key: object) -> int:
        """Where a point keyed ``key`` is, or would go."""
        return bisect.bisect_left(self.keys, key)


class KeptCharts:
    """The charts' series, kept between actions: after one, only the points of the
    entries it wrote are put again (at 50 years, a pass over every session and check-in
    took ~30 ms after each entry; issue 12's chart budget).

    ``changed`` is told what each action wrote; ``charts`` brings the series up to date
    with the log and assembles the charts. The series of sessions and check-ins are kept
    point by point; the weekly ones follow the weekly rows, row by row where the rows are
    the same objects as before; the threshold steps, the stage periods and the cadence
    band are read afresh (a handful of plan changes, stage events and baselines).
    """

    def __init__(self) -> None:
        self._latest: Log | None = None  # the log as the actions since the points left it
        # What those actions changed: (Log field, key) -> the entry as the points have it.
        self._pending: dict[tuple[str, object], object] = {}
        self._rows: list[WeekRow] = []  # the weekly rows the weekly points are of
        self.done, self.planned, self.load, self.load_ratio, self.spikes, self.loaded = (
            Points() for _ in range(6))

    def changed(self, old: Log, new: Log, touched: list[tuple[str, object]]) -> None:
        """An action turned ``old`` into ``new`` by writing the rows in ``touched``."""
        if self._latest is not old:  # a change these points did not see: start again
            self._latest = None
            return
        self._latest = new
        for field, key in touched:
            if field in ("sessions", "check_ins") and (field, key) not in self._pending:
                self._pending[field, key] = getattr(old, field).get(key)

    def charts(self, log: Log, plan: Plan, rows: list[WeekRow], today: dt.date) -> Charts:
        """The charts of ``log`` under ``plan`` on ``today``, with its weekly ``rows``."""
        if log is self._latest:
            self._catch_up(log)
        else:  # the first time, or the file read again
            self._build(log)
        self._latest = log
        self._follow_rows(rows)
        first = min((entries[0].date for entries in (log.check_ins, log.sessions) if entries),
                    default=today)
        pain = PainChart(self.daily.series(), self.during.series(),
                         self.next_morning.series(), plan.on(today).pain.threshold,
                         periods(log), threshold_steps(plan, first, today))
        loaded = self.loaded.keys[0] if self.loaded.keys else dt.date.max
        protocol = plan.on(today)
        load = LoadChart(self.load.series(self.load.index(loaded)),
                         self.load_ratio.series(self.load_ratio.index(loaded)),
                         protocol.load.ratio_caution, protocol.load.ratio_high,
                         self.spikes.series(self.spikes.index(loaded)))
        return Charts(pain, RunWalkChart(self.ratio.series(), self.running.series()),
                      AdherenceChart(self.done.series(), self.planned.series()), load,
                      self._cadence(log, plan))

    # --- sessions and check-ins ---------------------------------------------------------

    def _build(self, log: Log) -> None:
        self.daily = Points((c.date, c.date, float(c.pain)) for c in log.check_ins)
        self.during, self.ratio, self.running, self.cadence = (Points() for _ in range(4))
        self.running_days: dict[dt.date, int] = {}
        for session in log.sessions:
            self._put_session(None, session)
        self.next_morning = Points()
        for day in sorted(self.running_days):
            morning = log.pain_on(day + ONE_DAY)
            if morning is not None:
                self.next_morning.put(day + ONE_DAY, day + ONE_DAY, float(morning))
        self._pending.clear()

    def _catch_up(self, log: Log) -> None:
        mornings: set[dt.date] = set()  # next mornings to look at again
        for (field, key), before in self._pending.items():
            if field == "check_ins" and isinstance(key, dt.date):
                check_in = log.check_ins.get(key)
                if check_in is None:
                    self.daily.remove(key)
                else:
                    self.daily.put(key, key, float(check_in.pain))
                mornings.add(key)
            elif isinstance(key, int):  # a session's id
                after = log.session(key)
                self._put_session(before, after)
                mornings.update(s.date + ONE_DAY for s in (before, after)
                                if isinstance(s, Session) and s.is_running)
        self._pending.clear()
        for day in mornings:
            morning = log.pain_on(day)
            if morning is None or not self.running_days.get(day - ONE_DAY):
                self.next_morning.remove(day)
            else:
                self.next_morning.put(day, day, float(morning))

    def _put_session(self, before: object, after: Session | None) -> None:
        """One session's points: those of ``before`` (as it was) out, ``after``'s in."""
        if isinstance(before, Session):
            key = (before.date, before.id)
            for points in (self.during, self.ratio, self.running, self.cadence):
                points.remove(key)
            if before.is_running:
                self.running_days[before.date] -= 1
                if not self.running_days[before.date]:
                    del self.running_days[before.date]
        if after is None:
            return
        key, day = (after.date, after.id), after.date
        if after.pain_during is not None:
            self.during.put(key, day, float(after.pain_during))
        if after.is_running:
            self.running_days[day] = self.running_days.get(day, 0) + 1
            if after.kind is SessionKind.WALK_RUN and after.total_walk_minutes:
                self.ratio.put(key, day, after.total_run_minutes / after.total_walk_minutes)
            self.running.put(key, day, float(after.total_run_minutes))
        if after.cadence is not None:
            self.cadence.put(key, day, float(after.cadence))

    # --- the weekly rows ----------------------------------------------------------------

    def _follow_rows(self, rows: list[WeekRow]) -> None:
        """The weekly points brought up to date with ``rows``: only the rows that are not
        the same objects as last time are read (rows are frozen: the same object, the same
        week and values)."""
        old, self._rows = self._rows, rows
        first, shared = 0, min(len(old), len(rows))
        while first < shared and rows[first] is old[first]:
            first += 1
        last = 0  # how many rows at the end are the same
        while last < shared - first and rows[-1 - last] is old[-1 - last]:
            last += 1
        gone, fresh = old[first:len(old) - last], rows[first:len(rows) - last]
        if not (gone or fresh):
            return
        # The rows in between are consecutive weeks, and so are those they replace.
        weeks = [row.week for row in (*gone[:1], *gone[-1:], *fresh[:1], *fresh[-1:])]
        low, high = min(weeks), max(weeks)
        spike = metrics.FlagKind.RUN_SPIKE
        spikes = [(row.week, sum(flag.kind is spike for flag in row.load.raised))
                  for row in fresh]
        self.done.splice(low, high, ((r.week, r.week, float(r.adherence.done)) for r in fresh
                                     if r.adherence.planned))
        self.planned.splice(low, high, ((r.week, r.week, float(r.adherence.planned))
                                        for r in fresh if r.adherence.planned))
        self.load.splice(low, high, ((r.week, r.week, float(r.load.load)) for r in fresh))
        # The running load's weeks start at the first with any.
        self.loaded.splice(low, high, ((r.week, r.week, 1.0) for r in fresh if r.load.load))
        self.load_ratio.splice(low, high, ((r.week, r.week, float(r.load.ratio))
                                           for r in fresh if r.load.ratio is not None))
        self.spikes.splice(low, high, ((week, week, float(count)) for week, count in spikes
                                       if count))

    # --- the cadence band ---------------------------------------------------------------

    def _cadence(self, log: Log, plan: Plan) -> CadenceChart:
        """The cadence of each run, and the target band in force on each run's date as a
        step line: kept where it changes (and at the first and last run), not once per
        run: ten years of runs draw as a few steps."""
        days = self.cadence.dates
        # The band moves only with a new baseline or plan change: it is worked out on the
        # first run of each stretch between those days, and holds for the stretch.
        moves = {b.date for b in log.cadence_baselines}.union(plan.change_dates)
        starts = sorted({0, *(bisect.bisect_left(days, day) for day in moves)} - {len(days)})
        steps: list[tuple[int, int, tuple[float, float]]] = []  # first, last run, band
        for start, end in zip(starts, [*starts[1:], len(days)][:len(starts)], strict=True):
            baseline = metrics.cadence_baseline_on(log, days[start])
            if baseline is None:
                continue
            band = metrics.cadence_band(baseline, plan.on(days[start]))
            if steps and steps[-1][2] == band:
                steps[-1] = (steps[-1][0], end - 1, band)
            else:
                steps.append((start, end - 1, band))
        kept = [(days[i], band) for first, last, band in steps
                for i in ((first,) if first == last else (first, last))]
        return CadenceChart(self.cadence.series(), _series((d, b[0]) for d, b in kept),
                            _series((d, b[1]) for d, b in kept))


def threshold_steps(plan: Plan, first: dt.date, today: dt.date) -> Series:
    """The pain threshold in force from ``first`` to ``today``, as the corners of a step
    line: a physio's change shows on its date, and earlier days keep the old threshold."""
    points = [(first, plan.on(first).pain.threshold)]
    for day in plan.change_dates:
        if first < day <= today:
            value = plan.on(day).pain.threshold
            if value != points[-1][1]:
                points += [(day, points[-1][1]), (day, value)]
    points.append((max(today, first), points[-1][1]))
    return Series(tuple(d for d, _ in points), tuple(float(v) for _, v in points))
