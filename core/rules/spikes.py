"""The single-run spike guard, Runback's primary load rule (Frandsen et al. 2025, BJSM
59:1203; 5,205 runners): a run more than ``load.spike_percent`` longer than the longest of
the previous ``load.spike_window_days`` is flagged with its band, and Today never
prescribes a run past that ceiling. The weekly numbers that carry the flags are in
``core.rules.metrics``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from dataclasses import dataclass

from core.model import Log, Session, SessionKind
from core.rules.plan import Plan
from core.rules.protocol import Protocol
from core.rules.settings import SPIKE_WINDOW_DAYS_MAX

# Frandsen et al. 2025 (BJSM 59:1203; 5,205 runners, 588,071 sessions): a run longer than
# the longest of the previous 30 days, by how much, against the overuse-injury hazard of
# runs within 10 % of it. Each band's upper edge (percent) and hazard rate ratio are the
# study's; the lowest edge is the protocol's ``load.spike_percent`` (10, the study's too).
SPIKE_BANDS = ((30.0, 1.64), (100.0, 1.52), (math.inf, 2.28))
# The longest window a physio may set (core/rules/settings.py): how far back a spike looks.
MAX_SPIKE_WINDOW_DAYS = SPIKE_WINDOW_DAYS_MAX


@dataclass(frozen=True)
class SpikeBand:
    above_percent: float  # the run is more than this much longer than the longest ...
    up_to_percent: float  # ... and at most this much (inf: no upper edge)
    hazard_ratio: float  # Frandsen 2025's hazard rate ratio for the band

    @property
    def label(self) -> str:
        if math.isinf(self.up_to_percent):
            return f"> {self.above_percent:g} %"
        return f"> {self.above_percent:g}–{self.up_to_percent:g} %"


def run_length(session: Session) -> float:
    """A run's length in minutes for the spike guard: a walk–run counts its running rounds
    only (the walking is not running), a continuous run its minutes."""
    return session.total_run_minutes


def percent_longer(length: float, longest: float) -> float:
    """How much longer ``length`` is than ``longest``, in percent. Rounded to 9 places: 33
    min against 30 is exactly 10 % (the float quotient gives 10.000000000000009)."""
    return round((length / longest - 1) * 100, 9)


def spike_band(percent: float, protocol: Protocol) -> SpikeBand | None:
    """The band of a run ``percent`` longer than the window's longest, or None when it is
    not more than ``load.spike_percent`` longer (Frandsen 2025: no raised risk up to 10 %).
    Each band includes its upper edge: 30 % is in "> 10–30 %", 100 % in "> 30–100 %"."""
    low = protocol.load.spike_percent
    if not percent > low:
        return None
    above = low
    for up_to, hazard_ratio in SPIKE_BANDS[:-1]:
        if percent <= up_to:
            return SpikeBand(above, up_to, hazard_ratio)
        above = max(low, up_to)
    return SpikeBand(above, *SPIKE_BANDS[-1])


@dataclass(frozen=True)
class RunSpike:
    """A run more than ``load.spike_percent`` longer than the longest run of the window
    before it (Frandsen 2025): the primary load flag."""

    date: dt.date
    length: float
    longest: float
    longest_date: dt.date
    unit: str  # "min"; "km" when this run and every run in the window have a distance
    window_days: int
    percent: float
    band: SpikeBand

    @property
    def text(self) -> str:
        """e.g. "spike: run 33 min on 2026-03-05 is 32 % longer than your longest in 30 days
        (25 min, on 2026-03-02): > 30–100 % band"."""
        # A whole percent, unless rounding would read as not above the band's edge (10.4).
        shown = (f"{self.percent:.0f}" if round(self.percent) > self.band.above_percent
                 else f"{self.percent:.1f}")
        return (f"spike: run {_amount(self.length, self.unit)} on {self.date.isoformat()} is "
                f"{shown} % longer than your longest in {self.window_days} days "
                f"({_amount(self.longest, self.unit)}, on {self.longest_date.isoformat()}): "
                f"{self.band.label} band")


def _amount(value: float, unit: str) -> str:
    return f"{round(value, 2):g} {unit}"


