"""The data behind each progress chart, as plain date/value lists (no plotting here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core import metrics
from core.model import Log, SessionKind
from core.plan import Plan
from core.stages import StagePeriod, periods
from core.summary import WeekRow


@dataclass(frozen=True)
class Series:
    dates: tuple[dt.date, ...]
    values: tuple[float, ...]

    def __len__(self) -> int:
        return len(self.dates)


def _series(pairs) -> Series:
    pairs = list(pairs)
    return Series(tuple(d for d, _ in pairs), tuple(float(v) for _, v in pairs))


@dataclass(frozen=True)
class PainChart:
    daily: Series  # check-ins (the morning after a run is its next-morning pain)
    during: Series  # pain during each session that recorded it
    next_morning: Series  # the check-in the morning after each running session
    threshold: int
    stages: tuple[StagePeriod, ...]


def pain(log: Log, plan: Plan, today: dt.date) -> PainChart:
    during = [(s.date, s.pain_during) for s in log.sessions if s.pain_during is not None]
    after = []
    for s in log.sessions:
        if s.is_running:
            morning = log.pain_on(s.date + dt.timedelta(days=1))
            if morning is not None:
                after.append((s.date + dt.timedelta(days=1), morning))
    return PainChart(_series((c.date, c.pain) for c in log.check_ins), _series(during),
                     _series(sorted(set(after))), plan.on(today).pain_threshold, periods(log))


@dataclass(frozen=True)
class RunWalkChart:
    ratio: Series  # run ÷ walk minutes per walk–run session (continuous runs are left out)
    run_minutes: Series  # total running minutes per running session


def run_walk(log: Log) -> RunWalkChart:
    ratio, running = [], []
    for s in log.sessions:
        if s.kind is SessionKind.WALK_RUN and s.total_walk_minutes:
            ratio.append((s.date, s.total_run_minutes / s.total_walk_minutes))
        if s.is_running:
            running.append((s.date, s.total_run_minutes))
    return RunWalkChart(_series(ratio), _series(running))


@dataclass(frozen=True)
class AdherenceChart:
    done: Series  # completed sessions per ISO week (dated by its Monday)
    planned: Series


def adherence(rows: list[WeekRow]) -> AdherenceChart:
    weeks = [r for r in rows if r.adherence.planned]
    return AdherenceChart(_series((r.week, r.adherence.done) for r in weeks),
                          _series((r.week, r.adherence.planned) for r in weeks))


@dataclass(frozen=True)
class LoadChart:
    load: Series  # weekly load (dated by the week's Monday)
    ratio: Series  # acute:chronic ratio at each week's end, where known
    caution: float
    high: float


def load(rows: list[WeekRow], plan: Plan, today: dt.date) -> LoadChart:
    protocol = plan.on(today)
    first = next((i for i, r in enumerate(rows) if r.load.load), len(rows))
    running = rows[first:]
    return LoadChart(_series((r.week, r.load.load) for r in running),
                     _series((r.week, r.load.ratio) for r in running if r.load.ratio is not None),
                     protocol.get("load.ratio_caution"), protocol.get("load.ratio_high"))


@dataclass(frozen=True)
class CadenceChart:
    cadence: Series  # steps per minute per run that recorded it
    band_low: Series  # the target band in force on each run's date
    band_high: Series


def cadence(log: Log, plan: Plan) -> CadenceChart:
    runs, bands = [], []
    for s in log.sessions:
        if s.cadence is None:
            continue
        runs.append((s.date, s.cadence))
        baseline = metrics.cadence_baseline_on(log, s.date)
        if baseline is not None:
            bands.append((s.date, metrics.cadence_band(baseline, plan.on(s.date))))
    # The band only moves with a new baseline or target: keep the points where it changes
    # (and the first and last run), not one per run; ten years of runs draw as a few steps.
    kept = [point for i, point in enumerate(bands)
            if i in (0, len(bands) - 1) or point[1] != bands[i - 1][1]
            or point[1] != bands[i + 1][1]]
    return CadenceChart(_series(runs), _series((d, b[0]) for d, b in kept),
                        _series((d, b[1]) for d, b in kept))


@dataclass(frozen=True)
class Charts:
    pain: PainChart
    run_walk: RunWalkChart
    adherence: AdherenceChart
    load: LoadChart
    cadence: CadenceChart


def charts(log: Log, plan: Plan, rows: list[WeekRow], today: dt.date) -> Charts:
    """Everything the progress tab draws, from one pass over the log and weekly rows."""
    return Charts(pain(log, plan, today), run_walk(log), adherence(rows),
                  load(rows, plan, today), cadence(log, plan))
