"""The weekly summary and the chart series are read in one pass, with each protocol's
settings read once, yet they equal, value for value and type for type, what a plain
per-week and per-session reading gives: checked on random histories with physio's plan
changes, several cadence baselines and stage moves."""

from __future__ import annotations

import dataclasses
import datetime as dt
from statistics import fmean

from hypothesis import strategies as st

from core.model import (
    Actor,
    CadenceBaseline,
    CheckIn,
    ExerciseTick,
    KneeProblem,
    Log,
    PlanChange,
    Profile,
    Session,
    SessionKind,
    Side,
    Stage,
    StageEvent,
    StageEventKind,
)
from core.rules import metrics, series, spikes
from core.rules import protocol as protocol_module
from core.rules.plan import LEVEL_KEY, Plan
from core.rules.protocol import Protocol
from core.rules.stages import periods, stage_on
from core.rules.summary import next_morning_worse, programme_weeks, weekly_rows
from tests.core.helpers_metrics import DAY, MONDAY
from tests.properties import short_and_long

BASE = protocol_module.default()
SPAN = 2 * 365
# Settings a physio may change, each with values that keep the protocol valid together.
CHANGES = {
    "load.acute_days": [5, 7], "load.chronic_days": [21, 28],
    "load.ratio_min_history_days": [0, 14, 28], "load.weekly_rise_caution_percent": [10, 25],
    "load.two_week_rise_spike_percent": [30, 50], "load.ratio_caution": [1.1, 1.3],
    "load.ratio_high": [1.5, 1.8], "mechanics.cadence_rise_min_percent": [3, 5],
    "mechanics.cadence_rise_max_percent": [8, 10], "pain.threshold": [1, 2, 3],
    "strength.sessions_per_week": [1, 2, 3], LEVEL_KEY: [2],
    "load.spike_percent": [10, 20], "load.spike_window_days": [14, 30],
    "load.min_weekly_load": [0, 300],
}
DAYS = st.integers(0, SPAN)


@st.composite
def sessions(draw, number: int) -> Session:
    kind = draw(st.sampled_from(list(SessionKind)))
    minutes = draw(st.floats(1, 120))
    running = kind in (SessionKind.WALK_RUN, SessionKind.RUN)
    ticks = tuple(ExerciseTick(key, key, 3, 10, None, draw(st.booleans()),
                               draw(st.none() | st.integers(0, 10)))
                  for key in ("bridge", "plank")[:draw(st.integers(0, 2))])
    return Session(
        number, MONDAY + draw(DAYS) * DAY, kind, minutes=minutes,
        effort=draw(st.none() | st.integers(0, 10)),
        pain_during=draw(st.none() | st.integers(0, 10)),
        level=draw(st.none() | st.integers(1, 8)), run_minutes=minutes / 3,
        walk_minutes=draw(st.sampled_from([0.0, 1.0, 2.5])), rounds=draw(st.integers(0, 5)),
        cadence=draw(st.none() | st.integers(150, 190)) if running else None,
        distance_km=draw(st.none() | st.floats(1, 30)) if running else None,
        exercises=ticks if kind is SessionKind.STRENGTH else ())


@st.composite
def histories(draw) -> tuple[Log, Plan, dt.date]:
    """A log over two years, a plan with the physio's changes, and a today."""
    drawn = [draw(sessions(number)) for number in range(1, draw(st.integers(0, 60)) + 1)]
    pains = draw(st.dictionaries(DAYS, st.integers(0, 10), max_size=200))
    baselines = sorted((MONDAY + draw(DAYS) * DAY, draw(st.integers(150, 180)))
                       for _ in range(draw(st.integers(0, 3))))
    moves = sorted((draw(DAYS), draw(st.sampled_from(list(Stage))))
                   for _ in range(draw(st.integers(0, 4))))
    events = [StageEvent(1, MONDAY, StageEventKind.START, None, Stage.CALM, "start",
                         Actor.RUNNER)]
    events += [StageEvent(i, MONDAY + day * DAY, StageEventKind.SET, None, stage, "set",
                          Actor.PHYSIO) for i, (day, stage) in enumerate(moves, start=2)]
    changes = []
    for number in range(1, draw(st.integers(0, 6)) + 1):
        key = draw(st.sampled_from(sorted(CHANGES)))
        day, moment = MONDAY + draw(DAYS) * DAY, draw(st.sampled_from(["a", "b"]))
        changes.append(PlanChange(number, day, key, draw(st.sampled_from(CHANGES[key])),
                                  "physio", Actor.PHYSIO, recorded_at=moment))
    log = Log(profile=Profile(KneeProblem.PATELLOFEMORAL, Side.LEFT, MONDAY),
              check_ins=tuple(CheckIn(MONDAY + d * DAY, p) for d, p in sorted(pains.items())),
              sessions=tuple(sorted(drawn, key=lambda s: (s.date, s.id))),
              cadence_baselines=tuple(CadenceBaseline(day, steps, i)
                                      for i, (day, steps) in enumerate(baselines, start=1)),
              stage_events=tuple(events), plan_changes=tuple(changes))
    return log, Plan(BASE, log.plan_changes), MONDAY + draw(st.integers(0, SPAN + 20)) * DAY


