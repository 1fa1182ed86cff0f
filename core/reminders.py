"""Reminders: whether one is due now, and what it says (the tray shows it: ui/reminders.py).

Opt-in and off by default. At the chosen time each day, while the app runs, the runner is
reminded of the morning check-in if it is not in yet and, from stage 2 on, of a strength
session if one is due today. Runback's plan has no fixed strength days: a strength day
is any day the week's target (``strength.sessions_per_week``) is not met yet and no
session is complete today (``core/rules/today.py`` ``strength_due``). Each kind fires at
most once a day; the window remembers the last day each fired.

No network and no service: nothing here runs when the app is closed.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass

from core import today_card

DEFAULT_TIME = dt.time(8, 0)


class Kind(enum.Enum):
    CHECK_IN = "check_in"
    STRENGTH = "strength"


@dataclass(frozen=True)
class ReminderSettings:
    """What the runner chose (File → Reminders…, or once at the first-run setup)."""

    enabled: bool = False
    time: dt.time = DEFAULT_TIME
    strength: bool = True  # also on strength days


@dataclass(frozen=True)
class Facts:
    """What the reminders read of the runner's file (``RunnerView.reminder_facts``)."""

    set_up: bool  # the first-run setup is done
    checked_in: bool  # a check-in is stored for today
    strength_due: str | None  # why a strength session is due today, or None
    finished: bool = False  # discharged by the physio: the programme is over


@dataclass(frozen=True)
class Reminder:
    kinds: tuple[Kind, ...]  # what it reminds of (each now fired for today)
    title: str
    text: str


def waiting(settings: ReminderSettings, now: dt.datetime,
            fired: Mapping[Kind, dt.date]) -> bool:
    """Whether a reminder may be due now at all (cheap: the file is not read): enabled,
    the time reached, and some kind not yet fired today."""
    return (settings.enabled and now.time() >= settings.time
            and any(fired.get(kind) != now.date() for kind in _kinds(settings)))


def due(settings: ReminderSettings, now: dt.datetime, facts: Facts,
        fired: Mapping[Kind, dt.date]) -> Reminder | None:
    """The reminder to show now, or None.

    :param settings: the runner's choice (off: never anything).
    :param now: the local date and time.
    :param facts: today's check-in and strength session, from the runner's file.
    :param fired: the last day each kind of reminder was shown.
    """
    if not waiting(settings, now, fired) or not facts.set_up or facts.finished:
        return None
    today = now.date()
    kinds = []
    if fired.get(Kind.CHECK_IN) != today and not facts.checked_in:
        kinds.append(Kind.CHECK_IN)
    if (Kind.STRENGTH in _kinds(settings) and fired.get(Kind.STRENGTH) != today
            and facts.strength_due):
        kinds.append(Kind.STRENGTH)
    if not kinds:
        return None
    title, text = today_card.reminder(Kind.CHECK_IN in kinds,
                                      facts.strength_due if Kind.STRENGTH in kinds else None)
    return Reminder(tuple(kinds), title, text)


def _kinds(settings: ReminderSettings) -> tuple[Kind, ...]:
    return (Kind.CHECK_IN, Kind.STRENGTH) if settings.strength else (Kind.CHECK_IN,)
