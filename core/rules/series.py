"""The data behind each progress chart, as plain date/value lists (no plotting here).

Ten years are ~5,000 sessions: the session charts are read from one pass over them, and
the cadence band is worked out only where it can move (a new baseline or plan change).
"""

from __future__ import annotations

import bisect
import datetime as dt
import operator
from dataclasses import dataclass

from core.model import Log, Session, SessionKind
from core.rules import metrics
from core.rules.plan import Plan
from core.rules.stages import StagePeriod, periods
from core.rules.summary import WeekRow

ONE_DAY = dt.timedelta(days=1)
BY_DATE, BY_PAIN = operator.attrgetter("date"), operator.attrgetter("pain")


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
    """Everything the progress tab draws, from one pass over the sessions and the weekly
    rows."""
    during, after, ratio, running, cadence_runs = [], [], [], [], []
    for s in log.sessions:
        if s.pain_during is not None:
            during.append((s.date, s.pain_during))
        if s.is_running:
            morning = log.pain_on(s.date + ONE_DAY)
            if morning is not None:
                after.append((s.date + ONE_DAY, morning))
            if s.kind is SessionKind.WALK_RUN and s.total_walk_minutes:
                ratio.append((s.date, s.total_run_minutes / s.total_walk_minutes))
            running.append((s.date, s.total_run_minutes))
        if s.cadence is not None:
            cadence_runs.append(s)
    daily = Series(tuple(map(BY_DATE, log.check_ins)),
                   tuple(map(float, map(BY_PAIN, log.check_ins))))
    first = min((entries[0].date for entries in (log.check_ins, log.sessions) if entries),
                default=today)
    pain = PainChart(daily, _series(during), _series(sorted(set(after))),
                     plan.on(today).pain.threshold, periods(log),
                     threshold_steps(plan, first, today))
    return Charts(pain, RunWalkChart(_series(ratio), _series(running)), adherence(rows),
                  load(rows, plan, today), cadence(log, plan, cadence_runs))


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


def adherence(rows: list[WeekRow]) -> AdherenceChart:
    weeks = [r for r in rows if r.adherence.planned]
    return AdherenceChart(_series((r.week, r.adherence.done) for r in weeks),
                          _series((r.week, r.adherence.planned) for r in weeks))


def load(rows: list[WeekRow], plan: Plan, today: dt.date) -> LoadChart:
    protocol = plan.on(today)
    first = next((i for i, r in enumerate(rows) if r.load.load), len(rows))
    running = rows[first:]
    spike = metrics.FlagKind.RUN_SPIKE
    spikes = ((r.week, sum(f.kind is spike for f in r.load.raised)) for r in running
              if r.load.raised)
    return LoadChart(_series((r.week, r.load.load) for r in running),
                     _series((r.week, r.load.ratio) for r in running if r.load.ratio is not None),
                     protocol.load.ratio_caution, protocol.load.ratio_high,
                     _series((week, count) for week, count in spikes if count))


def cadence(log: Log, plan: Plan, runs: list[Session]) -> CadenceChart:
    """``runs``: the sessions with a cadence, in date order."""
    bands = []
    # The band moves only with a new baseline or plan change: it is worked out again on the
    # first run on or after one of those days, and kept for the runs until the next.
    moves = sorted({b.date for b in log.cadence_baselines}.union(plan.change_dates))
    band, until = None, dt.date.min  # the band in force on the days before ``until``
    for s in runs:
        if s.date >= until:
            after = bisect.bisect_right(moves, s.date)
            until = moves[after] if after < len(moves) else dt.date.max
            baseline = metrics.cadence_baseline_on(log, s.date)
            band = (None if baseline is None
                    else metrics.cadence_band(baseline, plan.on(s.date)))
        if band is not None:
            bands.append((s.date, band))
    # Keep the points where the band changes (and the first and last run), not one per run;
    # ten years of runs draw as a few steps.
    kept = [point for i, point in enumerate(bands)
            if i in (0, len(bands) - 1) or point[1] != bands[i - 1][1]
            or point[1] != bands[i + 1][1]]
    return CadenceChart(_series((s.date, s.cadence) for s in runs),
                        _series((d, b[0]) for d, b in kept), _series((d, b[1]) for d, b in kept))
