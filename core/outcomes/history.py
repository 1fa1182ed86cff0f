"""The questionnaires a runner took, read as a physio reads them: each instrument's scores
over time, each against the first score (the baseline). Pure: it reads only its
arguments (``core.model.Questionnaire`` values). Which are due today: core/outcomes/schedule.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from core.model import Questionnaire
from core.outcomes.instruments import INSTRUMENTS, Instrument, InstrumentKey
from core.outcomes.scoring import Change, Score, compare, score


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
