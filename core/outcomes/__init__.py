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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.outcomes.history import History, Scored, histories, history
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
    from core.outcomes.schedule import DUE_WORDS, TO_TAKE, Due, DueReason, SetDue, due, set_due
    from core.outcomes.scoring import (
        Change,
        Score,
        Verdict,
        classify,
        compare,
        score,
        validate_answers,
    )

# Each name from the module that defines it, loaded when first asked for: Today asks only
# what is due (schedule, instruments) at start-up, not the scoring or the histories.
_HOMES = {
    "history": ("History", "Scored", "histories", "history"),
    "instruments": ("AKPS", "INSTRUMENTS", "KOOS_PF", "PSFS", "UWRI", "Activities", "Answer",
                    "Instrument", "InstrumentKey", "Item", "Method", "instrument"),
    "schedule": ("DUE_WORDS", "TO_TAKE", "Due", "DueReason", "SetDue", "due", "set_due"),
    "scoring": ("Change", "Score", "Verdict", "classify", "compare", "score",
                "validate_answers"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "AKPS", "DUE_WORDS", "INSTRUMENTS", "KOOS_PF", "PSFS", "TO_TAKE", "UWRI", "Activities",
    "Answer", "Change", "Due", "DueReason", "History", "Instrument", "InstrumentKey", "Item",
    "Method", "Score", "Scored", "SetDue", "Verdict", "classify", "compare", "due",
    "histories", "history", "instrument", "score", "set_due", "validate_answers",
]


def __getattr__(name: str) -> Any:
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'core.outcomes' has no attribute {name!r}")
    return getattr(importlib.import_module(f"core.outcomes.{module}"), name)
