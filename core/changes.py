"""What an action changed, as a type the checker sees (Anki's ``OpChanges`` is the model).

Every action of ``core.runback.Runback`` returns ``Changes``; a view redraws only when an
area it shows is among them. Match on the members (``Area.PLAN in changes.areas``), never
on spelling: a misspelt member fails at import, a misspelt string never matched.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Area(Enum):
    """A part of the runner's file (or of what the window shows) that an action changed."""

    PROFILE = "profile"
    CHECK_INS = "check_ins"
    SESSIONS = "sessions"
    STRENGTH = "strength"  # the ticks of a strength session
    READINESS = "readiness"
    SURGERY = "surgery"  # a physio's assessment after knee surgery
    CADENCE = "cadence"  # the baseline cadence
    SLEEP = "sleep"
    STAGE = "stage"  # a stage event (a move, a suggestion, a decline)
    PLAN = "plan"  # a plan change: a setting, the exercises, the ladder level
    OUTCOMES = "outcomes"  # a questionnaire taken or deleted, or the instruments used
    DISCHARGE = "discharge"  # the physio's discharge, or the programme re-opened
    # Not written by an action: the window's own notices.
    FILE = "file"  # another file opened (or the same one reread): redraw everything
    DAY = "day"  # the window stayed open into a new day


@dataclass(frozen=True)
class Changes:
    """What an action changed, and a notice worth showing (a stage move the rules now
    suggest, or why a session counts for nothing), if any."""

    areas: frozenset[Area]
    notice: str = ""

    @classmethod
    def of(cls, *areas: Area, notice: str = "") -> Changes:
        return cls(frozenset(areas), notice)


# Notices that say nothing was saved (no backup is due after them).
NOT_SAVED = frozenset({Area.FILE, Area.DAY})
