"""When a set of outcome questionnaires is due: at setup (the baseline), at each stage
change, every few weeks (the setting ``outcomes.every_weeks``) and at discharge.

A set is due by instrument (``set_due``): ``due`` over the days each instrument was
taken, so a set taken in part leaves the rest due, and an instrument the physio adds
later is due at once (its first score). Today asks this at start-up: this module loads
without the scoring (core/outcomes/scoring.py) or the histories.

The discharge is the physio's (``Runback.discharge``, undone by ``reopen``); the caller
passes its date, the one in force, if any. Entering stage 5 is a stage change like any
other: only a discharge ends the programme. Once discharged, the set at discharge is the
last: when it is taken nothing more falls due (no interval, no stage change) until the
programme is re-opened.

One set answers every occasion: a set taken on or after the day something fell due
settles it, and only the most pressing occasion is named (discharge, then setup, then
the latest stage change, then the interval). Pure: it reads only its arguments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from core.model import Questionnaire, Stage, StageEvent, StageEventKind
from core.outcomes.instruments import INSTRUMENTS, Instrument, InstrumentKey

# A stage change: a suggestion accepted, or a stage set. The start is the setup itself.
_CHANGES = (StageEventKind.ACCEPTED, StageEventKind.SET)


class DueReason(StrEnum):
    DISCHARGE = "discharge"
    SETUP = "setup"
    STAGE_CHANGE = "stage_change"
    INTERVAL = "interval"


# Every word the runner reads about a questionnaire being due, in one place.
DUE_WORDS = {
    DueReason.DISCHARGE: "Outcome questionnaires are due: the last set, at discharge "
                         "({since}).",
    DueReason.SETUP: "Outcome questionnaires are due: the first set, to measure where you "
                     "start.",
    DueReason.STAGE_CHANGE: "Outcome questionnaires are due: you moved to stage {stage} "
                            "({title}) on {since}.",
    DueReason.INTERVAL: "Outcome questionnaires are due: {weeks} since the last set "
                        "({last}).",
}
# ... followed by which to take (core/outcomes/history.py, ``SetDue.words``).
TO_TAKE = "To take: {names}."


@dataclass(frozen=True)
class Due:
    """A set is due: why (``reason``), since when, and the words that say so. ``stage``
    is the stage moved to, for a stage change."""

    reason: DueReason
    since: dt.date
    words: str
    stage: Stage | None = None


def due(start_date: dt.date, stage_events: Iterable[StageEvent], taken: Iterable[dt.date],
        every_weeks: int, today: dt.date, discharge: dt.date | None = None) -> Due | None:
    """The set due ``today``, or None.

    :param start_date: the profile's start date: the baseline falls due on it.
    :param stage_events: the runner's stage events; accepted moves and stages set (to
        another stage) are stage changes, the start and suggestions are not.
    :param taken: the days a set of questionnaires was taken.
    :param every_weeks: the interval: due again this many weeks (× 7 days) after the last
        set, on that day exactly.
    :param discharge: the day of the discharge in force, if any: a set is due on it, and
        once one is taken on or after it, none after.

    Dates after ``today`` are not read: a set or a stage move cannot come from the future.
    """
    days = [day for day in taken if day <= today]
    last = max(days, default=None)
    if discharge is not None and discharge <= today:
        if last is not None and last >= discharge:
            return None  # the last set is taken: the programme is finished
        return Due(DueReason.DISCHARGE, discharge,
                   DUE_WORDS[DueReason.DISCHARGE].format(since=discharge.isoformat()))
    if last is None:
        return Due(DueReason.SETUP, min(start_date, today), DUE_WORDS[DueReason.SETUP])
    changes = [event for event in stage_events
               if event.kind in _CHANGES and event.from_stage != event.to_stage
               and last < event.date <= today]
    if changes:
        change = max(changes, key=lambda event: (event.date, event.id))
        words = DUE_WORDS[DueReason.STAGE_CHANGE].format(
            stage=int(change.to_stage), title=change.to_stage.title,
            since=change.date.isoformat())
        return Due(DueReason.STAGE_CHANGE, change.date, words, change.to_stage)
    next_day = last + dt.timedelta(weeks=every_weeks)
    if today >= next_day:
        weeks = f"{every_weeks} week{'s' * (every_weeks != 1)}"
        words = DUE_WORDS[DueReason.INTERVAL].format(weeks=weeks, last=last.isoformat())
        return Due(DueReason.INTERVAL, next_day, words)
    return None


# The order occasions press in (``due`` names them in the same order).
_PRESSING = (DueReason.DISCHARGE, DueReason.SETUP, DueReason.STAGE_CHANGE, DueReason.INTERVAL)


@dataclass(frozen=True)
class SetDue:
    """Questionnaires due today: each with why (``owed``, in the instruments' order), the
    most pressing occasion among them (``due``) and which to take (``instruments``)."""

    owed: tuple[tuple[Instrument, Due], ...]

    @property
    def due(self) -> Due:
        """The most pressing occasion; among equals, the one that fell due first."""
        return min((found for _, found in self.owed),
                   key=lambda found: (_PRESSING.index(found.reason), found.since))

    @property
    def instruments(self) -> tuple[Instrument, ...]:
        return tuple(each for each, _ in self.owed)

    @property
    def words(self) -> str:
        """"Outcome questionnaires are due: … To take: AKPS, UWRI." — one sentence for each
        occasion when the instruments are due for different ones (a new instrument's
        first set beside the others' four-weekly one), most pressing first."""
        groups: dict[str, list[Instrument]] = {}
        for each, found in sorted(self.owed, key=lambda pair: (
                _PRESSING.index(pair[1].reason), pair[1].since)):
            groups.setdefault(found.words, []).append(each)
        return " ".join(f"{words} {TO_TAKE.format(names=', '.join(e.short_name for e in owed))}"
                        for words, owed in groups.items())


def set_due(start_date: dt.date, stage_events: Iterable[StageEvent],
            questionnaires: Iterable[Questionnaire], used: Iterable[InstrumentKey],
            every_weeks: int, today: dt.date, discharge: dt.date | None = None
            ) -> SetDue | None:
    """The questionnaires of ``used`` due ``today`` (each as ``schedule.due`` finds it over
    the days it was taken), or None when none is."""
    stage_events, wanted = tuple(stage_events), set(used)
    days: dict[InstrumentKey, list[dt.date]] = {}
    for questionnaire in questionnaires:
        days.setdefault(questionnaire.instrument, []).append(questionnaire.date)
    owed: list[tuple[Instrument, Due]] = []
    for key, each in INSTRUMENTS.items():
        if key not in wanted:
            continue
        found = due(start_date, stage_events, days.get(key, ()), every_weeks, today, discharge)
        if found is not None:
            owed.append((each, found))
    return SetDue(tuple(owed)) if owed else None
