"""Which stage the runner was in on any day: read from the stage events alone.

The walk–run engine needs it (walk–runs before stage 4 move nothing) and so do the stage
rules, the summaries and the charts; it depends on nothing but the log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.model import Log, Stage, StageEventKind

CHANGES_STAGE = (StageEventKind.START, StageEventKind.ACCEPTED, StageEventKind.SET)


@dataclass(frozen=True)
class StagePeriod:
    stage: Stage
    start: dt.date
    end: dt.date | None  # None: still in it


def current_stage(log: Log) -> Stage | None:
    """The stage set by the latest start, accepted move or physio setting."""
    for event in reversed(log.stage_events):
        if event.kind in CHANGES_STAGE:
            return event.to_stage
    return None


def periods(log: Log) -> tuple[StagePeriod, ...]:
    """The stage periods in order, for shading charts and labelling weeks."""
    result: list[StagePeriod] = []
    for event in log.stage_events:
        if event.kind not in CHANGES_STAGE:
            continue
        if result and result[-1].start == event.date:
            result.pop()  # two changes on one day: the later one stands
        if result:
            result[-1] = StagePeriod(result[-1].stage, result[-1].start, event.date)
        result.append(StagePeriod(event.to_stage, event.date, None))
    return tuple(result)


def stage_on(stage_periods: tuple[StagePeriod, ...], day: dt.date) -> Stage | None:
    stage = None
    for period in stage_periods:
        if period.start <= day:
            stage = period.stage
    return stage
