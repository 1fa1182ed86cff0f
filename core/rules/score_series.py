"""The data behind an outcome score's chart: the scores over time and the meaningful-change
band drawn from the first score (docs/RULES.md, "Outcome questionnaires").

A score inside the band has not changed meaningfully since the first; one on or beyond
its edge has (a change equal to the meaningful change counts, as ``outcomes.classify``
judges it). Pure: it reads only the history it is given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.rules.series import Series

if TYPE_CHECKING:
    from core.outcomes import History, Instrument


@dataclass(frozen=True)
class ScoreChart:
    """One instrument's scored questionnaires, oldest first, and the band around the first
    score: ``baseline`` ± ``meaningful_change``, kept within the instrument's range
    (``band_low``, ``band_high``), from ``band_start`` (the first score's date) to
    ``band_end`` (the latest score's date, or today if later). No score yet: the band
    values are None."""

    instrument: Instrument
    scores: Series
    baseline: float | None = None
    meaningful_change: float = 0.0
    band_low: float | None = None
    band_high: float | None = None
    band_start: dt.date | None = None
    band_end: dt.date | None = None


def score_chart(history: History, today: dt.date) -> ScoreChart:
    """The chart of ``history``: every questionnaire with a score (one without is left out)
    and the band around the first. The PSFS's band is 3 points wide, not 2, when its first
    score rated one activity (the meaningful change ``outcomes.compare`` uses then)."""
    instrument = history.instrument
    scored = [each for each in history.taken if each.score.value is not None]
    scores = Series(tuple(each.date for each in scored),
                    tuple(float(each.score.value or 0.0) for each in scored))
    first = history.baseline
    if first is None or first.score.value is None:
        return ScoreChart(instrument, scores)
    meaningful = instrument.meaningful_change
    if instrument.meaningful_change_one_activity is not None and first.score.answered == 1:
        meaningful = instrument.meaningful_change_one_activity
    baseline = first.score.value
    return ScoreChart(instrument, scores, baseline, meaningful,
                      band_low=max(instrument.low, baseline - meaningful),
                      band_high=min(instrument.high, baseline + meaningful),
                      band_start=first.date, band_end=max(scores.dates[-1], today))
