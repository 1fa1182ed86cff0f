"""What the log forms start with, and their words (issue 15): the walk–run form filled in
with today's prescription and saying so; a form showing the session stored for the day
picked; the question before a save replaces that session (its old and new values).

Pure: it reads a runner's view (core/views.py) and the sessions themselves; the sessions'
words are the journal's (core/journal.py), so a session reads the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.journal import session_text
from core.model import Session, SessionKind
from core.today_card import SESSION_WORDS

if TYPE_CHECKING:
    from core.rules.settings import Level
    from core.views import RunnerView


@dataclass(frozen=True)
class Filled:
    """What a form starts with (by the form's field names) and the line saying so."""

    fields: dict[str, object]
    words: str


def level_words(level: Level) -> str:
    """A ladder level in a few words: "level 3, 2 min run / 1 min walk × 8"."""
    if level.continuous:
        return f"level {level.number}, {level.run_minutes:g} min continuous run"
    return (f"level {level.number}, {level.run_minutes:g} min run / "
            f"{level.walk_minutes:g} min walk × {level.rounds}")


def level_fields(level: Level) -> dict[str, object]:
    """A level's plan as the walk–run form's fields (the runner changes what differed)."""
    return {"level": level.number, "rounds": level.rounds, "run_minutes": level.run_minutes,
            "walk_minutes": level.walk_minutes}


def walk_run_filled(view: RunnerView) -> Filled:
    """The walk–run form at the start: today's prescription (the ladder's level and its
    plan, as Today prescribes it), or the ladder's current level on a day with none."""
    level = view.protocol.level(view.walk_run_plan().level)
    what = level_words(level)
    if view.walk_run_today().level is not None:
        words = (f"Filled in with today's prescription: {what} — change it if you ran "
                 f"something else.")
    else:
        words = (f"Filled in with your current ladder level: {what}. No walk–run is "
                 f"prescribed today: log one only if you did it.")
    return Filled(level_fields(level), words)


def level_filled(view: RunnerView, number: int) -> Filled:
    """The walk–run form after the runner picked another level: that level's plan."""
    level = view.protocol.level(number)
    prescribed = view.walk_run_plan().level
    if level.number == prescribed:
        return walk_run_filled(view)
    return Filled(level_fields(level),
                  f"Filled in with the plan of {level_words(level)} (the ladder's level is "
                  f"{prescribed}) — change it if you ran something else.")


def kind_words(kind: SessionKind) -> str:
    """A kind of session as a form names one: "run", "cross-training session"."""
    if kind is SessionKind.CROSS_TRAINING:
        return "cross-training session"
    return SESSION_WORDS.get(kind, "session")


def showing_stored(stored: Session) -> str:
    """The line over a form showing the session stored for the day picked."""
    return (f"Showing the {kind_words(stored.kind)} logged on {stored.date.isoformat()}: "
            f"correct what was wrong. Saving asks before replacing it.")


def replace_question(stored: Session, new: Session) -> str:
    """The question before ``new`` replaces the session ``stored`` that day (its old and new
    values); a walk–run says that only one a day counts."""
    kind = kind_words(stored.kind)
    one_a_day = ("; only one a day counts" if stored.kind is SessionKind.WALK_RUN else "")
    return (f"A {kind} is already logged on {stored.date.isoformat()} "
            f"({session_text(stored)}){one_a_day}. Replace it with this one "
            f"({session_text(new)})?")


def another_words(kind: SessionKind) -> str:
    """The answer that keeps the stored session and saves the new one beside it (a kind
    that may be logged more than once a day)."""
    return f"Save as another {kind_words(kind)}"
