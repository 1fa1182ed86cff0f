"""What an action changed, as a type the checker sees (Anki's ``OpChanges`` is the model).

Every action of ``core.runback.Runback`` returns ``Changes``; a view redraws only when an
area it shows is among them. Match on the members (``Area.PLAN in changes.areas``), never
on spelling: a misspelt member fails at import, a misspelt string never matched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


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


Row = Mapping[str, Any]  # a row of the file, by column name


@dataclass(frozen=True)
class RowChange:
    """One row an action wrote: as it was before (None: it did not exist) and after (None:
    deleted). ``rowid`` is SQLite's own key of the row, the same before and after."""

    table: str
    rowid: int
    before: Row | None
    after: Row | None


@dataclass(frozen=True)
class Step:
    """An action as the rows it wrote, so it can be undone (every row put back as it was
    before) and redone (as it was after): ``Runback.undo`` and ``Runback.redo``. ``name``
    says what it was ("check-in of 2026-11-29")."""

    rows: tuple[RowChange, ...]
    areas: frozenset[Area]
    name: str

    def after_then(self, later: Step) -> tuple[RowChange, ...]:
        """The rows of this step followed by ``later``: each row as it was before this step
        and as it is after ``later``."""
        rows = {(row.table, row.rowid): row for row in self.rows}
        for row in later.rows:
            first = rows.get((row.table, row.rowid))
            rows[(row.table, row.rowid)] = row if first is None else RowChange(
                row.table, row.rowid, first.before, row.after)
        return tuple(row for row in rows.values() if row.before != row.after)


@dataclass(frozen=True)
class Changes:
    """What an action changed, and a notice worth showing (a stage move the rules now
    suggest, or why a session counts for nothing), if any; ``step``: how to undo it (None
    for what wrote nothing, or was not an action)."""

    areas: frozenset[Area]
    notice: str = ""
    step: Step | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, *areas: Area, notice: str = "") -> Changes:
        return cls(frozenset(areas), notice)


# Notices that say nothing was saved (no backup is due after them).
NOT_SAVED = frozenset({Area.FILE, Area.DAY})
