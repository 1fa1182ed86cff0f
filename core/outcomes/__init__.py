"""The outcome questionnaires a physio measures progress with: each instrument declared
once (``instruments``), its scoring and the change that matters (``scoring``), and when a
set is due (``schedule``), and a runner's questionnaires read as histories against the
first score and the set due today (``history``). Pure Python: no storage, no Qt.

    from core.outcomes import AKPS, score, compare, due
    baseline = score(AKPS, first_answers)
    change = compare(AKPS, baseline, score(AKPS, later_answers))  # change.verdict

docs/RULES.md, "Outcome questionnaires", names each instrument, its scoring, its
meaningful change and its source.
"""

from core.outcomes.history import History, Scored, SetDue, histories, history, set_due
from core.outcomes.instruments import (
    AKPS,
    INSTRUMENTS,
    KOOS_PF,
    PSFS,
    UWRI,
    Activities,
    Answer,
    Instrument,
    InstrumentKey,
    Item,
    Method,
    instrument,
)
from core.outcomes.schedule import DUE_WORDS, TO_TAKE, Due, DueReason, due
from core.outcomes.scoring import Change, Score, Verdict, classify, compare, score, validate_answers

__all__ = [
    "AKPS", "DUE_WORDS", "INSTRUMENTS", "KOOS_PF", "PSFS", "TO_TAKE", "UWRI", "Activities",
    "Answer", "Change", "Due", "DueReason", "History", "Instrument", "InstrumentKey", "Item",
    "Method", "Score", "Scored", "SetDue", "Verdict", "classify", "compare", "due",
    "histories", "history", "instrument", "score", "set_due", "validate_answers",
]
