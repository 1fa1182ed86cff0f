"""Numbers for the runner and physio: load and its flags, strength adherence, cadence.

Load is session RPE × minutes (Foster's session load). Flags are guidance, not injury
predictions: a week-on-week rise above 10 % and the acute:chronic ratio bands (Gabbett
2016) are widely used, a rise above 30 % in two weeks went with distance-related injuries
in novice runners (Nielsen 2014), yet the 10 % rule did not cut injuries in a trial
(Buist 2008) and the ratio is criticised (Lolli 2019, Impellizzeri 2020).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import operator
from dataclasses import dataclass, fields

from core.model import Log, Session, SessionKind, Stage
from core.plan import Plan
from core.protocol import Protocol
from core.stages import StagePeriod, stage_on

WEEK = dt.timedelta(weeks=1)
SIX_DAYS = dt.timedelta(days=6)
BY_DATE = operator.attrgetter("date")


@functools.cache  # called for every entry of every weekly summary: dates repeat
def monday(day: dt.date) -> dt.date:
    """The Monday that starts ``day``'s ISO week."""
    return day - dt.timedelta(days=day.weekday())


def session_load(session: Session) -> float:
    """Minutes × effort for running sessions (walk–run counts its walking too)."""
    if not session.is_running or session.effort is None:
        return 0.0
    if session.kind is SessionKind.WALK_RUN:
        return (session.total_run_minutes + session.total_walk_minutes) * session.effort
    return session.minutes * session.effort


def daily_loads(log: Log, since: dt.date | None = None) -> dict[dt.date, float]:
    """Each day's load, in date order (from ``since`` on, if given)."""
    loads: dict[dt.date, float] = {}
    for session in log.sessions if since is None else log.sessions.since(since):
        load = session_load(session)
        if load:
            loads[session.date] = loads.get(session.date, 0.0) + load
    return loads


class LoadHistory:
    """Daily loads, day by day: the load of any window of days."""

    def __init__(self, loads: dict[dt.date, float], first: dt.date | None = None):
        """``first`` is the first day with any load, when ``loads`` are only the recent
        days of a longer history (they must cover every window asked for)."""
        self.first = first or (min(loads) if loads else None)
        self._base = min(loads).toordinal() if loads else 0
        days = (max(loads).toordinal() - self._base + 1) if loads else 0
        self._daily = [0.0] * days
        for day, load in loads.items():
            self._daily[day.toordinal() - self._base] += load

    def window(self, end: dt.date, days: int) -> float:
        """The load of the ``days`` days ending on ``end``, inclusive: summed day by day, so
        it is the same whatever the history before it (and exact, unlike a difference of
        running totals over years)."""
        high = end.toordinal() - self._base + 1
        return sum(self._daily[max(high - days, 0):high], 0.0) if high > 0 else 0.0


@dataclass(frozen=True)
class LoadRules:
    """A protocol's load settings (each field is the ``load.`` key of its name)."""

    acute_days: int
    chronic_days: int
    ratio_min_history_days: int
    weekly_rise_caution_percent: float
    two_week_rise_spike_percent: float
    ratio_caution: float
    ratio_high: float

    @classmethod
    def of(cls, protocol: Protocol) -> LoadRules:
        """Read once per protocol: a summary asks for them in every week of ten years."""
        return protocol.memo("load rules", lambda: cls(
            *(protocol.get(f"load.{field.name}") for field in fields(cls))))


def acute_chronic_ratio(loads: dict[dt.date, float] | LoadHistory, on: dt.date,
                        protocol: Protocol) -> float | None:
    """Acute (last 7 days) over chronic (28-day average per 7 days), or None when unknown.

    None until running has been logged for ``load.ratio_min_history_days`` (a ratio over a
    near-empty history means nothing) and when the chronic load is zero.
    """
    history = loads if isinstance(loads, LoadHistory) else LoadHistory(loads)
    return _ratio(history, on, LoadRules.of(protocol))


def _ratio(history: LoadHistory, on: dt.date, rules: LoadRules) -> float | None:
    first = history.first
    if first is None or (on - first).days + 1 < rules.ratio_min_history_days:
        return None
    acute_days, chronic_days = rules.acute_days, rules.chronic_days
    chronic = history.window(on, chronic_days) / (chronic_days / acute_days)
    if chronic <= 0:
        return None
    return history.window(on, acute_days) / chronic


@dataclass(frozen=True)
class LoadWeek:
    week: dt.date  # Monday
    load: float
    ratio: float | None  # at the week's end (or today, for this week)
    flags: tuple[str, ...]


