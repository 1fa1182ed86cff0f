"""Checks at the edge of core: every value a user types passes through one of these.

Each returns the clean value or raises ``InvalidInput`` with a message that says what
is wrong and what is accepted.
"""

from __future__ import annotations

import datetime as dt
import math
from enum import Enum
from typing import TypeVar

from core.errors import InvalidInput

NOTES_MAX_CHARS = 5000
# The earliest day the runner file holds (a start date, any entry): no knee rehab logged
# in Runback began before Unix time did, and a year-1 date breaks date arithmetic.
EARLIEST_DAY = dt.date(1970, 1, 1)
# The latest: a row another program dated far ahead would make every weekly table run to it.
LATEST_DAY = dt.date(2099, 12, 31)
# Tab, line feed and carriage return are kept in notes; other control characters are not text.
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}

E = TypeVar("E", bound=Enum)


def _shown(value: object) -> str:
    """The value as a message shows it; a number too big for a float must not break it."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return f"{value:g}"
        except OverflowError:
            return "a number too large to show"
    return repr(value)


def whole_number(field: str, value: object, low: int, high: int, unit: str = "") -> int:
    """An integer from ``low`` to ``high``; floats with a fraction, bools and text are refused."""
    shown = f" {unit}" if unit else ""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(field, f"{field.capitalize()} must be a whole number from {low} to "
                                  f"{high}{shown} (got {_shown(value)}).")
    if not low <= value <= high:
        raise InvalidInput(field, f"{field.capitalize()} must be from {low} to {high}{shown} "
                                  f"(got {_shown(value)}).")
    return value


def pain(value: object, field: str = "pain") -> int:
    """Pain on the 0–10 numeric rating scale."""
    return whole_number(field, value, 0, 10, "on the 0–10 scale")


def optional_pain(value: object, field: str = "pain") -> int | None:
    return None if value is None else pain(value, field)


def effort(value: object, field: str = "effort") -> int:
    """Session effort (RPE) on a 0–10 scale."""
    return whole_number(field, value, 0, 10, "on the 0–10 scale")


def number(field: str, value: object, low: float, high: float, unit: str,
           allow_zero: bool = False) -> float:
    """A finite number within range; zero only where ``allow_zero``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            isinstance(value, float) and not math.isfinite(value)):
        raise InvalidInput(field, f"{field.capitalize()} must be a number of {unit} "
                                  f"(got {_shown(value)}).")
    if value == 0 and allow_zero:
        return 0.0
    if value <= 0 and not allow_zero:
        raise InvalidInput(field, f"{field.capitalize()} must be more than 0 {unit} "
                                  f"(got {_shown(value)}).")
    if not low <= value <= high:
        raise InvalidInput(field, f"{field.capitalize()} must be from {low:g} to {high:g} "
                                  f"{unit} (got {_shown(value)}).")
    return float(value)


def minutes(value: object, field: str = "minutes", high: float = 600) -> float:
    """A session's duration: more than 0, at most 10 hours."""
    return number(field, value, 0.5, high, "minutes")


def optional_number(field: str, value: object, low: float, high: float, unit: str
                    ) -> float | None:
    return None if value is None else number(field, value, low, high, unit)


def cadence(value: object, field: str = "cadence") -> int:
    """Steps per minute, as a running watch reports them."""
    return whole_number(field, value, 100, 250, "steps per minute")


def optional_cadence(value: object) -> int | None:
    return None if value is None else cadence(value)


def choice(enum: type[E], value: object, field: str) -> E:
    """A member of ``enum``, given as the member or its value."""
    try:
        return enum(value)
    except ValueError:
        options = ", ".join(str(m.value) for m in enum)
        raise InvalidInput(field, f"{field.capitalize()} must be one of {options} "
                                  f"(got {value!r}).") from None


def day(value: object, today: dt.date, start: dt.date | None = None,
        field: str = "date") -> dt.date:
    """A calendar date, not in the future and not before the programme started."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidInput(field, f"{field.capitalize()} must be a calendar date "
                                  f"(got {value!r}).")
    if value > today:
        raise InvalidInput(field, f"{field.capitalize()} {value.isoformat()} is in the future; "
                                  f"log what has happened, up to today ({today.isoformat()}).")
    if start is not None and value < start:
        raise InvalidInput(field, f"{field.capitalize()} {value.isoformat()} is before the "
                                  f"programme started ({start.isoformat()}).")
    if value < EARLIEST_DAY:
        raise InvalidInput(field, f"{field.capitalize()} {value.isoformat()} is before "
                                  f"{EARLIEST_DAY.year}; give a date from "
                                  f"{EARLIEST_DAY.isoformat()} on.")
    return value


def notes(value: object, field: str = "notes") -> str:
    """Free text, kept exactly as typed (emoji, any script) but bounded and printable."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(field, f"{field.capitalize()} must be text "
                                  f"(got {type(value).__name__}).")
    if len(value) > NOTES_MAX_CHARS:
        raise InvalidInput(field, f"{field.capitalize()} are too long: {len(value):,} characters; "
                                  f"keep them under {NOTES_MAX_CHARS:,}.")
    wrong = control_character(value)
    if wrong:
        raise InvalidInput(field, f"{field.capitalize()} contain {wrong}; remove it and save "
                                  f"again.")
    return value


def control_character(text: str) -> str | None:
    """What makes ``text`` not printable text, or None: a control character other than tab
    and line breaks (C0, DEL, C1 such as a terminal escape), or a lone surrogate."""
    for char in text:
        code = ord(char)
        if (code < 32 or 127 <= code <= 159) and char not in _ALLOWED_CONTROLS:
            return f"a control character (code {code})"
        if 0xD800 <= code <= 0xDFFF:
            return "a broken character (a lone surrogate)"
    return None


def name(value: object, field: str, max_chars: int) -> str:
    """A short name on one line (an exercise, a drill): printable, 1 to ``max_chars``
    characters, no tab or line break."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(field, f"{field.capitalize()} must be a name of 1–{max_chars} "
                                  f"characters (got {_shown(value)}).")
    if len(value) > max_chars:
        raise InvalidInput(field, f"{field.capitalize()} is too long: {len(value)} "
                                  f"characters; keep it to {max_chars}.")
    wrong = control_character(value) or next(
        (f"a {what}" for char, what in (("\t", "tab"), ("\n", "line break"),
                                        ("\r", "line break")) if char in value), None)
    if wrong:
        raise InvalidInput(field, f"{field.capitalize()} contains {wrong}; remove it and "
                                  f"save again.")
    return value


def flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(field, f"{field.capitalize()} must be yes or no (got {value!r}).")
    return value


def optional_percent(field: str, value: object, low: float = 0, high: float = 200
                     ) -> float | None:
    """A percentage (a limb symmetry index, flexion against the other knee), or None: not
    measured."""
    if value is None:
        return None
    return number(field, value, low, high, "%", allow_zero=True)


def recent_day(value: object, today: dt.date, years: int, field: str) -> dt.date:
    """A calendar date, not in the future and at most ``years`` years ago."""
    value = day(value, today, field=field)
    try:
        earliest = today.replace(year=today.year - years)
    except ValueError:  # 29 February, and the year ``years`` back has none
        earliest = today.replace(year=today.year - years, day=28)
    if value < earliest:
        raise InvalidInput(field, f"{field.capitalize()} {value.isoformat()} is more than "
                                  f"{years} years ago; check the year (the earliest accepted "
                                  f"is {earliest.isoformat()}).")
    return value
