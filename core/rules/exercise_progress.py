"""What strength work was done, exercise by exercise: the sets × reps (or hold) and load a
tick records, the last time's values to start the next session from, and each exercise's
progression over time for the physio (the Progress tab).

A tick whose done values are empty was done as its dose said, with no load noted (every
tick saved before schema version 7 reads so).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core import validate
from core.errors import InvalidInput
from core.model import ExerciseTick, Session, Variant, dose_text

# What the runner may record, as the protocol bounds a dose (core/rules/settings.py).
SETS_MAX, REPS_MAX, HOLD_SECONDS_MAX, LOAD_KG_MAX = 20, 100, 600, 500


def validate_done(exercise: ExerciseTick, done: Mapping[str, Any]) -> ExerciseTick:
    """``exercise`` with what was done: ``sets``, ``reps`` or ``hold_seconds`` (the one
    its dose counts) and ``load_kg``, each optional; anything else is refused by name."""
    hold = exercise.hold_seconds is not None
    allowed = {"sets", "hold_seconds" if hold else "reps", "load_kg"}
    unknown = set(done) - allowed
    if unknown:
        counted = "seconds held (hold_seconds)" if hold else "reps"
        wrong = sorted(unknown)[0]
        raise InvalidInput(wrong, f"{exercise.name} is counted in {counted}: "
                                  f"{wrong.replace('_', ' ')} cannot be recorded for it.")

    def whole(name: str, high: int) -> int | None:
        value = done.get(name)
        return None if value is None else validate.whole_number(name.replace("_", " "),
                                                                 value, 1, high)

    load = validate.optional_number("load", done.get("load_kg"), 0.1, LOAD_KG_MAX, "kg")
    return dataclasses.replace(
        exercise, done_sets=whole("sets", SETS_MAX), done_reps=whole("reps", REPS_MAX),
        done_hold_seconds=whole("hold_seconds", HOLD_SECONDS_MAX),
        load_kg=None if load is None else round(load, 2))


@dataclass(frozen=True)
class Done:
    """One exercise done on one day."""

    date: dt.date
    name: str
    variant: Variant
    sets: int
    reps: int | None  # as the dose counts: reps, or ...
    hold_seconds: int | None  # ... seconds held
    load_kg: float | None
    pain: int | None

    @property
    def amount(self) -> int:
        """Reps or seconds held per set."""
        return self.hold_seconds or self.reps or 0

    @property
    def volume(self) -> int:
        """Reps (or seconds held) in all: sets × reps."""
        return self.sets * self.amount

    @property
    def text(self) -> str:
        """"3 × 12 at 20 kg", "3 × 30 s hold"."""
        return dose_text(self.sets, self.reps, self.hold_seconds, self.load_kg)


def _done(day: dt.date, exercise: ExerciseTick) -> Done:
    sets, amount, load_kg = exercise.done
    hold = exercise.hold_seconds is not None
    return Done(day, exercise.name, exercise.variant, sets, None if hold else amount,
                amount if hold else None, load_kg, exercise.pain)


def last_done(sessions: Sequence[Session], key: str, before: dt.date) -> Done | None:
    """The latest time ``key`` was ticked before ``before``: what the next session starts
    from. ``sessions`` are strength sessions in date order (``log.sessions_of``): read
    from the newest: the last time is usually a few sessions back."""
    for session in reversed(sessions):
        if session.date >= before:
            continue
        for exercise in session.exercises:
            if exercise.key == key and exercise.ticked:
                return _done(session.date, exercise)
    return None


@dataclass(frozen=True)
class Progression:
    """One exercise's record over time, oldest first."""

    key: str
    name: str  # as last done
    done: tuple[Done, ...]

    @property
    def change(self) -> str:
        """From the first time to the latest, in words: "load 10 → 20 kg", "reps 8 → 12",
        "as at first" (empty with a single time)."""
        if len(self.done) < 2:
            return ""
        first, latest = self.done[0], self.done[-1]
        parts = []
        if (first.load_kg or 0) != (latest.load_kg or 0):
            parts.append(f"load {_kg(first.load_kg)} → {_kg(latest.load_kg)}")
        if first.sets != latest.sets:
            parts.append(f"sets {first.sets} → {latest.sets}")
        if first.amount != latest.amount:
            unit = "hold" if latest.hold_seconds else "reps"
            suffix = " s" if latest.hold_seconds else ""
            parts.append(f"{unit} {first.amount}{suffix} → {latest.amount}{suffix}")
        if first.variant is not latest.variant:
            parts.append(f"{first.variant.value} → {latest.variant.value} form")
        return ", ".join(parts) or "as at first"


def _kg(load: float | None) -> str:
    return f"{load:g} kg" if load else "none"


def progressions(sessions: Iterable[Session]) -> tuple[Progression, ...]:
    """Every exercise ever ticked, each with what was done on each day, in the order the
    exercises were first done. ``sessions`` are strength sessions in date order."""
    found: dict[str, list[Done]] = {}
    for session in sessions:
        for exercise in session.exercises:
            if exercise.ticked:
                found.setdefault(exercise.key, []).append(_done(session.date, exercise))
    return tuple(Progression(key, done[-1].name, tuple(done)) for key, done in found.items())


def summary_row(progression: Progression) -> tuple[str, str, str, str]:
    """A row of the Progress tab's exercise table: exercise, times done, latest, and the
    change since the first time."""
    first, latest = progression.done[0], progression.done[-1]
    change = progression.change
    since = (f"first time {first.date.isoformat()}" if not change else
             f"as at first ({first.date.isoformat()})" if change == "as at first" else
             f"{change} since {first.date.isoformat()}")
    return (progression.name, str(len(progression.done)),
            f"{latest.date.isoformat()}: {latest.text}", since)


def done_row(done: Done) -> tuple[str, str, str, str, str]:
    """A row of one exercise's record: date, form, done, in all, knee pain."""
    unit = " s" if done.hold_seconds else " reps"
    return (done.date.isoformat(), done.variant.value, done.text, f"{done.volume}{unit}",
            "—" if done.pain is None else f"{done.pain}/10")
