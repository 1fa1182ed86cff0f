"""The outcome questionnaires a physio measures progress with: each instrument declared
once (``instruments``), its scoring and the change that matters (``scoring``), and when a
set is due (``schedule``). Pure Python: no storage, no Qt.

    from core.outcomes import AKPS, score, compare, due
    baseline = score(AKPS, first_answers)
    change = compare(AKPS, baseline, score(AKPS, later_answers))  # change.verdict

docs/RULES.md, "Outcome questionnaires", names each instrument, its scoring, its
meaningful change and its source.
"""

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
from core.outcomes.schedule import DUE_WORDS, Due, DueReason, due
from core.outcomes.scoring import Change, Score, Verdict, classify, compare, score, validate_answers

__all__ = [
    "AKPS", "DUE_WORDS", "INSTRUMENTS", "KOOS_PF", "PSFS", "UWRI", "Activities", "Answer",
    "Change", "Due", "DueReason", "Instrument", "InstrumentKey", "Item", "Method", "Score",
    "Verdict", "classify", "compare", "due", "instrument", "score", "validate_answers",
]
