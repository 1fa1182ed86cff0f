"""The journal: every day with its entries, newest first, in words; and what an edit of
one of them would change in the walk–run decisions, before it is saved.

Pure: it reads a ``Log`` and replays the ladder on a copy with the edit applied in memory
(core/rules/walkrun.py ``replay``); the edit itself is saved by the facade's actions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any

from core.model import CheckIn, Log, Session, SessionKind
from core.rules.plan import Plan
from core.rules.protocol import Protocol
from core.rules.walkrun import Decision, LadderState, replay
from core.today_card import SESSION_WORDS, verdict_words


class Kind(Enum):
    """What a journal entry is (the journal's filter)."""

    CHECK_IN = "Check-ins"
    SESSION = "Sessions"
    TICKS = "Strength ticks"
    READINESS = "Readiness"
    SLEEP = "Sleep"


@dataclass(frozen=True)
class Entry:
    """One entry of a day: its kind, its words, and what it is in the log (``table``:
    "check_ins", "sessions", "readiness" or "sleep"; ``key``: its date or id)."""

    date: dt.date
    kind: Kind
    title: str
    text: str
    table: str
    key: object


@dataclass(frozen=True)
class Day:
    date: dt.date
    entries: tuple[Entry, ...]


def days(log: Log, kind: Kind | None = None, text: str = "") -> list[Day]:
    """Every day with entries, newest first; only ``kind`` and entries whose words hold
    ``text`` (any case), if given."""
    wanted = text.strip().casefold()
    by_day: dict[dt.date, list[Entry]] = {}
    for entry in _entries(log):
        if (kind is None or entry.kind is kind) and (
                not wanted or wanted in f"{entry.title} {entry.text}".casefold()):
            by_day.setdefault(entry.date, []).append(entry)
    return [Day(day, tuple(by_day[day])) for day in sorted(by_day, reverse=True)]


def _entries(log: Log):
    for check_in in log.check_ins:
        yield Entry(check_in.date, Kind.CHECK_IN, "Check-in", check_in_text(check_in),
                    "check_ins", check_in.date)
    for session in log.sessions:
        yield session_entry(session)
    for check in log.readiness:
        yield Entry(check.date, Kind.READINESS, "Readiness",
                    f"{check.test.value.replace('_', ' ')}: "
                    f"{'done' if check.completed else 'not done'}, pain {check.pain}/10"
                    + (f", {check.notes}" if check.notes else ""), "readiness", check.id)
    for sleep in log.sleep:
        yield Entry(sleep.date, Kind.SLEEP, "Sleep", f"{sleep.hours:g} hours", "sleep",
                    sleep.date)


def session_entry(session: Session) -> Entry:
    """A session as the journal lists it (a tab deleting one names it the same way)."""
    if session.kind is SessionKind.STRENGTH:
        return Entry(session.date, Kind.TICKS, "Strength", _ticks(session), "sessions",
                     session.id)
    return Entry(session.date, Kind.SESSION, SESSION_WORDS[session.kind].capitalize(),
                 session_text(session), "sessions", session.id)


def check_in_text(check_in: CheckIn) -> str:
    flags = [word for word, on in (("swelling", check_in.swelling),
                                   ("stiffness", check_in.stiffness)) if on]
    notes = f" “{check_in.notes}”" if check_in.notes else ""
    return ", ".join([f"knee pain {check_in.pain}/10{notes}", *flags])


def session_text(session: Session) -> str:
    parts: list[str] = []
    if session.kind is SessionKind.WALK_RUN:
        parts.append(f"level {session.level}: {session.rounds} × {session.run_minutes:g} min "
                     f"run / {session.walk_minutes:g} min walk")
    elif session.kind is SessionKind.RUN and session.run_type is not None:
        parts.append(f"{session.run_type.value} run, {session.minutes:g} min"
                     + (f", {session.distance_km:g} km" if session.distance_km else ""))
    elif session.kind is SessionKind.CROSS_TRAINING and session.activity is not None:
        parts.append(f"{session.activity.value}, {session.minutes:g} min")
    else:
        parts.append(f"{session.minutes:g} min")
    if session.pain_during is not None:
        parts.append(f"pain during {session.pain_during}/10")
    if session.effort is not None:
        parts.append(f"effort {session.effort}/10")
    parts += [word for word, on in (("limp", session.limp), ("swelling", session.swelling))
              if on]
    if session.notes:
        parts.append(f"“{session.notes}”")
    return ", ".join(parts)


def _ticks(session: Session) -> str:
    ticked = [e for e in session.exercises if e.ticked]
    return (f"{len(ticked)} of {len(session.exercises)} exercises: "
            + ", ".join(e.name + (f" (pain {e.pain}/10)" if e.pain is not None else "")
                        for e in ticked))


# --- what an edit would change --------------------------------------------------------------

def edited(log: Log, entry: Entry, fields: dict[str, Any] | None) -> Log:
    """``log`` with ``entry`` changed to ``fields`` (None: deleted), in memory only."""
    stored = getattr(log, entry.table).get(entry.key)
    fresh = [] if fields is None or stored is None else [dataclasses.replace(stored, **fields)]
    return dataclasses.replace(log, **{entry.table: getattr(log, entry.table).spliced(
        fresh, [entry.key])})


def decisions_changed(log: Log, base: Protocol, entry: Entry,
                      fields: dict[str, Any] | None, before: LadderState | None = None
                      ) -> list[str]:
    """The walk–run decisions an edit of ``entry`` (None: its deletion) would change, in
    words: "Walk–run of 2026-03-10: Move up → Repeat the level"; none: an empty list.
    ``before``: the ladder replayed from ``log`` already, if known."""
    after_log = edited(log, entry, fields)
    if before is None:
        before = replay(log, Plan(base, log.plan_changes))
    after = replay(after_log, Plan(base, after_log.plan_changes))
    old = {d.session_id: d for d in before.decisions}
    new = {d.session_id: d for d in after.decisions}
    said: list[str] = []
    for session_id in sorted(old.keys() | new.keys(),
                             key=lambda key: (old.get(key) or new[key]).date):
        was, will = old.get(session_id), new.get(session_id)
        if will is None and was is not None:
            said.append(f"Walk–run of {was.date.isoformat()}: its decision "
                        f"({_words(was)}) goes")
        elif was is None and will is not None:
            said.append(f"Walk–run of {will.date.isoformat()}: {_words(will)}")
        elif was is not None and will is not None and _words(was) != _words(will):
            said.append(f"Walk–run of {was.date.isoformat()}: {_words(was)} → "
                        f"{_words(will)}")
    if before.level != after.level:
        said.append(f"The ladder: level {before.level} → level {after.level}")
    return said


def _words(decision: Decision) -> str:
    return f"{verdict_words(decision)} (level {decision.level})"


def changes_words(changed: list[str], doing: str) -> str:
    """What an edit would change (``decisions_changed``), as said before saving it."""
    if not changed:
        return f"{doing} changes no walk–run decision."
    return f"{doing} changes: " + "; ".join(changed) + "."


def delete_question(entry: Entry, changed: list[str]) -> tuple[str, str]:
    """The question before ``entry`` is deleted, as a title and a text: the entry, the
    walk–run decisions deleting it changes (``decisions_changed``), and how to undo it."""
    return (f"Delete the {entry.title.lower()} of {entry.date.isoformat()}?",
            f"{entry.text}\n\n{changes_words(changed, 'Deleting it')}\n\n"
            f"Edit → Undo brings it back.")