def _runs_since(log: Log, since: dt.date) -> list[Session]:
    """Running sessions (walk–runs and continuous runs) from ``since`` on, in date order."""
    runs = [s for kind in (SessionKind.WALK_RUN, SessionKind.RUN)
            for s in log.sessions_of(kind).since(since) if run_length(s) > 0]
    runs.sort(key=lambda s: (s.date, s.id))
    return runs


def run_spikes(log: Log, plan: Plan, since: dt.date, until: dt.date,
               prescribed: frozenset[int] = frozenset()) -> list[RunSpike]:
    """The spikes among the runs dated ``since`` to ``until`` (Frandsen 2025).

    Each run is compared with the longest run of the ``load.spike_window_days`` days before
    its date (a run earlier the same day is not "before"), under the protocol in force on
    its date: by distance when this run and every run in the window have one, else by
    running minutes. No run in the window, no flag: a first run, or the first after a break
    (the ladder's restart rule governs that). Walk–runs done as the ladder prescribed them
    (``prescribed``, see ``prescribed_walk_runs``) raise no spike: the ladder is the
    physio's plan, its steps checked one by one by the pain rule, though its early steps are
    big (8 → 12 min of running is +50 %). They still count as the longest run for the runs
    after them.
    """
    runs = _runs_since(log, since - dt.timedelta(days=MAX_SPIKE_WINDOW_DAYS))
    dates = [s.date for s in runs]
    minutes = [run_length(s) for s in runs]
    distances = [s.distance_km or 0.0 for s in runs]  # 0: none (falsy, as None was)
    spikes = []
    first = last = 0  # the window's runs are runs[first:last]; both only move on with the date
    window_days = 0
    for index in range(bisect.bisect_left(dates, since), len(runs)):
        run = runs[index]
        if run.date > until:
            break
        protocol = plan.on(run.date)
        days = protocol.load.spike_window_days
        start = run.date - dt.timedelta(days=days)
        if days != window_days:  # a physio's new window: find its start afresh
            first, window_days = bisect.bisect_left(dates, start), days
        while dates[first] < start:
            first += 1
        while dates[last] < run.date:
            last += 1
        if run.id in prescribed or first == last:
            continue
        by_distance = bool(run.distance_km) and all(distances[first:last])
        lengths = distances if by_distance else minutes
        window = lengths[first:last]
        longest = max(window)
        if lengths[index] <= longest:  # most runs: no longer than the longest, no band to find
            continue
        percent = percent_longer(lengths[index], longest)
        band = spike_band(percent, protocol)
        if band is not None:
            spikes.append(RunSpike(run.date, lengths[index], longest,
                                   dates[first + window.index(longest)],
                                   "km" if by_distance else "min", window_days, percent, band))
    return spikes


@dataclass(frozen=True)
class RunCeiling:
    """The longest run to prescribe on a day: never more than ``load.spike_percent`` over
    the longest run of the window before it (Frandsen 2025)."""

    minutes: float
    percent: float  # of the longest: 100 + load.spike_percent
    longest: float
    longest_date: dt.date
    window_days: int


def run_ceiling(log: Log, day: dt.date, protocol: Protocol) -> RunCeiling | None:
    """The longest run to prescribe on ``day`` (None: no run in the window before it).

    The same window and measure (running minutes) as the spike guard, rounded down to a
    tenth of a minute, so a run of the ceiling is never flagged. The walk–run ladder is
    exempt by design (it is the physio's plan): its largest step in total running, 14 × 2 =
    28 → 30 min, is +7 %, within the ceiling; its early steps are bigger (8 → 12 min)."""
    rules = protocol.load
    window = [s for s in _runs_since(log, day - dt.timedelta(days=rules.spike_window_days))
              if s.date < day]
    if not window:
        return None
    longest = max(window, key=run_length)  # the earliest of equals, as the spike guard names
    percent = 100 + rules.spike_percent
    most = math.floor(round(run_length(longest) * percent / 100 * 10, 6)) / 10
    return RunCeiling(most, percent, run_length(longest), longest.date, rules.spike_window_days)
