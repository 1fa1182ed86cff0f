"""Scoring a questionnaire and judging its change against the first one (the baseline).

``score`` turns answers into a score, or into none with the reason when too few items
were answered; ``validate_answers`` refuses an answer that is not one of an item's, or an
item the instrument does not have, with ``InvalidInput``. ``compare`` sets a score against
the baseline: a change at least the instrument's meaningful change, in the better
direction, is "improved"; as large in the worse direction, "worse"; smaller, "no
meaningful change". Sources: docs/RULES.md, "Outcome questionnaires".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from core import validate
from core.errors import InvalidInput
from core.outcomes.instruments import Activities, Instrument, InstrumentKey, Method

# Scores are compared to a millionth: a PSFS mean of 23/3 against 17/3 is a change of
# exactly 2, though the two floats differ by 1.9999999999999996.
PLACES = 6


@dataclass(frozen=True)
class Score:
    """A questionnaire's score: ``value`` None when too few items were answered, and
    ``reason`` then says so. ``answered`` counts the items (PSFS: activities) answered."""

    instrument: InstrumentKey
    value: float | None
    answered: int
    reason: str = ""

    @property
    def scored(self) -> bool:
        return self.value is not None


class Verdict(StrEnum):
    IMPROVED = "improved"
    NO_MEANINGFUL_CHANGE = "no meaningful change"
    WORSE = "worse"


@dataclass(frozen=True)
class Change:
    """A score against the baseline: ``points`` is current − baseline (to a millionth);
    ``meaningful_change`` the smallest change that counts for this pair."""

    points: float
    meaningful_change: float
    verdict: Verdict

    @property
    def meaningful(self) -> bool:
        return self.verdict is not Verdict.NO_MEANINGFUL_CHANGE

    def describe(self, instrument: Instrument) -> str:
        """"+12 since the first: improved (10 or more matters)"."""
        sign = "+" if self.points > 0 else ("−" if self.points < 0 else "±")
        return (f"{sign}{instrument.shown(abs(self.points))} since the first: "
                f"{self.verdict.value} ({instrument.shown(self.meaningful_change)} or more "
                f"matters)")


def validate_answers(instrument: Instrument, answers: object) -> dict[str, int]:
    """The answers given, by item key (PSFS: by activity name), in the instrument's order;
    an item left out or answered None is unanswered. Raises ``InvalidInput`` for an item
    the instrument does not have or an answer not among the item's."""
    if not isinstance(answers, Mapping):
        raise InvalidInput("answers", f"The {instrument.short_name} answers must be given "
                                      f"item by item (got {answers!r}).")
    if instrument.activities is not None:
        return _activities(instrument, instrument.activities, answers)
    for key in answers:
        if not isinstance(key, str) or instrument.item(key) is None:
            raise InvalidInput("answers", f"The {instrument.short_name} has no item {key!r}; "
                                          f"its items are "
                                          f"{', '.join(i.key for i in instrument.items)}.")
    clean = {}
    for item in instrument.items:
        value = answers.get(item.key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value not in item.points:
            allowed = ", ".join(str(p) for p in item.points)
            raise InvalidInput(item.key, f"{instrument.short_name}, “{item.label}”: "
                                         f"{value!r} is not one of its answers ({allowed}).")
        clean[item.key] = value
    return clean


def _activities(instrument: Instrument, activities: Activities,
                answers: Mapping) -> dict[str, int]:
    if len(answers) > activities.most:
        raise InvalidInput("answers", f"The {instrument.short_name} rates at most "
                                      f"{activities.most} activities (got {len(answers)}).")
    clean: dict[str, int] = {}
    seen: set[str] = set()
    for name, rating in answers.items():
        validate.name(name, "activity", activities.name_max_chars)
        folded = name.strip().casefold()
        if folded in seen:
            raise InvalidInput("activity", f"The activity “{name.strip()}” is named twice; "
                                           f"name each once.")
        seen.add(folded)
        if rating is None:
            continue
        if (isinstance(rating, bool) or not isinstance(rating, int)
                or not activities.low <= rating <= activities.high):
            raise InvalidInput("rating", f"The rating of “{name.strip()}” must be a whole "
                                         f"number from {activities.low} to {activities.high} "
                                         f"(got {rating!r}).")
        clean[name.strip()] = rating
    return clean


def score(instrument: Instrument, answers: object) -> Score:
    """The instrument's score from ``answers`` (item key → points; PSFS: activity name →
    rating), validated first. Too few answered (fewer than ``fewest_answered``: every item
    of the AKPS and UWRI, half the KOOS-PF's 11 rounded up to 6, one PSFS activity): no
    score, and the reason."""
    clean = validate_answers(instrument, answers)
    answered = len(clean)
    if answered < instrument.fewest_answered:
        return Score(instrument.key, None, answered, _too_few(instrument, answered))
    total = sum(clean.values())
    # Whole numbers divided once: Python rounds an int / int correctly, so each score is
    # the float nearest its exact value (no fractions module: it costs start-up ~4 ms).
    if instrument.method is Method.SUM:
        value = float(total)
    elif instrument.method is Method.KOOS:
        value = (100 * answered - 25 * total) / answered  # 100 − mean × 25
    else:
        value = total / answered
    return Score(instrument.key, value, answered)


def _too_few(instrument: Instrument, answered: int) -> str:
    if instrument.activities is not None:
        return (f"No activity rated: the {instrument.short_name} needs at least "
                f"{instrument.fewest_answered}.")
    total = len(instrument.items)
    needed = ("every item" if instrument.fewest_answered == total
              else f"at least {instrument.fewest_answered} (half, rounded up)")
    return (f"{answered} of {total} items answered: the {instrument.short_name} needs "
            f"{needed}.")


def classify(points: float, meaningful_change: float,
             higher_is_better: bool = True) -> Verdict:
    """A change of ``points`` (current − baseline) judged against the meaningful change.
    A change *equal* to the meaningful change counts: with the AKPS's 10, +10 is
    "improved", +9 "no meaningful change", −10 "worse". Compared to a millionth."""
    gain = round(points if higher_is_better else -points, PLACES)
    if gain >= meaningful_change:
        return Verdict.IMPROVED
    if gain <= -meaningful_change:
        return Verdict.WORSE
    return Verdict.NO_MEANINGFUL_CHANGE


def compare(instrument: Instrument, baseline: Score, current: Score) -> Change | None:
    """``current`` against ``baseline`` (the first score), or None when either has no
    score. A PSFS of one activity, at either time, needs the larger change (3, not 2).
    A change equal to the meaningful change counts as meaningful (``classify``)."""
    for given in (baseline, current):
        if given.instrument != instrument.key:
            raise InvalidInput("instrument", f"A {given.instrument.value} score cannot be "
                                             f"compared as a {instrument.short_name} one.")
    if baseline.value is None or current.value is None:
        return None
    meaningful = instrument.meaningful_change
    if (instrument.meaningful_change_one_activity is not None
            and 1 in (baseline.answered, current.answered)):
        meaningful = instrument.meaningful_change_one_activity
    points = round(current.value - baseline.value, PLACES)
    return Change(points, meaningful, classify(points, meaningful, instrument.higher_is_better))