EXAMPLES = 150  # under -m slow; the default run tries tests.properties.SHORT


def same(a: object, b: object) -> bool:
    """Equal, and of the same types all the way down (0 is not 0.0 in an export)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if dataclasses.is_dataclass(a):
        return all(same(getattr(a, f.name), getattr(b, f.name))
                   for f in dataclasses.fields(a))
    return a == b


# --- the plain readings: a pass per week or chart, the plan read where it is used ---------

def protocol_on(plan: Plan, day: dt.date) -> Protocol:
    """The base with every group of changes dated on or before ``day`` applied in order."""
    groups: dict[tuple[dt.date, str], dict[str, object]] = {}
    for change in plan.changes:
        if change.key != LEVEL_KEY and change.date <= day:
            groups.setdefault((change.date, change.recorded_at), {})[change.key] = change.value
    protocol = plan.base
    for group in groups.values():
        protocol = protocol.with_overrides(group)
    return protocol


def plain_spikes(log: Log, plan: Plan, runs: list[Session], prescribed: frozenset[int]
                 ) -> list[spikes.RunSpike]:
    """Each run against the longest of its window, found by reading every running session."""
    found = []
    for run in sorted(runs, key=lambda s: (s.date, s.id)):
        protocol = protocol_on(plan, run.date)
        window_days = protocol.load.spike_window_days
        before = sorted((s for s in log.sessions if s.is_running and s.total_run_minutes > 0
                         and 1 <= (run.date - s.date).days <= window_days),
                        key=lambda s: (s.date, s.id))
        if run.id in prescribed or run.total_run_minutes <= 0 or not before:
            continue
        by_distance = bool(run.distance_km) and all(s.distance_km for s in before)
        length = (lambda s: s.distance_km) if by_distance else (lambda s: s.total_run_minutes)
        longest = max(before, key=length)  # the first of equals
        percent = spikes.percent_longer(length(run), length(longest))
        band = spikes.spike_band(percent, protocol)
        if band is not None:
            found.append(spikes.RunSpike(run.date, length(run), length(longest), longest.date,
                                          "km" if by_distance else "min", window_days, percent,
                                          band))
    return found


def plain_ratio_loads(history: metrics.LoadHistory, on: dt.date, protocol: Protocol
                      ) -> tuple[float, float] | None:
    acute_days, chronic_days = (protocol.load.acute_days,
                                protocol.load.chronic_days)
    if history.first is None or \
            (on - history.first).days + 1 < protocol.load.ratio_min_history_days:
        return None
    chronic = history.window(on, chronic_days) / (chronic_days / acute_days)
    return None if chronic <= 0 else (history.window(on, acute_days), chronic)


def plain_weekly_rows(log: Log, plan: Plan, today: dt.date) -> list:
    weeks = programme_weeks(log, today)
    prescribed = metrics.prescribed_walk_runs(log, plan)
    stage_periods = periods(log)
    loads = metrics.daily_loads(log)
    history = metrics.LoadHistory(loads)
    weekly: dict[dt.date, float] = {}
    for day, load in loads.items():
        weekly[metrics.monday(day)] = weekly.get(metrics.monday(day), 0.0) + load
    rows = []
    for week in weeks:
        end = week + 6 * DAY
        in_week = [s for s in log.sessions if metrics.monday(s.date) == week]
        strength = [s for s in in_week if s.kind is SessionKind.STRENGTH]
        stage = stage_on(stage_periods, end)
        planned = (protocol_on(plan, end).strength.sessions_per_week
                   if stage is not None and stage >= Stage.STRENGTH else 0)
        adherence = metrics.AdherenceWeek(
            week, sum(1 for s in strength if s.strength_complete),
            sum(1 for s in strength if not s.strength_complete), planned)
        protocol = protocol_on(plan, min(end, today))
        # Each week's ratio and flags from its own protocol, freshly made: no settings shared.
        ratio = metrics.acute_chronic_ratio(history, min(end, today), protocol)
        load = weekly.get(week, 0.0)
        running_days = [s for s in log.sessions if s.is_running and week <= s.date <= end
                        and s.date <= today]
        flags = tuple(metrics.LoadFlag(metrics.FlagKind.RUN_SPIKE, spike.text)
                      for spike in plain_spikes(log, plan, running_days, prescribed))
        context = metrics.context_flags(
            load, weekly.get(week - 7 * DAY), weekly.get(week - 14 * DAY),
            plain_ratio_loads(history, min(end, today), protocol), protocol)
        if not (running_days and all(s.id in prescribed for s in running_days)):
            flags += context
        during = [s.pain_during for s in in_week if s.pain_during is not None]
        running = [s for s in in_week if s.is_running]
        pains = [c.pain for c in log.check_ins if metrics.monday(c.date) == week]
        rows.append((
            week, stage_on(stage_periods, min(end, today)),
            tuple(sorted({s.level for s in in_week if s.level})), len(in_week), len(running),
            sum(s.total_run_minutes for s in in_week), sum(s.total_walk_minutes for s in in_week),
            max(during) if during else None, fmean(during) if during else None,
            sum(1 for s in running if next_morning_worse(log, s, protocol_on(plan, s.date))),
            fmean(pains) if pains else None, adherence,
            metrics.LoadWeek(week, load, ratio, flags)))
    return rows


def plain_series(pairs) -> series.Series:
    pairs = list(pairs)
    return series.Series(tuple(d for d, _ in pairs), tuple(float(v) for _, v in pairs))


def plain_threshold_steps(log: Log, plan: Plan, today: dt.date) -> series.Series:
    """The threshold of every day from the first entry to today, read day by day, with a
    corner pair wherever it changes."""
    firsts = [entries[0].date for entries in (log.check_ins, log.sessions) if entries]
    first = min(firsts) if firsts else today
    points = [(first, protocol_on(plan, first).pain.threshold)]
    day = first + DAY
    while day <= today:
        value = protocol_on(plan, day).pain.threshold
        if value != points[-1][1]:
            points += [(day, points[-1][1]), (day, value)]
        day += DAY
    points.append((max(today, first), points[-1][1]))
    return plain_series(points)


def plain_session_charts(log: Log, plan: Plan, today: dt.date) -> tuple:
    """The pain, run/walk and cadence charts, each from its own pass over the sessions."""
    after = sorted({(s.date + DAY, log.pain_on(s.date + DAY)) for s in log.sessions
                    if s.is_running and log.pain_on(s.date + DAY) is not None})
    pain = series.PainChart(
        plain_series((c.date, c.pain) for c in log.check_ins),
        plain_series((s.date, s.pain_during) for s in log.sessions
                     if s.pain_during is not None),
        plain_series(after), protocol_on(plan, today).pain.threshold, periods(log),
        plain_threshold_steps(log, plan, today))
    run_walk = series.RunWalkChart(
        plain_series((s.date, s.total_run_minutes / s.total_walk_minutes) for s in log.sessions
                     if s.kind is SessionKind.WALK_RUN and s.total_walk_minutes),
        plain_series((s.date, s.total_run_minutes) for s in log.sessions if s.is_running))
    bands = []
    for s in log.sessions:
        baselines = [b for b in log.cadence_baselines if b.date <= s.date]
        if s.cadence is not None and baselines:
            protocol = protocol_on(plan, s.date)
            steps = baselines[-1].steps_per_minute
            bands.append((s.date, (
                steps * (1 + protocol.mechanics.cadence_rise_min_percent / 100),
                steps * (1 + protocol.mechanics.cadence_rise_max_percent / 100))))
    kept = [point for i, point in enumerate(bands)
            if i in (0, len(bands) - 1) or point[1] != bands[i - 1][1]
            or point[1] != bands[i + 1][1]]
    cadence = series.CadenceChart(
        plain_series((s.date, s.cadence) for s in log.sessions if s.cadence is not None),
        plain_series((d, band[0]) for d, band in kept),
        plain_series((d, band[1]) for d, band in kept))
    return pain, run_walk, cadence


# --- the checks ----------------------------------------------------------------------------

@short_and_long(EXAMPLES, histories(), DAYS)
def test_the_protocol_on_a_day_is_the_base_with_every_change_up_to_it(history, offset):
    _, plan, _ = history
    day = MONDAY + offset * DAY
    assert plan.on(day) == protocol_on(plan, day)


@short_and_long(EXAMPLES, histories())
def test_the_weekly_summary_equals_a_plain_reading_of_every_week(history):
    log, plan, today = history
    rows = [tuple(getattr(row, f.name) for f in dataclasses.fields(row))
            for row in weekly_rows(log, plan, today)]
    assert same(rows, plain_weekly_rows(log, plan, today))


@short_and_long(EXAMPLES, histories())
def test_the_charts_equal_a_pass_per_chart_with_the_plan_read_per_run(history):
    log, plan, today = history
    charts = series.charts(log, plan, weekly_rows(log, plan, today), today)
    assert same((charts.pain, charts.run_walk, charts.cadence),
                plain_session_charts(log, plan, today))


@short_and_long(EXAMPLES, histories(), DAYS)
def test_the_cadence_baseline_on_a_day_is_the_last_recorded_by_then(history, offset):
    log, _, _ = history
    day = MONDAY + offset * DAY
    recorded = [b.steps_per_minute for b in log.cadence_baselines if b.date <= day]
    assert metrics.cadence_baseline_on(log, day) == (recorded[-1] if recorded else None)


def test_load_settings_are_the_protocols_load_section():
    protocol = BASE.with_overrides({"load.acute_days": 5, "load.ratio_high": 1.8})
    rules = protocol.load
    assert (rules.acute_days, rules.chronic_days, rules.ratio_high) == (
        5, BASE.load.chronic_days, 1.8)
    assert BASE.load.acute_days == 7
