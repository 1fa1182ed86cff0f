"""Edit → Undo and Redo: a ``QUndoStack`` of core steps (core/changes.py ``Step``).

Every action run through ``Operations.run`` hands its step here (``step_done``); undoing
it asks core to put its rows back (``Runback.undo``), in one transaction, and every view
refreshes with the step's changes as after any action. The history lives in this window
only: another file opened clears it, and nothing of it is saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack

from core.changes import Area, Changes, Step

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu, QWidget

    from ui.common import Operations

KEPT = "Undo history is kept until you close this file"
UNDO_KEYS = ("Ctrl+Z",)
REDO_KEYS = ("Ctrl+Shift+Z",)


class UndoHistory(QObject):
    """The window's undo history, and its two menu actions."""

    def __init__(self, window: QWidget, ops: Operations, menu: QMenu):
        super().__init__(window)
        self.ops = ops
        self.stack = QUndoStack(self)
        self.undo_action = self._named(self.stack.createUndoAction(window, "&Undo"), UNDO_KEYS)
        self.redo_action = self._named(self.stack.createRedoAction(window, "&Redo"), REDO_KEYS)
        menu.addAction(self.undo_action)
        menu.addAction(self.redo_action)
        menu.addSeparator()
        self.kept_note = QAction(KEPT, window)
        self.kept_note.setEnabled(False)  # a line of text in the menu, not an action
        menu.addAction(self.kept_note)
        ops.step_done.connect(self.record)
        ops.data_changed.connect(self._file_changed)

    @staticmethod
    def _named(action: QAction, keys: tuple[str, ...]) -> QAction:
        # setShortcuts, never setShortcut (ui/main_window.py _action: start-up cost).
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setStatusTip(KEPT)
        action.setToolTip(KEPT)
        return action

    def record(self, step: Step) -> None:
        """An action just done: it is the step to undo next (its redo is not run again)."""
        self.stack.push(StepCommand(self, step))

    def put_back(self, step: Step, undo: bool) -> None:
        """Undo or redo ``step`` in core; if core refuses (the file changed meanwhile), the
        history no longer matches the file and is cleared."""
        if not self.ops.run(lambda runback: runback.undo(step) if undo else runback.redo(step)):
            QTimer.singleShot(0, self.stack.clear)  # not while the stack is moving

    def _file_changed(self, changes: Changes) -> None:
        if Area.FILE in changes.areas:  # another file (or the same, restored): start afresh
            self.stack.clear()


class StepCommand(QUndoCommand):
    """One core step on the stack, named after it ("check-in of 2026-11-29")."""

    def __init__(self, history: UndoHistory, step: Step):
        super().__init__(step.name)
        self.history = history
        self.step = step
        self.done = True  # pushed after the action ran: the first redo has nothing to do

    def redo(self) -> None:
        if self.done:
            return
        self.done = True
        self.history.put_back(self.step, undo=False)

    def undo(self) -> None:
        self.done = False
        self.history.put_back(self.step, undo=True)
