"""The weekly summary a physio reads: one row per ISO week of the programme."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.model import Log, Session, Stage
from core.rules.metrics import WEEK, AdherenceWeek, LoadWeek, adherence_weeks, load_weeks, monday
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


def programme_weeks(log: Log, today: dt.date, last: int | None = None) -> list[dt.date]:
    """Mondays from the programme's first week to this one (only the ``last`` few, if
    given: their cost does not grow with the history)."""
    dates = [d for d in (log.profile.start_date if log.profile else None,
                         log.check_ins[0].date if log.check_ins else None,
                         log.sessions[0].date if log.sessions else None) if d]
    if not dates or (last is not None and last <= 0):
        return []
    week, final = monday(min(dates)), monday(max(today, _last_entry(log) or today))
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
    weeks = programme_weeks(log, today, last)
    if not weeks:
        return []
    stage_periods = periods(log)
    adherence = adherence_weeks(log, plan, stage_periods, weeks)
    loads = load_weeks(log, plan, weeks, today)
    sessions: dict[dt.date, list[Session]] = {w: [] for w in weeks}
    pains: dict[dt.date, list[int]] = {w: [] for w in weeks}
    for session in log.sessions.since(weeks[0]):
        sessions.setdefault(monday(session.date), []).append(session)
    for check_in in log.check_ins.since(weeks[0]):
        pains.setdefault(monday(check_in.date), []).append(check_in.pain)
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
