"""The questionnaires a runner took, read as a physio reads them: each instrument's scores
over time, each against the first score (the baseline), and which questionnaires are due
today and why. Pure: it reads only its arguments (``core.model.Questionnaire`` values).

A set is due by instrument: ``schedule.due`` over the days each instrument was taken, so
a set taken in part leaves the rest due, and an instrument the physio adds later is due
at once (its first score). Only the most pressing occasion among them is named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from core.model import Questionnaire, StageEvent
from core.outcomes.instruments import INSTRUMENTS, Instrument, InstrumentKey
from core.outcomes.schedule import TO_TAKE, Due, DueReason, due
from core.outcomes.scoring import Change, Score, compare, score

# The order occasions press in (schedule.due names them in the same order).
_PRESSING = (DueReason.DISCHARGE, DueReason.SETUP, DueReason.STAGE_CHANGE, DueReason.INTERVAL)


@dataclass(frozen=True)
class Scored:
    """A questionnaire with its score and its change from the baseline. ``change`` is
    None for the baseline itself, for a questionnaire without a score (too few answered:
    ``score.reason``) and for one taken before any scored one."""

    questionnaire: Questionnaire
    score: Score
    change: Change | None
    baseline: bool = False  # the first scored questionnaire of its instrument

    @property
    def date(self) -> dt.date:
        return self.questionnaire.date


@dataclass(frozen=True)
class History:
    """One instrument's questionnaires, oldest first (by day, then as saved)."""

    instrument: Instrument
    taken: tuple[Scored, ...]

    @property
    def baseline(self) -> Scored | None:
        """The first questionnaire with a score: every change is measured from it."""
        return next((each for each in self.taken if each.baseline), None)

    @property
    def latest(self) -> Scored | None:
        """The latest questionnaire with a score."""
        return next((each for each in reversed(self.taken) if each.score.scored), None)


def history(instrument: Instrument, questionnaires: Iterable[Questionnaire]) -> History:
    """``instrument``'s history from ``questionnaires`` (those of other instruments are
    left out)."""
    mine = sorted((q for q in questionnaires if q.instrument == instrument.key),
                  key=lambda q: (q.date, q.id))
    first: Score | None = None
    taken = []
    for questionnaire in mine:
        result = score(instrument, questionnaire.answers)
        is_first = first is None and result.scored
        if is_first:
            first = result
        change = None if first is None or is_first else compare(instrument, first, result)
        taken.append(Scored(questionnaire, result, change, is_first))
    return History(instrument, tuple(taken))


def histories(questionnaires: Iterable[Questionnaire],
              used: Iterable[InstrumentKey]) -> tuple[History, ...]:
    """The history of each instrument used, then of any other taken, in the instruments'
    order (AKPS, KOOS-PF, UWRI, PSFS)."""
    questionnaires = tuple(questionnaires)
    shown = set(used) | {q.instrument for q in questionnaires}
    return tuple(history(each, questionnaires) for key, each in INSTRUMENTS.items()
                 if key in shown)


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