def load_weeks(log: Log, plan: Plan, weeks: list[dt.date], today: dt.date
               ) -> list[LoadWeek]:
    """Weekly load, the ratio at each week's end, and the flags it raises.

    Only the days these weeks look back on are read: this week's flags cost the same with
    a month or ten years of history.
    """
    if not weeks:
        return []
    ends = [min(week + SIX_DAYS, today) for week in weeks]
    rules = [LoadRules.of(plan.on(end)) for end in ends]
    # A week's flags compare it with the two weeks before; its ratio looks back from its end
    # over the acute and chronic windows.
    windows = [end - dt.timedelta(days=max(r.acute_days, r.chronic_days))
               for end, r in zip(ends, rules, strict=True)]
    since = monday(min(min(weeks) - 2 * WEEK, *windows))
    history, weekly = log.memo(("load history", since), lambda: _load_history(log, since))
    result = []
    for week, end, week_rules in zip(weeks, ends, rules, strict=True):
        ratio = _ratio(history, end, week_rules)
        load = weekly.get(week, 0.0)
        flags = _flags(load, weekly.get(week - WEEK), weekly.get(week - 2 * WEEK), ratio,
                       week_rules)
        result.append(LoadWeek(week, load, ratio, flags))
    return result


def _load_history(log: Log, since: dt.date) -> tuple[LoadHistory, dict[dt.date, float]]:
    """Daily loads from ``since`` (a Monday) on, and the total of each of those weeks."""
    loads = daily_loads(log, since)
    weekly: dict[dt.date, float] = {}
    for day, load in loads.items():
        week = monday(day)
        weekly[week] = weekly.get(week, 0.0) + load
    return LoadHistory(loads, _first_load_day(log)), weekly


def _first_load_day(log: Log) -> dt.date | None:
    """The first day with any running load (read from the front of each running kind)."""
    firsts = [next((s.date for s in log.sessions_of(kind) if session_load(s)), None)
              for kind in (SessionKind.WALK_RUN, SessionKind.RUN)]
    return min((day for day in firsts if day is not None), default=None)


def load_flags(load: float, last_week: float | None, two_weeks_ago: float | None,
               ratio: float | None, protocol: Protocol) -> tuple[str, ...]:
    """Guidance flags for one week's load; rises from zero are not percentages."""
    return _flags(load, last_week, two_weeks_ago, ratio, LoadRules.of(protocol))


def _flags(load: float, last_week: float | None, two_weeks_ago: float | None,
           ratio: float | None, rules: LoadRules) -> tuple[str, ...]:
    flags = []
    caution = rules.weekly_rise_caution_percent
    spike = rules.two_week_rise_spike_percent
    if last_week and load > last_week * (1 + caution / 100):
        flags.append(f"caution: load up {100 * (load / last_week - 1):.0f}% on last week "
                     f"(guide: {caution:g}%)")
    if two_weeks_ago and load > two_weeks_ago * (1 + spike / 100):
        flags.append(f"spike: load up {100 * (load / two_weeks_ago - 1):.0f}% in two weeks "
                     f"(guide: {spike:g}%)")
    if ratio is not None:
        high, careful = rules.ratio_high, rules.ratio_caution
        if ratio > high:
            flags.append(f"high: acute:chronic ratio {ratio:.2f} (above {high:g})")
        elif ratio > careful:
            flags.append(f"caution: acute:chronic ratio {ratio:.2f} (above {careful:g})")
    return tuple(flags)


@dataclass(frozen=True)
class AdherenceWeek:
    week: dt.date
    done: int  # completed sessions (every exercise ticked)
    partial: int
    planned: int

    @property
    def percent(self) -> float | None:
        """Done ÷ planned as a percentage, never capped: 3 of 2 is 150 %."""
        return None if not self.planned else 100.0 * self.done / self.planned


def adherence_weeks(log: Log, plan: Plan, stage_periods: tuple[StagePeriod, ...],
                    weeks: list[dt.date]) -> list[AdherenceWeek]:
    """Strength sessions per ISO week against the plan, in every week from stage 2 on."""
    if not weeks:
        return []
    done: dict[dt.date, int] = {}
    partial: dict[dt.date, int] = {}
    for session in log.sessions_of(SessionKind.STRENGTH).since(min(weeks)):
        counter = done if session.strength_complete else partial
        week = monday(session.date)
        counter[week] = counter.get(week, 0) + 1
    result = []
    for week in weeks:
        end = week + dt.timedelta(days=6)
        stage = stage_on(stage_periods, end)
        planned = (plan.on(end).get("strength.sessions_per_week")
                   if stage is not None and stage >= Stage.STRENGTH else 0)
        result.append(AdherenceWeek(week, done.get(week, 0), partial.get(week, 0), planned))
    return result


def cadence_band(baseline: int, protocol: Protocol) -> tuple[float, float]:
    """The target cadence band: baseline + 5 % to + 10 % by default (article, step 3)."""
    rise_min, rise_max = protocol.memo("cadence rise", lambda: (
        protocol.get("mechanics.cadence_rise_min_percent"),
        protocol.get("mechanics.cadence_rise_max_percent")))
    return baseline * (1 + rise_min / 100), baseline * (1 + rise_max / 100)


def cadence_baseline_on(log: Log, day: dt.date) -> int | None:
    """The latest baseline recorded on or before ``day`` (baselines are in date order)."""
    baselines = log.cadence_baselines
    index = bisect.bisect_right(baselines, day, key=BY_DATE)
    return baselines[index - 1].steps_per_minute if index else None


def cadence_status(cadence: int, band: tuple[float, float]) -> str:
    low, high = band
    if cadence < low:
        return "below"
    if cadence > high:
        return "above"
    return "in band"
